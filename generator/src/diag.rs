//! Diagnostics: every problem found in the input, with its place.
//!
//! Rendered as `path:line:col: severity[code]: message`, the form editors and CI
//! annotations understand. Nothing in the pipeline panics on bad input: it reports here
//! and carries on.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.path, self.line, self.col, sev, self.code, self.message
        )
    }
}

/// Collects diagnostics for one file; positions are 1-based.
#[derive(Debug, Default)]
pub struct Sink {
    path: String,
    pub items: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(path: impl Into<String>) -> Self {
        Sink {
            path: path.into(),
            items: Vec::new(),
        }
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn warn(
        &mut self,
        line: usize,
        col: usize,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, line, col, code, message.into());
    }

    pub fn error(
        &mut self,
        line: usize,
        col: usize,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, line, col, code, message.into());
    }

    fn push(
        &mut self,
        severity: Severity,
        line: usize,
        col: usize,
        code: &'static str,
        message: String,
    ) {
        self.items.push(Diagnostic {
            path: self.path.clone(),
            line: line.max(1),
            col: col.max(1),
            severity,
            code,
            message,
        });
    }
}

/// Findings quoted in a [`summary`].
const SUMMARY_FINDINGS: usize = 3;
/// Codes counted by name in a [`summary`]; the rest are counted together.
const SUMMARY_CODES: usize = 6;

/// One line summing diagnostics up, for a build script's single `cargo:warning`: the
/// counts, the most frequent codes, the worst findings (errors first, then in order), and
/// where the whole list is. `None` when there is nothing to report.
pub fn summary(diagnostics: &[Diagnostic], listing: &std::path::Path) -> Option<String> {
    if diagnostics.is_empty() {
        return None;
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut by_code: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for d in diagnostics {
        *by_code.entry(d.code).or_default() += 1;
    }
    let mut codes: Vec<(&str, usize)> = by_code.into_iter().collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut counted: Vec<String> = codes
        .iter()
        .take(SUMMARY_CODES)
        .map(|(code, n)| format!("{code} {n}"))
        .collect();
    let rest: usize = codes.iter().skip(SUMMARY_CODES).map(|(_, n)| n).sum();
    if rest > 0 {
        counted.push(format!("{rest} more"));
    }
    let mut worst: Vec<&Diagnostic> = diagnostics.iter().collect();
    worst.sort_by_key(|d| d.severity);
    let findings: Vec<String> = worst
        .iter()
        .take(SUMMARY_FINDINGS)
        .map(|d| {
            d.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    Some(format!(
        "docgen: {} diagnostics in the docs ({errors} errors, {} warnings: {}); first: {}; all of them in {} (or Config::cargo_diagnostics(CargoDiagnostics::All))",
        diagnostics.len(),
        diagnostics.len() - errors,
        counted.join(", "),
        findings.join(" | "),
        listing.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(severity: Severity, code: &'static str, line: usize) -> Diagnostic {
        Diagnostic {
            path: "api/x.md".into(),
            line,
            col: 1,
            severity,
            code,
            message: format!("problem\non line {line}"),
        }
    }

    #[test]
    fn summary_is_one_line_with_counts_and_errors_first() {
        assert_eq!(summary(&[], std::path::Path::new("d.txt")), None);
        let mut all: Vec<Diagnostic> = (1..=9)
            .map(|i| {
                diag(
                    Severity::Warning,
                    ["a", "b", "c", "d", "e", "f", "g", "h", "a"][i - 1],
                    i,
                )
            })
            .collect();
        all.push(diag(Severity::Error, "bad-response", 40));
        let line = summary(&all, std::path::Path::new("out/graph.rs.diagnostics.txt")).unwrap();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.starts_with("docgen: 10 diagnostics in the docs (1 errors, 9 warnings: a 2, b 1, bad-response 1, c 1, d 1, e 1, 3 more); first: api/x.md:40:1: error[bad-response]: problem on line 40 | api/x.md:1:1: warning[a]"), "{line}");
        assert!(line.contains("out/graph.rs.diagnostics.txt"), "{line}");
    }
}
