//! Models: one struct per complex or entity type, one forward-compatible enum per enum.

use super::client::OperationPlan;
use super::names::{self, Unique};
use super::TypeSpace;
use crate::ir::{Kind, Property, Type, UNTYPED};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashMap;

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
            .filter(|(_, op)| op.options_struct.is_some())
            .map(|(i, _)| Job::Options(i)),
    );
    jobs
}

pub fn item(space: &TypeSpace, ops: &[OperationPlan], job: Job) -> TokenStream {
    let cfg = match job {
        Job::Type(i) => space.cfg(&space.ir.types[i].name),
        Job::Any(i) => space
            .polymorphic()
            .nth(i)
            .map_or_else(TokenStream::new, |(base, _)| space.cfg_any(base)),
        Job::Body(i) | Job::Options(i) => space.cfg_for_operation(ops[i].op),
    };
    super::gate::items(&cfg, item_tokens(space, ops, job))
}

fn item_tokens(space: &TypeSpace, ops: &[OperationPlan], job: Job) -> TokenStream {
    match job {
        Job::Type(i) => {
            let t = &space.ir.types[i];
            match t.kind {
                Kind::Enum => enum_item(space, t),
                Kind::Entity | Kind::Complex => struct_item(space, t),
            }
        }
        Job::Any(i) => {
            let (base, derived) = space
                .polymorphic()
                .nth(i)
                .expect("job indexes a polymorphic type");
            any_item(space, base, derived)
        }
        Job::Body(i) => {
            let op = &ops[i];
            let (Some(name), Some(body)) = (&op.body_struct, &op.op.body) else {
                return quote!();
            };
            let doc = doc_attr(Some(&format!("The request body of `{}`.", op.route())));
            let props: Vec<&Property> = body.properties.iter().collect();
            struct_tokens(space, name, "", &doc, &props, &[], false)
        }
        Job::Options(i) => options_item(space, &ops[i]),
    }
}

/// `XOptions`: an operation's own query parameters and headers, typed where the docs give
/// a type, and how they go onto a request.
fn options_item(space: &TypeSpace, op: &OperationPlan) -> TokenStream {
    let Some(name) = &op.options_struct else {
        return quote!();
    };
    let rt = space.rt();
    let ident = format_ident!("{}", name);
    let doc = format!(
        " Query parameters and headers `{}` documents. Apply with `.with(...)`.",
        op.route()
    );
    let mut unique = Unique::default();
    let mut fields = Vec::new();
    let mut sets = Vec::new();
    for p in super::client::options(op.op) {
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
        let text = match p
            .description
            .as_deref()
            .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
        {
            Some(d) if !d.is_empty() => format!(" {where_} `{}`: {d}", p.name),
            _ => format!(" {where_} `{}`.", p.name),
        };
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

/// `pub mod models { ... }` around the given items. A binary crate including the module
/// uses part of the API; the rest is not dead code of its own, so it is not reported.
pub fn wrap(items: impl Iterator<Item = TokenStream>) -> TokenStream {
    quote! {
        /// The types the API exchanges.
        #[allow(dead_code)]
        pub mod models {
            #(#items)*
        }
    }
}

pub fn module(space: &TypeSpace, ops: &[OperationPlan]) -> TokenStream {
    wrap(jobs(space, ops).into_iter().map(|j| item(space, ops, j)))
}

/// `#[doc = "..."]` lines from a description, if there is one.
pub fn doc_attr(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return quote!();
    };
    let lines = text.lines().map(|l| format!(" {}", l.trim_end()));
    quote! { #(#[doc = #lines])* }
}

fn struct_item(space: &TypeSpace, t: &Type) -> TokenStream {
    let name = space
        .rust_name(&t.name)
        .expect("every type has a Rust name");
    let mut doc = doc_attr(t.description.as_deref());
    let odata = format!(" OData type `{}`.", t.name);
    if doc.is_empty() {
        doc = quote!(#[doc = #odata]);
    } else {
        doc = quote!(#doc #[doc = ""] #[doc = #odata]);
    }
    let props = space.all_properties(t);
    let annotations = space.all_annotations(t);
    struct_tokens(space, name, &t.name, &doc, &props, &annotations, t.open)
}

fn struct_tokens(
    space: &TypeSpace,
    name: &str,
    owner: &str,
    doc: &TokenStream,
    props: &[&Property],
    annotations: &[&Property],
    open: bool,
) -> TokenStream {
    let rt = space.rt();
    let ident = names::type_ident(name);
    let mut unique = Unique::default();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let mut writes = Vec::new();
    let mut field = |field_ident: &proc_macro2::Ident, json: &str, ty: TokenStream, notation| {
        let (read, write) = match notation {
            Notation::Json => (quote!(#rt::object::read), quote!(#rt::object::entry)),
            Notation::Text => (
                quote!(#rt::odata::text::read_option),
                quote!(#rt::odata::text::entry),
            ),
            Notation::TextList => (
                quote!(#rt::odata::text::read_list),
                quote!(#rt::odata::text::list_entry),
            ),
        };
        reads.push(quote!(#json => #read(&mut self.#field_ident, value),));
        writes.push(quote!(#write(&mut map, #json, &self.#field_ident)?;));
        quote!(pub #field_ident: Option<#ty>,)
    };
    // `@odata.type` names the concrete type of a value, needed to tell derived types apart.
    let has_odata_type = props.iter().any(|p| p.name == "@odata.type");
    for (p, name) in field_names(&mut unique, props) {
        let field_ident = names::value_ident(&name);
        let (ty, notation) = field_type(space, owner, p);
        let doc = doc_attr(p.description.as_deref());
        let decl = field(&field_ident, &p.name, ty, notation);
        fields.push(quote!(#doc #decl));
    }
    if !has_odata_type {
        let f = names::value_ident(&unique.claim("odata_type".into(), "_"));
        let decl = field(&f, "@odata.type", quote!(String), Notation::Json);
        fields.push(quote! {
            /// The concrete OData type of this value (`#microsoft.graph.x`), when the service names it.
            #decl
        });
    }
    let extra = names::value_ident(&unique.claim("additional_data".into(), "_"));
    let extra_doc = if open {
        " Properties beyond the documented ones (this is an open type), and instance annotations such as `@odata.etag`."
    } else {
        " Instance annotations such as `@odata.etag`, and properties these docs do not describe: kept, and written back."
    };
    let accessors = super::annotations::accessors(space, &ident, &extra, annotations);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #ident {
            #(#fields)*
            #[doc = #extra_doc]
            pub #extra: #rt::odata::AdditionalData,
        }

        impl #rt::object::Object for #ident {
            fn read_property<'de, D: #rt::serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                match key {
                    #(#reads)*
                    _ => self.#extra.read_property(key, value),
                }
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::object::deserialize(deserializer)
            }
        }

        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(None)?;
                #(#writes)*
                self.#extra.serialize_entries(&mut map)?;
                #rt::serde::ser::SerializeMap::end(map)
            }
        }

        #accessors
    }
}

/// The properties a struct has a field for, in order, with each field's Rust name: the
/// accessors of an `Any*` enum name a variant's fields through this too, since a derived
/// type's extra properties can take a name first and push a base property's field to
/// `name_2`. A name documented twice is one property on the wire: the first declaration wins.
fn field_names<'p>(unique: &mut Unique, props: &[&'p Property]) -> Vec<(&'p Property, String)> {
    let mut seen = std::collections::HashSet::new();
    props
        .iter()
        .filter(|p| seen.insert(p.name.as_str()))
        .map(|p| (*p, unique.claim(names::snake(&p.name), "_")))
        .collect()
}

/// How a field is written in JSON: as serde writes its type, or as text in a notation
/// of its own (one value, or a list of them).
#[derive(Clone, Copy)]
enum Notation {
    Json,
    Text,
    TextList,
}

/// The Rust type of a property (without the `Option`), and its notation.
fn field_type(space: &TypeSpace, owner: &str, p: &Property) -> (TokenStream, Notation) {
    let rt = space.rt();
    // `(type, whether it is written as text in a notation of its own)`.
    let single = |ty: &str, may_box: bool| -> (TokenStream, bool) {
        match ty {
            "Edm.String" | "Edm.Stream" => (quote!(String), false),
            "Edm.Boolean" => (quote!(bool), false),
            "Edm.Int32" => (quote!(i32), false),
            "Edm.Int64" => (quote!(i64), false),
            "Edm.Int16" => (quote!(i16), false),
            "Edm.Byte" => (quote!(u8), false),
            "Edm.SByte" => (quote!(i8), false),
            "Edm.Double" | "Edm.Decimal" => (quote!(f64), false),
            "Edm.Single" => (quote!(f32), false),
            "Edm.Guid" => (quote!(#rt::uuid::Uuid), false),
            "Edm.DateTimeOffset" => (quote!(#rt::time::OffsetDateTime), true),
            "Edm.Date" => (quote!(#rt::time::Date), true),
            "Edm.TimeOfDay" => (quote!(#rt::time::Time), true),
            "Edm.Duration" => (quote!(#rt::time::Duration), true),
            "Edm.Binary" => (quote!(Vec<u8>), true),
            UNTYPED => (quote!(#rt::serde_json::Value), false),
            named => match space.any_name(named).or_else(|| space.rust_name(named)) {
                Some(n) => {
                    let ident = format_ident!("{}", n);
                    if may_box && space.is_boxed(owner, named) {
                        (quote!(Box<#ident>), false)
                    } else {
                        (quote!(#ident), false)
                    }
                }
                None => (quote!(#rt::serde_json::Value), false),
            },
        }
    };
    if p.collection {
        // A Vec already breaks a cycle: no box inside it.
        let (t, text) = single(&p.ty, false);
        let notation = if text {
            Notation::TextList
        } else {
            Notation::Json
        };
        (quote!(Vec<#t>), notation)
    } else {
        let (t, text) = single(&p.ty, true);
        (t, if text { Notation::Text } else { Notation::Json })
    }
}

/// `AnyX`: a value typed as base type `x` may be any type derived from it; its
/// `@odata.type` says which. Unknown derived types read as the base.
fn any_item(space: &TypeSpace, base: &str, derived: &[&str]) -> TokenStream {
    let any = format_ident!(
        "{}",
        space
            .any_name(base)
            .expect("polymorphic types have an Any name")
    );
    let base_ident = format_ident!(
        "{}",
        space.rust_name(base).expect("every type has a Rust name")
    );
    let doc = format!(" A `{base}` or any type derived from it, told apart by `@odata.type`.");
    let fallback = " The base type itself, or a derived type this client does not know.";
    let variants: Vec<(proc_macro2::Ident, &str)> = derived
        .iter()
        .filter_map(|d| Some((format_ident!("{}", space.rust_name(d)?), *d)))
        .collect();
    let decls = variants.iter().map(|(v, d)| {
        let doc = format!(" `{d}`.");
        quote!(#[doc = #doc] #v(#v),)
    });
    let rt = space.rt();
    // The service writes `#microsoft.graph.x`; docs and older payloads also write the bare
    // `x` of the default namespace.
    let arms = variants.iter().map(|(v, d)| {
        match d
            .strip_prefix("microsoft.graph.")
            .filter(|short| !short.contains('.'))
        {
            Some(short) => quote!(#d | #short => Self::#v(rest.read()?),),
            None => quote!(#d => Self::#v(rest.read()?),),
        }
    });
    let ser = variants.iter().map(
        |(v, _)| quote!(Self::#v(value) => #rt::serde::Serialize::serialize(value, serializer),),
    );
    // `From<Derived>` for every variant, so a caller never wraps a value by hand.
    let froms = variants
        .iter()
        .map(|(v, _)| (v.clone(), v.clone()))
        .chain(std::iter::once((base_ident.clone(), base_ident.clone())))
        .map(|(v, t)| {
            quote! {
                impl From<#t> for #any {
                    fn from(value: #t) -> Self {
                        Self::#v(value)
                    }
                }
            }
        });
    // Accessors for the base type's properties, which every variant has.
    let base_type = space.get(base).expect("a polymorphic base is a known type");
    // Only where every derived type keeps the base's type for it (some narrow a `Double` to
    // an `Int32`, or an enum to a string).
    let derived_props: Vec<HashMap<&str, &Property>> = derived
        .iter()
        .filter_map(|d| space.get(d))
        .map(|dt| {
            let mut by_name = HashMap::new();
            for q in space.all_properties(dt) {
                by_name.entry(q.name.as_str()).or_insert(q);
            }
            by_name
        })
        .collect();
    let same_everywhere = |p: &Property| {
        derived_props.iter().all(|by_name| {
            by_name
                .get(p.name.as_str())
                .is_some_and(|q| q.ty == p.ty && q.collection == p.collection)
        })
    };
    let props: Vec<&Property> = space
        .all_properties(base_type)
        .into_iter()
        .filter(|p| same_everywhere(p))
        .collect();
    // Each variant's own field names: a derived type's extra properties can take a name first
    // and push a base property's field to `name_2`.
    let fields_of = |owner: &str| -> HashMap<String, proc_macro2::Ident> {
        let props = space
            .get(owner)
            .map(|t| space.all_properties(t))
            .unwrap_or_default();
        field_names(&mut Unique::default(), &props)
            .into_iter()
            .map(|(q, n)| (q.name.clone(), names::value_ident(&n)))
            .collect()
    };
    let own_fields = fields_of(base);
    let variant_fields: Vec<_> = variants.iter().map(|(_, d)| fields_of(d)).collect();
    let accessors = props.into_iter().map(|p| {
        let field = own_fields[&p.name].clone();
        let (ty, _) = field_type(space, "", p);
        let doc = doc_attr(p.description.as_deref());
        let arm =
            |v: &proc_macro2::Ident, owner: &str, fields: &HashMap<String, proc_macro2::Ident>| {
                let field = fields.get(&p.name).unwrap_or(&field);
                if !p.collection && space.is_boxed(owner, &p.ty) {
                    quote!(Self::#v(value) => value.#field.as_deref(),)
                } else {
                    quote!(Self::#v(value) => value.#field.as_ref(),)
                }
            };
        let arms = variants
            .iter()
            .zip(&variant_fields)
            .map(|((v, d), fields)| arm(v, d, fields));
        let own = arm(&base_ident, base, &own_fields);
        quote! {
            #doc
            pub fn #field(&self) -> Option<&#ty> {
                match self {
                    #(#arms)*
                    #own
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #any {
            #(#decls)*
            #[doc = #fallback]
            #base_ident(#base_ident),
        }

        impl #any {
            #(#accessors)*
        }

        #(#froms)*

        impl #rt::serde::Serialize for #any {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                    Self::#base_ident(value) => #rt::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl #rt::object::Polymorphic for #any {
            fn read_tagged<'de, R: #rt::object::Tagged<'de>>(tag: &str, rest: R) -> Result<Self, R::Error> {
                Ok(match tag {
                    #(#arms)*
                    _ => Self::#base_ident(rest.read()?),
                })
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #any {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::object::deserialize_polymorphic(deserializer)
            }
        }
    }
}

fn enum_item(space: &TypeSpace, t: &Type) -> TokenStream {
    let name = space
        .rust_name(&t.name)
        .expect("every type has a Rust name");
    let rt = space.rt();
    let ident = names::type_ident(name);
    let odata = format!(
        " OData enum `{}`. Values this version does not know are kept in `Other`.",
        t.name
    );
    let doc = doc_attr(t.description.as_deref());
    let mut unique = Unique::default();
    unique.reserve("Other");
    let variants: Vec<(proc_macro2::Ident, &str, TokenStream)> = t
        .members
        .iter()
        .map(|m| {
            (
                names::type_ident(&unique.claim(names::pascal(&m.name), "")),
                m.name.as_str(),
                doc_attr(m.description.as_deref()),
            )
        })
        .collect();
    let decls = variants.iter().map(|(v, _, d)| quote!(#d #v,));
    let to_str = variants.iter().map(|(v, s, _)| quote!(Self::#v => #s,));
    let from_str = variants.iter().map(|(v, s, _)| quote!(#s => Self::#v,));
    quote! {
        #doc
        #[doc = #odata]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #ident {
            #(#decls)*
            /// A value added to the API after this client was generated.
            Other(String),
        }

        impl #ident {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(value) => value,
                }
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Other(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #rt::serde::Serialize for #ident {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #rt::serde::Deserialize<'de> for #ident {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #rt::object::deserialize_str(deserializer, |value| Self::from(value))
            }
        }
    }
}
