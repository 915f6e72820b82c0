//! The `docgen` command: IR, code, crates, drift checks and figures from annotated docs.
//!
//! ```text
//! docgen generate docs --out src/client.rs       # a module to `include!` or `mod`
//! docgen generate docs --crate graph --name graph-client --license MIT
//! docgen check docs --against src/client.rs      # the header says how it was generated
//! docgen lint docs --fail-on warning
//! ```

mod check_cmd;
mod generate_cmd;
mod lint_cmd;
mod report;
mod select_args;
mod spec;

use clap::{Parser, Subcommand};
use docgen_codegen::vocab::Vocab;
use docgen_codegen::Config;
use report::FailOn;
use select_args::Select;
use std::path::PathBuf;
use std::process::ExitCode;

mod mock;
mod permissions;
mod routes;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

/// Which changes fail `docgen diff`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFailOn {
    /// A change that breaks code using the generated API.
    Breaking,
    /// Any change.
    Any,
}

#[derive(Subcommand)]
enum Command {
    /// Write the intermediate representation (types, operations, diagnostics) as JSON.
    Ir {
        /// Docs folders to read (every `.md` page under each).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Output file (standard output when absent).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print no diagnostics, only their count.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Generate the Rust module (`--out FILE`) or a whole crate (`--crate DIR --name NAME`).
    Generate {
        /// Docs folders to read (every `.md` page under each).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Write the generated module to this file (to `include!` or use as a module).
        #[arg(long, required_unless_present = "crate_dir", conflicts_with = "crate_dir")]
        out: Option<PathBuf>,
        /// Write a whole crate into this folder (Cargo.toml and src/lib.rs), with a cargo
        /// feature per product area; needs --name.
        #[arg(long = "crate", value_name = "DIR", requires = "name")]
        crate_dir: Option<PathBuf>,
        /// With --crate: the crate's package name.
        #[arg(long)]
        name: Option<String>,
        /// With --crate: the crate's license, an SPDX expression (`MIT OR Apache-2.0`);
        /// the manifest names none unless given.
        #[arg(long, value_name = "SPDX", requires = "crate_dir")]
        license: Option<String>,
        /// Also write a round-trip test of every documented example to this file.
        #[arg(long, value_name = "FILE")]
        examples_test: Option<PathBuf>,
        /// Print no diagnostics, only their count.
        #[arg(long, short)]
        quiet: bool,
        /// Exit non-zero (after writing) when a diagnostic of this severity or worse remains.
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
        #[command(flatten)]
        select: Select,
        /// The path generated code reaches the runtime crate by.
        #[arg(long, default_value = docgen_codegen::emit::DEFAULT_RUNTIME_PATH)]
        runtime_path: String,
        /// With --crate: the docgen-runtime dependency, as a Cargo.toml value such as
        /// '"0.1"' or '{ path = "../runtime" }' (default: the version, and the path of the
        /// runtime source this docgen was built from, when it exists).
        #[arg(long, requires = "crate_dir", value_name = "TOML")]
        runtime_dependency: Option<String>,
    },
    /// Fail when the checked-in file differs from what the docs generate now. The flags it
    /// was generated with are read from its header; flags given here override them.
    Check {
        /// Docs folders to read (every `.md` page under each).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// The generated file to check: a module, or a generated crate's src/lib.rs.
        #[arg(long, value_name = "FILE")]
        against: PathBuf,
        /// Also check the round-trip test file written by `generate --examples-test`
        /// (default: the one the header names, if any).
        #[arg(long, value_name = "FILE")]
        examples_test: Option<PathBuf>,
        /// The selection the file was generated with (default: the header's), so a slice
        /// is checked as the slice it is.
        #[command(flatten)]
        select: Select,
        /// The runtime path the file was generated with (default: the header's).
        #[arg(long)]
        runtime_path: Option<String>,
        /// Also fail when a diagnostic of this severity or worse remains.
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
    },
    /// Compare two descriptions of one API (say English and Russian): what differs.
    Compare {
        /// The first docs folder.
        first: PathBuf,
        /// The second docs folder.
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
    /// Check the docs as their authors need: every diagnostic, examples against declared
    /// types, links and anchors, tables against JSON blocks. Non-zero exit when an
    /// error-level finding remains (or any, with `--fail-on warning`).
    Lint {
        /// Docs folders to read (every `.md` page under each).
        #[arg(required_unless_present = "explain")]
        docs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: docgen_codegen::lint::render::Format,
        /// Make a code an error (`all` for every code); repeatable.
        #[arg(long, value_name = "CODE")]
        deny: Vec<String>,
        /// Make a code a warning; repeatable.
        #[arg(long, value_name = "CODE")]
        warn: Vec<String>,
        /// Drop a code's findings; repeatable.
        #[arg(long, value_name = "CODE")]
        allow: Vec<String>,
        /// Explain a code (`all` lists every code) and exit.
        #[arg(long, value_name = "CODE")]
        explain: Option<String>,
        /// The least severe finding that fails the run.
        #[arg(long, value_enum, value_name = "LEVEL", default_value = "error")]
        fail_on: FailOn,
    },
    /// What changed in the API between two docs folders or IR files (`docgen ir`), each
    /// change breaking or additive for the generated Rust API.
    Diff {
        /// The old docs folder or IR file.
        old: PathBuf,
        /// The new docs folder or IR file.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: docgen_codegen::diff::render::Format,
        /// Exit non-zero when a change of this impact (or any) is found.
        #[arg(long, value_enum)]
        fail_on: Option<DiffFailOn>,
        /// How many changes to list (text and Markdown).
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// Serve the docs as a local Graph for tests: documented answers, typed checks,
    /// paging, `$batch`, state and seeded faults (see docs/mock.md).
    Mock {
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        #[command(flatten)]
        select: Select,
        #[command(flatten)]
        mock: mock::MockArgs,
    },
    /// The least permissions per scheme that cover a list of calls or a selection of
    /// routes, with the pages that say so. Non-zero exit when no call has documented ones.
    Permissions(permissions::PermissionsArgs),
    /// Print coverage figures: blocks, operations, types, tables, agreement.
    Stats {
        /// Docs folders to read (every `.md` page under each).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Fail when a figure falls below its floor in this JSON file.
        #[arg(long)]
        floor: Option<PathBuf>,
        /// List the product areas (`ms.prod`) with their operation and type counts instead.
        #[arg(long)]
        areas: bool,
    },
    /// List each route with the Rust call that sends it and the page documenting it
    /// (`GET /users/{user-id}/messages  client.users().by_id(..).messages().list()`).
    Routes(routes::RoutesArgs),
}

/// The [`spec::Spec`] of a `generate` command line (`docgen generate …`), as `check`
/// reads it back from a header; `None` when it does not parse as one.
fn generate_spec(argv: impl IntoIterator<Item = String>) -> Option<spec::Spec> {
    let cli = Cli::try_parse_from(argv).ok()?;
    match cli.command {
        Command::Generate {
            docs,
            out,
            crate_dir,
            name,
            license,
            examples_test,
            select,
            runtime_path,
            runtime_dependency,
            ..
        } => Some(spec::Spec {
            docs,
            target: match (out, crate_dir, name) {
                (Some(o), _, _) => spec::Target::Module(o),
                (None, Some(dir), Some(name)) => spec::Target::Crate { dir, name },
                _ => return None,
            },
            examples_test,
            runtime_path,
            runtime_dependency,
            license,
            vocab: cli.vocab,
            select,
        }),
        _ => None,
    }
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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("docgen: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let vocab = vocab_of(cli.vocab.clone())?;
    match cli.command {
        Command::Routes(args) => return routes::run(args, &vocab),
        Command::Ir { docs, out, quiet } => {
            let (ir, _) = config(&docs, String::new(), &vocab).load()?;
            let json = serde_json::to_string_pretty(&ir)? + "\n";
            match out {
                Some(path) => docgen_codegen::write_if_changed(&path, &json)?,
                None => print!("{json}"),
            }
            report::print(&ir.diagnostics, quiet, 0);
        }
        Command::Generate {
            docs,
            out,
            crate_dir,
            name,
            license,
            examples_test,
            quiet,
            fail_on,
            select,
            runtime_path,
            runtime_dependency,
        } => {
            let target = match (out, crate_dir, name) {
                (Some(o), _, _) => spec::Target::Module(o),
                (None, Some(dir), Some(name)) => spec::Target::Crate { dir, name },
                _ => unreachable!("clap requires --out or --crate with --name"),
            };
            let spec = spec::Spec {
                docs,
                target,
                examples_test,
                runtime_path,
                runtime_dependency,
                license,
                vocab: cli.vocab,
                select,
            };
            return generate_cmd::run(&spec, &vocab, quiet, fail_on);
        }
        Command::Check {
            docs,
            against,
            examples_test,
            select,
            runtime_path,
            fail_on,
        } => {
            let given = check_cmd::Given {
                examples_test,
                select,
                runtime_path,
                vocab: cli.vocab,
            };
            return check_cmd::run(&docs, &against, given, fail_on);
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
            let comparison = docgen_codegen::compare::compare(&a, &b);
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
        Command::Permissions(args) => return permissions::run(args, &vocab),
        Command::Lint {
            docs,
            format,
            deny,
            warn,
            allow,
            explain,
            fail_on,
        } => return lint_cmd::run(docs, format, deny, warn, allow, explain, fail_on),
        Command::Diff {
            old,
            new,
            format,
            fail_on,
            limit,
        } => {
            // The two sides are independent: read them at once.
            let (a, b) = rayon::join(|| load_ir(&old), || load_ir(&new));
            let changes = docgen_codegen::diff::diff(&a?, &b?);
            print!("{}", docgen_codegen::diff::render::render(&changes, format, limit));
            let breaking = changes
                .iter()
                .any(|c| c.impact == docgen_codegen::diff::Impact::Breaking);
            let fail = match fail_on {
                Some(DiffFailOn::Breaking) => breaking,
                Some(DiffFailOn::Any) => !changes.is_empty(),
                None => false,
            };
            if fail {
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Mock { docs, select, mock } => {
            return mock::run(select.apply(config(&docs, String::new(), &vocab)), mock)
        }
        Command::Stats {
            docs,
            json,
            floor: _,
            areas: true,
        } => {
            let (ir, _) = config(&docs, String::new(), &vocab).load()?;
            let areas = docgen_codegen::select::areas::stats(&ir);
            if json {
                println!("{}", serde_json::to_string_pretty(&areas)?);
            } else {
                println!(
                    "| area | operations | types (own pages) | types generated for the area |"
                );
                println!("|---|---|---|---|");
                for a in &areas {
                    println!(
                        "| {} | {} | {} | {} |",
                        a.area, a.operations, a.types, a.reached
                    );
                }
            }
        }
        Command::Stats {
            docs, json, floor, ..
        } => {
            let cfg = config(&docs, String::new(), &vocab);
            let output = cfg.generate()?;
            let report = docgen_codegen::stats::Report::new(&output);
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

/// A docs folder, or an IR file written by `docgen ir`.
fn load_ir(path: &std::path::Path) -> Result<docgen_codegen::ir::Ir, String> {
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        return serde_json::from_str(&text)
            .map_err(|e| format!("{}: not an IR file: {e}", path.display()));
    }
    Config::new()
        .input(path)
        .load()
        .map(|(ir, _)| ir)
        .map_err(|e| e.to_string())
}
