//! Output of `docgen diff`: text for terminals, JSON for tools, Markdown for a
//! pull-request comment.

use super::{Change, Impact};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
pub enum Format {
    Text,
    Json,
    Markdown,
}

/// Counts by impact and kind: `(breaking, additive, by kind)`.
pub fn counts(changes: &[Change]) -> (usize, usize, BTreeMap<&'static str, (usize, usize)>) {
    let mut kinds: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
    for c in changes {
        let e = kinds.entry(c.kind).or_default();
        match c.impact {
            Impact::Breaking => e.0 += 1,
            Impact::Additive => e.1 += 1,
        }
    }
    let breaking = changes
        .iter()
        .filter(|c| c.impact == Impact::Breaking)
        .count();
    (breaking, changes.len() - breaking, kinds)
}

fn places(c: &Change) -> String {
    match (&c.old, &c.new) {
        (Some(o), Some(n)) if o == n => format!("({o})"),
        (Some(o), Some(n)) => format!("({o} → {n})"),
        (Some(o), None) => format!("(was {o})"),
        (None, Some(n)) => format!("({n})"),
        (None, None) => String::new(),
    }
}

/// One line per change: `breaking  property-removed  message (old → new)`.
pub fn line(c: &Change) -> String {
    format!(
        "{:<9} {:<20} {} {}",
        c.impact.as_str(),
        c.kind,
        c.message,
        places(c)
    )
    .trim_end()
    .to_string()
}

pub fn render(changes: &[Change], format: Format, limit: usize) -> String {
    let (breaking, additive, kinds) = counts(changes);
    match format {
        Format::Json => {
            let by_kind: BTreeMap<&str, serde_json::Value> = kinds
                .iter()
                .map(|(k, (b, a))| (*k, json!({"breaking": b, "additive": a})))
                .collect();
            let v = json!({
                "breaking": breaking,
                "additive": additive,
                "by_kind": by_kind,
                "changes": changes,
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Text => {
            let mut out = String::new();
            for c in changes.iter().take(limit) {
                let _ = writeln!(out, "{}", line(c));
            }
            if changes.len() > limit {
                let _ = writeln!(
                    out,
                    "… and {} more changes (--limit to show more)",
                    changes.len() - limit
                );
            }
            let _ = writeln!(
                out,
                "docgen diff: {} changes, {breaking} breaking, {additive} additive",
                changes.len()
            );
            out
        }
        Format::Markdown => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "### API changes: {breaking} breaking, {additive} additive\n"
            );
            if changes.is_empty() {
                out.push_str("No change to the generated API.\n");
                return out;
            }
            out.push_str("| kind | breaking | additive |\n|---|---|---|\n");
            for (k, (b, a)) in &kinds {
                let _ = writeln!(out, "| `{k}` | {b} | {a} |");
            }
            for impact in [Impact::Breaking, Impact::Additive] {
                let of: Vec<&Change> = changes.iter().filter(|c| c.impact == impact).collect();
                if of.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "\n#### {} ({})\n",
                    if impact == Impact::Breaking {
                        "Breaking"
                    } else {
                        "Additive"
                    },
                    of.len()
                );
                out.push_str("| change | old | new |\n|---|---|---|\n");
                for c in of.iter().take(limit) {
                    let cell = |s: &Option<String>| {
                        s.as_deref().map_or(String::new(), |s| format!("`{s}`"))
                    };
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} |",
                        c.message.replace('|', "\\|"),
                        cell(&c.old),
                        cell(&c.new)
                    );
                }
                if of.len() > limit {
                    let _ = writeln!(out, "\n… and {} more.", of.len() - limit);
                }
            }
            out
        }
    }
}
