//! What operations take and return, on small pages written by us (the corpus versions are
//! in `shapes_corpus.rs`): MIME beside JSON, raw routes, `$count`, routes a page only
//! lists, updates, descriptions, and one type per property down a hierarchy.

use docgen_codegen::ir::{Ir, Operation};
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

const NOTE: &str = "---\ndoc_type: resourcePageType\n---\n# note\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n| title | String | Title. |\n| tags | String collection | Tags. |\n| weight | Double | Weight. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```json\n{ \"id\": \"String\", \"title\": \"String\", \"tags\": [\"String\"], \"weight\": 1.5 }\n```\n";
const STICKY: &str = "---\ndoc_type: resourcePageType\n---\n# stickyNote\n\nInherits from [note](note.md).\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n| title | String | Title. |\n| tags | String | Tags. |\n| weight | Int32 | Weight. |\n| color | String | Color. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"baseType\": \"microsoft.graph.note\", \"@odata.type\": \"microsoft.graph.stickyNote\" } -->\n```json\n{ \"id\": \"String\", \"title\": \"String\", \"tags\": \"String\", \"weight\": 1, \"color\": \"String\" }\n```\n";

#[test]
fn mime_is_a_method_beside_the_json_body() {
    let page = "---\ndoc_type: apiPageType\n---\n# note: share\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /notes/{id}/share\nPOST /me/notes/{id}/share\n```\n\n## Request body\n| Parameter | Type | Description |\n|--|--|--|\n| comment | String | A comment. |\n\n## Examples\n<!-- { \"blockType\": \"request\", \"name\": \"share_json\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/notes/1/share\nContent-Type: application/json\n\n{ \"comment\": \"hi\" }\n```\n\n<!-- { \"blockType\": \"request\", \"name\": \"share_mime\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/notes/1/share\nContent-Type: text/plain\n\nRnJvbTogQWxleA==\n```\n";
    let ir = ir_of(&[("resources/note.md", NOTE), ("api/note-share.md", page)]);
    for path in [
        "/notes/{note-id}/share",
        "/users/{user-id}/notes/{note-id}/share",
    ] {
        let share = op(&ir, "POST", path);
        let body = share.body.as_ref().expect("the JSON body");
        assert_eq!(
            body.ty, None,
            "{path}: the MIME request's type is not the body's"
        );
        assert_eq!(body.properties[0].name, "comment");
        assert_eq!(share.alternative_content_types, ["text/plain"], "{path}");
    }
    let code = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .unwrap()
        .0;
    assert!(code.contains("pub fn share("), "{code}");
    assert!(code.contains("pub fn share_mime("));
    assert!(code.contains(".body_bytes(body, \"text/plain\")"));
}

#[test]
fn text_alone_is_the_body() {
    let page = "---\ndoc_type: apiPageType\n---\n# upload\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPUT /notes/{id}/content\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"upload\" } -->\n```http\nPUT https://graph.microsoft.com/v1.0/notes/1/content\nContent-Type: text/plain\n\nThe contents.\n```\n";
    let ir = ir_of(&[("resources/note.md", NOTE), ("api/note-upload.md", page)]);
    let upload = op(&ir, "PUT", "/notes/{note-id}/content");
    assert_eq!(
        upload.body.as_ref().and_then(|b| b.ty.as_deref()),
        Some("Edm.Stream")
    );
    assert!(upload.alternative_content_types.is_empty());
}

#[test]
fn listed_routes_raw_routes_and_counts_are_typed() {
    let get = "---\ndoc_type: apiPageType\n---\n# Get note\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /me/note\nGET /notes/{id}\nGET /boards/{id}/note\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"get_note\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/me/note\n```\n<!-- { \"blockType\": \"request\", \"name\": \"get_board_note\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/boards/7/note\n```\n<!-- { \"blockType\": \"response\", \"name\": \"get_note\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{ \"id\": \"1\", \"title\": \"a\" }\n```\n";
    let raw = "---\ndoc_type: apiPageType\n---\n# Get note content\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /notes/{id}/content\nGET /notes/{id}/photo/$value\nGET /notes/$count\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"get_content\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/notes/1/content\n```\n<!-- { \"blockType\": \"response\", \"name\": \"get_content\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```http\nHTTP/1.1 302 Found\nLocation: https://download.example.test/1\n```\n";
    let count = "---\ndoc_type: apiPageType\n---\n# List notes\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /boards/{id}/notes/$count\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"count\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/boards/1/notes/$count\n```\n<!-- { \"blockType\": \"response\", \"name\": \"count\", \"@odata.type\": \"string\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: text/plain\n\n42\n```\n";
    let ir = ir_of(&[
        ("resources/note.md", NOTE),
        ("api/note-get.md", get),
        ("api/note-get-content.md", raw),
        ("api/note-list.md", count),
    ]);
    for path in [
        "/users/{user-id}/note",
        "/notes/{note-id}",
        "/boards/{board-id}/note",
    ] {
        let r = op(&ir, "GET", path).response.as_ref().expect("an answer");
        assert_eq!(r.ty.as_deref(), Some("microsoft.graph.note"), "{path}");
    }
    for path in ["/notes/{note-id}/content", "/notes/{note-id}/photo/$value"] {
        let r = op(&ir, "GET", path).response.as_ref().expect("an answer");
        assert_eq!(r.ty.as_deref(), Some("Edm.Stream"), "{path}");
    }
    for path in ["/notes/$count", "/boards/{board-id}/notes/$count"] {
        let r = op(&ir, "GET", path).response.as_ref().expect("an answer");
        assert_eq!(r.ty.as_deref(), Some("Edm.Int64"), "{path}");
    }
    assert!(
        !ir.types.iter().any(|t| t.name.ends_with(".string")),
        "`\"@odata.type\": \"string\"` is no model"
    );
    let code = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .unwrap()
        .0;
    assert!(
        code.contains("runtime::Request<'a, i64>"),
        "$count is an integer"
    );
    assert!(
        code.contains("runtime::decode_bytes"),
        "raw content is bytes"
    );
}

#[test]
fn updates_send_the_model_and_the_page_about_the_resource_speaks() {
    let get = "---\ndoc_type: apiPageType\ndescription: \"Get a note.\"\n---\n# Get note\n\nGet a note.\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /notes/{id}\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"get_note\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/notes/1\n```\n<!-- { \"blockType\": \"response\", \"name\": \"get_note\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{ \"id\": \"1\" }\n```\n";
    let update = "---\ndoc_type: apiPageType\ndescription: \"Update a note.\"\n---\n# Update note\n\nUpdate a note.\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPATCH /notes/{id}\n```\n\n## Request body\n| Property | Type | Description |\n|--|--|--|\n| title | String | Title. |\n| tags | String collection | Tags. |\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"update_note\" } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/notes/1\nContent-Type: application/json\n\n{ \"title\": \"b\" }\n```\n";
    // A derived type's page listing the same routes, first in path order.
    let sticky = "---\ndoc_type: apiPageType\ndescription: \"Update a sticky note.\"\n---\n# Update stickyNote\n\nUpdate a sticky note.\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /notes/{id}\nPATCH /notes/{id}\n```\n\n## Request body\n| Property | Type | Description |\n|--|--|--|\n| tags | String | Tags. |\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"update_sticky\" } -->\n```http\nPATCH https://graph.microsoft.com/v1.0/notes/1\nContent-Type: application/json\n\n{ \"tags\": \"x\" }\n```\n";
    let ir = ir_of(&[
        ("resources/note.md", NOTE),
        ("resources/stickynote.md", STICKY),
        ("api/a-stickynote-update.md", sticky),
        ("api/note-get.md", get),
        ("api/note-update.md", update),
    ]);
    let patch = op(&ir, "PATCH", "/notes/{note-id}");
    let body = patch.body.as_ref().expect("a body");
    assert_eq!(body.ty.as_deref(), Some("microsoft.graph.note"));
    let listed: Vec<(&str, bool)> = body
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.collection))
        .collect();
    assert_eq!(
        listed,
        [("title", false), ("tags", true)],
        "note-update.md's rows"
    );
    assert_eq!(patch.description.as_deref(), Some("Update a note."));
    assert_eq!(
        op(&ir, "GET", "/notes/{note-id}").description.as_deref(),
        Some("Get a note.")
    );
    let code = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .unwrap()
        .0;
    assert!(
        code.contains("body: &models::Note)"),
        "the model, not AnyNote: {code}"
    );
    assert!(code.contains("The page lists as updatable: `title`, `tags`."));
}

#[test]
fn a_property_keeps_its_base_type_down_the_hierarchy() {
    // An operation answering a note, so that `AnyNote` is used.
    let get = "---\ndoc_type: apiPageType\n---\n# Get note\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /notes/{id}\n```\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"get_note\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/notes/1\n```\n<!-- { \"blockType\": \"response\", \"name\": \"get_note\", \"@odata.type\": \"microsoft.graph.note\" } -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{ \"id\": \"1\" }\n```\n";
    let ir = ir_of(&[
        ("resources/note.md", NOTE),
        ("resources/stickynote.md", STICKY),
        ("api/note-get.md", get),
    ]);
    let sticky = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.stickyNote")
        .unwrap();
    let of = |name: &str| {
        let p = sticky.properties.iter().find(|p| p.name == name).unwrap();
        (p.ty.as_str(), p.collection)
    };
    assert_eq!(of("tags"), ("Edm.String", true));
    assert_eq!(of("weight"), ("Edm.Double", false));
    assert_eq!(of("color"), ("Edm.String", false));
    let reported: Vec<&str> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "inherited-type")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(reported.len(), 2, "{reported:?}");
    let code = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .unwrap()
        .0;
    let any = &code[code.find("impl AnyNote {").expect("AnyNote")..];
    let any = &any[..any.find("\n    }\n").unwrap_or(any.len())];
    assert!(any.contains("pub fn weight(&self)"), "{any}");
    assert!(any.contains("pub fn tags(&self)"), "{any}");
}
