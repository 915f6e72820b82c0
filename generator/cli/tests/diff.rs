//! `docgen diff` between two real docs folders (the project's docs and an edited copy),
//! and between IR files: each change found, classed, and placed on both sides.

use serde_json::Value;
use std::path::Path;

mod support;
use support::{copy_dir, docgen};

fn edit(docs: &Path, page: &str, from: &str, to: &str) {
    let path = docs.join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{page} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(docs: &Path, page: &str, marker: &str) -> String {
    let text = std::fs::read_to_string(docs.join(page)).unwrap();
    let l = text.lines().position(|l| l.contains(marker)).unwrap() + 1;
    format!("{page}:{l}")
}

/// The project's docs (old) and a copy with one change of each kind (new).
fn two_versions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input");
    copy_dir(&root, &dir.path().join("old"));
    let new = dir.path().join("new");
    copy_dir(&root, &new);
    let p = "resources/participant.md";
    edit(
        &new,
        p,
        "| isInLobby    | Boolean   ",
        "| isInLobby    | String    ",
    );
    edit(&new, p, "| metadata     | String                                    | Free-form data that the service attaches to the participant. |\n", "| handRaised   | Boolean                                   | Whether the participant asks to speak. |\n");
    let ids = "resources/identityset.md";
    edit(
        &new,
        ids,
        "| device      | [identity](identity.md) | Optional. The device behind the party. |\n",
        "",
    );
    edit(
        &new,
        ids,
        "  \"device\": {\"@odata.type\": \"#microsoft.graph.identity\"},\n",
        "",
    );
    edit(
        &new,
        "resources/enums.md",
        "### operationStatus values\n",
        "### operationStatus values\n\n| Member |\n|:--|\n| paused |\n",
    );
    std::fs::remove_file(new.join("api/participant-mute.md")).unwrap();
    dir
}

#[test]
fn changes_are_classed_and_placed_on_both_sides() {
    let dir = two_versions();
    let out = docgen(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let find = |kind: &str, subject: &str| {
        changes
            .iter()
            .find(|c| c["kind"] == kind && c["subject"].as_str().unwrap().contains(subject))
            .unwrap_or_else(|| panic!("no {kind} of {subject} in {changes:#?}"))
    };
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    let p = "resources/participant.md";

    let retyped = find("property-retyped", "microsoft.graph.participant.isInLobby");
    assert_eq!(retyped["impact"], "breaking");
    assert_eq!(
        retyped["message"],
        "`participant.isInLobby` is `String`, was `Boolean`"
    );
    assert_eq!(retyped["old"], line_of(&old, p, "| isInLobby "));
    assert_eq!(retyped["new"], line_of(&new, p, "| isInLobby "));

    let removed = find("property-removed", "microsoft.graph.identitySet.device");
    assert_eq!(removed["impact"], "breaking");
    assert_eq!(removed["message"], "`identitySet` loses `device: identity`");
    assert_eq!(
        removed["old"],
        line_of(&old, "resources/identityset.md", "| device ")
    );

    let added = find("property-added", "microsoft.graph.participant.handRaised");
    assert_eq!(added["impact"], "additive");
    assert_eq!(
        added["message"],
        "`participant` gains `handRaised: Boolean`"
    );
    assert_eq!(added["new"], line_of(&new, p, "| handRaised "));

    let member = find("member-added", "microsoft.graph.operationStatus.paused");
    assert_eq!(
        member["impact"], "additive",
        "a new member reads as itself, not Other"
    );

    let op = find(
        "operation-removed",
        "POST /communications/calls/{}/participants/{}/mute",
    );
    assert_eq!(op["impact"], "breaking");
    assert!(op["old"]
        .as_str()
        .unwrap()
        .starts_with("api/participant-mute.md:"));
    assert!(op.get("new").is_none());

    assert_eq!(
        v["breaking"].as_u64().unwrap() as usize,
        changes.iter().filter(|c| c["impact"] == "breaking").count()
    );
    assert_eq!(v["by_kind"]["property-added"]["additive"], 1);

    // The same docs: nothing changed.
    let out = docgen(dir.path(), &["diff", "old", "old", "--fail-on", "any"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("docgen diff: 0 changes"));
}

#[test]
fn fail_on_breaking_and_ir_files_and_markdown() {
    let dir = two_versions();
    let out = docgen(dir.path(), &["diff", "old", "new", "--fail-on", "breaking"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("breaking  property-removed     `identitySet` loses `device: identity` (resources/identityset.md:19 → resources/identityset.md:"), "{text}");

    // IR files say the same as the folders they came from.
    for side in ["old", "new"] {
        let ir = docgen(dir.path(), &["ir", side, "--out", &format!("{side}.json")]);
        assert!(ir.status.success());
    }
    let from_files = docgen(
        dir.path(),
        &["diff", "old.json", "new.json", "--format", "json"],
    );
    let from_dirs = docgen(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(from_files.stdout, from_dirs.stdout);

    let md = docgen(dir.path(), &["diff", "old", "new", "--format", "markdown"]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("### API changes: "), "{md}");
    assert!(md.contains("| `property-removed` | 1 | 0 |"), "{md}");
    assert!(md.contains("#### Breaking ("), "{md}");
    assert!(md.contains("#### Additive ("), "{md}");
}
