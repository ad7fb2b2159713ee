//! The emulator over real HTTP on 127.0.0.1: every operation and status code of the
//! Token API, authentication, isolation, the query language and bad input.

mod auth;
mod common;
#[path = "../../../spec/contract.rs"]
mod contract;
mod entities;
mod faults;
mod listing;
mod robustness;
mod schema;
mod serving;
mod writes;
