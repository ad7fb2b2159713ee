//! Background work ends with its owner: `Tasks` in headless Chromium, with real futures.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use leptos::prelude::*;
use token_admin::platform::task::Tasks;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// What the tasks of a test did, in order.
#[derive(Clone, Default)]
struct Log(Rc<RefCell<Vec<&'static str>>>);

impl Log {
    fn push(&self, entry: &'static str) {
        self.0.borrow_mut().push(entry);
    }
    fn entries(&self) -> Vec<&'static str> {
        self.0.borrow().clone()
    }
}

/// Lets the executor run what is ready.
async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

/// Tasks made inside a fresh owner, with the executor running.
fn tasks_of(owner: &Owner) -> Tasks {
    // Mounting starts the executor that runs the tasks.
    leptos::mount::mount_to_body(|| ());
    owner.with(Tasks::new)
}

#[wasm_bindgen_test]
async fn a_task_whose_owner_went_never_touches_it_again() {
    let owner = Owner::new();
    let tasks = tasks_of(&owner);
    let log = Log::default();
    let (answer, answered) = oneshot::channel::<()>();
    let seen = log.clone();
    tasks.spawn(async move {
        let _ = answered.await;
        seen.push("answer used");
    });
    owner.cleanup();
    let _ = answer.send(());
    settle().await;
    assert!(log.entries().is_empty(), "{:?}", log.entries());
}

#[wasm_bindgen_test]
async fn the_latest_request_wins() {
    let owner = Owner::new();
    let tasks = tasks_of(&owner);
    let log = Log::default();
    let (first, first_answered) = oneshot::channel::<()>();
    let (second, second_answered) = oneshot::channel::<()>();
    let seen = log.clone();
    tasks.spawn_latest(async move {
        let _ = first_answered.await;
        seen.push("a");
    });
    let seen = log.clone();
    tasks.spawn_latest(async move {
        let _ = second_answered.await;
        seen.push("b");
    });
    // a's answer arrives last, as after a quick jump from token a to token b.
    let _ = second.send(());
    settle().await;
    let _ = first.send(());
    settle().await;
    assert_eq!(log.entries(), ["b"]);
}

#[wasm_bindgen_test]
async fn a_write_finishes_after_its_page_went_but_only_the_write() {
    let owner = Owner::new();
    let tasks = tasks_of(&owner);
    let log = Log::default();
    let (answer, answered) = oneshot::channel::<()>();
    let (written, seen_page) = (log.clone(), log.clone());
    tasks.finish(
        async move {
            let _ = answered.await;
            written.push("written");
        },
        move |()| seen_page.push("page updated"),
    );
    owner.cleanup();
    let _ = answer.send(());
    settle().await;
    assert_eq!(log.entries(), ["written"]);
}

#[wasm_bindgen_test]
async fn a_write_reports_to_its_live_page() {
    let owner = Owner::new();
    let tasks = tasks_of(&owner);
    let log = Log::default();
    let seen = log.clone();
    tasks.finish_reporting(
        |report| async move {
            report.send("one");
            report.send("two");
        },
        move |step| seen.push(step),
    );
    settle().await;
    assert_eq!(log.entries(), ["one", "two"]);
}
