//! `docgen lint`: every diagnostic generation reports, plus the checks a docs author
//! needs (examples against declared types, links and anchors, tables against JSON blocks,
//! request/response pairs, example names), each with a stable code and a level.
//!
//! Reads the docs once: pages are parsed and lowered in parallel, merged into the IR, and
//! the checks run over the pages and the IR. Nothing here changes what generation does.

pub mod codes;
mod examples;
pub mod levels;
mod links;
mod pages;
mod permissions;
pub mod render;

use crate::diag::{Diagnostic, Severity, Sink};
use crate::{doc, ir, lower, parse, SourceFile};
pub use codes::Level;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One problem found, with its place: 1-based line and column (in characters), and how
/// many characters to underline (0: to the end of the word).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub len: usize,
    pub code: &'static str,
    pub level: Level,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Finding {
    pub(crate) fn new(path: &str, line: usize, code: &'static str, message: String) -> Self {
        Finding {
            path: path.to_string(),
            line: line.max(1),
            col: 1,
            len: 0,
            code,
            level: Level::Warn,
            message,
            help: None,
        }
    }

    pub(crate) fn at(mut self, col: usize, len: usize) -> Self {
        self.col = col.max(1);
        self.len = len;
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What a lint run found, with the pages' text for rendering.
pub struct Report {
    pub findings: Vec<Finding>,
    /// Page path as reported → the file's path as given and its text.
    pub sources: HashMap<String, (String, String)>,
    pub pages: usize,
    /// Findings silenced by an in-page annotation or an `allow` level.
    pub suppressed: usize,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Deny)
            .count()
    }
}

/// A page's text split into lines once, for locating spans.
pub(crate) struct Lines<'a> {
    pub lines: Vec<&'a str>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Lines {
            lines: text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect(),
        }
    }

    /// 1-based line.
    pub fn get(&self, line: usize) -> &'a str {
        line.checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .copied()
            .unwrap_or("")
    }

    /// The first line at or after `from` (within `window` lines) holding `needle`: the
    /// line and the 1-based character column of the match.
    /// Stops at a closing code fence: the search stays within one block.
    pub fn find(&self, from: usize, window: usize, needle: &str) -> Option<(usize, usize)> {
        for l in from.max(1)..from.max(1) + window {
            let text = self.lines.get(l - 1)?;
            if let Some(b) = text.find(needle) {
                return Some((l, text[..b].chars().count() + 1));
            }
            if l > from && text.trim_start().starts_with("```") {
                return None;
            }
        }
        None
    }
}

/// What the pages declare, before examples add to it: type name (as in the IR) → the
/// property names its tables and resource blocks list.
pub(crate) type Declared = HashMap<String, HashSet<String>>;

/// Lints the pages of the given files.
pub fn lint(files: &[SourceFile], levels: &levels::Levels) -> Report {
    type PerPage = (
        doc::Page,
        lower::PageFacts,
        Vec<Diagnostic>,
        (Vec<Finding>, Vec<(Finding, String, String)>),
    );
    let texts: HashMap<&str, Lines> = files
        .par_iter()
        .map(|f| (f.path.as_str(), Lines::new(&f.text)))
        .collect();
    let per_page: Vec<PerPage> = files
        .par_iter()
        .map(|f| {
            let mut sink = Sink::new(f.path.clone());
            let page = parse::parse_page(&f.path, &f.text, &mut sink);
            let facts = lower::lower(&page, &mut sink);
            let found = pages::check(&page, &texts[f.path.as_str()]);
            (page, facts, sink.items, found)
        })
        .collect();

    let mut findings = Vec::new();
    let mut page_list = Vec::with_capacity(per_page.len());
    let mut facts_list = Vec::with_capacity(per_page.len());
    let mut diagnostics = Vec::new();
    let mut maybe_inherited = Vec::new();
    let mut declared_raw: Vec<(String, Vec<String>)> = Vec::new();
    for (page, facts, diags, found) in per_page {
        for t in &facts.types {
            let qualified = match &facts.namespace {
                Some(ns) if !t.name.contains('.') => format!("{ns}.{}", t.name),
                _ => lower::qualify(&t.name),
            };
            declared_raw.push((
                qualified,
                t.properties.iter().map(|p| p.name.clone()).collect(),
            ));
        }
        findings.extend(found.0);
        maybe_inherited.extend(found.1);
        diagnostics.extend(diags);
        page_list.push(page);
        facts_list.push(facts);
    }
    findings.extend(permissions::check(&page_list, &facts_list, &texts));
    let (ir, _) = crate::phases::infer(
        files.len(),
        facts_list
            .into_iter()
            .zip(std::iter::repeat_with(Vec::new))
            .collect(),
    );
    diagnostics.extend(ir.diagnostics.iter().cloned());
    diagnostics.sort();
    diagnostics.dedup();

    let by_lower: HashMap<String, &str> = ir
        .types
        .iter()
        .map(|t| (t.name.to_lowercase(), t.name.as_str()))
        .collect();
    let mut declared: Declared = HashMap::new();
    for (name, props) in declared_raw {
        if let Some(canonical) = by_lower.get(&name.to_lowercase()) {
            declared
                .entry(canonical.to_string())
                .or_default()
                .extend(props);
        }
    }

    // JSON blocks may show what a base type declares; tables list the type's own.
    let types = type_index(&ir);
    for (f, ty, key) in maybe_inherited {
        let mut base = types
            .get(&lower::qualify(&ty).to_lowercase())
            .and_then(|t| t.base.clone());
        let mut inherited = false;
        for _ in 0..16 {
            let Some(b) = base else { break };
            inherited |= declared.get(&b).is_some_and(|p| p.contains(&key));
            base = types.get(&b.to_lowercase()).and_then(|t| t.base.clone());
        }
        if !inherited {
            findings.push(f);
        }
    }

    // Bodies of unannotated blocks are typed by a guess (the Response section's link);
    // the guess is no ground for telling the author the body is wrong.
    let mut guessed: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for p in &page_list {
        for b in p.blocks.iter().filter(|b| b.annotation.is_none()) {
            guessed
                .entry(p.path.as_str())
                .or_default()
                .push((b.line, b.line + b.text.lines().count() + 1));
        }
    }

    let example_findings = examples::check(&ir, &declared, &texts, &|path, line| {
        guessed
            .get(path)
            .is_some_and(|r| r.iter().any(|(a, b)| (*a..=*b).contains(&line)))
    });
    // Where lint's finer example checks spoke (here or in the page checks above, which
    // report keys a type does not declare), the generic diagnostic says it again.
    findings.extend(example_findings);
    let specific: HashSet<(String, usize)> =
        findings.iter().map(|f| (f.path.clone(), f.line)).collect();
    findings.extend(links::check(files, &page_list, &texts));
    for d in diagnostics {
        // `example-only-property` is lint's `unknown-property` at the body, not the key.
        let generic = matches!(d.code, "example-disagrees" | "example-only-property");
        if generic && specific_near(&specific, &d, &texts) {
            continue;
        }
        findings.push(from_diagnostic(d, &texts));
    }

    let suppressions: HashMap<&str, levels::Suppressions> = files
        .iter()
        .map(|f| {
            (
                f.path.as_str(),
                levels::Suppressions::read(&texts[f.path.as_str()]),
            )
        })
        .collect();
    let before = findings.len();
    findings.retain_mut(|f| {
        let silenced = suppressions
            .get(f.path.as_str())
            .is_some_and(|s| s.silences(f.code, f.line));
        f.level = levels.level(f.code, f.level);
        !silenced && f.level != Level::Allow
    });
    let suppressed = before - findings.len();
    findings.sort();
    findings.dedup();

    Report {
        findings,
        sources: files
            .iter()
            .map(|f| {
                (
                    f.path.clone(),
                    (f.file.display().to_string(), f.text.clone()),
                )
            })
            .collect(),
        pages: files.len(),
        suppressed,
    }
}

/// Whether a lint example finding sits in the same body as this diagnostic (the
/// diagnostic names the body's first line; findings name the value's line).
fn specific_near(
    specific: &HashSet<(String, usize)>,
    d: &Diagnostic,
    texts: &HashMap<&str, Lines>,
) -> bool {
    let Some(lines) = texts.get(d.path.as_str()) else {
        return false;
    };
    let mut line = d.line;
    loop {
        if specific.contains(&(d.path.clone(), line)) {
            return true;
        }
        let text = lines.get(line);
        line += 1;
        if text.trim_start().starts_with("```") || line > d.line + 2000 || line > lines.lines.len()
        {
            return false;
        }
    }
}

fn from_diagnostic(d: Diagnostic, texts: &HashMap<&str, Lines>) -> Finding {
    let level = codes::default_level(d.code, d.severity == Severity::Error);
    let mut f = Finding::new(&d.path, d.line, d.code, d.message);
    f.col = d.col;
    f.level = level;
    // Underline what the message quotes, when the line shows it.
    if let Some(lines) = texts.get(d.path.as_str()) {
        let text = lines.get(d.line);
        if let Some(quoted) = f.message.split('`').nth(1).filter(|q| !q.is_empty()) {
            if let Some(b) = text.find(quoted) {
                f.col = text[..b].chars().count() + 1;
                f.len = quoted.chars().count();
            }
        }
    }
    f
}

/// Counts by code, for summaries.
pub fn counts(findings: &[Finding]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for f in findings {
        *out.entry(f.code).or_default() += 1;
    }
    out
}

/// The IR type names, lower-cased, for resolving names pages write in any case.
pub(crate) fn type_index(ir: &ir::Ir) -> HashMap<String, &ir::Type> {
    ir.types
        .iter()
        .map(|t| (t.name.to_lowercase(), t))
        .collect()
}
