//! docgen: annotated Markdown API reference → typed Rust models and an async client.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`parse`] (Markdown → [`doc`] model) → [`lower`] (page facts) → [`infer`] (one merged,
//! typed [`ir`]) → [`emit`] (tokens, formatted by prettyplease). [`check`] compares
//! checked-in output with what the docs produce now.
//!
//! From a `build.rs`, the way prost-build is used:
//!
//! ```no_run
//! docgen_codegen::Config::new()
//!     .input("docs")
//!     .compile_to_out_dir("graph.rs")
//!     .expect("docs generate");
//! // then in src/lib.rs: include!(concat!(env!("OUT_DIR"), "/graph.rs"));
//! ```

pub mod check;
pub mod compare;
pub mod diag;
pub mod diff;
pub mod doc;
pub mod emit;
pub mod infer;
pub mod ir;
pub mod lint;
pub mod lower;
pub mod named;
pub mod notation;
pub mod parse;
pub mod permissions;
pub mod route;
pub mod select;
pub mod vocab;

use diag::{Diagnostic, Severity, Sink};
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// Failures that stop generation altogether. Problems in the docs are not among them:
/// those are diagnostics, and generation goes on.
#[derive(Debug)]
pub enum Error {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    NoInput(PathBuf),
    /// A setting that cannot work, such as a runtime path that is not a Rust path.
    Config(String),
    /// Error-level diagnostics, with [`Config::fail_on_error`] set: their count.
    DocsErrors(usize),
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NoInput(p) => write!(f, "{}: no such docs folder", p.display()),
            Error::Config(m) => f.write_str(m),
            Error::DocsErrors(n) => {
                write!(f, "the docs have {n} error(s); see the diagnostics above")
            }
            Error::Internal(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

/// One page read from disk: its path as reported, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
    pub file: PathBuf,
    /// What was wrong with the file as read, reported when the page is parsed.
    pub problem: Option<ReadProblem>,
}

/// A file that could not be read as it is: reported as a diagnostic on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadProblem {
    /// The byte offset of the first byte that is not UTF-8: the text holds U+FFFD in place
    /// of each bad sequence.
    InvalidUtf8(usize),
    /// A symbolic link: not followed, so that only files inside the docs folder are read
    /// (a link may point anywhere, or back to its own folder). The text is empty.
    Symlink,
}

impl SourceFile {
    /// A page from its bytes, decoded as UTF-8; bad bytes are replaced, and remembered.
    pub fn from_bytes(path: impl Into<String>, file: PathBuf, bytes: Vec<u8>) -> SourceFile {
        let (text, problem) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                (text, Some(ReadProblem::InvalidUtf8(at)))
            }
        };
        SourceFile {
            path: path.into(),
            text,
            file,
            problem,
        }
    }

    /// Parses the page, reporting bad bytes first.
    fn parse(&self, sink: &mut Sink) -> doc::Page {
        match self.problem {
            Some(ReadProblem::InvalidUtf8(at)) => {
                // The text before the bad byte is as it was on disk: line and column are true.
                let (line, col) = parse::json::position(&self.text, at);
                sink.error(
                    line,
                    col,
                    "invalid-utf8",
                    format!("invalid UTF-8 at byte offset {at}; the page is read with each bad sequence replaced by U+FFFD"),
                );
            }
            Some(ReadProblem::Symlink) => sink.warn(
                1,
                1,
                "symlink",
                "symbolic link not followed: only files inside the docs folder are read",
            ),
            None => {}
        }
        parse::parse_page(&self.path, &self.text, sink)
    }
}

/// What one run produced: the IR (with diagnostics) and the formatted code.
#[derive(Debug, Clone)]
pub struct Output {
    pub ir: ir::Ir,
    pub code: String,
    pub features: emit::Features,
    /// The crate features items are gated by, one per area (empty unless
    /// [`Config::area_features`]).
    pub areas: Vec<String>,
    /// Features standing for several areas (`_areas-…`), with the areas that enable each.
    pub area_aliases: Vec<(String, Vec<String>)>,
    pub stats: Stats,
}

/// Counts gathered on the way, for `docgen stats`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Stats {
    pub files: usize,
    pub counts: lower::Counts,
    pub agreement: infer::Agreement,
}

/// The generator's settings: which docs to read, how the output reaches its runtime, and
/// how a build script reports what it found.
#[derive(Debug, Clone)]
pub struct Config {
    inputs: Vec<PathBuf>,
    command: Option<String>,
    vocab: vocab::Vocab,
    selection: select::Selection,
    area_features: bool,
    runtime_path: String,
    cargo_diagnostics: CargoDiagnostics,
    fail_on_error: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            inputs: Vec::new(),
            command: None,
            vocab: vocab::Vocab::all(),
            selection: select::Selection::default(),
            area_features: false,
            runtime_path: emit::DEFAULT_RUNTIME_PATH.to_owned(),
            cargo_diagnostics: CargoDiagnostics::Summary,
            fail_on_error: false,
        }
    }
}

/// How [`Config::compile_to_out_dir`] shows the docs' diagnostics to cargo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CargoDiagnostics {
    /// One `cargo:warning` line: the counts, by code, and the worst findings (the default).
    /// Every diagnostic is also written next to the output (`<file>.diagnostics.txt`).
    Summary,
    /// One `cargo:warning` line per diagnostic.
    All,
    /// Nothing on cargo's console; the file next to the output is still written.
    None,
}

impl Config {
    pub fn new() -> Self {
        Config::default()
    }

    /// The path generated code reaches the runtime crate by (default `::docgen_runtime`),
    /// like prost-build's `prost_path`: e.g. `::my_sdk::runtime` when a crate re-exports
    /// `docgen_runtime` for its users. It must be absolute (`::x` or `crate::x`).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// How a build script shows diagnostics (default [`CargoDiagnostics::Summary`]).
    pub fn cargo_diagnostics(mut self, how: CargoDiagnostics) -> Self {
        self.cargo_diagnostics = how;
        self
    }

    /// Whether [`Config::compile_to_out_dir`] fails (and the build with it) when the docs
    /// have an error-level diagnostic. Off by default: the rest of the docs still generate.
    pub fn fail_on_error(mut self, fail: bool) -> Self {
        self.fail_on_error = fail;
        self
    }

    /// Adds a docs folder; every `.md` file under it is read.
    pub fn input(mut self, dir: impl Into<PathBuf>) -> Self {
        self.inputs.push(dir.into());
        self
    }

    /// The vocabulary the docs are read with (every language by default). `Vocab::only(["en"])`
    /// is the ablation that reads a translation as a language the table does not know.
    pub fn vocab(mut self, vocab: vocab::Vocab) -> Self {
        self.vocab = vocab;
        self
    }

    /// The command named in the generated file's header as the way to regenerate it.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.command = Some(command.into());
        self
    }

    /// Generates only what `selector` picks (and what that needs); several selections add
    /// up. With none, everything is generated. See [`select`].
    ///
    /// ```
    /// use docgen_codegen::{select::Selector, Config};
    /// let config = Config::new()
    ///     .input("docs")
    ///     .select(Selector::path("/me/messages/**"))
    ///     .select(Selector::area("calendar"))
    ///     .exclude(Selector::path("/me/messages/*/attachments/**"));
    /// ```
    pub fn select(mut self, selector: select::Selector) -> Self {
        self.selection.include.push(selector);
        self
    }

    /// Leaves out what `selector` matches: operations (by area, path or name) before the
    /// closure is taken; a type named by a type selector even when something refers to it.
    pub fn exclude(mut self, selector: select::Selector) -> Self {
        self.selection.exclude.push(selector);
        self
    }

    /// Does not follow navigation properties when closing a selection: a relationship to a
    /// type nothing else selected reaches is generated as any JSON value. A `user` links
    /// to most of the API; this keeps a mail slice small. See [`select::Selection`].
    pub fn lean_navigation(mut self, on: bool) -> Self {
        self.selection.lean_navigation = on;
        self
    }

    /// Gates every item by a cargo feature per area (`#[cfg(feature = "outlook")]`), so one
    /// crate of the whole reference compiles only the areas enabled; what several areas
    /// need is gated by one feature that each of them enables (`_areas-…`).
    /// [`write_crate`] lists the features.
    pub fn area_features(mut self, on: bool) -> Self {
        self.area_features = on;
        self
    }

    /// Every `.md` file under the inputs, in a stable order.
    pub fn sources(&self) -> Result<Vec<SourceFile>, Error> {
        let mut files = Vec::new();
        for root in &self.inputs {
            if !root.is_dir() {
                return Err(Error::NoInput(root.clone()));
            }
            let mut found = Vec::new();
            walk(root, &mut found)?;
            found.sort();
            // Read in parallel; the order stays the sorted one.
            let read: Vec<Result<SourceFile, Error>> = found
                .into_par_iter()
                .map(|(file, link)| {
                    let rel = file.strip_prefix(root).unwrap_or(&file);
                    let path = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    if link {
                        return Ok(SourceFile {
                            path,
                            text: String::new(),
                            file,
                            problem: Some(ReadProblem::Symlink),
                        });
                    }
                    let bytes = std::fs::read(&file).map_err(|source| Error::Io {
                        path: file.clone(),
                        source,
                    })?;
                    Ok(SourceFile::from_bytes(path, file, bytes))
                })
                .collect();
            for f in read {
                files.push(f?);
            }
        }
        Ok(files)
    }

    /// Reads and merges the docs into the IR.
    pub fn load(&self) -> Result<(ir::Ir, Stats), Error> {
        Ok(build_ir_with(&self.sources()?, &self.vocab))
    }

    /// Every documented request/response pair, by operation name (as in the IR: `METHOD path`) — what
    /// client tests replay against a local server.
    pub fn exchanges(&self) -> Result<Vec<(String, lower::Exchange)>, Error> {
        let files = self.sources()?;
        let (ir, _) = build_ir_with(&files, &self.vocab);
        // An example belongs to the operation of its (method, normalized path).
        let identity = |method: &str, path: &str| {
            (
                method.to_ascii_uppercase(),
                route::identity(&route::parse(path).0).0,
            )
        };
        let names: std::collections::HashMap<(String, String), &str> = ir
            .operations
            .iter()
            .map(|o| (identity(&o.method, &o.path), o.name.as_str()))
            .collect();
        let mut out = Vec::new();
        for f in &files {
            let mut sink = Sink::new(f.path.clone());
            let page = f.parse(&mut sink);
            let facts = vocab::reading_with(&self.vocab, || lower::lower(&page, &mut sink));
            for op in facts.operations {
                let name = names
                    .get(&identity(&op.method, &op.path))
                    .map_or_else(|| op.name.clone(), |n| n.to_string());
                out.extend(op.exchanges.into_iter().map(|e| (name.clone(), e)));
            }
        }
        Ok(out)
    }

    /// Runs the whole pipeline.
    pub fn generate(&self) -> Result<Output, Error> {
        emit::check_runtime_path(&self.runtime_path).map_err(Error::Config)?;
        let (ir, stats) = self.load()?;
        let ir = self.selection.apply(ir);
        let rendered = emit::render_gated(&ir, &self.runtime_path, self.area_features)
            .map_err(Error::Internal)?;
        Ok(Output {
            code: self.header() + &rendered.code,
            ir,
            features: rendered.features,
            areas: rendered.areas,
            area_aliases: rendered.aliases,
            stats,
        })
    }

    fn header(&self) -> String {
        let from = self
            .inputs
            .iter()
            .map(|p| path_key(p))
            .collect::<Vec<_>>()
            .join(" ");
        let mut h = format!("// @generated by docgen from {from}. Do not edit by hand.\n");
        if let Some(cmd) = &self.command {
            h.push_str(&format!("// Regenerate with: {cmd}\n"));
        }
        h.push('\n');
        h
    }

    /// For `build.rs`: generates into `$OUT_DIR/<file_name>`, tells cargo to rerun when
    /// any input changes, and reports the docs' diagnostics as [`Config::cargo_diagnostics`]
    /// says (by default one `cargo:warning` summing them up). Every diagnostic is written
    /// to `$OUT_DIR/<file_name>.diagnostics.txt`.
    pub fn compile_to_out_dir(&self, file_name: &str) -> Result<Output, Error> {
        let out_dir = std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| Error::Internal("OUT_DIR is not set: call this from build.rs".into()))?;
        for root in &self.inputs {
            println!("cargo:rerun-if-changed={}", root.display());
        }
        for f in self.sources()? {
            println!("cargo:rerun-if-changed={}", f.file.display());
        }
        let out = self.generate()?;
        let path = out_dir.join(file_name);
        let listing = out_dir.join(format!("{file_name}.diagnostics.txt"));
        let all: String = out
            .ir
            .diagnostics
            .iter()
            .map(|d| format!("{d}\n"))
            .collect();
        write_if_changed(&listing, &all)?;
        match self.cargo_diagnostics {
            CargoDiagnostics::Summary => {
                if let Some(line) = diag::summary(&out.ir.diagnostics, &listing) {
                    println!("cargo:warning={line}");
                }
            }
            CargoDiagnostics::All => {
                for d in &out.ir.diagnostics {
                    println!("cargo:warning={d}");
                }
            }
            CargoDiagnostics::None => {}
        }
        let errors = out
            .ir
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        if self.fail_on_error && errors > 0 {
            return Err(Error::DocsErrors(errors));
        }
        write_if_changed(&path, &out.code)?;
        Ok(out)
    }
}

/// Every `.md` file under `dir`, and whether it is a symbolic link. Links to folders are
/// not followed (a link to `..` would never end); links to pages are listed, to be reported.
fn walk(dir: &Path, out: &mut Vec<(PathBuf, bool)>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let page = path.extension().is_some_and(|e| e == "md");
        if kind.is_symlink() {
            if page || path.is_dir() {
                out.push((path, true));
            }
        } else if kind.is_dir() {
            walk(&path, out)?;
        } else if page {
            out.push((path, false));
        }
    }
    Ok(())
}

/// A path as the generated header records it: by meaning, not spelling. `./docs`,
/// `docs/` and `docs` are all `docs`; separators are `/`.
pub fn path_key(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => {
                if parts.last().is_some_and(|l| l != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..".to_string());
                }
            }
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// Writes `text` unless the file already holds it (keeps mtimes, and cargo, calm).
pub fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Parses and lowers every page (in parallel: pages are independent until the merge),
/// then merges them. Output does not depend on the number of threads: results are
/// collected in file order.
pub fn build_ir(files: &[SourceFile]) -> (ir::Ir, Stats) {
    build_ir_with(files, &vocab::Vocab::all())
}

/// [`build_ir`] with the vocabulary given (the ablation reads with fewer languages).
pub fn build_ir_with(files: &[SourceFile], vocab: &vocab::Vocab) -> (ir::Ir, Stats) {
    let per_page: Vec<(lower::PageFacts, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|f| {
            let mut sink = Sink::new(f.path.clone());
            let page = f.parse(&mut sink);
            let facts = vocab::reading_with(vocab, || lower::lower(&page, &mut sink));
            (facts, sink.items)
        })
        .collect();
    vocab::reading_with(vocab, || merge(files.len(), per_page))
}

/// The pipeline's phases one at a time, for benchmarks and tools that stop half-way.
/// [`build_ir`] fuses the first two per page; the output is the same.
pub mod phases {
    use super::*;

    /// Markdown → document model, every page (in parallel).
    pub fn parse(files: &[SourceFile]) -> Vec<(doc::Page, Sink)> {
        files
            .par_iter()
            .map(|f| {
                let mut sink = Sink::new(f.path.clone());
                (f.parse(&mut sink), sink)
            })
            .collect()
    }

    /// Document model → page facts (in parallel).
    pub fn lower(pages: Vec<(doc::Page, Sink)>) -> Vec<(lower::PageFacts, Vec<Diagnostic>)> {
        pages
            .into_par_iter()
            .map(|(page, mut sink)| {
                let facts = lower::lower(&page, &mut sink);
                (facts, sink.items)
            })
            .collect()
    }

    /// Page facts → the merged, typed IR.
    pub fn infer(files: usize, facts: Vec<(lower::PageFacts, Vec<Diagnostic>)>) -> (ir::Ir, Stats) {
        merge(files, facts)
    }

    /// IR → tokens (reaching the runtime by its default path).
    pub fn emit(ir: &ir::Ir) -> proc_macro2::TokenStream {
        emit::tokens(ir, emit::DEFAULT_RUNTIME_PATH).0
    }

    /// Tokens → formatted source.
    pub fn format(tokens: proc_macro2::TokenStream) -> Result<String, Error> {
        emit::format(tokens).map_err(Error::Internal)
    }
}

fn merge(files: usize, per_page: Vec<(lower::PageFacts, Vec<Diagnostic>)>) -> (ir::Ir, Stats) {
    let mut stats = Stats {
        files,
        ..Stats::default()
    };
    let mut diagnostics = Vec::new();
    let mut pages = Vec::with_capacity(per_page.len());
    for (facts, diags) in per_page {
        stats.counts.add(&facts.counts);
        diagnostics.extend(diags);
        pages.push(facts);
    }
    let (ir, agreement) = infer::build(pages, diagnostics);
    stats.agreement = agreement;
    (ir, stats)
}

pub mod stats;

impl Config {
    /// The round-trip test of every documented example, for the crate `crate_name`.
    pub fn examples_test_for(&self, output: &Output, crate_name: &str) -> Result<String, Error> {
        let body = emit::format(emit::examples::test_file(
            &output.ir,
            crate_name,
            self.area_features,
        ))
        .map_err(Error::Internal)?;
        Ok(self.header() + &body)
    }
}

/// The version of `docgen-runtime` generated code is written for.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// The `docgen-runtime` dependency of a generated crate, as a `Cargo.toml` value: the
/// version, and the path of the runtime's source when this docgen was built from a
/// checkout that still has it (cargo uses the path locally and the version when the
/// crate is published).
pub fn runtime_dependency() -> String {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    if source.join("Cargo.toml").is_file() {
        let path = source.display().to_string().replace('\\', "/");
        format!("{{ version = \"{RUNTIME_VERSION}\", path = {path:?} }}")
    } else {
        format!("\"{RUNTIME_VERSION}\"")
    }
}

/// The `[features]` table of a crate gated by area: one feature per area, none on by
/// default, and `full` for all of them; `partial-eq` for the models' `PartialEq`; then the
/// features standing for several areas (`_areas-…`), each enabled by its areas. Empty
/// when the crate is not gated.
pub fn features_table(areas: &[String], aliases: &[(String, Vec<String>)]) -> String {
    if areas.is_empty() {
        return String::new();
    }
    let quoted = |names: &mut dyn Iterator<Item = &String>| {
        names
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!(
        "\n[features]\n# One feature per product area (the docs' `ms.prod`); none is on by default.\ndefault = []\nfull = [{}]\n",
        quoted(&mut areas.iter())
    );
    for a in areas {
        let mut implied = aliases
            .iter()
            .filter(|(_, of)| of.contains(a))
            .map(|(name, _)| name);
        out.push_str(&format!("{a} = [{}]\n", quoted(&mut implied)));
    }
    out.push_str(&format!(
        "# `PartialEq` on the models (their JSON compared); not in `full`.\n{} = []\n",
        emit::EQ_FEATURE
    ));
    if !aliases.is_empty() {
        out.push_str(
            "# What several areas need is gated by one feature that each of them enables.\n# Not for enabling by hand.\n",
        );
    }
    for (name, of) in aliases {
        out.push_str(&format!("# {}\n{name} = []\n", of.join(", ")));
    }
    out
}

/// Writes a complete crate: `Cargo.toml` and `src/lib.rs`. Its one dependency is
/// `docgen-runtime`, as `runtime` gives it (a `Cargo.toml` value; [`runtime_dependency`]
/// when `None`).
pub fn write_crate(
    dir: &Path,
    name: &str,
    output: &Output,
    runtime: Option<&str>,
) -> Result<(), Error> {
    let runtime = runtime.map_or_else(runtime_dependency, str::to_owned);
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = \"Client generated by docgen.\"\nlicense = \"MIT\"\n\n[dependencies]\ndocgen-runtime = {runtime}\n{}",
        features_table(&output.areas, &output.area_aliases)
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest)?;
    let (head, body) = output
        .code
        .split_at(output.code.find("\n\n").map_or(0, |i| i + 2));
    let lib = format!("{head}//! Client generated by docgen.\n\n{body}");
    write_if_changed(&dir.join("src/lib.rs"), &lib)
}
