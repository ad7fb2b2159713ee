//! The route table and in-app links.

use std::sync::Arc;

use leptos::prelude::*;

use super::address::{match_path, Address, ParamsMap};
use super::{href, use_router};

/// A page and the path pattern that shows it: literal segments and `:name` parameters,
/// e.g. `/tokens/:id`.
#[derive(Clone)]
pub struct Route {
    pattern: &'static str,
    view: Arc<dyn Fn() -> AnyView + Send + Sync>,
}

impl Route {
    /// `view` for the paths `pattern` matches.
    pub fn new<V: IntoView + 'static>(
        pattern: &'static str,
        view: impl Fn() -> V + Send + Sync + 'static,
    ) -> Self {
        Self {
            pattern,
            view: Arc::new(move || view().into_any()),
        }
    }
}

/// The parameters of the matched route, in context below [`Routes`].
#[derive(Clone, Copy)]
struct RouteParams(Memo<ParamsMap>);

/// Shows the first route whose pattern matches the current path, else `fallback`. A page
/// stays mounted while the path keeps matching its route (another token's id, another
/// query): it follows [`use_params_map`] and the query instead.
#[component]
pub fn Routes(
    /// The routes, tried in order.
    routes: Vec<Route>,
    /// Shown when none matches.
    #[prop(into)]
    fallback: ViewFn,
) -> impl IntoView {
    let address = use_router().address;
    let routes = Arc::new(routes);
    let matched = Memo::new({
        let routes = Arc::clone(&routes);
        move |_| {
            address.with(|a| {
                routes
                    .iter()
                    .enumerate()
                    .find_map(|(i, r)| Some((i, match_path(r.pattern, &a.path)?)))
            })
        }
    });
    let index = Memo::new(move |_| matched.with(|m| m.as_ref().map(|(i, _)| *i)));
    let params = Memo::new(move |_| {
        matched.with(|m| m.as_ref().map(|(_, p)| p.clone()).unwrap_or_default())
    });
    provide_context(RouteParams(params));
    move || match index.get() {
        Some(i) => (routes[i].view)(),
        None => fallback.run(),
    }
}

/// The matched route's `:name` parameters (tracked).
///
/// # Panics
/// Outside [`Routes`].
#[track_caller]
pub fn use_params_map() -> Memo<ParamsMap> {
    use_context::<RouteParams>()
        .expect("use_params_map() needs <Routes> above")
        .0
}

/// A link inside the app that says `aria-current="page"` while the address is at or below
/// its target.
#[component]
pub fn A(
    /// The app path it leads to, e.g. `/tokens`.
    #[prop(into)]
    href: String,
    children: Children,
) -> impl IntoView {
    let address = use_router().address;
    let target = Address::parse(&href).path;
    let current = move || {
        address
            .with(|a| {
                a.path == target
                    || a.path
                        .strip_prefix(target.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .then_some("page")
    };
    view! { <a href=self::href(&href) aria-current=current>{children()}</a> }
}
