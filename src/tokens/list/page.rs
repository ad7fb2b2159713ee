//! `/tokens`: the tenant's tokens, with search, sort, pagination and the "Unused tokens"
//! filter, all kept in the URL, and who uses each token; for sessions that may manage
//! tokens also inline rename, delete and bulk delete.

use crate::router::NavigateOptions;
use crate::router::{href, use_location, use_navigate};
use leptos::prelude::*;

use ai_client::{Token, UseCounts};

use super::rename::{rename_flow, RenameFlow};
use super::table::token_path;
use super::unused::{unused_page, WholeSearch};
use super::used_by::watch_use_counts;
use super::{InlineRename, SearchBox, TokenTable};
use crate::auth::config::use_config;
use crate::auth::session::use_session;
use crate::i18n::{t, tf};
use crate::platform::task::Tasks;
use crate::tokens::delete::selection::Selection;
use crate::tokens::delete::{BulkDelete, DeleteOutcome, DeleteTokenFlow};
use crate::tokens::export::fetch::fetch_rest;
use crate::tokens::export::{Collected, ExportTokens};
use crate::tokens::fields::ROW_FIELDS;
use crate::tokens::list_state::{Direction, ListState, SortColumn, PAGE_SIZES};
use crate::tokens::replace::{KeptInTab, Unassigned};
use crate::tokens::users::unchecked_lines;
use crate::tokens::CREATE_PATH;
use crate::ui::visible_text::plain;
use crate::ui::{thousands, ApiErrorText, EmptyState, ErrorPanel, LiveRegion, Pager};

/// What the last finished request returned.
#[derive(Debug, Clone, Default, PartialEq)]
struct Loaded {
    rows: Vec<Token>,
    total: Option<u64>,
    /// The list state the rows belong to.
    state: ListState,
    /// How many rows repeated an id already on the page (a broken or hostile API); the
    /// table shows each id once.
    repeated: usize,
}

/// `rows` with each id once (the first row wins), and how many were dropped. The table is
/// keyed by id, so a repeated id would break it.
fn distinct_by_id(rows: Vec<Token>) -> (Vec<Token>, usize) {
    let before = rows.len();
    let mut seen = std::collections::HashSet::with_capacity(before);
    let rows: Vec<Token> = rows
        .into_iter()
        .filter(|t| seen.insert(t.id.clone()))
        .collect();
    let repeated = before - rows.len();
    (rows, repeated)
}

/// The token list page.
#[component]
pub fn TokensPage() -> impl IntoView {
    let session = use_session();
    let config = use_config();
    let rotation_days = Signal::derive(move || config.rotation_days());
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
    let error = RwSignal::new(None::<String>);
    let retries = RwSignal::new(0u32);
    let loads = Tasks::new();
    let used_by = watch_use_counts();
    // With "Unused tokens": every token of the search, and how far its reading is.
    let whole_search = RwSignal::new(None::<WholeSearch>);
    let reading = RwSignal::new(String::new());

    let load = move |state: ListState| {
        // Untracked: a renewed token must not reload the list.
        let Some(client) = session.client() else {
            return;
        };
        let invalid = |e: qlang::ParseError| {
            loads.cancel();
            loading.set(false);
            error.set(Some(tf(
                "The query in the address is not valid: {}.",
                &[&e.to_string()],
            )));
        };
        if state.unused {
            if whole_search.with_untracked(|w| w.as_ref().is_some_and(|w| w.serves(&state))) {
                // Read already: the effect below pages it.
                loads.cancel();
                loading.set(false);
                error.set(None);
                return;
            }
            let mut collected = match Collected::new(&state) {
                Ok(collected) => collected,
                Err(e) => return invalid(e),
            };
            loading.set(true);
            loads.spawn_latest(async move {
                let progress = |done, total| reading.set(reading_text(done, total));
                let result = fetch_rest(&client, &mut collected, &progress).await;
                loading.set(false);
                reading.set(String::new());
                match result {
                    Ok(()) => {
                        error.set(None);
                        let tokens = collected.into_tokens();
                        whole_search.set(Some(WholeSearch { of: state, tokens }));
                    }
                    Err(e) => error.set(Some(e.user_message())),
                }
            });
            return;
        }
        let query = match state.to_list_query(ROW_FIELDS) {
            Ok(query) => query,
            Err(e) => return invalid(e),
        };
        loading.set(true);
        loads.spawn_latest(async move {
            let result = client.list_tokens(&query).await;
            loading.set(false);
            match result {
                Ok(page) => {
                    error.set(None);
                    let (rows, repeated) = distinct_by_id(page.items);
                    loaded.set(Some(Loaded {
                        rows,
                        total: page.total,
                        state,
                        repeated,
                    }));
                }
                Err(e) => error.set(Some(e.user_message())),
            }
        });
    };
    Effect::new(move |_| {
        retries.track();
        load(state.get());
    });
    // "Unused tokens": the page asked for, of the unreferenced tokens of the whole search,
    // again whenever the counts change.
    Effect::new(move |_| {
        let state = state.get();
        if !state.unused {
            return;
        }
        let page = whole_search.with(|whole| {
            used_by.counts.with(|counts| {
                let whole = whole.as_ref().filter(|w| w.serves(&state))?;
                Some(unused_page(&whole.tokens, counts.as_ref()?, &state))
            })
        });
        if let Some(page) = page {
            let (rows, total) = page.unwrap_or_default();
            loaded.set(Some(Loaded {
                rows,
                total: Some(total),
                state,
                repeated: 0,
            }));
        }
    });
    // Which tokens are unused is not known while a list of users could not be read.
    let unused_unknown = Signal::derive(move || {
        state.with(|s| s.unused)
            && used_by
                .counts
                .with(|c| c.as_ref().is_some_and(|c| !c.is_complete()))
    });
    // Rows that may not be what the address asks for: a page or a reading on its way, or
    // the counts the filter needs.
    let busy = Signal::derive(move || {
        loading.get() || (state.with(|s| s.unused) && used_by.counts.with(Option::is_none))
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
    let total = Signal::derive(move || {
        if unused_unknown.get() {
            return None;
        }
        loaded.with(|l| l.as_ref().and_then(|l| l.total))
    });
    let rows_on_page =
        Signal::derive(move || loaded.with(|l| l.as_ref().map_or(0, |l| l.rows.len())));
    let sort = Signal::derive(move || state.get().sort);
    let search = Signal::derive(move || state.get().search);
    let raw = Signal::derive(move || state.get().raw);
    let page = Signal::derive(move || state.get().page);
    let size = Signal::derive(move || state.get().size);
    let caption = Signal::derive(move || caption_for(state.get().sort));
    let unused = Signal::derive(move || state.get().unused);
    let announcement = Signal::derive(move || {
        if busy.get() || unused_unknown.get() {
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
    // Reads the list again (and every token of the search, for the filter).
    let on_retry = Callback::new(move |()| {
        whole_search.set(None);
        retries.update(|n| *n += 1);
    });
    // After a delete: a force delete also unassigned the token from its users.
    let after_delete = move || {
        used_by.refresh.run(());
        on_retry.run(());
    };

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
    let renamed = Callback::new(move |id: Option<String>| {
        if let Some(id) = id {
            notice.set(tf("Token {} renamed", &[&plain(&id)]));
        }
        on_retry.run(());
    });
    let RenameFlow {
        on_rename,
        dialog: rename_dialog,
    } = rename_flow(rename, renamed);

    let delete_target = RwSignal::new(None::<String>);
    let to_summary = Callback::new({
        let navigate = use_navigate();
        move |id: String| navigate(&token_path(&id), Default::default())
    });
    let on_delete_done = move |outcome: DeleteOutcome| {
        let Some(id) = delete_target.get_untracked() else {
            return;
        };
        delete_target.set(None);
        // A force delete leaves agents and other users without the token: its page shows
        // what was unassigned, with a way to point each user elsewhere.
        if let DeleteOutcome::ForceDeleted(usage) = &outcome {
            Unassigned::of(&id, usage).save();
            to_summary.run(id);
            return;
        }
        if outcome.is_deleted() {
            selected.update(|s| {
                s.remove(&id);
            });
            notice.set(tf("Token {} deleted", &[&plain(&id)]));
            after_delete();
        }
    };
    let on_bulk_finished = move |deleted: Vec<String>| {
        notice.set(match deleted.len() {
            1 => t("1 token deleted").to_owned(),
            n => tf("{} tokens deleted", &[&thousands(n as u64)]),
        });
        after_delete();
    };

    let repeated_note = move || {
        let repeated = loaded.with(|l| l.as_ref().map_or(0, |l| l.repeated));
        (repeated > 0).then(|| {
            tf(
                "The server sent {} rows whose id was already on this page; each token is shown once.",
                &[&thousands(repeated as u64)],
            )
        })
    };
    let empty_text = move || {
        if unused_unknown.get() {
            return Some(
                t("Which tokens are unused cannot be told while a list of their users cannot be read.")
                    .to_owned(),
            );
        }
        let shown = loaded.get()?;
        if !shown.rows.is_empty() {
            return None;
        }
        let search = shown.state.search.trim();
        Some(match (shown.state.unused, search.is_empty()) {
            (true, false) => tf("No unused tokens match “{}”.", &[&plain(search)]),
            (false, false) => tf("No tokens match “{}”.", &[&plain(search)]),
            _ if shown.state.page > 1 => t("There are no tokens on this page.").to_owned(),
            (true, true) => t("No unused tokens.").to_owned(),
            (false, true) => t("No tokens yet.").to_owned(),
        })
    };
    // Retry after a failure: the lists of users too, unless they were all read.
    let retry_all = Callback::new(move |()| {
        let read = |c: &Option<UseCounts>| c.as_ref().is_some_and(UseCounts::is_complete);
        if !used_by.counts.with_untracked(read) {
            used_by.refresh.run(());
        }
        on_retry.run(());
    });
    // The lists of users that could not be read, with "Check again".
    let unchecked_view = move || {
        used_by.counts.with(|counts| {
            let counts = counts.as_ref().filter(|c| !c.is_complete())?;
            Some(view! {
                <div class="used-by-problems">
                    {unchecked_lines(counts.unchecked())}
                    <button type="button" class="button" on:click=move |_| used_by.refresh.run(())>
                        {t("Check again")}
                    </button>
                </div>
            })
        })
    };

    view! {
        <section class="page tokens-page" aria-labelledby="tokens-title">
            <div class="page-head">
                <h1 id="tokens-title">{t("Tokens")}</h1>
                <Show when=move || manage.get()>
                    <a class="button primary" href=href(CREATE_PATH)>{t("New token")}</a>
                </Show>
                <ExportTokens state=state total=total />
            </div>
            <SearchBox value=search raw=raw on_search=on_search>
                <label class="search-mode">
                    <input
                        type="checkbox"
                        prop:checked=move || unused.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            show.run((state.get_untracked().with_unused(on), false));
                        }
                    />
                    {t("Unused tokens")}
                </label>
            </SearchBox>
            {move || error.get().map(|message| view! { <ErrorPanel message=message on_retry=retry_all /> })}
            {unchecked_view}
            {move || reading.with(|text| (!text.is_empty()).then(|| view! { <p class="notice">{text.clone()}</p> }))}
            {move || repeated_note().map(|text| view! { <p class="notice" role="status">{text}</p> })}
            {move || config.problems().into_iter().map(|problem| view! { <p class="notice">{problem.message()}</p> }).collect_view()}
            {move || manage.get().then(|| view! { <BulkDelete selected=selected on_finished=on_bulk_finished /> })}
            <TokenTable
                rows=rows
                sort=sort
                on_sort=on_sort
                loading=busy
                caption=caption
                rotation_days=rotation_days
                used_by=used_by.counts
                manage=manage
                selected=selected
                rename=rename
                on_rename=on_rename
                on_delete=move |id| delete_target.set(Some(id))
            />
            {move || empty_text().map(|text| view! { <EmptyState text=text /> })}
            <Pager page=page size=size sizes=&PAGE_SIZES total=total rows_on_page=rows_on_page on_page=on_page on_size=on_size />
            <LiveRegion message=announcement visually_hidden=true />
            <LiveRegion message=notice visually_hidden=true />
            <DeleteTokenFlow
                id=Signal::derive(move || delete_target.get().unwrap_or_default())
                open=Signal::derive(move || delete_target.with(Option::is_some))
                on_done=on_delete_done
            />
            {rename_dialog}
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

/// How far reading every token of the search for "Unused tokens" has come.
fn reading_text(done: usize, total: Option<u64>) -> String {
    let done = thousands(done as u64);
    match total {
        Some(total) => tf(
            "Reading every token of this search… {} of {}",
            &[&done, &thousands(total)],
        ),
        None => tf("Reading every token of this search… {}", &[&done]),
    }
}
