//! The `docgen` command: IR, code, crates, drift checks and figures from annotated docs.

use clap::{Parser, Subcommand};
use docgen::vocab::Vocab;
use docgen::{check, Config};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "docgen",
    version,
    about = "Typed Rust models and an async client from annotated Markdown API docs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Read with these languages' vocabulary rows only (`en`, `en,ru`); every row when absent.
    /// `--vocab en` on a translation is the ablation that stands in for an unknown language.
    #[arg(long, global = true, value_delimiter = ',')]
    vocab: Option<Vec<String>>,
}

#[derive(Subcommand)]
enum Command {
    /// Write the intermediate representation (types, operations, diagnostics) as JSON.
    Ir {
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Generate the Rust module (`--out FILE`) or a whole crate (`--crate DIR --name NAME`).
    Generate {
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        #[arg(long, required_unless_present = "crate_dir")]
        out: Option<PathBuf>,
        #[arg(long = "crate", requires = "name")]
        crate_dir: Option<PathBuf>,
        #[arg(long)]
        name: Option<String>,
        /// Also write a round-trip test of every documented example to this file.
        #[arg(long)]
        examples_test: Option<PathBuf>,
        /// Print no diagnostics, only their count.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Fail when the checked-in module differs from what the docs generate now.
    Check {
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        #[arg(long)]
        against: PathBuf,
        /// Also check the round-trip test file written by `generate --examples-test`.
        #[arg(long)]
        examples_test: Option<PathBuf>,
    },
    /// Compare two descriptions of one API (say English and Russian): what differs.
    Compare {
        first: PathBuf,
        second: PathBuf,
        /// Read the second with these languages' rows only (`--vocab` applies to the first).
        #[arg(long, value_delimiter = ',')]
        second_vocab: Option<Vec<String>>,
        /// How many entries of each list to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Fail when a figure passes its limit in this JSON file (`max_` names are ceilings).
        #[arg(long)]
        floor: Option<PathBuf>,
    },
    /// Print coverage figures: blocks, operations, types, tables, agreement.
    Stats {
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Fail when a figure falls below its floor in this JSON file.
        #[arg(long)]
        floor: Option<PathBuf>,
    },
}

fn config(docs: &[PathBuf], command: String, vocab: &Vocab) -> Config {
    docs.iter()
        .fold(Config::new(), |c, d| c.input(d))
        .regenerate_command(command)
        .vocab(vocab.clone())
}

fn vocab_of(languages: Option<Vec<String>>) -> Result<Vocab, String> {
    let Some(languages) = languages else {
        return Ok(Vocab::all());
    };
    if let Some(l) = languages
        .iter()
        .find(|l| !Vocab::LANGUAGES.contains(&l.as_str()))
    {
        return Err(format!(
            "--vocab: the vocabulary has no rows for `{l}` (it has {})",
            Vocab::LANGUAGES.join(", ")
        ));
    }
    Ok(Vocab::only(languages))
}

fn docs_args(docs: &[PathBuf]) -> String {
    docs.iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The crate a module or test belongs to: `--name`, or the `[package]` name of the
/// nearest `Cargo.toml` above the output.
fn crate_name(name: Option<&str>, out: Option<&std::path::Path>) -> String {
    if let Some(n) = name {
        return n.replace('-', "_");
    }
    let mut dir = out.and_then(|o| std::fs::canonicalize(o.parent().unwrap_or(o)).ok());
    while let Some(d) = dir {
        if let Ok(text) = std::fs::read_to_string(d.join("Cargo.toml")) {
            if let Some(n) = text.lines().find_map(|l| {
                l.trim().strip_prefix("name").map(|r| {
                    r.trim_start()
                        .trim_start_matches('=')
                        .trim()
                        .trim_matches('"')
                        .to_string()
                })
            }) {
                return n.replace('-', "_");
            }
        }
        dir = d.parent().map(std::path::Path::to_path_buf);
    }
    "generated".to_string()
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("docgen: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_diagnostics(d: &[docgen::diag::Diagnostic], quiet: bool) {
    if !quiet {
        for x in d {
            eprintln!("{x}");
        }
    }
    let errors = d
        .iter()
        .filter(|x| x.severity == docgen::diag::Severity::Error)
        .count();
    eprintln!(
        "docgen: {} diagnostics ({errors} errors, {} warnings)",
        d.len(),
        d.len() - errors
    );
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let vocab = vocab_of(cli.vocab)?;
    match cli.command {
        Command::Ir { docs, out } => {
            let (ir, _) = config(&docs, String::new(), &vocab).load()?;
            let json = serde_json::to_string_pretty(&ir)? + "\n";
            match out {
                Some(path) => docgen::write_if_changed(&path, &json)?,
                None => print!("{json}"),
            }
            print_diagnostics(&ir.diagnostics, true);
        }
        Command::Generate {
            docs,
            out,
            crate_dir,
            name,
            examples_test,
            quiet,
        } => {
            let target = match (&out, &crate_dir) {
                (Some(o), _) => format!("--out {}", o.display()),
                (None, Some(d)) => format!(
                    "--crate {} --name {}",
                    d.display(),
                    name.as_deref().unwrap_or("")
                ),
                _ => unreachable!("clap requires --out or --crate"),
            };
            let extra = examples_test
                .as_ref()
                .map(|p| format!(" --examples-test {}", p.display()))
                .unwrap_or_default();
            let command = format!(
                "cargo run -p docgen -- generate {} {target}{extra}",
                docs_args(&docs)
            );
            let cfg = config(&docs, command, &vocab);
            let output = cfg.generate()?;
            if let Some(path) = &out {
                docgen::write_if_changed(path, &output.code)?;
            }
            if let (Some(dir), Some(name)) = (&crate_dir, &name) {
                docgen::write_crate(dir, name, &output)?;
            }
            if let Some(path) = &examples_test {
                docgen::write_if_changed(
                    path,
                    &cfg.examples_test_for(&output, &crate_name(name.as_deref(), out.as_deref()))?,
                )?;
            }
            print_diagnostics(&output.ir.diagnostics, quiet);
        }
        Command::Check {
            docs,
            against,
            examples_test,
        } => {
            let extra = examples_test
                .as_ref()
                .map(|p| format!(" --examples-test {}", p.display()))
                .unwrap_or_default();
            let command = format!(
                "cargo run -p docgen -- generate {} --out {}{extra}",
                docs_args(&docs),
                against.display()
            );
            let cfg = config(&docs, command.clone(), &vocab);
            let output = cfg.generate()?;
            let mut stale = false;
            let mut files = vec![(against.clone(), output.code.clone())];
            if let Some(p) = examples_test {
                files.push((
                    p,
                    cfg.examples_test_for(&output, &crate_name(None, Some(&against)))?,
                ));
            }
            for (path, fresh) in files {
                let current = std::fs::read_to_string(&path).unwrap_or_default();
                if let Some(report) =
                    check::compare(&path.display().to_string(), &current, &fresh, &command)
                {
                    eprint!("{report}");
                    stale = true;
                }
            }
            if stale {
                return Ok(ExitCode::FAILURE);
            }
            eprintln!("docgen: {} is up to date", against.display());
        }
        Command::Compare {
            first,
            second,
            second_vocab,
            limit,
            floor,
        } => {
            let second_vocab = match second_vocab {
                Some(l) => vocab_of(Some(l))?,
                None => vocab.clone(),
            };
            let (a, _) = Config::new().input(&first).vocab(vocab).load()?;
            let (b, _) = Config::new().input(&second).vocab(second_vocab).load()?;
            let comparison = docgen::compare::compare(&a, &b);
            print!("{}", comparison.markdown(limit));
            if let Some(path) = floor {
                let limits: std::collections::BTreeMap<String, f64> =
                    serde_json::from_str(&std::fs::read_to_string(&path)?)?;
                let beyond = comparison.beyond(&limits);
                for b in &beyond {
                    eprintln!("docgen: {}: {b}", path.display());
                }
                if !beyond.is_empty() {
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
        Command::Stats { docs, json, floor } => {
            let cfg = config(&docs, String::new(), &vocab);
            let output = cfg.generate()?;
            let report = docgen::stats::Report::new(&output);
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report.markdown());
            }
            if let Some(path) = floor {
                let floor: std::collections::BTreeMap<String, f64> =
                    serde_json::from_str(&std::fs::read_to_string(&path)?)?;
                let below = report.below(&floor);
                for b in &below {
                    eprintln!("docgen: {}: {b}", path.display());
                }
                if !below.is_empty() {
                    return Ok(ExitCode::FAILURE);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
