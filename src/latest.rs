//! Latest-request-wins: starting a request aborts the one before it, and a response
//! that is no longer the latest is recognised and dropped.

use std::cell::{Cell, RefCell};

use web_sys::{AbortController, AbortSignal};

/// Tracks the one request whose response may still be shown.
#[derive(Default)]
pub struct LatestRequest {
    generation: Cell<u64>,
    controller: RefCell<Option<AbortController>>,
}

/// Identifies one request started by [`LatestRequest::begin`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

impl LatestRequest {
    /// Aborts the previous request and starts a new one: its ticket and abort signal.
    pub fn begin(&self) -> (Ticket, Option<AbortSignal>) {
        self.cancel();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        *self.controller.borrow_mut() = controller;
        (Ticket(self.generation.get()), signal)
    }

    /// Whether `ticket` belongs to the latest request (its response may be shown).
    pub fn is_latest(&self, ticket: Ticket) -> bool {
        self.generation.get() == ticket.0
    }

    /// Aborts the request in flight, if any; its response will not count as latest.
    pub fn cancel(&self) {
        self.generation.set(self.generation.get() + 1);
        if let Some(controller) = self.controller.borrow_mut().take() {
            controller.abort();
        }
    }
}
