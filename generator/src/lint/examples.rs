//! Example bodies against the declared types: unknown properties, wrong shapes, enum
//! values that are not members, primitive values in the wrong notation.
//!
//! "Declared" means what tables and resource blocks list; the merged IR also holds what
//! examples showed, which is exactly what must not vouch for itself here.

use super::{type_index, Declared, Finding, Lines};
use crate::ir::{self, Ir, Kind};
use crate::notation::{is_base64, string_value_type};
use serde_json::Value;
use std::collections::HashMap;

struct Ctx<'a> {
    types: HashMap<String, &'a ir::Type>,
    declared: &'a Declared,
    /// Base → the types deriving from it directly.
    derived: HashMap<&'a str, Vec<&'a str>>,
}

struct At<'a> {
    path: &'a str,
    /// The body's first line; values are looked for from here on.
    line: usize,
    lines: Option<&'a Lines<'a>>,
}

/// `skip(path, line)`: bodies not to check (their type is a guess).
pub(super) fn check(
    ir: &Ir,
    declared: &Declared,
    texts: &HashMap<&str, Lines>,
    skip: &dyn Fn(&str, usize) -> bool,
) -> Vec<Finding> {
    let mut derived: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in &ir.types {
        if let Some(b) = &t.base {
            derived.entry(b.as_str()).or_default().push(t.name.as_str());
        }
    }
    let cx = Ctx {
        types: type_index(ir),
        declared,
        derived,
    };
    let mut out = Vec::new();
    for ex in &ir.examples {
        let (path, line) = ex
            .source
            .rsplit_once(':')
            .map_or((ex.source.as_str(), 1), |(p, l)| {
                (p, l.parse().unwrap_or(1))
            });
        if skip(path, line) {
            continue;
        }
        let at = At {
            path,
            line,
            lines: texts.get(path),
        };
        let mut json = &ex.json;
        // A collection response: `{"value": [...]}`.
        if ex.collection {
            if let Some(items) = json.get("value").filter(|v| v.is_array()) {
                json = items;
            }
        }
        value(&cx, &at, &ex.ty, ex.collection, json, "", &mut out);
    }
    out
}

/// Checks one value against `ty` (a collection of it when `collection`).
fn value(
    cx: &Ctx,
    at: &At,
    ty: &str,
    collection: bool,
    v: &Value,
    key: &str,
    out: &mut Vec<Finding>,
) {
    if v.is_null() || ty == ir::UNTYPED || ty == "Edm.Stream" {
        return;
    }
    let shown = || {
        if collection {
            format!("Collection({ty})")
        } else {
            ty.to_string()
        }
    };
    if collection {
        match v {
            Value::Array(items) => {
                for item in items {
                    value(cx, at, ty, false, item, key, out);
                }
            }
            _ => out.push(
                finding(
                    at,
                    key,
                    v,
                    "wrong-shape",
                    format!(
                        "`{key}` is `{}` but this example holds one value, not a list",
                        shown()
                    ),
                )
                .help(format!("write the value as a list: `[{}]`", short(v))),
            ),
        }
        return;
    }
    if let Value::Array(_) = v {
        out.push(finding(
            at,
            key,
            v,
            "wrong-shape",
            format!("`{key}` is one `{ty}` but this example holds a list"),
        ));
        return;
    }
    if ir::is_primitive(ty) {
        primitive(at, ty, v, key, out);
        return;
    }
    let Some(t) = cx.types.get(&ty.to_lowercase()) else {
        return;
    };
    if t.kind == Kind::Enum {
        let Value::String(s) = v else {
            out.push(finding(
                at,
                key,
                v,
                "wrong-shape",
                format!(
                    "`{key}` is the enum `{}` but this example holds `{}`",
                    t.name,
                    short(v)
                ),
            ));
            return;
        };
        if t.members.is_empty() {
            return;
        }
        for part in s.split(',').map(str::trim) {
            if !t.members.iter().any(|m| m.name.eq_ignore_ascii_case(part)) {
                let some: Vec<&str> = t.members.iter().take(6).map(|m| m.name.as_str()).collect();
                out.push(
                    finding(
                        at,
                        key,
                        v,
                        "invalid-enum-value",
                        format!("`{part}` is not a member of `{}`", t.name),
                    )
                    .help(format!(
                        "members: {}{}",
                        some.join(", "),
                        if t.members.len() > 6 { ", …" } else { "" }
                    )),
                );
            }
        }
        return;
    }
    let Value::Object(map) = v else {
        out.push(finding(
            at,
            key,
            v,
            "wrong-shape",
            format!(
                "`{key}` is the object type `{}` but this example holds `{}`",
                t.name,
                short(v)
            ),
        ));
        return;
    };
    // The derived type the body names, if known.
    let mut t = *t;
    if let Some(d) = map
        .get("@odata.type")
        .and_then(Value::as_str)
        .map(|s| crate::lower::qualify(s.trim_start_matches('#')))
        .and_then(|d| cx.types.get(&d.to_lowercase()))
    {
        t = d;
    }
    // `{"value": {...}}` around one entity is reported as `value-wrapper` already.
    if map.len() == 1
        && map.get("value").is_some_and(Value::is_object)
        && property(cx, t, "value").is_none()
    {
        value(cx, at, &t.name.clone(), false, &map["value"], key, out);
        return;
    }
    let chain = chain(cx, t);
    let open = chain.iter().any(|c| c.open);
    let any_declared = chain
        .iter()
        .any(|c| cx.declared.get(&c.name).is_some_and(|p| !p.is_empty()));
    for (k, item) in map {
        if k.contains('@') || k.starts_with("odata.") {
            continue;
        }
        let is_declared = chain
            .iter()
            .any(|c| cx.declared.get(&c.name).is_some_and(|p| p.contains(k)));
        if !is_declared {
            if !open && any_declared && !declared_below(cx, &t.name, k, 0) {
                out.push(
                    finding(
                        at,
                        k,
                        item,
                        "unknown-property",
                        format!(
                            "`{k}` is not a property of `{}`{}",
                            t.name,
                            if chain.len() > 1 {
                                " or its base types"
                            } else {
                                ""
                            }
                        ),
                    )
                    .at_key(at, k)
                    .help(format!(
                        "add `{k}` to the properties table of `{}`, or remove it from the example",
                        t.name
                    )),
                );
            }
            continue;
        }
        if let Some(p) = property(cx, t, k) {
            value(cx, at, &p.ty, p.collection, item, k, out);
        }
    }
}

/// The type and its bases, nearest first (cycles cut).
fn chain<'a>(cx: &Ctx<'a>, t: &'a ir::Type) -> Vec<&'a ir::Type> {
    let mut out = vec![t];
    while let Some(b) = out.last().and_then(|t| t.base.as_ref()) {
        match cx.types.get(&b.to_lowercase()) {
            Some(bt) if out.len() < 16 && !out.iter().any(|x| x.name == bt.name) => out.push(bt),
            _ => break,
        }
    }
    out
}

fn property<'a>(cx: &Ctx<'a>, t: &'a ir::Type, key: &str) -> Option<&'a ir::Property> {
    chain(cx, t)
        .into_iter()
        .find_map(|c| c.properties.iter().find(|p| p.name == key))
}

/// Whether a type deriving from `name` declares `key`: a derived body written without its
/// `@odata.type` is a smaller fault, and not the one this check reports.
fn declared_below(cx: &Ctx, name: &str, key: &str, depth: usize) -> bool {
    depth < 8
        && cx.derived.get(name).is_some_and(|ds| {
            ds.iter().any(|d| {
                cx.declared.get(*d).is_some_and(|p| p.contains(key))
                    || declared_below(cx, d, key, depth + 1)
            })
        })
}

fn primitive(at: &At, ty: &str, v: &Value, key: &str, out: &mut Vec<Finding>) {
    let ok = match (ty, v) {
        ("Edm.String", Value::String(_)) => true,
        ("Edm.Boolean", Value::Bool(_)) => true,
        ("Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Byte" | "Edm.SByte", Value::Number(n)) => {
            n.is_i64() || n.is_u64()
        }
        ("Edm.Int64" | "Edm.Decimal", Value::String(s)) => s.parse::<f64>().is_ok(),
        ("Edm.Double" | "Edm.Single" | "Edm.Decimal", Value::Number(_)) => true,
        ("Edm.Double" | "Edm.Single", Value::String(s)) => {
            matches!(s.as_str(), "NaN" | "INF" | "-INF")
        }
        (
            "Edm.DateTimeOffset" | "Edm.Date" | "Edm.TimeOfDay" | "Edm.Duration" | "Edm.Guid",
            Value::String(s),
        ) => string_value_type(s) == ty,
        ("Edm.Binary", Value::String(s)) => is_base64(s),
        (
            "Edm.String" | "Edm.Boolean" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Byte"
            | "Edm.SByte" | "Edm.Double" | "Edm.Single" | "Edm.Decimal" | "Edm.DateTimeOffset"
            | "Edm.Date" | "Edm.TimeOfDay" | "Edm.Duration" | "Edm.Guid" | "Edm.Binary",
            _,
        ) => false,
        // Geography and other primitives: not checked.
        _ => true,
    };
    if ok {
        return;
    }
    let (code, what) = match v {
        Value::Object(_) => ("wrong-shape", "an object"),
        _ => ("invalid-value", "a value"),
    };
    let notation = match ty {
        "Edm.DateTimeOffset" => {
            Some("an RFC 3339 date-time with an offset, such as `2021-03-01T10:00:00Z`")
        }
        "Edm.Date" => Some("a date such as `2021-03-01`"),
        "Edm.TimeOfDay" => Some("a time of day such as `08:30:00`"),
        "Edm.Duration" => Some("an ISO 8601 duration such as `PT1H30M`"),
        "Edm.Guid" => Some("a GUID such as `5e1b2a6c-1f62-4e0e-a5bb-2b7b3b5c0a11`"),
        "Edm.Boolean" => Some("`true` or `false`, unquoted"),
        "Edm.Binary" => Some("base64 text"),
        _ => None,
    };
    let f = finding(
        at,
        key,
        v,
        code,
        format!(
            "`{key}` is `{ty}` but this example holds {what} `{}`",
            short(v)
        ),
    );
    out.push(match notation {
        Some(n) => f.help(format!("write {n}")),
        None => f,
    });
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(39).collect::<String>())
    } else {
        s
    }
}

/// A finding at the value of `key` (`"key": value`) within the body, if the page shows it.
fn finding(at: &At, key: &str, v: &Value, code: &'static str, message: String) -> Finding {
    let f = Finding::new(at.path, at.line, code, message);
    let Some(lines) = at.lines else { return f };
    let needle = match v {
        Value::String(s) => format!("\"{s}\""),
        _ => String::new(),
    };
    let key_needle = format!("\"{key}\"");
    if !key.is_empty() {
        if let Some((line, col)) = lines.find(at.line, 4000, &key_needle) {
            let text = lines.get(line);
            // Underline the value when it is on the key's line.
            if !needle.is_empty() {
                if let Some(b) = text.find(&needle) {
                    let c = text[..b].chars().count() + 1;
                    if c > col {
                        return f.line_at(line).at(c, needle.chars().count());
                    }
                }
            }
            return f.line_at(line).at(col, key_needle.chars().count());
        }
    }
    f
}

impl Finding {
    fn line_at(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// Moves the finding onto the key itself (for unknown properties).
    fn at_key(self, at: &At, key: &str) -> Self {
        let Some(lines) = at.lines else { return self };
        match lines.find(at.line, 4000, &format!("\"{key}\"")) {
            Some((line, col)) => self.line_at(line).at(col, key.chars().count() + 2),
            None => self,
        }
    }
}
