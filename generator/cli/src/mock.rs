//! `docgen mock`: serves the docs as a local Graph (the `docgen-mock` crate), or with
//! `--replay` measures how it answers the docs' own requests.

use clap::Args;
use docgen_codegen::Config;
use docgen_mock::{Faults, Mock, RateLimit};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct MockArgs {
    /// Port to listen on, on loopback (0: any free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Keep entity sets in memory: POST creates, GET reads, PATCH merges, PUT replaces,
    /// DELETE removes.
    #[arg(long)]
    stateful: bool,
    /// Items per page of a collection answer without `$top`.
    #[arg(long, default_value_t = 100)]
    page_size: usize,
    /// Answer requests without a bearer token (refused with 401 by default).
    #[arg(long)]
    no_token: bool,
    /// Seed of the faults (and of `$batch` answer order): the same seed, the same faults.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// A fault rule, `FAULT:RATE[@GLOB]`: `429:0.1`, `429=5:0.2@/me/**` (Retry-After
    /// seconds), `429=date:5:0.2`, `503:0.1`, `504:0.05`, `latency=200ms:1`, `stall:0.01`,
    /// `drop:0.01`; repeatable.
    #[arg(long = "fault", value_name = "FAULT:RATE[@GLOB]")]
    faults: Vec<String>,
    /// A `RateLimit-*` budget: `LIMIT/SECONDS` (`100/60`).
    #[arg(long, value_name = "LIMIT/SECONDS")]
    rate_limit: Option<String>,
    /// Print nothing per request.
    #[arg(long)]
    quiet: bool,
    /// Do not serve: send every documented request to a fresh mock and report how many
    /// were answered with their own documented response, and how many operations answer
    /// something typed.
    #[arg(long)]
    replay: bool,
}

pub fn run(config: Config, args: MockArgs) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let begun = std::time::Instant::now();
    let (ir, _) = config.load_selected()?;
    let read = begun.elapsed();
    if args.replay {
        let r = runtime.block_on(docgen_mock::replay(ir))?;
        for m in r.mismatches.iter().chain(&r.untyped) {
            println!("{}\t{}", m.source, m.reason);
        }
        let share = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        eprintln!(
            "docgen mock: {}/{} documented requests answered with their own response ({:.2} %); {}/{} operations answer something typed ({:.2} %)",
            r.answered_own, r.exchanges, share(r.answered_own, r.exchanges),
            r.typed, r.operations, share(r.typed, r.operations)
        );
        eprintln!(
            "docgen mock: docs read in {read:.2?}, mock started in {:.2?}; {} requests in {:.2?} ({:.0}/s, one connection)",
            r.startup, r.requests, r.elapsed,
            r.requests as f64 / r.elapsed.as_secs_f64().max(1e-9)
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut faults = Faults::seeded(args.seed);
    for f in &args.faults {
        faults = faults
            .parse_rule(f)
            .map_err(|e| format!("--fault {f}: {e}"))?;
    }
    if let Some(r) = &args.rate_limit {
        let (limit, secs) = r
            .split_once('/')
            .and_then(|(l, s)| Some((l.parse().ok()?, s.parse().ok()?)))
            .ok_or_else(|| format!("--rate-limit {r}: write LIMIT/SECONDS, `100/60`"))?;
        faults = faults.rate_limit(RateLimit {
            limit,
            window: Duration::from_secs(secs),
        });
    }
    let mut mock = Mock::from_ir(ir)
        .port(args.port)
        .stateful(args.stateful)
        .page_size(args.page_size)
        .require_token(!args.no_token)
        .faults(faults);
    if !args.quiet {
        mock = mock.on_request(|e| println!("{e}"));
    }
    runtime.block_on(async move {
        let graph = mock.start().await?;
        let (ops, exchanges) = graph.counts();
        eprintln!(
            "docgen mock: {ops} operations, {exchanges} documented exchanges, at {} (Ctrl-C stops)",
            graph.url()
        );
        tokio::signal::ctrl_c().await?;
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
