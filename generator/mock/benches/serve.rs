//! Start-up from the whole English corpus and requests per second, reported, not
//! asserted: `cargo bench -p docgen-mock --bench serve`. The corpus lives outside the
//! repository (`../shared/corpus`); without it the bench says so and measures docs-input.
//!
//! Requests are the corpus's own documented requests, sent over `CONNECTIONS` keep-alive
//! loopback connections at once, `ROUNDS` times over.

use docgen_mock::Mock;
use std::path::Path;
use std::time::Instant;

const CONNECTIONS: usize = 4;
const ROUNDS: usize = 5;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../../shared/corpus/graph-v1.0-en");
    let docs = if corpus.is_dir() {
        corpus
    } else {
        eprintln!(
            "serve bench: {} is missing; measuring docs-input",
            corpus.display()
        );
        root.join("../../docs-input")
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let begun = Instant::now();
    let (ir, _) = docgen_codegen::Config::new().input(&docs).load().unwrap();
    let read = begun.elapsed();
    let requests: Vec<(String, String, Vec<u8>)> = ir
        .exchanges
        .iter()
        .filter_map(|e| {
            let (path, query) = docgen_codegen::lower::split_url(e.request.url.as_deref()?);
            // What a request line cannot hold (`{id}` placeholders, spaces), escaped.
            use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
            const UNSAFE: &AsciiSet = &CONTROLS
                .add(b' ')
                .add(b'"')
                .add(b'<')
                .add(b'>')
                .add(b'{')
                .add(b'}')
                .add(b'|')
                .add(b'\\')
                .add(b'^')
                .add(b'`')
                .add(b'#');
            let target = match query {
                Some(q) => format!("{path}?{q}"),
                None => path,
            };
            let target = utf8_percent_encode(&target, UNSAFE).to_string();
            let body = e
                .request
                .json
                .as_ref()
                .map(|j| j.to_string())
                .unwrap_or_default();
            Some((e.request.method.clone()?, target, body.into_bytes()))
        })
        .collect();
    runtime.block_on(async move {
        let begun = Instant::now();
        let graph = Mock::from_ir(ir).start().await.unwrap();
        let start = begun.elapsed();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(CONNECTIONS)
            // Documented 302s point at Graph's download hosts: answers, not hops.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let begun = Instant::now();
        let mut tasks = Vec::new();
        for c in 0..CONNECTIONS {
            let mine: Vec<_> = requests.iter().skip(c).step_by(CONNECTIONS).cloned().collect();
            let client = client.clone();
            let base = graph.url().to_string();
            tasks.push(tokio::spawn(async move {
                let mut n = 0usize;
                for _ in 0..ROUNDS {
                    for (method, target, body) in &mine {
                        let r = client
                            .request(method.parse().unwrap(), format!("{base}{target}"))
                            .bearer_auth("bench")
                            .header("content-type", "application/json")
                            .body(body.clone())
                            .send()
                            .await
                            .unwrap();
                        r.bytes().await.unwrap();
                        n += 1;
                    }
                }
                n
            }));
        }
        let mut total = 0;
        for t in tasks {
            total += t.await.unwrap();
        }
        let took = begun.elapsed();
        println!(
            "docs read and merged: {read:.2?}; mock started (routes, examples indexed, listening): {start:.2?}"
        );
        println!(
            "{total} documented requests over {CONNECTIONS} connections in {took:.2?}: {:.0} requests/s",
            total as f64 / took.as_secs_f64()
        );
    });
}
