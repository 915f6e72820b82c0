//! Content routes: headers the transport computes are not options, and a GET answering
//! binary content (`$value`, `/content`) asks for any media type and can be streamed.

use docgen_codegen::ir::{Ir, Operation, ParameterIn};
use docgen_codegen::Config;
use std::fs;

fn ir_of(pages: &[(&str, &str)]) -> Ir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in pages {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    Config::new().input(dir.path()).load().unwrap().0
}

fn op<'a>(ir: &'a Ir, method: &str, path: &str) -> &'a Operation {
    ir.operations
        .iter()
        .find(|o| o.method == method && o.path == path)
        .unwrap_or_else(|| panic!("no `{method} {path}` in {:#?}", ir.operations))
}

fn code(ir: &Ir) -> String {
    docgen_codegen::emit::render(ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .unwrap()
        .0
}

const NOTE: &str = "---\ndoc_type: resourcePageType\n---\n# note\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n| title | String | Title. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```json\n{ \"id\": \"String\", \"title\": \"String\" }\n```\n";

const UPLOAD: &str = "---\ndoc_type: apiPageType\n---\n# Upload note content\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPUT /notes/{id}/content\n```\n\n## Request headers\n| Name | Description |\n|--|--|\n| Authorization | Bearer {token}. Required. |\n| Content-Type | text/plain. Required. |\n| Content-Length | The size of the content in bytes. Required. |\n| Prefer | respond-async. Optional. |\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"upload\" } -->\n```http\nPUT https://graph.microsoft.com/v1.0/notes/1/content\nContent-Type: text/plain\n\nThe contents.\n```\n";

const DOWNLOAD: &str = "---\ndoc_type: apiPageType\n---\n# Get note content\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /notes/{id}/content\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"get_content\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/notes/1/content\n```\n<!-- { \"blockType\": \"response\", \"name\": \"get_content\" } -->\n```http\nHTTP/1.1 302 Found\nLocation: https://download.example.test/1\n```\n";

#[test]
fn content_length_is_not_an_option() {
    let ir = ir_of(&[("resources/note.md", NOTE), ("api/note-upload.md", UPLOAD)]);
    let upload = op(&ir, "PUT", "/notes/{note-id}/content");
    let headers: Vec<&str> = upload
        .parameters
        .iter()
        .filter(|p| p.location == ParameterIn::Header)
        .map(|p| p.name.as_str())
        .collect();
    // The table is read (Prefer stays), but the transport computes the length.
    assert_eq!(headers, ["Prefer"], "{:#?}", upload.parameters);
    let code = code(&ir);
    assert!(
        !code.to_ascii_lowercase().contains("content_length"),
        "{code}"
    );
    assert!(!code.contains("ContentLength"), "{code}");
}

#[test]
fn a_content_get_asks_for_any_type_and_documents_the_download() {
    let ir = ir_of(&[
        ("resources/note.md", NOTE),
        ("api/note-get-content.md", DOWNLOAD),
    ]);
    let get = op(&ir, "GET", "/notes/{note-id}/content");
    assert_eq!(
        get.response.as_ref().and_then(|r| r.ty.as_deref()),
        Some("Edm.Stream")
    );
    let code = code(&ir);
    let start = code.find("`GET /notes/{note-id}/content`").expect(&code);
    let method = &code[start..];
    let method = &method[..method.find("\n    }\n").unwrap_or(method.len())];
    assert!(
        method.contains("runtime::Request<'a, runtime::bytes::Bytes>")
            || method.contains("runtime::Request<'_, runtime::bytes::Bytes>"),
        "{method}"
    );
    assert!(method.contains(".accept_any()"), "{method}");
    assert!(method.contains("`.download()` streams it"), "{method}");
}

#[test]
fn a_content_put_sends_bytes_on_every_route_of_the_page() {
    // Two routes, one example: the listed route sends bytes too.
    let page = UPLOAD.replace(
        "PUT /notes/{id}/content\n",
        "PUT /notes/{id}/content\nPUT /boards/{id}/note/content\n",
    );
    let ir = ir_of(&[("resources/note.md", NOTE), ("api/note-upload.md", &page)]);
    for path in [
        "/notes/{note-id}/content",
        "/boards/{board-id}/note/content",
    ] {
        let put = op(&ir, "PUT", path);
        assert_eq!(
            put.body.as_ref().and_then(|b| b.ty.as_deref()),
            Some("Edm.Stream"),
            "{path}"
        );
    }
    let code = code(&ir);
    assert_eq!(
        code.matches(".body_bytes(body, content_type)").count(),
        2,
        "{code}"
    );
}
