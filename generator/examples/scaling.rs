//! How the cost grows with the input, for each hostile shape (issue 12):
//! `cargo run --release -p docgen-codegen --example scaling [-- SHAPE...]`.
//!
//! Each shape is run at four sizes, each twice the last, every run in a fresh process so
//! that its peak memory is its own. Printed per run: input bytes, the time to the IR
//! (parse, lower, infer), the time to formatted code (emit, format), peak RSS, and the
//! slope against the run before: log2(time ratio) per doubling, 1.0 for linear cost and
//! 2.0 for quadratic. Timings are wall clock on whatever else the machine is doing.

use std::fmt::Write as _;
use std::process::Command;
use std::time::Instant;

const SHAPES: &[(&str, usize, &str)] = &[
    ("table", 25_000, "rows in one property table"),
    ("enum", 25_000, "members in one enum table"),
    ("depth", 12_500, "levels of JSON nesting in one body"),
    ("line", 1_250_000, "bytes of prose on one line"),
    (
        "json-line",
        1_250_000,
        "bytes of one-line JSON with two problems every 5 bytes",
    ),
    ("pages", 6_250, "pages of one operation each"),
];

fn page(kind: &str, body: &str) -> String {
    format!("---\ntitle: \"x\"\ndoc_type: {kind}\n---\n\n# big resource type\n\nNamespace: microsoft.graph\n\n{body}")
}

fn resource_block(json: &str) -> String {
    format!("## JSON representation\n\n<!-- {{\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.big\"}} -->\n```json\n{json}\n```\n")
}

/// The pages of one shape at size `n`.
fn input(shape: &str, n: usize) -> Vec<docgen_codegen::SourceFile> {
    let one = |text: String| {
        vec![docgen_codegen::SourceFile::from_bytes(
            "resources/big.md",
            "resources/big.md".into(),
            text.into_bytes(),
        )]
    };
    match shape {
        "table" => {
            let mut t = String::from("## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n");
            for i in 0..n {
                writeln!(t, "| p{i} | String | Property {i}. |").unwrap();
            }
            t.push_str(&resource_block("{\"p0\": \"String\"}"));
            one(page("resourcePageType", &t))
        }
        "enum" => {
            let mut t = String::from("### big values\n\n| Member | Value | Description |\n|:--|:--|:--|\n");
            for i in 0..n {
                writeln!(t, "| m{i} | {i} | Member {i}. |").unwrap();
            }
            one(page("enumPageType", &t))
        }
        "depth" => {
            let json = format!("{{\"a\": {}{}}}", "[".repeat(n), "]".repeat(n));
            one(page("resourcePageType", &resource_block(&json)))
        }
        "line" => {
            let line: String = "word ".repeat(n / 5);
            one(page("resourcePageType", &format!("{line}\n")))
        }
        "json-line" => {
            let json = format!("{{\"a\": [{}]}}", "1 2,,".repeat(n / 5));
            one(page("resourcePageType", &resource_block(&json)))
        }
        "pages" => (0..n)
            .map(|i| {
                let text = format!("---\ntitle: op{i}\ndoc_type: apiPageType\n---\n# op{i}\n\n## HTTP request\n\n```http\nGET /things{i}/{{id}}\n```\n\n## Example\n\n<!-- {{\"blockType\": \"request\", \"name\": \"op{i}\"}} -->\n```http\nGET https://graph.microsoft.com/v1.0/things{i}/1\n```\n\n<!-- {{\"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thing{i}\"}} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\"id\": \"1\"}}\n```\n");
                let path = format!("api/op{i}.md");
                docgen_codegen::SourceFile::from_bytes(path.clone(), path.into(), text.into_bytes())
            })
            .collect(),
        other => panic!("unknown shape `{other}`"),
    }
}

/// Peak resident set of this process in KiB (Linux), 0 elsewhere.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// One run, in this process: prints `bytes ir_secs code_secs peak_kib`.
fn one(shape: &str, n: usize) {
    let files = input(shape, n);
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    let start = Instant::now();
    let (ir, _) = docgen_codegen::build_ir(&files);
    let ir_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let (code, _) = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH)
        .expect("code renders");
    let code_secs = start.elapsed().as_secs_f64();
    assert!(!code.is_empty());
    println!("{bytes} {ir_secs} {code_secs} {}", peak_kib());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--one") {
        one(&args[1], args[2].parse().expect("a size"));
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    println!("| shape | n | input | to IR | slope | to code | slope | peak RSS | RSS / input |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for &(shape, first, what) in SHAPES {
        if !args.is_empty() && !args.iter().any(|a| a == shape) {
            continue;
        }
        let mut last: Option<(f64, f64)> = None;
        for step in 0..4 {
            let n = first << step;
            let out = Command::new(&exe)
                .args(["--one", shape, &n.to_string()])
                .output()
                .expect("run one size");
            let text = String::from_utf8_lossy(&out.stdout);
            let f: Vec<f64> = text
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            let [bytes, ir, code, kib] = f[..] else {
                println!(
                    "| {shape} | {n} | failed: {} |",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                break;
            };
            let slope = |now: f64, before: Option<f64>| {
                before.map_or("".to_string(), |b| {
                    format!("{:.2}", (now.max(1e-4) / b.max(1e-4)).log2())
                })
            };
            println!(
                "| {shape} | {n} | {:.1} MB | {ir:.3} s | {} | {code:.3} s | {} | {:.0} MB | {:.1}× |",
                bytes / 1e6,
                slope(ir, last.map(|l| l.0)),
                slope(code, last.map(|l| l.1)),
                kib * 1.024 / 1e3,
                kib * 1024.0 / bytes,
            );
            last = Some((ir, code));
        }
        println!("| ({shape}: n = {what}) |");
    }
}
