//! What a 409 means to the admin: per field, what they loaded, what they typed and what is
//! on the server now, with an explicit choice between keeping theirs and keeping mine.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::tokens::detail::merge::{merge, version_of, Change, Edits};
use crate::ui::{timestamp, unique_id, ShownText};
use ai_client::Token;

/// A region headed "Someone else changed this token" with a table of the editable fields
/// and the buttons "Keep mine" and "Take theirs". Nothing is saved until one is pressed;
/// the form around it stays editable.
#[component]
pub fn ConflictView(
    /// The copy the edit started from.
    #[prop(into)]
    loaded: Signal<Token>,
    /// The name the admin typed.
    #[prop(into)]
    mine: Signal<String>,
    /// The server's copy now.
    #[prop(into)]
    theirs: Signal<Token>,
    /// "Keep mine": save my values again, locked to the server's version.
    #[prop(into)]
    on_keep_mine: Callback<()>,
    /// "Take theirs": drop my edit and continue from the server's copy.
    #[prop(into)]
    on_take_theirs: Callback<()>,
) -> impl IntoView {
    let heading_id = unique_id("conflict-heading");
    let labelled_by = heading_id.clone();
    let rows = move || {
        let mine = Edits { name: mine.get() };
        loaded.with(|base| theirs.with(|theirs| merge(base, &mine, theirs)))
    };
    // "version 5, changed 3 minutes ago", the time with its exact value on hover.
    let server_note = move || {
        theirs.with(|token| {
            let version =
                version_of(token).map_or_else(|| t("unknown").to_owned(), |v| v.to_string());
            let changed = token.metadata.as_ref().and_then(|m| m.modified_at.clone());
            match changed {
                Some(at) => {
                    view! { {tf("version {}, changed", &[&version])} " " {timestamp(Some(at))} }
                        .into_any()
                }
                None => tf("version {}", &[&version]).into_any(),
            }
        })
    };
    view! {
        <section class="conflict-view" aria-labelledby=labelled_by>
            <h2 id=heading_id>{t("Someone else changed this token")}</h2>
            <p>
                {t(
                    "It was saved by someone else after you opened it. Compare the values, then keep your edit or take theirs. Nothing is saved until you choose.",
                )}
            </p>
            <table class="conflict-table">
                <thead>
                    <tr>
                        <th scope="col">{t("Field")}</th>
                        <th scope="col">{t("What you loaded")}</th>
                        <th scope="col">{t("Your edit")}</th>
                        <th scope="col">
                            {t("Now on the server")} <span class="conflict-meta">{server_note}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows()
                            .into_iter()
                            .map(|row| {
                                let clash = row.change == Change::Clash;
                                view! {
                                    <tr class:conflict-clash=clash>
                                        <th scope="row">{row.field.label()}</th>
                                        <td><ShownText text=row.base /></td>
                                        <td><ShownText text=row.mine /></td>
                                        <td><ShownText text=row.theirs /></td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            <div class="conflict-actions">
                <button type="button" class="button primary" on:click=move |_| on_keep_mine.run(())>
                    {t("Keep mine")}
                </button>
                <button type="button" class="button" on:click=move |_| on_take_theirs.run(())>
                    {t("Take theirs")}
                </button>
            </div>
        </section>
    }
}
