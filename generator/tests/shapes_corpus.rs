//! What each operation of the real corpus takes and returns (issue 23, shapes): run with
//! `DOCGEN_CORPUS=1` (they need ../shared/corpus, and fail loudly when it is missing).

use docgen_codegen::ir::{Ir, Operation};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn corpus(lang: &str) -> Option<PathBuf> {
    if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
        eprintln!("skipped: set DOCGEN_CORPUS=1 to run the corpus checks");
        return None;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(format!("graph-v1.0-{lang}"));
    assert!(
        dir.is_dir(),
        "DOCGEN_CORPUS=1 but {} is missing",
        dir.display()
    );
    Some(dir)
}

fn ir(dir: &Path) -> Ir {
    let files = docgen_codegen::Config::new()
        .input(dir)
        .sources()
        .expect("the corpus reads");
    docgen_codegen::build_ir(&files).0
}

fn page(dir: &Path, source: &str) -> String {
    let file = source.rsplit_once(':').map_or(source, |(p, _)| p);
    std::fs::read_to_string(dir.join(file)).unwrap_or_default()
}

/// Whether a page types an answer at all: a response block naming `@odata.type`, or a
/// link to a resource page in its Response section.
fn page_types_an_answer(text: &str) -> bool {
    let mut in_response = false;
    let mut block = String::new();
    for line in text.lines() {
        if line.starts_with("## ") {
            in_response = line.contains("name=\"response\"") || line == "## Response";
        }
        if in_response && line.contains("](../resources/") {
            return true;
        }
        block.push_str(line);
        if line.contains("-->") {
            if block.contains("\"response\"") && block.contains("@odata.type") {
                return true;
            }
            block.clear();
        } else if !block.contains("<!--") {
            block.clear();
        }
    }
    false
}

fn last_literal(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn gets_are_typed(lang: &str) {
    let Some(dir) = corpus(lang) else { return };
    let ir = ir(&dir);
    let mut untyped = Vec::new();
    for op in ir.operations.iter().filter(|o| o.method == "GET") {
        let ty = op.response.as_ref().and_then(|r| r.ty.as_deref());
        match last_literal(&op.path) {
            "$value" | "content" => assert_eq!(ty, Some("Edm.Stream"), "{}", op.name),
            "$count" => assert_eq!(ty, Some("Edm.Int64"), "{}", op.name),
            _ => {}
        }
        if ty.is_none() {
            untyped.push(op);
        }
    }
    for op in &untyped {
        eprintln!("untyped: {} ({})", op.name, op.pages.join(", "));
        for p in &op.pages {
            assert!(
                !page_types_an_answer(&page(&dir, p)),
                "{} has no response type, but {p} types one",
                op.name
            );
        }
    }
    eprintln!(
        "{lang}: {} GET operations without a response type",
        untyped.len()
    );
}

#[test]
fn every_get_is_typed_where_its_pages_type_it_en() {
    gets_are_typed("en");
}

#[test]
fn every_get_is_typed_where_its_pages_type_it_ru() {
    gets_are_typed("ru");
}

fn find<'a>(ir: &'a Ir, method: &str, path: &str) -> &'a Operation {
    ir.operations
        .iter()
        .find(|o| o.method == method && o.path == path)
        .unwrap_or_else(|| panic!("no `{method} {path}`"))
}

fn reply_family(lang: &str) {
    let Some(dir) = corpus(lang) else { return };
    let ir = ir(&dir);
    for action in [
        "createReply",
        "createReplyAll",
        "createForward",
        "reply",
        "replyAll",
        "forward",
    ] {
        let op = find(
            &ir,
            "POST",
            &format!("/users/{{user-id}}/messages/{{message-id}}/{action}"),
        );
        // The JSON contract: the parameter table where the page has one, else no body;
        // never the MIME variant's stream, never a whole message.
        match &op.body {
            Some(b) => {
                assert!(b.ty.is_none(), "{action}: {:?}", b.ty);
                assert!(!b.properties.is_empty(), "{action}");
                assert!(b.properties.iter().any(|p| p.name == "comment"), "{action}");
            }
            None => assert!(action.starts_with("create"), "{action} lost its table"),
        }
        assert_eq!(op.alternative_content_types, ["text/plain"], "{action}");
    }
}

#[test]
fn reply_actions_take_json_with_mime_beside_en() {
    reply_family("en");
}

#[test]
fn reply_actions_take_json_with_mime_beside_ru() {
    reply_family("ru");
}

/// Front matter `description:` of a page: what an operation's description comes from.
fn front_description(text: &str) -> Option<String> {
    let body = text.strip_prefix("---")?;
    let end = body.find("\n---")?;
    body[..end].lines().find_map(|l| {
        let v = l.strip_prefix("description:")?.trim();
        Some(v.trim_matches('"').trim_matches('\'').trim().to_string())
    })
}

/// A page is about a route when its file name names the route's last named segment.
fn about(source: &str, path: &str) -> bool {
    let stem = source
        .rsplit_once(':')
        .map_or(source, |(p, _)| p)
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .trim_end_matches(".md")
        .to_ascii_lowercase();
    // A function segment is named by its name: `range(address='{address}')`.
    let Some(resource) = path
        .split('/')
        .rev()
        .map(|s| s.split('(').next().unwrap_or(s))
        .find(|s| !s.is_empty() && !s.starts_with(['{', '$']) && !s.contains(['.', ':']))
    else {
        return false;
    };
    let resource = resource.to_ascii_lowercase();
    let singular = resource.strip_suffix('s').unwrap_or(&resource).to_string();
    stem.split(['-', '_'])
        .any(|w| w == resource || w == singular)
}

fn descriptions(lang: &str) {
    let Some(dir) = corpus(lang) else { return };
    let ir = ir(&dir);
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    let mut wrong = Vec::new();
    for op in ir.operations.iter().filter(|o| o.method == "GET") {
        let Some(d) = &op.description else { continue };
        let mut from: Vec<&String> = Vec::new();
        for p in &op.pages {
            let text = texts
                .entry(p.clone())
                .or_insert_with(|| front_description(&page(&dir, p)));
            if text
                .as_deref()
                .is_some_and(|t| t.starts_with(d.trim()) || d.starts_with(t))
            {
                from.push(p);
            }
        }
        let about_pages = op.pages.iter().filter(|p| about(p, &op.path)).count();
        // The description is another resource's page's while a page about this one lists
        // the route: `messages().list()` as "Get an open extension…".
        if about_pages > 0 && !from.is_empty() && from.iter().all(|p| !about(p, &op.path)) {
            wrong.push(format!("{}: {d:.60} (from {})", op.name, from[0]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} descriptions from pages about another resource:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn descriptions_come_from_the_resource_page_en() {
    descriptions("en");
}

#[test]
fn descriptions_come_from_the_resource_page_ru() {
    descriptions("ru");
}

fn hierarchy(lang: &str) {
    let Some(dir) = corpus(lang) else { return };
    let ir = ir(&dir);
    let types: HashMap<&str, &docgen_codegen::ir::Type> =
        ir.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let reported: Vec<&str> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "inherited-type")
        .map(|d| d.path.as_str())
        .collect();
    for t in &ir.types {
        let mut base = t.base.as_deref();
        let mut hops = 0;
        while let Some(b) = base.and_then(|b| types.get(b)) {
            hops += 1;
            if hops > 32 {
                break;
            }
            for p in &t.properties {
                if let Some(q) = b.properties.iter().find(|q| q.name == p.name) {
                    if q.ty != docgen_codegen::ir::UNTYPED {
                        assert_eq!(
                            (&p.ty, p.collection),
                            (&q.ty, q.collection),
                            "{}.{} differs from its base {}",
                            t.name,
                            p.name,
                            b.name
                        );
                    }
                }
            }
            base = b.base.as_deref();
        }
    }
    assert!(
        reported.iter().any(|p| p.ends_with("eventmessage.md")),
        "eventMessage.importance is reported"
    );
    let message = find(&ir, "PATCH", "/users/{user-id}/messages/{message-id}");
    let body = message.body.as_ref().expect("an update sends a body");
    assert_eq!(body.ty.as_deref(), Some("microsoft.graph.message"));
    let listed: Vec<&str> = body.properties.iter().map(|p| p.name.as_str()).collect();
    for name in ["body", "ccRecipients", "categories"] {
        assert!(
            listed.contains(&name),
            "{name} listed as updatable: {listed:?}"
        );
    }
}

#[test]
fn one_type_per_property_and_updates_send_the_model_en() {
    hierarchy("en");
}

#[test]
fn one_type_per_property_and_updates_send_the_model_ru() {
    hierarchy("ru");
}

#[test]
fn the_english_client_has_the_shapes() {
    let Some(dir) = corpus("en") else { return };
    let ir = ir(&dir);
    let code = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .expect("renders")
        .0;
    let any_message = code
        .find("impl AnyMessage {")
        .map(|i| &code[i..])
        .expect("AnyMessage has accessors");
    let end = any_message.find("\n    }\n").unwrap_or(any_message.len());
    assert!(any_message[..end].contains("pub fn importance(&self)"));
    assert!(code.contains("pub fn create_reply_mime("));
    assert!(code.contains("pub fn reply_mime("));
    // `update` on a message sends the `Message` model, not a struct of one page's rows.
    let update = code
        .find("/// `PATCH /users/{user-id}/messages/{message-id}`")
        .map(|i| &code[i..])
        .expect("messages can be updated");
    let end = update.find("pub fn ").map_or(update.len(), |i| i + 80);
    assert!(
        update[..end].contains("body: &models::Message,"),
        "{}",
        &update[..end]
    );
}

/// A page about the route's resource types its answer; pages that only list the route
/// (extension pages answering `openTypeExtension`, directory-object pages) do not widen it
/// to a common base (`entity`, `directoryObject`). Both fail without that rule.
#[test]
fn the_page_about_the_resource_types_the_answer() {
    for lang in ["en", "ru"] {
        let Some(dir) = corpus(lang) else { return };
        let ir = ir(&dir);
        let answer = |path: &str| {
            ir.operations
                .iter()
                .find(|o| o.method == "GET" && o.path == path)
                .and_then(|o| o.response.as_ref()?.ty.clone())
        };
        assert_eq!(
            answer("/users/{user-id}/events/{event-id}").as_deref(),
            Some("microsoft.graph.event"),
            "{lang}"
        );
        assert_eq!(
            answer("/users/{user-id}").as_deref(),
            Some("microsoft.graph.user"),
            "{lang}"
        );
    }
}
