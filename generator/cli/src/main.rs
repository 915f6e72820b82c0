//! The `docgen` command: IR, code, crates, drift checks and figures from annotated docs.

use clap::{Args, Parser, Subcommand};
use docgen_codegen::vocab::Vocab;
use docgen_codegen::{check, select::Selector, Config};
use std::path::PathBuf;
use std::process::ExitCode;

mod permissions;

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

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Breaking,
    Any,
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
        #[command(flatten)]
        select: Select,
        /// The path generated code reaches the runtime crate by.
        #[arg(long, default_value = docgen_codegen::emit::DEFAULT_RUNTIME_PATH)]
        runtime_path: String,
        /// With --crate: the docgen-runtime dependency, as a Cargo.toml value such as
        /// '"0.1"' or '{ path = "../runtime" }' (default: the version, and the path of the
        /// runtime source this docgen was built from, when it exists).
        #[arg(long, requires = "crate_dir")]
        runtime_dependency: Option<String>,
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
        /// The selection the module was generated with (a slice is checked as a slice).
        #[command(flatten)]
        select: Select,
        /// The runtime path the module was generated with.
        #[arg(long, default_value = docgen_codegen::emit::DEFAULT_RUNTIME_PATH)]
        runtime_path: String,
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
    /// Check the docs as their authors need: every diagnostic, examples against declared
    /// types, links and anchors, tables against JSON blocks. Non-zero exit when an
    /// error-level finding remains.
    Lint {
        #[arg(required_unless_present = "explain")]
        docs: Vec<PathBuf>,
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
    },
    /// What changed in the API between two docs folders or IR files (`docgen ir`), each
    /// change breaking or additive for the generated Rust API.
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: docgen_codegen::diff::render::Format,
        /// Exit non-zero when a change of this impact (or any) is found.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        /// How many changes to list (text and Markdown).
        #[arg(long, default_value_t = 200)]
        limit: usize,
    },
    /// The least permissions per scheme that cover a list of calls or a selection of
    /// routes, with the pages that say so. Non-zero exit when no call has documented ones.
    Permissions(permissions::PermissionsArgs),
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
        /// List the product areas (`ms.prod`) with their operation and type counts instead.
        #[arg(long)]
        areas: bool,
    },
}

/// What to generate (default: everything). The selection closes over what it needs.
#[derive(Args, Default)]
struct Select {
    /// Every operation and type of a product area (`ms.prod`: `outlook`); repeatable.
    #[arg(long = "area", value_name = "AREA", value_delimiter = ',')]
    areas: Vec<String>,
    /// Operations whose route matches a path glob (`/me/messages/**`); repeatable.
    #[arg(long = "path", value_name = "GLOB")]
    paths: Vec<String>,
    /// Operations by name (`message-get`, `*` a wildcard); repeatable.
    #[arg(long = "operation", value_name = "NAME")]
    operations: Vec<String>,
    /// Types by name (`message`, `microsoft.graph.message`, `*` a wildcard); repeatable.
    #[arg(long = "type", value_name = "NAME")]
    types: Vec<String>,
    /// Leave out what a selector matches: `area:NAME`, `path:GLOB` (or just `/GLOB`),
    /// `operation:NAME`, `type:NAME`; repeatable.
    #[arg(long, value_name = "SELECTOR", value_parser = parse_selector)]
    exclude: Vec<Selector>,
    /// Follow no navigation property (relationship) when closing the selection: one to a
    /// type nothing else reaches becomes any JSON value.
    #[arg(long)]
    lean_navigation: bool,
}

fn parse_selector(s: &str) -> Result<Selector, String> {
    s.parse()
}

impl Select {
    fn apply(self, config: Config) -> Config {
        let include = self
            .areas
            .iter()
            .map(|a| Selector::area(a))
            .chain(self.paths.into_iter().map(Selector::path))
            .chain(self.operations.into_iter().map(Selector::operation))
            .chain(self.types.into_iter().map(Selector::ty));
        let config = include.fold(config, Config::select);
        self.exclude
            .into_iter()
            .fold(config, Config::exclude)
            .lean_navigation(self.lean_navigation)
    }

    /// The options as they were given, for the regenerate command in the header.
    fn args(&self) -> String {
        let mut out = String::new();
        let quote = |v: &str| {
            if v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c))
            {
                v.to_string()
            } else {
                format!("'{}'", v.replace('\'', "'\\''"))
            }
        };
        for (flag, values) in [
            ("--area", &self.areas),
            ("--path", &self.paths),
            ("--operation", &self.operations),
            ("--type", &self.types),
        ] {
            for v in values {
                out.push_str(&format!(" {flag} {}", quote(v)));
            }
        }
        for e in &self.exclude {
            out.push_str(&format!(" --exclude {}", quote(&e.to_string())));
        }
        if self.lean_navigation {
            out.push_str(" --lean-navigation");
        }
        out
    }
}

/// `--examples-test` and a non-default `--runtime-path` as `generate` was given them, for the
/// regenerate command in the header (which `check` must write the same way).
fn output_args(examples_test: Option<&std::path::Path>, runtime_path: &str) -> String {
    let mut extra = examples_test
        .map(|p| format!(" --examples-test {}", docgen_codegen::path_key(p)))
        .unwrap_or_default();
    if runtime_path != docgen_codegen::emit::DEFAULT_RUNTIME_PATH {
        extra.push_str(&format!(" --runtime-path {runtime_path}"));
    }
    extra
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
        .map(|d| docgen_codegen::path_key(d))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How to run this same binary from where it was run: `docgen` when it was found on
/// `PATH`, else the path it was started by (`target/debug/docgen`, `/usr/local/bin/docgen`).
fn this_binary() -> String {
    match std::env::args_os().next().filter(|a| !a.is_empty()) {
        Some(argv0) => PathBuf::from(argv0).display().to_string(),
        None => std::env::current_exe()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| "docgen".to_string()),
    }
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

fn print_diagnostics(d: &[docgen_codegen::diag::Diagnostic], quiet: bool) {
    if !quiet {
        // Standard error is unbuffered: one write per diagnostic cost thousands of calls.
        use std::io::Write;
        let mut err = std::io::BufWriter::new(std::io::stderr().lock());
        for x in d {
            let _ = writeln!(err, "{x}");
        }
    }
    let errors = d
        .iter()
        .filter(|x| x.severity == docgen_codegen::diag::Severity::Error)
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
                Some(path) => docgen_codegen::write_if_changed(&path, &json)?,
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
            select,
            runtime_path,
            runtime_dependency,
        } => {
            let target = match (&out, &crate_dir) {
                (Some(o), _) => format!("--out {}", docgen_codegen::path_key(o)),
                (None, Some(d)) => format!(
                    "--crate {} --name {}",
                    docgen_codegen::path_key(d),
                    name.as_deref().unwrap_or("")
                ),
                _ => unreachable!("clap requires --out or --crate"),
            };
            let extra = output_args(examples_test.as_deref(), &runtime_path);
            let command = format!(
                "cargo run -p docgen-cli -- generate {} {target}{extra}{}",
                docs_args(&docs),
                select.args()
            );
            // A crate gets a feature per area; a module to include stays ungated.
            let cfg = select
                .apply(config(&docs, command, &vocab))
                .area_features(crate_dir.is_some() && out.is_none())
                .runtime_path(runtime_path);
            let output = cfg.generate()?;
            if let Some(path) = &out {
                docgen_codegen::write_if_changed(path, &output.code)?;
            }
            if let (Some(dir), Some(name)) = (&crate_dir, &name) {
                docgen_codegen::write_crate(dir, name, &output, runtime_dependency.as_deref())?;
            }
            if let Some(path) = &examples_test {
                docgen_codegen::write_if_changed(
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
            select,
            runtime_path,
        } => {
            let extra = output_args(examples_test.as_deref(), &runtime_path);
            // The header records the command `generate` writes (paths by meaning, so
            // `./docs` and `docs` are one); the fix runs this binary from here.
            let args = format!(
                "generate {} --out {}{extra}{}",
                docs_args(&docs),
                docgen_codegen::path_key(&against),
                select.args()
            );
            let command = format!("cargo run -p docgen-cli -- {args}");
            let fix = format!("{} {args}", this_binary());
            let cfg = select
                .apply(config(&docs, command, &vocab))
                .runtime_path(runtime_path);
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
                if let Some(report) = check::compare(
                    &path.display().to_string(),
                    &current,
                    &fresh,
                    Some(&output.ir),
                    &fix,
                ) {
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
        } => return lint(docs, format, deny, warn, allow, explain),
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
                Some(FailOn::Breaking) => breaking,
                Some(FailOn::Any) => !changes.is_empty(),
                None => false,
            };
            if fail {
                return Ok(ExitCode::FAILURE);
            }
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

fn lint(
    docs: Vec<PathBuf>,
    format: docgen_codegen::lint::render::Format,
    deny: Vec<String>,
    warn: Vec<String>,
    allow: Vec<String>,
    explain: Option<String>,
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
    let files = config(&docs, String::new(), &Vocab::all()).sources()?;
    let report = lint::lint(&files, &levels);
    use std::io::IsTerminal;
    let color = format == lint::render::Format::Human && std::io::stdout().is_terminal();
    print!("{}", lint::render::render(&report, format, color));
    Ok(if report.errors() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
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
