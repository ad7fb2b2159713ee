//! A keyed list that does not accumulate dead reactive bookkeeping.
//!
//! Leptos 0.8's `<For>` makes every item's owner a child of the list's owner and only empties
//! that children list when the whole list goes away, and a disposed memo stays in the
//! subscriber list of every signal it read until that signal changes. A table that replaces
//! all of its rows on every page change then grows with each change. [`keyed_items`] keeps
//! each item's owner alive only through the item's view (dropped when the item leaves), and
//! [`item_memo`] unsubscribes from its sources when its item goes.

use std::hash::Hash;

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use leptos::tachys::reactive_graph::OwnedView;
use leptos::tachys::view::keyed::{keyed, SerializableKey};

/// Renders `each()` keyed by `key`, like `<For>`: an item whose key stays keeps its DOM;
/// new keys get `children(item)` in an owner of their own that inherits the current context.
pub fn keyed_items<I, T, K, V>(
    each: impl Fn() -> I + Send + 'static,
    key: impl Fn(&T) -> K + Send + Clone + 'static,
    children: impl Fn(T) -> V + Send + Clone + 'static,
) -> impl IntoView
where
    I: IntoIterator<Item = T> + Send + 'static,
    T: Send + 'static,
    K: Eq + Hash + SerializableKey + 'static,
    V: IntoView + 'static,
{
    // Item owners are created under `list` for context lookup, then `list` forgets them at
    // once (cleaning an owner empties its children list; the new owner holds nothing yet).
    let list = Owner::new();
    let render = move |_, item| {
        let owner = list.with(Owner::new);
        list.cleanup();
        let view = owner.with(|| children(item));
        (|_| {}, OwnedView::new_with_owner(view, owner))
    };
    move || keyed(each(), key.clone(), render.clone())
}

/// A memo for use inside a [`keyed_items`] item: like [`Memo::new`], and when the item's
/// owner is cleaned up it leaves the subscriber lists of the signals it read, so page-wide
/// signals do not keep replaced items' memos.
pub fn item_memo<T>(compute: impl Fn(Option<&T>) -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let memo = ArcMemo::new(compute);
    let subscriber = memo.to_any_subscriber();
    on_cleanup(move || subscriber.clear_sources(&subscriber));
    Memo::from(memo)
}
