//! Product areas: which area each operation and type belongs to, and, for a crate with a
//! feature per area, which areas need each type.

use super::reach::Graph;
use crate::ir::{Ir, Operation};
use std::collections::{BTreeMap, HashMap};

/// The area of pages whose front matter names none.
pub const UNASSIGNED: &str = "unassigned";

/// The feature (and selector) name of an area.
pub fn feature(area: Option<&str>) -> &str {
    area.unwrap_or(UNASSIGNED)
}

/// One area's figures, for `docgen stats --areas`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AreaStats {
    pub area: String,
    pub operations: usize,
    /// Types the area's own pages describe.
    pub types: usize,
    /// Types a selection of the area generates: its own and everything they reach.
    pub reached: usize,
}

/// Every area with its figures, by name.
/// `reached` is counted as a crate gated by area compiles it (relationships out of an
/// area untyped: [`super::navigation`]).
pub fn stats(ir: &Ir) -> Vec<AreaStats> {
    let mut lean = ir.clone();
    super::navigation::untype_foreign_navigation(&mut lean);
    let gates = Gates::new(&lean);
    gates
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| AreaStats {
            area: a.clone(),
            operations: ir
                .operations
                .iter()
                .filter(|o| feature(o.area.as_deref()) == a)
                .count(),
            types: ir
                .types
                .iter()
                .filter(|t| feature(t.area.as_deref()) == a)
                .count(),
            reached: gates.types.iter().filter(|t| t.contains(&i)).count(),
        })
        .collect()
}

/// Which areas need each item, for `#[cfg(feature = "…")]`: an operation belongs to its
/// page's area; a type is needed by every area whose operations, types or documented
/// examples reach it; a polymorphic base's `Any*` enum by every area that refers to the
/// base (and so holds all its derived types). An area's own type brings its bases, not the
/// types derived from it: `entity`'s page being in one area does not make that area need
/// every entity type.
#[derive(Debug, Clone, Default)]
pub struct Gates {
    /// Feature names, sorted.
    pub areas: Vec<String>,
    /// By index into `ir.types`: indexes into `areas`, ascending.
    types: Vec<Vec<usize>>,
    referenced: Vec<Vec<usize>>,
    by_name: HashMap<String, usize>,
}

impl Gates {
    pub fn new(ir: &Ir) -> Self {
        let graph = Graph::new(ir);
        let roots = roots(ir, &graph);
        let n = ir.types.len();
        let mut gates = Gates {
            areas: roots.keys().map(|a| a.to_string()).collect(),
            types: vec![Vec::new(); n],
            referenced: vec![Vec::new(); n],
            by_name: ir
                .types
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect(),
        };
        let none = vec![false; n];
        for (a, (_, r)) in roots.into_iter().enumerate() {
            let reach = graph.closure_of(r, &none, true);
            for t in 0..n {
                if reach.reached[t] {
                    gates.types[t].push(a);
                }
                if reach.referenced[t] {
                    gates.referenced[t].push(a);
                }
            }
        }
        gates
    }

    /// The areas that need a type (none for a name the IR does not have).
    pub fn for_type(&self, name: &str) -> Vec<&str> {
        self.names(self.by_name.get(name).map(|&i| &self.types[i]))
    }

    /// The areas that need a polymorphic base's `Any*` enum.
    pub fn for_any(&self, name: &str) -> Vec<&str> {
        self.names(self.by_name.get(name).map(|&i| &self.referenced[i]))
    }

    pub fn for_operation<'a>(&self, op: &'a Operation) -> Vec<&'a str> {
        vec![feature(op.area.as_deref())]
    }

    fn names(&self, list: Option<&Vec<usize>>) -> Vec<&str> {
        list.into_iter()
            .flatten()
            .map(|&a| self.areas[a].as_str())
            .collect()
    }
}

/// Each area's roots: its operations' types, its own types, its examples' types.
/// Operations' and examples' types are values (referenced: they may hold any derived
/// type); the area's own types are wanted for themselves (reached: their bases and
/// property types come, the other types derived from them do not).
pub(super) fn roots<'a>(ir: &'a Ir, graph: &Graph) -> BTreeMap<&'a str, Vec<(usize, bool)>> {
    let mut roots: BTreeMap<&str, Vec<(usize, bool)>> = BTreeMap::new();
    let mut page_area: HashMap<&str, &str> = HashMap::new();
    for op in &ir.operations {
        let a = feature(op.area.as_deref());
        roots
            .entry(a)
            .or_default()
            .extend(graph.operation_refs(op).into_iter().map(|t| (t, true)));
        page_area.insert(page(&op.source), a);
        // A merged operation is documented on several pages; their examples are its.
        for p in &op.pages {
            page_area.entry(page(p)).or_insert(a);
        }
    }
    for (i, t) in ir.types.iter().enumerate() {
        let a = feature(t.area.as_deref());
        roots.entry(a).or_default().push((i, false));
        page_area.insert(page(&t.source), a);
    }
    for e in &ir.examples {
        if let Some(i) = graph.type_index(&e.ty) {
            let a = page_area
                .get(page(&e.source))
                .copied()
                .unwrap_or(UNASSIGNED);
            roots.entry(a).or_default().push((i, true));
        }
    }
    roots
}

fn page(source: &str) -> &str {
    source.rsplit_once(':').map_or(source, |(p, _)| p)
}
