//! An operation's permissions in generated code: a short table in its method's doc
//! comment, and the same data as an associated const beside the method
//! (`UsersItemMessages::LIST_PERMISSIONS`), so an app can assert what its token grants.

use super::client::OperationPlan;
use super::doc_line::DocLine;
use crate::ir::{Operation, PermissionSet, Scheme};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The table as one doc attribute of several lines, after a blank line; nothing when the
/// docs give no permissions. One attribute, not one a line: thousands of methods' tables
/// as `///` lines were a tenth of checking the whole English crate.
pub(super) fn doc_attr(op: &Operation, method: &str) -> TokenStream {
    if op.permissions.is_empty() {
        return quote!();
    }
    let cases = op.permissions.iter().any(|s| s.case.is_some());
    let mut lines = vec![
        String::new(),
        format!(
            " Permissions, least privileged first (also [`Self::{}`]):",
            const_name(method)
        ),
        String::new(),
    ];
    if cases {
        lines.push(" | Case | Scheme | Permissions |".to_string());
        lines.push(" |---|---|---|".to_string());
    } else {
        lines.push(" | Scheme | Permissions |".to_string());
        lines.push(" |---|---|".to_string());
    }
    for set in &op.permissions {
        for scheme in Scheme::ALL {
            let entries = set.scheme(scheme);
            let cell = if entries.is_empty() {
                "not supported".to_string()
            } else {
                entries
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if cases {
                let case = set.case.as_deref().map_or(String::new(), escape);
                lines.push(format!(" | {case} | {} | {cell} |", scheme.title()));
            } else {
                lines.push(format!(" | {} | {cell} |", scheme.title()));
            }
        }
    }
    // Each line is made safe as `DocLine` makes one; the lines are then joined.
    let text: Vec<String> = lines
        .into_iter()
        .map(|l| DocLine(l).literal().to_string())
        .map(|lit| unraw(&lit))
        .collect();
    let doc = proc_macro2::Literal::string(&text.join("\n"));
    quote!(#[doc = #doc])
}

/// The text of a raw string literal `r#"…"#`.
fn unraw(lit: &str) -> String {
    let body = lit.trim_start_matches('r').trim_matches('#');
    body.strip_prefix('"')
        .and_then(|b| b.strip_suffix('"'))
        .unwrap_or(body)
        .to_string()
}

/// `list` → `LIST_PERMISSIONS`.
pub(super) fn const_name(method: &str) -> String {
    format!(
        "{}_PERMISSIONS",
        method.trim_start_matches("r#").to_ascii_uppercase()
    )
}

/// The associated const, gated as its method is; nothing when the docs give none. Its
/// sets are named ones of [`sets_module`]: hundreds of distinct sets serve thousands of
/// operations, and each literal costs the crate's every check.
pub(super) fn constant(op: &Operation, method: &str, cfg: &TokenStream) -> TokenStream {
    if op.permissions.is_empty() {
        return quote!();
    }
    let name = format_ident!("{}", const_name(method));
    let sets = op.permissions.iter().map(set_ident);
    let doc = DocLine(format!(
        " What `{} {}` needs, per scheme, as its docs say (one entry per case they tell apart).",
        op.method, op.path
    ));
    quote! {
        #[doc = #doc]
        #cfg
        pub const #name: &'static [runtime::Permissions] = &[#(permission_sets::#sets),*];
    }
}

/// `mod permission_sets`, beside the builders: every distinct set once, named by a hash of
/// its content (so a set's name does not depend on which operations use it, or on their
/// order). Nothing when no operation has permissions.
pub(super) fn sets_module(plans: &[OperationPlan]) -> TokenStream {
    let mut sets: BTreeMap<String, &PermissionSet> = BTreeMap::new();
    for set in plans.iter().flat_map(|p| &p.op.permissions) {
        sets.entry(set_ident(set).to_string()).or_insert(set);
    }
    if sets.is_empty() {
        return quote!();
    }
    let items = sets.values().map(|s| {
        let ident = set_ident(s);
        let case = match &s.case {
            Some(c) => quote!(::std::option::Option::Some(#c)),
            None => quote!(::std::option::Option::None),
        };
        let (w, p, a) = (&s.delegated_work, &s.delegated_personal, &s.application);
        quote! {
            pub(super) const #ident: runtime::Permissions = runtime::Permissions {
                case: #case,
                delegated_work: &[#(#w),*],
                delegated_personal: &[#(#p),*],
                application: &[#(#a),*],
            };
        }
    });
    quote! {
        /// The distinct permission sets the operations' `*_PERMISSIONS` consts name.
        mod permission_sets {
            use super::runtime;
            #(#items)*
        }
    }
}

/// `P_` and the FNV-1a hash of the set's content, in hex: stable across runs, platforms
/// and compilers (std's hasher promises none of that).
fn set_ident(set: &PermissionSet) -> proc_macro2::Ident {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for b in text.bytes().chain([0xff]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(set.case.as_deref().unwrap_or("\u{0}"));
    for scheme in Scheme::ALL {
        for e in set.scheme(scheme) {
            feed(e);
        }
        feed("\u{1}");
    }
    format_ident!("P_{hash:016X}")
}

/// Text from a table cell made plain in a Markdown table cell of a doc comment: no cell
/// break, no link or HTML for rustdoc to read.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '[' | ']' | '*' | '_' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
