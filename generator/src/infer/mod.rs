//! Merges the facts of every page into one typed IR.
//!
//! Evidence, strongest first: a table's type column (declared), the resource block's
//! placeholder (`"Int32"`, `{"@odata.type": ...}`), then values in examples. Weaker
//! evidence fills gaps; it never overrides stronger evidence, except that examples widen a
//! declared number that they prove too narrow (`Int32` declared, `3.5` shown). Every
//! disagreement is reported with both places.

mod bases;
mod cycles;
mod examples;
mod hierarchy;
mod labels;
mod merge;
mod namespaces;
mod operations;
mod permissions;
mod primitives;
mod shapes;
mod templates;
mod words;

use crate::diag::{Diagnostic, Severity};
use crate::ir::{self, Example, Ir, Kind, Member, Property, Type, UNTYPED};
use crate::lower::{qualify, PageFacts, PropertyFact, TypeFact, TypeRef};
use crate::named::Named;
use examples::walk;
use merge::show;
use namespaces::rehome_namespaces;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Diagnostic codes that say an example body itself is wrong: a value contradicting its
/// declared type, a single entity wrapped in `value`, an annotation missing its `@`, a
/// value of a type unrelated to the one expected.
pub const EXAMPLE_MISTAKES: &[&str] = &[
    "example-disagrees",
    "value-wrapper",
    "annotation-without-at",
    "unrelated-type",
];

/// How deep an example body may nest and still be walked for types (see [`nesting`]).
const MAX_WALK_DEPTH: usize = 64;

/// How deep arrays and objects nest in `json`, counted without recursion.
fn nesting(json: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(json, 0usize)];
    while let Some((value, depth)) = stack.pop() {
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|c| (c, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|c| (c, depth + 1))),
            _ => continue,
        }
        deepest = deepest.max(depth + 1);
    }
    deepest
}

/// How strongly a property's type is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Evidence {
    Example,
    Placeholder,
    Declared,
}

#[derive(Debug, Clone)]
pub(super) struct PropState {
    pub(super) ty: Option<TypeRef>,
    pub(super) evidence: Evidence,
    pub(super) navigation: bool,
    pub(super) description: Option<String>,
    /// Where the current type came from.
    pub(super) source: String,
}

#[derive(Debug, Clone)]
pub(super) struct TypeState {
    pub(super) kind: Option<Kind>,
    pub(super) base: Option<(String, String)>,
    pub(super) is_abstract: bool,
    pub(super) open: bool,
    pub(super) description: Option<String>,
    pub(super) props: Named<PropState>,
    pub(super) members: Vec<Member>,
    /// Names in `members`, so that merging n members costs n, not n².
    pub(super) member_names: HashSet<String>,
    pub(super) optional: Vec<String>,
    /// Types the introductions of its pages link to: base candidates (see [`bases`]).
    pub(super) linked: Vec<String>,
    pub(super) source: String,
}

pub(super) struct Merger {
    pub(super) types: BTreeMap<String, TypeState>,
    /// Lower-cased name → canonical name, for references that lost their case.
    pub(super) by_lower: HashMap<String, String>,
    pub(super) diagnostics: Vec<Diagnostic>,
    /// What the examples' labels and keys say, while examples are read.
    pub(super) labels: labels::Labels,
}

pub(super) fn diag(
    source: &str,
    severity: Severity,
    code: &'static str,
    message: String,
) -> Diagnostic {
    let (path, line) = source
        .rsplit_once(':')
        .map_or((source, 1), |(p, l)| (p, l.parse().unwrap_or(1)));
    Diagnostic {
        path: path.to_string(),
        line,
        col: 1,
        severity,
        code,
        message,
    }
}

/// Figures on how examples agree with declarations, for `docgen stats`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Agreement {
    pub checked: usize,
    pub agreeing: usize,
    pub widened: usize,
}

/// The reference's root entity type, which its own page describes.
const ROOT_ENTITY: &str = "microsoft.graph.entity";

pub fn build(mut pages: Vec<PageFacts>, mut diagnostics: Vec<Diagnostic>) -> (Ir, Agreement) {
    rehome_namespaces(&mut pages);
    words::learn_type_words(&mut pages, &mut diagnostics);
    let mut m = Merger {
        types: BTreeMap::new(),
        by_lower: HashMap::new(),
        diagnostics: Vec::new(),
        labels: labels::Labels::default(),
    };
    // Names as written by resource blocks and enum tables first, then by links.
    for page in &pages {
        for t in &page.types {
            if t.name.contains('.') {
                m.by_lower
                    .entry(t.name.to_lowercase())
                    .or_insert_with(|| t.name.clone());
                let bare = t.name.rsplit('.').next().unwrap_or(&t.name).to_lowercase();
                m.by_lower.entry(bare).or_insert_with(|| t.name.clone());
            }
        }
    }
    for page in &pages {
        for t in &page.types {
            m.add_type(&page.path, t);
        }
    }
    for page in &pages {
        for t in &page.types {
            m.add_properties(&page.path, t);
        }
    }
    bases::from_links(&mut m);
    // Cycles are broken once properties are known: they tell which link is wrong.
    cycles::break_base_cycles(&mut m);

    // Examples: response bodies, request bodies and example blocks with a known type.
    let mut examples = Vec::new();
    for page in &pages {
        for e in &page.examples {
            examples.push((
                format!("{}:{}", page.path, e.body.line),
                m.canonical_ref(&e.ty),
                e.body.clone(),
            ));
        }
        for op in &page.operations {
            if let Some(r) = &op.response {
                if let (Some(t), Some(body)) = (&r.ty, &r.body) {
                    examples.push((
                        format!("{}:{}", page.path, body.line),
                        m.canonical_ref(t),
                        body.clone(),
                    ));
                }
            }
            if let Some(t) = &op.body_type {
                for body in &op.body_examples {
                    // Each example is an instance of the type it names, if it names a known one.
                    let own = crate::lower::body_type_of(body)
                        .map(|t| m.canonical_ref(&t))
                        .filter(|t| m.types.contains_key(&t.name));
                    examples.push((
                        format!("{}:{}", page.path, body.line),
                        own.unwrap_or_else(|| m.canonical_ref(t)),
                        body.clone(),
                    ));
                }
            }
        }
    }
    let mut agreement = Agreement::default();
    m.labels = labels::Labels::index(&m);
    for (source, ty, body) in &examples {
        if let Some(json) = &body.json {
            // The walk recurses a level at a time, with a frame large enough in a debug
            // build (a build script's) that the reader's 256 levels could pass a 2 MB
            // thread stack. No documented body nests anywhere near this deep.
            let depth = nesting(json);
            if depth > MAX_WALK_DEPTH {
                m.diagnostics.push(diag(source, Severity::Warning, "example-too-deep", format!("the body nests {depth} levels deep, past the {MAX_WALK_DEPTH} that types are learned from; its values are not read for types")));
                continue;
            }
            walk(&mut m, ty, json, source, &mut agreement);
        }
    }
    let labels = std::mem::take(&mut m.labels);
    labels::settle(&mut m, labels);

    let mut ir = Ir::default();
    let areas: HashMap<&str, Option<String>> = pages
        .iter()
        .map(|p| (p.path.as_str(), p.area.clone()))
        .collect();
    let names: Vec<String> = m.types.keys().cloned().collect();
    for name in &names {
        let t = &m.types[name];
        let kind = t.kind.unwrap_or(if t.members.is_empty() {
            Kind::Complex
        } else {
            Kind::Enum
        });
        let mut properties = Vec::new();
        for (pname, p) in t.props.iter() {
            let (ty, collection) = match &p.ty {
                Some(tr) if ir::is_primitive(&tr.name) || m.types.contains_key(&tr.name) => {
                    (tr.name.clone(), tr.collection)
                }
                // `Json` where no page describes the reference's type: any JSON value.
                Some(tr) if tr.name == ir::JSON_TYPE => (UNTYPED.to_string(), tr.collection),
                Some(tr) => {
                    m.diagnostics.push(diag(&p.source, Severity::Warning, "unknown-type", format!("`{pname}` has type `{}`, which no page describes; generated as any JSON value", tr.name)));
                    (tr.name.clone(), tr.collection)
                }
                None => (UNTYPED.to_string(), false),
            };
            properties.push(Property {
                name: pname.clone(),
                ty,
                collection,
                // Nullable unless the docs say otherwise (`Not nullable.`); the models keep
                // every property optional regardless, since `$select` can leave any out.
                nullable: !p
                    .description
                    .as_deref()
                    .is_some_and(crate::vocab::not_nullable),
                navigation: p.navigation,
                description: p.description.clone(),
                source: Some(p.source.clone()).filter(|s| !s.ends_with(":0")),
            });
        }
        let kind_of = |t: &TypeState| {
            t.kind.unwrap_or(if t.members.is_empty() {
                Kind::Complex
            } else {
                Kind::Enum
            })
        };
        let base = t.base.as_ref().map(|(b, at)| (m.canonical(b), at.clone())).and_then(|(b, at)| {
            let base_kind = m.types.get(&b).map(kind_of);
            if base_kind == Some(Kind::Enum) || (kind == Kind::Enum && base_kind.is_some()) {
                // Only structured types derive: an enum neither has a base nor is one.
                m.diagnostics.push(diag(&at, Severity::Warning, "enum-base", format!("`{name}` names `{b}` as its base type, but one of them is an enum; the base is ignored")));
                None
            } else if base_kind.is_some() && b != *name {
                Some(b)
            } else {
                m.diagnostics.push(diag(&at, Severity::Warning, "unknown-base", format!("base type `{b}` of `{name}` is not described; its properties are missing")));
                None
            }
        });
        // An entity type (it has a key) whose page states no base derives from the root
        // entity type, as every entity type of the reference does.
        let base = base.or_else(|| {
            (kind == Kind::Entity
                && t.base.is_none()
                && name != ROOT_ENTITY
                && m.types.contains_key(ROOT_ENTITY))
            .then(|| ROOT_ENTITY.to_string())
        });
        // `@microsoft.graph.conflictBehavior` in a properties table is an instance annotation.
        let (annotations, properties) = properties
            .into_iter()
            .partition(|p: &Property| p.name.starts_with('@'));
        ir.types.push(Type {
            name: name.clone(),
            kind,
            base,
            is_abstract: t.is_abstract,
            open: t.open,
            description: t.description.clone(),
            properties,
            annotations,
            members: t.members.clone(),
            source: t.source.clone(),
            area: t
                .source
                .rsplit_once(':')
                .and_then(|(page, _)| areas.get(page).cloned().flatten()),
        });
    }
    mark_entities(&mut ir.types);
    hierarchy::unify(&mut ir.types, &mut m.diagnostics);

    ir.operations = operations::merge(&mut m, &pages, &ir.types);
    shapes::settle(&mut ir.operations, &ir.types, &mut m.diagnostics);
    permissions::attach(&mut ir.operations, &pages, &mut m.diagnostics);

    for (source, ty, body) in examples {
        if let (Some(json), true) = (body.json, body.strict) {
            if ir::is_primitive(&ty.name) || m.types.contains_key(&ty.name) {
                ir.examples.push(Example {
                    source,
                    ty: ty.name,
                    collection: ty.collection,
                    json,
                });
            }
        }
    }

    diagnostics.append(&mut m.diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    ir.diagnostics = diagnostics;
    (ir, agreement)
}

/// A type deriving from an entity is an entity.
pub(super) fn mark_entities(types: &mut [Type]) {
    let kinds: HashMap<String, (Kind, Option<String>)> = types
        .iter()
        .map(|t| (t.name.clone(), (t.kind, t.base.clone())))
        .collect();
    for t in types.iter_mut() {
        let mut base = t.base.clone();
        let mut hops = 0;
        while let Some(b) = base {
            hops += 1;
            if hops > 32 {
                break;
            }
            match kinds.get(&b) {
                Some((Kind::Entity, _)) => {
                    t.kind = Kind::Entity;
                    break;
                }
                Some((_, next)) => base = next.clone(),
                None => break,
            }
        }
    }
}
