//! Whole-corpus benchmarks: each phase of the pipeline on the real Graph v1.0 corpus,
//! and the totals (from Markdown text in memory, and from the files on disk).
//!
//! `Config::generate` fuses emit and format: `emit::render` builds and formats chunks of
//! items in parallel. `4-emit` and `5-format` time the two serial phases of
//! `docgen_codegen::phases` (whole token stream, then one `syn` parse and `prettyplease` pass);
//! `4+5-render` times what `generate` really runs.
//!
//! ```text
//! DOCGEN_CORPUS=1 cargo bench -p docgen-codegen --bench corpus               # en and ru, every phase
//! DOCGEN_CORPUS=1 cargo bench -p docgen-codegen --bench corpus -- corpus-en  # English only
//! DOCGEN_CORPUS=1 RAYON_NUM_THREADS=1 cargo bench -p docgen-codegen --bench corpus -- corpus-en
//! ```
//!
//! The corpus lives outside the repository (`../shared/corpus`): the benchmarks run when
//! `DOCGEN_CORPUS=1` asks for it (and then fail if it is missing), and otherwise say so
//! and do nothing. Each phase's input is prepared outside the timed
//! closure; a phase that consumes its input gets a fresh copy per iteration through
//! `iter_batched`. A phase's output is dropped outside the timing (`iter_with_large_drop`
//! or `iter_batched`), while the input a phase consumes is dropped inside it, as in the
//! real pipeline — so parse + lower + infer + render add up to the in-memory total.
//!
//! Each benchmark takes a few seconds per iteration at most, so the samples are few
//! (10, flat sampling) and the measurement time is derived from one untimed run.
//! See BENCHMARKS.md at the root for the figures and how peak memory is measured.

use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, SamplingMode,
};
use docgen_codegen::diag::Sink;
use docgen_codegen::{phases, Config, SourceFile};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const CORPORA: &[(&str, &str)] = &[
    (
        "en",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/graph-v1.0-en"
        ),
    ),
    (
        "ru",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/corpus/graph-v1.0-ru"
        ),
    ),
];

const SAMPLES: usize = 10;

/// Pages used when the benchmarks run as tests (`cargo test --benches`, `--all-targets`):
/// criterion then runs each routine once, unoptimised, so a sample keeps that quick.
const TEST_MODE_PAGES: usize = 150;

/// Runs `f` once, untimed by criterion, and returns its result and how long it took.
fn once<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Enough measurement time for `SAMPLES` iterations of something that took `one`,
/// with some slack, so criterion neither warns nor runs far more iterations than needed.
fn budget<M: criterion::measurement::Measurement>(
    group: &mut BenchmarkGroup<'_, M>,
    one: Duration,
) {
    let want = one
        .mul_f64(SAMPLES as f64 * 1.3)
        .max(Duration::from_secs(2));
    group.measurement_time(want);
}

/// A fresh copy of parsed pages (a `Sink` is not `Clone`: rebuild it with its items).
fn clone_pages(
    pages: &[(docgen_codegen::doc::Page, Sink)],
) -> Vec<(docgen_codegen::doc::Page, Sink)> {
    pages
        .iter()
        .map(|(page, sink)| {
            let mut s = Sink::new(sink.path());
            s.items = sink.items.clone();
            (page.clone(), s)
        })
        .collect()
}

fn corpus(c: &mut Criterion) {
    // `cargo bench` passes `--bench`; `cargo test --benches` does not (criterion's test mode).
    let test_mode = !std::env::args().any(|a| a == "--bench");
    // A filter naming one corpus (`-- corpus-en`) spares the other's untimed first pass.
    let corpus_filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a.starts_with("corpus-"))
        .collect();
    for &(lang, dir) in CORPORA {
        let group_name = format!("corpus-{lang}");
        if !corpus_filters.is_empty()
            && !corpus_filters
                .iter()
                .any(|f| f.starts_with(&group_name) || group_name.starts_with(f.as_str()))
        {
            continue;
        }
        if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
            eprintln!("corpus benchmark: not run: set DOCGEN_CORPUS=1 to read {dir}");
            continue;
        }
        assert!(
            Path::new(dir).is_dir(),
            "DOCGEN_CORPUS=1 but {dir} is missing (the Graph v1.0 corpus is in shared/corpus)"
        );
        let config = Config::new().input(dir);
        let (mut files, t_read): (Vec<SourceFile>, _) =
            once(|| config.sources().expect("corpus reads"));
        if test_mode {
            eprintln!("corpus benchmark: test mode, {lang}: only the first {TEST_MODE_PAGES} pages; no total-from-disk");
            files.truncate(TEST_MODE_PAGES);
        }
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();

        // One untimed pass through the phases: the inputs of the next phase, and a rough
        // duration for each to size the measurement time.
        let (pages, t_parse) = once(|| phases::parse(&files));
        let (facts, t_lower) = once(|| phases::lower(clone_pages(&pages)));
        let ((ir, _stats), t_infer) = once(|| phases::infer(files.len(), facts.clone()));
        let (tokens, t_emit) = once(|| phases::emit(&ir));
        let (code, t_format) = once(|| phases::format(tokens).expect("generated code formats"));
        let (_, t_render) = once(|| {
            docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
                .expect("generated code formats")
        });
        eprintln!(
            "corpus {lang}: {} files, {:.1} MB of Markdown → {} types, {} operations, {} diagnostics → {} lines, {:.1} MB of Rust \
             (first pass: read {t_read:.2?}, parse {t_parse:.2?}, lower {t_lower:.2?}, infer {t_infer:.2?}, emit {t_emit:.2?}, format {t_format:.2?}, render {t_render:.2?})",
            files.len(),
            bytes as f64 / 1e6,
            ir.types.len(),
            ir.operations.len(),
            ir.diagnostics.len(),
            code.lines().count(),
            code.len() as f64 / 1e6,
        );
        drop(code);
        let t_total = t_parse + t_lower + t_infer + t_render;

        let mut group = c.benchmark_group(group_name);
        group
            .sample_size(SAMPLES)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(500));

        budget(&mut group, t_read);
        group.bench_function("0-read", |b| {
            b.iter_with_large_drop(|| config.sources().expect("corpus reads"))
        });

        budget(&mut group, t_parse);
        group.bench_function("1-parse", |b| {
            b.iter_with_large_drop(|| phases::parse(black_box(&files)))
        });

        budget(&mut group, t_lower);
        group.bench_function("2-lower", |b| {
            b.iter_batched(|| clone_pages(&pages), phases::lower, BatchSize::LargeInput)
        });

        budget(&mut group, t_infer);
        group.bench_function("3-infer", |b| {
            b.iter_batched(
                || facts.clone(),
                |f| phases::infer(files.len(), f),
                BatchSize::LargeInput,
            )
        });

        budget(&mut group, t_emit);
        group.bench_function("4-emit", |b| {
            b.iter_with_large_drop(|| phases::emit(black_box(&ir)))
        });

        budget(&mut group, t_format);
        group.bench_function("5-format", |b| {
            // Fresh tokens each time, not `tokens.clone()`: a clone shares its token vectors
            // (`Rc`), and `syn` would then copy them inside the timing.
            b.iter_batched(
                || phases::emit(&ir),
                |t| phases::format(t).expect("generated code formats"),
                BatchSize::LargeInput,
            )
        });

        // Emit and format fused and in parallel, as `Config::generate` runs them.
        budget(&mut group, t_render);
        group.bench_function("4+5-render", |b| {
            b.iter_with_large_drop(|| {
                docgen_codegen::emit::render(
                    black_box(&ir),
                    docgen_codegen::emit::DEFAULT_RUNTIME_PATH,
                )
                .expect("generated code formats")
            })
        });

        // The whole pipeline as `Config::generate` runs it (parse and lower fused per page
        // in `build_ir`, emit and format fused in `emit::render`), from the Markdown
        // already in memory…
        budget(&mut group, t_total);
        group.bench_function("total-in-memory", |b| {
            b.iter_with_large_drop(|| {
                let (ir, _stats) = docgen_codegen::build_ir(black_box(&files));
                (
                    docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
                        .expect("generated code formats"),
                    ir,
                )
            })
        });

        // …and including the reading of every file (warm page cache).
        if !test_mode {
            budget(&mut group, t_total + t_read);
            group.bench_function("total-from-disk", |b| {
                b.iter_with_large_drop(|| config.generate().expect("corpus generates"))
            });
        }

        group.finish();
    }
}

criterion_group!(benches, corpus);
criterion_main!(benches);
