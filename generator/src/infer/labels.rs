//! Examples that name the wrong type, and properties that only one example shows.
//!
//! An example's annotation can be wrong: a drive item shown on a channel page annotated
//! as `team` would give `team` the drive item's `folder` and `size`. A body whose unknown
//! keys mostly belong to one other type is read as mislabelled, and a property that only
//! examples show, on a type whose resource page lists its properties, needs more than one
//! example before it becomes a property.

use super::{diag, Evidence, Merger};
use crate::diag::Severity;
use crate::lower::TypeRef;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A property name more types than this declare says nothing about which type a body is.
const TELLING_LIMIT: usize = 64;

#[derive(Default)]
pub(crate) struct Labels {
    /// Types that declare each property name on their resource page or tables.
    declared_by: HashMap<String, Vec<String>>,
    /// Types with properties of their own declared.
    declared_types: HashSet<String>,
    /// (type, property) only examples show, with each example's evidence.
    pending: BTreeMap<(String, String), Vec<(Option<TypeRef>, String)>>,
}

impl Labels {
    /// Indexes the declared properties, before any example is read.
    pub(super) fn index(m: &Merger) -> Self {
        let mut out = Self::default();
        for (name, t) in &m.types {
            for (prop, p) in t.props.iter() {
                if p.evidence == Evidence::Declared {
                    out.declared_types.insert(name.clone());
                    let by = out.declared_by.entry(prop.clone()).or_default();
                    if by.len() <= TELLING_LIMIT {
                        by.push(name.clone());
                    }
                }
            }
        }
        out
    }

    /// Whether a type's resource page lists its properties.
    pub(super) fn is_declared(&self, ty: &str) -> bool {
        self.declared_types.contains(ty)
    }

    /// The type a body's unknown keys belong to when they are most of its keys and one
    /// other type declares at least three quarters of them; `related` tells the named type's
    /// own ancestors and descendants apart, which are not another type.
    pub(super) fn other_owner(
        &self,
        named: &str,
        keys: usize,
        unknown: &[&str],
        related: impl Fn(&str) -> bool,
    ) -> Option<String> {
        if unknown.len() < 2 || unknown.len() * 2 <= keys {
            return None;
        }
        let mut votes: HashMap<&str, usize> = HashMap::new();
        for k in unknown {
            let Some(by) = self
                .declared_by
                .get(*k)
                .filter(|b| b.len() <= TELLING_LIMIT)
            else {
                continue;
            };
            for t in by {
                *votes.entry(t.as_str()).or_default() += 1;
            }
        }
        let (best, n) = votes
            .into_iter()
            .filter(|(t, _)| *t != named && !related(t))
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))?;
        (n * 4 >= unknown.len() * 3).then(|| best.to_string())
    }

    pub(super) fn defer(&mut self, ty: &str, key: &str, seen: Option<TypeRef>, source: &str) {
        self.pending
            .entry((ty.to_string(), key.to_string()))
            .or_default()
            .push((seen, source.to_string()));
    }
}

/// After every example is read: a property more than one example shows becomes a
/// property; one example's word is reported and not taken.
pub(super) fn settle(m: &mut Merger, labels: Labels) {
    for ((ty, key), seen) in labels.pending {
        let examples: HashSet<&str> = seen.iter().map(|(_, s)| s.as_str()).collect();
        if examples.len() > 1 {
            for (t, source) in seen {
                m.offer_example(&ty, &key, t, &source);
            }
        } else if let Some((_, source)) = seen.first() {
            m.diagnostics.push(diag(source, Severity::Warning, "example-only-property", format!("`{key}` appears on `{ty}` only in this example, and its resource page does not list it; not read as a property")));
        }
    }
}
