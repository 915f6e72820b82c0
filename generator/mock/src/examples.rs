//! The documented exchanges, by operation, and the one closest to a request.

use crate::request::Incoming;
use crate::router::{Found, Path, Router};
use docgen_codegen::ir::{Exchange, Ir};
use docgen_codegen::lower::split_url;
use serde_json::Value;

/// A documented request, read as a live request is read.
pub(crate) struct Shown {
    pub(crate) exchange: usize,
    path: Vec<Option<String>>,
    query: Vec<(String, String)>,
    body: Option<Value>,
}

/// Exchanges with a response, by the operation their request routes to.
pub(crate) struct Examples {
    pub(crate) by_op: Vec<Vec<Shown>>,
}

impl Examples {
    pub(crate) fn new(ir: &Ir, router: &Router) -> Examples {
        let mut by_op: Vec<Vec<Shown>> = (0..ir.operations.len()).map(|_| Vec::new()).collect();
        let by_name: std::collections::HashMap<&str, usize> = ir
            .operations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.as_str(), i))
            .collect();
        for (i, e) in ir.exchanges.iter().enumerate() {
            let (Some(method), Some(url), Some(_)) =
                (&e.request.method, &e.request.url, &e.response)
            else {
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
            by_op[op].push(Shown {
                exchange: i,
                path: lower(parsed.values()),
                query: query_pairs(query.as_deref().unwrap_or("")),
                body: e.request.json.clone(),
            });
        }
        Examples { by_op }
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
        let values = lower(path.values());
        let query = query_pairs(req.query.as_deref().unwrap_or(""));
        let body: Option<Value> = serde_json::from_slice(&req.body).ok();
        let mut best: Option<(i64, usize)> = None;
        for s in &self.by_op[op] {
            let score = path_score(&s.path, &values)
                + query_score(&s.query, &query)
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
    a.iter().zip(b).filter(|(x, y)| x.is_some() && x == y).count() as i64 * 4
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
        (Some(x), Some(y)) if x == y => 16,
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
