//! Who is signed in, to which API and tenant, until when, with which scopes; kept in the
//! tab's `sessionStorage` (never `localStorage`) so a reload keeps it and closing the tab
//! forgets it. The client secret is never part of a session.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;
use serde::{Deserialize, Serialize};

use std::future::ready;
use std::rc::Rc;

use crate::auth::reauth::Reauth;
use crate::i18n::{t, tf};
use ai_client::{AuthFailure, Client, Endpoint, Fetch, Grant, Reauthenticate, Renewal, Secret};

/// The `sessionStorage` key holding the session as JSON.
pub const STORAGE_KEY: &str = "token-admin.session";

/// The scope that allows creating, changing and deleting tokens.
pub const MANAGE_SCOPE: &str = "ai.agent_manage";

/// The path of the sign-in page.
pub const SIGN_IN_PATH: &str = "/sign-in";

/// A signed-in session. `Debug` shows the token as `***`.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The API's base URL, without a trailing slash.
    pub base_url: String,
    /// The tenant (lower case).
    pub tenant: String,
    /// The bearer token.
    pub access_token: Secret,
    /// When the token expires, in ms since the Unix epoch; `None` when unknown.
    pub expires_at_ms: Option<f64>,
    /// The granted scopes; `None` when unknown (a pasted access token).
    pub scopes: Option<Vec<String>>,
    /// The client id it was started with (not a secret); `None` for a pasted token.
    pub client_id: Option<String>,
}

/// Why a grant cannot become a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// The client belongs to another tenant than the one typed.
    TenantMismatch {
        /// The tenant the user typed.
        typed: String,
        /// The tenant the grant is for.
        granted: String,
    },
}

impl SessionError {
    /// A sentence for the sign-in form.
    pub fn user_message(&self) -> String {
        match self {
            SessionError::TenantMismatch { typed, granted } => tf(
                "These client credentials belong to the tenant “{0}”, not “{1}”. \
                 Check the tenant, or use the credentials of “{1}”.",
                &[granted, typed],
            ),
        }
    }
}

/// What is stored: the same fields, the token as a plain string.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Stored {
    base_url: String,
    tenant: String,
    access_token: String,
    #[serde(default)]
    expires_at_ms: Option<f64>,
    #[serde(default)]
    scopes: Option<Vec<String>>,
    #[serde(default)]
    client_id: Option<String>,
}

impl Session {
    /// A session from a client-credentials grant obtained at `now_ms`. Refused when the
    /// grant names a tenant other than `tenant` (compared ignoring case).
    pub fn from_grant(
        base_url: &str,
        tenant: &str,
        grant: Grant,
        now_ms: f64,
    ) -> Result<Self, SessionError> {
        if let Some(granted) = &grant.tenant {
            if !granted.eq_ignore_ascii_case(tenant) {
                return Err(SessionError::TenantMismatch {
                    typed: tenant.to_owned(),
                    granted: granted.clone(),
                });
            }
        }
        Ok(Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            tenant: tenant.to_owned(),
            access_token: grant.access_token.clone(),
            expires_at_ms: Some(now_ms + grant.expires_in_secs as f64 * 1000.0),
            scopes: Some(grant.scopes.clone()),
            client_id: None,
        })
    }

    /// This session, remembering that it was started with the client `client_id`.
    pub fn with_client_id(self, client_id: impl Into<String>) -> Self {
        Self {
            client_id: Some(client_id.into()),
            ..self
        }
    }

    /// A session from a pasted access token: expiry and scopes unknown.
    pub fn from_access_token(base_url: &str, tenant: &str, access_token: Secret) -> Self {
        Self {
            base_url: base_url.trim_end_matches('/').to_owned(),
            tenant: tenant.to_owned(),
            access_token,
            expires_at_ms: None,
            scopes: None,
            client_id: None,
        }
    }

    /// Where API calls go, and as whom.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint {
            base_url: self.base_url.clone(),
            tenant: self.tenant.clone(),
            access_token: self.access_token.clone(),
        }
    }

    /// A client for this session through the browser's `fetch`; a 401 fails its calls.
    pub fn client(&self) -> Client {
        Client::new(self.endpoint(), Rc::new(Fetch::default()))
    }

    /// Whether tokens may be created, changed and deleted: `ai.agent_manage` was granted,
    /// or the scopes are unknown (the server then decides).
    pub fn can_manage(&self) -> bool {
        self.scopes
            .as_ref()
            .is_none_or(|scopes| scopes.iter().any(|s| s == MANAGE_SCOPE))
    }

    /// Why the session is read-only, when it is.
    pub fn read_only_reason(&self) -> Option<&'static str> {
        (!self.can_manage()).then(|| t("Read-only: this sign-in lacks the ai.agent_manage scope."))
    }

    /// Whole seconds until expiry (0 once expired); `None` when the expiry is unknown.
    pub fn seconds_left(&self, now_ms: f64) -> Option<u64> {
        self.expires_at_ms
            .map(|at| ((at - now_ms) / 1000.0).floor().max(0.0) as u64)
    }

    /// Whether the expiry is known and has passed.
    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at_ms.is_some_and(|at| at <= now_ms)
    }

    /// The host (with port) of the base URL, e.g. `api.emporix.io`.
    pub fn base_host(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        rest.split('/').next().unwrap_or(rest)
    }

    /// The session as stored JSON (this does contain the access token).
    pub fn to_json(&self) -> String {
        let stored = Stored {
            base_url: self.base_url.clone(),
            tenant: self.tenant.clone(),
            access_token: self.access_token.expose().to_owned(),
            expires_at_ms: self.expires_at_ms,
            scopes: self.scopes.clone(),
            client_id: self.client_id.clone(),
        };
        let json = serde_json::to_string(&stored).unwrap_or_default();
        drop(Secret::new(stored.access_token));
        json
    }

    /// A session read back from [`Session::to_json`]; `None` when malformed or incomplete.
    pub fn from_json(json: &str) -> Option<Self> {
        let stored: Stored = serde_json::from_str(json).ok()?;
        let access_token = Secret::new(stored.access_token);
        if stored.base_url.is_empty() || stored.tenant.is_empty() || access_token.is_empty() {
            return None;
        }
        Some(Self {
            base_url: stored.base_url,
            tenant: stored.tenant,
            access_token,
            expires_at_ms: stored.expires_at_ms.filter(|t| t.is_finite()),
            scopes: stored.scopes,
            client_id: stored.client_id.filter(|id| !id.is_empty()),
        })
    }

    /// The stored session in `json`, unless it is malformed or expired at `now_ms`.
    pub fn restore(json: &str, now_ms: f64) -> Option<Self> {
        Self::from_json(json).filter(|s| !s.is_expired(now_ms))
    }
}

/// "expires in 3 h 59 min" for `seconds` left; "expired" at 0.
pub fn format_time_left(seconds: u64) -> String {
    let (hours, minutes) = (seconds / 3600, seconds % 3600 / 60);
    match (hours, minutes) {
        _ if seconds == 0 => t("expired").to_owned(),
        (0, 0) => t("expires in less than a minute").to_owned(),
        (0, m) => tf("expires in {} min", &[&m.to_string()]),
        (h, 0) => tf("expires in {} h", &[&h.to_string()]),
        (h, m) => tf("expires in {} h {} min", &[&h.to_string(), &m.to_string()]),
    }
}

/// The sign-in page's address, returning to `next` (a path with its query) afterwards.
pub fn sign_in_href(next: &str) -> String {
    if next.is_empty() || next == "/" {
        SIGN_IN_PATH.to_owned()
    } else {
        format!(
            "{SIGN_IN_PATH}?next={}",
            ai_client::encode::percent_encode(next)
        )
    }
}

/// Where to go after signing in: `next` when it is a path inside this app (starts with one
/// `/`, no backslash or control character, not the sign-in page itself), else `/tokens`.
pub fn safe_next(next: Option<&str>) -> String {
    const HOME: &str = "/tokens";
    let Some(next) = next.map(str::trim) else {
        return HOME.to_owned();
    };
    let path_only = next.split(['?', '#']).next().unwrap_or_default();
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && path_only != SIGN_IN_PATH;
    if ok {
        next.to_owned()
    } else {
        HOME.to_owned()
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The app-wide session (`None` when signed out) and the requests waiting for the admin
/// to sign in again.
#[derive(Clone, Copy)]
pub struct SessionContext {
    session: RwSignal<Option<Session>>,
    reauth: Reauth,
}

impl SessionContext {
    /// The session (tracked).
    pub fn get(&self) -> Option<Session> {
        self.session.get()
    }

    /// The session, untracked.
    pub fn get_untracked(&self) -> Option<Session> {
        self.session.get_untracked()
    }

    /// Whether someone is signed in (tracked).
    pub fn is_signed_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    /// The endpoint for API calls (tracked); `None` when signed out.
    pub fn endpoint(&self) -> Option<Endpoint> {
        self.session.with(|s| s.as_ref().map(Session::endpoint))
    }

    /// A client for the current session (untracked; `None` when signed out). When the API
    /// refuses its token, it waits for the admin to sign in again (see [`crate::reauth`])
    /// and replays the request; the caller sees only the outcome.
    pub fn client(&self) -> Option<Client> {
        let (client, api) = self.session.with_untracked(|s| {
            s.as_ref()
                .map(|s| (s.client(), (s.base_url.clone(), s.tenant.clone())))
        })?;
        Some(client.with_reauth(Rc::new(Replay {
            context: *self,
            api: Rc::new(api),
        })))
    }

    /// The current session's token, when the session is for `api` (base URL, tenant).
    fn token_for(&self, api: &(String, String)) -> Option<Secret> {
        self.session
            .try_with_untracked(|s| {
                s.as_ref()
                    .filter(|s| s.base_url == api.0 && s.tenant == api.1)
                    .map(|s| s.access_token.clone())
            })
            .flatten()
    }

    /// Whether tokens may be changed (tracked); `false` when signed out.
    pub fn can_manage(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(Session::can_manage))
    }

    /// The session as a read-only signal.
    pub fn signal(&self) -> ReadSignal<Option<Session>> {
        self.session.read_only()
    }

    /// The requests waiting for a new token.
    pub fn reauth(&self) -> Reauth {
        self.reauth
    }

    /// Makes `session` current and stores it in `sessionStorage` (in memory only when the
    /// browser refuses storage).
    pub fn sign_in(&self, session: Session) {
        if let Some(storage) = session_storage() {
            let _ = storage.set_item(STORAGE_KEY, &session.to_json());
        }
        self.session.set(Some(session));
    }

    /// Forgets the session: removes it from `sessionStorage` and from memory. Requests
    /// waiting for a new token fail.
    pub fn sign_out(&self) {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
        self.session.set(None);
        self.reauth.finish(None);
    }
}

/// The sign-in-again answer of one client: bound to the API base URL and tenant the client
/// was made for, so a session started meanwhile for another API or tenant never hands its
/// token to a request still on its way to the first.
struct Replay {
    context: SessionContext,
    /// Base URL and tenant of the client.
    api: Rc<(String, String)>,
}

/// A refused token that is no longer the session's was renewed meanwhile: the request is
/// replayed with the current one at once. Otherwise it waits for the dialog. Either way only
/// while the session is still for the client's API and tenant.
impl Reauthenticate for Replay {
    fn renew(&self, refused: Option<&Secret>, failure: AuthFailure) -> Renewal {
        match self.context.token_for(&self.api) {
            None => Box::pin(ready(None)),
            Some(token) if Some(&token) != refused => Box::pin(ready(Some(token))),
            Some(_) => {
                let (context, api) = (self.context, Rc::clone(&self.api));
                let renewal = self.context.reauth.wait(failure);
                Box::pin(async move { renewal.await.and_then(|_| context.token_for(&api)) })
            }
        }
    }
}

/// Provides the session context, restored from `sessionStorage`. A stored session that is
/// malformed or expired is deleted. Call once, at the top of the app.
pub fn provide_session() -> SessionContext {
    let stored = session_storage().and_then(|storage| {
        let json = storage.get_item(STORAGE_KEY).ok().flatten()?;
        let session = Session::restore(&json, now_ms());
        if session.is_none() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
        session
    });
    let context = SessionContext {
        session: RwSignal::new(stored),
        reauth: Reauth::new(),
    };
    provide_context(context);
    context
}

/// The session context.
///
/// # Panics
/// When no ancestor called [`provide_session`].
#[track_caller]
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().expect("use_session() needs provide_session() in an ancestor")
}

/// Renders `children` only while someone is signed in. Signed out, it replaces the current
/// address with `/sign-in?next=<this path and query>`, so signing in comes back here.
/// Must be inside a `<Router>`, below [`provide_session`].
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let signed_in = Memo::new(move |_| session.is_signed_in());
    Effect::new(move |_| {
        if signed_in.get() {
            return;
        }
        let path = location.pathname.get_untracked();
        // Signing out elsewhere may already have gone to the sign-in page.
        if path == SIGN_IN_PATH {
            return;
        }
        let search = location.search.get_untracked();
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        navigate(
            &sign_in_href(&here),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
    view! { <Show when=move || signed_in.get()>{children()}</Show> }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_800_000_000_000.0;

    fn grant(tenant: Option<&str>, scopes: &[&str]) -> Grant {
        Grant {
            access_token: Secret::new("tok-123"),
            expires_in_secs: 14_399,
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            tenant: tenant.map(str::to_owned),
        }
    }

    #[test]
    fn grant_becomes_a_session() {
        let session = Session::from_grant(
            "http://localhost:8000/",
            "demo",
            grant(Some("demo"), &["ai.agent_read", "ai.agent_manage"]),
            NOW,
        )
        .unwrap();
        assert_eq!(session.base_url, "http://localhost:8000");
        assert_eq!(session.expires_at_ms, Some(NOW + 14_399_000.0));
        assert_eq!(session.seconds_left(NOW), Some(14_399));
        assert!(session.can_manage());
        assert_eq!(session.read_only_reason(), None);
        let endpoint = session.endpoint();
        assert_eq!(endpoint.tenant, "demo");
        assert_eq!(endpoint.base_url, "http://localhost:8000");
        assert_eq!(endpoint.access_token.expose(), "tok-123");
        assert_eq!(session.base_host(), "localhost:8000");
    }

    #[test]
    fn grant_for_another_tenant_is_refused() {
        let error = Session::from_grant(
            "https://api.emporix.io",
            "demo",
            grant(Some("other"), &[]),
            NOW,
        )
        .unwrap_err();
        let text = error.user_message();
        assert!(
            text.contains("“other”") && text.contains("“demo”"),
            "{text}"
        );
        // Without a tenant in the grant there is nothing to compare.
        assert!(
            Session::from_grant("https://api.emporix.io", "demo", grant(None, &[]), NOW).is_ok()
        );
    }

    #[test]
    fn scopes_decide_read_only() {
        let viewer = Session::from_grant(
            "https://a.example",
            "demo",
            grant(Some("demo"), &["ai.agent_read"]),
            NOW,
        )
        .unwrap();
        assert!(!viewer.can_manage());
        let reason = viewer.read_only_reason().unwrap();
        assert!(
            reason.starts_with("Read-only") && reason.contains("ai.agent_manage"),
            "{reason}"
        );
        let pasted = Session::from_access_token("https://a.example", "demo", Secret::new("t"));
        assert!(pasted.can_manage(), "unknown scopes: the server decides");
        assert_eq!(pasted.seconds_left(NOW), None);
        assert!(!pasted.is_expired(f64::MAX));
    }

    #[test]
    fn expiry() {
        let mut session = Session::from_access_token("https://a.example", "demo", Secret::new("t"));
        session.expires_at_ms = Some(NOW + 90_500.0);
        assert_eq!(session.seconds_left(NOW), Some(90));
        assert!(!session.is_expired(NOW));
        assert_eq!(session.seconds_left(NOW + 90_500.0), Some(0));
        assert!(session.is_expired(NOW + 90_500.0));
        assert_eq!(session.seconds_left(NOW + 1e9), Some(0));
    }

    #[test]
    fn json_round_trip_and_restore() {
        let session = Session::from_grant(
            "https://api.emporix.io",
            "demo",
            grant(Some("demo"), &["ai.agent_read"]),
            NOW,
        )
        .unwrap();
        let json = session.to_json();
        assert!(json.contains("\"accessToken\":\"tok-123\""), "{json}");
        assert_eq!(Session::from_json(&json), Some(session.clone()));
        assert_eq!(Session::restore(&json, NOW + 1000.0), Some(session.clone()));
        assert_eq!(Session::restore(&json, NOW + 14_399_000.0), None, "expired");

        let pasted = Session::from_access_token("https://api.emporix.io", "demo", Secret::new("p"));
        assert_eq!(Session::restore(&pasted.to_json(), f64::MAX), Some(pasted));

        let with_client = session.with_client_id("demo-admin");
        assert!(with_client
            .to_json()
            .contains("\"clientId\":\"demo-admin\""));
        assert_eq!(
            Session::from_json(&with_client.to_json()),
            Some(with_client)
        );
    }

    #[test]
    fn malformed_storage_is_ignored() {
        for json in [
            "",
            "null",
            "{}",
            "not json",
            r#"{"baseUrl":"https://a.example","tenant":"demo"}"#,
            r#"{"baseUrl":"https://a.example","tenant":"demo","accessToken":""}"#,
            r#"{"baseUrl":"","tenant":"demo","accessToken":"x"}"#,
        ] {
            assert_eq!(Session::from_json(json), None, "{json}");
        }
    }

    #[test]
    fn debug_hides_the_token() {
        let session = Session::from_access_token(
            "https://a.example",
            "demo",
            Secret::new("very-secret-token"),
        );
        let debug = format!("{session:?}");
        assert!(!debug.contains("very-secret-token"), "{debug}");
        assert!(debug.contains("***"), "{debug}");
    }

    #[test]
    fn time_left_sentences() {
        assert_eq!(format_time_left(14_399), "expires in 3 h 59 min");
        assert_eq!(format_time_left(3 * 3600), "expires in 3 h");
        assert_eq!(format_time_left(3600 + 60), "expires in 1 h 1 min");
        assert_eq!(format_time_left(59 * 60 + 59), "expires in 59 min");
        assert_eq!(format_time_left(60), "expires in 1 min");
        assert_eq!(format_time_left(59), "expires in less than a minute");
        assert_eq!(format_time_left(0), "expired");
    }

    #[test]
    fn next_must_stay_in_the_app() {
        assert_eq!(
            safe_next(Some("/tokens?page=2&q=name%3Dx")),
            "/tokens?page=2&q=name%3Dx"
        );
        assert_eq!(safe_next(Some("/tokens/abc")), "/tokens/abc");
        for bad in [
            None,
            Some(""),
            Some("tokens"),
            Some("//evil.example/x"),
            Some("/\\evil.example"),
            Some("https://evil.example/"),
            Some("javascript:alert(1)"),
            Some("/sign-in"),
            Some("/sign-in?next=/tokens"),
            Some("/tok\nens"),
        ] {
            assert_eq!(safe_next(bad), "/tokens", "{bad:?}");
        }
    }

    #[test]
    fn sign_in_href_encodes_next() {
        assert_eq!(
            sign_in_href("/tokens?page=2&size=50"),
            "/sign-in?next=%2Ftokens%3Fpage%3D2%26size%3D50"
        );
        assert_eq!(sign_in_href("/"), "/sign-in");
        assert_eq!(sign_in_href(""), "/sign-in");
    }

    /// A session for `base_url` and `demo` with the bearer token `token`.
    fn session_at(base_url: &str, token: &str) -> Session {
        let mut grant = grant(Some("demo"), &[]);
        grant.access_token = Secret::new(token);
        Session::from_grant(base_url, "demo", grant, NOW).unwrap()
    }

    /// What a client made for the first session gets when its token is refused.
    fn renewal(replay: &Replay, refused: &str) -> Option<Option<String>> {
        use futures::FutureExt;
        let renewal = replay.renew(Some(&Secret::new(refused)), AuthFailure::Expired);
        renewal
            .now_or_never()
            .map(|token| token.map(|t| t.expose().to_owned()))
    }

    #[test]
    fn a_refused_request_is_replayed_only_to_its_own_api_and_tenant() {
        let owner = Owner::new();
        owner.with(|| {
            let context = SessionContext {
                session: RwSignal::new(Some(session_at("https://a.example", "tok-a"))),
                reauth: Reauth::new(),
            };
            let replay = Replay {
                context,
                api: Rc::new(("https://a.example".into(), "demo".into())),
            };
            // Renewed meanwhile for the same API: replayed at once with the new token.
            context
                .session
                .set(Some(session_at("https://a.example", "tok-a2")));
            assert_eq!(renewal(&replay, "tok-a"), Some(Some("tok-a2".into())));

            // Waiting for the dialog, then the admin signs in to another API: no token.
            context.reauth.attend();
            let mut waiting = replay.renew(Some(&Secret::new("tok-a2")), AuthFailure::Expired);
            assert!(futures::FutureExt::now_or_never(&mut waiting).is_none());
            context
                .session
                .set(Some(session_at("https://b.example", "tok-b")));
            context.reauth.finish(Some(&Secret::new("tok-b")));
            assert_eq!(futures::FutureExt::now_or_never(waiting), Some(None));

            // Signed in to the other API already: refused at once, never handed `tok-b`.
            assert_eq!(renewal(&replay, "tok-a2"), Some(None));
        });
    }
}
