//! What every feature stands on: background work tied to its page, the browser's storage,
//! where the app's elements live (document or shadow root) and lower-casing. Knows no
//! feature and no text.

pub mod dom;
pub mod lowercase;
pub mod storage;
pub mod task;
