//! An operation's permissions in generated code: a short table in its method's doc
//! comment, and the same data as an associated const beside the method
//! (`UsersItemMessages::LIST_PERMISSIONS`), so an app can assert what its token grants.

use super::doc_line::DocLine;
use crate::ir::{Operation, Scheme};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The doc comment lines of the table, each starting with a blank line; none when the
/// docs give no permissions.
pub(super) fn doc_lines(op: &Operation, method: &str) -> Vec<DocLine> {
    if op.permissions.is_empty() {
        return Vec::new();
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
    lines.into_iter().map(DocLine).collect()
}

/// `list` → `LIST_PERMISSIONS`.
pub(super) fn const_name(method: &str) -> String {
    format!(
        "{}_PERMISSIONS",
        method.trim_start_matches("r#").to_ascii_uppercase()
    )
}

/// The associated const, gated as its method is; nothing when the docs give none.
pub(super) fn constant(op: &Operation, method: &str, cfg: &TokenStream) -> TokenStream {
    if op.permissions.is_empty() {
        return quote!();
    }
    let name = format_ident!("{}", const_name(method));
    let sets = op.permissions.iter().map(|s| {
        let case = match &s.case {
            Some(c) => quote!(::std::option::Option::Some(#c)),
            None => quote!(::std::option::Option::None),
        };
        let (w, p, a) = (&s.delegated_work, &s.delegated_personal, &s.application);
        quote! {
            runtime::Permissions {
                case: #case,
                delegated_work: &[#(#w),*],
                delegated_personal: &[#(#p),*],
                application: &[#(#a),*],
            }
        }
    });
    let doc = DocLine(format!(
        " What `{} {}` needs, per scheme, as its docs say (one entry per case they tell apart).",
        op.method, op.path
    ));
    quote! {
        #[doc = #doc]
        #cfg
        pub const #name: &'static [runtime::Permissions] = &[#(#sets),*];
    }
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
