//! `docgen diff OLD NEW`: what changed in the API between two IRs, each change classed
//! by what it does to the generated Rust API.
//!
//! Keys are what the docs describe, never page order or example names: types by name,
//! properties by name within their type, enum members by name, operations by method and
//! route (the path with parameter names dropped and case folded, as `docgen compare`
//! matches them). Where one route has several operations in the IR, the first stands for
//! the route.
//!
//! Breaking: removed types, properties, members, operations and parameters; a changed
//! type, collection-ness, base type or body; a new required parameter. Additive: what is
//! new (a new enum member reads as itself instead of `Other`; a new property is one more
//! `Option` field, to code that builds models with `..Default::default()` as the docs'
//! examples do), and nullability (every generated field is an `Option` anyway).

pub mod render;

use crate::compare::route;
use crate::ir::{Ir, Kind, Operation, Parameter, ParameterIn, Property, Type};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    Breaking,
    Additive,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Additive => "additive",
        }
    }
}

/// One change, with where it is stated on each side (`page:line`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Change {
    pub impact: Impact,
    /// `property-added`, `operation-removed`, …
    pub kind: &'static str,
    /// What changed: a type, `type.property`, or `METHOD /route`.
    pub subject: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

struct Out(Vec<Change>);

impl Out {
    fn push(
        &mut self,
        impact: Impact,
        kind: &'static str,
        subject: String,
        message: String,
        old: Option<&str>,
        new: Option<&str>,
    ) {
        self.0.push(Change {
            impact,
            kind,
            subject,
            message,
            old: old.map(str::to_string),
            new: new.map(str::to_string),
        });
    }
}

/// `microsoft.graph.x` → `x`, `Edm.Int32` → `Int32`: the names a reader knows.
pub fn short(ty: &str) -> &str {
    ty.strip_prefix("microsoft.graph.")
        .or_else(|| ty.strip_prefix("Edm."))
        .unwrap_or(ty)
}

fn shown(ty: &str, collection: bool) -> String {
    if collection {
        format!("Collection({})", short(ty))
    } else {
        short(ty).to_string()
    }
}

/// Every change from `old` to `new`, breaking first, then by kind and subject.
pub fn diff(old: &Ir, new: &Ir) -> Vec<Change> {
    let mut out = Out(Vec::new());
    types(old, new, &mut out);
    operations(old, new, &mut out);
    let mut changes = out.0;
    changes.sort();
    changes.dedup();
    changes
}

fn by_name(ir: &Ir) -> BTreeMap<&str, &Type> {
    ir.types.iter().map(|t| (t.name.as_str(), t)).collect()
}

fn types(old: &Ir, new: &Ir, out: &mut Out) {
    let (a, b) = (by_name(old), by_name(new));
    for (name, t) in &b {
        if !a.contains_key(name) {
            out.push(
                Impact::Additive,
                "type-added",
                name.to_string(),
                format!("new {} `{}`", kind(t.kind), short(name)),
                None,
                Some(&t.source),
            );
        }
    }
    for (name, ta) in &a {
        let Some(tb) = b.get(name) else {
            out.push(
                Impact::Breaking,
                "type-removed",
                name.to_string(),
                format!("{} `{}` is gone", kind(ta.kind), short(name)),
                Some(&ta.source),
                None,
            );
            continue;
        };
        type_pair(ta, tb, out);
    }
}

fn kind(k: Kind) -> &'static str {
    match k {
        Kind::Entity => "entity type",
        Kind::Complex => "complex type",
        Kind::Enum => "enum",
    }
}

fn type_pair(a: &Type, b: &Type, out: &mut Out) {
    let name = short(&a.name);
    let (sa, sb) = (Some(a.source.as_str()), Some(b.source.as_str()));
    // Entity and complex are both structs; an enum and a struct are not the same item.
    if (a.kind == Kind::Enum) != (b.kind == Kind::Enum) {
        out.push(
            Impact::Breaking,
            "type-kind-changed",
            a.name.clone(),
            format!(
                "`{name}` was a {} and is now a {}",
                kind(a.kind),
                kind(b.kind)
            ),
            sa,
            sb,
        );
        return;
    }
    if a.base != b.base {
        let (impact, message) = match (&a.base, &b.base) {
            (None, Some(nb)) => (
                Impact::Additive,
                format!("`{name}` now derives from `{}`", short(nb)),
            ),
            (Some(ob), None) => (
                Impact::Breaking,
                format!("`{name}` no longer derives from `{}`", short(ob)),
            ),
            (Some(ob), Some(nb)) => (
                Impact::Breaking,
                format!(
                    "`{name}` derives from `{}` instead of `{}`",
                    short(nb),
                    short(ob)
                ),
            ),
            (None, None) => unreachable!("bases differ"),
        };
        out.push(impact, "base-changed", a.name.clone(), message, sa, sb);
    }
    if a.open && !b.open {
        out.push(
            Impact::Breaking,
            "open-changed",
            a.name.clone(),
            format!("`{name}` is no longer an open type: properties it kept are dropped"),
            sa,
            sb,
        );
    } else if !a.open && b.open {
        out.push(
            Impact::Additive,
            "open-changed",
            a.name.clone(),
            format!("`{name}` is now an open type"),
            sa,
            sb,
        );
    }
    let ma: BTreeSet<&str> = a.members.iter().map(|m| m.name.as_str()).collect();
    let mb: BTreeSet<&str> = b.members.iter().map(|m| m.name.as_str()).collect();
    for m in mb.difference(&ma) {
        out.push(
            Impact::Additive,
            "member-added",
            format!("{}.{m}", a.name),
            format!("`{name}` gains member `{m}`"),
            sa,
            sb,
        );
    }
    for m in ma.difference(&mb) {
        out.push(
            Impact::Breaking,
            "member-removed",
            format!("{}.{m}", a.name),
            format!("`{name}` loses member `{m}`"),
            sa,
            sb,
        );
    }
    properties(&a.name, &a.properties, &b.properties, sa, sb, "", out);
}

/// Properties of a type, or of an inline request body (`context` names the operation).
fn properties(
    owner: &str,
    a: &[Property],
    b: &[Property],
    sa: Option<&str>,
    sb: Option<&str>,
    context: &str,
    out: &mut Out,
) {
    let name = short(owner);
    let pa: BTreeMap<&str, &Property> = a.iter().map(|p| (p.name.as_str(), p)).collect();
    let pb: BTreeMap<&str, &Property> = b.iter().map(|p| (p.name.as_str(), p)).collect();
    let loc = |p: &Property, t: Option<&str>| p.source.clone().or(t.map(str::to_string));
    let subject = |p: &str| format!("{owner}{context}.{p}");
    for (p, nb) in &pb {
        let nl = loc(nb, sb);
        match pa.get(p) {
            None => out.push(
                Impact::Additive,
                "property-added",
                subject(p),
                format!(
                    "`{name}`{context} gains `{p}: {}`",
                    shown(&nb.ty, nb.collection)
                ),
                None,
                nl.as_deref(),
            ),
            Some(oa) => {
                let ol = loc(oa, sa);
                if oa.ty != nb.ty || oa.collection != nb.collection {
                    out.push(
                        Impact::Breaking,
                        "property-retyped",
                        subject(p),
                        format!(
                            "`{name}.{p}`{context} is `{}`, was `{}`",
                            shown(&nb.ty, nb.collection),
                            shown(&oa.ty, oa.collection)
                        ),
                        ol.as_deref(),
                        nl.as_deref(),
                    );
                }
                if oa.nullable != nb.nullable {
                    let now = if nb.nullable {
                        "nullable"
                    } else {
                        "not nullable"
                    };
                    out.push(Impact::Additive, "nullability-changed", subject(p), format!("`{name}.{p}`{context} is now {now} (every generated field is an `Option`)"), ol.as_deref(), nl.as_deref());
                }
            }
        }
    }
    for (p, oa) in &pa {
        if !pb.contains_key(p) {
            out.push(
                Impact::Breaking,
                "property-removed",
                subject(p),
                format!(
                    "`{name}`{context} loses `{p}: {}`",
                    shown(&oa.ty, oa.collection)
                ),
                loc(oa, sa).as_deref(),
                sb,
            );
        }
    }
}

fn op_key(o: &Operation) -> String {
    format!("{} {}", o.method, route(&o.path))
}

fn op_index(ir: &Ir) -> BTreeMap<String, &Operation> {
    let mut m: BTreeMap<String, &Operation> = BTreeMap::new();
    for o in &ir.operations {
        m.entry(op_key(o)).or_insert(o);
    }
    m
}

fn operations(old: &Ir, new: &Ir, out: &mut Out) {
    let (a, b) = (op_index(old), op_index(new));
    for (key, o) in &b {
        if !a.contains_key(key) {
            out.push(
                Impact::Additive,
                "operation-added",
                key.clone(),
                format!("new operation `{} {}`", o.method, o.path),
                None,
                Some(&o.source),
            );
        }
    }
    for (key, oa) in &a {
        match b.get(key) {
            None => out.push(
                Impact::Breaking,
                "operation-removed",
                key.clone(),
                format!("operation `{} {}` is gone", oa.method, oa.path),
                Some(&oa.source),
                None,
            ),
            Some(ob) => operation_pair(key, oa, ob, out),
        }
    }
}

fn where_(p: &Parameter) -> &'static str {
    match p.location {
        ParameterIn::Path => "path",
        ParameterIn::Query => "query",
        ParameterIn::Header => "header",
    }
}

fn operation_pair(key: &str, a: &Operation, b: &Operation, out: &mut Out) {
    let (sa, sb) = (Some(a.source.as_str()), Some(b.source.as_str()));
    // Path parameters are the route's segments; their names are not part of the API.
    let params = |o: &'_ Operation| -> BTreeMap<(String, &'static str), Parameter> {
        o.parameters
            .iter()
            .filter(|p| p.location != ParameterIn::Path)
            .map(|p| ((p.name.to_lowercase(), where_(p)), p.clone()))
            .collect()
    };
    let (pa, pb) = (params(a), params(b));
    for ((n, w), p) in &pb {
        match pa.get(&(n.clone(), w)) {
            None if p.required => out.push(
                Impact::Breaking,
                "parameter-added",
                format!("{key} {n}"),
                format!("`{key}` requires the new {w} parameter `{}`", p.name),
                sa,
                sb,
            ),
            None => out.push(
                Impact::Additive,
                "parameter-added",
                format!("{key} {n}"),
                format!("`{key}` gains the optional {w} parameter `{}`", p.name),
                sa,
                sb,
            ),
            Some(o) => {
                if o.ty != p.ty || o.collection != p.collection {
                    out.push(
                        Impact::Breaking,
                        "parameter-retyped",
                        format!("{key} {n}"),
                        format!(
                            "{w} parameter `{}` of `{key}` is `{}`, was `{}`",
                            p.name,
                            shown(&p.ty, p.collection),
                            shown(&o.ty, o.collection)
                        ),
                        sa,
                        sb,
                    );
                }
                if !o.required && p.required {
                    out.push(
                        Impact::Breaking,
                        "parameter-required",
                        format!("{key} {n}"),
                        format!("{w} parameter `{}` of `{key}` is now required", p.name),
                        sa,
                        sb,
                    );
                }
            }
        }
    }
    for ((n, w), p) in &pa {
        if !pb.contains_key(&(n.clone(), w)) {
            out.push(
                Impact::Breaking,
                "parameter-removed",
                format!("{key} {n}"),
                format!("`{key}` loses the {w} parameter `{}`", p.name),
                sa,
                sb,
            );
        }
    }
    match (&a.body, &b.body) {
        (None, None) => {}
        (None, Some(_)) => out.push(
            Impact::Breaking,
            "body-changed",
            key.to_string(),
            format!("`{key}` now takes a request body"),
            sa,
            sb,
        ),
        (Some(_), None) => out.push(
            Impact::Breaking,
            "body-changed",
            key.to_string(),
            format!("`{key}` no longer takes a request body"),
            sa,
            sb,
        ),
        (Some(x), Some(y)) => {
            if x.ty != y.ty || x.collection != y.collection {
                let show = |t: &Option<String>, c: bool| {
                    t.as_deref().map_or("its parameters".to_string(), |t| {
                        format!("`{}`", shown(t, c))
                    })
                };
                out.push(
                    Impact::Breaking,
                    "body-changed",
                    key.to_string(),
                    format!(
                        "`{key}` takes {} as its body, was {}",
                        show(&y.ty, y.collection),
                        show(&x.ty, x.collection)
                    ),
                    sa,
                    sb,
                );
            } else if x.ty.is_none() {
                properties(key, &x.properties, &y.properties, sa, sb, " body", out);
            }
        }
    }
    let resp = |o: &'_ Operation| o.response.as_ref().map(|r| (r.ty.clone(), r.collection));
    let (ra, rb) = (resp(a), resp(b));
    if ra != rb {
        let show = |r: &Option<(Option<String>, bool)>| match r {
            Some((Some(t), c)) => format!("`{}`", shown(t, *c)),
            _ => "nothing".to_string(),
        };
        out.push(
            Impact::Breaking,
            "response-changed",
            key.to_string(),
            format!("`{key}` returns {}, was {}", show(&rb), show(&ra)),
            sa,
            sb,
        );
    }
}
