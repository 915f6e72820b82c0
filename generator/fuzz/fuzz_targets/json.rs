//! The lenient JSON reader: never panics, never recurses without bound, and agrees with
//! serde_json on strict JSON.
#![no_main]

use docgen_codegen::parse::json::{parse, MAX_NOTES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let read = parse(text);
    if let Ok(strict) = serde_json::from_str::<serde_json::Value>(text) {
        assert!(read.is_strict());
        assert_eq!(read.value.as_ref(), Some(&strict));
    } else {
        // Whatever was not strict JSON is explained.
        assert!(!read.forgiven.is_empty());
    }
    assert!(read.forgiven.len() <= MAX_NOTES + 1);
    let lines = text.split('\n').count();
    assert!(read
        .forgiven
        .iter()
        .all(|f| f.line >= 1 && f.line <= lines && f.col >= 1));
});
