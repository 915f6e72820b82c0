//! `docgen generate`: a module or a crate, and the round-trip test of the examples.

use crate::report::{self, FailOn};
use crate::spec::{self, Spec, Target};
use docgen_codegen::vocab::Vocab;
use std::process::ExitCode;

pub fn run(
    spec: &Spec,
    vocab: &Vocab,
    quiet: bool,
    fail_on: Option<FailOn>,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let command = spec.command(&spec::program());
    let crate_mode = matches!(spec.target, Target::Crate { .. });
    // A crate gets a feature per area; a module to include stays ungated.
    let cfg = spec
        .select
        .clone()
        .apply(crate::config(&spec.docs, command, vocab))
        .area_features(crate_mode)
        .runtime_path(spec.runtime_path.clone());
    let output = cfg.generate()?;
    match &spec.target {
        Target::Module(path) => docgen_codegen::write_if_changed(path, &output.code)?,
        Target::Crate { dir, name } => docgen_codegen::write_crate(
            dir,
            name,
            &output,
            spec.runtime_dependency.as_deref(),
            spec.license.as_deref(),
        )?,
    }
    if let Some(path) = &spec.examples_test {
        let test = cfg.examples_test_for(&output, &spec.crate_name())?;
        docgen_codegen::write_if_changed(path, &test)?;
    }
    let diagnostics = &output.ir.diagnostics;
    report::print(diagnostics, quiet, output.stats.outside_selection);
    Ok(if report::fails(diagnostics, fail_on) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
