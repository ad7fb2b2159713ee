//! The embedded app: the standalone app's pages without its header, on a session the host
//! page hands over, in the host's language and colour scheme, addressed in the fragment.

use js_sys::Function;
use leptos::prelude::*;

use super::host_reauth::HostReauth;
use super::host_state::HostState;
use crate::app::Pages;
use crate::auth::config::provide_config_from;
use crate::auth::session::{provide_hosted_session, Session};
use crate::i18n::{provide_host_locale, t};
use crate::keyboard::{Keyboard, KeyboardLayer};
use crate::router::{Mode, Router};
use crate::ui::stop_clock;

/// The app for a host page: `state` is the host's latest `appState` (the mount handle sets
/// it), `config_url` the extension's `config.json` (its API base URL is used when the host
/// passes none), `theme` the host's colour scheme (`light`, `dark`, or `None` for both).
pub fn embedded_app(
    state: RwSignal<HostState>,
    on_error: StoredValue<Option<Function>, LocalStorage>,
    config_url: String,
    theme: Option<&'static str>,
) -> impl IntoView {
    let config = provide_config_from(config_url);
    let session = provide_hosted_session();
    let locale = provide_host_locale(state.get_untracked().language);
    on_cleanup(stop_clock);
    // The session is the host's token, tenant and API. A new token replays the requests
    // the API refused meanwhile.
    Effect::new(move |_| {
        let host = state.get();
        let base_url = match host.api_url {
            Some(url) => url,
            None if config.loaded() => config.get().api_base_url,
            None => return,
        };
        if host.token.is_empty() || host.tenant.is_empty() {
            session.sign_out();
            return;
        }
        let next = Session::from_access_token(&base_url, &host.tenant, host.token);
        if session.get_untracked().as_ref() != Some(&next) {
            let token = next.access_token.clone();
            session.sign_in(next);
            session.reauth().finish(Some(&token));
        }
    });
    Effect::new(move |_| {
        let language = state.with(|s| s.language);
        if crate::i18n::current() != language {
            locale.follow(language);
        }
    });
    view! {
        <div class="app-embedded" data-theme=theme lang=move || locale.get().tag()>
            // Nothing until the language's texts are there (German is fetched when chosen).
            {move || {
                locale.ready()?;
                let keyboard = Keyboard::default();
                Some(view! {
                    <Router mode=Mode::Hash>
                        <div id="main" class="app-main">
                            <Show
                                when=move || session.is_signed_in()
                                fallback=|| {
                                    view! {
                                        <p role="status">
                                            {t("Waiting for the dashboard's access token…")}
                                        </p>
                                    }
                                }
                            >
                                <Pages />
                            </Show>
                        </div>
                        <HostReauth on_error=on_error />
                        <KeyboardLayer keyboard=keyboard />
                    </Router>
                })
            }}
        </div>
    }
}
