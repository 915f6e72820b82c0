//! `docgen lint` on the real English corpus, against the judged sample in
//! `tests/fixtures/lint-precision-en.tsv`: every finding judged a real mistake is still
//! reported where it was, and the false positives found and fixed stay gone. The corpus
//! test runs when `DOCGEN_CORPUS=1` is set (as `.ci/run` does) and then fails if the corpus
//! is not beside the repository; a fresh clone's `cargo test` has no corpus to read.

use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

fn rows(file: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(file);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// The real corpus (`../shared/corpus/REL` beside the repository) when `DOCGEN_CORPUS=1`
/// asks for it; then it must be there.
fn corpus(rel: &str) -> Option<std::path::PathBuf> {
    if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
        eprintln!("not run: set DOCGEN_CORPUS=1 to test against ../shared/corpus");
        return None;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(rel);
    assert!(
        path.exists(),
        "DOCGEN_CORPUS=1 but the corpus is missing at {}",
        path.display()
    );
    Some(path)
}

#[test]
fn the_judged_sample_is_large_and_precise() {
    let sample = rows("lint-precision-en.tsv");
    assert!(sample.len() >= 100, "{} rows", sample.len());
    let real = sample.iter().filter(|r| r[3] == "real").count();
    assert!(
        real * 100 >= sample.len() * 95,
        "{real} of {} real",
        sample.len()
    );
    let codes: HashSet<&str> = sample.iter().map(|r| r[2].as_str()).collect();
    assert!(codes.len() >= 12, "spread over the codes: {codes:?}");
}

#[test]
fn the_corpus_findings_are_the_judged_ones() {
    let Some(corpus) = corpus("graph-v1.0-en") else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(["lint", corpus.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: HashSet<(String, String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["line"].to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for r in rows("lint-precision-en.tsv")
        .iter()
        .filter(|r| r[3] == "real")
    {
        let key = (r[0].clone(), r[1].clone(), r[2].clone());
        assert!(
            found.contains(&key),
            "judged real, no longer reported: {key:?}"
        );
    }
    for r in rows("lint-false-positives-en.tsv") {
        let key = (r[0].clone(), r[1].clone(), r[2].clone());
        assert!(
            !found.contains(&key),
            "a fixed false positive is back: {key:?} ({})",
            r[3]
        );
    }
}
