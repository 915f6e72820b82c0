//! Random pages (issue 12): odd names, Rust keywords, unicode, names that collide once
//! made into Rust, deep nesting, base cycles and every primitive. Whatever the pages hold,
//! the generated code parses with `syn`; a small fixed batch is also compiled with a real
//! `cargo check` and must have no warning (`#[ignore]`d: `.ci/run` runs it explicitly).

use docgen_codegen::SourceFile;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunConfig, TestRunner};
use std::fmt::Write as _;

const PRIMITIVES: &[&str] = &[
    "String",
    "Boolean",
    "Int16",
    "Int32",
    "Int64",
    "Byte",
    "Single",
    "Double",
    "Decimal",
    "DateTimeOffset",
    "Date",
    "TimeOfDay",
    "Duration",
    "Guid",
    "Binary",
    "Stream",
    "Edm.Untyped",
];

/// Names that have broken generators: keywords, names that collide once cased or
/// escaped, unicode, leading digits, punctuation, OData annotations.
const ODD: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "async",
    "await",
    "dyn",
    "match",
    "move",
    "ref",
    "r#type",
    "_",
    "__",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Vec",
    "String",
    "Box",
    "Default",
    "serde",
    "models",
    "runtime",
    "odata",
    "Client",
    "Error",
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "FOO_BAR",
    "foo.bar",
    "1st",
    "123",
    "@odata.type",
    "@odata.etag",
    "$count",
    "naïve",
    "名前",
    "Ünïcödé",
    "ß",
    "x\u{301}",
    "a b",
    "-",
    "über_Type",
    "nul\u{0}x",
    "cr\rx",
    "lf\nx",
    "rtl\u{202e}x",
    "../../x",
    "/etc/passwd",
];

/// Every odd name at once, in one page set: types, properties, members and operations.
fn all_odd() -> Docs {
    let n = ODD.len();
    Docs {
        types: ODD
            .iter()
            .enumerate()
            .map(|(i, name)| TypeSpec {
                name: name.to_string(),
                base: Some((i * 7 + 3) % n),
                is_enum: i % 5 == 4,
                members: ODD.iter().map(|m| m.to_string()).collect(),
                props: ODD
                    .iter()
                    .enumerate()
                    .map(|(j, p)| {
                        let ty = if j % 3 == 0 {
                            Err((i + j) % n)
                        } else {
                            Ok(PRIMITIVES[j % PRIMITIVES.len()])
                        };
                        (p.to_string(), ty, j % 2 == 0)
                    })
                    .collect(),
            })
            .collect(),
        ops: ODD
            .iter()
            .enumerate()
            .map(|(i, name)| (name.to_string(), format!("p{i}"), i, i % 3))
            .collect(),
    }
}

#[test]
fn every_odd_name_at_once_parses() {
    let code = render(&all_odd());
    syn::parse_file(&code).unwrap();
}

/// A type whose name holds a `|` (read as alternatives, `a|b`) and whose base is itself:
/// resolving the base asked for the alternatives' common base, whose chain resolved the
/// base again, without end. The property test aborted on it with a stack overflow (it
/// cannot shrink an abort); run on a 2 MiB thread, the test threads' size, to stay one.
#[test]
fn a_base_cycle_through_alternatives_does_not_recurse() {
    let d = Docs {
        types: vec![TypeSpec {
            name: "a|b".to_string(),
            base: Some(0),
            is_enum: false,
            members: Vec::new(),
            props: vec![("p".to_string(), Err(0), true)],
        }],
        ops: vec![("o".to_string(), "s".to_string(), 0, 3)],
    };
    let code = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || render(&d))
        .unwrap()
        .join()
        .unwrap();
    syn::parse_file(&code).unwrap();
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(ODD).prop_map(str::to_string),
        3 => "[a-zA-Z_][a-zA-Z0-9_]{0,7}",
        1 => "[a-z][a-zA-Z0-9_$@.\\-]{0,6}",
        1 => "\\PC{1,5}",
    ]
}

#[derive(Debug, Clone)]
struct TypeSpec {
    name: String,
    /// An index into the page set's types: cycles and self-reference included.
    base: Option<usize>,
    is_enum: bool,
    members: Vec<String>,
    /// Name, type (a primitive, or an index into the types), collection.
    props: Vec<(String, Result<&'static str, usize>, bool)>,
}

#[derive(Debug, Clone)]
struct Docs {
    types: Vec<TypeSpec>,
    /// Operation name, path segment, response type index, JSON nesting depth of the body.
    ops: Vec<(String, String, usize, usize)>,
}

fn docs() -> impl Strategy<Value = Docs> {
    (1usize..6)
        .prop_flat_map(|n| {
            let ty = (
                name(),
                proptest::option::of(0..n),
                proptest::bool::weighted(0.2),
                proptest::collection::vec(name(), 1..4),
                proptest::collection::vec(
                    (
                        name(),
                        prop_oneof![
                            proptest::sample::select(PRIMITIVES).prop_map(Ok),
                            (0..n).prop_map(Err)
                        ],
                        any::<bool>(),
                    ),
                    0..6,
                ),
            )
                .prop_map(|(name, base, is_enum, members, props)| TypeSpec {
                    name,
                    base,
                    is_enum,
                    members,
                    props,
                });
            let op = (
                name(),
                "[a-zA-Z0-9]{1,6}",
                0..n,
                prop_oneof![3 => 0usize..4, 1 => 0usize..400],
            );
            (
                proptest::collection::vec(ty, n),
                proptest::collection::vec(op, 0..4),
            )
        })
        .prop_map(|(types, ops)| Docs { types, ops })
}

/// A JSON string literal's content.
fn esc(s: &str) -> String {
    let q = serde_json::to_string(s).unwrap();
    q[1..q.len() - 1].to_string()
}

/// Table cells cannot hold a pipe or a line break.
fn cell(s: &str) -> String {
    s.replace(['|', '\n', '\r'], " ")
}

fn pages(d: &Docs) -> Vec<SourceFile> {
    let qualified = |i: usize| format!("microsoft.graph.{}", d.types[i].name);
    let mut files = Vec::new();
    for (i, t) in d.types.iter().enumerate() {
        let mut page = format!(
            "---\ntitle: \"{} resource type\"\ndoc_type: resourcePageType\n---\n\n# {} resource type\n\nNamespace: microsoft.graph\n\n",
            cell(&t.name),
            cell(&t.name)
        );
        if t.is_enum {
            writeln!(
                page,
                "### {} values\n\n| Member | Value | Description |\n|:--|:--|:--|",
                cell(&t.name)
            )
            .unwrap();
            for (v, m) in t.members.iter().enumerate() {
                writeln!(page, "| {} | {v} | Member {v}. |", cell(m)).unwrap();
            }
        } else {
            page.push_str("## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n");
            for (p, ty, coll) in &t.props {
                let ty = match ty {
                    Ok(prim) => prim.to_string(),
                    Err(j) => format!("[{}](r{j}.md)", cell(&d.types[*j].name)),
                };
                let ty = if *coll {
                    format!("{ty} collection")
                } else {
                    ty
                };
                writeln!(page, "| {} | {ty} | The {}. |", cell(p), cell(p)).unwrap();
            }
            let base = t
                .base
                .map(|b| format!("  \"baseType\": \"{}\",\n", esc(&qualified(b))))
                .unwrap_or_default();
            let json: Vec<String> = t
                .props
                .iter()
                .map(|(p, ty, coll)| {
                    let v = match ty {
                        Ok(prim) => format!("\"{prim}\""),
                        Err(j) => format!("{{\"@odata.type\": \"{}\"}}", esc(&qualified(*j))),
                    };
                    let v = if *coll { format!("[{v}]") } else { v };
                    format!("  \"{}\": {v}", esc(p))
                })
                .collect();
            write!(
                page,
                "\n## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n{base}  \"@odata.type\": \"{}\"\n}} -->\n```json\n{{\n{}\n}}\n```\n",
                esc(&qualified(i)),
                json.join(",\n")
            )
            .unwrap();
        }
        files.push(SourceFile::from_bytes(
            format!("resources/r{i}.md"),
            format!("resources/r{i}.md").into(),
            page.into_bytes(),
        ));
    }
    for (k, (op, seg, ty, depth)) in d.ops.iter().enumerate() {
        let nested = format!("{}1{}", "{\"n\": ".repeat(*depth), "}".repeat(*depth));
        let page = format!(
            "---\ndoc_type: apiPageType\n---\n# op {k}\n\n## HTTP request\n\n```http\nGET /{seg}/{{id}}\n```\n\n## Examples\n\n<!-- {{\"blockType\": \"request\", \"name\": \"{}\"}} -->\n```http\nGET https://graph.microsoft.com/v1.0/{seg}/1\n```\n\n<!-- {{\"blockType\": \"response\", \"@odata.type\": \"{}\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"deep\": {nested}}}\n```\n",
            esc(op),
            esc(&qualified(*ty)),
        );
        files.push(SourceFile::from_bytes(
            format!("api/op{k}.md"),
            format!("api/op{k}.md").into(),
            page.into_bytes(),
        ));
    }
    files
}

fn render(d: &Docs) -> String {
    let (ir, _) = docgen_codegen::build_ir(&pages(d));
    match docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH) {
        Ok((code, _)) => code,
        Err(e) => panic!("generated code does not parse: {e}"),
    }
}

proptest! {
    #![proptest_config(RunConfig { cases: 32, ..RunConfig::default() })]

    #[test]
    fn generated_code_parses_whatever_the_pages_hold(d in docs()) {
        let code = render(&d);
        prop_assert!(syn::parse_file(&code).is_ok());
    }
}

/// A fixed batch (the runner is seeded) compiled for real, as one workspace so that the
/// dependencies are checked once. Slow: run by `.ci/run` with `--ignored`.
#[test]
#[ignore = "runs cargo check on generated crates (minutes); .ci/run runs it"]
fn a_batch_of_random_crates_checks_without_warnings() {
    let mut runner = TestRunner::deterministic();
    let strategy = docs();
    let dir = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for i in 0..5 {
        let d = if i == 0 {
            all_odd()
        } else {
            strategy.new_tree(&mut runner).unwrap().current()
        };
        let (ir, stats) = docgen_codegen::build_ir(&pages(&d));
        let (code, features) =
            docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH).unwrap();
        let code = format!("// @generated by the property test.\n\n{code}");
        let output = docgen_codegen::Output {
            ir,
            code,
            features,
            areas: Vec::new(),
            area_aliases: Vec::new(),
            stats,
        };
        let name = format!("random-{i}");
        docgen_codegen::write_crate(&dir.path().join(&name), &name, &output, None, None).unwrap();
        members.push(format!("\"{name}\""));
    }
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[workspace]\nmembers = [{}]\nresolver = \"2\"\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // CI points this at the target folder of the corpus crates it builds.
    let target = std::env::var_os("DOCGEN_CHECK_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("target"));
    let out = std::process::Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--message-format", "short"])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", target.join("random-crates"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "{err}");
}
