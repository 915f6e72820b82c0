//! `docgen routes`: every listed call walks the generated client, method by method, and the
//! method it ends on carries the route as a rustdoc search alias.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn docgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docgen"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("docgen runs")
}

/// A method of the generated client: what it returns (a builder's name) and its aliases.
struct Method {
    returns: String,
    aliases: Vec<String>,
}

/// Every inherent method of the checked-in client, by `(impl type, method name)`.
fn methods() -> HashMap<(String, String), Method> {
    let text = std::fs::read_to_string(root().join("generated/src/client.rs")).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let mut out = HashMap::new();
    let mut items: Vec<syn::Item> = file.items;
    while let Some(item) = items.pop() {
        match item {
            syn::Item::Mod(m) => items.extend(m.content.map(|c| c.1).unwrap_or_default()),
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let syn::Type::Path(p) = &*i.self_ty else {
                    continue;
                };
                let ty = p.path.segments.last().unwrap().ident.to_string();
                for it in i.items {
                    let syn::ImplItem::Fn(f) = it else { continue };
                    let returns = match &f.sig.output {
                        syn::ReturnType::Type(_, t) => match &**t {
                            syn::Type::Path(p) => p.path.segments.last().unwrap().ident.to_string(),
                            _ => String::new(),
                        },
                        syn::ReturnType::Default => String::new(),
                    };
                    let aliases = f
                        .attrs
                        .iter()
                        .filter(|a| a.path().is_ident("doc"))
                        .filter_map(|a| a.parse_args::<syn::MetaNameValue>().ok())
                        .filter(|nv| nv.path.is_ident("alias"))
                        .filter_map(|nv| match nv.value {
                            syn::Expr::Lit(syn::ExprLit {
                                lit: syn::Lit::Str(s),
                                ..
                            }) => Some(s.value()),
                            _ => None,
                        })
                        .collect();
                    let name = f.sig.ident.to_string();
                    out.insert((ty.clone(), name), Method { returns, aliases });
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_route_lists_a_call_the_client_has_and_the_method_is_found_by_its_route() {
    let out = docgen(&["routes", "docs-input", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let routes: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(routes.len() >= 15, "{} routes", routes.len());
    let methods = methods();
    let mut me = 0;
    for r in &routes {
        let (path, call) = (r["path"].as_str().unwrap(), r["call"].as_str().unwrap());
        assert!(r["page"].as_str().unwrap().starts_with("api/"), "{r}");
        assert_eq!(r["pages"][0], r["page"], "{r}");
        let chain = call
            .strip_prefix("client.")
            .expect("a call starts at the client");
        let steps: Vec<&str> = chain.split(").").collect();
        let mut ty = "Client".to_string();
        for (i, step) in steps.iter().enumerate() {
            let name = step.split('(').next().unwrap();
            let m = methods
                .get(&(ty.clone(), name.to_string()))
                .unwrap_or_else(|| panic!("{call}: `{ty}` has no method `{name}`"));
            if i + 1 == steps.len() {
                let alias = path.replace('\'', "");
                assert!(
                    m.aliases.contains(&alias),
                    "{call}: no alias {alias}: {:?}",
                    m.aliases
                );
            } else {
                ty = m.returns.clone();
            }
        }
        me += usize::from(path.starts_with("/me/") && call.starts_with("client.me()."));
    }
    assert!(me > 0, "a /me route is reached by client.me()");
    let list = routes
        .iter()
        .find(|r| {
            r["method"] == "GET" && r["path"] == "/communications/calls/{call-id}/participants"
        })
        .expect("a call's participants are listed");
    assert_eq!(
        list["call"],
        "client.communications().calls().by_id(..).participants().list()"
    );
}

#[test]
fn a_path_glob_narrows_the_list_and_nothing_matching_fails() {
    let out = docgen(&["routes", "docs-input", "--path", "/communications/calls/**"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(text.lines().count(), 12, "{text}");
    for line in text.lines() {
        let (_, rest) = line.split_once(' ').unwrap();
        assert!(rest.starts_with("/communications/calls"), "{line}");
        assert!(line.contains("client."), "{line}");
        assert!(line.contains("api/"), "{line}");
    }
    let none = docgen(&["routes", "docs-input", "--path", "/no/such/route"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no route matches"));
}
