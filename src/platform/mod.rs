//! What every feature stands on: background work tied to its page, the browser's storage
//! and lower-casing. Knows no feature and no text.

pub mod lowercase;
pub mod storage;
pub mod task;
