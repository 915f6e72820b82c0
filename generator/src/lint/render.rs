//! Output of `docgen lint`: rustc-like text with the source line and the span underlined
//! (annotate-snippets), JSON, SARIF 2.1.0 for code-scanning services, and GitHub
//! workflow annotation lines.

use super::{codes, Finding, Level, Report};
use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Human => human(report, color),
        Format::Json => serde_json::to_string_pretty(&json(report)).unwrap_or_default() + "\n",
        Format::Sarif => serde_json::to_string_pretty(&sarif(report)).unwrap_or_default() + "\n",
        Format::Github => github(report),
    }
}

fn file_of<'a>(report: &'a Report, f: &'a Finding) -> &'a str {
    report
        .sources
        .get(&f.path)
        .map_or(f.path.as_str(), |(file, _)| file.as_str())
}

/// The finding's line and the byte range to underline within it.
fn span<'a>(report: &'a Report, f: &Finding) -> (&'a str, std::ops::Range<usize>) {
    let text = report.sources.get(&f.path).map_or("", |(_, t)| t.as_str());
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.split('\n').nth(f.line.saturating_sub(1)).unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    let byte = |col: usize| line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
    let start = byte(f.col.saturating_sub(1));
    let end = if f.len > 0 {
        byte(f.col - 1 + f.len)
    } else {
        let rest = &line[start..];
        let trimmed = rest.trim_end();
        if start == 0 {
            let lead = line.len() - line.trim_start().len();
            return (line, lead..trimmed.len().max(lead));
        }
        start + trimmed.len()
    };
    (line, start..end.max(start))
}

fn human(report: &Report, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for f in &report.findings {
        let (line, range) = span(report, f);
        let level = match f.level {
            Level::Deny => SnippetLevel::ERROR,
            _ => SnippetLevel::WARNING,
        };
        let mut groups = vec![level.primary_title(f.message.as_str()).id(f.code).element(
            Snippet::source(line)
                .line_start(f.line)
                .path(file_of(report, f))
                .annotation(AnnotationKind::Primary.span(range)),
        )];
        if let Some(h) = &f.help {
            groups.push(Group::with_title(
                SnippetLevel::HELP.secondary_title(h.as_str()),
            ));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    let errors = report.errors();
    let mut by_code: Vec<(usize, &str)> = super::counts(&report.findings)
        .into_iter()
        .map(|(c, n)| (n, c))
        .collect();
    by_code.sort_by(|a, b| b.cmp(a));
    out.push_str(&format!(
        "docgen lint: {} pages, {} findings ({errors} errors, {} warnings), {} silenced\n",
        report.pages,
        report.findings.len(),
        report.findings.len() - errors,
        report.suppressed
    ));
    if !by_code.is_empty() {
        let list: Vec<String> = by_code.iter().map(|(n, c)| format!("{c} {n}")).collect();
        out.push_str(&format!("  by code: {}\n", list.join(", ")));
    }
    out
}

fn json(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "file": file_of(report, f),
                "line": f.line,
                "col": f.col,
                "end_col": f.col + f.len.max(1),
                "severity": f.level.severity(),
                "code": f.code,
                "message": f.message,
                "help": f.help,
            })
        })
        .collect();
    json!({
        "pages": report.pages,
        "errors": report.errors(),
        "warnings": report.findings.len() - report.errors(),
        "silenced": report.suppressed,
        "findings": findings,
    })
}

fn sarif(report: &Report) -> Value {
    let rules: Vec<Value> = codes::CODES
        .iter()
        .map(|c| {
            json!({
                "id": c.name,
                "shortDescription": {"text": c.summary},
                "fullDescription": {"text": c.explain},
                "defaultConfiguration": {"level": sarif_level(c.level)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.code,
                "level": sarif_level(f.level),
                "message": {"text": match &f.help {
                    Some(h) => format!("{} (help: {h})", f.message),
                    None => f.message.clone(),
                }},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": file_of(report, f).replace('\\', "/")},
                    "region": {"startLine": f.line, "startColumn": f.col, "endColumn": f.col + f.len.max(1)},
                }}],
            });
            if let Some(i) = codes::CODES.iter().position(|c| c.name == f.code) {
                r["ruleIndex"] = json!(i);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "docgen",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "none",
    }
}

/// `::warning file=F,line=L,col=C,endColumn=E,title=docgen[code]::message`.
fn github(report: &Report) -> String {
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let prop = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for f in &report.findings {
        let kind = if f.level == Level::Deny {
            "error"
        } else {
            "warning"
        };
        let message = match &f.help {
            Some(h) => format!("{}\nhelp: {h}", f.message),
            None => f.message.clone(),
        };
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endColumn={},title={}::{}\n",
            prop(file_of(report, f)),
            f.line,
            f.col,
            f.col + f.len.max(1),
            prop(&format!("docgen[{}]", f.code)),
            data(&message)
        ));
    }
    out
}
