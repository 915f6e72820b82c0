//! Hostile input (issue 12): pages written to break the generator. Each problem is a
//! located diagnostic, generation goes on, and output goes only where it was asked to go.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn resource(name: &str, base: Option<&str>, props: &[(&str, &str)]) -> String {
    let rows: String = props
        .iter()
        .map(|(p, t)| format!("| {p} | {t} | The {p}. |\n"))
        .collect();
    let json: Vec<String> = props
        .iter()
        .map(|(p, t)| format!("  \"{p}\": \"{t}\""))
        .collect();
    let base_field = base
        .map(|b| format!("  \"baseType\": \"microsoft.graph.{b}\",\n"))
        .unwrap_or_default();
    format!(
        "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n{base_field}  \"@odata.type\": \"microsoft.graph.{name}\"\n}} -->\n```json\n{{\n{}\n}}\n```\n",
        json.join(",\n")
    )
}

fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn diagnostics(dir: &Path) -> Vec<String> {
    let (ir, _) = docgen_codegen::Config::new().input(dir).load().unwrap();
    ir.diagnostics.iter().map(ToString::to_string).collect()
}

fn generate(dir: &Path) -> docgen_codegen::Output {
    docgen_codegen::Config::new().input(dir).generate().unwrap()
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = resource("thing", None, &[("id", "String")]).into_bytes();
    // Line 12 is the first table row: `| id | String | The id. |`; break its 9th byte.
    let line_start = page
        .split(|&b| b == b'\n')
        .take(11)
        .map(|l| l.len() + 1)
        .sum::<usize>();
    page[line_start + 8] = 0xff;
    page.extend_from_slice(b"\n\xc3(\n");
    write(dir.path(), "resources/thing.md", &page);
    let d = diagnostics(dir.path());
    let bad: Vec<&String> = d.iter().filter(|d| d.contains("invalid-utf8")).collect();
    assert_eq!(
        bad,
        [&format!("resources/thing.md:12:9: error[invalid-utf8]: invalid UTF-8 at byte offset {}; the page is read with each bad sequence replaced by U+FFFD", line_start + 8)],
        "{d:#?}"
    );
    // The rest of the page is still read.
    let out = generate(dir.path());
    assert!(out
        .ir
        .types
        .iter()
        .any(|t| t.name == "microsoft.graph.thing"));
}

#[test]
fn base_cycles_are_named_and_broken_the_same_whatever_the_page_order() {
    let mut results = Vec::new();
    for files in [
        ["a.md", "b.md", "c.md", "d.md"],
        ["z.md", "y.md", "x.md", "w.md"],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let pages = [
            resource("alpha", Some("beta"), &[("a", "String")]),
            resource("beta", Some("gamma"), &[("b", "Int32")]),
            resource("gamma", Some("alpha"), &[("c", "Boolean")]),
            resource("selfish", Some("selfish"), &[("s", "String")]),
        ];
        for (f, p) in files.iter().zip(&pages) {
            write(dir.path(), &format!("resources/{f}"), p);
        }
        let out = generate(dir.path());
        let mut cycles: Vec<String> = out
            .ir
            .diagnostics
            .iter()
            .filter(|d| d.code == "base-cycle")
            .map(|d| d.message.clone())
            .collect();
        cycles.sort();
        assert_eq!(
            cycles,
            [
                "`microsoft.graph.selfish` names itself as its base type; the base is dropped",
                "base types form a cycle: `microsoft.graph.alpha` → `microsoft.graph.beta` → `microsoft.graph.gamma` → `microsoft.graph.alpha` (each derives from the next); `microsoft.graph.alpha`'s base `microsoft.graph.beta` is dropped to break it",
            ],
            "{:#?}",
            out.ir.diagnostics
        );
        // Not also reported as an undescribed base.
        assert!(
            !out.ir.diagnostics.iter().any(|d| d.code == "unknown-base"),
            "{:#?}",
            out.ir.diagnostics
        );
        let bases: Vec<(String, Option<String>)> = out
            .ir
            .types
            .iter()
            .map(|t| (t.name.clone(), t.base.clone()))
            .collect();
        syn::parse_file(&out.code).expect("generated code parses");
        results.push((
            bases,
            out.code.lines().skip(1).collect::<Vec<_>>().join("\n"),
        ));
    }
    assert_eq!(results[0].0, results[1].0);
    let alpha = results[0]
        .0
        .iter()
        .find(|(n, _)| n == "microsoft.graph.alpha");
    assert_eq!(
        alpha.unwrap().1,
        None,
        "alpha sorts first and loses its base"
    );
}

#[test]
fn json_nested_past_the_limit_is_reported_where_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 100_000;
    let page = format!(
        "---\ndoc_type: resourcePageType\n---\n# deep resource type\n\n## JSON representation\n\n<!-- {{\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.deep\"}} -->\n```json\n{{\"a\": {}{}}}\n```\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    write(dir.path(), "resources/deep.md", page);
    let d = diagnostics(dir.path());
    let deep: Vec<&String> = d.iter().filter(|d| d.contains("nested deeper")).collect();
    assert_eq!(
        deep,
        ["resources/deep.md:10:262: warning[resource-json]: JSON representation is not strict JSON: nested deeper than 256 levels; the rest of the text is skipped"],
        "{d:#?}"
    );
    assert_eq!(d.len(), 1, "one diagnostic explains it: {d:#?}");
}

#[cfg(unix)]
/// An example body nested as deep as the reader allows, of a type whose property is of
/// its own type: walked level by level for types, it overflowed a 1 MB stack in a debug
/// build (and, now and then, the property test's 2 MB one). It is reported, not walked.
#[test]
fn an_example_nested_hundreds_deep_is_reported_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "resources/thing.md",
        resource("thing", None, &[("n", "[thing](thing.md)")]),
    );
    let depth = 250;
    let nested = format!("{}1{}", "{\"n\": ".repeat(depth), "}".repeat(depth));
    write(
        dir.path(),
        "api/thing-get.md",
        format!("---\ndoc_type: apiPageType\n---\n# Get thing\n\n## HTTP request\n\n```http\nGET /things/{{id}}\n```\n\n## Example\n\n<!-- {{\"blockType\": \"request\", \"name\": \"get\"}} -->\n```http\nGET https://graph.microsoft.com/v1.0/things/1\n```\n\n<!-- {{\"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thing\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{nested}\n```\n"),
    );
    let path = dir.path().to_path_buf();
    let d = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || diagnostics(&path))
        .unwrap()
        .join()
        .unwrap();
    let deep: Vec<&String> = d
        .iter()
        .filter(|d| d.contains("example-too-deep"))
        .collect();
    assert_eq!(deep.len(), 1, "{d:#?}");
    assert!(deep[0].contains("nests 250 levels deep"), "{}", deep[0]);
}

#[test]
fn symbolic_links_are_reported_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    write(
        &docs,
        "resources/thing.md",
        resource("thing", None, &[("id", "String")]),
    );
    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, resource("secret", None, &[("password", "String")])).unwrap();
    std::os::unix::fs::symlink(&secret, docs.join("resources/leak.md")).unwrap();
    // A link back to its own folder: followed, it would never end.
    std::os::unix::fs::symlink(&docs, docs.join("resources/loop")).unwrap();
    let out = generate(&docs);
    let links: Vec<String> = out
        .ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "symlink")
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        links,
        [
            "resources/leak.md:1:1: warning[symlink]: symbolic link not followed: only files inside the docs folder are read",
            "resources/loop:1:1: warning[symlink]: symbolic link not followed: only files inside the docs folder are read",
        ]
    );
    assert!(!out.code.contains("password"));
    assert!(out
        .ir
        .types
        .iter()
        .any(|t| t.name == "microsoft.graph.thing"));
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    fn go(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                go(root, &p, out);
            } else {
                out.insert(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = BTreeSet::new();
    go(dir, dir, &mut out);
    out
}

/// Names that would be paths, or worse, if a name ever chose a file.
const HOSTILE: &[&str] = &[
    "../../x",
    "/etc/passwd",
    "..\\\\..\\\\win",
    "a\u{0}b",
    "nul\u{1}\u{7f}ctl",
    "cr\rlf\nx",
    "rtl\u{202e}x",
    "src/lib.rs",
    "Cargo.toml",
    "..",
];

fn hostile_docs(dir: &Path) {
    for (i, name) in HOSTILE.iter().enumerate() {
        // In JSON the names are escaped; in a table cell they are as they are.
        let escaped = serde_json::to_string(name).unwrap();
        let escaped = &escaped[1..escaped.len() - 1];
        let page = format!(
            "---\ndoc_type: resourcePageType\n---\n# t{i} resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| {name} | String | x |\n\n## JSON representation\n\n<!-- {{\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{escaped}\"}} -->\n```json\n{{\"{escaped}\": \"String\"}}\n```\n"
        );
        write(dir, &format!("resources/t{i}.md"), page);
        let api = format!(
            "---\ndoc_type: apiPageType\n---\n# op {i}\n\n## HTTP request\n\n```http\nGET /things/{escaped}/{{id}}\n```\n\n## Example\n\n<!-- {{\"blockType\": \"request\", \"name\": \"{escaped}\"}} -->\n```http\nGET https://graph.microsoft.com/v1.0/things/{escaped}/1\n```\n\n<!-- {{\"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{escaped}\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"{escaped}\": \"v\"}}\n```\n"
        );
        write(dir, &format!("api/op{i}.md"), api);
    }
}

#[test]
fn output_goes_only_where_it_was_asked_whatever_the_docs_name() {
    let sandbox = tempfile::tempdir().unwrap();
    let root = sandbox.path();
    let docs = root.join("deep/er/docs");
    hostile_docs(&docs);
    let before = files_under(root);
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_docgen"))
            .args(args)
            .current_dir(&docs)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let krate = root.join("deep/er/out/crate");
    let file = root.join("deep/er/out/one.rs");
    run(&[
        "generate",
        docs.to_str().unwrap(),
        "--crate",
        krate.to_str().unwrap(),
        "--name",
        "hostile",
    ]);
    run(&[
        "generate",
        docs.to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
        "--quiet",
    ]);
    let added: BTreeSet<PathBuf> = files_under(root).difference(&before).cloned().collect();
    assert_eq!(
        added,
        BTreeSet::from([
            PathBuf::from("deep/er/out/crate/Cargo.toml"),
            PathBuf::from("deep/er/out/crate/src/lib.rs"),
            PathBuf::from("deep/er/out/one.rs"),
        ])
    );
    for f in &before {
        assert!(root.join(f).exists());
    }
    let code = std::fs::read_to_string(&file).unwrap();
    syn::parse_file(&code).expect("the module parses");
    assert!(
        !code.contains(|c: char| c.is_control() && c != '\n' && c != '\t'),
        "no control character reaches the code"
    );
    assert!(
        !code.contains('\u{202e}'),
        "no bidirectional override reaches the code"
    );
    let lib = std::fs::read_to_string(krate.join("src/lib.rs")).unwrap();
    syn::parse_file(&lib).expect("the crate parses");
}
