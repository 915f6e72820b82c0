//! The build-script route, as a build script calls it: `compile_to_out_dir` writes the
//! module and the list of every diagnostic, can fail the build on errors, and the
//! generated code reaches the runtime by the configured path.

use docgen_codegen::{CargoDiagnostics, Config, Error};
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn compile_to_out_dir_lists_every_diagnostic_and_can_fail_on_errors() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snap");
    let docs = tempfile::tempdir().unwrap();
    copy_dir(&fixtures, docs.path());
    // A page whose code fence is never closed: an error-level diagnostic.
    std::fs::write(
        docs.path().join("api/broken.md"),
        "# Broken\n\n```http\nGET /dashboards\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    // The only test in this binary that reads the environment, so setting it races nothing.
    std::env::set_var("OUT_DIR", out.path());

    let config = Config::new()
        .input(docs.path())
        .cargo_diagnostics(CargoDiagnostics::None);
    let output = config.clone().compile_to_out_dir("graph.rs").unwrap();
    assert!(out.path().join("graph.rs").is_file());
    let listing = std::fs::read_to_string(out.path().join("graph.rs.diagnostics.txt")).unwrap();
    assert_eq!(listing.lines().count(), output.ir.diagnostics.len());
    assert!(
        listing.contains("api/broken.md:3:1: error[unterminated-fence]"),
        "{listing}"
    );

    let err = config
        .fail_on_error(true)
        .compile_to_out_dir("strict.rs")
        .unwrap_err();
    assert!(matches!(err, Error::DocsErrors(1)), "{err:?}");
    assert!(
        !out.path().join("strict.rs").exists(),
        "no module on failure"
    );
}

/// A build script that selects a few routes hears about the pages they use, and the
/// rest of the docs in a few words: not thousands of findings about other areas.
#[test]
fn a_selection_reports_the_diagnostics_of_its_own_pages() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snap");
    let docs = tempfile::tempdir().unwrap();
    copy_dir(&fixtures, docs.path());
    // Two pages with mistakes: one the selection uses, one it does not.
    let used = docs.path().join("api/widget-list.md");
    let text = std::fs::read_to_string(&used).unwrap();
    let broken_body = "\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\n\n{ \"id\": }\n```\n";
    std::fs::write(&used, text + broken_body).unwrap();
    std::fs::write(
        docs.path().join("api/broken.md"),
        "# Broken\n\n```http\nGET /elsewhere\n",
    )
    .unwrap();
    let all = Config::new().input(docs.path()).generate().unwrap();
    let selected = Config::new()
        .input(docs.path())
        .select(docgen_codegen::select::Selector::path(
            "/dashboards/*/widgets",
        ))
        .generate()
        .unwrap();
    let pages = |o: &docgen_codegen::Output| -> Vec<String> {
        o.ir.diagnostics.iter().map(|d| d.path.clone()).collect()
    };
    assert!(
        pages(&all).iter().any(|p| p == "api/broken.md"),
        "{:?}",
        pages(&all)
    );
    assert!(!pages(&selected).iter().any(|p| p == "api/broken.md"));
    assert!(
        !pages(&selected).is_empty() && pages(&selected).iter().all(|p| p == "api/widget-list.md"),
        "{:?}",
        pages(&selected)
    );
    let outside = all.ir.diagnostics.len() - selected.ir.diagnostics.len();
    assert!(outside > 0);
    assert_eq!(selected.stats.outside_selection, outside);
    let line = selected
        .diagnostics_summary(Path::new("graph.rs.diagnostics.txt"))
        .unwrap();
    assert!(
        line.ends_with(&format!(
            "({outside} more on pages the selection does not use)"
        )),
        "{line}"
    );
    assert!(!line.contains("broken.md"), "{line}");
    // No selection: every diagnostic, nothing counted apart.
    assert_eq!(all.stats.outside_selection, 0);
}

#[test]
fn generated_code_reaches_the_runtime_by_the_configured_path() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snap");
    let code = Config::new()
        .input(&fixtures)
        .runtime_path("crate::rt")
        .generate()
        .unwrap()
        .code;
    assert!(code.contains("pub use crate::rt as runtime;"), "{code}");
    assert!(code.contains("impl crate::rt::object::Object for Widget"));
    assert!(!code.contains("docgen_runtime"));
    for bad in ["docgen_runtime", "super::rt", "::not a path"] {
        let err = Config::new()
            .input(&fixtures)
            .runtime_path(bad)
            .generate()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{bad}: {err:?}");
    }
}
