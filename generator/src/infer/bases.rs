//! Base types no words state: in a language the vocabulary lacks, `Inherits from [x](x.md)`
//! is a link among unknown words. The link survives translation and so do property names:
//! a type the introduction links to, most of whose properties this type also has (pages
//! list or show inherited properties), is taken for its base. Of several, the one sharing
//! the most properties, the nearest ancestor, wins.

use super::{diag, Merger, ROOT_ENTITY};
use crate::diag::Severity;
use crate::ir::Kind;

/// Sets the base of each structured type that has none from the links of its page's
/// introduction. Linear in the links and their properties.
pub(super) fn from_links(m: &mut Merger) {
    let mut chosen: Vec<(String, String, String)> = Vec::new();
    for (name, t) in &m.types {
        if t.base.is_some() || t.kind == Some(Kind::Enum) || t.linked.is_empty() {
            continue;
        }
        let mut best: Option<(usize, &str)> = None;
        for link in &t.linked {
            let b = m.canonical(link);
            if b == *name {
                continue;
            }
            let Some(base) = m.types.get(&b) else {
                continue;
            };
            let n = base.props.len();
            let shared = base
                .props
                .iter()
                .filter(|(p, _)| t.props.contains(p))
                .count();
            // Most of the candidate's properties (pages drift: a property only the base's
            // page shows), and more besides (a type linking its derived types fails here).
            // A single shared `id` says little, except of the root entity type.
            let enough = if b == ROOT_ENTITY {
                shared == 1
            } else {
                shared * 3 >= n * 2 && (shared >= 2 || base.props.iter().all(|(p, _)| p != "id"))
            };
            if base.kind == Some(Kind::Enum)
                || !base.members.is_empty()
                || shared == 0
                || !enough
                || t.props.len() <= shared
            {
                continue;
            }
            if best.is_none_or(|(k, _)| shared > k) {
                best = Some((
                    shared,
                    m.types
                        .get_key_value(&b)
                        .map(|(k, _)| k.as_str())
                        .unwrap_or(""),
                ));
            }
        }
        if let Some((_, b)) = best {
            chosen.push((name.clone(), b.to_string(), t.source.clone()));
        }
    }
    for (name, base, source) in chosen {
        m.diagnostics.push(diag(&source, Severity::Warning, "base-from-links", format!("`{name}` states no base type; its page links `{base}`, whose properties it has, so that is taken for its base (say so with `baseType` in the resource annotation)")));
        if let Some(t) = m.types.get_mut(&name) {
            t.base = Some((base, source));
        }
    }
}
