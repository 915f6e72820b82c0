//! `docgen routes`: from a URL (as the docs and Graph Explorer write it) to the Rust call
//! that sends it, and the page documenting it.

use clap::Args;
use docgen_codegen::emit::lookup::{route_calls, RouteCall};
use docgen_codegen::select::glob::path_matches;
use docgen_codegen::vocab::Vocab;
use docgen_codegen::Config;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct RoutesArgs {
    #[arg(required = true)]
    docs: Vec<PathBuf>,
    /// Only routes matching this path glob (`/me/messages/**`, `/users/*/messages`);
    /// repeatable.
    #[arg(long = "path", value_name = "GLOB")]
    paths: Vec<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Lists the routes; fails when none matches (there is nothing to look up).
pub fn run(args: RoutesArgs, vocab: &Vocab) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let config = args
        .docs
        .iter()
        .fold(Config::new(), |c, d| c.input(d))
        .vocab(vocab.clone());
    let (ir, _) = config.load()?;
    let routes: Vec<RouteCall> = route_calls(&ir)
        .into_iter()
        .filter(|r| args.paths.is_empty() || args.paths.iter().any(|g| path_matches(g, &r.path)))
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&routes)?)?,
        Format::Human => {
            // Routes padded to a common width (up to a point), so the calls line up.
            let width = routes
                .iter()
                .map(|r| r.method.len() + 1 + r.path.chars().count())
                .filter(|&w| w <= 72)
                .max()
                .unwrap_or(0);
            for r in &routes {
                let route = format!("{} {}", r.method, r.path);
                let more = match r.pages.len() {
                    0 | 1 => String::new(),
                    n => format!(" (+{} pages)", n - 1),
                };
                writeln!(out, "{route:width$}  {}  {}{more}", r.call, r.page)?;
            }
        }
    }
    out.flush()?;
    if routes.is_empty() {
        eprintln!("docgen: no route matches");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
