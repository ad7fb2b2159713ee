//! Journeys inside the test host (`e2e/host/`): a dashboard-like page on one origin that
//! loads the extension's `remoteEntry.js` by URL at run time from another origin, as the
//! Management Dashboard does, and hands it `appState`. The host signs in itself with the
//! journey admin's client credentials (from `host-config.json`, which only the host reads)
//! and renews the token when the extension calls `onError` with a 401.

use serde_json::json;

use crate::browser::{Browser, Role};
use crate::emulator::{Emulator, JOURNEY_ADMIN, TENANT};
use crate::journey::Journey;
use crate::paths::{extension_dir, host_dir, require};
use crate::static_site::StaticSite;
use crate::Result;

/// The package name the host registers the extension under (the README's).
pub const PACKAGE_NAME: &str = "tokenadmin";

/// A journey whose browser is on the test host with the extension mounted.
pub struct HostedJourney {
    /// The emulator, the browser (on the host page) and the secrets to scan for.
    pub journey: Journey,
    /// The host page's server.
    pub host: StaticSite,
    /// The extension's server (another origin, with CORS).
    pub extension: StaticSite,
}

impl HostedJourney {
    /// Serves the host and the extension, starts an emulator that lets the host's origin
    /// call it, and opens the host page in `language` (`en` or `de`), waiting for the list.
    pub async fn start_in(language: &str) -> Result<Self> {
        let (host_files, extension_files) = (host_dir(), extension_dir());
        require(&host_files.join("index.html"), "the test host's build");
        require(
            &extension_files.join("assets/remoteEntry.js"),
            "the extension's build",
        );
        let host = StaticSite::serve(host_files, false).await?;
        let extension = StaticSite::serve(extension_files, true).await?;
        let emulator = Emulator::start_with(&["--cors-origin", &host.url]).await?;
        host.put(
            "/host-config.json",
            json!({
                "remoteEntry": format!("{}/assets/remoteEntry.js", extension.url),
                "packageName": PACKAGE_NAME,
                "apiUrl": emulator.url,
                "tenant": TENANT,
                "clientId": JOURNEY_ADMIN.0,
                "clientSecret": JOURNEY_ADMIN.1,
                "language": language,
            })
            .to_string(),
        );
        let browser = Browser::open(&host.url).await?;
        Ok(Self {
            journey: Journey::of(emulator, browser),
            host,
            extension,
        })
    }

    /// [`HostedJourney::start_in`] English, on the token list.
    pub async fn start() -> Result<Self> {
        let hosted = Self::start_in("en").await?;
        hosted.browser().find(Role::Heading, "Tokens").await?;
        Ok(hosted)
    }

    /// The browser on the host page.
    pub fn browser(&self) -> &Browser {
        &self.journey.browser
    }

    /// How many times the extension called `appState.onError`, as the host shows it.
    pub async fn on_error_calls(&self) -> Result<u64> {
        let text = self
            .browser()
            .script(
                "return document.querySelector('output[aria-label=\"onError calls\"]').textContent",
                vec![],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().trim().parse()?)
    }

    /// The closing checks over the host page and everything in it (see [`Journey::finish`]).
    pub async fn finish(self) -> Result {
        self.journey.finish().await
    }
}
