//! The docs authors' tools on the whole English corpus: `docgen lint` (read, merge, every
//! check) and `docgen diff` (two IRs from the docs, then the diff; and the diff alone).
//!
//! ```text
//! DOCGEN_CORPUS=1 cargo bench -p docgen-codegen --bench tools
//! ```
//!
//! Pages are read from disk once, outside the timing; what is timed is what the commands
//! do after reading. Runs when `DOCGEN_CORPUS=1` asks for the corpus (and then fails if it
//! is missing); otherwise says so and does nothing. See BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use docgen_codegen::{build_ir, diff, lint, Config};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

const EN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/corpus/graph-v1.0-en"
);

fn tools(c: &mut Criterion) {
    if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
        eprintln!("not run: set DOCGEN_CORPUS=1 to read {EN}");
        return;
    }
    assert!(
        Path::new(EN).is_dir(),
        "DOCGEN_CORPUS=1 but {EN} is missing"
    );
    let files = Config::new().input(EN).sources().expect("corpus reads");
    let levels = lint::levels::Levels::default();
    let mut g = c.benchmark_group("tools-en");
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(15));
    g.bench_function("lint", |b| {
        b.iter(|| black_box(lint::lint(&files, &levels).findings.len()))
    });
    g.bench_function("diff-from-docs", |b| {
        b.iter(|| {
            let (old, new) = rayon::join(|| build_ir(&files).0, || build_ir(&files).0);
            black_box(diff::diff(&old, &new).len())
        })
    });
    let (old, _) = build_ir(&files);
    let new = old.clone();
    g.bench_function("diff-only", |b| {
        b.iter(|| black_box(diff::diff(&old, &new).len()))
    });
    g.finish();
}

criterion_group!(benches, tools);
criterion_main!(benches);
