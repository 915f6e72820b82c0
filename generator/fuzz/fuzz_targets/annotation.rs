//! The annotation reader: the text inside `<!-- ... -->`.
#![no_main]

use docgen_codegen::diag::Sink;
use docgen_codegen::parse::annotation::{parse_comment, Comment};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut sink = Sink::new("p.md");
    if let Comment::Annotation(a) = parse_comment(text, 7, &mut sink) {
        assert_eq!(a.line, 7);
    }
    // Every diagnostic is placed at or after the comment's own line.
    assert!(sink.items.iter().all(|d| d.line >= 7 && d.col >= 1));
});
