//! Operation methods: one per (HTTP method, path), on the builder of its route, returning
//! a request the caller can refine and send.

use super::doc_line::DocLine;
use super::models::doc_attr;
use super::names::{self, Unique};
use super::routes::{self, Placement, Tree};
use super::TypeSpace;
use crate::ir::{Ir, Operation, Parameter, ParameterIn, UNTYPED};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{HashMap, HashSet};

/// Names decided before any tokens are written, so models and methods agree.
pub struct OperationPlan<'a> {
    pub op: &'a Operation,
    /// The method's name on its builder.
    pub method: String,
    /// Where the method lives: the builder, and the step it adds to the path.
    pub placement: Placement,
    /// The struct emitted for an inline (action parameter) body.
    pub body_struct: Option<String>,
    /// The struct of the operation's documented query parameters and headers, shared by
    /// every operation documenting the same ones.
    pub options_struct: Option<String>,
    /// On the first operation (by route) of those sharing its options struct: all of them,
    /// in route order. The struct is emitted once, from here; empty on the others.
    pub options_sharers: Vec<usize>,
}

impl OperationPlan<'_> {
    /// `POST /communications/calls/{call-id}/participants/invite`, for doc comments.
    pub fn route(&self) -> String {
        format!("{} {}", self.op.method, self.op.path)
    }
}

/// The builder tree and one plan per operation (in IR order).
pub fn plan(ir: &Ir) -> (Tree, Vec<OperationPlan<'_>>) {
    let tree = routes::build(ir);
    // Struct names: the method's own name when no other operation's method has it and it
    // is not a bare verb (`InviteBody`), else prefixed with its builder (`UsersItemCreateBody`).
    let short = |i: usize| names::pascal(&tree.placements[i].method);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for i in 0..ir.operations.len() {
        *counts.entry(short(i)).or_default() += 1;
    }
    let wanted = |i: usize| {
        let p = &tree.placements[i];
        let s = short(i);
        if counts[&s] == 1 && p.step.is_some() {
            s
        } else {
            let node = &tree.nodes[p.node].name;
            let node = if node.is_empty() { "Client" } else { node };
            format!("{node}{s}")
        }
    };
    let mut order: Vec<usize> = (0..ir.operations.len()).collect();
    order.sort_by(|a, b| {
        (&ir.operations[*a].path, &ir.operations[*a].method)
            .cmp(&(&ir.operations[*b].path, &ir.operations[*b].method))
    });
    let mut structs = Unique::default();
    let mut body_structs: Vec<Option<String>> = vec![None; ir.operations.len()];
    let mut options_structs: Vec<Option<String>> = vec![None; ir.operations.len()];
    let mut options_sharers: Vec<Vec<usize>> = vec![Vec::new(); ir.operations.len()];
    // Operations documenting the same parameters share one struct: of 1,452 in the English
    // reference, 652 carry only `Accept` and 553 only `workbook-session-id`, and a struct
    // each (with its derives and impl) was a sixth of what `cargo check` of it held.
    // Header names are case-insensitive (`If-Match`, `if-match`); the first one's is sent.
    let mut by_parameters: HashMap<Vec<(String, ParameterIn, &str, bool)>, usize> = HashMap::new();
    let type_names: HashSet<String> = ir
        .types
        .iter()
        .map(|t| names::pascal(t.name.rsplit('.').next().unwrap_or(&t.name)))
        .collect();
    for i in order {
        let op = &ir.operations[i];
        if op
            .body
            .as_ref()
            .is_some_and(|b| b.ty.is_none() && !b.properties.is_empty())
        {
            body_structs[i] = Some(structs.claim(format!("{}Body", wanted(i)), ""));
        }
        let params = options(op);
        if params.is_empty() {
            continue;
        }
        let key = params
            .iter()
            .map(|p| {
                let name = match p.location {
                    ParameterIn::Header => p.name.to_ascii_lowercase(),
                    _ => p.name.clone(),
                };
                (name, p.location, p.ty.as_str(), p.collection)
            })
            .collect();
        let lead = *by_parameters.entry(key).or_insert(i);
        if lead == i {
            let name = options_name(&params)
                .filter(|n| !type_names.contains(n) && !structs.is_taken(n))
                .unwrap_or_else(|| format!("{}Options", wanted(i)));
            options_structs[i] = Some(structs.claim(name, ""));
        } else {
            options_structs[i] = options_structs[lead].clone();
        }
        options_sharers[lead].push(i);
    }
    let plans = ir
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| OperationPlan {
            op,
            method: tree.placements[i].method.clone(),
            placement: tree.placements[i].clone(),
            body_struct: body_structs[i].take(),
            options_struct: options_structs[i].take(),
            options_sharers: std::mem::take(&mut options_sharers[i]),
        })
        .collect();
    (tree, plans)
}

/// An options struct named by its parameters (`IfMatchOptions`, `StartDateTimeEndDateTimeOptions`)
/// when there are few and the name stays short, so the name says what it holds, whichever
/// operations share it; `None` otherwise (the first operation's name is used).
fn options_name(params: &[&Parameter]) -> Option<String> {
    if params.len() > 2 {
        return None;
    }
    let name: String = params.iter().map(|p| names::pascal(&p.name)).collect();
    let name = format!("{name}Options");
    (name.len() <= 40 && name.starts_with(|c: char| c.is_ascii_uppercase())).then_some(name)
}

/// The documented parameters an options struct carries: query parameters other than the
/// OData system options (`$filter`... have their own methods) and headers.
pub fn options(op: &Operation) -> Vec<&Parameter> {
    op.parameters
        .iter()
        .filter(|p| match p.location {
            ParameterIn::Query => !p.name.starts_with('$'),
            ParameterIn::Header => true,
            ParameterIn::Path => false,
        })
        .collect()
}

/// Type names the plan adds to the models module.
pub fn reserved_names(plans: &[OperationPlan]) -> Vec<String> {
    plans
        .iter()
        .flat_map(|p| p.body_struct.iter().chain(p.options_struct.iter()).cloned())
        .collect()
}

pub fn type_path(space: &TypeSpace, ty: &str) -> TokenStream {
    match ty {
        UNTYPED => quote!(runtime::serde_json::Value),
        t if t.starts_with("Edm.") => quote!(runtime::serde_json::Value),
        t => match space.any_name(t).or_else(|| space.rust_name(t)) {
            Some(n) => {
                let ident = format_ident!("{}", n);
                quote!(models::#ident)
            }
            None => quote!(runtime::serde_json::Value),
        },
    }
}

/// The operation's method on its builder: `route` is the expression of its `runtime::Route`.
pub fn method(
    space: &TypeSpace,
    plan: &OperationPlan,
    root: bool,
    args: TokenStream,
    route: TokenStream,
    builder_areas: Option<&[&str]>,
) -> TokenStream {
    let op = plan.op;
    let name = names::value_ident(&plan.method);
    let http = format_ident!("{}", op.method.to_ascii_uppercase());
    let (body_param, body_call) = match &op.body {
        Some(b) if b.ty.as_deref() == Some("Edm.Stream") && plan.body_struct.is_none() => (
            quote!(, body: ::std::vec::Vec<u8>, content_type: &str),
            quote!(.body_bytes(body, content_type)),
        ),
        Some(b) => {
            let ty = match (&plan.body_struct, &b.ty) {
                (Some(s), _) => {
                    let ident = format_ident!("{}", s);
                    quote!(models::#ident)
                }
                // An update sends the resource's own model: every member optional, only
                // what is set goes on the wire.
                (None, Some(t)) if is_update(op) => update_path(space, t, b),
                (None, Some(t)) => type_path(space, t),
                (None, None) => quote!(runtime::serde_json::Value),
            };
            let ty = if b.collection { quote!([#ty]) } else { ty };
            (quote!(, body: &#ty), quote!(.json(body)))
        }
        None => (quote!(), quote!()),
    };
    let (ret, decode) = match &op.response {
        Some(r) => match r.ty.as_deref() {
            Some("Edm.Stream") => (quote!(runtime::bytes::Bytes), quote!(runtime::decode_bytes)),
            // `$count`: the service answers a bare number.
            Some(t)
                if !r.collection && op.path.ends_with("/$count") && primitive_path(t).is_some() =>
            {
                (
                    primitive_path(t).unwrap_or_default(),
                    quote!(runtime::decode_json),
                )
            }
            Some(t) => {
                let ty = type_path(space, t);
                let ty = if r.collection {
                    quote!(runtime::Collection<#ty>)
                } else {
                    ty
                };
                (ty, quote!(runtime::decode_json))
            }
            None if r.status == 202 => {
                (quote!(runtime::Accepted), quote!(runtime::decode_accepted))
            }
            None => (quote!(()), quote!(runtime::decode_empty)),
        },
        None => (quote!(()), quote!(runtime::decode_empty)),
    };
    let summary = doc_attr(op.description.as_deref());
    let mut routes = vec![DocLine(format!(" `{} {}`", op.method, op.path))];
    routes.extend(
        op.aliases
            .iter()
            .map(|a| DocLine(format!(" `{} {a}`", op.method))),
    );
    let search = doc_aliases(op);
    let pages = if op.pages.is_empty() {
        vec![op.source.clone()]
    } else {
        op.pages.clone()
    };
    let pages: Vec<String> = pages.iter().map(|p| format!("`{p}`")).collect();
    let source = DocLine(format!(" Documented in {}.", pages.join(", ")));
    let permissions = super::permissions::doc_attr(op, &plan.method);
    // The documented query parameters and headers live in the options struct.
    let mut extra = Vec::new();
    if let Some(o) = &plan.options_struct {
        let line = DocLine(format!(
            " Documented query parameters and headers: [`models::{o}`], applied with `.with(...)`."
        ));
        extra.push(quote!(#[doc = r""] #[doc = #line]));
    }
    if let Some(line) = updatable(op) {
        extra.push(quote!(#[doc = r""] #[doc = #line]));
    }
    // Binary content: `*/*` rather than JSON, and `.download()` streams it.
    let content = op.method == "GET"
        && op.response.as_ref().and_then(|r| r.ty.as_deref()) == Some("Edm.Stream");
    let body_call = if content {
        let line = DocLine(
            " Answers the content: `.download()` streams it (through the redirect, without the token), `.send()` reads it whole.".to_string(),
        );
        extra.push(quote!(#[doc = r""] #[doc = #line]));
        quote!(#body_call.accept_any())
    } else {
        body_call
    };
    let areas = space.operations_areas(std::iter::once(op));
    let cfg = space.cfg_of(areas.as_deref(), builder_areas);
    let lifetime = if root { quote!('_) } else { quote!('a) };
    // The same request with MIME content (`text/plain`) instead of the JSON body.
    let media = op.alternative_content_types.iter().map(|ct| {
        let media = format_ident!("{}_{}", plan.method, media_suffix(ct));
        let line = DocLine(format!(
            " The same request with `{ct}` content (MIME, base64-encoded, as the page documents) instead of the JSON body."
        ));
        quote! {
            #summary
            #[doc = r""]
            #[doc = #line]
            #[doc = r""]
            #(#[doc = #routes])*
            #[doc = r""]
            #[doc = #source]
            #cfg
            #[inline]
            pub fn #media(&self #args, body: ::std::vec::Vec<u8>) -> runtime::Request<#lifetime, #ret> {
                #route.request(runtime::Method::#http, #decode).body_bytes(body, #ct)
            }
        }
    });
    let data = super::permissions::constant(op, &plan.method, &cfg);
    quote! {
        #summary
        #[doc = r""]
        #(#[doc = #routes])*
        #[doc = r""]
        #[doc = #source]
        #permissions
        #(#extra)*
        #(#[doc(alias = #search)])*
        #cfg
        #[inline]
        pub fn #name(&self #args #body_param) -> runtime::Request<#lifetime, #ret> {
            #route.request(runtime::Method::#http, #decode)#body_call
        }
        #(#media)*
        #data
    }
}

/// An update (PATCH) or replacement (PUT) sending a resource's model.
fn is_update(op: &Operation) -> bool {
    matches!(op.method.as_str(), "PATCH" | "PUT")
}

/// What an update of the resource sends: the model struct itself (`&models::Message`)
/// when it has every member the page lists as updatable, else its `Any*` enum, whose
/// derived variants have the others (pages written per derived type) and name their type.
fn update_path(space: &TypeSpace, ty: &str, body: &crate::ir::OperationBody) -> TokenStream {
    let Some(t) = space.get(ty).filter(|_| !ty.starts_with("Edm.")) else {
        return type_path(space, ty);
    };
    let own: HashSet<&str> = space
        .all_properties(t)
        .into_iter()
        .map(|q| q.name.as_str())
        .collect();
    let fits = body
        .properties
        .iter()
        .filter(|p| !p.name.starts_with('@'))
        .all(|p| own.contains(p.name.as_str()));
    match space.rust_name(ty) {
        Some(n) if fits || space.any_name(ty).is_none() => {
            let ident = format_ident!("{}", n);
            quote!(models::#ident)
        }
        _ => type_path(space, ty),
    }
}

/// The Rust type of a primitive answer (`$count`), when it has one.
fn primitive_path(ty: &str) -> Option<TokenStream> {
    Some(match ty {
        "Edm.Int64" | "Edm.Int32" | "Edm.Int16" => quote!(i64),
        "Edm.Boolean" => quote!(bool),
        "Edm.Double" | "Edm.Single" => quote!(f64),
        "Edm.String" => quote!(::std::string::String),
        _ => return None,
    })
}

/// `text/plain` → `mime`: the suffix of the method sending that content type.
fn media_suffix(content_type: &str) -> String {
    match content_type {
        "text/plain" => "mime".to_string(),
        other => names::snake(other.rsplit('/').next().unwrap_or(other)),
    }
}

/// The members an update's page lists as updatable, for its doc comment.
fn updatable(op: &Operation) -> Option<DocLine> {
    let b = op
        .body
        .as_ref()
        .filter(|b| b.ty.is_some() && is_update(op))?;
    if b.properties.is_empty() {
        return None;
    }
    let names: Vec<String> = b
        .properties
        .iter()
        .map(|p| format!("`{}`", p.name))
        .collect();
    Some(DocLine(format!(
        " Sends the resource's model: set only what changes. The page lists as updatable: {}.",
        names.join(", ")
    )))
}

/// The routes rustdoc's search finds the method by (`/users/{user-id}/messages`, and
/// `/me/messages` when the docs list it): search matches an alias against the whole query,
/// so a URL pasted from the docs or Graph Explorer leads to its method. rustdoc rejects
/// quotes in an alias, so function arguments are written without them (`search(q={q})`).
pub fn doc_aliases(op: &Operation) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for route in std::iter::once(&op.path).chain(&op.aliases) {
        let alias: String = route
            .chars()
            .filter(|c| !matches!(c, '"' | '\'') && (*c == ' ' || !c.is_whitespace()))
            .collect();
        let alias = alias.trim().to_string();
        if !alias.is_empty() && !out.contains(&alias) {
            out.push(alias);
        }
    }
    out
}
