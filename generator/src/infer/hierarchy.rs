//! One type per property down a hierarchy.
//!
//! A derived type's page repeats its base's properties, sometimes with a looser type
//! (`eventMessage.importance` as `String` where `message.importance` is the `importance`
//! enum). A value of the derived type is a value of the base, so the property keeps the
//! base's type: a polymorphic `AnyMessage` then has an `importance()` accessor, and code
//! written against the base reads every derived value the same way. Where the derived page
//! says otherwise the difference is reported; only a base that leaves the property untyped
//! (any JSON value) yields to the derived page's type.

use super::diag;
use crate::diag::{Diagnostic, Severity};
use crate::ir::{Type, UNTYPED};
use std::collections::HashMap;

/// Gives every inherited property the type of the topmost ancestor declaring it.
pub(super) fn unify(types: &mut [Type], diagnostics: &mut Vec<Diagnostic>) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Each type's properties by name, so that a lookup costs one hash, not a scan.
    let by_prop: Vec<HashMap<&str, &crate::ir::Property>> = types
        .iter()
        .map(|t| t.properties.iter().map(|p| (p.name.as_str(), p)).collect())
        .collect();
    let mut changes: Vec<(usize, usize, String, bool)> = Vec::new();
    for (i, t) in types.iter().enumerate() {
        // Ancestors, nearest first; a cycle or a chain past 32 stops the walk.
        let mut chain = Vec::new();
        let mut cur = t.base.as_deref();
        while let Some(b) = cur {
            let Some(&j) = index.get(b) else { break };
            if j == i || chain.contains(&j) || chain.len() >= 32 {
                break;
            }
            chain.push(j);
            cur = types[j].base.as_deref();
        }
        for (k, p) in t.properties.iter().enumerate() {
            let declared = chain
                .iter()
                .rev()
                .find_map(|&j| by_prop[j].get(p.name.as_str()).map(|q| (j, *q)));
            let Some((j, q)) = declared else { continue };
            if (q.ty.as_str(), q.collection) == (p.ty.as_str(), p.collection) || q.ty == UNTYPED {
                continue;
            }
            let shown = |ty: &str, collection: bool| {
                if collection {
                    format!("a collection of `{ty}`")
                } else {
                    format!("`{ty}`")
                }
            };
            let at = p.source.clone().unwrap_or_else(|| t.source.clone());
            let base_at = q.source.clone().unwrap_or_else(|| types[j].source.clone());
            diagnostics.push(diag(
                &at,
                Severity::Warning,
                "inherited-type",
                format!(
                    "`{}.{}` is {} here, but its base type `{}` declares it {} at {base_at}; the base's type is kept",
                    t.name,
                    p.name,
                    shown(&p.ty, p.collection),
                    types[j].name,
                    shown(&q.ty, q.collection)
                ),
            ));
            changes.push((i, k, q.ty.clone(), q.collection));
        }
    }
    for (i, k, ty, collection) in changes {
        let p = &mut types[i].properties[k];
        p.ty = ty;
        p.collection = collection;
    }
}
