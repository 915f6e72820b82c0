//! The `Object`, `Serialize`, `Clone` and `Default` impls of a model struct. Apart from the
//! type they are for, they differ only by the runtime's path, the field functions they
//! import and the name of the unknown-member map; so each such frame is parsed once per
//! thread and cloned with the type put in. Parsed once per struct, they were about a third
//! of what syn spent on the models.
//!
//! `Clone` and `Default` are written out rather than derived: a derive's body names
//! `::core::clone::Clone::clone` for every field, and checking the whole English crate took
//! 4 % longer with them.

use super::models::Notation;
use super::names;
use proc_macro2::Ident;
use quote::{format_ident, quote};
use std::cell::RefCell;
use syn::Item;

/// What a frame depends on besides the type.
#[derive(PartialEq, Eq)]
struct Key {
    runtime: String,
    notations: [bool; 3],
    extra: String,
}

thread_local! {
    /// The frames parsed on this thread: a handful (one per runtime path, set of notations
    /// and name of the map), so a list is enough.
    static FRAMES: RefCell<Vec<(Key, [Item; 4])>> = const { RefCell::new(Vec::new()) };
}

/// The `Object`, `Serialize`, `Clone` and `Default` impls for `ty`, with empty lists for its
/// members: `read_property` matches only the catch-all arm, `serialize` opens the map and
/// ends it with the unknown members, `clone` and `default` build only the map.
pub fn impls(runtime: &str, notations: [bool; 3], extra: &str, ty: &Ident) -> [Item; 4] {
    let mut impls = FRAMES.with(|frames| {
        let mut frames = frames.borrow_mut();
        let found = frames.iter().position(|(k, _)| {
            k.runtime == runtime && k.notations == notations && k.extra == extra
        });
        let at = found.unwrap_or_else(|| {
            let key = Key {
                runtime: runtime.to_owned(),
                notations,
                extra: extra.to_owned(),
            };
            frames.push((key, parse(runtime, notations, extra)));
            frames.len() - 1
        });
        frames[at].1.clone()
    });
    for item in &mut impls {
        if let Item::Impl(i) = item {
            *i.self_ty = syn::Type::Path(syn::TypePath {
                attrs: Vec::new(),
                qself: None,
                path: ty.clone().into(),
            });
        }
    }
    impls
}

fn parse(runtime: &str, notations: [bool; 3], extra: &str) -> [Item; 4] {
    let rt: proc_macro2::TokenStream = runtime
        .parse()
        .expect("the runtime path was checked to be a Rust path");
    let extra = names::value_ident(extra);
    // What the impls import: the functions of every notation the fields use.
    let (readers, writers): (Vec<_>, Vec<_>) = Notation::ALL
        .into_iter()
        .filter(|n| notations[*n as usize])
        .map(Notation::functions)
        .unzip();
    let ty = format_ident!("Frame");
    let object = quote! {
        impl #rt::object::Object for #ty {
            fn read_property<'de, D: #rt::serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), D::Error> {
                use #rt::object::fields::{#(#readers),*};
                match key {
                    _ => self.#extra.read_property(key, value),
                }
            }
        }
    };
    let serialize = quote! {
        impl #rt::serde::Serialize for #ty {
            fn serialize<S: #rt::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use #rt::object::fields::{#(#writers),*};
                let mut map = #rt::object::Entries::new(serializer)?;
                map.end(&self.#extra)
            }
        }
    };
    let clone = quote! {
        impl Clone for #ty {
            #[inline]
            fn clone(&self) -> Self {
                Self { #extra: self.#extra.clone() }
            }
        }
    };
    let default = quote! {
        impl Default for #ty {
            #[inline]
            fn default() -> Self {
                Self { #extra: Default::default() }
            }
        }
    };
    [object, serialize, clone, default]
        .map(|tokens| syn::parse2(tokens).expect("a struct's impls parse"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn text(items: &[Item]) -> String {
        items
            .iter()
            .map(|i| i.to_token_stream().to_string())
            .collect()
    }

    /// A frame taken from the cache is the one parsed for its key, with the type asked for.
    #[test]
    fn each_struct_gets_its_own_type_in_the_frame_of_its_key() {
        let (a, b) = (format_ident!("Message"), format_ident!("Event"));
        let first = impls("::rt", [true, false, false], "additional_data", &a);
        let again = impls("::rt", [true, false, false], "additional_data", &b);
        assert_eq!(text(&again), text(&first).replace("Message", "Event"));
        assert!(text(&first).contains("for Message"));
        // Another key is another frame: the text functions, the map's other name.
        let other = impls("::rt", [true, true, false], "additional_data_", &a);
        let other = text(&other);
        assert!(other.contains("read_text") && other.contains("self . additional_data_ ."));
        let elsewhere = text(&impls(
            "crate::runtime",
            [true, false, false],
            "additional_data",
            &a,
        ));
        assert!(elsewhere.contains("crate :: runtime :: object :: Object for Message"));
    }
}
