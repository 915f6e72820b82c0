//! What an app needs: the least permissions per scheme that cover a set of operations
//! (`docgen permissions`), and how many operations the docs give permissions for.
//!
//! Each operation allows any one of its entries (a permission, or a combination `A + B`
//! needing all its parts). Choosing the fewest permissions that allow every operation is
//! a hitting-set problem; the choice here is greedy: the entry allowing the most operations
//! not yet allowed, the earlier-listed (less privileged) on ties, counting what is already
//! chosen as free. Then any choice the others make unnecessary is dropped.

use crate::ir::{Ir, Operation, PermissionSet, Scheme};
use crate::select::glob::path_matches;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Operations given as `METHOD /path` or `/path` (every method), the way a list of calls
/// is written; a path may be a glob (`/users/{id}/mail*/**`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: Option<String>,
    pub path: String,
}

impl Call {
    /// One line of a calls file: blank lines and `#` comments give `None`.
    pub fn parse(line: &str) -> Option<Call> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut words = line.split_whitespace();
        let first = words.next()?;
        match words.next() {
            Some(path) if !first.starts_with('/') => Some(Call {
                method: Some(first.to_ascii_uppercase()),
                path: path.to_string(),
            }),
            _ => Some(Call {
                method: None,
                path: first.to_string(),
            }),
        }
    }

    pub fn matches(&self, op: &Operation) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(&op.method))
            && std::iter::once(&op.path)
                .chain(&op.aliases)
                .any(|p| path_matches(&self.path, p))
    }
}

/// The answer for one scheme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SchemeNeed {
    pub scheme: Option<Scheme>,
    /// The permissions to request, in the order chosen.
    pub permissions: Vec<String>,
    /// For each operation: the entry that allows it and the page saying so.
    pub because: Vec<Reason>,
    /// Operations the scheme cannot call (the docs say `Not supported`).
    pub unsupported: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub operation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    pub allowed_by: String,
    pub source: String,
}

/// The answer for a list of calls.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Needs {
    /// The operations the calls matched.
    pub operations: Vec<String>,
    /// Calls that matched no operation.
    pub unmatched: Vec<String>,
    /// Operations no page gives permissions for.
    pub undocumented: Vec<String>,
    pub schemes: Vec<SchemeNeed>,
}

/// The operations the calls name, in IR order, and the calls naming none.
pub fn select<'a>(ir: &'a Ir, calls: &[Call]) -> (Vec<&'a Operation>, Vec<String>) {
    let mut unmatched = Vec::new();
    let mut chosen = BTreeSet::new();
    for c in calls {
        let before = chosen.len();
        let mut any = false;
        for (i, op) in ir.operations.iter().enumerate() {
            if c.matches(op) {
                chosen.insert(i);
                any = true;
            }
        }
        if !any && chosen.len() == before {
            unmatched.push(match &c.method {
                Some(m) => format!("{m} {}", c.path),
                None => c.path.clone(),
            });
        }
    }
    (
        chosen.into_iter().map(|i| &ir.operations[i]).collect(),
        unmatched,
    )
}

/// The least permissions per scheme that allow every operation. An operation with cases
/// (a table per resource kind) needs each case allowed where the scheme supports it: the
/// docs cannot tell which case a call is.
pub fn needs(ops: &[&Operation]) -> Needs {
    let mut out = Needs {
        operations: ops.iter().map(|o| o.name.clone()).collect(),
        ..Needs::default()
    };
    for op in ops {
        if op.permissions.is_empty() {
            out.undocumented.push(op.name.clone());
        }
    }
    for scheme in Scheme::ALL {
        out.schemes.push(scheme_needs(ops, scheme));
    }
    out
}

/// One requirement: an operation (case) and the entries that allow it, least first.
struct Requirement<'a> {
    op: &'a Operation,
    set: &'a PermissionSet,
    entries: Vec<Vec<String>>,
}

fn scheme_needs(ops: &[&Operation], scheme: Scheme) -> SchemeNeed {
    let mut need = SchemeNeed {
        scheme: Some(scheme),
        ..SchemeNeed::default()
    };
    let mut reqs: Vec<Requirement> = Vec::new();
    for op in ops.iter().filter(|o| !o.permissions.is_empty()) {
        let mut supported = false;
        for set in &op.permissions {
            let entries = set.scheme(scheme);
            if entries.is_empty() {
                continue;
            }
            supported = true;
            reqs.push(Requirement {
                op,
                set,
                entries: entries.iter().map(|e| parts(e)).collect(),
            });
        }
        if !supported {
            need.unsupported.push(op.name.clone());
        }
    }
    let mut chosen: Vec<String> = Vec::new();
    let mut open: Vec<usize> = (0..reqs.len()).collect();
    // Each round allows at least one more requirement, and costs one pass over the open
    // requirements' entries: what each would still need, counted by that need.
    while !open.is_empty() {
        // Still needed → (requirements it allows, summed rank: the less privileged first).
        let mut gains: std::collections::HashMap<Vec<String>, (usize, usize)> =
            std::collections::HashMap::new();
        for &r in &open {
            let mut seen = BTreeSet::new();
            for (rank, entry) in reqs[r].entries.iter().enumerate() {
                let mut missing: Vec<String> = entry
                    .iter()
                    .filter(|p| !chosen.contains(p))
                    .cloned()
                    .collect();
                missing.sort();
                if seen.insert(missing.clone()) {
                    let g = gains.entry(missing).or_default();
                    g.0 += 1;
                    g.1 += rank;
                }
            }
        }
        let best = gains.into_iter().max_by(|(a, (na, ra)), (b, (nb, rb))| {
            na.cmp(nb)
                .then(b.len().cmp(&a.len()))
                .then(rb.cmp(ra))
                .then(b.cmp(a))
        });
        let Some((entry, _)) = best else { break };
        chosen.extend(entry);
        let before = open.len();
        open.retain(|&o| !allows(&chosen, &reqs[o].entries));
        if open.len() == before {
            break;
        }
    }
    // Drop what the rest make unnecessary (a choice made early that later ones cover).
    let mut i = chosen.len();
    while i > 0 {
        i -= 1;
        let mut without = chosen.clone();
        without.remove(i);
        if reqs.iter().all(|r| allows(&without, &r.entries)) {
            chosen = without;
        }
    }
    for r in &reqs {
        let by = r
            .entries
            .iter()
            .find(|e| e.iter().all(|p| chosen.contains(p)))
            .map(|e| e.join(" + "))
            .unwrap_or_default();
        need.because.push(Reason {
            operation: r.op.name.clone(),
            case: r.set.case.clone(),
            allowed_by: by,
            source: r.set.source.clone(),
        });
    }
    need.permissions = chosen;
    need
}

fn parts(entry: &str) -> Vec<String> {
    entry.split(" + ").map(|p| p.trim().to_string()).collect()
}

fn allows(granted: &[String], entries: &[Vec<String>]) -> bool {
    entries
        .iter()
        .any(|e| e.iter().all(|p| granted.contains(p)))
}

/// How many operations the docs give permissions for, for `docgen stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub operations: usize,
    pub with_permissions: usize,
    /// Operations documented by a page with a permissions table, and those of them that
    /// have permissions: the figure the reader answers for.
    pub on_pages_with_table: usize,
    pub on_pages_with_table_with_permissions: usize,
    /// Distinct permission names read.
    pub names: usize,
}

impl Coverage {
    pub fn new(ir: &Ir, table_pages: &BTreeSet<String>) -> Coverage {
        let mut c = Coverage {
            operations: ir.operations.len(),
            ..Coverage::default()
        };
        let mut names = BTreeSet::new();
        for op in &ir.operations {
            let has = !op.permissions.is_empty();
            c.with_permissions += has as usize;
            let pages = std::iter::once(&op.source).chain(&op.pages);
            if pages
                .map(|p| p.rsplit_once(':').map_or(p.as_str(), |(p, _)| p))
                .any(|p| table_pages.contains(p))
            {
                c.on_pages_with_table += 1;
                c.on_pages_with_table_with_permissions += has as usize;
            }
            for set in &op.permissions {
                for s in Scheme::ALL {
                    for e in set.scheme(s) {
                        names.extend(parts(e));
                    }
                }
            }
        }
        c.names = names.len();
        c
    }

    /// The share of operations on pages with a table that have permissions, in percent.
    pub fn pct(&self) -> f64 {
        if self.on_pages_with_table == 0 {
            100.0
        } else {
            100.0 * self.on_pages_with_table_with_permissions as f64
                / self.on_pages_with_table as f64
        }
    }
}

/// Every permission name per scheme with the operations it allows: the reverse index a
/// mock or an app's self-check reads.
pub fn by_name(ir: &Ir) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &ir.operations {
        for set in &op.permissions {
            for s in Scheme::ALL {
                for e in set.scheme(s) {
                    for p in parts(e) {
                        out.entry(p).or_default().insert(op.name.clone());
                    }
                }
            }
        }
    }
    out
}
