//! A newcomer's first hour with the command (issue 25): what it says and how it exits when
//! the input is wrong, `--fail-on`, help on every flag, the crate it writes (no license
//! unless asked), and a header whose command regenerates the file as it was.

use std::path::Path;
use std::process::{Command, Output};

mod support;
use support::{copy_dir, docgen};

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn docs_input() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input")
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A page whose only example is a response (no request before it) with a broken body.
const ORPHAN: &str = "# Get thing\n\n## Response\n\n<!-- {\n  \"blockType\": \"response\",\n  \"@odata.type\": \"microsoft.graph.thing\"\n}-->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  \"id\": \"1\",\n  \"name\": \n}\n```\n";

#[test]
fn an_empty_docs_folder_fails_every_command_that_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs/api")).unwrap();
    write(dir.path(), "docs/README.txt", "not a page");
    for args in [
        &["generate", "docs", "--out", "client.rs"][..],
        &["check", "docs", "--against", "client.rs"],
        &["lint", "docs"],
        &["ir", "docs"],
        &["stats", "docs"],
    ] {
        let out = docgen(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("docgen: docs: no Markdown pages (.md) under this folder; nothing to generate"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(!dir.path().join("client.rs").exists(), "no empty client written");
}

#[test]
fn a_file_and_a_missing_folder_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "page.md", ORPHAN);
    let file = docgen(dir.path(), &["generate", "page.md", "--out", "client.rs"]);
    assert_eq!(file.status.code(), Some(2));
    assert!(
        stderr(&file).contains("docgen: page.md: is a file, not a docs folder; give the folder that holds the pages"),
        "{}",
        stderr(&file)
    );
    let missing = docgen(dir.path(), &["generate", "nowhere", "--out", "client.rs"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("docgen: nowhere: no such docs folder"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn an_orphan_response_is_reported_by_generate_ir_and_lint() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/api/thing-get.md", ORPHAN);
    let unpaired = "api/thing-get.md:5:1: warning[unpaired-response]: response has no request before it to pair with";
    let body = "api/thing-get.md:16:1: warning[body-json]";
    for args in [
        &["generate", "docs", "--out", "client.rs"][..],
        &["ir", "docs", "--out", "ir.json"],
    ] {
        let out = docgen(dir.path(), args);
        let err = stderr(&out);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(err.contains(unpaired) && err.contains(body), "{args:?}: {err}");
        assert!(err.contains("docgen: 2 diagnostics (0 errors, 2 warnings)"), "{err}");
    }
    // `ir` is quiet when asked, like `generate`.
    let quiet = docgen(dir.path(), &["ir", "docs", "--out", "ir.json", "-q"]);
    assert!(!stderr(&quiet).contains(unpaired), "{}", stderr(&quiet));
    let lint = docgen(dir.path(), &["lint", "docs", "--format", "json"]);
    let text = String::from_utf8_lossy(&lint.stdout);
    assert!(text.contains("\"unpaired-response\"") && text.contains("\"body-json\""), "{text}");
}

#[test]
fn fail_on_sets_the_exit_code_of_generate_check_and_lint() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/api/thing-get.md", ORPHAN);
    let d = dir.path();
    // Warnings only.
    let run = |args: &[&str]| docgen(d, args).status.code();
    assert_eq!(run(&["generate", "docs", "--out", "c.rs", "-q"]), Some(0));
    assert_eq!(run(&["generate", "docs", "--out", "c.rs", "-q", "--fail-on", "error"]), Some(0));
    let warned = docgen(d, &["generate", "docs", "--out", "c.rs", "-q", "--fail-on", "warning"]);
    assert_eq!(warned.status.code(), Some(1));
    assert!(
        stderr(&warned).contains("docgen: failing: 2 finding(s) at or above `--fail-on warning`"),
        "{}",
        stderr(&warned)
    );
    assert!(d.join("c.rs").is_file(), "written, then failed");
    assert_eq!(run(&["check", "docs", "--against", "c.rs"]), Some(0));
    assert_eq!(run(&["check", "docs", "--against", "c.rs", "--fail-on", "error"]), Some(0));
    assert_eq!(run(&["check", "docs", "--against", "c.rs", "--fail-on", "warning"]), Some(1));
    assert_eq!(run(&["lint", "docs"]), Some(0));
    assert_eq!(run(&["lint", "docs", "--fail-on", "warning"]), Some(1));
    // An error-level diagnostic: an unclosed fence.
    write(d, "docs/api/broken.md", "# Broken\n\n```http\nGET /things\n");
    assert_eq!(run(&["generate", "docs", "--out", "c.rs", "-q"]), Some(0));
    assert_eq!(run(&["generate", "docs", "--out", "c.rs", "-q", "--fail-on", "error"]), Some(1));
    assert_eq!(run(&["check", "docs", "--against", "c.rs", "--fail-on", "error"]), Some(1));
    assert_eq!(run(&["lint", "docs", "--fail-on", "error"]), Some(1));
    let bad = docgen(d, &["generate", "docs", "--out", "c.rs", "--fail-on", "nonsense"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn every_flag_has_help_text() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["ir", "generate", "check", "compare", "lint", "diff", "stats"] {
        let out = docgen(dir.path(), &[sub, "--help"]);
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{sub}");
        let lines: Vec<&str> = help.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            let t = l.trim_start();
            let indent = l.len() - t.len();
            // An argument's line (`  <DOCS>...`, `  -q, --quiet`, `      --out <OUT>`); its
            // help, possible values and default are indented further.
            let is_arg = (2..=6).contains(&indent)
                && (t.starts_with("--")
                    || t.starts_with('<')
                    || t.starts_with('[')
                    || (t.starts_with('-') && t.chars().nth(1).is_some_and(|c| c.is_ascii_alphabetic())));
            if !is_arg {
                continue;
            }
            // Help on the same line (after two spaces) or on the next, indented further.
            let same_line = t.contains("  ");
            let next_line = lines
                .get(i + 1)
                .is_some_and(|n| n.len() - n.trim_start().len() > l.len() - t.len() && !n.trim().is_empty());
            assert!(same_line || next_line, "`docgen {sub}`: no help for `{t}`\n{help}");
        }
    }
    let out = docgen(dir.path(), &["generate", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--out <OUT>", "--crate <DIR>", "--name <NAME>", "--license <SPDX>", "--fail-on <LEVEL>"] {
        assert!(help.contains(flag), "{flag}\n{help}");
    }
}

#[test]
fn a_crate_names_a_license_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&docs_input(), &d.join("docs"));
    let out = docgen(d, &["generate", "docs", "--crate", "plain", "--name", "plain", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(d.join("plain/Cargo.toml")).unwrap();
    assert!(!manifest.contains("license"), "{manifest}");
    let out = docgen(
        d,
        &["generate", "docs", "--crate", "mine", "--name", "mine", "--license", "MIT OR Apache-2.0", "-q"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = std::fs::read_to_string(d.join("mine/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nlicense = \"MIT OR Apache-2.0\"\n"), "{manifest}");
    // --license is about the crate: with --out it is refused.
    let refused = docgen(d, &["generate", "docs", "--out", "c.rs", "--license", "MIT"]);
    assert_eq!(refused.status.code(), Some(2));
}

/// The header names the program as it was run (an installed binary, not `cargo run`) and
/// every flag, `--runtime-dependency` included; run as written, it writes the same crate;
/// and `check` on the crate needs no flags.
#[test]
fn the_header_command_regenerates_the_crate_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&docs_input(), &d.join("docs"));
    let bin = env!("CARGO_BIN_EXE_docgen");
    let runtime = "{ path = \"../runtime\" }";
    let installed = |args: &[&str]| {
        // As a user's shell runs it: not under cargo.
        Command::new(bin)
            .args(args)
            .current_dir(d)
            .env_remove("CARGO")
            .env_remove("CARGO_PKG_NAME")
            .output()
            .unwrap()
    };
    let args = [
        "generate", "./docs/", "--crate", "client", "--name", "comms-client",
        "--runtime-dependency", runtime, "--license", "MIT", "--area", "cloud-communications",
        "--examples-test", "client/tests/examples.rs", "--vocab", "en,ru", "-q",
    ];
    let out = installed(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let lib = std::fs::read_to_string(d.join("client/src/lib.rs")).unwrap();
    let header = lib
        .lines()
        .find_map(|l| l.strip_prefix("// Regenerate with: "))
        .expect("a regenerate line");
    assert_eq!(
        header,
        format!(
            "{bin} generate docs --crate client --name comms-client --examples-test client/tests/examples.rs \
             --runtime-dependency '{runtime}' --license MIT --area cloud-communications --vocab en,ru"
        )
    );
    let manifest = std::fs::read_to_string(d.join("client/Cargo.toml")).unwrap();
    let test = std::fs::read_to_string(d.join("client/tests/examples.rs")).unwrap();
    // Run as written, from where it ran: the same files.
    std::fs::remove_dir_all(d.join("client")).unwrap();
    let again = Command::new("sh")
        .arg("-c")
        .arg(header)
        .current_dir(d)
        .env_remove("CARGO")
        .env_remove("CARGO_PKG_NAME")
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr(&again));
    let same = |rel: &str, before: &str| std::fs::read_to_string(d.join(rel)).unwrap() == before;
    assert!(same("client/src/lib.rs", &lib), "lib.rs differs");
    assert!(same("client/Cargo.toml", &manifest), "Cargo.toml differs");
    assert!(same("client/tests/examples.rs", &test), "examples.rs differs");
    // The check reads it all from the header.
    let check = installed(&["check", "docs", "--against", "client/src/lib.rs"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("client/src/lib.rs is up to date"));

    // Under `cargo run` the header says so, whatever the target directory.
    let out = Command::new(bin)
        .args(["generate", "docs", "--out", "m.rs", "-q"])
        .current_dir(d)
        .env("CARGO", "cargo")
        .env("CARGO_PKG_NAME", "docgen-cli")
        .output()
        .unwrap();
    assert!(out.status.success());
    let module = std::fs::read_to_string(d.join("m.rs")).unwrap();
    assert!(
        module.contains("\n// Regenerate with: cargo run -p docgen-cli -- generate docs --out m.rs\n"),
        "{}",
        &module[..300]
    );
}

#[test]
fn a_selection_lists_the_diagnostics_of_its_pages_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_dir(&docs_input(), &d.join("docs"));
    write(d, "docs/api/thing-get.md", ORPHAN);
    let all = docgen(d, &["generate", "docs", "--out", "all.rs"]);
    assert!(stderr(&all).contains("api/thing-get.md:5:1"), "{}", stderr(&all));
    let slice = docgen(
        d,
        &["generate", "docs", "--out", "calls.rs", "--path", "/communications/calls/**"],
    );
    let err = stderr(&slice);
    assert!(slice.status.success(), "{err}");
    assert!(!err.contains("thing-get.md"), "{err}");
    let summary = err.lines().last().unwrap();
    assert!(
        summary.starts_with("docgen: ") && summary.ends_with(" more on pages the selection does not use (`docgen lint` lists them)"),
        "{err}"
    );
}

/// A field too long for one line is broken by prettyplease with a trailing comma inside
/// `Option<…>`; the drift report's type text had it (`Vec<MultiValueLegacyExtendedProperty>,`).
#[test]
fn drift_type_text_has_no_stray_comma() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "docs/resources/message.md", MESSAGE);
    write(d, "docs/resources/multivaluelegacyextendedproperty.md", MULTI_VALUE);
    write(d, "docs/api/message-get.md", MESSAGE_GET);
    let out = docgen(d, &["generate", "docs", "--out", "c.rs", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let code = std::fs::read_to_string(d.join("c.rs")).unwrap();
    assert!(
        code.contains("Option<\n            Vec<MultiValueLegacyExtendedProperty>,\n        >"),
        "the field is broken over lines, as in the issue:\n{code}"
    );
    // The collection becomes one value.
    let one = MESSAGE
        .replace("(multivaluelegacyextendedproperty.md) collection |", "(multivaluelegacyextendedproperty.md) |")
        .replace("[{ \"@odata.type\": \"microsoft.graph.multiValueLegacyExtendedProperty\" }]", "{ \"@odata.type\": \"microsoft.graph.multiValueLegacyExtendedProperty\" }");
    assert_ne!(one, MESSAGE);
    write(d, "docs/resources/message.md", &one);
    let stale = docgen(d, &["check", "docs", "--against", "c.rs"]);
    let err = stderr(&stale);
    assert_eq!(stale.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`message.singleAndMultiValueExtendedProperties` is `MultiValueLegacyExtendedProperty`, was `Vec<MultiValueLegacyExtendedProperty>` (resources/message.md:13)"),
        "{err}"
    );
    assert!(!err.contains(">,`"), "{err}");
}

const MESSAGE: &str = r#"---
title: "message resource type"
doc_type: resourcePageType
---

# message resource type

## Properties

| Property | Type | Description |
|:---------|:-----|:------------|
| id | String | Unique identifier. |
| singleAndMultiValueExtendedProperties | [multiValueLegacyExtendedProperty](multivaluelegacyextendedproperty.md) collection | Extended properties. |

## JSON representation

<!-- { "blockType": "resource", "keyProperty": "id", "@odata.type": "microsoft.graph.message" } -->
```json
{ "id": "String (identifier)", "singleAndMultiValueExtendedProperties": [{ "@odata.type": "microsoft.graph.multiValueLegacyExtendedProperty" }] }
```
"#;

const MULTI_VALUE: &str = r#"---
title: "multiValueLegacyExtendedProperty resource type"
doc_type: resourcePageType
---

# multiValueLegacyExtendedProperty resource type

## Properties

| Property | Type | Description |
|:---------|:-----|:------------|
| id | String | The property id. |
| value | String collection | The values. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.multiValueLegacyExtendedProperty" } -->
```json
{ "id": "String", "value": ["String"] }
```
"#;

const MESSAGE_GET: &str = r#"---
title: "Get message"
doc_type: apiPageType
---

# Get message

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
GET /me/messages/{id}
```

## Example

<!-- { "blockType": "request", "name": "message-get" } -->
```http
GET https://graph.microsoft.com/v1.0/me/messages/AAMk1
```

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.message" } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{ "id": "AAMk1" }
```
"#;
