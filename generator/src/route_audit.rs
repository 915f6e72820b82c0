//! What became of every route the docs list: the figures `docgen stats` prints about
//! routes, and what the tests hold them to.
//!
//! Every `METHOD URL` line of a block that lists templates (under any `http-request…`
//! heading, or a `samples` block) should be an operation, unless it is a typo with several
//! readings (reported). No operation may hold a key no page marks: each key of an
//! operation's path must stand where some page's template or request marks one.

use crate::ir::Ir;
use crate::lower::Counts;
use crate::route::{self, Segment};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};

#[derive(Debug, Clone, Default, Serialize)]
pub struct RouteAudit {
    /// `METHOD URL` lines listed, and the distinct (method, route) pairs among them.
    pub listed: usize,
    pub distinct: usize,
    /// Listed routes no operation stands for: `METHOD path` as listed.
    pub left_out: Vec<String>,
    /// Listed lines that are no route: typos with several readings.
    pub broken: usize,
    /// Requests to URLs the service hands out, which make no route.
    pub opaque_requests: usize,
    /// Paths repaired of a typo with one reading, and those that are no route: `page:line`.
    pub typos_repaired: Vec<String>,
    pub typos_broken: Vec<String>,
    /// Operations holding a key no page marks: `METHOD path`.
    pub unmarked_keys: Vec<String>,
}

/// The identity of each prefix of the path that ends at a key.
fn key_prefixes(segments: &[Segment]) -> Vec<String> {
    let mut out = Vec::new();
    // `/me` stands for `/users/{user-id}`: it is a marked key itself.
    if route::identity(segments).1 {
        out.push(route::identity(&segments[..1]).0);
    }
    for (i, s) in segments.iter().enumerate() {
        if matches!(s, Segment::Key { .. } | Segment::PathKey { .. }) {
            out.push(route::identity(&segments[..=i]).0);
        }
    }
    out
}

impl RouteAudit {
    pub fn new(ir: &Ir, counts: &Counts) -> RouteAudit {
        let operations: Vec<(String, Vec<Segment>)> = ir
            .operations
            .iter()
            .map(|o| (o.method.clone(), route::parse(&o.path).0))
            .collect();
        let keys: BTreeSet<(String, String)> = operations
            .iter()
            .map(|(m, s)| (m.clone(), route::identity(s).0))
            .collect();
        let mut left_out: Vec<String> = counts
            .route_template_keys
            .iter()
            .filter(|k| !keys.contains(*k))
            .map(|(m, p)| format!("{m} {p}"))
            .collect();
        // A listed line holding sample values is covered by the operation it fits, looked
        // up among those of its method and length only.
        let mut by_shape: HashMap<(&str, usize), Vec<Vec<Segment>>> = HashMap::new();
        for (m, s) in &operations {
            let s = route::unalias(s);
            by_shape.entry((m.as_str(), s.len())).or_default().push(s);
        }
        for (method, raw) in &counts.route_template_samples {
            let written = route::unalias(&route::parse(raw).0);
            let covered = by_shape
                .get(&(method.as_str(), written.len()))
                .is_some_and(|ops| ops.iter().any(|s| route::fits(s, &written)));
            if !covered {
                left_out.push(format!("{method} {raw}"));
            }
        }
        let marks: Vec<Vec<Segment>> = counts
            .route_marks
            .iter()
            .map(|m| route::parse(m).0)
            .collect();
        let marked: HashSet<String> = marks.iter().flat_map(|m| key_prefixes(m)).collect();
        let keyed: HashSet<String> = marks
            .iter()
            .flat_map(|m| route::keyed_collections(m))
            .collect();
        // A key is marked where some page marks one after the same path, or after the
        // same collection (`…/assignments/{id}`).
        let unmarked = |s: &[Segment]| {
            key_prefixes(s).iter().any(|p| !marked.contains(p))
                && s.iter().enumerate().any(|(i, seg)| {
                    let key = matches!(seg, Segment::Key { .. } | Segment::PathKey { .. });
                    let by_collection = i > 0
                        && matches!(&s[i - 1], Segment::Literal(l) if keyed.contains(&l.to_ascii_lowercase()));
                    key && !by_collection && !marked.contains(&route::identity(&s[..=i]).0)
                })
        };
        let unmarked_keys = operations
            .iter()
            .filter(|(_, s)| unmarked(s))
            .map(|(m, s)| format!("{m} {}", route::render(s)))
            .collect();
        let at = |code: &str| -> Vec<String> {
            ir.diagnostics
                .iter()
                .filter(|d| d.code == code)
                .map(|d| format!("{}:{}", d.path, d.line))
                .collect()
        };
        RouteAudit {
            listed: counts.route_templates,
            distinct: counts.route_template_keys.len() + counts.route_template_samples.len(),
            left_out,
            broken: counts.route_templates_broken,
            opaque_requests: counts.opaque_requests,
            typos_repaired: at("route-typo"),
            typos_broken: at("route-broken"),
            unmarked_keys,
        }
    }

    /// Rows of the `docgen stats` table.
    pub fn markdown(&self) -> String {
        let list = |v: &[String]| {
            let shown: Vec<&str> = v.iter().take(3).map(String::as_str).collect();
            if shown.is_empty() {
                String::new()
            } else {
                format!(" ({})", shown.join(", "))
            }
        };
        format!(
            "| route templates listed (http-request… sections, samples blocks) | {} |\n\
             | distinct route templates → left out | {} → {}{} |\n\
             | listed paths that are no route (typo with several readings) | {}{} |\n\
             | paths repaired of a typo | {}{} |\n\
             | requests to opaque URLs (no route) | {} |\n\
             | operations holding a key no page marks | {}{} |\n",
            self.listed,
            self.distinct,
            self.left_out.len(),
            list(&self.left_out),
            self.typos_broken.len(),
            list(&self.typos_broken),
            self.typos_repaired.len(),
            list(&self.typos_repaired),
            self.opaque_requests,
            self.unmarked_keys.len(),
            list(&self.unmarked_keys),
        )
    }
}
