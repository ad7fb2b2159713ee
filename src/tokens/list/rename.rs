//! Inline rename in the list: one PUT locked to the row's `metadata.version`; a 409 reads
//! the server's copy and shows the three-way conflict view, and nothing typed is lost.
//!
//! A row without `metadata` (the official list examples have none) is renamed with one PUT
//! of `{"name"}` alone: the spec's upsert without locking, as Emporix's own dashboard
//! renames. Reading the version first would cost a second request and still leave a gap
//! before the PUT; without a version nothing can be compared, so no false conflict appears.

use leptos::prelude::*;

use ai_client::{ApiError, Token, TokenDraft};

use super::InlineRename;
use crate::auth::session::use_session;
use crate::i18n::tf;
use crate::platform::task::Tasks;
use crate::tokens::detail::merge::version_of;
use crate::tokens::detail::ConflictView;
use crate::ui::visible_text::plain;
use crate::ui::{ApiErrorText, Dialog};

/// An inline rename that found the token changed on the server.
#[derive(Debug, Clone, PartialEq)]
struct RenameConflict {
    /// The row as shown.
    loaded: Token,
    /// The typed name.
    mine: String,
    /// The server's copy.
    theirs: Token,
}

/// What a save ended with.
enum Saved {
    Renamed,
    Conflict(Token),
}

/// The save behind the table's inline rename and its conflict dialog. `on_rename` goes to
/// the table; `on_saved` hears the renamed id (or `None` when the admin took the server's
/// copy), so the list reloads.
pub struct RenameFlow {
    /// Called by the table with the row and the typed name.
    pub on_rename: Callback<(Token, String)>,
    /// The conflict dialog, to be placed in the page.
    pub dialog: AnyView,
}

/// Builds the rename flow of the list page.
pub fn rename_flow(rename: InlineRename, on_saved: Callback<Option<String>>) -> RenameFlow {
    let session = use_session();
    let tasks = Tasks::new();
    let conflict = RwSignal::new(None::<RenameConflict>);

    // The write runs to its end even when the list is left; only the page update is tied to it.
    let save = move |row: Token, name: String, version: Option<u64>| {
        let Some(client) = session.client() else {
            return;
        };
        rename.busy.set(true);
        rename.error.set(None);
        let (id, typed) = (row.id.clone(), name.clone());
        tasks.finish(
            async move {
                let draft = TokenDraft::update(typed, version);
                match client.put_token(&id, &draft).await {
                    Ok(_) => Ok(Saved::Renamed),
                    Err(ApiError::Conflict { .. }) => {
                        client.get_token(&id).await.map(Saved::Conflict)
                    }
                    Err(e) => Err(e),
                }
            },
            move |outcome| match outcome {
                Ok(Saved::Renamed) => {
                    rename.close();
                    on_saved.run(Some(row.id));
                }
                Ok(Saved::Conflict(theirs)) => {
                    rename.busy.set(false);
                    conflict.set(Some(RenameConflict {
                        loaded: row,
                        mine: name,
                        theirs,
                    }));
                }
                Err(e) => {
                    rename.busy.set(false);
                    rename.error.set(Some(e.user_message()));
                }
            },
        );
    };
    let on_rename = Callback::new(move |(row, name): (Token, String)| {
        let version = version_of(&row);
        save(row, name, version);
    });

    let title = Signal::derive(move || {
        conflict.with(|c| {
            c.as_ref()
                .map(|c| tf("Rename {}", &[&plain(&c.loaded.id)]))
                .unwrap_or_default()
        })
    });
    let body = move || {
        conflict.get().map(|c| {
            let (loaded, mine, version) = (c.loaded.clone(), c.mine.clone(), version_of(&c.theirs));
            view! {
                <ConflictView
                    loaded=c.loaded
                    mine=c.mine
                    theirs=c.theirs
                    on_keep_mine=move |()| {
                        conflict.set(None);
                        save(loaded.clone(), mine.clone(), version);
                    }
                    on_take_theirs=move |()| {
                        conflict.set(None);
                        rename.close();
                        on_saved.run(None);
                    }
                />
            }
        })
    };
    let dialog = view! {
        <Dialog
            open=Signal::derive(move || conflict.with(Option::is_some))
            title=title
            on_close=move |()| conflict.set(None)
        >
            {body}
        </Dialog>
    }
    .into_any();
    RenameFlow { on_rename, dialog }
}
