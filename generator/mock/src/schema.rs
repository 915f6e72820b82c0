//! JSON read against the IR's types, as the service reads a request body: an unknown
//! property, a value of the wrong JSON type or a missing required value is a problem
//! naming the property. The same reading tells whether an answer is typed.

use docgen_codegen::ir::{self, Ir, Kind, OperationBody, Property, Type};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What is wrong with a body: the property (a JSON path such as `attendees[0].type`) and
/// what the service would say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub property: String,
    pub message: String,
}

pub(crate) struct Schema<'a> {
    ir: &'a Ir,
    index: &'a HashMap<String, usize>,
    seen: Option<&'a Seen>,
}

/// What an operation's documented request bodies show: the docs are the service's word,
/// so a shape they show is accepted even where the page's types disagree with it (such
/// requests are listed by the replay report as the docs' own disagreements).
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// JSON kinds by property path (`attendees.emailAddress.address`, lower-cased).
    kinds: HashMap<String, u8>,
    /// Top-level properties every documented body has (`None`: no documented body).
    in_all: Option<Vec<String>>,
}

impl Seen {
    pub(crate) fn add(&mut self, body: &Value) {
        let mut stack = vec![(String::new(), body)];
        while let Some((at, v)) = stack.pop() {
            *self.kinds.entry(at.clone()).or_default() |= kind_bit(v);
            match v {
                Value::Object(m) => {
                    for (k, c) in m {
                        stack.push((join(&at, &k.to_ascii_lowercase()), c));
                    }
                }
                Value::Array(items) => stack.extend(items.iter().map(|c| (at.clone(), c))),
                _ => {}
            }
        }
        let names: Vec<String> = match body {
            Value::Object(m) => m.keys().map(|k| k.to_ascii_lowercase()).collect(),
            _ => Vec::new(),
        };
        self.in_all = Some(match self.in_all.take() {
            None => names,
            Some(all) => all.into_iter().filter(|n| names.contains(n)).collect(),
        });
    }

    fn shows(&self, at: &str, json: Option<&Value>) -> bool {
        let key = strip_indices(at).to_ascii_lowercase();
        match (self.kinds.get(&key), json) {
            (Some(_), None) => true,
            (Some(bits), Some(v)) => bits & kind_bit(v) != 0,
            (None, _) => false,
        }
    }

    fn may_lack(&self, name: &str) -> bool {
        self.in_all
            .as_ref()
            .is_some_and(|all| !all.iter().any(|n| n.eq_ignore_ascii_case(name)))
    }
}

fn kind_bit(v: &Value) -> u8 {
    match v {
        Value::Null => 1,
        Value::Bool(_) => 2,
        Value::Number(_) => 4,
        Value::String(_) => 8,
        Value::Array(_) => 16,
        Value::Object(_) => 32,
    }
}

/// `a[0].b[12]` → `a.b`.
fn strip_indices(at: &str) -> String {
    let mut out = String::with_capacity(at.len());
    let mut skipping = false;
    for c in at.chars() {
        match c {
            '[' => skipping = true,
            ']' => skipping = false,
            c if !skipping => out.push(c),
            _ => {}
        }
    }
    out
}

/// The IR's types by lower-cased name, for [`Schema`].
pub(crate) fn index(ir: &Ir) -> HashMap<String, usize> {
    let mut types = HashMap::new();
    for (i, t) in ir.types.iter().enumerate() {
        types.entry(t.name.to_ascii_lowercase()).or_insert(i);
    }
    types
}

/// Nesting past this is not read further (serde_json refuses deeper bodies anyway).
const MAX_DEPTH: usize = 64;

impl<'a> Schema<'a> {
    pub(crate) fn new(ir: &'a Ir, index: &'a HashMap<String, usize>) -> Schema<'a> {
        Schema {
            ir,
            index,
            seen: None,
        }
    }

    /// The same schema, accepting what the operation's documented bodies show.
    pub(crate) fn with_seen(mut self, seen: &'a Seen) -> Schema<'a> {
        self.seen = Some(seen);
        self
    }

    /// A body problem, unless the docs' own examples show this shape.
    fn fail(&self, at: &str, want: &str, json: &Value) -> Result<(), Problem> {
        if self.seen.is_some_and(|s| s.shows(at, Some(json))) {
            return Ok(());
        }
        Err(wrong(at, want, json))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&'a Type> {
        let name = name.trim_start_matches('#').to_ascii_lowercase();
        let at = self.index.get(&name).or_else(|| {
            // `#user` in a body stands for `microsoft.graph.user`.
            self.index.get(&format!("microsoft.graph.{name}"))
        })?;
        self.ir.types.get(*at)
    }

    /// The type's properties with its bases', nearest first.
    pub(crate) fn properties(&self, t: &'a Type) -> Vec<&'a Property> {
        let mut out = Vec::new();
        let mut at = Some(t);
        let mut seen = 0;
        while let Some(t) = at {
            out.extend(&t.properties);
            seen += 1;
            at = t
                .base
                .as_deref()
                .and_then(|b| self.get(b))
                .filter(|_| seen < 32);
        }
        out
    }

    fn is_open(&self, t: &'a Type) -> bool {
        let mut at = Some(t);
        let mut seen = 0;
        while let Some(t) = at {
            if t.open {
                return true;
            }
            seen += 1;
            at = t
                .base
                .as_deref()
                .and_then(|b| self.get(b))
                .filter(|_| seen < 32);
        }
        false
    }

    /// Reads a request body against the operation's body. `create` says whether the
    /// request creates (POST): only then are values the docs call required missed.
    pub(crate) fn check_body(
        &self,
        body: &OperationBody,
        json: &Value,
        create: bool,
    ) -> Result<(), Problem> {
        if !body.properties.is_empty() {
            // An action's parameters, listed inline.
            let Value::Object(map) = json else {
                return self.fail("", "an object", json);
            };
            let props: Vec<&Property> = body.properties.iter().collect();
            return self.check_object(&props, false, map, "", create, 0);
        }
        match &body.ty {
            Some(ty) => self.check(ty, body.collection, json, "", create, 0),
            None => Ok(()),
        }
    }

    /// Reads `json` as a value of `ty` (a collection of it when `collection`).
    pub(crate) fn check(
        &self,
        ty: &str,
        collection: bool,
        json: &Value,
        at: &str,
        create: bool,
        depth: usize,
    ) -> Result<(), Problem> {
        if depth > MAX_DEPTH || json.is_null() {
            return Ok(());
        }
        if collection {
            let Value::Array(items) = json else {
                return self.fail(at, "an array", json);
            };
            for (i, item) in items.iter().enumerate() {
                self.check(ty, false, item, &format!("{at}[{i}]"), create, depth + 1)?;
            }
            return Ok(());
        }
        if ir::is_primitive(ty) {
            return match primitive(ty, json) {
                Some(want) => self.fail(at, &want, json),
                None => Ok(()),
            };
        }
        let Some(t) = self.get(ty) else {
            return Ok(()); // A type the docs do not describe: anything goes.
        };
        if ir::is_json_value(t) {
            return Ok(());
        }
        if t.kind == Kind::Enum {
            return match json {
                Value::String(_) => Ok(()),
                _ => self.fail(at, "a string (an enum member)", json),
            };
        }
        let Value::Object(map) = json else {
            return self.fail(at, "an object", json);
        };
        // A derived type the body names (`"@odata.type": "#microsoft.graph.fileAttachment"`).
        let t = map
            .get("@odata.type")
            .and_then(Value::as_str)
            .and_then(|n| self.get(n))
            .unwrap_or(t);
        let props = self.properties(t);
        self.check_object(
            &props,
            self.is_open(t),
            map,
            at,
            create && depth == 0,
            depth,
        )
    }

    fn check_object(
        &self,
        props: &[&Property],
        open: bool,
        map: &Map<String, Value>,
        at: &str,
        create: bool,
        depth: usize,
    ) -> Result<(), Problem> {
        for (name, value) in map {
            // Annotations (`@odata.type`, `manager@odata.bind`) are not properties.
            if name.contains('@') {
                continue;
            }
            let path = join(at, name);
            match props.iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
                Some(p) => self.check(&p.ty, p.collection, value, &path, false, depth + 1)?,
                None if open || self.seen.is_some_and(|s| s.shows(&path, None)) => {}
                None => {
                    return Err(Problem {
                        message: format!(
                            "Property '{path}' does not exist as a declared property."
                        ),
                        property: path,
                    })
                }
            }
        }
        if create {
            for p in props {
                let required = p
                    .description
                    .as_deref()
                    .and_then(docgen_codegen::vocab::required)
                    == Some(true);
                let excused = at.is_empty() && self.seen.is_some_and(|s| s.may_lack(&p.name));
                if required && !excused && !map.keys().any(|k| k.eq_ignore_ascii_case(&p.name)) {
                    let path = join(at, &p.name);
                    return Err(Problem {
                        message: format!("Property '{path}' is required and missing."),
                        property: path,
                    });
                }
            }
        }
        Ok(())
    }
}

fn join(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

fn kind_of(json: &Value) -> &'static str {
    match json {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(at: &str, want: &str, json: &Value) -> Problem {
    let name = if at.is_empty() { "(body)" } else { at };
    Problem {
        property: name.to_string(),
        message: format!(
            "Property '{name}' holds {} where {want} is expected.",
            kind_of(json)
        ),
    }
}

/// `Edm.*` values as OData JSON writes them: numbers that may not fit a double (`Int64`,
/// `Decimal`) and the IEEE specials may come as strings. `Some(what was wanted)` when
/// `json` is not one.
fn primitive(ty: &str, json: &Value) -> Option<String> {
    let ok = match ty {
        "Edm.Boolean" => json.is_boolean(),
        "Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" => json.is_i64() || json.is_u64(),
        "Edm.Int64" | "Edm.Decimal" => json.is_number() || json.is_string(),
        "Edm.Double" | "Edm.Single" => {
            json.is_number()
                || matches!(
                    json.as_str(),
                    Some("NaN" | "INF" | "-INF" | "Infinity" | "-Infinity")
                )
        }
        "Edm.String" | "Edm.Guid" | "Edm.DateTimeOffset" | "Edm.Date" | "Edm.TimeOfDay"
        | "Edm.Duration" | "Edm.Binary" => json.is_string(),
        _ => true, // Edm.Untyped, Edm.Stream, geography…: any JSON.
    };
    (!ok).then(|| format!("a value of type {ty}"))
}
