//! Diagnostics on standard error, and whether they fail the run (`--fail-on`).

use docgen_codegen::diag::{Diagnostic, Severity};

/// The least severe finding that fails the run.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Fail when an error-level finding remains.
    Error,
    /// Fail when any finding remains, warnings included.
    Warning,
}

impl FailOn {
    /// How many of `d` fail the run at this level.
    pub fn count(self, d: &[Diagnostic]) -> usize {
        d.iter()
            .filter(|x| self == FailOn::Warning || x.severity == Severity::Error)
            .count()
    }

    pub fn word(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
        }
    }
}

/// Every diagnostic (unless `quiet`), then one line of counts; `outside` diagnostics of
/// pages a selection does not use are counted on that line, not listed.
pub fn print(d: &[Diagnostic], quiet: bool, outside: usize) {
    if !quiet {
        // Standard error is unbuffered: one write per diagnostic cost thousands of calls.
        use std::io::Write;
        let mut err = std::io::BufWriter::new(std::io::stderr().lock());
        for x in d {
            let _ = writeln!(err, "{x}");
        }
    }
    let errors = d.iter().filter(|x| x.severity == Severity::Error).count();
    let rest = match outside {
        0 => String::new(),
        n => format!("; {n} more on pages the selection does not use (`docgen lint` lists them)"),
    };
    eprintln!(
        "docgen: {} diagnostics ({errors} errors, {} warnings){rest}",
        d.len(),
        d.len() - errors
    );
}

/// Whether `--fail-on` fails the run, saying so on standard error when it does.
pub fn fails(d: &[Diagnostic], fail_on: Option<FailOn>) -> bool {
    let Some(level) = fail_on else { return false };
    let n = level.count(d);
    if n > 0 {
        eprintln!(
            "docgen: failing: {n} finding(s) at or above `--fail-on {}`",
            level.word()
        );
    }
    n > 0
}
