//! Operations are routes: one per (HTTP method, normalized path), whatever the examples are
//! named or the order pages are read in.

use docgen_codegen::SourceFile;
use std::collections::HashMap;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");

/// Every annotation's `"name": "…"` replaced by another name, the same one wherever the
/// page repeats it (a request and its response share theirs).
fn rename_examples(text: &str) -> (String, usize) {
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let key = "\"name\":";
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        rest = &rest[i + key.len()..];
        let trimmed = rest.trim_start();
        out.push_str(&rest[..rest.len() - trimmed.len()]);
        rest = trimmed;
        let Some(value) = rest.strip_prefix('"').and_then(|r| r.split_once('"')) else {
            continue;
        };
        let n = names.len();
        let renamed = names
            .entry(value.0.to_string())
            .or_insert_with(|| format!("renamed_example_{}_x", 97 - n))
            .clone();
        out.push('"');
        out.push_str(&renamed);
        out.push('"');
        rest = value.1;
    }
    out.push_str(rest);
    (out, names.len())
}

fn generate(files: &[SourceFile]) -> String {
    let (ir, _) = docgen_codegen::build_ir(files);
    docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .unwrap()
        .0
}

#[test]
fn renamed_examples_and_shuffled_pages_give_the_same_api() {
    let dir = tempfile::tempdir().unwrap();
    let files = docgen_codegen::Config::new().input(DOCS).sources().unwrap();
    let mut renamed_total = 0;
    for f in &files {
        let (text, renamed) = rename_examples(&f.text);
        renamed_total += renamed;
        let path = dir.path().join(&f.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    assert!(renamed_total > 10, "the docs name their examples");
    let original = generate(&files);
    let mut copy = docgen_codegen::Config::new().input(dir.path()).sources().unwrap();
    assert_ne!(
        copy.iter().map(|f| &f.text).collect::<Vec<_>>(),
        files.iter().map(|f| &f.text).collect::<Vec<_>>(),
        "the copy differs from the docs"
    );
    assert_eq!(generate(&copy), original, "renamed examples");
    // Pages in other orders: reversed, and every other page first.
    copy.reverse();
    assert_eq!(
        generate(&copy),
        original,
        "renamed examples, pages reversed"
    );
    let (even, odd): (Vec<_>, Vec<_>) = copy.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let interleaved: Vec<SourceFile> = odd.into_iter().chain(even).map(|(_, f)| f).collect();
    assert_eq!(
        generate(&interleaved),
        original,
        "renamed examples, pages interleaved"
    );
}

#[test]
fn one_operation_per_route_with_merged_evidence() {
    let (ir, _) = docgen_codegen::Config::new().input(DOCS).load().unwrap();
    let pairs: std::collections::BTreeSet<(&str, &str)> = ir
        .operations
        .iter()
        .map(|o| (o.method.as_str(), o.path.as_str()))
        .collect();
    assert_eq!(pairs.len(), ir.operations.len());
    for op in &ir.operations {
        assert!(
            op.method != "GET" || op.body.is_none(),
            "{}: a GET has no body",
            op.name
        );
        assert!(!op.path.contains("{id}"), "{}: keys are named", op.name);
    }
    let find = |name: &str| {
        ir.operations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("no operation {name}"))
    };
    // Two pages, two derived response types: one operation answering their common base.
    let op = find("GET /communications/calls/{call-id}/operations/{operation-id}");
    assert_eq!(
        op.response.as_ref().and_then(|r| r.ty.as_deref()),
        Some("microsoft.graph.commsOperation")
    );
    assert_eq!(op.pages.len(), 2, "{:?}", op.pages);
    // A route listed without an example is an operation; `/me` is an alias.
    let search = find("GET /users/{user-id}/drive/root/search(q='{q}')");
    assert_eq!(search.aliases, ["/me/drive/root/search(q='{q}')"]);
    let drives = find("GET /drives/{drive-id}/root/search(q='{q}')");
    assert_eq!(drives.response, search.response);
    let q = drives.parameters.iter().find(|p| p.name == "q").unwrap();
    assert_eq!(q.ty, "Edm.String");
}

fn page(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        text: text.to_string(),
        file: path.into(),
        problem: None,
    }
}

#[test]
fn overloads_and_reserved_names_are_told_apart_by_the_route() {
    let route = |title: &str, line: &str| {
        format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{line}\n```\n")
    };
    let files = [
        page(
            "api/a.md",
            &route("a", "GET /reports/getUsage(period='{period_value}')"),
        ),
        page(
            "api/b.md",
            &route("b", "GET /reports/getUsage(date={date_value})"),
        ),
        page("api/c.md", &route("c", "POST /teams/{id}/clone")),
        page("api/d.md", &route("d", "GET /me/events/delta()")),
        // A segment and a function of one name: the function is named by its arguments.
        page("api/e.md", &route("e", "GET /drives/{id}/root/delta")),
        page(
            "api/f.md",
            &route("f", "GET /drives/{id}/root/delta(token='{token}')"),
        ),
        page("api/g.md", &route("g", "GET /drives/{id}/root/delta/items")),
    ];
    let code = generate(&files);
    for wanted in [
        "pub fn get_usage_with_period(&self, period: &str)",
        "pub fn get_usage_with_date(&self, date: &str)",
        "pub fn clone_team(&self)",
        "pub fn delta(&self)",
        "pub fn me(&self) -> UsersItem<'_>",
        "pub fn delta_with_token(&self, token: &str)",
        "pub fn delta(&self) -> DrivesItemRootDelta<'a>",
    ] {
        assert!(code.contains(wanted), "no `{wanted}` in\n{code}");
    }
    // Without a type, an unquoted argument is still written as a string literal.
    assert!(code.contains(r#""getUsage(date={})""#), "{code}");
}

/// A page with one request example and nothing else: no HTTP request section.
fn example_page(title: &str, line: &str) -> String {
    format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n## Example\n<!-- {{ \"blockType\": \"request\", \"name\": \"{title}\" }} -->\n```http\n{line}\n```\n")
}

fn template_page(title: &str, line: &str) -> String {
    format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{line}\n```\n")
}

fn routes_of(files: &[SourceFile]) -> (Vec<String>, Vec<String>) {
    let (ir, _) = docgen_codegen::build_ir(files);
    let routes = ir
        .operations
        .iter()
        .map(|o| format!("{} {}", o.method, o.path))
        .collect();
    let concrete = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "concrete-value")
        .map(|d| format!("{}:{}", d.path, d.line))
        .collect();
    (routes, concrete)
}

#[test]
fn an_example_takes_the_template_another_page_lists() {
    let files = [
        page(
            "api/a.md",
            &template_page("add", "POST /chats/{id}/members"),
        ),
        page(
            "api/b.md",
            &example_page(
                "add-again",
                "POST https://graph.microsoft.com/v1.0/chats/19:cf66@thread.v2/members",
            ),
        ),
    ];
    let (routes, concrete) = routes_of(&files);
    assert_eq!(routes, ["POST /chats/{chat-id}/members"]);
    assert!(concrete.is_empty(), "{concrete:?}");
}

#[test]
fn a_value_where_a_template_has_a_key_becomes_that_key() {
    // `en-US` stands where the template of the localization has its key; the path goes on
    // past the template, to a property of the localization.
    let files = [
        page(
            "api/a.md",
            &template_page("get", "GET /branding/localizations/{id}"),
        ),
        page(
            "api/b.md",
            &example_page("text", "GET /branding/localizations/en-US/signInPageText"),
        ),
    ];
    let (routes, concrete) = routes_of(&files);
    assert_eq!(
        routes,
        [
            "GET /branding/localizations/{localization-id}",
            "GET /branding/localizations/{localization-id}/signInPageText",
        ]
    );
    assert!(concrete.is_empty(), "{concrete:?}");
}

#[test]
fn a_sample_value_no_template_explains_is_diagnosed_and_still_a_parameter() {
    let files = [
        // A name (`calendarView`) is never read as some template's key.
        page("api/a.md", &template_page("get", "GET /widgets/{id}")),
        page(
            "api/b.md",
            &example_page("list", "GET /widgets/calendarView"),
        ),
        page(
            "api/c.md",
            &example_page("one", "GET /gadgets/AAMkAGI2TAAA="),
        ),
        // A name the path goes on past, as a template does, is that template's key.
        page(
            "api/d.md",
            &template_page("items", "GET /widgets/{id}/items"),
        ),
        page(
            "api/e.md",
            &example_page("contoso", "PATCH /widgets/contoso/items"),
        ),
    ];
    let (routes, concrete) = routes_of(&files);
    assert_eq!(
        routes,
        [
            "GET /gadgets/{gadget-id}",
            "GET /widgets/calendarView",
            "GET /widgets/{widget-id}",
            "GET /widgets/{widget-id}/items",
            "PATCH /widgets/{widget-id}/items",
        ]
    );
    // At the example's block.
    assert_eq!(concrete, ["api/c.md:8"]);
}

#[test]
fn operations_documenting_the_same_parameters_share_one_options_struct() {
    // Four deletes document `If-Match` (in two spellings), one also `Prefer`: the three
    // alike share one struct named by its header, with the description most of them give,
    // gated by both their areas.
    let delete = |area: &str, route: &str, headers: &[(&str, &str)]| {
        let rows: String = headers
            .iter()
            .map(|(n, d)| format!("| {n} | {d} |\n"))
            .collect();
        format!("---\nms.prod: {area}\ndoc_type: apiPageType\n---\n# delete\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nDELETE {route}\n```\n\n## Request headers\n| Name | Description |\n|--|--|\n{rows}")
    };
    let files = [
        page(
            "api/a.md",
            &delete(
                "planner",
                "/planner/tasks/{id}",
                &[("If-Match", "The ETag.")],
            ),
        ),
        page(
            "api/d.md",
            &delete(
                "outlook",
                "/me/contacts/{id}",
                &[("If-Match", "Last known ETag.")],
            ),
        ),
        page(
            "api/b.md",
            &delete(
                "outlook",
                "/me/notes/{id}",
                &[("if-match", "Last known ETag.")],
            ),
        ),
        page(
            "api/c.md",
            &delete(
                "outlook",
                "/me/tasks/{id}",
                &[("If-Match", "The ETag."), ("Prefer", "How to answer.")],
            ),
        ),
    ];
    let (ir, _) = docgen_codegen::build_ir(&files);
    let gated = docgen_codegen::emit::render_gated(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH, true).unwrap();
    let code = &gated.code;
    assert_eq!(
        code.matches("pub struct IfMatchOptions").count(),
        1,
        "{code}"
    );
    assert_eq!(
        code.matches("[`models::IfMatchOptions`]").count(),
        3,
        "{code}"
    );
    assert!(
        code.contains("that 3 operations document, such as `DELETE /planner/tasks/{task-id}`"),
        "{code}"
    );
    assert!(
        code.contains("/// Header `If-Match`: Last known ETag."),
        "{code}"
    );
    // The third documents more, so it has its own struct.
    assert_eq!(
        code.matches("[`models::IfMatchPreferOptions`]").count(),
        1,
        "{code}"
    );
    // The shared struct is compiled for either area.
    let shared = code.split("pub struct IfMatchOptions").next().unwrap();
    let gate = shared.lines().rev().find(|l| l.contains("#[cfg(")).unwrap();
    let both = gated
        .aliases
        .iter()
        .find(|(_, areas)| areas == &["outlook", "planner"])
        .map(|(feature, _)| feature.as_str())
        .expect("an alias for the two areas");
    assert!(gate.contains(both), "{gate}");
}
