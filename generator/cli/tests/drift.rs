//! The drift check as a new user meets it: in their own project (not this workspace),
//! docs given as `docs` or `./docs`, a real edit to a resource page, and the printed fix
//! command run as printed.

use std::path::Path;
use std::process::Command;

mod support;
use support::{copy_dir, docgen};

#[test]
fn a_stale_client_is_explained_in_api_terms_and_the_fix_works_where_it_ran() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path();
    let docs_input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    copy_dir(&docs_input, &dir.join("docs"));

    let generated = docgen(dir, &["generate", "docs", "--out", "src/client.rs", "-q"]);
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    // Spelled differently, meant the same: fresh.
    let same = docgen(dir, &["check", "./docs/", "--against", "./src/client.rs"]);
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );

    // The docs gain one property on one page.
    let page = dir.join("docs/resources/commsoperation.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replacen(
        "| id            | String ",
        "| driftProbe    | Int32  | A probe. |\n| id            | String ",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&page, edited).unwrap();

    let stale = docgen(dir, &["check", "./docs", "--against", "src/client.rs"]);
    let err = String::from_utf8_lossy(&stale.stderr).into_owned();
    assert_eq!(stale.status.code(), Some(1), "{err}");
    assert!(err.contains("API changes (0 breaking, "), "{err}");
    assert!(
        err.contains("additive  property-added       `commsOperation` gains `driftProbe: Int32` (resources/commsoperation.md:25)"),
        "{err}"
    );
    // Derived types inherit it; the place named is where the docs state it.
    assert!(
        err.contains(
            "`muteParticipantOperation` gains `driftProbe: Int32` (resources/commsoperation.md:25)"
        ),
        "{err}"
    );
    let api = err.find("API changes").unwrap();
    let code = err.find("code diff (").expect("a code diff");
    assert!(api < code, "API first:\n{err}");
    assert!(
        err.contains("+        pub drift_probe: Option<i32>,"),
        "{err}"
    );
    assert!(err.lines().count() < 120, "a short report:\n{err}");

    // The fix, run exactly as printed, from where the check ran.
    let fix = err
        .lines()
        .find_map(|l| l.strip_prefix("fix: "))
        .expect("a fix line");
    let ran = Command::new("sh")
        .arg("-c")
        .arg(fix)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "`{fix}` failed: {}",
        String::from_utf8_lossy(&ran.stderr)
    );
    let after = docgen(dir, &["check", "docs", "--against", "src/client.rs"]);
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
}

#[test]
fn a_slice_is_checked_as_the_slice_it_was_generated_as() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path();
    let docs_input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    copy_dir(&docs_input, &dir.join("docs"));
    let slice = ["--path", "/communications/calls/**", "--lean-navigation"];
    let mut generate = vec!["generate", "docs", "--out", "src/calls.rs", "-q"];
    generate.extend(slice);
    let out = docgen(dir, &generate);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let whole = std::fs::read_to_string(dir.join("src/calls.rs")).unwrap();
    // Given the same selection, the slice is up to date...
    let mut check = vec!["check", "docs", "--against", "src/calls.rs"];
    check.extend(slice);
    let same = docgen(dir, &check);
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    // ...and without it the whole API differs from the slice, which check reports.
    let unsliced = docgen(dir, &["check", "docs", "--against", "src/calls.rs"]);
    assert!(!unsliced.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("src/calls.rs")).unwrap(),
        whole,
        "check writes nothing"
    );
}
