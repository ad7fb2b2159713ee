//! A one-shot answer: one side sends a value once, the other awaits it. Dropping the
//! sender unanswered resolves the receiver with `None`. Single-threaded (the browser).

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

struct Slot<T> {
    value: Option<T>,
    closed: bool,
    waker: Option<Waker>,
}

/// Gives the answer (or, dropped, gives none).
pub struct Sender<T>(Rc<RefCell<Slot<T>>>);

/// Resolves to the answer, or `None` when the sender was dropped without one.
pub struct Receiver<T>(Rc<RefCell<Slot<T>>>);

/// A connected sender and receiver.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let slot = Rc::new(RefCell::new(Slot {
        value: None,
        closed: false,
        waker: None,
    }));
    (Sender(slot.clone()), Receiver(slot))
}

impl<T> Sender<T> {
    /// Answers `value`.
    pub fn send(self, value: T) {
        self.0.borrow_mut().value = Some(value);
        // Dropping `self` wakes the receiver.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let waker = {
            let mut slot = self.0.borrow_mut();
            slot.closed = true;
            slot.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for Receiver<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut slot = self.0.borrow_mut();
        if let Some(value) = slot.value.take() {
            Poll::Ready(Some(value))
        } else if slot.closed {
            Poll::Ready(None)
        } else {
            slot.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::task::Wake;

    use super::*;

    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn poll<T>(receiver: &mut Receiver<T>, waker: &Waker) -> Poll<Option<T>> {
        Pin::new(receiver).poll(&mut Context::from_waker(waker))
    }

    #[test]
    fn waits_then_gets_the_answer() {
        let count = Arc::new(Count::default());
        let waker = Waker::from(count.clone());
        let (sender, mut receiver) = channel();
        assert_eq!(poll(&mut receiver, &waker), Poll::Pending);
        sender.send(7);
        assert_eq!(count.0.load(Ordering::SeqCst), 1, "woken once");
        assert_eq!(poll(&mut receiver, &waker), Poll::Ready(Some(7)));
    }

    #[test]
    fn a_dropped_sender_means_no_answer() {
        let count = Arc::new(Count::default());
        let waker = Waker::from(count.clone());
        let (sender, mut receiver) = channel::<u8>();
        assert_eq!(poll(&mut receiver, &waker), Poll::Pending);
        drop(sender);
        assert_eq!(count.0.load(Ordering::SeqCst), 1);
        assert_eq!(poll(&mut receiver, &waker), Poll::Ready(None));
    }
}
