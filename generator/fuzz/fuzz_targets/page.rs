//! A whole page, any bytes: Markdown → IR → tokens → formatted code. Nothing may panic,
//! and the code emitted for whatever the page describes must parse (`render` is `Err`
//! only when the emitted tokens are not valid Rust).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Half the inputs are resource pages, half API pages: the two kinds read tables and
    // blocks differently.
    let (kind, body) = match data.split_first() {
        Some((k, rest)) if k % 2 == 0 => ("resources/x.md", rest),
        Some((_, rest)) => ("api/x.md", rest),
        None => ("api/x.md", data),
    };
    let file = docgen_codegen::SourceFile::from_bytes(kind, kind.into(), body.to_vec());
    let (ir, _) = docgen_codegen::build_ir(&[file]);
    if let Err(e) = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH) {
        panic!("generated code does not parse: {e}");
    }
});
