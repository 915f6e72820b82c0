//! The client docgen generates from `docs-input/`, checked in.
//!
//! `client.rs` is generated: regenerate it with the command in its first lines, never
//! edit it by hand. `cargo test` fails (the drift check) when it is stale.
#![deny(warnings)]

include!("client.rs");
