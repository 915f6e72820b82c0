//! The documented exchanges, by operation, and the one closest to a request.

use crate::request::Incoming;
use crate::router::{Found, Path, Router};
use crate::schema::Seen;
use docgen_codegen::ir::{Exchange, Ir};
use docgen_codegen::lower::split_url;
use serde_json::Value;

/// A documented request, read as a live request is read.
pub(crate) struct Shown {
    pub(crate) exchange: usize,
    path: Vec<Option<String>>,
    query: Vec<(String, String)>,
    /// Headers that choose an answer (`Prefer`, `Accept-Language`…), names lower-cased.
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

/// Headers every request carries or that say nothing about which answer is wanted.
fn telling(name: &str) -> bool {
    ![
        "authorization",
        "content-type",
        "content-length",
        "host",
        "accept",
        "user-agent",
        "connection",
    ]
    .contains(&name)
}

fn telling_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .filter(|(n, _)| telling(n))
        .collect()
}

/// Exchanges with a response, by the operation their request routes to.
pub(crate) struct Examples {
    pub(crate) by_op: Vec<Vec<Shown>>,
    /// What each operation's documented requests show.
    pub(crate) docs: Vec<Documented>,
}

/// What an operation's documented requests show, which the checks accept: the docs are
/// the service's word where a page's tables and its examples disagree.
#[derive(Default)]
pub(crate) struct Documented {
    pub(crate) seen: Seen,
    pub(crate) bodies: Vec<Value>,
    pub(crate) texts: Vec<String>,
    /// Header names (lower-cased) every documented request sends; `None`: no request.
    pub(crate) headers_in_all: Option<Vec<String>>,
    pub(crate) query_in_all: Option<Vec<String>>,
    /// Whether a documented GET sends a body.
    pub(crate) get_body: bool,
}

impl Documented {
    fn add(&mut self, e: &Exchange, query: &[(String, String)]) {
        if let Some(j) = &e.request.json {
            self.seen.add(j);
            self.bodies.push(j.clone());
        }
        if let Some(t) = &e.request.text {
            self.texts.push(t.trim().to_string());
        }
        let sends_body = e.request.json.is_some() || e.request.text.is_some();
        if sends_body
            && e.request
                .method
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case("GET"))
        {
            self.get_body = true;
        }
        let headers: Vec<String> = e
            .request
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        let names: Vec<String> = query.iter().map(|(n, _)| n.clone()).collect();
        self.headers_in_all = Some(intersect(self.headers_in_all.take(), headers));
        self.query_in_all = Some(intersect(self.query_in_all.take(), names));
    }

    /// Whether every documented request (if any) sends it.
    pub(crate) fn always_has(list: &Option<Vec<String>>, name: &str) -> bool {
        match list {
            None => true,
            Some(all) => all.iter().any(|n| n.eq_ignore_ascii_case(name)),
        }
    }
}

fn intersect(all: Option<Vec<String>>, these: Vec<String>) -> Vec<String> {
    match all {
        None => these,
        Some(all) => all.into_iter().filter(|n| these.contains(n)).collect(),
    }
}

impl Examples {
    pub(crate) fn new(ir: &Ir, router: &Router) -> Examples {
        let mut by_op: Vec<Vec<Shown>> = (0..ir.operations.len()).map(|_| Vec::new()).collect();
        let mut docs: Vec<Documented> = (0..ir.operations.len())
            .map(|_| Documented::default())
            .collect();
        let by_name: std::collections::HashMap<&str, usize> = ir
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.as_str(), i))
            .collect();
        for (i, e) in ir.exchanges.iter().enumerate() {
            let (Some(method), Some(url)) = (&e.request.method, &e.request.url) else {
                continue;
            };
            let (path, query) = split_url(url);
            let parsed = Path::parse(&path);
            let op = match router.find(&ir.operations, method, &parsed) {
                Found::Operation { op, .. } => Some(op),
                _ => e.operation.as_deref().and_then(|n| by_name.get(n).copied()),
            };
            let Some(op) = op else {
                continue;
            };
            let query = query_pairs(query.as_deref().unwrap_or(""));
            docs[op].add(e, &query);
            if e.response.is_none() {
                continue;
            }
            by_op[op].push(Shown {
                exchange: i,
                path: lower(parsed.values()),
                query,
                headers: telling_headers(&e.request.headers),
                body: e.request.json.clone(),
            });
        }
        Examples { by_op, docs }
    }

    /// The example of `op` closest to the request: same path values, query and body
    /// score highest; ties go to the first documented.
    pub(crate) fn closest<'e>(
        &self,
        ir: &'e Ir,
        op: usize,
        path: &Path,
        req: &Incoming,
    ) -> Option<&'e Exchange> {
        if let Some(wanted) = req.header("prefer").and_then(preferred_example) {
            // `Prefer: example=<name or page:line>` picks the example outright (as Prism's
            // header does): identical requests the docs answer differently need it.
            let found = self.by_op[op]
                .iter()
                .map(|s| &ir.exchanges[s.exchange])
                .find(|e| e.source == wanted || e.name.as_deref() == Some(wanted.as_str()));
            if found.is_some() {
                return found;
            }
        }
        let values = lower(path.values());
        let query = query_pairs(req.query.as_deref().unwrap_or(""));
        let body: Option<Value> = serde_json::from_slice(&req.body).ok();
        let headers = telling_headers(&req.headers);
        let mut best: Option<(i64, usize)> = None;
        for s in &self.by_op[op] {
            let score = path_score(&s.path, &values)
                + query_score(&s.query, &query)
                + query_score(&s.headers, &headers)
                + body_score(s.body.as_ref(), body.as_ref());
            if best.is_none_or_less(score) {
                best = Some((score, s.exchange));
            }
        }
        best.map(|(_, i)| &ir.exchanges[i])
    }
}

trait Better {
    fn is_none_or_less(&self, score: i64) -> bool;
}

impl Better for Option<(i64, usize)> {
    fn is_none_or_less(&self, score: i64) -> bool {
        match self {
            None => true,
            Some((s, _)) => *s < score,
        }
    }
}

/// `example=x` among a `Prefer` header's preferences.
fn preferred_example(prefer: &str) -> Option<String> {
    prefer
        .split([',', ';'])
        .find_map(|p| p.trim().strip_prefix("example="))
        .map(|v| v.trim_matches('"').to_string())
}

fn lower<'a>(values: impl Iterator<Item = Option<&'a str>>) -> Vec<Option<String>> {
    values.map(|v| v.map(|v| v.to_lowercase())).collect()
}

/// `a=1&b=2` → decoded pairs, names lower-cased (`$Top` is `$top`), sorted.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k).to_ascii_lowercase(), decode(v))
        })
        .collect();
    out.sort();
    out
}

pub(crate) fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .trim()
        .to_string()
}

fn path_score(a: &[Option<String>], b: &[Option<String>]) -> i64 {
    a.iter()
        .zip(b)
        .filter(|(x, y)| x.is_some() && x == y)
        .count() as i64
        * 4
}

fn query_score(a: &[(String, String)], b: &[(String, String)]) -> i64 {
    let mut score = 0;
    for (k, v) in a {
        match b.iter().find(|(k2, _)| k2 == k) {
            Some((_, v2)) if same_text(v, v2) => score += 3,
            Some(_) => score += 1,
            None => score -= 2,
        }
    }
    for (k, _) in b {
        if !a.iter().any(|(k2, _)| k2 == k) {
            score -= 2;
        }
    }
    score
}

/// Query values compared as the service reads them: spaces and `+` alike, case aside.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.replace('+', " ").to_lowercase();
    norm(a) == norm(b)
}

fn body_score(a: Option<&Value>, b: Option<&Value>) -> i64 {
    match (a, b) {
        // An equal body outweighs any number of equal members.
        (Some(x), Some(y)) if x == y => 1 << 20,
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let mut score = 0;
            for (k, v) in x {
                match y.get(k) {
                    Some(v2) if v == v2 => score += 2,
                    Some(_) => score += 1,
                    None => score -= 1,
                }
            }
            score - y.keys().filter(|k| !x.contains_key(*k)).count() as i64
        }
        (None, None) => 1,
        _ => 0,
    }
}
