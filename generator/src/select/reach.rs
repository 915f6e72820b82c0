//! What a set of chosen operations and types needs: the closure over the IR's references.
//!
//! A type reached in any way brings its base types and the types of its properties
//! (navigation properties too: they are fields of the generated struct, and a base's
//! properties are copied into it). A type *referenced* (the type of a property, a body or a
//! response, or chosen by name) may hold any type derived from it, so it brings those too;
//! a type reached only as a base does not bring the other types derived from that base.
//! Nor does a type wanted for itself (its page is in an area): with every keyed entity type
//! derived from the root `entity`, an area owning `entity` would otherwise bring every entity
//! type of every area.

use crate::ir::{Ir, Operation};
use std::collections::HashMap;

/// The IR's types as a graph, by index into `ir.types`.
pub struct Graph<'a> {
    pub ir: &'a Ir,
    index: HashMap<&'a str, usize>,
    base: Vec<Option<usize>>,
    /// Types of each type's own properties (its base's come through the base), and
    /// whether the property is a navigation property.
    refs: Vec<Vec<(usize, bool)>>,
    /// Types directly derived from each type.
    children: Vec<Vec<usize>>,
}

/// Types reached (to be emitted) and types referenced (that may hold derived types).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    pub reached: Vec<bool>,
    pub referenced: Vec<bool>,
}

impl<'a> Graph<'a> {
    pub fn new(ir: &'a Ir) -> Self {
        let index: HashMap<&str, usize> = ir
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        let base: Vec<Option<usize>> = ir
            .types
            .iter()
            .map(|t| t.base.as_deref().and_then(|b| index.get(b).copied()))
            .collect();
        let refs = ir
            .types
            .iter()
            .map(|t| {
                t.properties
                    .iter()
                    .chain(&t.annotations)
                    .filter_map(|p| Some((index.get(p.ty.as_str()).copied()?, p.navigation)))
                    .collect()
            })
            .collect();
        let mut children = vec![Vec::new(); ir.types.len()];
        for (i, b) in base.iter().enumerate() {
            if let Some(b) = *b {
                if b != i {
                    children[b].push(i);
                }
            }
        }
        Graph {
            ir,
            index,
            base,
            refs,
            children,
        }
    }

    /// Whether any type derives from the type: a reference to it may then hold others.
    pub fn has_derived(&self, t: usize) -> bool {
        !self.children[t].is_empty()
    }

    pub fn type_index(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The types an operation refers to: its body (named or inline) and its response.
    pub fn operation_refs(&self, op: &Operation) -> Vec<usize> {
        let body = op.body.iter().flat_map(|b| {
            b.ty.iter()
                .map(String::as_str)
                .chain(b.properties.iter().map(|p| p.ty.as_str()))
        });
        let response = op.response.iter().filter_map(|r| r.ty.as_deref());
        body.chain(response)
            .filter_map(|t| self.type_index(t))
            .collect()
    }

    /// Everything the `roots` (referenced types) need, never entering `excluded` types.
    /// Linear in types and references: each type is visited at most twice.
    pub fn closure(&self, roots: impl IntoIterator<Item = usize>, excluded: &[bool]) -> Reach {
        self.closure_with(roots, excluded, true)
    }

    /// [`Graph::closure`]; without `navigation`, navigation properties are not followed
    /// (their types are kept only when something else reaches them).
    pub fn closure_with(
        &self,
        roots: impl IntoIterator<Item = usize>,
        excluded: &[bool],
        navigation: bool,
    ) -> Reach {
        self.closure_of(roots.into_iter().map(|r| (r, true)), excluded, navigation)
    }

    /// [`Graph::closure_with`] from roots that say whether each is *referenced* (`true`:
    /// used as a value, so it may hold any derived type) or only *reached* (`false`: the
    /// type itself is wanted, e.g. because its page is in an area, which brings its bases
    /// and property types but not the other types derived from it).
    pub fn closure_of(
        &self,
        roots: impl IntoIterator<Item = (usize, bool)>,
        excluded: &[bool],
        navigation: bool,
    ) -> Reach {
        let n = self.ir.types.len();
        let mut reach = Reach {
            reached: vec![false; n],
            referenced: vec![false; n],
        };
        let mut work: Vec<(usize, bool)> = roots.into_iter().collect();
        while let Some((t, referenced)) = work.pop() {
            if excluded.get(t).copied().unwrap_or(false) {
                continue;
            }
            if referenced && !reach.referenced[t] {
                reach.referenced[t] = true;
                work.extend(self.children[t].iter().map(|&c| (c, true)));
            }
            if !reach.reached[t] {
                reach.reached[t] = true;
                work.extend(self.base[t].map(|b| (b, false)));
                work.extend(
                    self.refs[t]
                        .iter()
                        .filter(|(_, nav)| navigation || !nav)
                        .map(|&(r, _)| (r, true)),
                );
            }
        }
        reach
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Kind, Property, Type};

    fn ty(name: &str, base: Option<&str>, props: &[&str]) -> Type {
        Type {
            name: name.into(),
            kind: Kind::Entity,
            base: base.map(Into::into),
            is_abstract: false,
            open: false,
            description: None,
            properties: props
                .iter()
                .map(|p| Property {
                    name: format!("p{p}"),
                    ty: p.to_string(),
                    collection: false,
                    nullable: true,
                    navigation: false,
                    description: None,
                    source: None,
                })
                .collect(),
            annotations: Vec::new(),
            members: Vec::new(),
            source: "x.md:1".into(),
            area: None,
        }
    }

    fn names(ir: &Ir, flags: &[bool]) -> Vec<String> {
        ir.types
            .iter()
            .zip(flags)
            .filter(|(_, f)| **f)
            .map(|(t, _)| t.name.clone())
            .collect()
    }

    #[test]
    fn references_bring_derived_types_and_bases_do_not() {
        let ir = Ir {
            types: vec![
                ty("entity", None, &[]),
                ty("directoryObject", Some("entity"), &[]),
                ty("user", Some("directoryObject"), &["mailboxSettings"]),
                ty("group", Some("directoryObject"), &[]),
                ty("mailboxSettings", None, &["Edm.String"]),
                ty("message", Some("entity"), &["user"]),
                ty("unrelated", None, &[]),
            ],
            ..Ir::default()
        };
        let g = Graph::new(&ir);
        let none = vec![false; ir.types.len()];
        // `message` refers to `user`: its bases come, `group` (another directoryObject) does not.
        let r = g.closure([5], &none);
        assert_eq!(
            names(&ir, &r.reached),
            [
                "entity",
                "directoryObject",
                "user",
                "mailboxSettings",
                "message"
            ]
        );
        assert_eq!(
            names(&ir, &r.referenced),
            ["user", "mailboxSettings", "message"]
        );
        // Referring to `directoryObject` may mean any of its derived types.
        let r = g.closure([1], &none);
        assert_eq!(
            names(&ir, &r.reached),
            [
                "entity",
                "directoryObject",
                "user",
                "group",
                "mailboxSettings"
            ]
        );
        // An excluded type is neither emitted nor followed.
        let mut ex = none.clone();
        ex[2] = true;
        let r = g.closure([5], &ex);
        assert_eq!(names(&ir, &r.reached), ["entity", "message"]);
    }

    #[test]
    fn a_type_wanted_for_itself_brings_its_base_not_its_siblings() {
        let ir = Ir {
            types: vec![
                ty("entity", None, &[]),
                ty("call", Some("entity"), &["participant"]),
                ty("participant", Some("entity"), &[]),
                ty("driveItem", Some("entity"), &[]),
            ],
            ..Ir::default()
        };
        let g = Graph::new(&ir);
        let none = vec![false; ir.types.len()];
        // `entity` wanted for itself (its page is in the area): no derived types.
        let r = g.closure_of([(0, false)], &none, true);
        assert_eq!(names(&ir, &r.reached), ["entity"]);
        assert!(r.referenced.iter().all(|r| !r));
        // `call` wanted for itself: its base and its property's type, not `driveItem`.
        let r = g.closure_of([(1, false)], &none, true);
        assert_eq!(names(&ir, &r.reached), ["entity", "call", "participant"]);
        assert_eq!(names(&ir, &r.referenced), ["participant"]);
        // `entity` as a value (a response type): any entity type may come back.
        let r = g.closure_of([(0, true)], &none, true);
        assert_eq!(r.reached, [true; 4]);
    }

    #[test]
    fn cycles_and_self_bases_end() {
        let ir = Ir {
            types: vec![ty("a", Some("a"), &["b"]), ty("b", Some("a"), &["a"])],
            ..Ir::default()
        };
        let g = Graph::new(&ir);
        let r = g.closure([0], &[false, false]);
        assert_eq!(r.reached, [true, true]);
    }
}
