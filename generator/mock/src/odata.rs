//! OData query options on an answer: `$select`, `$count`, `$skip`, `$top`, and paging
//! with `@odata.nextLink` back to the mock. An option the chosen example already shows
//! with the same value is not applied again: its answer is the documented one.

use crate::examples::query_pairs;
use crate::request::Incoming;
use serde_json::{Map, Value};

/// The mock's own paging token: `$skiptoken=mock-<offset>`.
const TOKEN: &str = "mock-";

pub(crate) struct Paging<'a> {
    /// Items per page when the request sets no `$top`.
    pub(crate) page_size: usize,
    /// The mock's service root (`http://127.0.0.1:port/v1.0`).
    pub(crate) base: &'a str,
}

/// Applies the request's options (those the example did not answer already) to `body`.
pub(crate) fn apply(req: &Incoming, shown: Option<&str>, body: &mut Value, paging: &Paging<'_>) {
    let shown = query_pairs(shown.unwrap_or(""));
    let fresh = |name: &str| {
        let v = req.option(name)?;
        let same = shown
            .iter()
            .any(|(k, s)| k == name && s.eq_ignore_ascii_case(&v));
        (!same).then_some(v)
    };
    let select: Option<Vec<String>> = fresh("$select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| !p.is_empty())
            .collect()
    });
    let Value::Object(map) = body else { return };
    let Some(Value::Array(items)) = map.get_mut("value") else {
        if let Some(select) = &select {
            keep(map, select);
        }
        return;
    };
    if let Some(select) = &select {
        for item in items.iter_mut() {
            if let Value::Object(m) = item {
                keep(m, select);
            }
        }
    }
    let total = items.len();
    let token = req
        .option("$skiptoken")
        .and_then(|t| t.strip_prefix(TOKEN).and_then(|n| n.parse::<usize>().ok()));
    let skip = token
        .or_else(|| fresh("$skip").and_then(|s| s.parse().ok()))
        .unwrap_or(0)
        .min(total);
    let top = fresh("$top").and_then(|s| s.parse::<usize>().ok());
    let page = top.unwrap_or(paging.page_size).max(1);
    let rest: Vec<Value> = items.drain(..).skip(skip).collect();
    let more = rest.len() > page;
    items.extend(rest.into_iter().take(page));
    if fresh("$count").is_some_and(|c| c.eq_ignore_ascii_case("true")) {
        map.insert("@odata.count".into(), Value::from(total));
    }
    if more {
        map.insert(
            "@odata.nextLink".into(),
            Value::String(next_link(req, paging.base, skip + page)),
        );
    } else if token.is_some() {
        map.remove("@odata.nextLink");
    }
}

/// Keeps the selected properties, the key and annotations.
fn keep(map: &mut Map<String, Value>, select: &[String]) {
    map.retain(|k, _| {
        k.starts_with('@') || k == "id" || select.iter().any(|s| s.eq_ignore_ascii_case(k))
    });
}

/// The request's URL with the mock's paging token in place of `$skip`/`$skiptoken`.
fn next_link(req: &Incoming, base: &str, offset: usize) -> String {
    let mut query: Vec<&str> = req
        .query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !p.is_empty()
                && name != "$skip"
                && name != "$skiptoken"
                && name != "%24skip"
                && name != "%24skiptoken"
        })
        .collect();
    let token = format!("$skiptoken={TOKEN}{offset}");
    query.push(&token);
    format!("{base}{}?{}", req.path, query.join("&"))
}

/// `@odata.nextLink`, `@odata.deltaLink` and the like pointing at the real service,
/// pointed at the mock instead (a client must not take its token to another origin).
pub(crate) fn rebase_links(body: &mut Value, base: &str) {
    let Value::Object(map) = body else { return };
    for (k, v) in map.iter_mut() {
        if !k.ends_with("Link") || !k.contains("@odata.") {
            continue;
        }
        if let Value::String(url) = v {
            if let Some(rest) = service_path(url) {
                *url = format!("{base}{rest}");
            }
        }
    }
}

/// `https://graph.microsoft.com/v1.0/me?x` → `/me?x`.
pub(crate) fn service_path(url: &str) -> Option<&str> {
    let after = url.split_once("://")?.1;
    let host = after.split_once('/')?.0;
    if !host.contains("graph.microsoft") {
        return None;
    }
    let rest = &after[host.len()..];
    ["/v1.0", "/beta"].iter().find_map(|v| {
        let head = rest.get(..v.len())?;
        head.eq_ignore_ascii_case(v).then(|| &rest[v.len()..])
    })
}
