//! docgen: annotated Markdown API reference → typed Rust models and an async client.

pub mod diag;
pub mod doc;
pub mod parse;
pub mod vocab;
