//! Models: one struct per complex or entity type, one forward-compatible enum per enum.

use super::any::any_item;
use super::client::OperationPlan;
use super::doc_line::DocLine;
use super::enums::{enum_item, enum_names};
use super::names::{self, Unique};
use super::structs::{struct_item, struct_names, struct_tokens, Members, Shape};
use super::syntax;
use super::window::{Names, Window};
use super::TypeSpace;
use crate::ir::{Kind, Property, UNTYPED};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use std::cmp::Reverse;
use std::collections::HashMap;
use syn::Item;

/// One item of the `models` module. Jobs are plain data, so they can be handed to other
/// threads; each thread builds its own tokens (token streams cannot cross threads).
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Type(usize),
    Any(usize),
    Body(usize),
    Options(usize),
}

/// The items of the `models` module, in order.
pub fn jobs(space: &TypeSpace, ops: &[OperationPlan]) -> Vec<Job> {
    let mut jobs: Vec<Job> = (0..space.ir.types.len())
        .filter(|&i| space.rust_name(&space.ir.types[i].name).is_some())
        .map(Job::Type)
        .collect();
    jobs.extend((0..space.polymorphic().count()).map(Job::Any));
    jobs.extend(
        ops.iter()
            .enumerate()
            .filter(|(_, op)| op.body_struct.is_some() && op.op.body.is_some())
            .map(|(i, _)| Job::Body(i)),
    );
    jobs.extend(
        ops.iter()
            .enumerate()
            .filter(|(_, op)| !op.options_sharers.is_empty())
            .map(|(i, _)| Job::Options(i)),
    );
    jobs
}

pub fn item(space: &TypeSpace, ops: &[OperationPlan], job: Job) -> Result<Vec<Item>, String> {
    item_window(space, ops, job, None)
}

/// How many members an item lists at most (a struct's fields with its bases', an enum's
/// variants): what decides whether it is formatted in windows. An upper bound is enough,
/// since windows format the same text, and it costs no lookups per property.
pub fn members(space: &TypeSpace, ops: &[OperationPlan], job: Job) -> usize {
    match job {
        Job::Type(i) => {
            let t = &space.ir.types[i];
            match t.kind {
                Kind::Enum => t.members.len(),
                _ => space.base_chain(t).map(|b| b.properties.len()).sum(),
            }
        }
        Job::Body(i) => ops[i].op.body.as_ref().map_or(0, |b| b.properties.len()),
        Job::Any(_) | Job::Options(_) => 0,
    }
}

/// [`item`] with only the members in `window` and cuts around its lists (see
/// [`super::window`]); `None` is the whole item, without cuts.
pub fn item_window(
    space: &TypeSpace,
    ops: &[OperationPlan],
    job: Job,
    window: Option<&Window>,
) -> Result<Vec<Item>, String> {
    let cfg = match job {
        Job::Type(i) => space.cfg(&space.ir.types[i].name),
        Job::Any(i) => space
            .polymorphic()
            .nth(i)
            .map_or_else(TokenStream::new, |(base, _)| space.cfg_any(base)),
        Job::Body(i) => space.cfg_for_operation(ops[i].op),
        Job::Options(i) => {
            let sharers = ops[i].options_sharers.iter().map(|&s| ops[s].op);
            space.cfg_of(space.operations_areas(sharers).as_deref(), None)
        }
    };
    let (tokens, members) = item_tokens(space, ops, job, window);
    // Gating puts attributes on the frame's items only, so the members still go where
    // the frame has them.
    let mut items = syntax::file(super::gate::items(&cfg, tokens))?.items;
    if let Some(members) = members {
        members.splice(&mut items, &cfg)?;
    }
    Ok(items)
}

fn item_tokens(
    space: &TypeSpace,
    ops: &[OperationPlan],
    job: Job,
    window: Option<&Window>,
) -> (TokenStream, Option<Members>) {
    match job {
        Job::Type(i) => {
            let t = &space.ir.types[i];
            match t.kind {
                Kind::Enum => (enum_item(space, t, window), None),
                Kind::Entity | Kind::Complex => struct_item(space, t, window),
            }
        }
        Job::Any(i) => {
            let (base, derived) = space
                .polymorphic()
                .nth(i)
                .expect("job indexes a polymorphic type");
            (any_item(space, base, derived), None)
        }
        Job::Body(i) => {
            let op = &ops[i];
            let (Some(name), Some(body)) = (&op.body_struct, &op.op.body) else {
                return (quote!(), None);
            };
            let doc = doc_attr(Some(&format!("The request body of `{}`.", op.route())));
            let props: Vec<&Property> = body.properties.iter().collect();
            let shape = Shape {
                name,
                owner: "",
                doc,
                props: &props,
                annotations: &[],
                open: false,
            };
            struct_tokens(space, &shape, window)
        }
        Job::Options(i) => (options_item(space, ops, i), None),
    }
}

/// `XOptions`: the query parameters and headers that operation `lead` and those sharing
/// its struct document, typed where the docs give a type, and how they go onto a request.
fn options_item(space: &TypeSpace, ops: &[OperationPlan], lead: usize) -> TokenStream {
    let op = &ops[lead];
    let Some(name) = &op.options_struct else {
        return quote!();
    };
    let rt = space.rt();
    let ident = format_ident!("{}", name);
    let doc = DocLine(match op.options_sharers.len() {
        1 => format!(
            " Query parameters and headers `{}` documents. Apply with `.with(...)`.",
            op.route()
        ),
        n => format!(
            " Query parameters and headers that {n} operations document, such as `{}`. Apply with `.with(...)`.",
            op.route()
        ),
    });
    let mut unique = Unique::default();
    let mut fields = Vec::new();
    let mut sets = Vec::new();
    let params = super::client::options(op.op);
    let descriptions = shared_descriptions(ops, &op.options_sharers, params.len());
    for (p, description) in params.into_iter().zip(descriptions) {
        let field = names::value_ident(&unique.claim(names::snake(&p.name), "_"));
        let ty = match (p.ty.as_str(), p.collection) {
            ("Edm.Int32", false) => quote!(i32),
            ("Edm.Int64", false) => quote!(i64),
            ("Edm.Boolean", false) => quote!(bool),
            ("Edm.Double", false) => quote!(f64),
            _ => quote!(String),
        };
        let where_ = match p.location {
            crate::ir::ParameterIn::Header => "Header",
            _ => "Query parameter",
        };
        let text = DocLine(match description {
            Some(d) => format!(" {where_} `{}`: {}", p.name, super::doc_line::prose(&d)),
            _ => format!(" {where_} `{}`.", p.name),
        });
        fields.push(quote! {
            #[doc = #text]
            pub #field: Option<#ty>,
        });
        let wire = &p.name;
        sets.push(match p.location {
            crate::ir::ParameterIn::Header => quote! {
                if let Some(value) = self.#field {
                    request = request.header(#wire, &value.to_string());
                }
            },
            _ => quote! {
                if let Some(value) = self.#field {
                    request = request.query(#wire, value);
                }
            },
        });
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #ident {
            #(#fields)*
        }

        impl #rt::Options for #ident {
            fn apply<'a, T>(self, mut request: #rt::Request<'a, T>) -> #rt::Request<'a, T> {
                #(#sets)*
                request
            }
        }
    }
}

/// For each options parameter, the description most of `sharers` give (the first in route
/// order among equals), whitespace folded; `None` where none gives one. Each sharer's
/// parameters are listed once.
fn shared_descriptions(ops: &[OperationPlan], sharers: &[usize], n: usize) -> Vec<Option<String>> {
    // Per parameter, each text: how many give it, and where it first comes (the tie-break).
    let mut counts: Vec<HashMap<String, (usize, Reverse<usize>)>> = vec![HashMap::new(); n];
    for (at, &s) in sharers.iter().enumerate() {
        for (k, p) in super::client::options(ops[s].op)
            .into_iter()
            .enumerate()
            .take(n)
        {
            let Some(d) = p.description.as_deref() else {
                continue;
            };
            let d = d.split_whitespace().collect::<Vec<_>>().join(" ");
            if !d.is_empty() {
                counts[k].entry(d).or_insert((0, Reverse(at))).0 += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|c| c.into_iter().max_by_key(|(_, c)| *c).map(|(d, _)| d))
        .collect()
}

/// `pub mod models { ... }` around the given items. A binary crate including the module
/// uses part of the API; the rest is not dead code of its own, so it is not reported.
pub fn wrap(items: Vec<Item>) -> syn::File {
    let frame = quote! {
        /// The types the API exchanges.
        #[allow(dead_code)]
        pub mod models {}
    };
    let mut file: syn::File = syn::parse2(frame).expect("the models frame parses");
    if let Some(Item::Mod(syn::ItemMod {
        content: Some((_, content)),
        ..
    })) = file.items.first_mut()
    {
        *content = items;
    }
    file
}

pub fn module(space: &TypeSpace, ops: &[OperationPlan]) -> Result<TokenStream, String> {
    let mut items = Vec::new();
    for job in jobs(space, ops) {
        items.extend(item(space, ops, job)?);
    }
    Ok(wrap(items).into_token_stream())
}

/// `#[doc = "..."]` lines from a description, if there is one.
pub fn doc_attr(text: Option<&str>) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// A description's doc lines: none when there is no text.
pub(super) fn doc_lines(text: Option<&str>) -> Vec<DocLine> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    super::doc_line::prose(text)
        .lines()
        .map(|l| DocLine(format!(" {}", l.trim_end())))
        .collect()
}

/// `Deserialize` through the `Object` impl and `Debug` as the type's name and its JSON (the
/// runtime's `model_impls!`), and `PartialEq` as the same JSON (`model_eq!`), behind the
/// `partial-eq` feature in a crate gated by area. Derived, `Debug` and `PartialEq` would
/// list every field, in two impls each, for each of thousands of types, printed and
/// compared or not.
pub(super) fn model_impls(space: &TypeSpace, ident: &proc_macro2::Ident) -> TokenStream {
    let rt = space.rt();
    let eq = space.eq_cfg();
    quote! {
        #rt::model_impls!(#ident);
        #eq
        #rt::model_eq!(#ident);
    }
}

/// The properties a struct has a field for, in order, with each field's Rust name: the
/// accessors of an `Any*` enum name a variant's fields through this too, since a derived
/// type's extra properties can take a name first and push a base property's field to
/// `name_2`. A name documented twice is one property on the wire: the first declaration wins.
pub(super) fn field_names(unique: &mut Unique, props: &[&Property]) -> Vec<(usize, String)> {
    let mut seen = std::collections::HashSet::new();
    props
        .iter()
        .enumerate()
        .filter(|(_, p)| seen.insert(p.name.as_str()))
        .map(|(i, p)| (i, unique.claim(names::snake(&p.name), "_")))
        .collect()
}

/// How a field is written in JSON: as serde writes its type, or as text in a notation
/// of its own (one value, or a list of them).
#[derive(Clone, Copy)]
pub(super) enum Notation {
    Json,
    Text,
    TextList,
}

impl Notation {
    pub(super) const ALL: [Notation; 3] = [Notation::Json, Notation::Text, Notation::TextList];

    /// The runtime's `object::fields` functions that read and write a field in this
    /// notation, by the short names the impls import.
    pub(super) fn functions(self) -> (proc_macro2::Ident, proc_macro2::Ident) {
        let (read, write) = match self {
            Notation::Json => ("read", "entry"),
            Notation::Text => ("read_text", "text_entry"),
            Notation::TextList => ("read_text_list", "text_list_entry"),
        };
        (format_ident!("{read}"), format_ident!("{write}"))
    }
}

/// How property `p` is written: OData's own text for dates, times, durations and binary
/// (one value, or a list), else as serde writes its type.
pub(super) fn notation(p: &Property) -> Notation {
    let text = matches!(
        p.ty.as_str(),
        "Edm.DateTimeOffset" | "Edm.Date" | "Edm.TimeOfDay" | "Edm.Duration" | "Edm.Binary"
    );
    match (text, p.collection) {
        (false, _) => Notation::Json,
        (true, false) => Notation::Text,
        (true, true) => Notation::TextList,
    }
}

/// A property's field type (without the `Option`), its notation, and whether the type is
/// `Copy` (a single number, flag, id, date or time): its `clone` copies it, as `self.x`,
/// since `self.x.clone()` is what clippy's `clone_on_copy` reports.
pub(super) struct FieldType {
    pub ty: TokenStream,
    pub notation: Notation,
    pub copy: bool,
}

pub(super) fn field_type(space: &TypeSpace, owner: &str, p: &Property) -> FieldType {
    let rt = space.rt();
    // The type, and whether it is `Copy`.
    let single = |ty: &str, may_box: bool| -> (TokenStream, bool) {
        let copy = |t: TokenStream| (t, true);
        let owned = |t: TokenStream| (t, false);
        match ty {
            "Edm.String" | "Edm.Stream" => owned(quote!(String)),
            "Edm.Boolean" => copy(quote!(bool)),
            "Edm.Int32" => copy(quote!(i32)),
            "Edm.Int64" => copy(quote!(i64)),
            "Edm.Int16" => copy(quote!(i16)),
            "Edm.Byte" => copy(quote!(u8)),
            "Edm.SByte" => copy(quote!(i8)),
            "Edm.Double" | "Edm.Decimal" => copy(quote!(f64)),
            "Edm.Single" => copy(quote!(f32)),
            "Edm.Guid" => copy(quote!(#rt::uuid::Uuid)),
            "Edm.DateTimeOffset" => copy(quote!(#rt::time::OffsetDateTime)),
            "Edm.Date" => copy(quote!(#rt::time::Date)),
            "Edm.TimeOfDay" => copy(quote!(#rt::time::Time)),
            "Edm.Duration" => copy(quote!(#rt::time::Duration)),
            "Edm.Binary" => owned(quote!(Vec<u8>)),
            UNTYPED => owned(quote!(#rt::serde_json::Value)),
            named => owned(
                match space.any_name(named).or_else(|| space.rust_name(named)) {
                    Some(n) => {
                        let ident = format_ident!("{}", n);
                        if may_box && space.is_boxed(owner, named) {
                            quote!(Box<#ident>)
                        } else {
                            quote!(#ident)
                        }
                    }
                    None => quote!(#rt::serde_json::Value),
                },
            ),
        }
    };
    // A Vec already breaks a cycle: no box inside it.
    let (ty, copy) = if p.collection {
        let (t, _) = single(&p.ty, false);
        (quote!(Vec<#t>), false)
    } else {
        single(&p.ty, true)
    };
    FieldType {
        ty,
        notation: notation(p),
        copy,
    }
}

/// The names an item's windows share (see [`super::window`]).
pub fn names<'a>(space: &TypeSpace<'a>, ops: &[OperationPlan<'a>], job: Job) -> Names<'a> {
    match job {
        Job::Type(i) => {
            let t = &space.ir.types[i];
            match t.kind {
                Kind::Enum => enum_names(t),
                _ => struct_names(&space.all_properties(t)),
            }
        }
        Job::Body(i) => {
            let props: Vec<&Property> = ops[i].op.body.iter().flat_map(|b| &b.properties).collect();
            struct_names(&props)
        }
        Job::Any(_) | Job::Options(_) => Names {
            props: Vec::new(),
            members: Vec::new(),
            odata: None,
            extra: String::new(),
            notations: Default::default(),
        },
    }
}
