//! The drift check: does the checked-in code match what the docs produce now?
//!
//! Like rust-analyzer's codegen tests, it names the file, the items that changed and the
//! command that fixes it, with a short diff rather than a wall of text.

use std::collections::BTreeMap;

/// What differs between the checked-in text and the fresh one, if anything.
pub fn compare(path: &str, checked_in: &str, fresh: &str, fix: &str) -> Option<String> {
    if checked_in == fresh {
        return None;
    }
    let mut report = format!("{path} is stale: the docs now generate different code.\n");
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
    if !changed.is_empty() {
        report.push_str("items:\n");
        let total = changed.len();
        for line in changed.iter().take(20) {
            report.push_str(line);
            report.push('\n');
        }
        if total > 20 {
            report.push_str(&format!("  ... and {} more\n", total - 20));
        }
    }
    report.push_str(&short_diff(checked_in, fresh));
    report.push_str(&format!("fix: {fix}\n"));
    Some(report)
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

/// The first differing stretch, with three lines of context, plus a count of the rest.
fn short_diff(old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let first = a
        .iter()
        .zip(&b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(a.len() - first)
        .min(b.len() - first);
    let (a_end, b_end) = (a.len() - tail, b.len() - tail);
    let mut out = format!("first difference at line {}:\n", first + 1);
    let start = first.saturating_sub(3);
    for l in &a[start..first] {
        out.push_str(&format!("   {l}\n"));
    }
    const SHOWN: usize = 12;
    for l in a[first..a_end].iter().take(SHOWN) {
        out.push_str(&format!(" - {l}\n"));
    }
    for l in b[first..b_end].iter().take(SHOWN) {
        out.push_str(&format!(" + {l}\n"));
    }
    let hidden = (a_end - first).saturating_sub(SHOWN) + (b_end - first).saturating_sub(SHOWN);
    if hidden > 0 {
        out.push_str(&format!(" ({hidden} more changed lines)\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_text_is_fresh() {
        assert_eq!(compare("a.rs", "fn a() {}\n", "fn a() {}\n", "regen"), None);
    }

    #[test]
    fn names_items_and_the_fix() {
        let old = "pub mod models {\n    pub struct A {}\n    pub struct B {}\n}\n";
        let new = "pub mod models {\n    pub struct A {\n        x: i32,\n    }\n    pub struct C {}\n}\n";
        let r = compare("gen/lib.rs", old, new, "cargo run -p docgen -- generate").unwrap();
        assert!(r.starts_with("gen/lib.rs is stale"), "{r}");
        assert!(r.contains("  changed  struct models::A"), "{r}");
        assert!(r.contains("  added    struct models::C"), "{r}");
        assert!(r.contains("  removed  struct models::B"), "{r}");
        assert!(r.contains("first difference at line 2"), "{r}");
        assert!(r.ends_with("fix: cargo run -p docgen -- generate\n"), "{r}");
    }
}
