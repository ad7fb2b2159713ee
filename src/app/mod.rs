//! The application shell: providers, header, routes and the route guard.

mod not_found;
mod shell;
#[cfg(test)]
mod translations;

pub use shell::{App, Pages};
