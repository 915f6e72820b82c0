//! Every route the real corpus lists is an operation, none is invented, and the
//! `path-template` finding never fires where the page lists the route. Runs when
//! `DOCGEN_CORPUS=1` is set (as `.ci/run` does) and then fails if the corpus is not beside
//! the repository; a fresh clone's `cargo test` has no corpus to read.

use docgen_codegen::doc::{BlockType, Page};
use docgen_codegen::route;
use docgen_codegen::route_audit::RouteAudit;
use docgen_codegen::vocab::Vocab;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The real corpus (`../shared/corpus/REL` beside the repository) when `DOCGEN_CORPUS=1`
/// asks for it; then it must be there.
fn corpus(rel: &str) -> Option<PathBuf> {
    if std::env::var("DOCGEN_CORPUS").as_deref() != Ok("1") {
        eprintln!("not run: set DOCGEN_CORPUS=1 to test against ../shared/corpus");
        return None;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus")
        .join(rel);
    assert!(
        path.exists(),
        "DOCGEN_CORPUS=1 but the corpus is missing at {}",
        path.display()
    );
    Some(path)
}

/// The identity (`/me` as `/users/{}`) of every route a page's HTTP request sections list,
/// read here on its own: every `METHOD /path` line of a block under a heading whose key
/// starts with `http-request`.
fn listed(page: &Page) -> HashSet<String> {
    page.blocks
        .iter()
        .filter(|b| {
            b.section
                .0
                .iter()
                .any(|h| h.key.starts_with("http-request"))
                || b.annotation
                    .as_ref()
                    .and_then(|a| a.block_type)
                    .is_some_and(|t| t == BlockType::Samples)
        })
        .flat_map(|b| b.text.lines())
        .filter_map(|l| {
            let (method, url) = l.trim().split_once(' ')?;
            let path = docgen_codegen::lower::split_url(url.trim()).0;
            Some(format!(
                "{} {}",
                method.to_ascii_uppercase(),
                route::identity(&route::parse(&route::normalized(&path)).0).0
            ))
        })
        .collect()
}

fn check(rel: &str, vocab: Option<&str>) {
    let Some(dir) = corpus(rel) else { return };
    let mut config = docgen_codegen::Config::new().input(&dir);
    if let Some(v) = vocab {
        config = config.vocab(Vocab::only([v]));
    }
    let files = config.sources().unwrap();
    let (ir, stats) = config.load().unwrap();
    let audit = RouteAudit::new(&ir, &stats.counts);
    eprintln!("{rel} (vocab {vocab:?}):\n{}", audit.markdown());
    assert!(audit.listed > 3000, "{} listed", audit.listed);
    assert_eq!(
        audit.left_out,
        Vec::<String>::new(),
        "listed routes left out"
    );
    assert_eq!(
        audit.unmarked_keys,
        Vec::<String>::new(),
        "keys no page marks"
    );
    assert_eq!(audit.opaque_requests, 6);
    assert!(
        audit.typos_repaired.len() >= 10,
        "{:?}",
        audit.typos_repaired
    );
    // No route holds what the docs mistyped or a sample URL.
    for op in &ir.operations {
        for bad in [
            "...",
            "(team-id)",
            " | ",
            "/users/me/",
            "/v1/",
            "`",
            "/up/",
            "y23vmag",
            "Com.Contoso",
        ] {
            assert!(
                !op.path.contains(bad),
                "{} {} holds `{bad}`",
                op.method,
                op.path
            );
        }
    }
    let has = |method: &str, path: &str| {
        let want = route::identity(&route::parse(&route::normalized(path)).0).0;
        ir.operations
            .iter()
            .any(|o| o.method == method && route::identity(&route::parse(&o.path).0).0 == want)
    };
    for (method, path) in [
        (
            "PUT",
            "/drives/{drive-id}/items/{parent-id}:/{filename}:/content",
        ),
        ("PUT", "/drives/{drive-id}/items/{item-id}/content"),
        (
            "GET",
            "/reports/getEmailActivityUserDetail(date={date_value})",
        ),
        ("GET", "/servicePrincipals/{id}/oauth2PermissionGrants"),
        ("GET", "/me/oauth2PermissionGrants"),
        ("GET", "/reports/getOffice365ActivationCounts"),
        ("GET", "/drives/{drive-id}/root:/{item-path}"),
        ("GET", "/me/drive/special/{name}"),
    ] {
        assert!(has(method, path), "no operation {method} {path}");
    }
    let images = ir
        .operations
        .iter()
        .filter(|o| o.path.contains("/charts/{chart-id}/image"))
        .count();
    assert!(images >= 8, "{images} chart image overloads");

    // `path-template` only where no HTTP request section of the page lists the route.
    let pages: Vec<Page> = docgen_codegen::phases::parse(&files)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut findings = 0;
    for d in ir.diagnostics.iter().filter(|d| d.code == "path-template") {
        findings += 1;
        let page = pages.iter().find(|p| p.path == d.path).unwrap();
        let written = d.message.split('`').nth(1).unwrap();
        let request = page
            .blocks
            .iter()
            .find(|b| b.line + 1 == d.line)
            .and_then(|b| b.text.split_whitespace().next())
            .unwrap();
        let key = format!(
            "{} {}",
            request.to_ascii_uppercase(),
            route::identity(&route::parse(&route::normalized(written)).0).0
        );
        assert!(
            !listed(page).contains(&key),
            "{}:{}: path-template fires, but the page lists `{key}`",
            d.path,
            d.line
        );
    }
    eprintln!("{rel}: {findings} path-template findings, none where the page lists the route");
}

#[test]
fn english_routes_are_all_operations_and_none_invented() {
    check("graph-v1.0-en", None);
}

#[test]
fn russian_routes_are_all_operations_and_none_invented() {
    check("graph-v1.0-ru", None);
}

#[test]
fn russian_routes_read_with_english_words_only() {
    check("graph-v1.0-ru", Some("en"));
}
