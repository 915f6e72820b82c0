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
