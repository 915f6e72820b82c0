//! `AnyX`: the enum a value typed as polymorphic base `x` is read into, one variant per
//! type derived from it, told apart by `@odata.type`.

use super::doc_line::DocLine;
use super::models::{doc_attr, field_names, field_type};
use super::names::{self, Unique};
use super::TypeSpace;
use crate::ir::Property;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::HashMap;

/// `AnyX`: a value typed as base type `x` may be any type derived from it; its
/// `@odata.type` says which. Unknown derived types read as the base.
pub(super) fn any_item(space: &TypeSpace, base: &str, derived: &[&str]) -> TokenStream {
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
    let doc = DocLine(format!(
        " A `{base}` or any type derived from it, told apart by `@odata.type`."
    ));
    let fallback =
        DocLine::new(" The base type itself, or a derived type this client does not know.");
    let variants: Vec<(proc_macro2::Ident, &str)> = derived
        .iter()
        .filter_map(|d| Some((format_ident!("{}", space.rust_name(d)?), *d)))
        .collect();
    let decls = variants.iter().map(|(v, d)| {
        let doc = DocLine(format!(" `{d}`."));
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
    // `Debug` shows the variant's own (see `models::model_impls`), inline like it.
    let debug = variants
        .iter()
        .map(|(v, _)| quote!(Self::#v(value) => ::std::fmt::Debug::fmt(value, f),));
    // A derived value always names its type, or the service reads it as the base it was
    // declared as (`AnyMediaConfig::ServiceHostedMediaConfig(Default::default())` in
    // `answer` must say `#microsoft.graph.serviceHostedMediaConfig`): one without its
    // `@odata.type` is written with it.
    let ser = variants.iter().map(|(v, d)| {
        let props = space
            .get(d)
            .map(|t| space.all_properties(t))
            .unwrap_or_default();
        match super::structs::struct_names(&props).odata {
            Some(field) => {
                let field = names::value_ident(&field);
                let tag = format!("#{d}");
                quote! {
                    Self::#v(value) if value.#field.is_none() => {
                        let mut tagged = value.clone();
                        tagged.#field = Some(#tag.to_owned());
                        #rt::serde::Serialize::serialize(&tagged, serializer)
                    }
                    Self::#v(value) => #rt::serde::Serialize::serialize(value, serializer),
                }
            }
            None => quote!(Self::#v(value) => #rt::serde::Serialize::serialize(value, serializer),),
        }
    });
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
            .map(|(i, n)| (props[i].name.clone(), names::value_ident(&n)))
            .collect()
    };
    let own_fields = fields_of(base);
    let variant_fields: Vec<_> = variants.iter().map(|(_, d)| fields_of(d)).collect();
    let accessors = props.into_iter().map(|p| {
        let field = own_fields[&p.name].clone();
        let ty = field_type(space, "", p).ty;
        let doc = doc_attr(p.description.as_deref());
        let arm = |v: &proc_macro2::Ident,
                   owner: &str,
                   fields: &HashMap<String, proc_macro2::Ident>| {
            let field = fields.get(&p.name).unwrap_or(&field);
            // As the struct's field: only a named type is ever boxed (a type the docs
            // name like a primitive, `Edm.String`, still reads as the primitive).
            if !p.collection && !crate::ir::is_primitive(&p.ty) && space.is_boxed(owner, &p.ty) {
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
    let eq = space.eq_derive();
    quote! {
        #[doc = #doc]
        #[derive(Clone)]
        #eq
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

        impl ::std::fmt::Debug for #any {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug)*
                    Self::#base_ident(value) => ::std::fmt::Debug::fmt(value, f),
                }
            }
        }

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
