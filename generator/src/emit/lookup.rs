//! From a URL to its method: every documented route with the Rust call that sends it
//! (`GET /users/{user-id}/messages` → `client.users().by_id(..).messages().list()`) and the
//! page that documents it, for `docgen routes`.
//!
//! The calls come from the same builder tree the client is emitted from ([`super::routes`]),
//! so they name the methods a crate generated from the same docs has.

use super::names;
use super::routes::{self, Step, Tree};
use crate::ir::Ir;
use serde::Serialize;

/// One route of one operation (its path, or another spelling the docs list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteCall {
    pub method: String,
    /// The route as documented: `/users/{user-id}/messages`, `/me/messages`.
    pub path: String,
    /// The Rust expression, arguments elided: `client.users().by_id(..).messages().list()`.
    pub call: String,
    /// The page (with line) documenting the operation, the first in path order.
    pub page: String,
    /// Every page documenting the operation (several document one operation).
    pub pages: Vec<String>,
    /// The operation's product area (its crate feature).
    pub area: String,
}

/// Every route of every operation, sorted by path then method.
pub fn route_calls(ir: &Ir) -> Vec<RouteCall> {
    let tree = routes::build(ir);
    let parents = parents(&tree);
    let mut out = Vec::new();
    for (i, op) in ir.operations.iter().enumerate() {
        let placement = &tree.placements[i];
        let mut steps = chain(&tree, &parents, placement.node);
        let takes_args = placement.step.as_ref().is_some_and(has_args) || op.body.is_some();
        steps.push(call_step(&placement.method, takes_args));
        let pages = if op.pages.is_empty() {
            vec![op.source.clone()]
        } else {
            op.pages.clone()
        };
        let area = crate::select::areas::feature(op.area.as_deref()).to_string();
        let mut seen = Vec::new();
        for path in std::iter::once(&op.path).chain(&op.aliases) {
            if seen.contains(&path) {
                continue;
            }
            seen.push(path);
            let steps = if is_me(path) {
                via_me(&tree, &steps)
            } else {
                steps.clone()
            };
            out.push(RouteCall {
                method: op.method.clone(),
                path: path.clone(),
                call: format!("client{}", steps.concat()),
                page: pages[0].clone(),
                pages: pages.clone(),
                area: area.clone(),
            });
        }
    }
    out.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    out
}

/// For each node, its parent and the call that reaches it from there.
fn parents(tree: &Tree) -> Vec<Option<(usize, String)>> {
    let mut parents = vec![None; tree.nodes.len()];
    for (p, node) in tree.nodes.iter().enumerate() {
        for c in &node.children {
            parents[c.node] = Some((p, call_step(&c.method, has_args(&c.step))));
        }
    }
    parents
}

/// The calls from the client to a node, in order.
fn chain(tree: &Tree, parents: &[Option<(usize, String)>], node: usize) -> Vec<String> {
    let mut steps = Vec::new();
    let mut cur = node;
    while let Some((p, step)) = &parents[cur] {
        steps.push(step.clone());
        cur = *p;
        if steps.len() > tree.nodes.len() {
            break;
        }
    }
    steps.reverse();
    steps
}

fn has_args(step: &Step) -> bool {
    match step {
        Step::Literal(_) => false,
        Step::Function { args, .. } => !args.is_empty(),
        Step::Key { .. } | Step::PathKey { .. } => true,
    }
}

fn call_step(method: &str, args: bool) -> String {
    let name = names::value_ident(method);
    if args {
        format!(".{name}(..)")
    } else {
        format!(".{name}()")
    }
}

fn is_me(path: &str) -> bool {
    path == "/me" || path.starts_with("/me/")
}

/// `/me/...` is the `/users/{user-id}` builder reached by `client.me()`.
fn via_me(tree: &Tree, steps: &[String]) -> Vec<String> {
    match (tree.me, steps) {
        (Some(_), [users, by_id, rest @ ..]) if users == ".users()" && by_id == ".by_id(..)" => {
            std::iter::once(".me()".to_string())
                .chain(rest.iter().cloned())
                .collect()
        }
        _ => steps.to_vec(),
    }
}
