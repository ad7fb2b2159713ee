//! A journey: one emulator, one or more browsers on it, the secrets typed along the way, and
//! the closing checks every journey must pass.

use crate::browser::{Browser, Role};
use crate::emulator::{Emulator, ADMIN, JOURNEY_ADMIN, TENANT, VIEWER};
use crate::leaks::{assert_clean, Secret};
use crate::roles::ROOTS_JS;
use crate::Result;

/// A fresh emulator and a browser on the app it serves.
pub struct Journey {
    /// The emulator (demo seed, fault control on).
    pub emulator: Emulator,
    /// The admin's browser.
    pub browser: Browser,
    secrets: Vec<Secret>,
}

impl Journey {
    /// Starts the emulator and a browser on the app's start page.
    pub async fn start() -> Result<Self> {
        Self::start_with(&[]).await
    }

    /// Like [`Journey::start`], with extra emulator flags (e.g. `--seed-agents 1200`).
    pub async fn start_with(flags: &[&str]) -> Result<Self> {
        let emulator = Emulator::start_with(flags).await?;
        let browser = Browser::open(&emulator.url).await?;
        Ok(Self::of(emulator, browser))
    }

    /// Like [`Journey::start`], with a browser whose preferred language is `lang`
    /// (e.g. `de-DE`).
    pub async fn start_in_language(lang: &str) -> Result<Self> {
        let emulator = Emulator::start().await?;
        let browser = Browser::open_in_language(&emulator.url, lang).await?;
        Ok(Self::of(emulator, browser))
    }

    /// A journey on `emulator` in `browser`, whose secrets so far are the clients'.
    pub fn of(emulator: Emulator, browser: Browser) -> Self {
        let secrets = [ADMIN, VIEWER, JOURNEY_ADMIN].map(|(_, s)| Secret::credential(s));
        Self {
            emulator,
            browser,
            secrets: secrets.into(),
        }
    }

    /// Starts, then signs in as the journey admin (whose secret needs escaping everywhere),
    /// and checks the page right after.
    pub async fn signed_in() -> Result<Self> {
        Self::signed_in_with(&[]).await
    }

    /// Like [`Journey::signed_in`], with extra emulator flags.
    pub async fn signed_in_with(flags: &[&str]) -> Result<Self> {
        let journey = Self::start_with(flags).await?;
        sign_in(&journey.browser, &journey.emulator, JOURNEY_ADMIN).await?;
        journey.check().await?;
        Ok(journey)
    }

    /// A second browser on the same app (another admin).
    pub async fn another_browser(&self) -> Result<Browser> {
        Browser::open(&self.emulator.url).await
    }

    /// Remembers `secret` (a token value typed in this journey) for the scans.
    pub fn typed_secret(&mut self, secret: &str) {
        self.secrets.push(Secret::credential(secret));
    }

    /// Remembers `token` (an access token pasted in this journey) for the scans.
    pub fn pasted_access_token(&mut self, token: &str) {
        self.secrets.push(Secret::access_token(token));
    }

    /// The leak, panic and CSP checks, now (the network part covers the journey so far).
    pub async fn check(&self) -> Result {
        assert_clean(&self.browser, &self.secrets).await
    }

    /// On the open page of token `id`: someone else renames it to `theirs`, then this
    /// browser saves the name `mine` and waits for the conflict view. Returns the version
    /// the page had loaded.
    pub async fn save_into_conflict(&self, id: &str, theirs: &str, mine: &str) -> Result<u64> {
        let version = self.emulator.token(id).await?.ok_or("the token exists")?["metadata"]
            ["version"]
            .as_u64()
            .unwrap_or_default();
        self.emulator.rename_token(id, theirs, version).await?;
        self.browser.fill("Name", mine).await?;
        self.browser.click(Role::Button, "Save").await?;
        self.browser
            .find(Role::Heading, "Someone else changed this token")
            .await?;
        Ok(version)
    }

    /// The closing checks: no secret of the journey is where it does not belong in the
    /// browser or in what it sent, and the console shows no panic and no CSP violation.
    /// Closes the browser.
    pub async fn finish(self) -> Result {
        self.check().await?;
        self.browser.close().await
    }

    /// Runs the closing checks on another browser of this journey and closes it.
    pub async fn finish_other(&self, browser: Browser) -> Result {
        assert_clean(&browser, &self.secrets).await?;
        browser.close().await
    }
}

/// Signs in through the sign-in form with client credentials, landing on the token list.
pub async fn sign_in(browser: &Browser, emulator: &Emulator, client: (&str, &str)) -> Result {
    browser.goto("/sign-in").await?;
    fill_api_and_tenant(browser, emulator).await?;
    browser.click(Role::Radio, "Client credentials").await?;
    browser.fill("Client ID", client.0).await?;
    browser.fill("Client secret", client.1).await?;
    browser.click(Role::Button, "Sign in").await?;
    browser.find(Role::Heading, "Tokens").await?;
    browser.wait_for_path("/tokens").await
}

/// Fills the sign-in form's API base URL and tenant for `emulator`.
pub async fn fill_api_and_tenant(browser: &Browser, emulator: &Emulator) -> Result {
    browser.fill("API base URL", &emulator.url).await?;
    browser.fill("Tenant", TENANT).await
}

/// The text of the definition list entry `term` (e.g. "Version") on the page.
pub async fn fact(browser: &Browser, term: &str) -> Result<Option<String>> {
    let value = browser
        .script(
            &format!(
                "{ROOTS_JS} const dt = roots.flatMap(r => [...r.querySelectorAll('dt')])\
                 .find(d => d.textContent.trim() === arguments[0]);\
                 return dt && dt.nextElementSibling ? dt.nextElementSibling.innerText.trim() : null;"
            ),
            vec![term.into()],
        )
        .await?;
    Ok(value.as_str().map(str::to_owned))
}

/// Waits until the fact `term` reads `expected`.
pub async fn wait_for_fact(browser: &Browser, term: &str, expected: &str) -> Result {
    browser
        .eventually(&format!("{term} to be {expected}"), || async {
            Ok((fact(browser, term).await?.as_deref() == Some(expected)).then_some(()))
        })
        .await
}

/// In the open delete dialog of token `id` (in use, so force is needed): Delete, then the
/// force dialog with the id typed, then Force delete.
pub async fn force_delete(browser: &Browser, id: &str) -> Result {
    browser.find(Role::Dialog, &format!("Delete {id}?")).await?;
    browser.click(Role::Button, "Delete").await?;
    browser
        .find(Role::Dialog, &format!("Force delete {id}?"))
        .await?;
    browser.fill("Type the token ID to confirm", id).await?;
    browser.click(Role::Button, "Force delete").await
}
