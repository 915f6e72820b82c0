//! Items too long to format whole: a struct or enum with 200,000 members would hold its
//! tokens, syn's copy of them and its syntax tree at once, about 150 times the size of its
//! page. Such an item is built and formatted a window of members at a time, each window
//! the whole item with only those members in its lists; the formatted windows are then
//! stitched: the text around the lists from the first, each list's lines from every
//! window in order. Each list is marked by a cut line before and after it, so the text
//! outside the lists is found however its members format. Output is the same as the item
//! formatted whole (a test holds it), and memory is bounded by one window.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::ops::Range;

/// Members per window, and the size past which an item is formatted in windows.
pub const WINDOW: usize = 1024;

/// What one item's windows share, computed once (each name depends on those before it,
/// so a window cannot name its own members): the properties a struct lists, and the names
/// of its fields (or an enum's variants) with the index of the property or member each is for.
#[derive(Clone)]
pub struct Names<'a> {
    pub props: Vec<&'a crate::ir::Property>,
    pub members: Vec<(usize, String)>,
    /// A struct's `@odata.type` field, when no property is that, and its unknown-member map.
    pub odata: Option<String>,
    pub extra: String,
    /// Which notations the struct's fields use, all of them (not the window's): what its
    /// `read_property` and `serialize` import.
    pub notations: Notations,
}

/// Whether any field is written in each notation, indexed by `models::Notation as usize`.
#[derive(Clone, Copy, Default)]
pub struct Notations {
    pub used: [bool; 3],
}

/// The members `range` (indexes into `names.members`) of an item.
pub struct Window<'n, 'a> {
    pub range: Range<usize>,
    pub names: &'n Names<'a>,
}

/// Where a cut stands: its syntax must fit there, since windows are parsed and formatted
/// (never compiled).
#[derive(Clone, Copy)]
pub enum Cut {
    Field,
    Arm,
    Statement,
    Variant,
    /// A field of a struct expression (`Self { a: …, }`). Its name is long enough that the
    /// expression never fits on one line, so each field, and the cut, has a line of its own.
    Value,
}

const CUT: &str = "__docgen_cut_";

/// The `n`-th cut of an item, or nothing when the item is formatted whole.
pub fn cut(window: Option<&Window>, n: usize, at: Cut) -> TokenStream {
    if window.is_none() {
        return TokenStream::new();
    }
    let id = format_ident!("{CUT}{n}");
    match at {
        Cut::Field => quote!(#id: ()),
        Cut::Arm => quote!(#id => {}),
        Cut::Statement => quote!(#id;),
        Cut::Variant => quote!(#id,),
        Cut::Value => {
            let id = format_ident!("{CUT}{n}_{}", "_".repeat(100));
            quote!(#id: ())
        }
    }
}

/// The `n`-th cut of a struct's lists built as syntax (see [`super::syntax`]): its
/// field, its arm in `read_property`, its statement in `serialize` and its values in
/// `clone` and `default`. Nothing when the item is formatted whole.
pub fn cut_members(window: Option<&Window>, n: usize) -> Option<CutMembers> {
    window?;
    let field = syn::parse::Parser::parse2(syn::Field::parse_named, cut(window, n, Cut::Field));
    let value = |k| syn::parse2(cut(window, n + k, Cut::Value)).expect("a cut value parses");
    Some(CutMembers {
        field: field.expect("a cut field parses"),
        arm: syn::parse2(cut(window, n + 2, Cut::Arm)).expect("a cut arm parses"),
        stmt: syn::parse2(cut(window, n + 4, Cut::Statement)).expect("a cut statement parses"),
        values: [value(6), value(8)],
    })
}

/// A struct's cut in each of its member lists (see [`cut_members`]).
pub struct CutMembers {
    pub field: syn::Field,
    pub arm: syn::Arm,
    pub stmt: syn::Stmt,
    /// In `clone`, then in `default`.
    pub values: [syn::FieldValue; 2],
}

/// The windows of `n` members.
pub fn windows(n: usize, size: usize) -> Vec<Range<usize>> {
    let size = size.max(1);
    (0..n.div_ceil(size))
        .map(|i| i * size..((i + 1) * size).min(n))
        .collect()
}

/// One text from the formatted windows of an item (see the module comment).
pub fn stitch(windows: &[String]) -> Result<String, String> {
    // Each window's text between its cut lines, as slices: the windows are not copied
    // twice, since a huge item is what this is for.
    let split = |text: &str| -> Vec<Range<usize>> {
        let mut parts = Vec::new();
        let (mut start, mut at) = (0, 0);
        for line in text.split_inclusive('\n') {
            if line.trim_start().starts_with(CUT) {
                parts.push(start..at);
                start = at + line.len();
            }
            at += line.len();
        }
        parts.push(start..text.len());
        parts
    };
    let parts: Vec<Vec<Range<usize>>> = windows.iter().map(|w| split(w)).collect();
    let Some(first) = parts.first() else {
        return Err("internal error: an item without windows".into());
    };
    if first.len() % 2 == 0 || parts.iter().any(|p| p.len() != first.len()) {
        return Err("internal error: windows of one item cut differently".into());
    }
    let mut out = String::with_capacity(windows.iter().map(String::len).sum());
    for i in 0..first.len() {
        if i % 2 == 0 {
            out.push_str(&windows[0][first[i].clone()]);
        } else {
            for (w, p) in windows.iter().zip(&parts) {
                out.push_str(&w[p[i].clone()]);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_member_once() {
        assert_eq!(windows(10, 4), vec![0..4, 4..8, 8..10]);
        assert_eq!(windows(8, 4), vec![0..4, 4..8]);
        assert!(windows(0, 4).is_empty());
    }

    #[test]
    fn stitching_keeps_the_frame_once_and_every_list_line() {
        let w = |a: &str, b: &str| {
            format!("head {{\n    __docgen_cut_0: (),\n    {a}\n    __docgen_cut_1: (),\n    mid\n    __docgen_cut_2;\n    {b}\n    __docgen_cut_3;\n}}\n")
        };
        let out = stitch(&[w("a1", "b1"), w("a2", "b2")]).unwrap();
        assert_eq!(out, "head {\n    a1\n    a2\n    mid\n    b1\n    b2\n}\n");
        assert!(stitch(&[w("a", "b"), "head {\n}\n".into()]).is_err());
    }
}
