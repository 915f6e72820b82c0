//! Numbers beyond f64 in properties a model does not describe: kept exactly with the
//! `exact-numbers` feature, read as the nearest f64 without it (the documented default).
//! `cargo test -p docgen-runtime --features exact-numbers --test numbers` checks the first.

use docgen_runtime::Collection;

const PAGE: &str = r#"{"value":[1],"big":123456789012345678901234567890,"neg":-98765432109876543210987,"pi":3.14159265358979323846264338327950288,"small":1.5,"int":7}"#;

#[test]
fn numbers_in_unknown_properties_round_trip_as_the_feature_says() {
    let page: Collection<i32> = serde_json::from_str(PAGE).unwrap();
    let back = serde_json::to_string(&page).unwrap();
    assert!(
        back.contains(r#""small":1.5"#) && back.contains(r#""int":7"#),
        "{back}"
    );
    if cfg!(feature = "exact-numbers") {
        for exact in [
            "123456789012345678901234567890",
            "-98765432109876543210987",
            "3.14159265358979323846264338327950288",
        ] {
            assert!(back.contains(exact), "{exact} lost in {back}");
        }
    } else {
        // Without the feature serde_json keeps the nearest f64: documented, not silent.
        assert!(back.contains(r#""big":1.2345678901234568e+29"#), "{back}");
    }
}
