//! The Leptos floor: the least a Leptos app can do for the token list's first visit, built
//! from the app's own parts and nothing else — Leptos 0.8 (csr), the app's router, its
//! page-scoped tasks, and `ai-client`'s list request, `fetch` transport and JSON decoding,
//! for the page the app asks for first. No style sheet, no texts, no session handling, no
//! error display.
//!
//! Signed in the way `e2e/bench/baseline.html` is (`bench.baseline` in `sessionStorage`:
//! the app's first list URL and a bearer token), it renders the rows as a table with a link
//! per token, and pages with "Previous page" and "Next page". `cargo xtask bench` builds it as it builds the app, serves it at `/floor/`,
//! checks that it sent the app's list request, and reports its bytes and cold loads beside
//! the app's and the baseline page's: what no cut of the app's own code can go below while
//! it keeps Leptos, this router and serde.

use std::rc::Rc;

use ai_client::encode::percent_encode;
use ai_client::{Client, Endpoint, Fetch, ListQuery, Secret, Token};
use leptos::prelude::*;
use serde::Deserialize;

use fields::ROW_FIELDS;
use platform::task::Tasks;
use router::{Route, Router, Routes, A};

// The app's router, its element lookups (which the router needs), its tasks and the list's
// fields, compiled from the app's own sources: depending on the `token-admin` library
// instead links the whole app (a 1,043,028 B wasm), since its `embedded` module exports
// `mount` to host pages and an export is never dropped. The floor uses only part of each.
#[allow(dead_code)]
#[path = "../../../src/platform"]
mod platform {
    pub mod dom;
    pub mod task;
}
#[path = "../../../src/tokens/fields.rs"]
mod fields;
#[allow(dead_code, unused_imports)]
#[path = "../../../src/router/mod.rs"]
mod router;

/// Where the bench serves the floor.
const PATH: &str = "/floor";
/// The `sessionStorage` key the bench fills before the page loads.
const STORED: &str = "bench.baseline";
/// The app's first list request: page 1 of 25, unsorted, the list page's fields. The bench
/// fails when the floor's request differs from the app's.
const FIRST_PAGE_SIZE: u32 = 25;

/// What the bench stores for a signed-in first visit.
#[derive(Deserialize)]
struct Stored {
    /// The app's first list request: `{base}/ai-service/{tenant}/agentic/tokens?…`.
    url: String,
    /// A bearer token.
    token: String,
}

impl Stored {
    /// Read from `sessionStorage`.
    fn read() -> Option<Self> {
        let text = web_sys::window()?
            .session_storage()
            .ok()??
            .get_item(STORED)
            .ok()??;
        serde_json::from_str(&text).ok()
    }

    /// The API base URL and tenant the list URL names, and the token.
    fn endpoint(self) -> Option<Endpoint> {
        let (base_url, rest) = self.url.split_once("/ai-service/")?;
        let tenant = rest.split('/').next()?;
        Some(Endpoint {
            base_url: base_url.to_owned(),
            tenant: tenant.to_owned(),
            access_token: Secret::new(self.token),
        })
    }
}

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Router>
                <main>
                    <h1>"Tokens"</h1>
                    <Routes routes=vec![Route::new(PATH, TokenTable)] fallback=|| () />
                </main>
            </Router>
        }
    });
}

/// Pages of tokens: the first as the app asks for it, then the one before or after at a
/// click on "Previous page" or "Next page" (the bench times a 100-row page change with
/// `?size=100`). Rows are keyed by id with Leptos's own `<For>`, as the app keys its rows.
#[component]
fn TokenTable() -> impl IntoView {
    let rows = RwSignal::new(Vec::<Token>::new());
    let page = RwSignal::new(1);
    let tasks = Tasks::new();
    let client = Stored::read()
        .and_then(Stored::endpoint)
        .map(|endpoint| Client::new(endpoint, Rc::new(Fetch::default())));
    let size = page_size();
    let load = move |number: u32| {
        let Some(client) = client.clone() else {
            return;
        };
        page.set(number);
        let query = ListQuery {
            query: None,
            page: number,
            size,
            sort: Vec::new(),
            fields: ROW_FIELDS.to_vec(),
        };
        tasks.spawn_latest(async move {
            if let Ok(page) = client.list_tokens(&query).await {
                rows.set(page.items);
            }
        });
    };
    load(1);
    let (previous, next) = (load.clone(), load);
    view! {
        <table>
            <thead>
                <tr>
                    <th scope="col">"ID"</th>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Version"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Modified"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.get() key=|token| token.id.clone() children=row />
            </tbody>
        </table>
        <nav aria-label="Pagination">
            <button
                type="button"
                aria-label="Previous page"
                on:click=move |_| previous(page.get_untracked().saturating_sub(1).max(1))
            >
                "Previous"
            </button>
            <button
                type="button"
                aria-label="Next page"
                on:click=move |_| next(page.get_untracked() + 1)
            >
                "Next"
            </button>
        </nav>
    }
}

/// Tokens per page: `size` of the address, else the app's first page size.
fn page_size() -> u32 {
    let search = web_sys::window().and_then(|w| w.location().search().ok());
    search
        .as_deref()
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("size=")?.parse().ok())
        .unwrap_or(FIRST_PAGE_SIZE)
}

/// One token's row: the link to its page, then name, version and times as the API sent them.
fn row(token: Token) -> impl IntoView {
    let metadata = token.metadata.unwrap_or_default();
    view! {
        <tr>
            <td>
                <A href=format!("/tokens/{}", percent_encode(&token.id))>{token.id}</A>
            </td>
            <td>{token.name}</td>
            <td>{metadata.version}</td>
            <td>{metadata.created_at}</td>
            <td>{metadata.modified_at}</td>
        </tr>
    }
}
