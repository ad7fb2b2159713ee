//! Child processes that die with their owner, and free loopback ports.

use std::net::TcpListener;

use tokio::process::Child;

/// A child process, killed when dropped (also when a test panics).
pub struct Owned(pub Child);

impl Drop for Owned {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
