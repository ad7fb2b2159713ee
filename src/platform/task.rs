//! Background work that ends with the page or component that started it — the one way
//! the app runs futures.
//!
//! [`Tasks`] is made in a component's body and belongs to its reactive owner. When the
//! owner is cleaned up (the page is left, the dialog closes for good), every task still
//! running is aborted: its future is dropped before it is polled again, so nothing that
//! belonged to the owner is touched afterwards, and dropping a request's future aborts the
//! browser's fetch. Reads use [`Tasks::spawn`] or, where a newer request replaces an older
//! one (a search, a page change), [`Tasks::spawn_latest`]. Writes the admin asked for (a
//! save, a delete) use [`Tasks::finish`] or [`Tasks::finish_reporting`]: the request runs to
//! its end even if the page goes, so the server holds what the admin asked for, and only
//! the part that updates the page is tied to the owner.

use std::future::Future;

use futures::channel::mpsc;
use futures::future::{AbortHandle, Abortable};
use futures::StreamExt;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The running tasks of one owner. `Copy`, so every handler of a component can hold it.
#[derive(Clone, Copy)]
pub struct Tasks {
    running: StoredValue<Running>,
}

#[derive(Default)]
struct Running {
    next: u64,
    handles: Vec<(u64, AbortHandle)>,
}

impl Running {
    fn abort_all(&mut self) {
        for (_, handle) in self.handles.drain(..) {
            handle.abort();
        }
    }
}

impl Default for Tasks {
    fn default() -> Self {
        Self::new()
    }
}

impl Tasks {
    /// Tasks of the current owner: aborted when it is cleaned up.
    pub fn new() -> Self {
        let running = StoredValue::new(Running::default());
        on_cleanup(move || {
            running.try_update_value(Running::abort_all);
        });
        Self { running }
    }

    /// Runs `work` until it ends, [`Tasks::cancel`] is called or the owner goes.
    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        let running = self.running;
        let (handle, registration) = AbortHandle::new_pair();
        // The owner is already gone: nothing may run for it.
        let Some(id) = running.try_update_value(|r| {
            r.next += 1;
            r.handles.push((r.next, handle));
            r.next
        }) else {
            return;
        };
        spawn_local(async move {
            if Abortable::new(work, registration).await.is_ok() {
                running.try_update_value(|r| r.handles.retain(|(i, _)| *i != id));
            }
        });
    }

    /// Aborts every running task, then runs `work`: the latest request wins.
    pub fn spawn_latest(&self, work: impl Future<Output = ()> + 'static) {
        self.cancel();
        self.spawn(work);
    }

    /// Aborts every running task of this set (e.g. the admin pressed Cancel).
    pub fn cancel(&self) {
        self.running.try_update_value(Running::abort_all);
    }

    /// Runs the write `work` to its end even if the owner goes, then `then` with its
    /// outcome while the owner still lives.
    pub fn finish<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
        then: impl FnOnce(T) + 'static,
    ) {
        let mut then = Some(then);
        self.finish_reporting(
            |report| async move { report.send(work.await) },
            move |outcome| {
                if let Some(then) = then.take() {
                    then(outcome);
                }
            },
        );
    }

    /// Like [`Tasks::finish`] for a run of writes: `work` reports each step's outcome
    /// through its [`Report`], and `on_report` sees each one while the owner lives.
    pub fn finish_reporting<T: 'static, F: Future<Output = ()> + 'static>(
        &self,
        work: impl FnOnce(Report<T>) -> F,
        mut on_report: impl FnMut(T) + 'static,
    ) {
        let (sender, mut reports) = mpsc::unbounded();
        // Detached on purpose: the one task that must outlive its page (see the module doc).
        spawn_local(work(Report(sender)));
        self.spawn(async move {
            while let Some(outcome) = reports.next().await {
                on_report(outcome);
            }
        });
    }
}

/// Where a write run by [`Tasks::finish_reporting`] reports its steps; reports sent after
/// the owner went are dropped.
pub struct Report<T>(mpsc::UnboundedSender<T>);

impl<T> Report<T> {
    /// Hands one outcome to the page, if it is still there.
    pub fn send(&self, outcome: T) {
        let _ = self.0.unbounded_send(outcome);
    }
}
