//! Syntax built as syn's tree. The lines a model repeats by the ten thousand (a field, its
//! arm in `read_property`, its entry in `serialize`, its values in `clone` and `default`,
//! their doc lines) are built here directly
//! and spliced into the item parsed from its tokens: built as tokens, each was parsed back
//! by syn (a line of 10 to 15 tokens costs more to parse than to build), and that parse was
//! the largest part of a generation. The frame around them stays `quote!` tokens.

use super::doc_line::DocLine;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::{token, Expr, Item};

/// `tokens` as a file, as syn reads it. The tokens come from this crate, so a parse
/// failure is a generator bug, reported as such rather than written out.
pub fn file(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("internal error: generated code does not parse: {e}"))
}

/// The outer attributes of `tokens` (`#[cfg(…)]`).
pub fn attributes(tokens: TokenStream) -> Result<Vec<syn::Attribute>, String> {
    syn::parse::Parser::parse2(syn::Attribute::parse_outer, tokens)
        .map_err(|e| format!("internal error: generated attributes do not parse: {e}"))
}

/// `#[doc = r"…"]`.
pub fn doc(line: &DocLine) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::NameValue(syn::MetaNameValue {
            path: ident("doc").into(),
            eq_token: Default::default(),
            value: lit(syn::Lit::new(line.literal())),
        }),
    }
}

/// `pub name: ty` with its doc lines.
pub fn field(attrs: Vec<syn::Attribute>, name: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        modifiers: Default::default(),
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `"json" => read(&mut self.name, value),`
pub fn read_arm(json: &str, read: &Ident, name: &Ident) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat: syn::Pat::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: str_lit(json),
        }),
        fat_arrow_token: Default::default(),
        body: Box::new(call(
            read,
            [reference(true, self_field(name)), path(ident("value"))],
        )),
        comma: Some(Default::default()),
    }
}

/// `write(&mut map, "json", &self.name);` (the map keeps the first error: no `?` a line)
pub fn write_stmt(write: &Ident, json: &str, name: &Ident) -> syn::Stmt {
    let call = call(
        write,
        [
            reference(true, path(ident("map"))),
            lit(str_lit(json)),
            reference(false, self_field(name)),
        ],
    );
    syn::Stmt::Expr(call, Some(Default::default()))
}

/// `name: self.name.clone()`, a field of `clone`'s struct expression; `name: self.name`
/// for a `Copy` type.
pub fn clone_value(name: &Ident, copy: bool) -> syn::FieldValue {
    if copy {
        return value(name, self_field(name));
    }
    let call = Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(self_field(name)),
        dot_token: Default::default(),
        method: ident("clone"),
        turbofish: None,
        paren_token: token::Paren::default(),
        args: Punctuated::new(),
    });
    value(name, call)
}

/// `name: None`, a field of `default`'s struct expression.
pub fn none_value(name: &Ident) -> syn::FieldValue {
    value(name, path(ident("None")))
}

fn value(name: &Ident, expr: Expr) -> syn::FieldValue {
    syn::FieldValue {
        attrs: Vec::new(),
        member: syn::Member::Named(name.clone()),
        colon_token: Some(Default::default()),
        expr,
    }
}

/// `Option<ty>`, parsed: a type is a few tokens, and its shapes are many.
pub fn option(ty: TokenStream) -> syn::Type {
    syn::parse2(quote!(Option<#ty>)).expect("a field type parses")
}

/// The body of an impl's first function.
pub fn first_fn(item: &mut Item) -> Option<&mut syn::Block> {
    match item {
        Item::Impl(i) => i.items.iter_mut().find_map(|member| match member {
            syn::ImplItem::Fn(f) => Some(&mut f.block),
            _ => None,
        }),
        _ => None,
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn str_lit(text: &str) -> syn::Lit {
    syn::Lit::Str(syn::LitStr::new(text, Span::call_site()))
}

fn lit(lit: syn::Lit) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit,
    })
}

fn path(name: Ident) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: name.into(),
    })
}

fn self_field(name: &Ident) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(path(Ident::new("self", Span::call_site()))),
        dot_token: Default::default(),
        member: syn::Member::Named(name.clone()),
    })
}

fn reference(mutable: bool, expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: mutable.then(Default::default),
        expr: Box::new(expr),
    })
}

fn call<const N: usize>(function: &Ident, args: [Expr; N]) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path(function.clone())),
        paren_token: token::Paren::default(),
        args: Punctuated::from_iter(args),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::{format_ident, ToTokens};

    /// Each built line prints as the tokens it stands for would parse.
    #[test]
    fn built_lines_equal_parsed_ones() {
        let (read, write, name) = (
            format_ident!("read"),
            format_ident!("entry"),
            format_ident!("id"),
        );
        let arm: syn::Arm = syn::parse2(quote!("id" => read(&mut self.id, value),)).unwrap();
        assert_eq!(
            read_arm("id", &read, &name).to_token_stream().to_string(),
            arm.to_token_stream().to_string()
        );
        let stmt: syn::Stmt = syn::parse2(quote!(entry(&mut map, "id", &self.id);)).unwrap();
        let text = |t: &dyn ToTokens| t.to_token_stream().to_string();
        assert_eq!(text(&write_stmt(&write, "id", &name)), text(&stmt));
        let clone: syn::FieldValue = syn::parse2(quote!(id: self.id.clone())).unwrap();
        assert_eq!(text(&clone_value(&name, false)), text(&clone));
        let copy: syn::FieldValue = syn::parse2(quote!(id: self.id)).unwrap();
        assert_eq!(text(&clone_value(&name, true)), text(&copy));
        let none: syn::FieldValue = syn::parse2(quote!(id: None)).unwrap();
        assert_eq!(text(&none_value(&name)), text(&none));
        let line = DocLine::new(" A \"quoted\" line.");
        let attr: Vec<syn::Attribute> =
            syn::parse::Parser::parse2(syn::Attribute::parse_outer, quote!(#[doc = #line]))
                .unwrap();
        assert_eq!(text(&doc(&line)), text(&attr[0]));
    }
}
