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

/// The slice trap: a slice checked without its flags used to be compared with the whole
/// API ("25 breaking, 6426 additive") and the fix overwrote it with everything. The header
/// records the selection, so `check DOCS --against FILE` checks the slice as a slice.
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
    let slice_code = std::fs::read_to_string(dir.join("src/calls.rs")).unwrap();
    assert!(slice_code.contains("// Regenerate with: "));
    assert!(!slice_code.contains("pub struct DriveItem "), "a slice, not the whole API");

    // No flags: the header says how the slice was made, and it is up to date.
    let same = docgen(dir, &["check", "docs", "--against", "src/calls.rs"]);
    let err = String::from_utf8_lossy(&same.stderr);
    assert!(same.status.success(), "{err}");
    assert!(err.contains("src/calls.rs is up to date"), "{err}");

    // Two docs edits: one page the slice uses, one it does not.
    let edit = |rel: &str, row: &str, new_row: &str| {
        let page = dir.join("docs").join(rel);
        let text = std::fs::read_to_string(&page).unwrap();
        let edited = text.replacen(row, &format!("{new_row}\n{row}"), 1);
        assert_ne!(edited, text);
        std::fs::write(&page, edited).unwrap();
    };
    edit(
        "resources/commsoperation.md",
        "| id            | String ",
        "| sliceProbe    | Int32  | A probe. |",
    );
    edit(
        "resources/driveitem.md",
        "| id       | String ",
        "| outsideProbe | Int32 | A probe. |",
    );
    let stale = docgen(dir, &["check", "docs", "--against", "src/calls.rs"]);
    let err = String::from_utf8_lossy(&stale.stderr).into_owned();
    assert_eq!(stale.status.code(), Some(1), "{err}");
    // Only the slice's change: commsOperation and the operations derived from it gain the
    // property; nothing of the rest of the API, nothing breaking.
    assert!(err.contains("API changes (0 breaking, "), "{err}");
    assert!(
        err.contains("`commsOperation` gains `sliceProbe: Int32` (resources/commsoperation.md:25)"),
        "{err}"
    );
    assert!(!err.contains("outsideProbe"), "{err}");
    assert!(!err.to_lowercase().contains("driveitem"), "{err}");
    let changes: Vec<&str> = err.lines().filter(|l| l.starts_with("additive")).collect();
    assert!(
        changes.iter().all(|l| l.contains("sliceProbe")),
        "only the slice's change:\n{err}"
    );
    // The fix regenerates the slice, not the whole API.
    let fix = err
        .lines()
        .find_map(|l| l.strip_prefix("fix: "))
        .expect("a fix line");
    assert!(
        fix.ends_with("generate docs --out src/calls.rs --path '/communications/calls/**' --lean-navigation"),
        "{fix}"
    );
    let ran = Command::new("sh")
        .arg("-c")
        .arg(fix)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    let after = docgen(dir, &["check", "docs", "--against", "src/calls.rs"]);
    assert!(after.status.success(), "{}", String::from_utf8_lossy(&after.stderr));
    let regenerated = std::fs::read_to_string(dir.join("src/calls.rs")).unwrap();
    assert!(regenerated.contains("slice_probe") && !regenerated.contains("outside_probe"));

    // Flags given to check win over the header's: another selection is another file.
    let other = docgen(
        dir,
        &["check", "docs", "--against", "src/calls.rs", "--path", "/drives/**"],
    );
    assert_eq!(other.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.join("src/calls.rs")).unwrap(),
        regenerated,
        "check writes nothing"
    );
}

/// The trap on the real corpus (when `DOCGEN_CORPUS=1` asks for it; then it must
/// be there): a lean mail slice of five routes is up to date when checked without flags,
/// and after a docs edit in it and one outside it, only the slice's change is named.
#[test]
fn the_corpus_mail_slice_is_checked_as_a_slice() {
    if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
        eprintln!("not run: set DOCGEN_CORPUS=1 to test against ../shared/corpus");
        return;
    }
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/graph-v1.0-en");
    assert!(corpus.is_dir(), "DOCGEN_CORPUS=1 but {} is missing", corpus.display());
    let project = tempfile::tempdir().unwrap();
    let dir = project.path();
    copy_dir(&corpus, &dir.join("docs"));
    let mail = [
        "--path", "/users", "--path", "/users/*", "--path", "/me/messages/**",
        "--path", "/me/mailFolders/**", "--path", "/me/events/**", "--lean-navigation",
    ];
    let mut generate = vec!["generate", "docs", "--out", "src/mail.rs"];
    generate.extend(mail);
    let out = docgen(dir, &generate);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains(" more on pages the selection does not use"), "{err}");
    let same = docgen(dir, &["check", "docs", "--against", "src/mail.rs"]);
    assert!(same.status.success(), "{}", String::from_utf8_lossy(&same.stderr));

    let edit = |rel: &str, at: &str, row: &str| {
        let page = dir.join("docs").join(rel);
        let text = std::fs::read_to_string(&page).unwrap();
        let edited = text.replacen(at, &format!("{row}\n{at}"), 1);
        assert_ne!(edited, text);
        std::fs::write(&page, edited).unwrap();
    };
    edit("resources/message.md", "|bccRecipients|", "|driftProbe|Int32|A probe.|");
    edit("resources/driveitem.md", "| id ", "| outsideProbe | Int32 | A probe. |");
    let stale = docgen(dir, &["check", "docs", "--against", "src/mail.rs"]);
    let err = String::from_utf8_lossy(&stale.stderr).into_owned();
    assert_eq!(stale.status.code(), Some(1), "{err}");
    assert!(err.contains("API changes (0 breaking, "), "{err}");
    assert!(err.contains("`message` gains `driftProbe: Int32` (resources/message.md:"), "{err}");
    assert!(!err.contains("outsideProbe"), "{err}");
    let changes: Vec<&str> = err.lines().filter(|l| l.starts_with("  additive")).collect();
    assert!(
        !changes.is_empty() && changes.iter().all(|l| l.contains("driftProbe")),
        "{err}"
    );
}
