//! IR → Rust tokens → formatted source.
//!
//! A type space is built first (Rust names, boxing, which crates are used), then models and
//! client methods are emitted as small `quote!` fragments, and prettyplease formats the
//! whole file at the very end.

mod annotations;
mod any;
mod builders;
mod client;
mod doc_line;
mod enums;
pub mod examples;
mod frames;
mod gate;
pub mod lookup;
mod models;
pub mod names;
mod permissions;
mod render;
mod routes;
mod runtime;
mod structs;
mod syntax;
mod window;

pub use render::{format, render, render_gated, Rendered};

use crate::ir::{Ir, Kind, Operation, Type};
use crate::select::areas::Gates;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Where generated code finds the runtime unless told otherwise.
pub const DEFAULT_RUNTIME_PATH: &str = "::docgen_runtime";

/// The feature of a crate gated by area that gives models `PartialEq` (their JSON
/// compared). Off by default and not in `full`: the impls were 6 % of checking the whole
/// English crate, and most users never compare two models.
pub const EQ_FEATURE: &str = "partial-eq";

/// Primitives the models use that need a crate or a notation of their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Features {
    /// `Edm.Guid` (the `uuid` crate).
    pub uuid: bool,
    /// `Edm.DateTimeOffset`.
    pub timestamp: bool,
    /// `Edm.Date`.
    pub date: bool,
    /// `Edm.TimeOfDay`.
    pub time_of_day: bool,
    /// `Edm.Duration`.
    pub duration: bool,
    /// `Edm.Binary` (the `base64` crate).
    pub binary: bool,
}

impl Features {
    fn of<'p>(props: impl Iterator<Item = &'p crate::ir::Property>) -> Self {
        let mut f = Features::default();
        for p in props {
            match p.ty.as_str() {
                "Edm.Guid" => f.uuid = true,
                "Edm.DateTimeOffset" => f.timestamp = true,
                "Edm.Date" => f.date = true,
                "Edm.TimeOfDay" => f.time_of_day = true,
                "Edm.Duration" => f.duration = true,
                "Edm.Binary" => f.binary = true,
                _ => {}
            }
        }
        f
    }
}

/// Everything the emitters need to know about the types, computed once.
pub struct TypeSpace<'a> {
    pub ir: &'a Ir,
    types: HashMap<&'a str, &'a Type>,
    rust_names: HashMap<String, String>,
    /// (owner, field type) pairs that must be boxed: the field closes a cycle.
    boxed: HashSet<(String, String)>,
    /// Every type's derived types (transitively), by name, sorted.
    derived: HashMap<&'a str, Vec<&'a str>>,
    /// Polymorphic base types some property or response refers to: these get an `Any*` enum.
    polymorphic_used: BTreeSet<&'a str>,
    features: Features,
    /// For a crate with a feature per area: which areas need each item.
    gates: Option<Gates>,
    /// The path generated code reaches the runtime crate by (`::docgen_runtime`).
    runtime: String,
    /// The area sets gated by one feature (see [`gate::alias`]), by feature name: the
    /// crate's manifest must define each. Filled as items are emitted, from any thread.
    aliases: std::sync::Mutex<BTreeMap<String, Vec<String>>>,
}

impl<'a> TypeSpace<'a> {
    pub fn new(ir: &'a Ir, reserved: &[String], runtime: &str) -> Self {
        let types: HashMap<&str, &Type> = ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
        // Short names (`Participant`) unless two namespaces share one (`CallRecordsSession`).
        let short = |n: &str| names::pascal(n.rsplit('.').next().unwrap_or(n));
        let mut counts: HashMap<String, usize> = HashMap::new();
        for t in &ir.types {
            *counts.entry(short(&t.name)).or_default() += 1;
        }
        let mut unique = names::Unique::default();
        // Prelude names the models use unqualified: an API type may not shadow them.
        for r in [
            "Option",
            "Some",
            "None",
            "String",
            "Vec",
            "Box",
            "Result",
            "Ok",
            "Err",
            "From",
            "Clone",
            "Default",
            "PartialEq",
            "Eq",
        ] {
            unique.reserve(r);
        }
        for r in reserved {
            unique.reserve(r);
        }
        let mut sorted: Vec<&Type> = ir.types.iter().collect();
        sorted.sort_by(|a, b| {
            (a.name.matches('.').count(), &a.name).cmp(&(b.name.matches('.').count(), &b.name))
        });
        let mut rust_names: HashMap<String, String> = HashMap::new();
        // The reference's `Json` type has no Rust name: it is any JSON value.
        for t in sorted.into_iter().filter(|t| !crate::ir::is_json_value(t)) {
            let s = short(&t.name);
            let wanted = if counts[&s] > 1 && t.name.matches('.').count() > 2 {
                names::pascal(t.name.strip_prefix("microsoft.graph.").unwrap_or(&t.name))
            } else {
                s
            };
            let wanted = names::type_ident(&wanted).to_string();
            rust_names.insert(t.name.clone(), unique.claim(wanted, ""));
        }
        let derived = derived_types(ir, &types);
        let mut polymorphic_used = BTreeSet::new();
        let refs = ir
            .types
            .iter()
            .flat_map(|t| t.properties.iter().map(|p| p.ty.as_str()))
            .chain(
                ir.operations
                    .iter()
                    .filter_map(|o| o.response.as_ref()?.ty.as_deref()),
            )
            .chain(ir.examples.iter().map(|e| e.ty.as_str()));
        for r in refs {
            if derived.contains_key(r) {
                polymorphic_used.insert(types[r].name.as_str());
            }
        }
        for name in &polymorphic_used {
            let any = unique.claim(
                format!("Any{}", rust_names[*name].trim_start_matches('_')),
                "",
            );
            rust_names.insert(any_key(name), any);
        }
        let boxed = cycles(ir, &types, &derived);
        let struct_props = ir
            .types
            .iter()
            .filter(|t| t.kind != Kind::Enum)
            .flat_map(|t| &t.properties);
        let body_props = ir
            .operations
            .iter()
            .filter_map(|o| o.body.as_ref())
            .flat_map(|b| &b.properties);
        let features = Features::of(struct_props.chain(body_props));
        TypeSpace {
            ir,
            types,
            rust_names,
            boxed,
            derived,
            polymorphic_used,
            features,
            gates: None,
            runtime: runtime.to_owned(),
            aliases: Default::default(),
        }
    }

    /// The runtime crate's path, as tokens (`::docgen_runtime`). Token streams cannot
    /// cross threads, so each emitter asks for its own.
    pub fn rt(&self) -> TokenStream {
        self.runtime
            .parse()
            .expect("the runtime path was checked to be a Rust path")
    }

    /// Gates every item by the features of the areas that need it.
    pub fn gated(mut self, gated: bool) -> Self {
        self.gates = gated.then(|| Gates::new(self.ir));
        self
    }

    /// The `#[cfg]` of a model's `PartialEq`: the crate's `partial-eq` feature when gated
    /// by area (see [`EQ_FEATURE`]), none otherwise.
    pub fn eq_cfg(&self) -> TokenStream {
        match self.gates {
            Some(_) => quote!(#[cfg(feature = #EQ_FEATURE)]),
            None => TokenStream::new(),
        }
    }

    /// An `Any*` enum's `derive(PartialEq)`, gated as the models' `PartialEq` is.
    pub fn eq_derive(&self) -> TokenStream {
        match self.gates {
            Some(_) => quote!(#[cfg_attr(feature = #EQ_FEATURE, derive(PartialEq))]),
            None => quote!(#[derive(PartialEq)]),
        }
    }

    /// `#[cfg(feature = "area")]`, or for several areas the feature they all enable.
    fn gate(&self, areas: &[&str]) -> TokenStream {
        match areas {
            [_] | [] => gate::attribute(areas),
            many => {
                let name = gate::alias(many);
                let mut aliases = self
                    .aliases
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let set = aliases
                    .entry(name.clone())
                    .or_insert_with(|| many.iter().map(|a| a.to_string()).collect());
                if set.iter().map(String::as_str).ne(many.iter().copied()) {
                    // Another set has this hash: this one keeps the plain `any(…)`.
                    return gate::attribute(many);
                }
                quote!(#[cfg(feature = #name)])
            }
        }
    }

    /// The features standing for several areas that the emitted items used, with their
    /// areas (see `gate::alias`).
    pub fn aliases(&self) -> Vec<(String, Vec<String>)> {
        let map = self
            .aliases
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// The `#[cfg]` of a type's item (empty when not gated).
    pub fn cfg(&self, name: &str) -> TokenStream {
        self.type_areas(name, false)
            .map_or_else(TokenStream::new, |a| self.gate(&a))
    }

    /// The `#[cfg]` of a polymorphic base's `Any*` enum.
    pub fn cfg_any(&self, base: &str) -> TokenStream {
        self.type_areas(base, true)
            .map_or_else(TokenStream::new, |a| self.gate(&a))
    }

    /// The areas that need a type (`any`: its `Any*` enum); `None` when not gated.
    pub fn type_areas(&self, name: &str, any: bool) -> Option<Vec<&str>> {
        let g = self.gates.as_ref()?;
        Some(if any {
            g.for_any(name)
        } else {
            g.for_type(name)
        })
    }

    /// The `#[cfg]` of an operation's method and of its body and options structs.
    pub fn cfg_for_operation(&self, op: &Operation) -> TokenStream {
        self.cfg_of(self.operations_areas(std::iter::once(op)).as_deref(), None)
    }

    /// The areas of an item several operations need (a request builder): any of theirs,
    /// sorted; `None` when not gated.
    pub fn operations_areas<'o>(
        &self,
        ops: impl Iterator<Item = &'o Operation>,
    ) -> Option<Vec<&'o str>> {
        let g = self.gates.as_ref()?;
        let mut areas: Vec<&str> = ops.flat_map(|o| g.for_operation(o)).collect();
        areas.sort_unstable();
        areas.dedup();
        Some(areas)
    }

    /// The `#[cfg]` of `areas` (none when not gated), or none where it would repeat the
    /// enclosing item's (a builder's method gated as its builder is).
    pub fn cfg_of(&self, areas: Option<&[&str]>, enclosing: Option<&[&str]>) -> TokenStream {
        match areas {
            Some(a) if Some(a) != enclosing => self.gate(a),
            _ => TokenStream::new(),
        }
    }

    /// The features of a gated crate, sorted (empty when not gated).
    pub fn areas(&self) -> Vec<String> {
        self.gates
            .as_ref()
            .map_or_else(Vec::new, |g| g.areas.clone())
    }

    /// The `Any*` enum standing for a polymorphic base type, if it has one.
    pub fn any_name(&self, name: &str) -> Option<&str> {
        self.rust_names
            .get(any_key(name).as_str())
            .map(String::as_str)
    }

    /// Polymorphic base types with an `Any*` enum, and their derived types.
    pub fn polymorphic(&self) -> impl Iterator<Item = (&'a str, &[&'a str])> + '_ {
        self.polymorphic_used
            .iter()
            .map(|n| (*n, self.derived[n].as_slice()))
    }

    pub fn get(&self, name: &str) -> Option<&'a Type> {
        self.types.get(name).copied()
    }

    pub fn rust_name(&self, name: &str) -> Option<&str> {
        self.rust_names.get(name).map(String::as_str)
    }

    pub fn features(&self) -> Features {
        self.features.clone()
    }

    /// Properties of a type with those of its base types first; a property a derived
    /// type repeats is listed once.
    pub fn all_properties(&self, t: &'a Type) -> Vec<&'a crate::ir::Property> {
        self.inherited(t, |t| &t.properties)
    }

    /// The instance annotations a type's pages list, its bases' first.
    pub fn all_annotations(&self, t: &'a Type) -> Vec<&'a crate::ir::Property> {
        self.inherited(t, |t| &t.annotations)
    }

    /// The type, then its base, its base's base... (a cycle ends the walk).
    pub fn base_chain(&self, t: &'a Type) -> impl Iterator<Item = &'a Type> + '_ {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut cur = Some(t);
        std::iter::from_fn(move || {
            let t = cur.filter(|t| seen.insert(t.name.as_str()))?;
            cur = t.base.as_deref().and_then(|b| self.get(b));
            Some(t)
        })
    }

    fn inherited(
        &self,
        t: &'a Type,
        own: impl Fn(&'a Type) -> &'a [crate::ir::Property],
    ) -> Vec<&'a crate::ir::Property> {
        let chain: Vec<&Type> = self.base_chain(t).collect();
        let mut out: Vec<&crate::ir::Property> = Vec::new();
        let mut at: HashMap<&str, usize> = HashMap::new();
        for ty in chain.iter().rev() {
            for p in own(ty) {
                match at.get(p.name.as_str()) {
                    Some(&i) => out[i] = p,
                    None => {
                        at.insert(p.name.as_str(), out.len());
                        out.push(p);
                    }
                }
            }
        }
        out
    }

    pub fn is_boxed(&self, owner: &str, target: &str) -> bool {
        self.boxed
            .contains(&(owner.to_string(), target.to_string()))
    }
}

/// Key under which a base type's `Any*` enum name is stored.
fn any_key(name: &str) -> String {
    format!("any {name}")
}

/// Derived types of each type, transitively, sorted by name.
fn derived_types<'a>(
    ir: &'a Ir,
    types: &HashMap<&'a str, &'a Type>,
) -> HashMap<&'a str, Vec<&'a str>> {
    let mut out: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for t in &ir.types {
        let mut cur = t.base.as_deref();
        let mut hops = 0;
        while let Some(b) = cur.and_then(|b| types.get(b)) {
            hops += 1;
            if hops > 32 || b.name == t.name {
                break;
            }
            out.entry(b.name.as_str())
                .or_default()
                .insert(t.name.as_str());
            cur = b.base.as_deref();
        }
    }
    out.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

/// Struct fields that are not collections form cycles (a type holding itself); those
/// fields are boxed. Found with Tarjan's strongly connected components.
fn cycles(
    ir: &Ir,
    types: &HashMap<&str, &Type>,
    derived: &HashMap<&str, Vec<&str>>,
) -> HashSet<(String, String)> {
    let names: Vec<&str> = ir
        .types
        .iter()
        .filter(|t| t.kind != Kind::Enum)
        .map(|t| t.name.as_str())
        .collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // Edges include base types' properties, since those are copied into the struct.
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            let mut out = BTreeSet::new();
            let mut cur = types.get(n).copied();
            let mut hops = 0;
            while let Some(t) = cur {
                for p in t.properties.iter().filter(|p| !p.collection) {
                    // A polymorphic field may hold any derived type.
                    let targets = std::iter::once(p.ty.as_str())
                        .chain(derived.get(p.ty.as_str()).into_iter().flatten().copied());
                    out.extend(targets.filter_map(|t| index.get(t).copied()));
                }
                hops += 1;
                cur = if hops < 32 {
                    t.base.as_deref().and_then(|b| types.get(b).copied())
                } else {
                    None
                };
            }
            out.into_iter().collect()
        })
        .collect();
    let comp = tarjan(&edges);
    let mut boxed = HashSet::new();
    for (i, n) in names.iter().enumerate() {
        let mut cur = types.get(n).copied();
        let mut hops = 0;
        while let Some(t) = cur {
            for p in t.properties.iter().filter(|p| !p.collection) {
                let targets = std::iter::once(p.ty.as_str())
                    .chain(derived.get(p.ty.as_str()).into_iter().flatten().copied());
                if targets
                    .filter_map(|t| index.get(t))
                    .any(|&j| comp[j] == comp[i])
                {
                    boxed.insert((n.to_string(), p.ty.clone()));
                }
            }
            hops += 1;
            cur = if hops < 32 {
                t.base.as_deref().and_then(|b| types.get(b).copied())
            } else {
                None
            };
        }
    }
    boxed
}

fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let (mut index, mut low, mut comp) = (vec![usize::MAX; n], vec![0; n], vec![usize::MAX; n]);
    let (mut stack, mut on_stack, mut next, mut ncomp) = (Vec::new(), vec![false; n], 0, 0);
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, next edge to visit).
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    comp
}

/// Whether `path` can name the runtime crate in generated code: a Rust path such as
/// `::docgen_runtime` or `crate::rt` (absolute, since models live in a module of their own).
pub fn check_runtime_path(path: &str) -> Result<(), String> {
    let absolute = path.starts_with("::") || path.starts_with("crate::");
    match syn::parse_str::<syn::Path>(path) {
        Ok(_) if absolute => Ok(()),
        _ => Err(format!(
            "runtime path {path:?} is not an absolute Rust path such as `::docgen_runtime` or `crate::runtime`"
        )),
    }
}

/// The emitted module as tokens, and the primitives it uses.
pub fn tokens(ir: &Ir, runtime_path: &str) -> (TokenStream, Features) {
    let (tree, ops) = client::plan(ir);
    let reserved = client::reserved_names(&ops);
    let space = TypeSpace::new(ir, &reserved, runtime_path);
    // A frame of this crate's that does not parse is a generator bug, shown where it is.
    let models = models::module(&space, &ops).unwrap_or_else(|e| quote!(compile_error!(#e);));
    let methods = builders::wrap(
        true,
        builders::order(&tree)
            .into_iter()
            .map(|n| builders::node(&space, &tree, &ops, n)),
    );
    let glue = runtime::glue(&space.rt());
    let tokens = quote! {
        #models
        #glue
        #methods
    };
    (tokens, space.features())
}
