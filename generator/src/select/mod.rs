//! Selection: IR → IR, keeping only what the user picked and what it needs.
//!
//! A [`Selection`] names operations (by area, route path glob or name) and types (by area
//! or name); [`Selection::apply`] keeps those, every type they reach (bodies, responses,
//! properties, bases) and the derived types a referenced polymorphic base can carry
//! ([`reach`]; a type chosen by area is not a reference: it brings its bases, not the types
//! derived from it). Nothing else is left for `emit`. Excluded operations are dropped before the
//! closure; an excluded type is dropped even when something refers to it (that reference
//! is then generated as any JSON value). Path patterns are described in [`glob`].

pub mod areas;
pub mod glob;
pub mod navigation;
pub mod pages;
pub mod reach;

use crate::diag::{Diagnostic, Severity};
use crate::ir::{Ir, Operation, Type};
use std::fmt;
use std::str::FromStr;

/// One thing to pick (or to leave out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Every operation and type of a product area (the pages' `ms.prod`: `outlook`).
    Area(String),
    /// Operations whose route matches a path glob (`/me/messages/**`).
    Path(String),
    /// Operations by IR name (`message-get`); `*` matches any run of characters.
    Operation(String),
    /// Types by name, qualified (`microsoft.graph.message`) or not (`message`); `*` as above.
    Type(String),
}

impl Selector {
    pub fn area(name: &str) -> Self {
        Selector::Area(crate::parse::area_name(name).unwrap_or_default())
    }
    pub fn path(glob: impl Into<String>) -> Self {
        Selector::Path(glob.into())
    }
    pub fn operation(name: impl Into<String>) -> Self {
        Selector::Operation(name.into())
    }
    pub fn ty(name: impl Into<String>) -> Self {
        Selector::Type(name.into())
    }

    fn matches_operation(&self, op: &Operation) -> bool {
        match self {
            Selector::Area(a) => areas::feature(op.area.as_deref()) == *a,
            Selector::Path(p) => glob::path_matches(p, &op.path),
            Selector::Operation(n) => glob::name_matches(n, &op.name),
            Selector::Type(_) => false,
        }
    }

    fn matches_type(&self, t: &Type) -> bool {
        match self {
            Selector::Area(a) => areas::feature(t.area.as_deref()) == *a,
            Selector::Type(n) => {
                glob::name_matches(n, &t.name)
                    || glob::name_matches(n, t.name.rsplit('.').next().unwrap_or(&t.name))
            }
            Selector::Path(_) | Selector::Operation(_) => false,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Area(v) => write!(f, "area:{v}"),
            Selector::Path(v) => write!(f, "path:{v}"),
            Selector::Operation(v) => write!(f, "operation:{v}"),
            Selector::Type(v) => write!(f, "type:{v}"),
        }
    }
}

/// `area:outlook`, `path:/me/messages/**` (or just `/me/messages/**`),
/// `operation:message-get`, `type:microsoft.graph.message`.
impl FromStr for Selector {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.starts_with('/') {
            return Ok(Selector::path(s));
        }
        let Some((kind, value)) = s.split_once(':') else {
            return Err(format!(
                "`{s}`: expected area:NAME, path:GLOB, operation:NAME or type:NAME"
            ));
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(format!("`{s}`: nothing after `{kind}:`"));
        }
        match kind.trim() {
            "area" => Ok(Selector::area(value)),
            "path" => Ok(Selector::path(value)),
            "operation" | "op" => Ok(Selector::operation(value)),
            "type" => Ok(Selector::ty(value)),
            other => Err(format!(
                "`{s}`: unknown kind `{other}` (area, path, operation or type)"
            )),
        }
    }
}

/// What to generate. Empty: everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub include: Vec<Selector>,
    pub exclude: Vec<Selector>,
    /// Do not follow navigation properties (relationships): a relationship to a type
    /// nothing else reaches is generated as any JSON value (`serde_json::Value`), which
    /// only `$expand` fills. Keeps a slice from pulling in every type a `user` links to.
    pub lean_navigation: bool,
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty()
    }

    /// The IR cut down to the selection and its closure. Diagnostics stay (they are about
    /// the docs); a selector that matches nothing adds a warning of its own.
    pub fn apply(&self, mut ir: Ir) -> Ir {
        if self.is_empty() {
            return ir;
        }
        let graph = reach::Graph::new(&ir);
        let all = self.include.is_empty();
        let chosen_ops: Vec<bool> = ir
            .operations
            .iter()
            .map(|o| {
                !self.exclude.iter().any(|s| s.matches_operation(o))
                    && (all || self.include.iter().any(|s| s.matches_operation(o)))
            })
            .collect();
        // Only a type selector excludes a type outright; an excluded area's types are
        // simply not chosen, and still come when a chosen operation needs them.
        let excluded: Vec<bool> = ir
            .types
            .iter()
            .map(|t| {
                self.exclude
                    .iter()
                    .any(|s| matches!(s, Selector::Type(_)) && s.matches_type(t))
            })
            .collect();
        let chosen_types = ir.types.iter().enumerate().filter(|(_, t)| {
            !self.exclude.iter().any(|s| s.matches_type(t))
                && (all || self.include.iter().any(|s| s.matches_type(t)))
        });
        // A type chosen by name may hold any type derived from it (referenced); one chosen
        // only because its page is in a chosen area is wanted for itself: its bases come,
        // not the other types derived from it (`entity`'s area does not bring every entity
        // type). Operations' bodies and responses are values (referenced).
        let by_name = |t: &Type| {
            all || self
                .include
                .iter()
                .any(|s| matches!(s, Selector::Type(_)) && s.matches_type(t))
        };
        let roots: Vec<(usize, bool)> = chosen_types
            .map(|(i, t)| (i, by_name(t)))
            .chain(
                ir.operations
                    .iter()
                    .zip(&chosen_ops)
                    .filter(|(_, c)| **c)
                    .flat_map(|(o, _)| graph.operation_refs(o))
                    .map(|t| (t, true)),
            )
            .collect();
        let keep = graph
            .closure_of(roots, &excluded, !self.lean_navigation)
            .reached;
        let mut warnings = Vec::new();
        for (list, verb) in [(&self.include, "selects"), (&self.exclude, "excludes")] {
            for (i, s) in list.iter().enumerate() {
                let any = ir.operations.iter().any(|o| s.matches_operation(o))
                    || ir.types.iter().any(|t| s.matches_type(t));
                if !any {
                    warnings.push(Diagnostic {
                        path: "selection".into(),
                        line: i + 1,
                        col: 1,
                        severity: Severity::Warning,
                        code: "selection-empty",
                        message: format!("`{s}` {verb} nothing: no operation or type matches"),
                    });
                }
            }
        }
        let kept_names: std::collections::HashSet<String> = ir
            .types
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(t, _)| t.name.clone())
            .collect();
        drop(graph);
        let mut flags = keep.into_iter();
        ir.types.retain(|_| flags.next().unwrap_or(false));
        let mut flags = chosen_ops.into_iter();
        ir.operations.retain(|_| flags.next().unwrap_or(false));
        ir.examples
            .retain(|e| kept_names.contains(&e.ty) || crate::ir::is_primitive(&e.ty));
        ir.diagnostics.extend(warnings);
        ir
    }
}

#[cfg(test)]
mod tests;
