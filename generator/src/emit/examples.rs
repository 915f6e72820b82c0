//! A round-trip test of every documented example body, emitted as a test file.
//!
//! Each body must deserialize into its generated type and serialize back to equal JSON.
//! Equal means: nulls and absent properties are the same, numbers compare by value
//! (`99` is `99.0`), timestamps and times of day are compared as `time` writes them
//! (`.5000000Z` is `.5Z`), and GUIDs ignore case.
//!
//! Each case carries the codes of the diagnostics docgen reported at that example (a
//! value contradicting its declared type, a single entity wrapped in `value`...), so a
//! failure is either explained by a mistake the docs were found to make, or unexplained.

use super::TypeSpace;
use crate::ir::Ir;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The test file; with `gated`, each case is compiled only with the features its type needs.
pub fn test_file(ir: &Ir, crate_name: &str, gated: bool) -> TokenStream {
    let reserved = super::client::reserved_names(&super::client::plan(ir).1);
    let space = TypeSpace::new(ir, &reserved, super::DEFAULT_RUNTIME_PATH).gated(gated);
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    // Diagnostics docgen reported at each example body: the docs' own mistakes there.
    let mut issues: std::collections::HashMap<String, std::collections::BTreeSet<&str>> =
        std::collections::HashMap::new();
    for d in ir
        .diagnostics
        .iter()
        .filter(|d| crate::infer::EXAMPLE_MISTAKES.contains(&d.code))
    {
        issues
            .entry(format!("{}:{}", d.path, d.line))
            .or_default()
            .insert(d.code);
    }
    // With a feature per area, the areas any case needs: the test exists only with one of them.
    let mut gated_by = std::collections::BTreeSet::new();
    let cases: Vec<TokenStream> = ir.examples.iter().filter_map(|e| {
        // The type the client hands back: the `Any*` enum for a polymorphic base.
        let name = space.any_name(&e.ty).or_else(|| space.rust_name(&e.ty))?;
        if space.get(&e.ty).is_some_and(|t| t.kind == crate::ir::Kind::Enum) {
            return None;
        }
        let ident = format_ident!("{}", name);
        let ty = match (e.collection, &e.json) {
            (true, serde_json::Value::Array(_)) => quote!(::std::vec::Vec<models::#ident>),
            (true, _) => quote!(#krate::runtime::Collection<models::#ident>),
            (false, _) => quote!(models::#ident),
        };
        let source = &e.source;
        let json = e.json.to_string();
        let codes = issues.get(&e.source).into_iter().flatten();
        let areas = space.type_areas(&e.ty, space.any_name(&e.ty).is_some());
        let cfg = areas.as_deref().map(super::gate::attribute);
        if let Some(a) = areas {
            gated_by.extend(a);
        }
        Some(quote!(#cfg Case { source: #source, json: #json, check: round_trip::<#ty>, docs_issues: &[#(#codes),*] },))
    }).collect();
    let module_cfg =
        gated.then(|| super::gate::attribute(&gated_by.into_iter().collect::<Vec<_>>()));
    // Skipped by rustfmt: the file is prettyplease's output, and the drift check holds it so.
    quote! {
        #[rustfmt::skip]
        #module_cfg
        mod documented_examples {
        use #krate::{models, runtime};
        use runtime::serde_json::{self, Value};

        /// One documented body, the check of its type, and what docgen found wrong in it.
        struct Case {
            source: &'static str,
            json: &'static str,
            check: fn(&str) -> ::std::result::Result<(), ::std::string::String>,
            docs_issues: &'static [&'static str],
        }

        const CASES: &[Case] = &[#(#cases)*];

        fn round_trip<T: runtime::serde::Serialize + runtime::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<(), ::std::string::String> {
            let original: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
            let typed: T = serde_json::from_value(original.clone()).map_err(|e| ::std::format!("does not deserialize: {e}"))?;
            let back = serde_json::to_value(&typed).map_err(|e| ::std::format!("does not serialize: {e}"))?;
            let (original, back) = (normalize(original), normalize(back));
            if original == back {
                ::std::result::Result::Ok(())
            } else {
                ::std::result::Result::Err(::std::format!("differs after the round trip:\n  docs: {original}\n  back: {back}"))
            }
        }

        fn normalize(v: Value) -> Value {
            match v {
                Value::Object(map) => Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, normalize(v))).collect()),
                Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
                Value::String(s) => Value::String(normalize_string(s)),
                // `99` and `99.0` are the same JSON number.
                Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Number(n), Value::Number),
                other => other,
            }
        }

        fn normalize_string(s: ::std::string::String) -> ::std::string::String {
            // The runtime's own notations (`time`'s format macros need `time` at the crate root).
            if let ::std::option::Option::Some(t) = <runtime::time::OffsetDateTime as runtime::odata::text::Text>::from_text(&s) {
                return runtime::odata::text::Text::to_text(&t);
            }
            if let ::std::option::Option::Some(t) = <runtime::time::Time as runtime::odata::text::Text>::from_text(&s) {
                return runtime::odata::text::Text::to_text(&t);
            }
            let hex = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_hexdigit());
            let parts: ::std::vec::Vec<&str> = s.split('-').collect();
            if parts.len() == 5 && [8, 4, 4, 4, 12].iter().zip(&parts).all(|(n, p)| hex(p, *n)) {
                return s.to_ascii_lowercase();
            }
            s
        }

        /// Every example must pass, unless `ROUNDTRIP_MIN_PERCENT` accepts a lower rate and
        /// `ROUNDTRIP_MAX_UNEXPLAINED` some failures that no docs mistake explains (for
        /// measuring a whole reference whose docs are known to be imperfect).
        #[test]
        fn documented_examples_round_trip() {
            // Large models nest deeply; unoptimised builds need more stack than a test thread has.
            let failures: ::std::vec::Vec<(&Case, ::std::string::String)> = ::std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(|| CASES.iter().filter_map(|case| (case.check)(case.json).err().map(|e| (case, e))).collect())
                .expect("a test thread starts")
                .join()
                .expect("the round trip does not panic");
            assert!(!CASES.is_empty(), "the docs have typed examples");
            let passed = CASES.len() - failures.len();
            let rate = 100.0 * passed as f64 / CASES.len() as f64;
            let mut by_issue: ::std::collections::BTreeMap<&str, usize> = ::std::collections::BTreeMap::new();
            for (case, _) in &failures {
                for code in case.docs_issues {
                    *by_issue.entry(code).or_default() += 1;
                }
            }
            let unexplained: ::std::vec::Vec<::std::string::String> =
                failures.iter().filter(|(case, _)| case.docs_issues.is_empty()).map(|(case, e)| ::std::format!("{}: {e}", case.source)).collect();
            println!("round trip: {passed} of {} documented examples pass ({rate:.1}%)", CASES.len());
            if !failures.is_empty() {
                let issues: ::std::vec::Vec<::std::string::String> = by_issue.iter().map(|(code, n)| ::std::format!("{code} {n}")).collect();
                println!("failures: {} where docgen diagnosed the docs ({}), {} unexplained", failures.len() - unexplained.len(), issues.join(", "), unexplained.len());
                for (case, e) in &failures {
                    let cause = if case.docs_issues.is_empty() { ::std::string::String::from("unexplained") } else { case.docs_issues.join(", ") };
                    println!("{} [{cause}]: {e}", case.source);
                }
            }
            let min: f64 = ::std::env::var("ROUNDTRIP_MIN_PERCENT").ok().and_then(|v| v.parse().ok()).unwrap_or(100.0);
            let max_unexplained: usize = ::std::env::var("ROUNDTRIP_MAX_UNEXPLAINED").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
            assert!(rate >= min, "{} of {} documented examples fail the round trip (see above)", failures.len(), CASES.len());
            assert!(unexplained.len() <= max_unexplained, "{} failures are not explained by a diagnosed docs mistake:\n{}", unexplained.len(), unexplained.join("\n"));
        }
        }
    }
}
