//! Request builders as tokens: one struct per route shape, a newtype over the runtime's
//! `Route` (the client and the path so far), with a method per child and per operation
//! (see `routes` for the shape).

use super::client::{method, OperationPlan};
use super::doc_line::DocLine;
use super::names;
use super::routes::{Child, Step, Tree};
use super::TypeSpace;
use crate::ir::{Operation, ParameterIn};
use crate::route::Arg;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The Rust type of a function argument and how it is written as an OData literal.
fn argument(op: &Operation, arg: &Arg, ident: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    let ty = op
        .parameters
        .iter()
        .find(|p| p.location == ParameterIn::Path && p.name.eq_ignore_ascii_case(&arg.name))
        .map_or("Edm.String", |p| p.ty.as_str());
    let string = |prefix: &str| {
        let fmt = format!("{prefix}'{{}}'");
        (
            quote!(&str),
            quote!(runtime::encode_segment(
                &::std::format!(#fmt, #ident.replace('\'', "''"))
            )),
        )
    };
    if arg.quoted {
        return string(&arg.prefix);
    }
    match ty {
        "Edm.Boolean" => (quote!(bool), quote!(#ident)),
        "Edm.Int32" | "Edm.Int16" | "Edm.Byte" => (quote!(i32), quote!(#ident)),
        "Edm.Int64" => (quote!(i64), quote!(#ident)),
        "Edm.Double" | "Edm.Single" | "Edm.Decimal" => (quote!(f64), quote!(#ident)),
        "Edm.Date" => (quote!(runtime::time::Date), quote!(#ident)),
        "Edm.DateTimeOffset" => (
            quote!(runtime::time::OffsetDateTime),
            quote!(runtime::encode_segment(
                &#ident
                    .format(&runtime::time::format_description::well_known::Rfc3339)
                    .unwrap_or_default()
            )),
        ),
        _ => string(&arg.prefix),
    }
}

/// The route a step leads to, as an expression of `runtime::Route`, with the Rust
/// parameters it takes. Each is one call on the route so far, so a builder's method is
/// small (their bodies were 7 % of checking the whole English crate as `format!`s).
fn step(op: Option<&Operation>, step: &Step, root: bool) -> (TokenStream, TokenStream) {
    // Below the root each step extends the builder's route; at the root it starts one.
    let base = if root {
        quote!(runtime::Route::new(self, ""))
    } else {
        quote!(self.0)
    };
    match step {
        Step::Literal(t) if root => {
            let p = format!("/{t}");
            (quote!(), quote!(runtime::Route::new(self, #p)))
        }
        Step::Literal(t) => (quote!(), quote!(#base.segment(#t))),
        Step::Key {
            param,
            prefix,
            suffix,
        } => {
            let p = names::value_ident(param);
            let route = if prefix.is_empty() && suffix.is_empty() {
                quote!(#base.key(#p))
            } else {
                quote!(#base.key_within(#prefix, #p, #suffix))
            };
            (quote!(, #p: &str), route)
        }
        Step::PathKey {
            base: segment,
            param,
        } => {
            let segment = segment.as_str();
            let p = names::value_ident(param);
            (quote!(, #p: &str), quote!(#base.item_path(#segment, #p)))
        }
        Step::Function { name, args } => {
            let idents: Vec<proc_macro2::Ident> =
                args.iter().map(|(_, n)| names::value_ident(n)).collect();
            let empty = Operation {
                name: String::new(),
                method: String::new(),
                path: String::new(),
                aliases: Vec::new(),
                description: None,
                parameters: Vec::new(),
                body: None,
                alternative_content_types: Vec::new(),
                response: None,
                source: String::new(),
                area: None,
                pages: Vec::new(),
                permissions: Vec::new(),
            };
            let op = op.unwrap_or(&empty);
            let typed: Vec<(TokenStream, TokenStream)> = args
                .iter()
                .zip(&idents)
                .map(|((a, _), i)| argument(op, a, i))
                .collect();
            let decls = idents
                .iter()
                .zip(&typed)
                .map(|(i, (t, _))| quote!(, #i: #t));
            let route = if args.is_empty() {
                let segment = format!("{name}()");
                quote!(#base.segment(#segment))
            } else {
                let inner: Vec<String> = args
                    .iter()
                    .map(|(a, _)| format!("{}={{}}", a.name))
                    .collect();
                let esc = name.replace('{', "{{").replace('}', "}}");
                let fmt = format!("{esc}({})", inner.join(","));
                let values = typed.iter().map(|(_, v)| v);
                quote!(#base.segment(&::std::format!(#fmt, #(#values),*)))
            };
            (quote!(#(#decls)*), route)
        }
    }
}

/// Every operation with a method on the node or below it.
fn subtree<'p, 'a>(tree: &Tree, plans: &'p [OperationPlan<'a>], n: usize) -> Vec<&'a Operation> {
    let mut out = Vec::new();
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        out.extend(tree.nodes[n].operations.iter().map(|&i| plans[i].op));
        stack.extend(tree.nodes[n].children.iter().map(|c| c.node));
    }
    out
}

/// In a crate with a feature per area, a builder exists when an operation below it does:
/// the areas of those operations (`None` when not gated).
fn node_areas<'a>(
    space: &TypeSpace,
    tree: &Tree,
    plans: &[OperationPlan<'a>],
    n: usize,
) -> Option<Vec<&'a str>> {
    space.operations_areas(subtree(tree, plans, n).into_iter())
}

// Builder methods are `#[inline]`: such a function becomes code only in the crates that
// call it, and so does the serde code of what it sends and returns. A crate compiles the
// endpoints it calls, not the whole API (the debug build of the whole English crate
// made 84,000 functions, most of them decoding, that nothing called).
fn child(
    space: &TypeSpace,
    tree: &Tree,
    plans: &[OperationPlan],
    c: &Child,
    root: bool,
    parent: Option<&[&str]>,
) -> TokenStream {
    let cfg = space.cfg_of(node_areas(space, tree, plans, c.node).as_deref(), parent);
    let node = &tree.nodes[c.node];
    let ty = format_ident!("{}", node.name);
    let name = names::value_ident(&c.method);
    // A function's argument types come from an operation on its path.
    let op = node.operations.first().map(|&i| plans[i].op);
    let (params, route) = step(op, &c.step, root);
    let doc = DocLine(format!(" `{}`", node.path));
    if root {
        quote! {
            #[doc = #doc]
            #cfg
            #[inline]
            pub fn #name(&self #params) -> #ty<'_> {
                #ty(#route)
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            #cfg
            #[inline]
            pub fn #name(&self #params) -> #ty<'a> {
                #ty(#route)
            }
        }
    }
}

/// The tokens of one builder node (the root is `impl Client`).
pub fn node(space: &TypeSpace, tree: &Tree, plans: &[OperationPlan], n: usize) -> TokenStream {
    let node = &tree.nodes[n];
    let root = n == 0;
    // The root (`impl Client`) is never gated; a method repeats no cfg its builder has.
    let areas = (!root).then(|| node_areas(space, tree, plans, n)).flatten();
    let parent = areas.as_deref();
    let children = node
        .children
        .iter()
        .map(|c| child(space, tree, plans, c, root, parent));
    let methods = node.operations.iter().map(|&i| {
        let plan = &plans[i];
        let (args, route) = match &plan.placement.step {
            Some(s) => step(Some(plan.op), s, root),
            None if root => (quote!(), quote!(runtime::Route::new(self, "/"))),
            None => (quote!(), quote!(self.0)),
        };
        method(space, plan, root, args, route, parent)
    });
    if root {
        let me = tree.me.map(|m| {
            let ty = format_ident!("{}", tree.nodes[m].name);
            let cfg = space.cfg_of(node_areas(space, tree, plans, m).as_deref(), None);
            quote! {
                /// `/me`: the signed-in user. The same builder as `users().by_id(…)`, so every
                /// route under `/users/{user-id}` is offered for `/me` too.
                #cfg
                #[inline]
                pub fn me(&self) -> #ty<'_> {
                    #ty(runtime::Route::new(self, "/me"))
                }
            }
        });
        let permission_sets = super::permissions::sets_module(plans);
        return quote! {
            impl Client {
                #me
                #(#children)*
                #(#methods)*
            }
            #permission_sets
        };
    }
    let ty = format_ident!("{}", node.name);
    let doc = DocLine(format!(" Requests on `{}`.", node.path));
    let cfg = space.cfg_of(parent, None);
    // No `Debug` of its own: the public route is the builder's whole state, and prints as
    // its path. A derived `Debug` on every builder was 5 % of checking the whole English
    // crate; the route also serves requests to routes below it that the docs do not name.
    let tokens = quote! {
        #[doc = #doc]
        pub struct #ty<'a>(pub runtime::Route<'a>);

        impl<'a> #ty<'a> {
            #(#children)*
            #(#methods)*
        }
    };
    super::gate::items(&cfg, tokens)
}

/// Every builder, the root first, in path order: the root and every node reached as a
/// builder (a child of some node).
pub fn order(tree: &Tree) -> Vec<usize> {
    let mut kept = vec![false; tree.nodes.len()];
    for c in tree.nodes.iter().flat_map(|p| &p.children) {
        kept[c.node] = true;
    }
    let mut v: Vec<usize> = (1..tree.nodes.len())
        .filter(|&n| !tree.nodes[n].name.is_empty() && kept[n])
        .collect();
    v.sort_by(|a, b| tree.nodes[*a].path.cmp(&tree.nodes[*b].path));
    v.insert(0, 0);
    v
}

/// `pub mod builders { ... }` around the given items; the first chunk brings the imports
/// (`Client` is the API's client of the parent module, whose methods start every route).
/// A binary crate including the module uses part of the API; the rest is not dead code of
/// its own, so it is not reported.
pub fn wrap(first: bool, items: impl Iterator<Item = TokenStream>) -> TokenStream {
    let uses = first.then(|| {
        // With features per area, a crate can enable no area whose builders name a model.
        quote!(
            #[allow(unused_imports)]
            use super::{models, runtime, Client};
        )
    });
    quote! {
        /// Request builders following the URL: `client.users().by_id(id).messages().list()`.
        ///
        /// A builder's one field is its [`runtime::Route`]: the path so far, which its `Debug`
        /// prints, and a way to routes below it that these docs do not describe
        /// (`builder.0.segment("x").request(...)`).
        #[allow(dead_code)]
        pub mod builders {
            #uses
            #(#items)*
        }
    }
}
