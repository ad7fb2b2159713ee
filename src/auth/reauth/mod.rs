//! Signing in again in the middle of work. Every [`Client`](ai_client::Client) made by
//! [`SessionContext::client`](crate::auth::session::SessionContext::client) asks the session
//! for a new token when the API refuses its bearer token (401). The session hands the
//! request to the [`Reauth`] broker below, which holds it until the admin signs in again
//! in the [`SignInAgainDialog`] (shown over the current page, which stays mounted) or
//! cancels. All requests refused meanwhile wait for the same dialog; signing in replays
//! each with the new token, cancelling fails each with its 401.

mod dialog;

pub use dialog::SignInAgainDialog;

use std::future::ready;

use futures::channel::oneshot;
use futures::FutureExt;

use leptos::prelude::*;

use ai_client::{AuthFailure, Renewal, Secret};

/// The requests waiting for a new token, and why the first of them was refused. `Copy`;
/// part of the session context.
#[derive(Clone, Copy)]
pub struct Reauth {
    /// Why a token was refused, while requests wait (the dialog is then open).
    reason: RwSignal<Option<AuthFailure>>,
    waiting: StoredValue<Vec<oneshot::Sender<Secret>>, LocalStorage>,
    /// How many dialogs are mounted to answer; without one, nobody waits.
    dialogs: StoredValue<u32>,
}

impl Reauth {
    /// Nobody waiting, no dialog yet.
    pub(crate) fn new() -> Self {
        Self {
            reason: RwSignal::new(None),
            waiting: StoredValue::new_local(Vec::new()),
            dialogs: StoredValue::new(0),
        }
    }

    /// Why requests wait for a new token (tracked); `None` while none wait.
    pub fn reason(&self) -> Option<AuthFailure> {
        self.reason.get()
    }

    /// Holds a refused request until [`Reauth::finish`]. Resolves to `None` at once when no
    /// dialog is mounted to ask the admin.
    pub(crate) fn wait(&self, failure: AuthFailure) -> Renewal {
        if self.dialogs.try_get_value().unwrap_or(0) == 0 {
            return Box::pin(ready(None));
        }
        let (sender, receiver) = oneshot::channel();
        self.waiting.update_value(|waiting| waiting.push(sender));
        if self.reason.get_untracked().is_none() {
            self.reason.set(Some(failure));
        }
        // A sender dropped unanswered (Cancel) means no token is coming.
        Box::pin(receiver.map(Result::ok))
    }

    /// Answers every waiting request: replay with `token`, or (`None`) fail with the 401.
    pub fn finish(&self, token: Option<&Secret>) {
        let waiting = self
            .waiting
            .try_update_value(std::mem::take)
            .unwrap_or_default();
        self.reason.try_set(None);
        if let Some(token) = token {
            for sender in waiting {
                let _ = sender.send(token.clone());
            }
        }
    }

    /// Counts the calling component as a dialog that answers, until it is cleaned up (then
    /// requests still waiting fail, unless another dialog is mounted).
    pub(crate) fn attend(&self) {
        let this = *self;
        this.dialogs.update_value(|n| *n += 1);
        on_cleanup(move || {
            let left = this.dialogs.try_update_value(|n| {
                *n -= 1;
                *n
            });
            if left == Some(0) {
                this.finish(None);
            }
        });
    }
}
