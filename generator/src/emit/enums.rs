//! OData enums: a Rust enum per type with an `Other` variant for values added later, and
//! its text form both ways.
//!
//! Equality, hashing and `Debug` go through the text (`as_str`), not derived per variant:
//! `Other("high")` equals `High`, as the service would see them, and `Debug` shows the
//! value as the JSON does (as a model's `Debug` does). Derived, those impls were 5.6 % of
//! checking the whole English crate (five impls a type, one arm a variant).

use super::doc_line::DocLine;
use super::models::doc_attr;
use super::names::{self, Unique};
use super::window::{Cut, Names, Window};
use super::TypeSpace;
use crate::ir::Type;
use proc_macro2::TokenStream;
use quote::quote;
use std::borrow::Cow;

/// An enum's variant names (`Other` is taken).
pub fn enum_names(t: &Type) -> Names<'_> {
    let mut unique = Unique::default();
    unique.reserve("Other");
    Names {
        props: Vec::new(),
        members: t
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (i, unique.claim(names::pascal(&m.name), "")))
            .collect(),
        odata: None,
        notations: Default::default(),
        extra: String::new(),
    }
}

pub(super) fn enum_item(space: &TypeSpace, t: &Type, window: Option<&Window>) -> TokenStream {
    let name = space
        .rust_name(&t.name)
        .expect("every type has a Rust name");
    let rt = space.rt();
    let ident = names::type_ident(name);
    let odata = DocLine(format!(
        " OData enum `{}`. Values this version does not know are kept in `Other`.",
        t.name
    ));
    let doc = doc_attr(t.description.as_deref());
    let names = window.map_or_else(|| Cow::Owned(enum_names(t)), |w| Cow::Borrowed(w.names));
    let shown = window.map_or(0..names.members.len(), |w| w.range.clone());
    let variants: Vec<(proc_macro2::Ident, &str, TokenStream)> = names.members[shown]
        .iter()
        .map(|(i, n)| {
            let m = &t.members[*i];
            (
                names::type_ident(n),
                m.name.as_str(),
                doc_attr(m.description.as_deref()),
            )
        })
        .collect();
    let cut = |n, at| super::window::cut(window, n, at);
    let decls = std::iter::once(cut(0, Cut::Variant))
        .chain(variants.iter().map(|(v, _, d)| quote!(#d #v,)))
        .chain(std::iter::once(cut(1, Cut::Variant)));
    let to_str = std::iter::once(cut(2, Cut::Arm))
        .chain(variants.iter().map(|(v, s, _)| quote!(Self::#v => #s,)))
        .chain(std::iter::once(cut(3, Cut::Arm)));
    let from_str = std::iter::once(cut(4, Cut::Arm))
        .chain(variants.iter().map(|(v, s, _)| quote!(#s => Self::#v,)))
        .chain(std::iter::once(cut(5, Cut::Arm)));
    quote! {
        #doc
        #[doc = #odata]
        #[derive(Clone)]
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

        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl PartialEq for #ident {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl Eq for #ident {}

        impl ::std::hash::Hash for #ident {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                self.as_str().hash(state)
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
