//! Permissions checks: an API page with no permissions table, and a permission name that
//! no other page uses and that looks like one that others do (a typo, a lost dot).
//! Rows no scheme fits and pages disagreeing are reported by generation itself
//! (`permission-scheme`, `permissions-disagree`).

use super::{Finding, Lines};
use crate::doc::{Page, PageKind};
use crate::ir::Scheme;
use crate::lower::PageFacts;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(super) fn check(
    pages: &[Page],
    facts: &[PageFacts],
    texts: &HashMap<&str, Lines>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (page, f) in pages.iter().zip(facts) {
        let documents_calls = page.kind == PageKind::Api && !f.operations.is_empty();
        if documents_calls && !f.counts.permission_table_pages.contains(&page.path) {
            let line = f.operations.iter().map(|o| o.line).min().unwrap_or(1);
            out.push(
                Finding::new(&page.path, line, "permissions-missing", format!(
                    "the page documents {} but has no permissions table",
                    match f.operations.len() {
                        1 => format!("`{} {}`", f.operations[0].method, f.operations[0].path),
                        n => format!("{n} operations"),
                    }
                ))
                .help("add a `## Permissions` section with the reference's table: a row per scheme (delegated work or school, delegated personal, application), least privileged first"),
            );
        }
    }
    // Which pages name each permission.
    let mut named: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut at: Vec<(&str, &str, usize)> = Vec::new();
    for f in facts {
        for set in &f.permissions {
            let line = set
                .source
                .rsplit_once(':')
                .and_then(|(_, l)| l.parse().ok())
                .unwrap_or(1);
            for s in Scheme::ALL {
                for entry in set.scheme(s) {
                    for name in entry.split(" + ") {
                        named.entry(name).or_default().insert(f.path.as_str());
                        at.push((f.path.as_str(), name, line));
                    }
                }
            }
        }
    }
    let common: Vec<&str> = named
        .iter()
        .filter(|(_, p)| p.len() > 1)
        .map(|(n, _)| *n)
        .collect();
    let mut reported = BTreeSet::new();
    for (path, name, line) in at {
        if named[name].len() > 1 || !reported.insert((path, name)) {
            continue;
        }
        let Some(like) = common.iter().copied().find(|c| resembles(name, c)) else {
            continue;
        };
        let mut f = Finding::new(
            path,
            line,
            "permission-name",
            format!(
                "`{name}` is named by no other page, and looks like `{like}`, which {} pages name",
                named[like].len()
            ),
        )
        .help(format!("if `{like}` is meant, write it so"));
        if let Some((l, col)) = texts.get(path).and_then(|t| t.find(line, 40, name)) {
            f.line = l;
            f = f.at(col, name.chars().count());
        }
        out.push(f);
    }
    out
}

/// Whether an unknown name is a slip of a known one: the same letters in another case,
/// a known name's tail (`AccessAsUser.All` of `Directory.AccessAsUser.All`), or an edit
/// away per eight letters, two at most (`Mail.Read` is no slip of `Mail.Send`).
fn resembles(name: &str, known: &str) -> bool {
    let most = (name.len() / 8).min(2);
    name.eq_ignore_ascii_case(known)
        || known.ends_with(&format!(".{name}"))
        || (name.len().abs_diff(known.len()) <= most && edits(name, known) <= most)
}

/// Levenshtein distance, in O(a·b) time and O(b) space (names are short).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn slips_resemble_known_names() {
        assert!(super::resembles(
            "Calls.JoinGroupCallsasGuest.All",
            "Calls.JoinGroupCallAsGuest.All"
        ));
        assert!(super::resembles(
            "AccessAsUser.All",
            "Directory.AccessAsUser.All"
        ));
        assert!(super::resembles(
            "Group.Read.WriteAll",
            "Group.ReadWrite.All"
        ));
        assert!(super::resembles("Mail.Sendd", "Mail.Send"));
        assert!(!super::resembles("Mail.Send", "Mail.Read"));
        assert!(!super::resembles("Mail.Read", "Mail.Send"));
        assert_eq!(super::edits("kitten", "sitting"), 3);
    }
}
