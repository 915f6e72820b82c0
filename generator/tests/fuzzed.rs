//! Inputs the fuzz targets (generator/fuzz) found failing, kept as regression tests.

use docgen_codegen::parse::json;

/// fuzz json, crash-8250dd2b: a raw NUL inside a string. serde_json rejects it (strict JSON
/// escapes control characters); the lenient reader took it without saying so, so the body
/// was neither strict nor explained.
#[test]
fn control_character_in_a_string_is_reported() {
    let text =
        "{\n  \"value\": [{\"@odata.G\u{0}pe\": \"#microsoft.graph.commsNotification\"}]\n}\n";
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    let read = json::parse(text);
    let what: Vec<(usize, &str)> = read
        .forgiven
        .iter()
        .map(|f| (f.line, f.what.as_str()))
        .collect();
    assert_eq!(what, [(2, "control character in a string")]);
    assert!(read.value.is_some());
}

/// Found while fixing the one above, by the same rule (what is not strict is explained):
/// unknown escapes, lone surrogates and signed `\u` digits were taken silently.
#[test]
fn escapes_strict_json_rejects_are_reported() {
    for (text, note) in [
        (r#"{"a": "\x"}"#, "unknown escape `\\x`; read as `x`"),
        (
            r#"{"a": "\udc00"}"#,
            "lone surrogate in a \\u escape; read as U+FFFD",
        ),
        (r#"{"a": "\u+12f"}"#, "bad \\u escape"),
    ] {
        assert!(
            serde_json::from_str::<serde_json::Value>(text).is_err(),
            "{text}"
        );
        let read = json::parse(text);
        assert!(
            read.forgiven.iter().any(|f| f.what == note),
            "{text}: {:?}",
            read.forgiven
        );
    }
}

/// fuzz json, crash-861ae7db (found by CI's own fuzz run): a body that starts with a stray
/// `:` and ends inside an unterminated string.
#[test]
fn a_stray_colon_and_an_unterminated_string_are_explained_and_located() {
    let text = ":\n  \"identity\": {\"@odata.type\": \"#microsoft.gltph.identitySet\"},\n  \"replacesCallId\": \"";
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    let read = json::parse(text);
    let lines = text.split('\n').count();
    assert!(!read.forgiven.is_empty());
    assert!(read.forgiven.len() <= json::MAX_NOTES + 1);
    assert!(read
        .forgiven
        .iter()
        .all(|f| f.line >= 1 && f.line <= lines && f.col >= 1));
}

/// fuzz json, crash-c77f9a4d (CI's fuzz run): a body with an entity-escaped quote and more
/// than a hundred other problems listed one note too many, the `&quot;` note on top of a
/// full list.
#[test]
fn an_escaped_quote_note_stays_within_the_cap() {
    let mut text = String::from("{\n  \"displAts\":&quot; [\n \"Sm\"String\",\n");
    for i in 0..60 {
        text.push_str(&format!("  \"k{i}\" \"v\" x,\n"));
    }
    text.push('}');
    let read = json::parse(&text);
    assert!(
        read.forgiven.len() <= json::MAX_NOTES + 1,
        "{}",
        read.forgiven.len()
    );
    let lines = text.split('\n').count();
    assert!(read
        .forgiven
        .iter()
        .all(|f| f.line >= 1 && f.line <= lines && f.col >= 1));
}
