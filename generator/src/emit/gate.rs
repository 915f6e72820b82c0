//! `#[cfg(feature = "…")]` on generated items, for a crate with a feature per area.
//!
//! Which areas need what is decided once, by [`crate::select::areas::Gates`]; this module
//! only writes the attribute and puts it on every item of a fragment, so that an emitter
//! adding an `impl` next to its type needs no change to stay gated.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`. An item no
/// area needs gets `#[cfg(any())]`: it is never compiled (none is emitted today).
pub fn attribute(areas: &[&str]) -> TokenStream {
    match areas {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The crate feature standing for "any of these areas" (two or more, sorted): every one
/// of them enables it. A type several areas need is gated by one feature rather than an
/// `any(…)` of up to thirty: that list, repeated on every item and impl, was a quarter
/// of the whole English crate's source. The name is a hash of the set, so it stays the
/// same from one generation to the next while the set does.
pub fn alias(areas: &[&str]) -> String {
    // FNV-1a over the names, each ended by a byte no name holds.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in areas.iter().flat_map(|a| a.bytes().chain([0])) {
        hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
    }
    format!("_areas-{hash:08x}")
}

/// Puts `cfg` on every top-level item of `tokens`, after the item's doc comments. An item
/// ends at a top-level `;`, or at a top-level `{ … }` block not followed by `;`
/// (`struct`, `enum`, `impl`, `fn`, `mod`; `use a::{b};` and `const X: T = T { … };` end at
/// their `;`). Empty `cfg`: the tokens unchanged.
pub fn items(cfg: &TokenStream, tokens: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return tokens;
    }
    let mut out = TokenStream::new();
    let mut item: Vec<TokenTree> = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends = match &tree {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        item.push(tree);
        if ends {
            push_gated(&mut out, cfg, std::mem::take(&mut item));
        }
    }
    if !item.is_empty() {
        push_gated(&mut out, cfg, item);
    }
    out
}

fn push_gated(out: &mut TokenStream, cfg: &TokenStream, item: Vec<TokenTree>) {
    // Leading `#[doc = …]` pairs stay first, as in hand-written code.
    let mut docs = 0;
    while let (Some(TokenTree::Punct(p)), Some(TokenTree::Group(g))) =
        (item.get(docs), item.get(docs + 1))
    {
        let is_doc = p.as_char() == '#'
            && g.delimiter() == Delimiter::Bracket
            && matches!(g.stream().into_iter().next(), Some(TokenTree::Ident(i)) if i == "doc");
        if !is_doc {
            break;
        }
        docs += 2;
    }
    let mut rest = item.into_iter();
    out.extend(rest.by_ref().take(docs));
    out.extend(cfg.clone());
    out.extend(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_attribute_after_its_docs() {
        let cfg = attribute(&["outlook"]);
        let tokens = quote! {
            /// A message.
            #[derive(Debug)]
            pub struct Message { pub id: Option<String> }
            impl Message { pub fn new() -> Self { Self { id: None } } }
            pub use a::{b, c};
            pub struct Unit;
            pub struct Tuple(u8);
            const X: Message = Message { id: None };
            pub fn get(&self) -> u8 { 1 }
        };
        let got = items(&cfg, tokens).to_string();
        let want = quote! {
            /// A message.
            #[cfg(feature = "outlook")]
            #[derive(Debug)]
            pub struct Message { pub id: Option<String> }
            #[cfg(feature = "outlook")]
            impl Message { pub fn new() -> Self { Self { id: None } } }
            #[cfg(feature = "outlook")]
            pub use a::{b, c};
            #[cfg(feature = "outlook")]
            pub struct Unit;
            #[cfg(feature = "outlook")]
            pub struct Tuple(u8);
            #[cfg(feature = "outlook")]
            const X: Message = Message { id: None };
            #[cfg(feature = "outlook")]
            pub fn get(&self) -> u8 { 1 }
        };
        assert_eq!(got, want.to_string());
        assert_eq!(
            attribute(&["a", "b"]).to_string(),
            quote!(#[cfg(any(feature = "a", feature = "b"))]).to_string()
        );
        let plain = quote!(
            struct A;
        );
        assert_eq!(
            items(&TokenStream::new(), plain.clone()).to_string(),
            plain.to_string()
        );
    }
}
