//! The API a generated file exposes, read back from its code: the models (by the OData
//! name their doc comment gives), their fields (by JSON name), enum members (by the
//! strings `as_str` writes) and client operations (by the `METHOD /path` line of their
//! doc comment). Both sides of a drift check are read the same way, so what differs is
//! what changed, and [`crate::diff`] names it.

use crate::ir::{Ir, Kind, Member, Operation, Property, Type};
use quote::ToTokens;
use std::collections::BTreeMap;

/// A mini-IR of the code: types and operations, types written as Rust types.
pub fn read(code: &str) -> Ir {
    let mut ir = Ir::default();
    let Ok(file) = syn::parse_file(code) else {
        return ir;
    };
    let mut enums: BTreeMap<String, Vec<String>> = BTreeMap::new();
    collect_members(&file.items, &mut enums);
    let mut wire = Wire::new();
    collect_wire_names(&file.items, &mut wire);
    walk(&file.items, &enums, &wire, &mut ir);
    ir
}

fn doc(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The name in backticks after `marker` in a doc comment: `OData type `x``.
fn named(doc: &[String], marker: &str) -> Option<String> {
    doc.iter().find_map(|l| {
        let rest = &l[l.find(marker)? + marker.len()..];
        let rest = rest.trim_start().strip_prefix('`')?;
        Some(rest[..rest.find('`')?].to_string())
    })
}

fn walk(items: &[syn::Item], enums: &BTreeMap<String, Vec<String>>, wire: &Wire, ir: &mut Ir) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    walk(inner, enums, wire, ir);
                }
            }
            syn::Item::Struct(s) => {
                let d = doc(&s.attrs);
                let name = named(&d, "OData type").unwrap_or_else(|| s.ident.to_string());
                let names = wire.get(&s.ident.to_string());
                let properties = s.fields.iter().filter_map(|f| field(f, names)).collect();
                ir.types.push(Type {
                    name,
                    kind: Kind::Complex,
                    base: None,
                    is_abstract: false,
                    open: false,
                    description: None,
                    properties,
                    annotations: Vec::new(),
                    members: Vec::new(),
                    source: String::new(),
                    area: None,
                });
            }
            syn::Item::Enum(e) => {
                let d = doc(&e.attrs);
                let Some(name) = named(&d, "OData enum") else {
                    continue;
                };
                let members = enums
                    .get(&e.ident.to_string())
                    .into_iter()
                    .flatten()
                    .map(|m| Member {
                        name: m.clone(),
                        description: None,
                    })
                    .collect();
                ir.types.push(Type {
                    name,
                    kind: Kind::Enum,
                    base: None,
                    is_abstract: false,
                    open: false,
                    description: None,
                    properties: Vec::new(),
                    annotations: Vec::new(),
                    members,
                    source: String::new(),
                    area: None,
                });
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                for f in i.items.iter().filter_map(|ii| match ii {
                    syn::ImplItem::Fn(f) => Some(f),
                    _ => None,
                }) {
                    if let Some(op) = operation(f) {
                        ir.operations.push(op);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Per struct, its fields' JSON names as its hand-written `Serialize` impl writes them
/// (`object::entry(&mut map, "jsonName", &self.field)`).
type Wire = BTreeMap<String, BTreeMap<String, String>>;

fn collect_wire_names(items: &[syn::Item], out: &mut Wire) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_wire_names(inner, out);
                }
            }
            syn::Item::Impl(i) => {
                let Some((path, _)) = &i.trait_ else {
                    continue;
                };
                if path.segments.last().is_none_or(|s| s.ident != "Serialize") {
                    continue;
                }
                let syn::Type::Path(ty) = &*i.self_ty else {
                    continue;
                };
                let Some(name) = ty.path.segments.last() else {
                    continue;
                };
                let mut tokens = Vec::new();
                flatten(i.to_token_stream(), &mut tokens);
                let names = out.entry(name.ident.to_string()).or_default();
                entries(&tokens, names);
            }
            _ => {}
        }
    }
}

/// The tokens of a stream with groups opened, their delimiters dropped.
fn flatten(stream: proc_macro2::TokenStream, out: &mut Vec<proc_macro2::TokenTree>) {
    for t in stream {
        match t {
            proc_macro2::TokenTree::Group(g) => flatten(g.stream(), out),
            t => out.push(t),
        }
    }
}

/// `"jsonName" , & self . field` anywhere in the tokens: field → JSON name.
fn entries(tokens: &[proc_macro2::TokenTree], out: &mut BTreeMap<String, String>) {
    use proc_macro2::TokenTree as T;
    for w in tokens.windows(6) {
        let (
            T::Literal(lit),
            T::Punct(c),
            T::Punct(amp),
            T::Ident(this),
            T::Punct(dot),
            T::Ident(f),
        ) = (&w[0], &w[1], &w[2], &w[3], &w[4], &w[5])
        else {
            continue;
        };
        if c.as_char() != ',' || amp.as_char() != '&' || this != "self" || dot.as_char() != '.' {
            continue;
        }
        if let Ok(s) = syn::parse2::<syn::LitStr>(T::Literal(lit.clone()).into()) {
            out.insert(f.to_string(), s.value());
        }
    }
}

/// A field by its JSON name, typed as the Rust type inside its `Option`. With `names`
/// (the struct serializes by hand), a field it does not write is no property.
fn field(f: &syn::Field, names: Option<&BTreeMap<String, String>>) -> Option<Property> {
    let ident = f.ident.as_ref()?.to_string();
    let mut rename = match names {
        Some(n) => Some(n.get(&ident).cloned().unwrap_or_default()),
        None => None,
    };
    for a in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|m| {
            if m.path.is_ident("rename") {
                if let Ok(v) = m.value().and_then(|v| v.parse::<syn::LitStr>()) {
                    rename = Some(v.value());
                }
            } else if m.path.is_ident("flatten") {
                rename = Some(String::new());
            } else if m.input.peek(syn::Token![=]) {
                let _ = m.value().and_then(|v| v.parse::<syn::Expr>());
            }
            Ok(())
        });
    }
    let name = rename.unwrap_or_else(|| ident.trim_start_matches("r#").to_string());
    if name.is_empty() || name.starts_with('@') {
        return None;
    }
    let ty = type_text(option_inner(&f.ty).unwrap_or(&f.ty));
    Some(Property {
        name,
        ty,
        collection: false,
        nullable: true,
        navigation: false,
        description: None,
        source: None,
    })
}

/// `T` of `Option<T>`, read from the syntax: prettyplease breaks a long `Option<…>` over
/// lines with a trailing comma (`Option<\n    Vec<X>,\n>`), which text stripping kept.
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match (last.ident == "Option", args.args.len(), args.args.first()) {
        (true, 1, Some(syn::GenericArgument::Type(t))) => Some(t),
        _ => None,
    }
}

/// A type as one line with no spaces, and no trailing commas in its generic arguments.
fn type_text(ty: &syn::Type) -> String {
    ty.to_token_stream()
        .to_string()
        .replace(' ', "")
        .replace(",>", ">")
}

/// A client method whose doc comment names its route: `` `POST /x/{id}` ``, and
/// `Documented in `api/x.md:12``.
fn operation(f: &syn::ImplItemFn) -> Option<Operation> {
    let d = doc(&f.attrs);
    let (method, path) = d.iter().find_map(|l| {
        let l = l.trim().strip_prefix('`')?.strip_suffix('`')?;
        let (m, p) = l.split_once(' ')?;
        (m.bytes().all(|b| b.is_ascii_uppercase()) && p.starts_with('/'))
            .then(|| (m.to_string(), p.to_string()))
    })?;
    Some(Operation {
        alternative_content_types: Vec::new(),
        name: f.sig.ident.to_string(),
        method,
        path,
        description: None,
        parameters: Vec::new(),
        body: None,
        response: None,
        source: named(&d, "Documented in").unwrap_or_default(),
        area: None,
        aliases: Vec::new(),
        pages: Vec::new(),
        permissions: Vec::new(),
    })
}

/// Enum name → the strings its `as_str` writes.
fn collect_members(items: &[syn::Item], out: &mut BTreeMap<String, Vec<String>>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_members(inner, out);
                }
            }
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = i.self_ty.to_token_stream().to_string();
                for ii in &i.items {
                    let syn::ImplItem::Fn(f) = ii else { continue };
                    if f.sig.ident != "as_str" {
                        continue;
                    }
                    for stmt in &f.block.stmts {
                        if let syn::Stmt::Expr(syn::Expr::Match(m), _) = stmt {
                            let names = m.arms.iter().filter_map(|a| match &*a.body {
                                syn::Expr::Lit(syn::ExprLit {
                                    lit: syn::Lit::Str(s),
                                    ..
                                }) => Some(s.value()),
                                _ => None,
                            });
                            out.entry(self_ty.clone()).or_default().extend(names);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Where the docs state what a change names, from the fresh IR: `type`, or
/// `type.property` (found on the type or, for an inherited one, on its base).
pub fn locate(fresh: &Ir, subject: &str) -> Option<(String, Option<String>)> {
    let ty = |name: &str| fresh.types.iter().find(|t| t.name == name);
    if let Some(t) = ty(subject) {
        return Some((t.source.clone(), None));
    }
    let (owner, prop) = subject.rsplit_once('.')?;
    let first = ty(owner)?;
    let mut t = first;
    for _ in 0..16 {
        if let Some(p) = t.properties.iter().find(|p| p.name == prop) {
            let s = crate::diff::short(&p.ty);
            let shown = if p.collection {
                format!("Collection({s})")
            } else {
                s.to_string()
            };
            return Some((
                p.source.clone().unwrap_or_else(|| t.source.clone()),
                Some(shown),
            ));
        }
        match t.base.as_deref().and_then(ty) {
            Some(b) => t = b,
            None => break,
        }
    }
    Some((first.source.clone(), None))
}

#[cfg(test)]
mod type_text_tests {
    #[test]
    fn a_long_option_broken_over_lines_has_no_stray_comma() {
        // As prettyplease writes a field too long for one line.
        let code = "pub struct S {\n    pub multi_value_extended_properties: Option<\n        Vec<MultiValueLegacyExtendedProperty>,\n    >,\n}";
        let item: syn::ItemStruct = syn::parse_str(code).unwrap();
        let field = item.fields.iter().next().unwrap();
        let p = super::field(field, None).unwrap();
        assert_eq!(p.ty, "Vec<MultiValueLegacyExtendedProperty>");
    }
}
