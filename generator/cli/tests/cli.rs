//! The `docgen` command as users run it: real files, real exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn docgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("docgen runs")
}

/// The drift check: the checked-in generated/ must be what docs-input/ generates now.
#[test]
fn checked_in_client_is_fresh() {
    let out = docgen(&[
        "check",
        "docs-input",
        "--against",
        "generated/src/client.rs",
        "--examples-test",
        "generated/tests/examples.rs",
    ]);
    assert!(
        out.status.success(),
        "generated/ is stale; run the `fix:` command below.\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn drift_check_fails_on_a_stale_file_and_says_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("client.rs");
    let fresh = std::fs::read_to_string(root().join("generated/src/client.rs")).unwrap();
    // Someone edited the docs (or the file) without regenerating: a method went missing.
    let edited = fresh.replacen("pub fn invite(", "pub fn invite_all(", 1);
    assert_ne!(edited, fresh);
    std::fs::write(&stale, edited).unwrap();
    let out = docgen(&["check", "docs-input", "--against", stale.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{} is stale", stale.display())),
        "{err}"
    );
    assert!(
        err.contains("API changes: none in the docs' terms"),
        "{err}"
    );
    assert!(
        err.contains("added    fn builders::CommunicationsCallsItemParticipants<'a>::invite\n"),
        "{err}"
    );
    assert!(
        err.contains("removed  fn builders::CommunicationsCallsItemParticipants<'a>::invite_all"),
        "{err}"
    );
    // The fix runs this same binary, which works wherever the check ran.
    assert!(
        err.contains(&format!(
            "fix: {} generate docs-input --out {}",
            env!("CARGO_BIN_EXE_docgen"),
            stale.display()
        )),
        "{err}"
    );
    assert!(
        err.lines().count() < 60,
        "a short report, not a wall of text:\n{err}"
    );
}

#[test]
fn ir_command_writes_the_documented_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ir.json");
    let out = docgen(&["ir", "docs-input", "--out", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ir: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let invite = ir["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "POST /communications/calls/{call-id}/participants/invite")
        .unwrap();
    assert_eq!(invite["method"], "POST");
    assert_eq!(
        invite["path"],
        "/communications/calls/{call-id}/participants/invite"
    );
    assert_eq!(
        invite["response"],
        serde_json::json!({"status": 200, "type": "microsoft.graph.inviteParticipantsOperation", "collection": false})
    );
    assert!(invite["source"]
        .as_str()
        .unwrap()
        .starts_with("api/participant-invite.md:"));
    let info = ir["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "microsoft.graph.invitationParticipantInfo")
        .unwrap();
    assert_eq!(info["kind"], "complex");
    let replaces = info["properties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "replacesCallId")
        .unwrap();
    assert_eq!(replaces["type"], "Edm.String");
    assert!(ir["diagnostics"].is_array());
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str, name: &str| {
        let file = dir.path().join(name);
        let out = Command::new(env!("CARGO_BIN_EXE_docgen"))
            .args([
                "generate",
                "docs-input",
                "--out",
                file.to_str().unwrap(),
                "-q",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(out.status.success());
        // The header names the output path, which differs between the two runs.
        std::fs::read_to_string(file)
            .unwrap()
            .split_once("\n\n")
            .unwrap()
            .1
            .to_string()
    };
    let (one, four) = (run("1", "one.rs"), run("4", "four.rs"));
    assert!(one == four, "output changed with the thread count");
}

#[test]
fn crate_mode_writes_a_manifest_with_its_one_dependency() {
    let dir = tempfile::tempdir().unwrap();
    let out = docgen(&[
        "generate",
        "docs-input",
        "--crate",
        dir.path().to_str().unwrap(),
        "--name",
        "comms-client",
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"comms-client\""));
    // One dependency: the runtime, by version and by the path of this checkout's source.
    // (The per-area `[features]` table follows it, after a blank line.)
    let deps = manifest.split("[dependencies]\n").nth(1).unwrap();
    let deps = deps.split("\n\n").next().unwrap();
    let runtime = root().join("generator/runtime");
    assert_eq!(
        deps.trim(),
        format!(
            "docgen-runtime = {{ version = \"0.1.0\", path = {:?} }}",
            runtime.display().to_string()
        ),
        "{manifest}"
    );
    // A dependency given on the command line is written as given.
    let out = docgen(&[
        "generate",
        "docs-input",
        "--crate",
        dir.path().to_str().unwrap(),
        "--name",
        "comms-client",
        "--runtime-dependency",
        "\"0.1\"",
        "-q",
    ]);
    assert!(out.status.success());
    let manifest = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[dependencies]\ndocgen-runtime = \"0.1\"\n\n[features]\n"),
        "{manifest}"
    );
    let lib = std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub fn invite("));
}

#[test]
fn crate_mode_gates_items_by_area_features() {
    let dir = tempfile::tempdir().unwrap();
    let out = docgen(&[
        "generate",
        "docs-input",
        "--crate",
        dir.path().to_str().unwrap(),
        "--name",
        "comms-client",
        "--examples-test",
        dir.path().join("tests/examples.rs").to_str().unwrap(),
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest = std::fs::read_to_string(dir.path().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains(
            "default = []\nfull = [\"cloud-communications\", \"files\", \"microsoft-teams\", \"outlook\"]\n"
        ),
        "{manifest}"
    );
    let lib = std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap();
    // What several areas need is gated by one feature that exactly those areas enable.
    let shared = lib.find("pub struct Entity ").unwrap();
    // Its gate is the attribute line nearest above it.
    let gate = lib[..shared]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with("#[cfg("))
        .unwrap();
    let alias = gate
        .strip_prefix("#[cfg(feature = \"")
        .and_then(|g| g.strip_suffix("\")]"))
        .filter(|g| g.starts_with("_areas-"))
        .unwrap_or_else(|| panic!("{gate}"));
    assert!(
        manifest.contains(&format!("\n{alias} = []\n")),
        "{manifest}"
    );
    let enabling: Vec<&str> = manifest
        .lines()
        .filter(|l| l.contains(&format!("\"{alias}\"")))
        .map(|l| l.split(" = ").next().unwrap())
        .collect();
    assert_eq!(
        enabling,
        ["cloud-communications", "files", "microsoft-teams"],
        "{manifest}"
    );
    // The method and its body struct belong to the operation's area.
    // (The method carries no cfg of its own where its builder has the same.)
    let method = lib.find("pub fn invite(").unwrap();
    let builder = lib[..method]
        .rfind("impl<'a> CommunicationsCallsItemParticipants<'a> {")
        .unwrap();
    assert!(!lib[builder..method].contains("#[cfg("));
    assert!(lib[..builder].ends_with("#[cfg(feature = \"cloud-communications\")]\n    "));
    let body = lib.find("pub struct InviteBody").unwrap();
    assert!(lib[..body].ends_with("#[cfg(feature = \"cloud-communications\")]\n    "));
    // A type's impls are gated with it.
    let hosted = lib.find("pub struct ChatMessageHostedContent ").unwrap();
    assert!(
        lib[..hosted].ends_with("#[cfg(feature = \"microsoft-teams\")]\n    "),
        "{}",
        &lib[hosted - 300..hosted]
    );
    for i in ["Clone", "Default", "::docgen_runtime::serde::Serialize"] {
        let at = lib
            .find(&format!("impl {i} for ChatMessageHostedContent "))
            .unwrap();
        assert!(
            lib[..at].ends_with("#[cfg(feature = \"microsoft-teams\")]\n    "),
            "{i}"
        );
    }
    let alike = lib
        .find("::docgen_runtime::model_impls!(ChatMessageHostedContent);")
        .unwrap();
    assert!(lib[..alike].ends_with("#[cfg(feature = \"microsoft-teams\")]\n    "));
    // `PartialEq` is behind its own feature too, which `full` leaves off.
    let eq = lib
        .find("::docgen_runtime::model_eq!(ChatMessageHostedContent);")
        .unwrap();
    assert!(lib[..eq].ends_with(
        "#[cfg(feature = \"microsoft-teams\")]\n    #[cfg(feature = \"partial-eq\")]\n    "
    ));
    assert!(lib.contains(
        "#[derive(Clone)]\n    #[cfg_attr(feature = \"partial-eq\", derive(PartialEq))]\n"
    ));
    assert!(manifest.contains("\npartial-eq = []\n"), "{manifest}");
    let tests = std::fs::read_to_string(dir.path().join("tests/examples.rs")).unwrap();
    assert!(
        tests.contains("#[cfg(feature = \"cloud-communications\")]\n        Case {"),
        "{tests}"
    );
    // The test exists with any area that has a case, and only then.
    let head = &tests
        [tests.find("#[rustfmt::skip]").unwrap()..tests.find("mod documented_examples").unwrap()];
    let head: String = head.split_whitespace().collect();
    assert_eq!(head, "#[rustfmt::skip]#[cfg(any(feature=\"cloud-communications\",feature=\"files\",feature=\"microsoft-teams\",feature=\"outlook\"))]");

    // A module to include is never gated.
    let file = dir.path().join("module.rs");
    let out = docgen(&[
        "generate",
        "docs-input",
        "--out",
        file.to_str().unwrap(),
        "-q",
    ]);
    assert!(out.status.success());
    assert!(!std::fs::read_to_string(file)
        .unwrap()
        .contains("#[cfg(feature"));
}

#[test]
fn generate_takes_a_selection_and_stats_lists_areas() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("teams.rs");
    let out = docgen(&[
        "generate",
        "docs-input",
        "--out",
        file.to_str().unwrap(),
        "--area",
        "microsoft-teams",
        "--path",
        "/communications/calls/{call-id}/participants/{participant-id}",
        "--exclude",
        "operation:DELETE*",
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let code = std::fs::read_to_string(&file).unwrap();
    assert!(
        code.contains(
            "`GET /chats/{chat-id}/messages/{message-id}/hostedContents/{hostedContent-id}`"
        ),
        "teams method missing"
    );
    assert!(code.contains("`GET /communications/calls/{call-id}/participants/{participant-id}`"));
    assert!(
        !code.contains("`DELETE /communications/calls/{call-id}/participants/{participant-id}`")
    );
    assert!(!code.contains("`GET /communications/calls/{call-id}`"));
    assert!(!code.contains("pub struct CallRecord "));
    // The header says how to regenerate exactly this selection.
    assert!(code.contains("--area microsoft-teams --path '/communications/calls/{call-id}/participants/{participant-id}' --exclude 'operation:DELETE*'"), "{}", &code[..400]);

    let bad = docgen(&[
        "generate",
        "docs-input",
        "--out",
        file.to_str().unwrap(),
        "--exclude",
        "colour:red",
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown kind `colour`"));

    let out = docgen(&["stats", "docs-input", "--areas"]);
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    let teams = table
        .lines()
        .find(|l| l.starts_with("| microsoft-teams |"))
        .unwrap();
    // Get hosted content and its `$value`; its three types and `entity`,
    // chatMessageHostedContent's implicit base.
    assert_eq!(teams, "| microsoft-teams | 2 | 3 | 4 |", "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("| cloud-communications | 13 |")),
        "{table}"
    );
}
