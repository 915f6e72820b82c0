//! The docs-input/ client, generated at build time by `build.rs` into `OUT_DIR`.
//!
//! This crate shows the library route; `generated/` holds the same code checked in.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/graph.rs"));
