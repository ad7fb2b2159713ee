//! The token list as a sortable table, with optional selection, inline rename and delete.
//! A row's cells come from its token and from page-wide facts in [`RowContext`] (such as
//! the rotation threshold and who uses which token), which rows read through `item_memo`
//! so that nothing per row is fetched or left subscribed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;

use super::used_by::used_by_cell;
use crate::auth::config::DEFAULT_ROTATION_DAYS;
use crate::i18n::{t, tf};
use crate::tokens::delete::selection::Selection;
use crate::tokens::list_state::{Direction, SortColumn};
use crate::tokens::value_age::value_age;
use crate::ui::unsaved_guard::guard_unsaved_changes;
use crate::ui::visible_text::plain;
use crate::ui::{fixed_shown_text, item_memo, keyed_items, timestamps, unique_id};
use ai_client::encode::percent_encode;
use ai_client::{Token, UseCounts};

/// Shown for a value the API left out.
const MISSING: &str = "—";

/// The app path of the token page of `id`: `/tokens/{percent-encoded id}`.
pub fn token_path(id: &str) -> String {
    format!("/tokens/{}", percent_encode(id))
}

/// The link to the token page of `id` (in the fragment when embedded, see
/// [`crate::router::href`]).
pub fn token_href(id: &str) -> String {
    crate::router::href(&token_path(id))
}

/// The state of an inline rename, shared by the table (which edits) and the page (which saves).
#[derive(Debug, Clone, Copy, Default)]
pub struct InlineRename {
    /// The id whose name is being edited, if any.
    pub id: RwSignal<Option<String>>,
    /// Whether a save is on its way (Save is then disabled).
    pub busy: RwSignal<bool>,
    /// Why the last save failed, shown under the field.
    pub error: RwSignal<Option<String>>,
}

impl InlineRename {
    /// Ends the edit.
    pub fn close(&self) {
        self.id.set(None);
        self.busy.set(false);
        self.error.set(None);
    }
}

/// What a row needs besides its token and whether the session may manage.
#[derive(Clone, Copy)]
struct RowContext {
    row_href: Callback<String, String>,
    rotation_days: Signal<u32>,
    used_by: RwSignal<Option<UseCounts>>,
    selected: RwSignal<Selection>,
    rename: InlineRename,
    on_rename: Option<Callback<(Token, String)>>,
    on_delete: Option<Callback<String>>,
}

/// Tokens in a table with a sort button in every column header. Rows are keyed by id and
/// version, so a reload re-renders only changed rows; while `loading`, the current rows
/// stay, the table is `aria-busy` and a thin progress bar shows. With `manage`, each row
/// gets a "Select <id>" checkbox (plus "Select all on this page" in the header) and
/// **Rename**/**Delete** buttons; Rename turns the name into a field (Enter saves, Esc
/// cancels) and `on_rename` gets the row and the typed name.
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
    /// After how many days a value is due for rotation (0: never); the "Value age" column
    /// marks those rows "Rotation due". The default of `config.json` unless given.
    #[prop(into, default = Signal::stored(DEFAULT_ROTATION_DAYS))]
    rotation_days: Signal<u32>,
    /// How many agents, tools, MCP servers and OAuth configurations use each token, for the
    /// "Used by" column; `None` while they are read.
    #[prop(optional)]
    used_by: RwSignal<Option<UseCounts>>,
    /// Whether the session may change tokens: shows selection and row actions.
    #[prop(into, optional)]
    manage: Signal<bool>,
    /// The selected ids (with `manage`).
    #[prop(optional)]
    selected: RwSignal<Selection>,
    /// The inline rename state (with `manage`).
    #[prop(optional)]
    rename: InlineRename,
    /// Saves an inline rename: the row as shown and the typed name.
    #[prop(optional, into)]
    on_rename: Option<Callback<(Token, String)>>,
    /// Called with the id of the row whose Delete was pressed.
    #[prop(optional, into)]
    on_delete: Option<Callback<String>>,
) -> impl IntoView {
    let context = RowContext {
        row_href,
        rotation_days,
        used_by,
        selected,
        rename,
        on_rename,
        on_delete,
    };
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
    // Not sortable: the API cannot sort by it, and a page sorted here would mislead.
    let used_by_header = view! {
        <th scope="col" class="col-used-by">{t("Used by")}</th>
    };

    view! {
        <div class="token-table">
            {move || {
                loading
                    .get()
                    .then(|| {
                        view! {
                            <div class="busy-bar" role="progressbar" aria-label=t("Loading tokens")></div>
                        }
                    })
            }}
            <div class="table-scroll">
                <table aria-busy=move || loading.get().then_some("true")>
                    <caption class="visually-hidden">{move || caption.get()}</caption>
                    <thead>
                        <tr>
                            {move || manage.get().then(|| select_all(rows, selected))}
                            {headers}
                            {used_by_header}
                            {move || {
                                manage
                                    .get()
                                    .then(|| {
                                        view! {
                                            <th scope="col" class="col-actions">
                                                <span class="visually-hidden">{t("Actions")}</span>
                                            </th>
                                        }
                                    })
                            }}
                        </tr>
                    </thead>
                    <tbody on:keydown=super::table_keys::table_keydown>
                        {keyed_items(
                            // `manage` is part of the key: switching it rebuilds the rows
                            // instead of every row watching it.
                            move || {
                                let manage = manage.get();
                                rows.get().into_iter().map(move |token| (token, manage))
                            },
                            |(token, manage)| {
                                (token.id.clone(), token.metadata.as_ref().and_then(|m| m.version), *manage)
                            },
                            move |(token, manage)| token_row(token, manage, context),
                        )}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The header checkbox: checked when every row is selected, mixed when some are.
fn select_all(rows: Signal<Vec<Token>>, selected: RwSignal<Selection>) -> impl IntoView {
    let count = move || {
        rows.with(|rows| {
            let chosen = selected.with(|s| rows.iter().filter(|t| s.contains(&t.id)).count());
            (chosen, rows.len())
        })
    };
    let all = move || matches!(count(), (chosen, total) if total > 0 && chosen == total);
    let some = move || matches!(count(), (chosen, total) if chosen > 0 && chosen < total);
    view! {
        <th scope="col" class="col-select">
            <input
                type="checkbox"
                aria-label=t("Select all on this page")
                prop:checked=all
                prop:indeterminate=some
                on:change:target=move |ev| {
                    let on = ev.target().checked();
                    rows.with_untracked(|rows| {
                        selected
                            .update(|s| {
                                for token in rows {
                                    if on {
                                        s.insert(&token.id);
                                    } else {
                                        s.remove(&token.id);
                                    }
                                }
                            })
                    });
                }
            />
        </th>
    }
}

/// One row; every value is rendered as text.
fn token_row(token: Token, manage: bool, context: RowContext) -> impl IntoView {
    let RowContext {
        row_href,
        rotation_days,
        used_by,
        selected,
        rename,
        on_rename,
        on_delete,
    } = context;
    let metadata = token.metadata.clone().unwrap_or_default();
    let age = value_age(metadata.created_at.as_deref(), rotation_days);
    let [created, modified] = timestamps([metadata.created_at, metadata.modified_at]);
    let users = used_by_cell(token.id.clone(), used_by);
    let href = row_href.run(token.id.clone());
    let (id, id_title) = (token.id.clone(), plain(&token.id));
    let name = token.name.clone().filter(|name| !name.trim().is_empty());
    let editing = {
        let id = token.id.clone();
        item_memo(move |_| rename.id.with(|r| r.as_deref() == Some(id.as_str())))
    };
    let rename_button = NodeRef::<html::Button>::new();
    let select_cell = {
        let id = token.id.clone();
        manage.then(|| {
            let (label, key) = (tf("Select {}", &[&id]), id.clone());
            let checked = item_memo(move |_| selected.with(|s| s.contains(&key)));
            view! {
                <td class="col-select">
                    <input
                        type="checkbox"
                        aria-label=label
                        prop:checked=checked
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            selected
                                .update(|s| {
                                    if on {
                                        s.insert(&id);
                                    } else {
                                        s.remove(&id);
                                    }
                                });
                        }
                    />
                </td>
            }
        })
    };
    let actions_cell = {
        let id = token.id.clone();
        manage.then(|| {
            let (rename_id, delete_id) = (id.clone(), id.clone());
            view! {
                <td class="col-actions">
                    <div class="row-actions">
                        <button
                            type="button"
                            class="button small"
                            aria-label=tf("Rename {}", &[&id])
                            node_ref=rename_button
                            on:click=move |_| {
                                rename.close();
                                rename.id.set(Some(rename_id.clone()));
                            }
                        >
                            {t("Rename")}
                        </button>
                        <button
                            type="button"
                            class="button small danger"
                            aria-label=tf("Delete {}", &[&id])
                            on:click=move |_| {
                                if let Some(on_delete) = on_delete {
                                    on_delete.run(delete_id.clone());
                                }
                            }
                        >
                            {t("Delete")}
                        </button>
                    </div>
                </td>
            }
        })
    };
    let was_editing = Arc::new(AtomicBool::new(false));
    let name_cell = move || {
        let now = editing.get();
        // Back to the Rename button when the edit ends (a replaced row never gets here).
        if was_editing.swap(now, Ordering::Relaxed) && !now {
            if let Some(button) = rename_button.get_untracked() {
                let _ = button.focus();
            }
        }
        if now {
            view! { <RenameField token=token.clone() rename=rename on_rename=on_rename /> }
                .into_any()
        } else {
            match name.clone() {
                // Clamped to one line; the title and the token's page show all of it.
                Some(name) => {
                    let title = plain(&name);
                    view! {
                        <span class="truncate" title=title>
                            {fixed_shown_text(&name)}
                        </span>
                    }
                    .into_any()
                }
                None => MISSING.into_any(),
            }
        }
    };
    view! {
        <tr>
            {select_cell}
            <td class="col-id" dir="auto">
                <a class="truncate" href=href title=id_title>
                    {fixed_shown_text(&id)}
                </a>
            </td>
            <td class="col-name" dir="auto" data-label=crate::i18n::t("Name")>{name_cell}</td>
            <td class="col-created" data-label=crate::i18n::t("Created")>{created}</td>
            <td class="col-modified" data-label=crate::i18n::t("Modified")>{modified}</td>
            <td class="col-version" data-label=crate::i18n::t("Version")>{metadata.version.map_or_else(|| MISSING.to_owned(), |v| v.to_string())}</td>
            <td class="col-age" data-label=crate::i18n::t("Value age")>{age}</td>
            <td class="col-used-by" data-label=crate::i18n::t("Used by")>{users}</td>
            {actions_cell}
        </tr>
    }
}

/// The name as a field with Save and Cancel; focused and selected when it appears.
#[component]
fn RenameField(
    token: Token,
    rename: InlineRename,
    on_rename: Option<Callback<(Token, String)>>,
) -> impl IntoView {
    let loaded = token.name.clone().unwrap_or_default();
    let draft = RwSignal::new(loaded.clone());
    // A changed name is typed work: leaving the list asks first, as the token page does —
    // but not while it is being saved, as the save goes on after the list is gone.
    guard_unsaved_changes(Signal::derive(move || {
        !rename.busy.get() && draft.with(|d| *d != loaded)
    }));
    let input = NodeRef::<html::Input>::new();
    let error_id = unique_id("rename-error");
    let described_by = error_id.clone();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
            input.select();
        }
    });
    let label = tf("New name for {}", &[&token.id]);
    let save = move || {
        if let (false, Some(on_rename)) = (rename.busy.get_untracked(), on_rename) {
            on_rename.run((token.clone(), draft.get_untracked()));
        }
    };
    let save_on_click = save.clone();
    view! {
        <div class="inline-rename">
            <input
                type="text"
                class="inline-rename-input"
                node_ref=input
                aria-label=label
                aria-invalid=move || rename.error.with(Option::is_some).then_some("true")
                aria-describedby=move || rename.error.with(Option::is_some).then(|| described_by.clone())
                bind:value=draft
                on:keydown=move |ev| match ev.key().as_str() {
                    "Enter" => {
                        ev.prevent_default();
                        save();
                    }
                    "Escape" => {
                        ev.prevent_default();
                        rename.close();
                    }
                    _ => {}
                }
            />
            <button
                type="button"
                class="button small primary"
                disabled=move || rename.busy.get()
                on:click=move |_| save_on_click()
            >
                {t("Save")}
            </button>
            <button type="button" class="button small" on:click=move |_| rename.close()>
                {t("Cancel")}
            </button>
            {move || {
                rename
                    .error
                    .get()
                    .map(|message| {
                        view! {
                            <p id=error_id.clone() class="inline-rename-error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
