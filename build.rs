//! Generates the client for `docs-input/` at build time through docgen's library API,
//! exactly as any crate using docgen from its own build.rs would.

fn main() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs-input");
    // Problems in the docs are diagnostics, not build failures: errors surface as cargo warnings.
    if let Err(e) = docgen_codegen::Config::new()
        .input(docs)
        .compile_to_out_dir("graph.rs")
    {
        panic!("docgen failed: {e}");
    }
}
