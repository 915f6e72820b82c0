//! The HTTP block reader: request or status line, headers, body.
#![no_main]

use docgen_codegen::diag::Sink;
use docgen_codegen::parse::http::{parse, Message};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut sink = Sink::new("p.md");
    match parse(text, 3, &mut sink) {
        Some(Message::Request(r)) => {
            assert!(!r.url.is_empty());
            assert!(!r.method.is_empty());
        }
        Some(Message::Response(r)) => assert!((100..600).contains(&r.status)),
        None => {}
    }
    assert!(sink.items.iter().all(|d| d.line >= 3));
});
