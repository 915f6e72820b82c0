//! `docgen permissions`: the least permissions per scheme that cover a list of calls or a
//! selection of routes, with the pages that say so.

use clap::Args;
use docgen_codegen::ir::Scheme;
use docgen_codegen::permissions::{needs, select, Call, Needs};
use docgen_codegen::vocab::Vocab;
use docgen_codegen::Config;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct PermissionsArgs {
    #[arg(required = true)]
    docs: Vec<PathBuf>,
    /// A file of calls, one a line: `METHOD /path` or `/path` (every method on it); `#`
    /// starts a comment. Parameter spellings do not matter (`{id}` is `{user-id}`).
    #[arg(long, required_unless_present = "paths")]
    calls: Option<PathBuf>,
    /// Operations whose route matches a path glob (`/me/messages/**`); repeatable.
    #[arg(long = "path", value_name = "GLOB")]
    paths: Vec<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn run(args: PermissionsArgs, vocab: &Vocab) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut calls: Vec<Call> = args
        .paths
        .iter()
        .map(|p| Call {
            method: None,
            path: p.clone(),
        })
        .collect();
    if let Some(file) = &args.calls {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        calls.extend(text.lines().filter_map(Call::parse));
    }
    let (ir, _) = args
        .docs
        .iter()
        .fold(Config::new(), |c, d| c.input(d))
        .vocab(vocab.clone())
        .load()?;
    let (ops, unmatched) = select(&ir, &calls);
    let mut answer = needs(&ops);
    answer.unmatched = unmatched;
    let text = if args.json {
        serde_json::to_string_pretty(&answer)? + "\n"
    } else {
        human(&answer)
    };
    // A reader that stops early (`| head`) is no error.
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    // Nothing useful: no call matched an operation the docs give permissions for.
    Ok(if ops.len() > answer.undocumented.len() {
        ExitCode::SUCCESS
    } else {
        eprintln!("docgen: no call matched an operation with documented permissions");
        ExitCode::FAILURE
    })
}

fn human(n: &Needs) -> String {
    let mut s = String::new();
    for scheme in &n.schemes {
        let Some(k) = scheme.scheme else { continue };
        let _ = writeln!(s, "{}:", k.title());
        if scheme.permissions.is_empty() {
            let _ = writeln!(s, "  (none)");
        } else {
            let _ = writeln!(s, "  {}", scheme.permissions.join(", "));
        }
        for r in &scheme.because {
            let case = r
                .case
                .as_deref()
                .map_or(String::new(), |c| format!(" [{c}]"));
            let _ = writeln!(
                s,
                "    {}{case}: {} ({})",
                r.operation, r.allowed_by, r.source
            );
        }
        for op in &scheme.unsupported {
            let _ = writeln!(s, "    {op}: not supported by this scheme");
        }
        if k != Scheme::Application {
            s.push('\n');
        }
    }
    for op in &n.undocumented {
        let _ = writeln!(s, "warning: {op}: no page gives its permissions");
    }
    for c in &n.unmatched {
        let _ = writeln!(s, "warning: {c}: matches no operation");
    }
    s
}
