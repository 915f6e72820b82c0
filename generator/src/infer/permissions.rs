//! Each operation's permissions, from the tables of the pages documenting it.
//!
//! Pages that document one operation must agree: the first page (in path order) with a
//! table is kept, and each page saying otherwise is reported with both pages named. A case
//! naming a route (`[chatMessage] (/chats/{id}/messages)`) applies to operations on that
//! route only.

use super::diag;
use crate::diag::{Diagnostic, Severity};
use crate::ir::{Operation, PermissionSet};
use crate::lower::PageFacts;
use crate::select::glob::path_matches;
use std::collections::HashMap;

pub(super) fn attach(ops: &mut [Operation], pages: &[PageFacts], diags: &mut Vec<Diagnostic>) {
    // Each page's sets, with how many operations the page documents: a page written for
    // one operation speaks for it before a page about many (extended properties, say,
    // which show their requests on every route they apply to).
    let by_page: HashMap<&str, &[PermissionSet]> = pages
        .iter()
        .filter(|p| !p.permissions.is_empty())
        .map(|p| (p.path.as_str(), p.permissions.as_slice()))
        .collect();
    // How many operations each page documents, once merged.
    let mut documents: HashMap<String, usize> = HashMap::new();
    for op in ops.iter() {
        let mut seen: Vec<&str> = op.pages.iter().map(|p| page_of(p)).collect();
        seen.sort_unstable();
        seen.dedup();
        for p in seen {
            *documents.entry(p.to_string()).or_default() += 1;
        }
    }
    for op in ops.iter_mut() {
        let sources: Vec<&str> = if op.pages.is_empty() {
            vec![page_of(&op.source)]
        } else {
            op.pages.iter().map(|p| page_of(p)).collect()
        };
        let mut found: Vec<(&str, Vec<PermissionSet>, usize)> = sources
            .into_iter()
            .filter_map(|page| {
                let sets = by_page.get(page)?;
                let n = documents.get(page).copied().unwrap_or(1);
                Some((page, for_route(sets, op), n))
            })
            .collect();
        // Plain tables first, then tables of cases; pages of one or two operations before
        // pages of more; then the shortest file name (a product's slice of a resource
        // prefixes the general page's name: `intune-devices-user-list.md` beside
        // `user-list.md`); path order.
        found.sort_by_key(|(page, sets, n)| (sets.len() > 1, *n > 2, page.len(), *page));
        let mut found = found.into_iter();
        let Some((first, kept, _)) = found.next() else {
            continue;
        };
        for (page, sets, _) in found {
            // A table of cases refines, it does not contradict: only like with like.
            let comparable = kept.len() == sets.len();
            let agree = kept.iter().zip(&sets).all(|(a, b)| a.same_as(b));
            if comparable && !agree {
                diags.push(diag(
                    &sets[0].source,
                    Severity::Warning,
                    "permissions-disagree",
                    format!(
                        "`{}`: this page's permissions ({}) differ from {first}'s ({}); {first}'s are kept",
                        op.name,
                        summary(&sets),
                        summary(&kept)
                    ),
                ));
                let _ = page;
            }
        }
        op.permissions = kept;
    }
}

fn page_of(source: &str) -> &str {
    source.rsplit_once(':').map_or(source, |(p, _)| p)
}

/// The sets that apply to the operation's route: where cases name routes, those naming
/// one of its routes (all of them when none does).
fn for_route(sets: &[PermissionSet], op: &Operation) -> Vec<PermissionSet> {
    let routed: Vec<(&PermissionSet, Option<&str>)> = sets
        .iter()
        .map(|s| (s, s.case.as_deref().and_then(route_in)))
        .collect();
    let matching: Vec<PermissionSet> = routed
        .iter()
        .filter(|(_, r)| {
            r.is_some_and(|r| {
                std::iter::once(&op.path)
                    .chain(&op.aliases)
                    .any(|p| path_matches(r, p))
            })
        })
        .map(|(s, _)| (*s).clone())
        .collect();
    if matching.is_empty() {
        sets.to_vec()
    } else {
        matching
    }
}

/// A route written in a case label: `(/chats/{id}/messages)`.
fn route_in(case: &str) -> Option<&str> {
    let start = case.find("(/")? + 1;
    let rest = &case[start..];
    let end = rest.find([')', ' ']).unwrap_or(rest.len());
    Some(&rest[..end])
}

/// `application: Mail.Read, Mail.ReadWrite; ...` for messages.
fn summary(sets: &[PermissionSet]) -> String {
    let mut parts = Vec::new();
    for s in sets {
        let schemes: Vec<String> = crate::ir::Scheme::ALL
            .iter()
            .map(|&k| {
                let v = s.scheme(k);
                let v = if v.is_empty() {
                    "-".to_string()
                } else {
                    v.join(", ")
                };
                format!("{}: {v}", k.as_str())
            })
            .collect();
        let case = s
            .case
            .as_deref()
            .map_or(String::new(), |c| format!("{c}: "));
        parts.push(format!("{case}{}", schemes.join("; ")));
    }
    parts.join(" | ")
}
