//! `docgen lint`: the docs checked as their authors need, or a code explained.

use crate::report::FailOn;
use docgen_codegen::vocab::Vocab;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    docs: Vec<PathBuf>,
    format: docgen_codegen::lint::render::Format,
    deny: Vec<String>,
    warn: Vec<String>,
    allow: Vec<String>,
    explain: Option<String>,
    fail_on: FailOn,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    use docgen_codegen::lint::{self, codes, Level};
    if let Some(code) = explain {
        if code == "all" {
            for c in codes::CODES {
                println!("{:<28} {:<8} {}", c.name, c.level.severity(), c.summary);
            }
            return Ok(ExitCode::SUCCESS);
        }
        return match codes::explain(&code) {
            Some(text) => {
                print!("{text}");
                Ok(ExitCode::SUCCESS)
            }
            None => {
                Err(format!("unknown lint code `{code}` (see `docgen lint --explain all`)").into())
            }
        };
    }
    let mut levels = lint::levels::Levels::from_config(&docs)?;
    // Command-line levels win over the config file; later kinds over earlier ones.
    for (codes, level) in [
        (allow, Level::Allow),
        (warn, Level::Warn),
        (deny, Level::Deny),
    ] {
        for c in codes {
            levels.set(&c, level)?;
        }
    }
    let files = crate::config(&docs, String::new(), &Vocab::all()).sources()?;
    let report = lint::lint(&files, &levels);
    use std::io::IsTerminal;
    let color = format == lint::render::Format::Human && std::io::stdout().is_terminal();
    print!("{}", lint::render::render(&report, format, color));
    let failing = match fail_on {
        FailOn::Error => report.errors(),
        FailOn::Warning => report.findings.len(),
    };
    Ok(if failing > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

