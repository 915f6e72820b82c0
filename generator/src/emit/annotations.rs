//! Accessors for the instance annotations a type's page lists (`@microsoft.graph.downloadUrl`):
//! the values live with the other unknown members in `additional_data`, so they are read
//! and written back like them; the accessors give them a name and a type.

use super::doc_line::DocLine;
use super::{models::doc_attr, names, TypeSpace};
use crate::ir::Property;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// `impl X { fn download_url_annotation(&self) ...; fn set_download_url_annotation(...) }`,
/// or nothing when the type lists no annotations. `@odata.type` has a field of its own.
pub fn accessors(
    space: &TypeSpace,
    ident: &Ident,
    extra: &Ident,
    annotations: &[&Property],
) -> TokenStream {
    let mut unique = names::Unique::default();
    let mut seen = std::collections::HashSet::new();
    let methods: Vec<TokenStream> = annotations
        .iter()
        .filter(|a| a.name != "@odata.type" && seen.insert(a.name.as_str()))
        .map(|a| {
            let term = a.name.as_str();
            // `@microsoft.graph.downloadUrl` → `download_url`: the term's last segment.
            let short = term
                .rsplit(['.', '@'])
                .find(|s| !s.is_empty())
                .unwrap_or("value");
            let name = unique.claim(format!("{}_annotation", names::snake(short)), "_");
            let get = names::value_ident(&name);
            let set = format_ident!("set_{}", name);
            let doc = doc_attr(a.description.as_deref());
            let what = DocLine(format!(
                " The instance annotation `{term}`, kept in `{extra}`."
            ));
            let set_doc = DocLine(format!(
                " Sets the instance annotation `{term}`, written with the value."
            ));
            let (get_ty, set_ty, set_value) = match value_type(space, a) {
                None => (
                    quote!(Option<&str>),
                    quote!(impl Into<String>),
                    quote!(Into::<String>::into(value)),
                ),
                Some(ty) => (quote!(Option<#ty>), ty, quote!(value)),
            };
            let doc = if doc.is_empty() {
                doc
            } else {
                quote!(#doc #[doc = r""])
            };
            quote! {
                #doc
                #[doc = #what]
                #[inline]
                pub fn #get(&self) -> #get_ty {
                    self.#extra.get_as(#term)
                }
                #[doc = #set_doc]
                #[inline]
                pub fn #set(&mut self, value: #set_ty) {
                    self.#extra.set(#term, #set_value);
                }
            }
        })
        .collect();
    if methods.is_empty() {
        return quote!();
    }
    quote! {
        impl #ident {
            #(#methods)*
        }
    }
}

/// The Rust type an annotation is read as, or `None` for text (`&str` to read, any
/// `String` to write): strings, and primitives written in a notation of their own.
fn value_type(space: &TypeSpace, a: &Property) -> Option<TokenStream> {
    let rt = space.rt();
    let single = match a.ty.as_str() {
        "Edm.Boolean" => quote!(bool),
        "Edm.Int32" => quote!(i32),
        "Edm.Int64" => quote!(i64),
        "Edm.Int16" => quote!(i16),
        "Edm.Byte" => quote!(u8),
        "Edm.Double" | "Edm.Decimal" => quote!(f64),
        "Edm.Single" => quote!(f32),
        "Edm.Guid" => quote!(#rt::uuid::Uuid),
        t if t.starts_with("Edm.") && t != crate::ir::UNTYPED => return None,
        t => match space.rust_name(t) {
            Some(n) => {
                let n = format_ident!("{}", n);
                quote!(#n)
            }
            None => quote!(#rt::serde_json::Value),
        },
    };
    Some(if a.collection {
        quote!(Vec<#single>)
    } else {
        single
    })
}
