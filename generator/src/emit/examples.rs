//! A round-trip test of every documented example body, emitted as a test file.
//!
//! Each body must deserialize into its generated type and serialize back to equal JSON.
//! Equal means: nulls and absent properties are the same, numbers compare by value
//! (`99` is `99.0`), timestamps are compared as `time` writes them (`.5000000Z` is
//! `.5Z`), and GUIDs ignore case.

use super::TypeSpace;
use crate::ir::Ir;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn test_file(ir: &Ir, crate_name: &str) -> TokenStream {
    let reserved = super::client::reserved_names(&super::client::plan(ir));
    let space = TypeSpace::new(ir, &reserved);
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    let cases = ir.examples.iter().filter_map(|e| {
        // The type the client hands back: the `Any*` enum for a polymorphic base.
        let name = space.any_name(&e.ty).or_else(|| space.rust_name(&e.ty))?;
        if space.get(&e.ty).is_some_and(|t| t.kind == crate::ir::Kind::Enum) {
            return None;
        }
        let ident = format_ident!("{}", name);
        let ty = match (e.collection, &e.json) {
            (true, serde_json::Value::Array(_)) => quote!(::std::vec::Vec<models::#ident>),
            (true, _) => quote!(runtime::Collection<models::#ident>),
            (false, _) => quote!(models::#ident),
        };
        let source = &e.source;
        let json = e.json.to_string();
        Some(quote!((#source, #json, round_trip::<#ty>),))
    });
    quote! {
        use #krate::{models, runtime};
        use ::serde_json::Value;

        type Case = (&'static str, &'static str, fn(&str) -> ::std::result::Result<(), ::std::string::String>);

        const CASES: &[Case] = &[#(#cases)*];

        fn round_trip<T: ::serde::Serialize + ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<(), ::std::string::String> {
            let original: Value = ::serde_json::from_str(json).map_err(|e| e.to_string())?;
            let typed: T = ::serde_json::from_value(original.clone()).map_err(|e| ::std::format!("does not deserialize: {e}"))?;
            let back = ::serde_json::to_value(&typed).map_err(|e| ::std::format!("does not serialize: {e}"))?;
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
                Value::Number(n) => n.as_f64().and_then(::serde_json::Number::from_f64).map_or(Value::Number(n), Value::Number),
                other => other,
            }
        }

        fn normalize_string(s: ::std::string::String) -> ::std::string::String {
            if let ::std::result::Result::Ok(t) = ::time::OffsetDateTime::parse(&s, &::time::format_description::well_known::Rfc3339) {
                return t.format(&::time::format_description::well_known::Rfc3339).unwrap_or(s);
            }
            let hex = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_hexdigit());
            let parts: ::std::vec::Vec<&str> = s.split('-').collect();
            if parts.len() == 5 && [8, 4, 4, 4, 12].iter().zip(&parts).all(|(n, p)| hex(p, *n)) {
                return s.to_ascii_lowercase();
            }
            s
        }

        /// Every example must pass, unless `ROUNDTRIP_MIN_PERCENT` accepts a lower rate
        /// (for measuring a whole reference whose docs are known to be imperfect).
        #[test]
        fn documented_examples_round_trip() {
            // Large models nest deeply; unoptimised builds need more stack than a test thread has.
            let failures: ::std::vec::Vec<::std::string::String> = ::std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(|| CASES.iter().filter_map(|(source, json, check)| check(json).err().map(|e| ::std::format!("{source}: {e}"))).collect())
                .expect("a test thread starts")
                .join()
                .expect("the round trip does not panic");
            assert!(!CASES.is_empty(), "the docs have typed examples");
            let passed = CASES.len() - failures.len();
            let rate = 100.0 * passed as f64 / CASES.len() as f64;
            println!("round trip: {passed} of {} documented examples pass ({rate:.1}%)", CASES.len());
            let min: f64 = ::std::env::var("ROUNDTRIP_MIN_PERCENT").ok().and_then(|v| v.parse().ok()).unwrap_or(100.0);
            if rate < 100.0 && rate >= min {
                for f in &failures {
                    println!("{f}");
                }
            }
            assert!(rate >= min, "{} of {} documented examples fail the round trip:\n{}", failures.len(), CASES.len(), failures.join("\n"));
        }
    }
}
