//! `/tokens`: the tenant's tokens, with search, sort and pagination, all kept in the URL;
//! for sessions that may manage tokens also inline rename, delete and bulk delete.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::{ApiError, PatchOp, Token};
use crate::bulk::Selection;
use crate::components::ExportTokens;
use crate::components::{
    thousands, BulkDelete, ConflictView, DeleteOutcome, DeleteTokenFlow, Dialog, EmptyState,
    ErrorPanel, InlineRename, LiveRegion, Pager, SearchBox, TokenTable,
};
use crate::i18n::{t, tf};
use crate::latest::LatestRequest;
use crate::list_state::{Direction, ListState, SortColumn};
use crate::merge::version_of;
use crate::session::use_session;
use crate::visible_text::plain;

/// The fields the table shows; nothing else is fetched.
const FIELDS: &[&str] = &[
    "id",
    "name",
    "metadata.createdAt",
    "metadata.modifiedAt",
    "metadata.version",
];

/// What the last finished request returned.
#[derive(Debug, Clone, Default, PartialEq)]
struct Loaded {
    rows: Vec<Token>,
    total: Option<u64>,
    /// The list state the rows belong to.
    state: ListState,
}

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

/// The token list page.
#[component]
pub fn TokensPage() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let state = Memo::new(move |_| ListState::from_query_string(&location.search.get()));
    let navigate = use_navigate();
    let show = Callback::new(move |(next, replace): (ListState, bool)| {
        navigate(
            &format!("/tokens{}", next.to_query_string()),
            NavigateOptions {
                replace,
                ..Default::default()
            },
        );
    });

    let loaded = RwSignal::new(None::<Loaded>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let retries = RwSignal::new(0u32);
    let latest = StoredValue::new_local(LatestRequest::default());

    let load = move |state: ListState| {
        // Untracked: a renewed token must not reload the list.
        let Some(client) = session.client() else {
            return;
        };
        let query = match state.to_list_query(FIELDS) {
            Ok(query) => query,
            Err(e) => {
                latest.with_value(LatestRequest::cancel);
                loading.set(false);
                error.set(Some(ApiError::InvalidRequest(tf(
                    "The query in the address is not valid: {}.",
                    &[&e.to_string()],
                ))));
                return;
            }
        };
        let (ticket, signal) = latest.with_value(LatestRequest::begin);
        loading.set(true);
        spawn_local(async move {
            let result = client.list_tokens(&query, signal.as_ref()).await;
            if !latest
                .try_with_value(|l| l.is_latest(ticket))
                .unwrap_or(false)
            {
                return;
            }
            loading.set(false);
            match result {
                Ok(page) => {
                    error.set(None);
                    loaded.set(Some(Loaded {
                        rows: page.items,
                        total: page.total,
                        state,
                    }));
                }
                Err(ApiError::Aborted) => {}
                Err(e) => error.set(Some(e)),
            }
        });
    };
    Effect::new(move |_| {
        retries.track();
        load(state.get());
    });
    on_cleanup(move || {
        latest.try_with_value(LatestRequest::cancel);
    });

    // After deletes elsewhere the total may shrink below the current page: go to the last page.
    Effect::new(move |_| {
        let Some(Loaded {
            total: Some(total),
            state: shown,
            ..
        }) = loaded.get()
        else {
            return;
        };
        let last = total.div_ceil(u64::from(shown.size)).max(1) as u32;
        if shown.page > last && shown == state.get_untracked() {
            show.run((shown.with_page(last), true));
        }
    });

    let rows = Signal::derive(move || {
        loaded.with(|l| l.as_ref().map(|l| l.rows.clone()).unwrap_or_default())
    });
    let total = Signal::derive(move || loaded.with(|l| l.as_ref().and_then(|l| l.total)));
    let rows_on_page =
        Signal::derive(move || loaded.with(|l| l.as_ref().map_or(0, |l| l.rows.len())));
    let sort = Signal::derive(move || state.get().sort);
    let search = Signal::derive(move || state.get().search);
    let raw = Signal::derive(move || state.get().raw);
    let page = Signal::derive(move || state.get().page);
    let size = Signal::derive(move || state.get().size);
    let caption = Signal::derive(move || caption_for(state.get().sort));
    let announcement = Signal::derive(move || {
        if loading.get() {
            return String::new();
        }
        loaded.with(|l| l.as_ref().map(announce).unwrap_or_default())
    });

    let on_sort = Callback::new(move |column: SortColumn| {
        let current = state.get_untracked();
        let next = current.next_sort(column);
        show.run((current.with_sort(next), false));
    });
    let on_search = Callback::new(move |(text, raw): (String, bool)| {
        show.run((state.get_untracked().with_search(text, raw), false));
    });
    let on_page =
        Callback::new(move |page: u32| show.run((state.get_untracked().with_page(page), false)));
    let on_size =
        Callback::new(move |size: u32| show.run((state.get_untracked().with_size(size), false)));
    let on_retry = Callback::new(move |()| retries.update(|n| *n += 1));

    // A memo: a renewed session with the same rights must not re-render the rows.
    let manage = Signal::from(Memo::new(move |_| session.can_manage()));
    let notice = RwSignal::new(String::new());
    let selected = RwSignal::new(Selection::default());
    // Only rows on the current page stay selected.
    Effect::new(move |_| {
        rows.with(|rows| {
            // A page holds at most 100 rows: a linear search is enough.
            let shown = |id: &String| rows.iter().any(|t| t.id == *id);
            if selected.with_untracked(|s| !s.ids().iter().all(shown)) {
                selected.update(|s| s.retain(shown));
            }
        });
    });

    let rename = InlineRename::default();
    let conflict = RwSignal::new(None::<RenameConflict>);
    let save_name = move |id: String, name: String| {
        let Some(client) = session.client() else {
            return;
        };
        rename.busy.set(true);
        rename.error.set(None);
        spawn_local(async move {
            let result = client.patch_token(&id, &[PatchOp::rename(&name)]).await;
            match result {
                Ok(()) => {
                    rename.close();
                    notice.set(tf("Token {} renamed", &[&plain(&id)]));
                    on_retry.run(());
                }
                Err(e) => {
                    rename.busy.set(false);
                    rename.error.set(Some(e.user_message()));
                }
            }
        });
    };
    // Saves only when the row is still the server's version; otherwise shows the conflict.
    let on_rename = Callback::new(move |(row, name): (Token, String)| {
        let Some(client) = session.client() else {
            return;
        };
        rename.busy.set(true);
        rename.error.set(None);
        spawn_local(async move {
            match client.get_token(&row.id).await {
                Ok(theirs) if version_of(&theirs) == version_of(&row) => save_name(row.id, name),
                Ok(theirs) => {
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
            }
        });
    });
    let conflict_title = Signal::derive(move || {
        conflict.with(|c| {
            c.as_ref()
                .map(|c| tf("Rename {}", &[&plain(&c.loaded.id)]))
                .unwrap_or_default()
        })
    });
    let conflict_view = move || {
        conflict.get().map(|c| {
            let (id, mine) = (c.loaded.id.clone(), c.mine.clone());
            view! {
                <ConflictView
                    loaded=c.loaded
                    mine=c.mine
                    theirs=c.theirs
                    on_keep_mine=move |()| {
                        conflict.set(None);
                        save_name(id.clone(), mine.clone());
                    }
                    on_take_theirs=move |()| {
                        conflict.set(None);
                        rename.close();
                        on_retry.run(());
                    }
                />
            }
        })
    };

    let delete_target = RwSignal::new(None::<String>);
    let on_delete_done = move |outcome: DeleteOutcome| {
        let Some(id) = delete_target.get_untracked() else {
            return;
        };
        delete_target.set(None);
        if outcome == DeleteOutcome::Deleted {
            selected.update(|s| {
                s.remove(&id);
            });
            notice.set(tf("Token {} deleted", &[&plain(&id)]));
            on_retry.run(());
        }
    };
    let on_bulk_finished = move |deleted: Vec<String>| {
        notice.set(match deleted.len() {
            1 => t("1 token deleted").to_owned(),
            n => tf("{} tokens deleted", &[&thousands(n as u64)]),
        });
        on_retry.run(());
    };

    let empty_text = move || {
        let shown = loaded.get()?;
        if !shown.rows.is_empty() {
            return None;
        }
        Some(if !shown.state.search.trim().is_empty() {
            tf(
                "No tokens match “{}”.",
                &[&plain(shown.state.search.trim())],
            )
        } else if shown.state.page > 1 {
            t("There are no tokens on this page.").to_owned()
        } else {
            t("No tokens yet.").to_owned()
        })
    };

    view! {
        <section class="page tokens-page" aria-labelledby="tokens-title">
            <div class="page-head">
                <h1 id="tokens-title">{t("Tokens")}</h1>
                <Show when=move || manage.get()>
                    <a class="button primary" href="/tokens/new">{t("New token")}</a>
                </Show>
                <ExportTokens state=state total=total />
            </div>
            <SearchBox value=search raw=raw on_search=on_search />
            {move || error.get().map(|e| view! { <ErrorPanel message=e.user_message() on_retry=on_retry /> })}
            {move || manage.get().then(|| view! { <BulkDelete selected=selected on_finished=on_bulk_finished /> })}
            <TokenTable
                rows=rows
                sort=sort
                on_sort=on_sort
                loading=Signal::from(loading)
                caption=caption
                manage=manage
                selected=selected
                rename=rename
                on_rename=on_rename
                on_delete=move |id| delete_target.set(Some(id))
            />
            {move || empty_text().map(|text| view! { <EmptyState text=text /> })}
            <Pager page=page size=size total=total rows_on_page=rows_on_page on_page=on_page on_size=on_size />
            <LiveRegion message=announcement visually_hidden=true />
            <LiveRegion message=notice visually_hidden=true />
            <DeleteTokenFlow
                id=Signal::derive(move || delete_target.get().unwrap_or_default())
                open=Signal::derive(move || delete_target.with(Option::is_some))
                on_done=on_delete_done
            />
            <Dialog
                open=Signal::derive(move || conflict.with(Option::is_some))
                title=conflict_title
                on_close=move |()| conflict.set(None)
            >
                {conflict_view}
            </Dialog>
        </section>
    }
}

/// The table caption: what is shown and in which order.
fn caption_for(sort: Option<(SortColumn, Direction)>) -> String {
    match sort {
        None => t("Tokens").to_owned(),
        Some((column, direction)) => tf(
            "Tokens, sorted by {} {}",
            &[
                column.label(),
                if direction == Direction::Asc {
                    t("ascending")
                } else {
                    t("descending")
                },
            ],
        ),
    }
}

/// What the live region says once a page has loaded.
fn announce(loaded: &Loaded) -> String {
    let count = loaded.rows.len() as u64;
    if count == 0 {
        return t("No tokens to show").to_owned();
    }
    let first = u64::from(loaded.state.page - 1) * u64::from(loaded.state.size) + 1;
    let last = first + count - 1;
    match loaded.total {
        Some(total) => tf(
            "Showing {}–{} of {}",
            &[&thousands(first), &thousands(last), &thousands(total)],
        ),
        None => tf("Showing {}–{}", &[&thousands(first), &thousands(last)]),
    }
}
