//! The request-builder tree: one builder per route shape, following the URL.
//!
//! Every operation path is walked from the root; each prefix is a node (a builder struct).
//! A node's methods are its children (`messages()`, `by_id(id)`, `range(address)`) and the
//! operations on its own path, named by verb: `get`, `list` (a collection response),
//! `create` (POST), `update` (PATCH), `replace` (PUT), `delete`. An action (a POST to a
//! literal segment with nothing else on that path, taking parameters or nothing) and a
//! function with nothing below it are methods of the parent, named after themselves in
//! snake case: `send_mail(&body)`, `search(q)`. `/me` is the `/users/{user-id}` builder
//! with the path `/me`, so its code exists once. Names are claimed per node in a fixed
//! order (verbs, then actions and functions, then children, each sorted), so they depend on
//! the routes only, never on example names or page order.

use super::names::{self, Unique};
use crate::ir::{Ir, Operation};
use crate::route::{self, Segment};
use std::collections::BTreeMap;

/// How a child is reached from its parent.
#[derive(Debug, Clone)]
pub enum Step {
    Literal(String),
    /// A key; the Rust parameter name.
    Key {
        param: String,
        prefix: String,
        suffix: String,
    },
    PathKey {
        base: String,
        param: String,
    },
    Function {
        name: String,
        args: Vec<(route::Arg, String)>,
    },
}

#[derive(Debug, Clone)]
pub struct Child {
    pub method: String,
    pub step: Step,
    pub node: usize,
}

/// Where an operation's method lives and what the part of the path it adds is.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The node whose builder has the method.
    pub node: usize,
    pub method: String,
    /// The last step, when the method is an action or function of the parent.
    pub step: Option<Step>,
}

#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Normalized path of the node: `/users/{user-id}/messages`.
    pub path: String,
    /// The builder struct's name (the root has none).
    pub name: String,
    pub children: Vec<Child>,
    /// Operations (indexes into the IR) with a method on this node.
    pub operations: Vec<usize>,
}

pub struct Tree {
    pub nodes: Vec<Node>,
    pub placements: Vec<Placement>,
    /// The `/users/{user-id}` node, which `/me` reuses.
    pub me: Option<usize>,
}

fn step_key(s: &Segment) -> String {
    match s {
        Segment::Literal(t) => format!("l {}", t.to_ascii_lowercase()),
        Segment::Key { prefix, suffix, .. } => format!("k {prefix}{{}}{suffix}"),
        Segment::PathKey { base, .. } => format!("p {}", base.to_ascii_lowercase()),
        Segment::Function { name, args } => {
            let mut a: Vec<String> = args.iter().map(|a| a.name.to_ascii_lowercase()).collect();
            a.sort();
            format!("f {}({})", name.to_ascii_lowercase(), a.join(","))
        }
    }
}

fn bare(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The name a segment gives its builder struct, as words.
fn struct_part(s: &Segment) -> String {
    // Parts are joined, so none may keep the leading `_` a name starting with a digit gets.
    let part = match s {
        Segment::Literal(t) if t.contains('.') => format!("As{}", names::pascal(bare(t))),
        Segment::Literal(t) => names::pascal(t),
        Segment::Key { .. } => "Item".to_string(),
        Segment::PathKey { base, .. } => format!("{}Path", names::pascal(base)),
        Segment::Function { name, .. } => names::pascal(bare(name)),
    };
    part.replace('_', "")
}

fn is_action(op: &Operation, same_path: usize, has_children: bool) -> bool {
    op.method == "POST"
        && same_path == 1
        && !has_children
        && op.body.as_ref().is_none_or(|b| b.ty.is_none())
}

pub fn verb(op: &Operation) -> &'static str {
    match op.method.as_str() {
        "GET" if op.response.as_ref().is_some_and(|r| r.collection) => "list",
        "GET" => "get",
        "POST" => "create",
        "PATCH" => "update",
        "PUT" => "replace",
        "DELETE" => "delete",
        _ => "send",
    }
}

pub fn build(ir: &Ir) -> Tree {
    let mut nodes = vec![Node {
        path: String::new(),
        ..Node::default()
    }];
    let mut index: BTreeMap<(usize, String), usize> = BTreeMap::new();
    let mut segs_of: Vec<Vec<Segment>> = Vec::new();
    let mut node_of: Vec<usize> = Vec::new();
    for op in &ir.operations {
        let (segments, _) = route::parse(&op.path);
        let mut cur = 0;
        let mut prefix: Vec<Segment> = Vec::new();
        let mut name = String::new();
        for s in &segments {
            prefix.push(s.clone());
            name.push_str(&struct_part(s));
            let key = (cur, step_key(s));
            cur = match index.get(&key) {
                Some(&n) => n,
                None => {
                    nodes.push(Node {
                        path: route::render(&prefix),
                        name: name.clone(),
                        ..Node::default()
                    });
                    let n = nodes.len() - 1;
                    index.insert(key, n);
                    n
                }
            };
        }
        segs_of.push(segments);
        node_of.push(cur);
    }
    let mut parent: Vec<Option<(usize, Segment)>> = vec![None; nodes.len()];
    for ((p, _), &n) in &index {
        let (segments, _) = route::parse(&nodes[n].path);
        parent[n] = segments.last().map(|s| (*p, s.clone()));
    }
    let has_children: Vec<bool> = {
        let mut v = vec![false; nodes.len()];
        for ((p, _), _) in &index {
            v[*p] = true;
        }
        v
    };
    let mut per_node = vec![0usize; nodes.len()];
    for &n in &node_of {
        per_node[n] += 1;
    }
    // Which operations are methods of their parent (actions and leaf functions).
    let on_parent: Vec<bool> = ir
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| {
            let n = node_of[i];
            match segs_of[i].last() {
                _ if n == 0 => false,
                Some(Segment::Function { .. }) => per_node[n] == 1 && !has_children[n],
                Some(Segment::Literal(t)) if !t.starts_with('$') && !t.contains('.') => {
                    is_action(op, per_node[n], has_children[n])
                }
                _ => false,
            }
        })
        .collect();
    // A node stays a builder when anything but a parent-method lives there.
    let mut keep = vec![false; nodes.len()];
    keep[0] = true;
    for (i, &n) in node_of.iter().enumerate() {
        let mut cur = if on_parent[i] {
            parent[n].as_ref().map(|(p, _)| *p)
        } else {
            Some(n)
        };
        while let Some(c) = cur {
            if keep[c] {
                break;
            }
            keep[c] = true;
            cur = parent[c].as_ref().map(|(p, _)| *p);
        }
    }

    // Overloads: one function name with different arguments under one parent. Each is named
    // with its arguments (`get_x_with_period`, `get_x_with_date`), whichever pages exist.
    // A path segment of the same name (`/drive/root/delta` beside `delta(token='{token}')`)
    // counts too, so the segment keeps the plain name and no method becomes `delta_2`.
    let mut overloads: BTreeMap<(usize, String), usize> = BTreeMap::new();
    for (p, key) in index.keys() {
        if let Some(f) = key.strip_prefix("f ") {
            let name = f.split('(').next().unwrap_or(f).to_string();
            *overloads.entry((*p, name)).or_default() += 1;
        }
    }
    for (p, key) in index.keys() {
        if let Some(l) = key.strip_prefix("l ") {
            if let Some(n) = overloads.get_mut(&(*p, l.to_string())) {
                *n += 1;
            }
        }
    }
    let function_name = |p: usize, name: &str, args: &[route::Arg]| {
        let base = names::snake(bare(name));
        if overloads
            .get(&(p, name.to_ascii_lowercase()))
            .copied()
            .unwrap_or(0)
            > 1
            && !args.is_empty()
        {
            let args: Vec<String> = args.iter().map(|a| names::snake(&a.name)).collect();
            format!("{base}_with_{}", args.join("_and_"))
        } else {
            base
        }
    };
    // A name the builder already has (`clone`) takes the segment before it: `clone_team`.
    let paths: Vec<String> = nodes.iter().map(|n| n.path.clone()).collect();
    let context = |p: usize| {
        let (segs, _) = route::parse(&paths[p]);
        segs.iter()
            .rev()
            .find_map(|s| match s {
                Segment::Literal(t) if !t.starts_with('$') => {
                    Some(names::snake(&route::singular(bare(t))))
                }
                _ => None,
            })
            .unwrap_or_else(|| "call".to_string())
    };
    // Names, per node: verbs, then parent-methods, then children.
    let mut unique: Vec<Unique> = (0..nodes.len()).map(|_| Unique::default()).collect();
    for u in unique.iter_mut() {
        for r in ["client", "path", "clone", "fmt"] {
            u.reserve(r);
        }
    }
    for r in ["builder", "new", "request", "base_url", "me"] {
        unique[0].reserve(r);
    }
    let mut placements: Vec<Option<Placement>> = vec![None; ir.operations.len()];
    let mut order: Vec<usize> = (0..ir.operations.len()).collect();
    order.sort_by_key(|&i| {
        (
            on_parent[i],
            ir.operations[i].path.clone(),
            ir.operations[i].method.clone(),
        )
    });
    for i in order {
        let op = &ir.operations[i];
        let n = node_of[i];
        let placement = if on_parent[i] {
            let (p, seg) = parent[n].clone().expect("an action has a parent");
            let (wanted, step) = match &seg {
                Segment::Function { name, args } => (
                    function_name(p, name, args),
                    Step::Function {
                        name: name.clone(),
                        args: arg_names(args),
                    },
                ),
                Segment::Literal(t) => (names::snake(t), Step::Literal(t.clone())),
                _ => unreachable!("only literals and functions are parent methods"),
            };
            let wanted = if unique[p].is_taken(&wanted) {
                format!("{wanted}_{}", context(p))
            } else {
                wanted
            };
            Placement {
                node: p,
                method: unique[p].claim(wanted, "_"),
                step: Some(step),
            }
        } else {
            Placement {
                node: n,
                method: unique[n].claim(verb(op).to_string(), "_"),
                step: None,
            }
        };
        nodes[placement.node].operations.push(i);
        placements[i] = Some(placement);
    }
    let mut children: Vec<(usize, usize, Segment)> = index
        .iter()
        .filter(|(_, n)| keep[**n])
        .map(|((p, _), n)| (*p, *n, parent[*n].clone().expect("a child has a parent").1))
        .collect();
    children.sort_by(|a, b| (a.0, step_key(&a.2)).cmp(&(b.0, step_key(&b.2))));
    for (p, n, seg) in children {
        let (wanted, step) = match seg {
            Segment::Literal(t) if t.contains('.') => {
                (format!("as_{}", names::snake(bare(&t))), Step::Literal(t))
            }
            Segment::Literal(t) => (names::snake(&t), Step::Literal(t)),
            Segment::Key {
                name,
                prefix,
                suffix,
            } => {
                let param = names::snake(&name);
                let method = if prefix.is_empty() && suffix.is_empty() {
                    "by_id".to_string()
                } else {
                    format!("by_{param}")
                };
                (
                    method,
                    Step::Key {
                        param,
                        prefix,
                        suffix,
                    },
                )
            }
            Segment::PathKey { base, .. } => (
                format!("{}_path", names::snake(&base)),
                Step::PathKey {
                    base,
                    param: "path".to_string(),
                },
            ),
            Segment::Function { name, args } => (
                function_name(p, &name, &args),
                Step::Function {
                    name,
                    args: arg_names(&args),
                },
            ),
        };
        let method = unique[p].claim(wanted, "_");
        nodes[p].children.push(Child {
            method,
            step,
            node: n,
        });
    }
    // Struct names: unique over the whole tree, in path order.
    let mut types = Unique::default();
    let mut by_path: Vec<usize> = (1..nodes.len()).filter(|&n| keep[n]).collect();
    by_path.sort_by(|a, b| nodes[*a].path.cmp(&nodes[*b].path));
    for n in by_path {
        let name = &nodes[n].name;
        let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
            format!("Path{name}")
        } else {
            name.clone()
        };
        let wanted = names::type_ident(&name).to_string();
        nodes[n].name = types.claim(wanted, "");
    }
    let me = index
        .get(&(0, "l users".to_string()))
        .and_then(|u| index.get(&(*u, "k {}".to_string())))
        .copied()
        .filter(|n| keep[*n]);
    Tree {
        nodes,
        placements: placements
            .into_iter()
            .map(|p| p.expect("every operation is placed"))
            .collect(),
        me,
    }
}

/// Rust parameter names for a function's arguments, unique within the call.
fn arg_names(args: &[route::Arg]) -> Vec<(route::Arg, String)> {
    let mut u = Unique::default();
    u.reserve("body");
    u.reserve("content_type");
    args.iter()
        .map(|a| (a.clone(), u.claim(names::snake(&a.name), "_")))
        .collect()
}
