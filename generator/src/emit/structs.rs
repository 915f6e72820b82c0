//! Model structs: the struct with a field per property, its `Object` impl (reading a
//! property by its JSON name) and its `Serialize` impl, all three keeping what the docs
//! do not describe, and its `Clone` and `Default` impls.
//!
//! Everything but the members is the same from one struct to the next, so the frame is
//! written once as tokens and the members are built as syntax and spliced in (see
//! [`super::syntax`]); the four impls are parsed once per thread and cloned (see
//! [`super::frames`]).

use super::doc_line::DocLine;
use super::models::{
    doc_attr, doc_lines, field_names, field_type, model_impls, notation, FieldType, Notation,
};
use super::names::{self, Unique};
use super::syntax;
use super::window::{Names, Notations, Window};
use super::TypeSpace;
use crate::ir::{Property, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::borrow::Cow;
use syn::Item;

pub(super) fn struct_item(
    space: &TypeSpace,
    t: &Type,
    window: Option<&Window>,
) -> (TokenStream, Option<Members>) {
    let name = space
        .rust_name(&t.name)
        .expect("every type has a Rust name");
    let mut doc = doc_attr(t.description.as_deref());
    let odata = DocLine(format!(" OData type `{}`.", t.name));
    if doc.is_empty() {
        doc = quote!(#[doc = #odata]);
    } else {
        doc = quote!(#doc #[doc = r""] #[doc = #odata]);
    }
    let all;
    let props = match window {
        Some(w) => &w.names.props,
        None => {
            all = space.all_properties(t);
            &all
        }
    };
    let annotations = space.all_annotations(t);
    let shape = Shape {
        name,
        owner: &t.name,
        doc,
        props,
        annotations: &annotations,
        open: t.open,
    };
    struct_tokens(space, &shape, window)
}

/// What a model struct is made of: a type's, or an operation's request body's.
pub(super) struct Shape<'s, 'a> {
    /// The Rust name.
    pub name: &'s str,
    /// The OData type that owns the properties (a field that closes a cycle through it is
    /// boxed); empty for a request body.
    pub owner: &'s str,
    pub doc: TokenStream,
    pub props: &'s [&'a Property],
    pub annotations: &'s [&'a Property],
    /// An open type: its unknown members are documented as properties, not annotations.
    pub open: bool,
}

/// A struct's fields, their arms in `read_property` and their entries in `serialize`, built
/// as syntax (see [`super::syntax`]) for the frame [`struct_tokens`] writes around them.
pub(super) struct Members {
    fields: Vec<syn::Field>,
    reads: Vec<syn::Arm>,
    writes: Vec<syn::Stmt>,
    /// Its values in `clone`'s struct expression, then in `default`'s.
    values: [Vec<syn::FieldValue>; 2],
    /// The struct's `Object`, `Serialize`, `Clone` and `Default` impls (see [`super::frames`]).
    impls: [Item; 4],
}

impl Members {
    /// Puts the impls after the struct, gated by `cfg` as the frame's items are, and the
    /// members into the struct (before its unknown-member map), the `read_property` match
    /// (before the catch-all arm), `serialize` (after the map is opened) and the struct
    /// expressions of `clone` and `default` (before the map).
    pub(super) fn splice(self, items: &mut Vec<Item>, cfg: &TokenStream) -> Result<(), String> {
        let cfg = syntax::attributes(cfg.clone())?;
        for (at, mut imp) in (1..).zip(self.impls) {
            if let Item::Impl(i) = &mut imp {
                i.attrs.extend(cfg.iter().cloned());
            }
            items.insert(at.min(items.len()), imp);
        }
        let broken = || "internal error: a struct frame of another shape".to_string();
        let [Item::Struct(s), read, write, clone, default, ..] = &mut items[..] else {
            return Err(broken());
        };
        let syn::Fields::Named(named) = &mut s.fields else {
            return Err(broken());
        };
        let extra = named.named.pop().ok_or_else(broken)?;
        named.named.extend(self.fields);
        named.named.push(extra);
        let read = &mut syntax::first_fn(read).ok_or_else(broken)?.stmts;
        let Some(syn::Stmt::Expr(syn::Expr::Match(m), _)) = read.last_mut() else {
            return Err(broken());
        };
        let rest = m.arms.pop().ok_or_else(broken)?;
        m.arms.extend(self.reads);
        m.arms.push(rest);
        let write = &mut syntax::first_fn(write).ok_or_else(broken)?.stmts;
        if write.len() < 2 {
            return Err(broken());
        }
        let rest = write.split_off(2);
        write.extend(self.writes);
        write.extend(rest);
        for (item, values) in [clone, default].into_iter().zip(self.values) {
            let body = &mut syntax::first_fn(item).ok_or_else(broken)?.stmts;
            let Some(syn::Stmt::Expr(syn::Expr::Struct(e), _)) = body.last_mut() else {
                return Err(broken());
            };
            let extra = e.fields.pop().ok_or_else(broken)?;
            e.fields.extend(values);
            e.fields.push(extra);
        }
        Ok(())
    }
}

pub(super) fn struct_tokens(
    space: &TypeSpace,
    shape: &Shape,
    window: Option<&Window>,
) -> (TokenStream, Option<Members>) {
    let Shape {
        name,
        owner,
        doc,
        props,
        annotations,
        open,
    } = shape;
    let rt = space.rt();
    let ident = names::type_ident(name);
    let names = window.map_or_else(
        || Cow::Owned(struct_names(props)),
        |w| Cow::Borrowed(w.names),
    );
    let mut members = Members {
        fields: Vec::new(),
        reads: Vec::new(),
        writes: Vec::new(),
        values: [Vec::new(), Vec::new()],
        impls: super::frames::impls(&space.runtime, names.notations.used, &names.extra, &ident),
    };
    // The window's members come between cuts; `@odata.type` and the rest, after them.
    let cut = |m: &mut Members, n: usize| {
        if let Some(c) = super::window::cut_members(window, n) {
            m.fields.push(c.field);
            m.reads.push(c.arm);
            m.writes.push(c.stmt);
            let [clone, default] = c.values;
            m.values[0].push(clone);
            m.values[1].push(default);
        }
    };
    let field = |m: &mut Members,
                 docs: Vec<syn::Attribute>,
                 field_ident: proc_macro2::Ident,
                 json: &str,
                 ty: TokenStream,
                 notation: Notation,
                 copy: bool| {
        let (read, write) = notation.functions();
        m.reads.push(syntax::read_arm(json, &read, &field_ident));
        m.writes
            .push(syntax::write_stmt(&write, json, &field_ident));
        m.values[0].push(syntax::clone_value(&field_ident, copy));
        m.values[1].push(syntax::none_value(&field_ident));
        m.fields
            .push(syntax::field(docs, field_ident, syntax::option(ty)));
    };
    cut(&mut members, 0);
    // `@odata.type` names the concrete type of a value, needed to tell derived types apart.
    let shown = window.map_or(0..names.members.len(), |w| w.range.clone());
    for (i, name) in &names.members[shown] {
        let p = names.props[*i];
        let FieldType { ty, notation, copy } = field_type(space, owner, p);
        let docs = doc_lines(p.description.as_deref());
        let docs = docs.iter().map(syntax::doc).collect();
        field(
            &mut members,
            docs,
            names::value_ident(name),
            &p.name,
            ty,
            notation,
            copy,
        );
    }
    cut(&mut members, 1);
    if let Some(odata) = &names.odata {
        let doc = DocLine::new(
            " The concrete OData type of this value (`#microsoft.graph.x`), when the service names it.",
        );
        let docs = vec![syntax::doc(&doc)];
        let f = names::value_ident(odata);
        field(
            &mut members,
            docs,
            f,
            "@odata.type",
            quote!(String),
            Notation::Json,
            false,
        );
    }
    let extra = names::value_ident(&names.extra);
    let extra_doc = DocLine::new(if *open {
        " Properties beyond the documented ones (this is an open type), and instance annotations such as `@odata.etag`."
    } else {
        " Instance annotations such as `@odata.etag`, and properties these docs do not describe: kept, and written back."
    });
    let accessors = super::annotations::accessors(space, &ident, &extra, annotations);
    let alike = model_impls(space, &ident);
    let frame = quote! {
        #doc
        pub struct #ident {
            #[doc = #extra_doc]
            pub #extra: #rt::odata::AdditionalData,
        }

        #alike

        #accessors
    };
    (frame, Some(members))
}

/// A struct's field names for `props` (see [`field_names`]), then its `@odata.type` field's
/// (unless a property is that) and its unknown-member map's.
pub fn struct_names<'a>(props: &[&'a Property]) -> Names<'a> {
    let mut unique = Unique::default();
    let members = field_names(&mut unique, props);
    // `@odata.type` names the concrete type of a value, needed to tell derived types apart.
    let odata = (!props.iter().any(|p| p.name == "@odata.type"))
        .then(|| unique.claim("odata_type".into(), "_"));
    let extra = unique.claim("additional_data".into(), "_");
    let mut notations = Notations::default();
    // The `@odata.type` field is JSON.
    notations.used[Notation::Json as usize] = odata.is_some();
    for (i, _) in &members {
        notations.used[notation(props[*i]) as usize] = true;
    }
    Names {
        props: props.to_vec(),
        members,
        odata,
        extra,
        notations,
    }
}
