//! The token list as a sortable table.

use leptos::prelude::*;

use super::format::compact_timestamp;
use crate::api::encode::percent_encode;
use crate::api::Token;
use crate::list_state::{Direction, SortColumn};

/// Shown for a value the API left out.
const MISSING: &str = "—";

/// The token page of `id`: `/tokens/{percent-encoded id}`.
pub fn token_href(id: &str) -> String {
    format!("/tokens/{}", percent_encode(id))
}

/// Tokens in a table with a sort button in every column header. Rows are keyed by id and
/// version, so a reload re-renders only changed rows; while `loading`, the current rows
/// stay, the table is `aria-busy` and a thin progress bar shows.
#[component]
pub fn TokenTable(
    /// The tokens of the current page.
    #[prop(into)]
    rows: Signal<Vec<Token>>,
    /// The sorted column and direction, if any; only that header gets `aria-sort`.
    #[prop(into)]
    sort: Signal<Option<(SortColumn, Direction)>>,
    /// Called with the column whose header button was pressed.
    #[prop(into)]
    on_sort: Callback<SortColumn>,
    /// Whether a new page is on its way.
    #[prop(into)]
    loading: Signal<bool>,
    /// The table's (visually hidden) caption, e.g. "Tokens, sorted by Name ascending".
    #[prop(into)]
    caption: Signal<String>,
    /// The link target of a token id; [`token_href`] unless given.
    #[prop(into, default = Callback::new(|id: String| token_href(&id)))]
    row_href: Callback<String, String>,
) -> impl IntoView {
    let headers = SortColumn::ALL
        .into_iter()
        .map(|column| {
            let aria_sort = move || match sort.get() {
                Some((sorted, Direction::Asc)) if sorted == column => Some("ascending"),
                Some((sorted, Direction::Desc)) if sorted == column => Some("descending"),
                _ => None,
            };
            view! {
                <th scope="col" class=format!("col-{}", column.key()) aria-sort=aria_sort>
                    <button type="button" class="sort-button" on:click=move |_| on_sort.run(column)>
                        {column.label()}
                        <span class="sort-icon" aria-hidden="true"></span>
                    </button>
                </th>
            }
        })
        .collect_view();

    view! {
        <div class="token-table">
            {move || {
                loading
                    .get()
                    .then(|| {
                        view! {
                            <div class="busy-bar" role="progressbar" aria-label="Loading tokens"></div>
                        }
                    })
            }}
            <div class="table-scroll">
                <table aria-busy=move || loading.get().then_some("true")>
                    <caption class="visually-hidden">{move || caption.get()}</caption>
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.get()
                            key=|token| (token.id.clone(), token.metadata.as_ref().and_then(|m| m.version))
                            let:token
                        >
                            {token_row(token, row_href)}
                        </For>
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// One row; every value is rendered as text.
fn token_row(token: Token, row_href: Callback<String, String>) -> impl IntoView {
    let metadata = token.metadata.unwrap_or_default();
    let href = row_href.run(token.id.clone());
    let (id, id_title) = (token.id.clone(), token.id);
    let name = token.name.filter(|name| !name.trim().is_empty());
    view! {
        <tr>
            <td class="col-id" dir="auto">
                <a class="truncate" href=href title=id_title>
                    {id}
                </a>
            </td>
            <td class="col-name" dir="auto">
                {match name {
                    Some(name) => {
                        let title = name.clone();
                        view! { <span class="truncate" title=title>{name}</span> }.into_any()
                    }
                    None => MISSING.into_any(),
                }}
            </td>
            <td class="col-created">{timestamp(metadata.created_at)}</td>
            <td class="col-modified">{timestamp(metadata.modified_at)}</td>
            <td class="col-version">{metadata.version.map_or_else(|| MISSING.to_owned(), |v| v.to_string())}</td>
        </tr>
    }
}

/// A compact UTC time with the exact value in `<time datetime>`; unparsable text as is.
fn timestamp(iso: Option<String>) -> AnyView {
    let Some(iso) = iso.filter(|iso| !iso.trim().is_empty()) else {
        return MISSING.into_any();
    };
    match compact_timestamp(&iso) {
        Some(text) => view! { <time datetime=iso.clone() title=iso>{text}</time> }.into_any(),
        None => iso.into_any(),
    }
}
