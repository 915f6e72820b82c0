//! End-to-end behaviour of the library on small docs written for each case.

use docgen_codegen::ir::{Ir, Kind};
use docgen_codegen::Config;
use std::fs;
use std::path::Path;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn ir_of(dir: &Path) -> Ir {
    Config::new().input(dir).load().unwrap().0
}

fn diagnostics(ir: &Ir) -> Vec<String> {
    ir.diagnostics.iter().map(ToString::to_string).collect()
}

/// The seed page: a Russian invite page (ours, in tests/fixtures/seed) alone, with no
/// resource pages beside it, still yields the typed operation.
#[test]
fn seed_page_in_russian_yields_the_invite_operation() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixtures().join("seed/participant-invite.ru.md")).unwrap();
    write(dir.path(), "api/participant-invite.md", &text);
    let ir = ir_of(dir.path());
    let op = ir
        .operations
        .iter()
        .find(|o| o.path == "/communications/calls/{call-id}/participants/invite")
        .expect("an invite operation");
    assert_eq!(op.method, "POST");
    assert_eq!(
        op.name,
        "POST /communications/calls/{call-id}/participants/invite"
    );
    let body = op.body.as_ref().expect("a body");
    let participants = body
        .properties
        .iter()
        .find(|p| p.name == "participants")
        .expect("participants");
    assert_eq!(
        (participants.ty.as_str(), participants.collection),
        ("microsoft.graph.invitationParticipantInfo", true)
    );
    let context = body
        .properties
        .iter()
        .find(|p| p.name == "clientContext")
        .expect("clientContext");
    assert_eq!(
        (context.ty.as_str(), context.collection),
        ("Edm.String", false)
    );
    let response = op.response.as_ref().expect("a response");
    assert_eq!(
        (response.status, response.ty.as_deref(), response.collection),
        (
            200,
            Some("microsoft.graph.inviteParticipantsOperation"),
            false
        )
    );
}

/// The original seed page of the real corpus, when `DOCGEN_CORPUS=1` asks for it (then it
/// must be there): the same operation as our own page above.
#[test]
fn corpus_seed_page_yields_the_invite_operation() {
    if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
        eprintln!("not run: set DOCGEN_CORPUS=1 to test against ../shared/corpus");
        return;
    }
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/seed-participant-invite.ru.md");
    let text = fs::read_to_string(&seed)
        .unwrap_or_else(|e| panic!("DOCGEN_CORPUS=1 but {} is missing: {e}", seed.display()));
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "api/participant-invite.md", &text);
    let ir = ir_of(dir.path());
    let op = ir
        .operations
        .iter()
        .find(|o| o.path == "/communications/calls/{call-id}/participants/invite")
        .expect("an invite operation");
    let response = op.response.as_ref().expect("a response");
    assert_eq!(
        response.ty.as_deref(),
        Some("microsoft.graph.inviteParticipantsOperation")
    );
}

/// The Russian twins in tests/fixtures/ru describe what docs-input's English pages do.
#[test]
fn russian_twins_generate_the_same_ir_as_english() {
    let en = tempfile::tempdir().unwrap();
    let docs = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input"));
    for rel in ["api/participant-get.md", "resources/mediastream.md"] {
        write(en.path(), rel, &fs::read_to_string(docs.join(rel)).unwrap());
    }
    let strip = |mut ir: Ir| {
        for t in &mut ir.types {
            t.description = None;
            t.source.clear();
            for p in &mut t.properties {
                p.description = None;
            }
            for m in &mut t.members {
                m.description = None;
            }
        }
        for o in &mut ir.operations {
            o.description = None;
            o.source.clear();
            for p in &mut o.parameters {
                p.description = None;
            }
        }
        for e in &mut ir.examples {
            e.source.clear();
        }
        ir.diagnostics.clear();
        ir
    };
    let en_ir = strip(ir_of(en.path()));
    let ru_ir = strip(ir_of(&fixtures().join("ru")));
    assert!(!en_ir.operations.is_empty() && !en_ir.types.is_empty());
    assert_eq!(
        serde_json::to_value(&ru_ir).unwrap(),
        serde_json::to_value(&en_ir).unwrap()
    );
}

#[test]
fn malformed_pages_are_reported_at_their_lines_and_the_rest_still_generates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Line numbers below are 1-based lines of these texts.
    write(d, "api/bad-annotation.md", "# a\n\n<!-- { \"blockType\": \"request\", \"name\": \"a\", } -->\n```http\nGET /things\n```\n");
    write(
        d,
        "api/unknown-block.md",
        "# b\n\n<!-- { \"blockType\": \"snippet\" } -->\n```http\nGET /b\n```\n",
    );
    write(d, "api/open-fence.md", "# c\n\n<!-- { \"blockType\": \"request\", \"name\": \"c\" } -->\n```http\nGET /c\n\n## Response\n\n<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```\n");
    write(d, "api/not-json.md", "# d\n\n<!-- { \"blockType\": \"request\", \"name\": \"d\" } -->\n```http\nGET /d\n```\n\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```http\nHTTP/1.1 200 OK\n\n{\n  \"id\": \"1\", // a comment\n  ...\n}\n```\n");
    write(d, "resources/ragged.md", "---\ndoc_type: resourcePageType\n---\n# thing\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String |\n| name | String | x | extra |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"id\": \"String\", \"name\": \"String\" }\n```\n");
    write(d, "api/good.md", "# e\n\n<!-- { \"blockType\": \"request\", \"name\": \"thing-get\" } -->\n```http\nGET /things/{id}\n```\n");
    let ir = ir_of(d);
    let diags = diagnostics(&ir);
    let has = |prefix: &str| {
        assert!(
            diags.iter().any(|x| x.starts_with(prefix)),
            "no `{prefix}` in {diags:#?}"
        )
    };
    has("api/bad-annotation.md:3:1: warning[annotation-json]: invalid annotation JSON forgiven: trailing comma");
    has("api/unknown-block.md:3:1: warning[unknown-block-type]: unknown blockType `snippet`");
    has("api/open-fence.md:4:1: error[unterminated-fence]");
    has("api/not-json.md:13:14: warning[body-json]: body is not strict JSON: comment");
    has("api/not-json.md:14:3: warning[body-json]: body is not strict JSON: elision");
    has("resources/ragged.md:9:1: warning[ragged-table]: row has 2 cells, the header has 3");
    has("resources/ragged.md:10:1: warning[ragged-table]: row has 4 cells, the header has 3");
    // And everything readable was read.
    let mut pages: Vec<&str> = ir
        .operations
        .iter()
        .map(|o| o.source.split(':').next().unwrap())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "api/bad-annotation.md",
            "api/good.md",
            "api/not-json.md",
            "api/open-fence.md"
        ]
    );
    let c = ir
        .operations
        .iter()
        .find(|o| o.source.starts_with("api/open-fence.md"))
        .unwrap();
    assert_eq!(
        c.response.as_ref().map(|r| r.status),
        Some(204),
        "the block after the open fence is still read"
    );
    let thing = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.thing")
        .unwrap();
    assert_eq!(
        thing
            .properties
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["id", "name"]
    );
    // The commented body still taught the type nothing wrong, and code still generates.
    let out = Config::new().input(d).generate().unwrap();
    assert!(
        out.code
            .contains("pub fn get(&self) -> runtime::Request<'a, models::Thing>"),
        "{}",
        out.code
    );
}

#[test]
fn generation_is_deterministic() {
    let docs = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input"));
    let a = Config::new().input(docs).generate().unwrap().code;
    let b = Config::new().input(docs).generate().unwrap().code;
    assert_eq!(a, b);
}

#[test]
fn types_merge_tables_blocks_and_examples() {
    let ir = ir_of(&fixtures().join("snap"));
    let widget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.widget")
        .unwrap();
    assert_eq!(widget.kind, Kind::Entity);
    assert_eq!(widget.base.as_deref(), Some("microsoft.graph.entity"));
    let prop = |n: &str| {
        widget
            .properties
            .iter()
            .find(|p| p.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    // The table's link names the enum; the JSON block only says "String".
    assert_eq!(prop("size").ty, "microsoft.graph.widgetSize");
    assert_eq!(prop("createdDateTime").ty, "Edm.DateTimeOffset");
    assert_eq!(
        (prop("tags").ty.as_str(), prop("tags").collection),
        ("Edm.String", true)
    );
    let size = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.widgetSize")
        .unwrap();
    assert_eq!(size.kind, Kind::Enum);
    assert_eq!(
        size.members
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>(),
        ["small", "large", "unknownFutureValue"]
    );
    let list = ir
        .operations
        .iter()
        .find(|o| o.name == "GET /dashboards/{dashboard-id}/widgets")
        .unwrap();
    assert_eq!(list.path, "/dashboards/{dashboard-id}/widgets");
    assert!(list.response.as_ref().unwrap().collection);
}

#[test]
fn generated_code_snapshot() {
    let out = Config::new()
        .input(fixtures().join("snap"))
        .generate()
        .unwrap();
    // The glue to the runtime crate is the same text for every input.
    let code: String = out
        .code
        .split("/// The runtime the client runs on")
        .next()
        .unwrap()
        .to_string();
    let methods = out.code.split("pub mod builders {").nth(1).unwrap();
    insta::assert_snapshot!(
        "snap_models",
        code.replace(env!("CARGO_MANIFEST_DIR"), "<dir>")
    );
    insta::assert_snapshot!("snap_client", methods);
}
