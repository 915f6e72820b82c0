//! Client methods: one per operation, returning a request the caller can refine and send.

use super::models::doc_attr;
use super::names::{self, Unique};
use super::TypeSpace;
use crate::ir::{Ir, Operation, Parameter, ParameterIn, UNTYPED};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Names decided before any tokens are written, so models and methods agree.
pub struct OperationPlan<'a> {
    pub op: &'a Operation,
    pub method: String,
    /// The struct emitted for an inline (action parameter) body.
    pub body_struct: Option<String>,
    /// The struct emitted for the operation's own query parameters and headers.
    pub options_struct: Option<String>,
    /// Path segments: literal text or a parameter with its Rust name.
    pub path_params: Vec<String>,
}

pub fn plan(ir: &Ir) -> Vec<OperationPlan<'_>> {
    let mut methods = Unique::default();
    // Names the client type already uses.
    for taken in ["builder", "new", "request", "base_url", "clone", "fmt"] {
        methods.reserve(taken);
    }
    let mut plans = Vec::new();
    for op in &ir.operations {
        let method = methods.claim(names::snake(&op.name), "_");
        let body_struct = op
            .body
            .as_ref()
            .filter(|b| b.ty.is_none() && !b.properties.is_empty())
            .map(|_| format!("{}Body", names::pascal(&op.name)));
        let options_struct =
            (!options(op).is_empty()).then(|| format!("{}Options", names::pascal(&op.name)));
        plans.push(OperationPlan {
            op,
            method,
            body_struct,
            options_struct,
            path_params: path_param_names(&op.path),
        });
    }
    plans
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

/// Rust names for a path's parameters: `/calls/{id}/participants/{id}` →
/// `call_id`, `participant_id`.
pub fn path_param_names(path: &str) -> Vec<String> {
    let mut unique = Unique::default();
    unique.reserve("body");
    unique.reserve("content_type");
    let segments: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let mut rest = *seg;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let raw = &rest[open + 1..open + close];
            rest = &rest[open + close + 1..];
            // `{id | userPrincipalName}`: the first alternative names it.
            let raw = raw.split('|').next().unwrap_or(raw).trim();
            let generic = raw.is_empty() || raw.eq_ignore_ascii_case("id");
            let base = if generic && i > 0 && !segments[i - 1].contains('{') {
                format!("{}_id", singular(&names::snake(segments[i - 1])))
            } else {
                names::snake(raw)
            };
            out.push(unique.claim(base, "_"));
        }
    }
    out
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses")
        || word.ends_with("ches")
        || word.ends_with("shes")
        || word.ends_with("xes")
    {
        word[..word.len() - 2].to_string()
    } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        stem.to_string()
    } else {
        word.to_string()
    }
}

/// The path as a format string: `{id}` placeholders become `{}`, braces elsewhere are escaped.
fn format_string(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open].replace('}', "}}"));
        out.push_str("{}");
        rest = &rest[open + close + 1..];
    }
    out.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    out
}

pub fn methods(space: &TypeSpace, plans: &[OperationPlan]) -> TokenStream {
    wrap(plans.iter().map(|p| method(space, p)))
}

/// `impl runtime::Client { ... }` around the given methods.
pub fn wrap(methods: impl Iterator<Item = TokenStream>) -> TokenStream {
    quote! {
        impl runtime::Client {
            #(#methods)*
        }
    }
}

fn type_path(space: &TypeSpace, ty: &str) -> TokenStream {
    match ty {
        UNTYPED => quote!(::serde_json::Value),
        t if t.starts_with("Edm.") => quote!(::serde_json::Value),
        t => match space.any_name(t).or_else(|| space.rust_name(t)) {
            Some(n) => {
                let ident = format_ident!("{}", n);
                quote!(models::#ident)
            }
            None => quote!(::serde_json::Value),
        },
    }
}

pub fn method(space: &TypeSpace, plan: &OperationPlan) -> TokenStream {
    let op = plan.op;
    let name = names::value_ident(&plan.method);
    let http = format_ident!("{}", op.method.to_ascii_uppercase());
    let params: Vec<proc_macro2::Ident> = plan
        .path_params
        .iter()
        .map(|p| names::value_ident(p))
        .collect();
    let path = if params.is_empty() {
        let p = &op.path;
        quote!(::std::string::String::from(#p))
    } else {
        let fmt = format_string(&op.path);
        quote!(::std::format!(#fmt, #(runtime::encode_segment(#params)),*))
    };
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
                (None, Some(t)) => type_path(space, t),
                (None, None) => quote!(::serde_json::Value),
            };
            let ty = if b.collection { quote!([#ty]) } else { ty };
            (quote!(, body: &#ty), quote!(.json(body)))
        }
        None => (quote!(), quote!()),
    };
    let (ret, decode) = match &op.response {
        Some(r) => match r.ty.as_deref() {
            Some("Edm.Stream") => (quote!(::bytes::Bytes), quote!(runtime::decode_bytes)),
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
    let route = format!(" `{} {}`", op.method, op.path);
    let source = format!(" Documented in `{}`.", op.source);
    let params_decl = params.iter().map(|p| quote!(, #p: &str));
    // The documented query parameters and headers live in the options struct.
    let mut extra = Vec::new();
    if let Some(o) = &plan.options_struct {
        let line = format!(
            " Documented query parameters and headers: [`models::{o}`], applied with `.with(...)`."
        );
        extra.push(quote!(#[doc = ""] #[doc = #line]));
    }
    let cfg = space.cfg_for_operation(op);
    quote! {
        #summary
        #[doc = ""]
        #[doc = #route]
        #[doc = ""]
        #[doc = #source]
        #(#extra)*
        #cfg
        pub fn #name(&self #(#params_decl)* #body_param) -> runtime::Request<'_, #ret> {
            self.request(::reqwest::Method::#http, #path, #decode)#body_call
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_get_readable_names() {
        assert_eq!(
            path_param_names("/communications/calls/{id}/participants/{id}"),
            ["call_id", "participant_id"]
        );
        assert_eq!(
            path_param_names("/users/{id | userPrincipalName}/photo"),
            ["user_id"]
        );
        assert_eq!(
            path_param_names("/sites/{site-id}/lists/{list-id}"),
            ["site_id", "list_id"]
        );
        assert_eq!(
            path_param_names("/policies/{id}/body/{body}"),
            ["policy_id", "body_2"]
        );
    }

    #[test]
    fn format_strings() {
        assert_eq!(
            format_string("/a/{id}/range(address='{address}')"),
            "/a/{}/range(address='{}')"
        );
    }
}
