//! `docgen check`: is the checked-in file what the docs generate now? It is generated the
//! way its header says it was (selection, runtime path, crate or module, examples test),
//! so a slice is checked as that slice without repeating its flags.

use crate::report::{self, FailOn};
use crate::select_args::Select;
use crate::spec::{self, Spec, Target};
use docgen_codegen::check;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The flags given to `check` itself: each one given wins over the header's.
pub struct Given {
    pub examples_test: Option<PathBuf>,
    pub select: Select,
    pub runtime_path: Option<String>,
    pub vocab: Option<Vec<String>>,
}

pub fn run(
    docs: &[PathBuf],
    against: &Path,
    given: Given,
    fail_on: Option<FailOn>,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    // A missing file is stale: the report's fix writes it.
    let current = std::fs::read_to_string(against).unwrap_or_default();
    let recorded = spec::recorded(&current);
    let mut spec = match &recorded {
        Some(r) => r.spec.clone(),
        None => Spec {
            docs: docs.to_vec(),
            target: Target::Module(against.to_path_buf()),
            examples_test: None,
            runtime_path: docgen_codegen::emit::DEFAULT_RUNTIME_PATH.to_string(),
            runtime_dependency: None,
            license: None,
            vocab: None,
            select: Select::default(),
        },
    };
    let overridden = !given.select.is_empty()
        || given.runtime_path.is_some()
        || given.examples_test.is_some()
        || given.vocab.is_some();
    if !given.select.is_empty() {
        spec.select = given.select;
    }
    if let Some(p) = given.runtime_path {
        spec.runtime_path = p;
    }
    if given.examples_test.is_some() {
        spec.examples_test = given.examples_test;
    }
    if given.vocab.is_some() {
        spec.vocab = given.vocab;
    }
    // The header is regenerated as it was written: the same program, and (flags unchanged)
    // the very command it records.
    let command = match &recorded {
        Some(r) if !overridden => r.command.clone(),
        Some(r) => spec.command(&r.program),
        None => spec.command("cargo run -p docgen-cli --"),
    };
    let crate_mode = matches!(spec.target, Target::Crate { .. });
    let vocab = crate::vocab_of(spec.vocab.clone())?;
    let cfg = spec
        .select
        .clone()
        .apply(crate::config(docs, command, &vocab))
        .area_features(crate_mode)
        .runtime_path(spec.runtime_path.clone());
    let output = cfg.generate()?;
    // The fix runs this binary from here: these docs, this file, the header's flags.
    let mut fix_spec = spec.clone();
    fix_spec.docs = docs.to_vec();
    if !crate_mode {
        fix_spec.target = Target::Module(against.to_path_buf());
    }
    let fix = format!("{} {}", spec::invoked_binary(), fix_spec.args());
    let code = if crate_mode {
        docgen_codegen::crate_lib(&output.code)
    } else {
        output.code.clone()
    };
    let mut files = vec![(against.to_path_buf(), code)];
    if let Some(p) = &spec.examples_test {
        files.push((p.clone(), cfg.examples_test_for(&output, &spec.crate_name())?));
    }
    let mut stale = false;
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
    let diagnostics = &output.ir.diagnostics;
    if fail_on.is_some_and(|l| l.count(diagnostics) > 0) {
        report::print(diagnostics, false, output.stats.outside_selection);
    }
    let failing = report::fails(diagnostics, fail_on);
    if stale || failing {
        return Ok(ExitCode::FAILURE);
    }
    eprintln!("docgen: {} is up to date", against.display());
    Ok(ExitCode::SUCCESS)
}
