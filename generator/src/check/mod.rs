//! The drift check: does the checked-in code match what the docs produce now?
//!
//! It speaks API first: the changes in `docgen diff`'s words, with the pages and lines
//! that state them; then a unified diff of the code, a few hunks with a count of the
//! rest; then the command that fixes it.

pub mod api;

use crate::diff::{self, render::line};
use crate::ir::Ir;
use std::collections::BTreeMap;

/// How many API changes and code hunks a report shows.
const CHANGES_SHOWN: usize = 20;
const HUNKS_SHOWN: usize = 3;
const HUNK_LINES: usize = 40;

/// What differs between the checked-in text and the fresh one, if anything. `fresh_ir`
/// (the IR the fresh code came from) gives the changes their pages and lines.
pub fn compare(
    path: &str,
    checked_in: &str,
    fresh: &str,
    fresh_ir: Option<&Ir>,
    fix: &str,
) -> Option<String> {
    if checked_in == fresh {
        return None;
    }
    let mut report = format!("{path} is stale: the docs now generate different code.\n");
    let changes = api_changes(checked_in, fresh, fresh_ir);
    if changes.is_empty() {
        report.push_str("API changes: none in the docs' terms; the code differs in these items:\n");
        report.push_str(&item_list(checked_in, fresh));
    } else {
        let (breaking, additive, _) = diff::render::counts(&changes);
        report.push_str(&format!(
            "API changes ({breaking} breaking, {additive} additive):\n"
        ));
        for c in changes.iter().take(CHANGES_SHOWN) {
            report.push_str(&format!("  {}\n", line(c)));
        }
        if changes.len() > CHANGES_SHOWN {
            report.push_str(&format!(
                "  … and {} more (`docgen diff` lists them all)\n",
                changes.len() - CHANGES_SHOWN
            ));
        }
    }
    report.push_str(&unified(path, checked_in, fresh));
    report.push_str(&format!("fix: {fix}\n"));
    Some(report)
}

/// The API changes between the two texts, located in the docs where the fresh IR can.
pub fn api_changes(checked_in: &str, fresh: &str, fresh_ir: Option<&Ir>) -> Vec<diff::Change> {
    let mut changes = diff::diff(&api::read(checked_in), &api::read(fresh));
    for c in &mut changes {
        let Some(ir) = fresh_ir else { break };
        if c.kind.starts_with("operation") || c.new.as_deref().is_some_and(|s| !s.is_empty()) {
            continue;
        }
        if let Some((source, ty)) = api::locate(ir, &c.subject) {
            if c.kind != "property-removed"
                && c.kind != "type-removed"
                && c.kind != "member-removed"
            {
                c.new = Some(source);
            }
            // Added properties in the docs' type words rather than Rust's.
            if let (Some(ty), "property-added") = (ty, c.kind) {
                if let Some((head, _)) = c.message.rsplit_once(": ") {
                    c.message = format!("{head}: {ty}`");
                }
            }
        }
        c.old = c.old.take().filter(|s| !s.is_empty());
    }
    for c in &mut changes {
        c.old = c.old.take().filter(|s| !s.is_empty());
        c.new = c.new.take().filter(|s| !s.is_empty());
    }
    changes
}

/// A unified diff of the code (the `similar` crate), the first hunks with a count of
/// the rest.
fn unified(path: &str, old: &str, new: &str) -> String {
    let d = similar::TextDiff::from_lines(old, new);
    let mut u = d.unified_diff();
    u.context_radius(3).header(
        &format!("{path} (checked in)"),
        &format!("{path} (from the docs)"),
    );
    let hunks: Vec<String> = u.iter_hunks().map(|h| h.to_string()).collect();
    let mut out = format!(
        "code diff ({} of {} hunks):\n--- {path} (checked in)\n+++ {path} (from the docs)\n",
        hunks.len().min(HUNKS_SHOWN),
        hunks.len()
    );
    for h in hunks.iter().take(HUNKS_SHOWN) {
        let lines: Vec<&str> = h.lines().collect();
        for l in lines.iter().take(HUNK_LINES) {
            out.push_str(l);
            out.push('\n');
        }
        if lines.len() > HUNK_LINES {
            out.push_str(&format!(
                "  … {} more lines in this hunk\n",
                lines.len() - HUNK_LINES
            ));
        }
    }
    if hunks.len() > HUNKS_SHOWN {
        out.push_str(&format!("… and {} more hunks\n", hunks.len() - HUNKS_SHOWN));
    }
    out
}

/// The items (structs, enums, functions) added, changed and removed.
fn item_list(checked_in: &str, fresh: &str) -> String {
    let mut report = String::new();
    let (old, new) = (items(checked_in), items(fresh));
    let mut changed = Vec::new();
    for (name, body) in &new {
        match old.get(name) {
            None => changed.push(format!("  added    {name}")),
            Some(b) if b != body => changed.push(format!("  changed  {name}")),
            _ => {}
        }
    }
    for name in old.keys().filter(|n| !new.contains_key(*n)) {
        changed.push(format!("  removed  {name}"));
    }
    let total = changed.len();
    for line in changed.iter().take(20) {
        report.push_str(line);
        report.push('\n');
    }
    if total > 20 {
        report.push_str(&format!("  ... and {} more\n", total - 20));
    }
    report
}

/// Items by path (`models::Participant`, `impl Client::call_get`) with their token text.
fn items(code: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(file) = syn::parse_file(code) {
        collect(&file.items, "", &mut out);
    }
    out
}

fn collect(items: &[syn::Item], prefix: &str, out: &mut BTreeMap<String, String>) {
    use quote::ToTokens;
    for item in items {
        let name = match item {
            syn::Item::Struct(s) => format!("struct {prefix}{}", s.ident),
            syn::Item::Enum(e) => format!("enum {prefix}{}", e.ident),
            syn::Item::Fn(f) => format!("fn {prefix}{}", f.sig.ident),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, &format!("{prefix}{}::", m.ident), out);
                }
                continue;
            }
            syn::Item::Impl(i) => {
                let self_ty = i.self_ty.to_token_stream().to_string().replace(' ', "");
                let trait_ = i
                    .trait_
                    .as_ref()
                    .map(|(_, p)| {
                        format!("{} for ", p.to_token_stream().to_string().replace(' ', ""))
                    })
                    .unwrap_or_default();
                if trait_.is_empty() {
                    for ii in &i.items {
                        if let syn::ImplItem::Fn(f) = ii {
                            out.insert(
                                format!("fn {prefix}{self_ty}::{}", f.sig.ident),
                                f.to_token_stream().to_string(),
                            );
                        }
                    }
                    continue;
                }
                format!("impl {prefix}{trait_}{self_ty}")
            }
            other => format!(
                "item {prefix}{}",
                other
                    .to_token_stream()
                    .to_string()
                    .chars()
                    .take(40)
                    .collect::<String>()
            ),
        };
        out.insert(name, item.to_token_stream().to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "pub mod models {\n    /// OData type `microsoft.graph.commsOperation`.\n    pub struct CommsOperation {\n        pub id: Option<String>,\n        #[serde(rename = \"clientContext\", default)]\n        pub client_context: Option<String>,\n    }\n    pub struct B {}\n}\n";

    #[test]
    fn equal_text_is_fresh() {
        assert_eq!(
            compare("a.rs", "fn a() {}\n", "fn a() {}\n", None, "regen"),
            None
        );
    }

    #[test]
    fn speaks_api_first_then_the_code_then_the_fix() {
        let new = OLD.replace(
            "        pub client_context: Option<String>,\n",
            "        pub client_context: Option<String>,\n        #[serde(rename = \"driftProbe\")]\n        pub drift_probe: Option<i32>,\n",
        );
        let r = compare(
            "gen/lib.rs",
            OLD,
            &new,
            None,
            "docgen generate docs --out gen/lib.rs",
        )
        .unwrap();
        assert!(r.starts_with("gen/lib.rs is stale"), "{r}");
        assert!(r.contains("API changes (0 breaking, 1 additive):"), "{r}");
        assert!(
            r.contains("`commsOperation` gains `driftProbe: i32`"),
            "{r}"
        );
        assert!(r.contains("code diff (1 of 1 hunks):"), "{r}");
        assert!(
            r.contains("\n+        pub drift_probe: Option<i32>,\n"),
            "{r}"
        );
        assert!(
            r.ends_with("fix: docgen generate docs --out gen/lib.rs\n"),
            "{r}"
        );
        // API first: the change is named before the code diff.
        assert!(r.find("gains").unwrap() < r.find("@@").unwrap(), "{r}");
    }

    #[test]
    fn a_removed_field_is_breaking() {
        let new = OLD.replace("        pub id: Option<String>,\n", "");
        let r = compare("gen/lib.rs", OLD, &new, None, "fix").unwrap();
        assert!(r.contains("API changes (1 breaking, 0 additive):"), "{r}");
        assert!(r.contains("breaking  property-removed"), "{r}");
        assert!(r.contains("`commsOperation` loses `id: String`"), "{r}");
    }

    #[test]
    fn without_api_changes_it_names_the_items() {
        let old = format!("{OLD}impl Client {{\n    pub fn call_get() {{}}\n}}\n");
        let new = old.replace("call_get", "call_fetch");
        let r = compare("gen/lib.rs", &old, &new, None, "fix").unwrap();
        assert!(r.contains("API changes: none in the docs' terms"), "{r}");
        assert!(r.contains("  added    fn Client::call_fetch"), "{r}");
        assert!(r.contains("  removed  fn Client::call_get"), "{r}");
    }

    #[test]
    fn many_hunks_are_counted_not_shown() {
        let old: String = (0..200).map(|i| format!("// line {i}\n")).collect();
        let new = old
            .replace("// line 10\n", "// ten\n")
            .replace("// line 50\n", "// fifty\n")
            .replace("// line 100\n", "// hundred\n")
            .replace("// line 150\n", "// 150\n");
        let r = compare("a.rs", &old, &new, None, "fix").unwrap();
        assert!(r.contains("code diff (3 of 4 hunks)"), "{r}");
        assert!(r.contains("… and 1 more hunks"), "{r}");
        assert!(!r.contains("+// 150"), "{r}");
    }
}
