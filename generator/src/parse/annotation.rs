//! Block annotations: `<!-- { "blockType": "request", "name": "x" } -->`.

use super::json;
use crate::diag::Sink;
use crate::doc::{Annotation, BlockType};
use serde_json::Value;

/// What an HTML comment turned out to be.
pub enum Comment {
    Annotation(Box<Annotation>),
    /// Page annotations (`#page.annotation`), `uuid:` stamps and prose comments.
    Other,
}

/// Reads the JSON inside an HTML comment that starts on `line`.
pub fn parse_comment(inner: &str, line: usize, sink: &mut Sink) -> Comment {
    let trimmed = inner.trim_start();
    if !trimmed.starts_with('{') {
        return Comment::Other;
    }
    // Lines skipped by trim_start, so positions stay right (counted before decoding, which
    // shortens the text).
    let lead_lines = inner[..inner.len() - trimmed.len()].matches('\n').count();
    // Translation tools sometimes escape the quotes: `"@type&quot;: &quot;microsoft.graph.x"`.
    let decoded;
    let trimmed = if trimmed.contains("&quot;") || trimmed.contains("&amp;") {
        sink.warn(
            line,
            1,
            "annotation-json",
            "annotation holds HTML entities (`&quot;`); decoded",
        );
        decoded = trimmed
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        decoded.as_str()
    } else {
        trimmed
    };
    let read = json::parse(trimmed);
    let Some(Value::Object(map)) = read.value else {
        sink.error(
            line,
            1,
            "annotation-json",
            "annotation is not a JSON object; the block below it is read without it",
        );
        return Comment::Other;
    };
    if map
        .get("type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.contains("page.annotation"))
    {
        return Comment::Other;
    }
    for f in &read.forgiven {
        let at = line + lead_lines + f.line - 1;
        sink.warn(
            at,
            if f.line == 1 { 1 } else { f.col },
            "annotation-json",
            format!("invalid annotation JSON forgiven: {}", f.what),
        );
    }
    let mut a = Annotation {
        line,
        ..Annotation::default()
    };
    let text = |k: &str| map.get(k).and_then(Value::as_str).map(str::to_string);
    let flag = |k: &str| match map.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let list = |k: &str| -> Vec<String> {
        match map.get(k) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(|s| s.trim().to_string())
                .collect(),
            Some(Value::String(s)) => s
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            _ => Vec::new(),
        }
    };
    if let Some(bt) = text("blockType") {
        match BlockType::parse(&bt) {
            Some(t) => a.block_type = Some(t),
            None => sink.warn(
                line,
                1,
                "unknown-block-type",
                format!("unknown blockType `{bt}`; the block is ignored"),
            ),
        }
        if a.block_type.is_none() {
            a.block_type = Some(BlockType::Ignored);
        }
    }
    a.names = list("name");
    let ty = text("@odata.type")
        .or_else(|| text("@type"))
        .or_else(|| text("@type.aka"));
    if let Some(ty) = ty {
        let (name, collection) = odata_type_name(&ty);
        a.odata_type = Some(primitive_name(&name).map_or(name, str::to_string));
        a.is_collection = collection;
    }
    a.is_collection |= flag("isCollection");
    a.collection_property = text("collectionProperty");
    a.truncated = flag("truncated");
    a.optional_properties = list("optionalProperties");
    a.nullable_properties = list("nullableProperties");
    a.key_property = text("keyProperty");
    a.base_type = text("baseType").map(|b| odata_type_name(&b).0);
    a.open_type = flag("openType");
    a.is_abstract = flag("abstract");
    a.is_empty = flag("isEmpty");
    a.expect_error = flag("expectError");
    a.is_media_entity = flag("isMediaEntity");
    a.opaque_url = flag("opaqueUrl");
    a.sample_keys = list("sampleKeys");
    Comment::Annotation(Box::new(a))
}

pub use crate::notation::odata_type_name;

/// `"@odata.type": "string"`: an annotation naming an OData primitive (the format's own
/// names, the same in every language) names `Edm.String`, not a model called `string`.
fn primitive_name(name: &str) -> Option<&'static str> {
    const PRIMITIVES: &[&str] = &[
        "Edm.String",
        "Edm.Boolean",
        "Edm.Int16",
        "Edm.Int32",
        "Edm.Int64",
        "Edm.Byte",
        "Edm.SByte",
        "Edm.Single",
        "Edm.Double",
        "Edm.Decimal",
        "Edm.DateTimeOffset",
        "Edm.Date",
        "Edm.TimeOfDay",
        "Edm.Duration",
        "Edm.Guid",
        "Edm.Binary",
        "Edm.Stream",
    ];
    let bare = name
        .strip_prefix("microsoft.graph.")
        .or_else(|| name.strip_prefix("graph."))
        .or_else(|| name.strip_prefix("Edm."))
        .unwrap_or(name);
    PRIMITIVES
        .iter()
        .find(|p| p[4..].eq_ignore_ascii_case(bare))
        .copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn primitive_annotations_name_primitives() {
        assert_eq!(super::primitive_name("string"), Some("Edm.String"));
        assert_eq!(
            super::primitive_name("microsoft.graph.String"),
            Some("Edm.String")
        );
        assert_eq!(super::primitive_name("Edm.Int64"), Some("Edm.Int64"));
        assert_eq!(
            super::primitive_name("microsoft.graph.stringKeyValuePair"),
            None
        );
        assert_eq!(super::primitive_name("microsoft.graph.user"), None);
    }

    use super::*;

    fn read(text: &str) -> (Option<Annotation>, Vec<String>) {
        let mut sink = Sink::new("p.md");
        let a = match parse_comment(text, 10, &mut sink) {
            Comment::Annotation(a) => Some(*a),
            Comment::Other => None,
        };
        (a, sink.items.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn fuzz_crash_entity_near_a_multibyte_character() {
        // `cargo fuzz run annotation` in CI found this: the leading-line count sliced the
        // decoded (shorter) text at the original's length.
        let text = " {\n  \u{79d} .. \"optionalPrope&quot;\n\"jl {\n s\": [\n    @\"iLsnoIbby\",\nalPropert {\nalPropert {\n  \"bloc";
        let (_, d) = read(text);
        assert!(!d.is_empty());
    }

    #[test]
    fn fields_the_pages_use() {
        let (a, d) = read(
            r#" { "blockType": "response", "name": ["a", "b"], "@odata.type": "Collection(microsoft.graph.user)", "truncated": true } "#,
        );
        let a = a.unwrap();
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(a.block_type, Some(BlockType::Response));
        assert_eq!(a.names, ["a", "b"]);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
        assert!(a.is_collection && a.truncated);
    }

    #[test]
    fn trailing_comma_is_forgiven_and_reported() {
        let (a, d) = read("{\n  \"blockType\": \"request\",\n}");
        assert_eq!(a.unwrap().block_type, Some(BlockType::Request));
        assert_eq!(d, ["p.md:12:1: warning[annotation-json]: invalid annotation JSON forgiven: trailing comma"]);
    }

    #[test]
    fn page_annotations_and_stamps_are_not_block_annotations() {
        assert!(
            read(r##"{"type": "#page.annotation", "description": "x"}"##)
                .0
                .is_none()
        );
        assert!(read(" uuid: 8fcb5dbc ").0.is_none());
    }

    #[test]
    fn html_entities_from_translation_tools() {
        let (a, d) = read(
            r#"{ "blockType": "resource", "@type&quot;: &quot;microsoft.graph.commentAction" }"#,
        );
        assert_eq!(
            a.unwrap().odata_type.as_deref(),
            Some("microsoft.graph.commentAction")
        );
        assert!(d[0].contains("HTML entities"), "{d:?}");
    }

    #[test]
    fn unknown_block_type() {
        let (a, d) = read(r#"{"blockType": "snippet"}"#);
        assert_eq!(a.unwrap().block_type, Some(BlockType::Ignored));
        assert!(d[0].contains("warning[unknown-block-type]"), "{d:?}");
    }
}
