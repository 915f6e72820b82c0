//! A crate with a feature per area compiles an area's own part: its operations, their
//! bodies and responses, the types its pages describe and the types their properties name.
//! A navigation property (a relationship: `user.messages`, `user.drive`) is typed only when
//! its target is compiled wherever its type is: whenever an area that needs the type is on,
//! the target is there too. Any other becomes any JSON value (`serde_json::Value`), as the
//! service sends it when `$expand` asks for it. Without this, following relationships made
//! an area reach nearly every type (`users` reached 1,170 of about 1,300 types).
//!
//! The choice depends on the docs only, never on which features are on: features stay
//! additive, so enabling another area never changes a field's type under a program that
//! compiled without it.

use super::areas::roots;
use super::reach::Graph;
use crate::ir::{Ir, UNTYPED};

/// Rewrites each navigation property whose target some area of its type does not compile
/// into untyped JSON, saying so in its description. Returns how many were rewritten.
pub fn untype_foreign_navigation(ir: &mut Ir) -> usize {
    let graph = Graph::new(ir);
    let roots = roots(ir, &graph);
    let n = ir.types.len();
    let words = roots.len().div_ceil(64).max(1);
    // Per type, the areas (as bits) that reach it, and that refer to it as a value (and so
    // compile it with its derived types), following no navigation property.
    let mut reached = vec![0u64; n * words];
    let mut referenced = vec![0u64; n * words];
    let none = vec![false; n];
    for (a, (_, r)) in roots.into_iter().enumerate() {
        let reach = graph.closure_of(r, &none, false);
        let (word, bit) = (a / 64, 1u64 << (a % 64));
        for t in 0..n {
            if reach.reached[t] {
                reached[t * words + word] |= bit;
            }
            if reach.referenced[t] {
                referenced[t * words + word] |= bit;
            }
        }
    }
    // A target with derived types is compiled whole (its `Any*` enum and every variant)
    // only where it is referenced; one without, wherever it is reached.
    let covered = |owner: usize, target: usize| {
        let need = if graph.has_derived(target) {
            &referenced
        } else {
            &reached
        };
        (0..words).all(|w| reached[owner * words + w] & !need[target * words + w] == 0)
    };
    let mut foreign = Vec::new();
    for (t, ty) in ir.types.iter().enumerate() {
        for (i, p) in ty.properties.iter().enumerate() {
            if let Some(u) = graph.type_index(&p.ty).filter(|_| p.navigation) {
                if !covered(t, u) {
                    foreign.push((t, i));
                }
            }
        }
    }
    drop(graph);
    for &(t, i) in &foreign {
        let p = &mut ir.types[t].properties[i];
        let note = format!(
            "Any JSON value here: a `{}` (filled by `$expand`), untyped so that this type compiles without the areas that type belongs to.",
            p.ty
        );
        p.description = Some(match p.description.take() {
            Some(d) => format!("{}\n\n{note}", d.trim_end()),
            None => note,
        });
        p.ty = UNTYPED.to_string();
    }
    foreign.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Kind, Property, Type};

    fn ty(name: &str, area: &str, base: Option<&str>, props: &[(&str, &str, bool)]) -> Type {
        Type {
            name: name.into(),
            kind: Kind::Entity,
            base: base.map(Into::into),
            is_abstract: false,
            open: false,
            description: None,
            properties: props
                .iter()
                .map(|(p, t, nav)| Property {
                    name: p.to_string(),
                    ty: t.to_string(),
                    collection: *nav,
                    nullable: true,
                    navigation: *nav,
                    description: Some(format!("The {p}.")),
                    source: None,
                })
                .collect(),
            annotations: Vec::new(),
            members: Vec::new(),
            source: format!("resources/{name}.md:1"),
            area: Some(area.into()),
        }
    }

    fn prop<'a>(ir: &'a Ir, t: &str, p: &str) -> &'a Property {
        let t = ir.types.iter().find(|x| x.name == t).unwrap();
        t.properties.iter().find(|x| x.name == p).unwrap()
    }

    #[test]
    fn a_relationship_is_typed_only_where_its_target_always_compiles() {
        let mut ir = Ir {
            types: vec![
                ty("entity", "directory", None, &[]),
                ty(
                    "user",
                    "users",
                    Some("entity"),
                    &[
                        ("messages", "message", true),
                        ("settings", "mailboxSettings", false),
                        ("manager", "user", true),
                    ],
                ),
                ty("mailboxSettings", "outlook", None, &[]),
                ty(
                    "message",
                    "outlook",
                    Some("entity"),
                    &[
                        ("attachments", "attachment", true),
                        ("sender", "user", true),
                    ],
                ),
                ty("attachment", "outlook", Some("entity"), &[]),
                ty("fileAttachment", "outlook", Some("attachment"), &[]),
            ],
            ..Ir::default()
        };
        let n = untype_foreign_navigation(&mut ir);
        // users does not compile messages: untyped, and said so.
        let messages = prop(&ir, "user", "messages");
        assert_eq!(messages.ty, UNTYPED);
        assert!(messages.collection);
        let doc = messages.description.as_deref().unwrap();
        assert!(doc.starts_with("The messages.\n\n"), "{doc}");
        assert!(doc.contains("`message`"), "{doc}");
        // A structural property's type always comes with its owner: kept, whatever its area.
        assert_eq!(prop(&ir, "user", "settings").ty, "mailboxSettings");
        // A relationship to the type itself: always there.
        assert_eq!(prop(&ir, "user", "manager").ty, "user");
        // `attachment` has a derived type and nothing refers to it as a value in outlook:
        // its `Any*` enum would not be compiled there, so the relationship is untyped too;
        // and outlook does not compile `user`.
        assert_eq!(prop(&ir, "message", "attachments").ty, UNTYPED);
        assert_eq!(prop(&ir, "message", "sender").ty, UNTYPED);
        assert_eq!(n, 3);
        // Nothing left would reach past an area: a second pass changes nothing.
        assert_eq!(untype_foreign_navigation(&mut ir), 0);
    }
}
