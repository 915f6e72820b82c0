//! Compares the IR of two descriptions of one API (an English reference and its
//! translation): what both describe must agree, and what differs is listed for a person
//! to explain by content, not by translation.

use crate::ir::Ir;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub struct Comparison {
    pub ops: (usize, usize, usize),
    pub types: (usize, usize, usize),
    pub properties_compared: usize,
    /// Operations one side has though the other side has the same page.
    pub ops_only: Vec<String>,
    pub types_only: Vec<String>,
    pub property_differences: Vec<String>,
    /// Structured types both sides have, and those whose base differs.
    pub bases_compared: usize,
    pub base_differences: Vec<String>,
    /// Properties of each side without a type (`Edm.Untyped`), and all properties.
    pub untyped: [(usize, usize); 2],
    /// `unknown-word` diagnostics of each side: what its vocabulary did not know.
    pub unknown_words: [usize; 2],
}

fn untyped(ir: &Ir) -> (usize, usize) {
    let props = ir.types.iter().flat_map(|t| &t.properties);
    (
        props.clone().filter(|p| p.ty == crate::ir::UNTYPED).count(),
        props.count(),
    )
}

fn unknown_words(ir: &Ir) -> usize {
    ir.diagnostics
        .iter()
        .filter(|d| d.code == "unknown-word")
        .count()
}

/// Method and path, with parameter names dropped (`{id}` and `{group-id}` are one
/// segment) and case folded: the same route however a page names it.
fn op_keys(ir: &Ir) -> BTreeMap<(String, String), &str> {
    ir.operations
        .iter()
        .map(|o| ((o.method.clone(), route(&o.path)), o.source.as_str()))
        .collect()
}

pub fn route(path: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth = (depth - 1).max(0),
            c if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

fn page(source: &str) -> &str {
    source.rsplit_once(':').map_or(source, |(p, _)| p)
}

pub fn compare(a: &Ir, b: &Ir) -> Comparison {
    let (oa, ob) = (op_keys(a), op_keys(b));
    let pages_b: BTreeSet<&str> = b
        .operations
        .iter()
        .map(|o| page(&o.source))
        .chain(b.types.iter().map(|t| page(&t.source)))
        .collect();
    let pages_a: BTreeSet<&str> = a
        .operations
        .iter()
        .map(|o| page(&o.source))
        .chain(a.types.iter().map(|t| page(&t.source)))
        .collect();
    let mut ops_only = Vec::new();
    for (k, src) in &oa {
        if !ob.contains_key(k) && pages_b.contains(page(src)) {
            ops_only.push(format!("first only: {} {} ({src})", k.0, k.1));
        }
    }
    for (k, src) in &ob {
        if !oa.contains_key(k) && pages_a.contains(page(src)) {
            ops_only.push(format!("second only: {} {} ({src})", k.0, k.1));
        }
    }
    let ta: BTreeMap<&str, &crate::ir::Type> =
        a.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let tb: BTreeMap<&str, &crate::ir::Type> =
        b.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut types_only = Vec::new();
    for (n, t) in &ta {
        if !tb.contains_key(n) && pages_b.contains(page(&t.source)) {
            types_only.push(format!("first only: {n} ({})", t.source));
        }
    }
    for (n, t) in &tb {
        if !ta.contains_key(n) && pages_a.contains(page(&t.source)) {
            types_only.push(format!("second only: {n} ({})", t.source));
        }
    }
    let mut property_differences = Vec::new();
    let mut properties_compared = 0;
    for (n, t) in &ta {
        let Some(u) = tb.get(n) else { continue };
        for p in &t.properties {
            let Some(q) = u.properties.iter().find(|q| q.name == p.name) else {
                continue;
            };
            properties_compared += 1;
            if (p.ty.as_str(), p.collection) != (q.ty.as_str(), q.collection) {
                property_differences.push(format!(
                    "{n}.{}: {}{} vs {}{} ({} / {})",
                    p.name,
                    p.ty,
                    if p.collection { "[]" } else { "" },
                    q.ty,
                    if q.collection { "[]" } else { "" },
                    t.source,
                    u.source
                ));
            }
        }
    }
    let mut base_differences = Vec::new();
    let mut bases_compared = 0;
    for (n, t) in &ta {
        let Some(u) = tb.get(n).filter(|u| u.kind != crate::ir::Kind::Enum) else {
            continue;
        };
        if t.kind == crate::ir::Kind::Enum {
            continue;
        }
        bases_compared += 1;
        if t.base != u.base {
            let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".into());
            base_differences.push(format!(
                "{n}: {} vs {} ({} / {})",
                show(&t.base),
                show(&u.base),
                t.source,
                u.source
            ));
        }
    }
    let both_ops = oa.keys().filter(|k| ob.contains_key(*k)).count();
    let both_types = ta.keys().filter(|k| tb.contains_key(*k)).count();
    Comparison {
        ops: (oa.len(), ob.len(), both_ops),
        types: (ta.len(), tb.len(), both_types),
        properties_compared,
        ops_only,
        types_only,
        property_differences,
        bases_compared,
        base_differences,
        untyped: [untyped(a), untyped(b)],
        unknown_words: [unknown_words(a), unknown_words(b)],
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

impl Comparison {
    /// The figures a floor file checks: the share of shared properties typed the same,
    /// each side's untyped share, and how far the second's untyped share is above the first's.
    pub fn figures(&self) -> BTreeMap<&'static str, f64> {
        let same = self.properties_compared - self.property_differences.len();
        let [ua, ub] = self.untyped.map(|(u, n)| pct(u, n));
        BTreeMap::from([
            ("same_type_pct", pct(same, self.properties_compared)),
            (
                "same_base_pct",
                pct(
                    self.bases_compared - self.base_differences.len(),
                    self.bases_compared,
                ),
            ),
            ("untyped_pct_first", ua),
            ("untyped_pct_second", ub),
            ("untyped_gap_points", ub - ua),
        ])
    }

    /// Figures past their limits in a floor file: `{"same_type_pct": 98.5}` is a floor;
    /// a name starting `max_` is a ceiling (`{"max_untyped_gap_points": 0.5}`).
    pub fn beyond(&self, limits: &BTreeMap<String, f64>) -> Vec<String> {
        let figures = self.figures();
        limits
            .iter()
            .filter_map(|(name, limit)| {
                let (figure, ceiling) = match name.strip_prefix("max_") {
                    Some(f) => (f, true),
                    None => (name.as_str(), false),
                };
                let Some(v) = figures.get(figure) else {
                    return Some(format!(
                        "{name} is not a figure (known: {})",
                        figures.keys().copied().collect::<Vec<_>>().join(", ")
                    ));
                };
                match ceiling {
                    true if *v > limit + 1e-9 => {
                        Some(format!("{figure} is {v:.2}, above its ceiling {limit}"))
                    }
                    false if v + 1e-9 < *limit => {
                        Some(format!("{figure} is {v:.2}, below its floor {limit}"))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    pub fn markdown(&self, limit: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "| | first | second | both |\n|---|---|---|---|");
        let _ = writeln!(
            s,
            "| operations (method + path) | {} | {} | {} |",
            self.ops.0, self.ops.1, self.ops.2
        );
        let _ = writeln!(
            s,
            "| types | {} | {} | {} |",
            self.types.0, self.types.1, self.types.2
        );
        let same = self.properties_compared - self.property_differences.len();
        let _ = writeln!(
            s,
            "| properties of common types with the same type | {same} of {} | | |",
            self.properties_compared
        );
        let _ = writeln!(
            s,
            "| structured types with the same base | {} of {} | | |",
            self.bases_compared - self.base_differences.len(),
            self.bases_compared
        );
        let [(ua, na), (ub, nb)] = self.untyped;
        let _ = writeln!(
            s,
            "| properties untyped | {ua} of {na} ({:.2}%) | {ub} of {nb} ({:.2}%) | |",
            pct(ua, na),
            pct(ub, nb)
        );
        let _ = writeln!(
            s,
            "| unknown words reported | {} | {} | |",
            self.unknown_words[0], self.unknown_words[1]
        );
        for (title, list) in [
            (
                "operations on a page both sides have, found on one side only",
                &self.ops_only,
            ),
            (
                "types on a page both sides have, found on one side only",
                &self.types_only,
            ),
            ("properties typed differently", &self.property_differences),
            ("types with a different base", &self.base_differences),
        ] {
            let _ = writeln!(s, "\n{} ({}):", title, list.len());
            for l in list.iter().take(limit) {
                let _ = writeln!(s, "- {l}");
            }
            if list.len() > limit {
                let _ = writeln!(s, "- ... {} more", list.len() - limit);
            }
        }
        s
    }
}
