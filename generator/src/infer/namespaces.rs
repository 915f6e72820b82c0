//! Namespaces: definitions on a page with its own `Namespace:` line move there.

use crate::lower::{PageFacts, TypeRef};

/// Lowering qualifies every bare name with `microsoft.graph`. On a page whose `Namespace:`
/// line names another namespace, the page's own definitions move there (`### callType
/// values` on the call records enum page is `microsoft.graph.callRecords.callType`), and its
/// references follow wherever that namespace defines the name (`identitySet` stays).
pub(super) fn rehome_namespaces(pages: &mut [PageFacts]) {
    let in_default = |name: &str| {
        name.strip_prefix("microsoft.graph.")
            .filter(|s| !s.contains('.'))
            .map(str::to_string)
    };
    for page in pages.iter_mut() {
        let Some(ns) = page.namespace.clone() else {
            continue;
        };
        for t in &mut page.types {
            if let Some(short) = in_default(&t.name) {
                t.name = format!("{ns}.{short}");
            }
        }
    }
    let defined: std::collections::HashSet<String> = pages
        .iter()
        .flat_map(|p| &p.types)
        .map(|t| t.name.to_lowercase())
        .collect();
    for page in pages.iter_mut() {
        let Some(ns) = page.namespace.clone() else {
            continue;
        };
        let follow = |name: &mut String| {
            let parts: Vec<String> = name
                .split('|')
                .map(
                    |part| match in_default(part).map(|short| format!("{ns}.{short}")) {
                        Some(moved) if defined.contains(&moved.to_lowercase()) => moved,
                        _ => part.to_string(),
                    },
                )
                .collect();
            *name = parts.join("|");
        };
        let follow_ref = |t: &mut Option<TypeRef>| {
            if let Some(t) = t {
                follow(&mut t.name);
            }
        };
        for t in &mut page.types {
            if let Some(base) = &mut t.base {
                follow(base);
            }
            t.properties.iter_mut().for_each(|p| follow_ref(&mut p.ty));
        }
        for op in &mut page.operations {
            op.parameters.iter_mut().for_each(|p| follow_ref(&mut p.ty));
            op.body_properties
                .iter_mut()
                .for_each(|p| follow_ref(&mut p.ty));
            follow_ref(&mut op.body_type);
            if let Some(r) = &mut op.response {
                follow_ref(&mut r.ty);
            }
        }
        for e in &mut page.examples {
            follow(&mut e.ty.name);
        }
    }
}
