//! The table reader: rows under a property table header, on a resource page, read into
//! the document model and lowered to the page's facts.
#![no_main]

use docgen_codegen::diag::Sink;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|rows: &str| {
    let page = format!(
        "---\ndoc_type: resourcePageType\n---\n# x resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}"
    );
    let mut sink = Sink::new("resources/x.md");
    let doc = docgen_codegen::parse::parse_page("resources/x.md", &page, &mut sink);
    assert!(!doc.tables.is_empty(), "the header alone makes a table");
    let header_line = 8;
    for row in doc.tables.iter().flat_map(|t| &t.rows) {
        assert!(
            row.line > header_line,
            "row before its header: line {}",
            row.line
        );
    }
    let facts = docgen_codegen::lower::lower(&doc, &mut sink);
    assert!(facts.types.len() <= 1 + doc.tables.len());
    // Lines as the parser counts them: a lone CR ends a line too (old Mac line endings).
    let lines = page.replace("\r\n", "\n").replace('\r', "\n").split('\n').count();
    assert!(sink.items.iter().all(|d| d.line <= lines + 1));
});
