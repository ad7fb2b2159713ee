//! The Leptos floor: the least a Leptos app can do for the token list's first visit, built
//! from the app's own parts and nothing else — Leptos 0.8 (csr), the app's router, its
//! page-scoped tasks, and `ai-client`'s list request, `fetch` transport and JSON decoding,
//! for the page the app asks for first. No style sheet, no texts, no session handling, no
//! error display.
//!
//! Signed in the way `e2e/bench/baseline.html` is (`bench.baseline` in `sessionStorage`:
//! the app's first list URL and a bearer token), it renders the rows as a table with a link
//! per token. `cargo xtask bench` builds it as it builds the app, serves it at `/floor/`,
//! checks that it sent the app's list request, and reports its bytes and cold loads beside
//! the app's and the baseline page's: what no cut of the app's own code can go below while
//! it keeps Leptos, this router and serde.

use std::rc::Rc;

use ai_client::encode::percent_encode;
use ai_client::{Client, Endpoint, Fetch, ListQuery, Secret, Token};
use leptos::prelude::*;
use serde::Deserialize;

use fields::FIELDS;
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
#[path = "../../../src/tokens/list/fields.rs"]
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

/// The first page of tokens.
#[component]
fn TokenTable() -> impl IntoView {
    let rows = RwSignal::new(Vec::<Token>::new());
    if let Some(endpoint) = Stored::read().and_then(Stored::endpoint) {
        let client = Client::new(endpoint, Rc::new(Fetch::default()));
        let query = ListQuery {
            query: None,
            page: 1,
            size: FIRST_PAGE_SIZE,
            sort: Vec::new(),
            fields: FIELDS.to_vec(),
        };
        Tasks::new().spawn(async move {
            if let Ok(page) = client.list_tokens(&query).await {
                rows.set(page.items);
            }
        });
    }
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
            <tbody>{move || rows.get().into_iter().map(row).collect_view()}</tbody>
        </table>
    }
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
