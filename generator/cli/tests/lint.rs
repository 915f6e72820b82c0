//! `docgen lint` on real files: the project's docs with one mistake of each kind put in,
//! each found at its page and line; levels, config, in-page silencing, exit status and
//! the output formats.

use serde_json::Value;
use std::path::Path;

mod support;
use std::process::Output;
use support::{copy_dir, docgen};

/// Replaces `from` by `to` once in a page, returning the 1-based line where `marker`
/// then stands.
fn edit(docs: &Path, page: &str, from: &str, to: &str, marker: &str) -> usize {
    let path = docs.join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{page} holds {from:?}");
    let text = text.replacen(from, to, 1);
    std::fs::write(&path, &text).unwrap();
    line_of(docs, page, marker)
}

fn line_of(docs: &Path, page: &str, marker: &str) -> usize {
    let text = std::fs::read_to_string(docs.join(page)).unwrap();
    text.lines()
        .position(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("{page} holds {marker:?}"))
        + 1
}

fn findings(out: &Output) -> Vec<(String, usize, String)> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn broken_docs() -> (tempfile::TempDir, Vec<(&'static str, usize, &'static str)>) {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs-input"),
        &docs,
    );
    let (call, ops) = ("api/call-get.md", "resources/commsoperation.md");
    let edits = [
        (call, "  \"state\": \"established\",", "  \"state\": \"finished\",\n  \"notAProperty\": 1,"),
        (call, "  \"requestedModalities\": [\n    \"audio\"\n  ],", "  \"requestedModalities\": \"audio\","),
        // A second request under the first one's name, with no response after it.
        (call, "  \"tenantId\": \"b8d74b2f-965d-4df9-a082-850e08c0724a\"\n}\n```\n", "  \"tenantId\": \"b8d74b2f-965d-4df9-a082-850e08c0724a\"\n}\n```\n\n<!-- {\n  \"blockType\": \"request\",\n  \"name\": \"call-get\"\n}-->\n```http\nGET https://graph.microsoft.com/v1.0/communications/calls/other\n```\n"),
        (call, "  \"tenantId\": \"b8d74b2f-965d-4df9-a082-850e08c0724a\"", "  \"tenantId\": 42"),
        (call, "the [call](../resources/call.md) object", "the [call](../resources/cal.md) object, as [the HTTP request](#http-reqest) says"),
        (ops, "| id            | String                                               |", "| id            |                                                      |"),
        (ops, "  \"clientContext\": \"String\",\n", "  \"surplus\": \"String\",\n"),
    ];
    for (page, from, to) in edits {
        edit(&docs, page, from, to, "");
    }
    let at = |page, marker| line_of(&docs, page, marker);
    let expected = vec![
        (
            call,
            at(call, "\"state\": \"finished\""),
            "invalid-enum-value",
        ),
        (call, at(call, "\"notAProperty\": 1"), "unknown-property"),
        (
            call,
            at(call, "\"requestedModalities\": \"audio\""),
            "wrong-shape",
        ),
        (call, at(call, "\"tenantId\": 42"), "invalid-value"),
        (call, at(call, "resources/cal.md"), "broken-link"),
        (call, at(call, "resources/cal.md"), "broken-anchor"),
        (call, at(call, "calls/other"), "request-without-response"),
        // The annotation of the second request named `call-get`.
        (call, at(call, "calls/other") - 5, "duplicate-example-name"),
        (ops, at(ops, "| id            |   "), "missing-type-cell"),
        (ops, at(ops, "| clientContext |"), "property-not-in-json"),
        (ops, at(ops, "\"surplus\""), "property-not-in-table"),
    ];
    (dir, expected)
}

#[test]
fn each_check_finds_its_mistake_where_it_is() {
    let (dir, expected) = broken_docs();
    let out = docgen(dir.path(), &["lint", "docs", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let found = findings(&out);
    for (page, line, code) in &expected {
        assert!(
            found
                .iter()
                .any(|(p, l, c)| p == page && l == line && c == code),
            "{code} at {page}:{line} not found in {found:#?}"
        );
    }
    // Nothing else: the rest of the docs is clean, and one mistake is one finding.
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}

#[test]
fn levels_config_and_in_page_silencing_decide_the_exit_status() {
    let (dir, _) = broken_docs();
    let docs = dir.path().join("docs");
    std::fs::write(
        docs.join(".docgen-lint.json"),
        r#"{"deny": ["broken-link"]}"#,
    )
    .unwrap();
    let out = docgen(dir.path(), &["lint", "docs"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    // rustc-like: the code, the place, the source line, the span underlined, a help line.
    assert!(
        text.contains("error[broken-link]: `../resources/cal.md` names no page in the docs"),
        "{text}"
    );
    assert!(text.contains("--> docs/api/call-get.md:"), "{text}");
    assert!(text.contains("^^^^^^^^^^^^^^^^^^^"), "{text}");
    assert!(
        text.contains("help: add `notAProperty` to the properties table"),
        "{text}"
    );
    assert!(text.contains("1 errors"), "{text}");

    // The command line wins over the config file.
    let out = docgen(
        dir.path(),
        &["lint", "docs", "--allow", "broken-link", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(!findings(&out).iter().any(|f| f.2 == "broken-link"));
    let out = docgen(
        dir.path(),
        &[
            "lint",
            "docs",
            "--deny",
            "unknown-property",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));

    // A page silences one code for its section.
    edit(
        &docs,
        "api/call-get.md",
        "#### Response\n",
        "#### Response\n\n<!-- docgen-lint allow unknown-property, wrong-shape -->\n",
        "docgen-lint allow",
    );
    let out = docgen(
        dir.path(),
        &[
            "lint",
            "docs",
            "--deny",
            "unknown-property",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"unknown-property") && !codes.contains(&"wrong-shape"),
        "{codes:?}"
    );
    assert!(codes.contains(&"invalid-enum-value"), "{codes:?}");
    assert_eq!(v["silenced"], 2, "{v}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "broken-link is still denied by the config"
    );

    // A typo in a code is an error, not a silent default.
    let out = docgen(dir.path(), &["lint", "docs", "--deny", "unknown-propety"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown lint code `unknown-propety`"));
}

#[test]
fn sarif_and_github_formats_carry_every_finding() {
    let (dir, expected) = broken_docs();
    let out = docgen(dir.path(), &["lint", "docs", "--format", "sarif"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i], r["ruleId"].as_str().unwrap());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("docs/"));
        assert!(loc["region"]["startLine"].as_u64().unwrap() > 0);
    }

    let out = docgen(dir.path(), &["lint", "docs", "--format", "github"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), expected.len(), "{text}");
    let (page, line, code) = expected[0];
    assert!(
        text.lines().any(
            |l| l.starts_with(&format!("::warning file=docs/{page},line={line},"))
                && l.contains(&format!("title=docgen[{code}]::"))
        ),
        "{text}"
    );
}

#[test]
fn explain_names_the_level_and_the_fix() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = docgen(here, &["lint", "--explain", "unknown-property"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.starts_with("unknown-property (warning by default): "),
        "{text}"
    );
    assert!(text.contains("openType"), "{text}");
    let out = docgen(here, &["lint", "--explain", "no-such-code"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_project_docs_are_clean_in_both_languages() {
    // docs-input holds an English and a Russian page; both read without a finding.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = docgen(&root, &["lint", "docs-input", "--format", "json"]);
    assert!(out.status.success());
    assert_eq!(findings(&out), Vec::new());
}
