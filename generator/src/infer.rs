//! Merges the facts of every page into one typed IR.
//!
//! Evidence, strongest first: a table's type column (declared), the resource block's
//! placeholder (`"Int32"`, `{"@odata.type": ...}`), then values in examples. Weaker
//! evidence fills gaps; it never overrides stronger evidence, except that examples widen a
//! declared number that they prove too narrow (`Int32` declared, `3.5` shown). Every
//! disagreement is reported with both places.

use crate::diag::{Diagnostic, Severity};
use crate::ir::{
    self, Example, Ir, Kind, Member, Operation, OperationBody, Parameter, Property, Response, Type,
    UNTYPED,
};
use crate::lower::{qualify, PageFacts, PropertyFact, TypeFact, TypeRef};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Diagnostic codes that say an example body itself is wrong: a value contradicting its
/// declared type, a single entity wrapped in `value`, an annotation missing its `@`, a
/// value of a type unrelated to the one expected.
pub const EXAMPLE_MISTAKES: &[&str] = &[
    "example-disagrees",
    "value-wrapper",
    "annotation-without-at",
    "unrelated-type",
];

/// How strongly a property's type is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    Example,
    Placeholder,
    Declared,
}

#[derive(Debug, Clone)]
struct PropState {
    ty: Option<TypeRef>,
    evidence: Evidence,
    navigation: bool,
    description: Option<String>,
    /// Where the current type came from.
    source: String,
}

#[derive(Debug, Clone)]
struct TypeState {
    kind: Option<Kind>,
    base: Option<(String, String)>,
    is_abstract: bool,
    open: bool,
    description: Option<String>,
    props: Vec<(String, PropState)>,
    members: Vec<Member>,
    optional: Vec<String>,
    source: String,
}

struct Merger {
    types: BTreeMap<String, TypeState>,
    /// Lower-cased name → canonical name, for references that lost their case.
    by_lower: HashMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

fn diag(source: &str, severity: Severity, code: &'static str, message: String) -> Diagnostic {
    let (path, line) = source
        .rsplit_once(':')
        .map_or((source, 1), |(p, l)| (p, l.parse().unwrap_or(1)));
    Diagnostic {
        path: path.to_string(),
        line,
        col: 1,
        severity,
        code,
        message,
    }
}

/// The type a sample string suggests, by value alone: an RFC 3339 date-time, an ISO 8601
/// date, time of day or duration, a GUID, or else a string. Values are the weakest
/// evidence: a declaration or placeholder overrides them, and samples of one property that
/// suggest different types widen it to `Edm.String`.
pub fn string_value_type(s: &str) -> &'static str {
    if is_timestamp(s) {
        "Edm.DateTimeOffset"
    } else if is_date(s) {
        "Edm.Date"
    } else if is_time_of_day(s) {
        "Edm.TimeOfDay"
    } else if is_duration(s) {
        "Edm.Duration"
    } else if uuid_like(s) {
        "Edm.Guid"
    } else {
        "Edm.String"
    }
}

/// `2024-05-01`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// `08:30:00`, `08:30:00.0000000`: hours, minutes and seconds (without seconds, `08:30`
/// is as likely a label as a time).
fn is_time_of_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b[2] == b':'
        && b[5] == b':'
        && time::Time::parse(
            s,
            time::macros::format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]"),
        )
        .is_ok()
}

/// ISO 8601 duration: `P30D`, `PT1H30M`, `-PT17.1357909S`.
fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('-').unwrap_or(s).strip_prefix('P') else {
        return false;
    };
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let units_in_order = |part: &str, units: &str| {
        let mut next = 0;
        let mut number = false;
        for c in part.chars() {
            if c.is_ascii_digit() || (c == '.' && number) {
                number = true;
            } else if let Some(i) = units[next..].find(c).filter(|_| number) {
                next += i + 1;
                number = false;
            } else {
                return false;
            }
        }
        !number
    };
    !(date.is_empty() && time.is_empty())
        && (rest.contains('T') != time.is_empty())
        && units_in_order(date, "YMWD")
        && units_in_order(time, "HMS")
}

/// Standard or URL-safe base64, padded or not, as a decoder that checks the unused bits of
/// the last symbol reads it (`Binary`, a placeholder, is not base64).
fn is_base64(s: &str) -> bool {
    const SYMBOLS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let value = |b: u8| {
        SYMBOLS.iter().position(|&c| c == b).or(match b {
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        })
    };
    let body = s.trim_end_matches('=');
    let padded = body.len() != s.len();
    let last_bits_unused = match body.len() % 4 {
        0 => true,
        2 => body
            .bytes()
            .last()
            .and_then(value)
            .is_some_and(|v| v & 0b1111 == 0),
        3 => body
            .bytes()
            .last()
            .and_then(value)
            .is_some_and(|v| v & 0b11 == 0),
        _ => false,
    };
    !body.is_empty()
        && (!padded || s.len() % 4 == 0)
        && last_bits_unused
        && body.bytes().all(|b| value(b).is_some())
}

/// Whether a value has the JSON shape of a named type: an object, or a string for an enum;
/// in an array for a collection.
fn fits_shape(value: &Value, collection: bool, is_enum: bool) -> bool {
    let single = |v: &Value| {
        v.is_null()
            || if is_enum {
                v.is_string()
            } else {
                v.is_object()
            }
    };
    match value {
        Value::Array(items) => collection && items.iter().all(single),
        Value::Null => true,
        v => !collection && single(v),
    }
}

/// Primitives JSON writes as strings.
fn is_text(t: &str) -> bool {
    matches!(
        t,
        "Edm.String"
            | "Edm.DateTimeOffset"
            | "Edm.Date"
            | "Edm.TimeOfDay"
            | "Edm.Duration"
            | "Edm.Guid"
    )
}

/// RFC 3339 date-time, as `time` will parse it.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
        && (s.ends_with('Z') || s.ends_with('z') || s[19..].contains(['+', '-']))
        && time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

fn value_type(v: &Value) -> Option<TypeRef> {
    let single = |n: &str| {
        Some(TypeRef {
            name: n.to_string(),
            collection: false,
        })
    };
    match v {
        Value::String(s) => single(string_value_type(s)),
        Value::Bool(_) => single("Edm.Boolean"),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if i32::try_from(i).is_ok() => single("Edm.Int32"),
            (Some(_), _) => single("Edm.Int64"),
            _ => single("Edm.Double"),
        },
        Value::Object(m) => match m.get("@odata.type").and_then(Value::as_str) {
            Some(t) => single(&qualify(t)),
            None => single(UNTYPED),
        },
        Value::Array(items) => {
            let inner = items.iter().filter_map(value_type).reduce(|a, b| {
                if a == b {
                    a
                } else {
                    TypeRef {
                        name: widen(&a.name, &b.name).to_string(),
                        collection: false,
                    }
                }
            })?;
            Some(TypeRef {
                name: inner.name,
                collection: true,
            })
        }
        Value::Null => None,
    }
}

/// What a value of an undeclared property says about its type. GUID-shaped samples type
/// it as a string: Graph documents identifiers as opaque strings, and samples mislead
/// (shift request ids are GUIDs in the examples and `SREQ_...` in the service). GUIDs are
/// still checked where a page declares `Guid`.
fn value_evidence(v: &Value) -> Option<TypeRef> {
    value_type(v).map(|t| {
        if t.name == "Edm.Guid" {
            TypeRef {
                name: "Edm.String".into(),
                collection: t.collection,
            }
        } else {
            t
        }
    })
}

fn is_number(t: &str) -> bool {
    matches!(
        t,
        "Edm.Int16"
            | "Edm.Int32"
            | "Edm.Int64"
            | "Edm.Single"
            | "Edm.Double"
            | "Edm.Decimal"
            | "Edm.Byte"
    )
}

/// The narrowest type both values fit.
fn widen<'a>(a: &'a str, b: &'a str) -> &'a str {
    const NUMS: [&str; 5] = [
        "Edm.Int16",
        "Edm.Int32",
        "Edm.Int64",
        "Edm.Single",
        "Edm.Double",
    ];
    match (
        NUMS.iter().position(|n| *n == a),
        NUMS.iter().position(|n| *n == b),
    ) {
        _ if a == b => a,
        (Some(i), Some(j)) => NUMS[i.max(j)],
        _ if is_text(a) && is_text(b) => "Edm.String",
        _ => UNTYPED,
    }
}

impl Merger {
    fn canonical(&self, name: &str) -> String {
        // `a|b`: a cell naming alternatives; their nearest common base, else the first.
        if name.contains('|') {
            let alternatives: Vec<String> = name.split('|').map(|n| self.canonical(n)).collect();
            let common = alternatives
                .iter()
                .skip(1)
                .try_fold(alternatives[0].clone(), |acc, n| self.common_base(&acc, n));
            return common.unwrap_or_else(|| alternatives[0].clone());
        }
        if self.types.contains_key(name) || ir::is_primitive(name) {
            return name.to_string();
        }
        self.by_lower
            .get(&name.to_lowercase())
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The nearest type both `a` and `b` are or derive from.
    fn common_base(&self, a: &str, b: &str) -> Option<String> {
        let chain = |start: &str| {
            let mut out = vec![self.canonical(start)];
            while out.len() < 32 {
                match self.types.get(out.last()?).and_then(|t| t.base.as_ref()) {
                    Some((base, _)) => out.push(self.canonical(base)),
                    None => break,
                }
            }
            Some(out)
        };
        let (ca, cb) = (chain(a)?, chain(b)?);
        ca.into_iter().find(|t| cb.contains(t))
    }

    /// What an example value says about an undeclared property's type, by canonical name.
    fn value_evidence(&self, value: &Value) -> Option<TypeRef> {
        value_evidence(value).map(|t| self.canonical_ref(&t))
    }

    /// Offers what one example shows for `owner.key` (example evidence, the weakest).
    fn offer_example(&mut self, owner: &str, key: &str, seen: Option<TypeRef>, source: &str) {
        let p = PropertyFact {
            name: key.to_string(),
            ty: None,
            navigation: false,
            nullable: None,
            description: None,
            line: 0,
            declared: false,
        };
        self.offer(owner, &p, seen, Evidence::Example, source.to_string());
    }

    /// `odata.context` where `@odata.context` was meant.
    fn annotation_without_at(&mut self, source: &str, key: &str) {
        self.diagnostics.push(diag(
            source,
            Severity::Warning,
            "annotation-without-at",
            format!("`{key}` is an instance annotation missing its `@`; not a property"),
        ));
    }

    fn canonical_ref(&self, t: &TypeRef) -> TypeRef {
        TypeRef {
            name: self.canonical(&t.name),
            collection: t.collection,
        }
    }

    fn add_type(&mut self, path: &str, fact: &TypeFact) {
        let source = format!("{path}:{}", fact.line);
        let name = self.canonical(&qualify(&fact.name));
        let entry = self.types.entry(name.clone()).or_insert_with(|| TypeState {
            kind: None,
            base: None,
            is_abstract: false,
            open: false,
            description: None,
            props: Vec::new(),
            members: Vec::new(),
            optional: Vec::new(),
            source: source.clone(),
        });
        if fact.kind.is_some() && entry.kind != Some(Kind::Entity) {
            entry.kind = fact.kind;
        }
        if let Some(b) = &fact.base {
            match &entry.base {
                Some((old, at)) if !old.eq_ignore_ascii_case(b) => self.diagnostics.push(diag(
                    &source,
                    Severity::Warning,
                    "base-conflict",
                    format!(
                        "`{name}` has base type `{b}` here but `{old}` at {at}; keeping `{old}`"
                    ),
                )),
                Some(_) => {}
                None => entry.base = Some((b.clone(), source.clone())),
            }
        }
        entry.is_abstract |= fact.is_abstract;
        entry.open |= fact.open;
        if entry.description.is_none() {
            entry.description = fact.description.clone();
        }
        entry.optional.extend(fact.optional.iter().cloned());
        for m in &fact.members {
            if !entry.members.iter().any(|x| x.name == m.name) {
                entry.members.push(m.clone());
            }
        }
        // Properties: merged after all types are known (see `add_properties`).
    }

    fn add_properties(&mut self, path: &str, fact: &TypeFact) {
        let name = self.canonical(&qualify(&fact.name));
        for p in &fact.properties {
            let evidence = if p.declared {
                Evidence::Declared
            } else {
                Evidence::Placeholder
            };
            let ty = p.ty.as_ref().map(|t| self.canonical_ref(t));
            self.offer(&name, p, ty, evidence, format!("{path}:{}", p.line));
        }
    }

    /// Offers evidence for a property's type; the stronger evidence wins.
    fn offer(
        &mut self,
        type_name: &str,
        p: &PropertyFact,
        ty: Option<TypeRef>,
        evidence: Evidence,
        source: String,
    ) {
        // Two named types seen in one place by examples: the nearest base both derive from.
        let shared_base = (evidence == Evidence::Example)
            .then(|| {
                self.types
                    .get(type_name)?
                    .props
                    .iter()
                    .find(|(n, _)| *n == p.name)
            })
            .flatten()
            .filter(|(_, cur)| cur.evidence == Evidence::Example)
            .and_then(|(_, cur)| self.common_base(&cur.ty.as_ref()?.name, &ty.as_ref()?.name));
        let Some(t) = self.types.get_mut(type_name) else {
            return;
        };
        let new = PropState {
            ty: ty.clone(),
            evidence,
            navigation: p.navigation,
            description: p.description.clone(),
            source: source.clone(),
        };
        let Some((_, cur)) = t.props.iter_mut().find(|(n, _)| *n == p.name) else {
            t.props.push((p.name.clone(), new));
            return;
        };
        cur.navigation |= p.navigation;
        if cur.description.is_none() {
            cur.description = p.description.clone();
        }
        match (&cur.ty, &ty) {
            (_, None) => {}
            (None, Some(_)) => {
                cur.ty = ty;
                cur.evidence = evidence;
                cur.source = source;
            }
            (Some(a), Some(b)) if a == b => {
                if evidence > cur.evidence {
                    cur.evidence = evidence;
                }
            }
            (Some(a), Some(b)) => {
                let (a, b) = (a.clone(), b.clone());
                if evidence > cur.evidence {
                    cur.ty = Some(b.clone());
                    cur.evidence = evidence;
                    let old_source = std::mem::replace(&mut cur.source, source.clone());
                    if a.name != UNTYPED && b.name != UNTYPED {
                        self.diagnostics.push(diag(&old_source, Severity::Warning, "type-conflict", format!("`{}` is `{}` here but declared `{}` at {source}; the declaration wins", p.name, show(&a), show(&b))));
                    }
                } else if evidence == cur.evidence
                    && evidence == Evidence::Example
                    && a.collection == b.collection
                    && ir::is_primitive(&a.name)
                    && ir::is_primitive(&b.name)
                {
                    // Samples disagree (`2024-05-01` here, `soon` there): the narrowest type both fit.
                    let wide = widen(&a.name, &b.name);
                    if wide != a.name {
                        if !(is_number(&a.name) && is_number(&b.name)) {
                            let widened = if wide == UNTYPED {
                                "typed as any JSON value".to_string()
                            } else {
                                format!("widened to `{wide}`")
                            };
                            self.diagnostics.push(diag(
                                &source,
                                Severity::Warning,
                                "examples-disagree",
                                format!(
                                    "`{}` holds `{}` here but `{}` at {}; {widened}",
                                    p.name,
                                    show(&b),
                                    show(&a),
                                    cur.source
                                ),
                            ));
                        }
                        cur.ty = Some(TypeRef {
                            name: wide.to_string(),
                            collection: a.collection,
                        });
                        cur.source = source;
                    }
                } else if evidence == cur.evidence
                    && evidence == Evidence::Example
                    && a.collection == b.collection
                {
                    if let Some(base) = shared_base {
                        if base != a.name {
                            cur.ty = Some(TypeRef {
                                name: base,
                                collection: a.collection,
                            });
                        }
                    }
                } else if evidence == cur.evidence && evidence == Evidence::Declared {
                    self.diagnostics.push(diag(
                        &source,
                        Severity::Warning,
                        "type-conflict",
                        format!(
                            "`{}` is declared `{}` here but `{}` at {}; keeping the first",
                            p.name,
                            show(&b),
                            show(&a),
                            cur.source
                        ),
                    ));
                }
            }
        }
    }
}

fn show(t: &TypeRef) -> String {
    if t.collection {
        format!("Collection({})", t.name)
    } else {
        t.name.clone()
    }
}

/// Lowering qualifies every bare name with `microsoft.graph`. On a page whose `Namespace:`
/// line names another namespace, the page's own definitions move there (`### callType
/// values` on the call records enum page is `microsoft.graph.callRecords.callType`), and its
/// references follow wherever that namespace defines the name (`identitySet` stays).
fn rehome_namespaces(pages: &mut [PageFacts]) {
    let in_default = |name: &str| {
        name.strip_prefix("microsoft.graph.")
            .filter(|s| !s.contains('.'))
            .map(str::to_string)
    };
    for page in pages.iter_mut() {
        let Some(ns) = page.namespace.clone() else {
            continue;
        };
        for t in &mut page.types {
            if let Some(short) = in_default(&t.name) {
                t.name = format!("{ns}.{short}");
            }
        }
    }
    let defined: std::collections::HashSet<String> = pages
        .iter()
        .flat_map(|p| &p.types)
        .map(|t| t.name.to_lowercase())
        .collect();
    for page in pages.iter_mut() {
        let Some(ns) = page.namespace.clone() else {
            continue;
        };
        let follow = |name: &mut String| {
            let parts: Vec<String> = name
                .split('|')
                .map(
                    |part| match in_default(part).map(|short| format!("{ns}.{short}")) {
                        Some(moved) if defined.contains(&moved.to_lowercase()) => moved,
                        _ => part.to_string(),
                    },
                )
                .collect();
            *name = parts.join("|");
        };
        let follow_ref = |t: &mut Option<TypeRef>| {
            if let Some(t) = t {
                follow(&mut t.name);
            }
        };
        for t in &mut page.types {
            if let Some(base) = &mut t.base {
                follow(base);
            }
            t.properties.iter_mut().for_each(|p| follow_ref(&mut p.ty));
        }
        for op in &mut page.operations {
            op.parameters.iter_mut().for_each(|p| follow_ref(&mut p.ty));
            op.body_properties
                .iter_mut()
                .for_each(|p| follow_ref(&mut p.ty));
            follow_ref(&mut op.body_type);
            if let Some(r) = &mut op.response {
                follow_ref(&mut r.ty);
            }
        }
        for e in &mut page.examples {
            follow(&mut e.ty.name);
        }
    }
}

/// Figures on how examples agree with declarations, for `docgen stats`.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Agreement {
    pub checked: usize,
    pub agreeing: usize,
    pub widened: usize,
}

pub fn build(mut pages: Vec<PageFacts>, mut diagnostics: Vec<Diagnostic>) -> (Ir, Agreement) {
    rehome_namespaces(&mut pages);
    let mut m = Merger {
        types: BTreeMap::new(),
        by_lower: HashMap::new(),
        diagnostics: Vec::new(),
    };
    // Names as written by resource blocks and enum tables first, then by links.
    for page in &pages {
        for t in &page.types {
            if t.name.contains('.') {
                m.by_lower
                    .entry(t.name.to_lowercase())
                    .or_insert_with(|| t.name.clone());
                let bare = t.name.rsplit('.').next().unwrap_or(&t.name).to_lowercase();
                m.by_lower.entry(bare).or_insert_with(|| t.name.clone());
            }
        }
    }
    for page in &pages {
        for t in &page.types {
            m.add_type(&page.path, t);
        }
    }
    for page in &pages {
        for t in &page.types {
            m.add_properties(&page.path, t);
        }
    }

    // Examples: response bodies, request bodies and example blocks with a known type.
    let mut examples = Vec::new();
    for page in &pages {
        for e in &page.examples {
            examples.push((
                format!("{}:{}", page.path, e.body.line),
                m.canonical_ref(&e.ty),
                e.body.clone(),
            ));
        }
        for op in &page.operations {
            if let Some(r) = &op.response {
                if let (Some(t), Some(body)) = (&r.ty, &r.body) {
                    examples.push((
                        format!("{}:{}", page.path, body.line),
                        m.canonical_ref(t),
                        body.clone(),
                    ));
                }
            }
            if let Some(t) = &op.body_type {
                for body in &op.body_examples {
                    // Each example is an instance of the type it names, if it names a known one.
                    let own = crate::lower::body_type_of(body)
                        .map(|t| m.canonical_ref(&t))
                        .filter(|t| m.types.contains_key(&t.name));
                    examples.push((
                        format!("{}:{}", page.path, body.line),
                        own.unwrap_or_else(|| m.canonical_ref(t)),
                        body.clone(),
                    ));
                }
            }
        }
    }
    let mut agreement = Agreement::default();
    for (source, ty, body) in &examples {
        if let Some(json) = &body.json {
            walk(&mut m, ty, json, source, &mut agreement);
        }
    }

    let mut ir = Ir::default();
    let names: Vec<String> = m.types.keys().cloned().collect();
    for name in &names {
        let t = &m.types[name];
        let kind = t.kind.unwrap_or(if t.members.is_empty() {
            Kind::Complex
        } else {
            Kind::Enum
        });
        let mut properties = Vec::new();
        for (pname, p) in &t.props {
            let (ty, collection) = match &p.ty {
                Some(tr) if ir::is_primitive(&tr.name) || m.types.contains_key(&tr.name) => {
                    (tr.name.clone(), tr.collection)
                }
                Some(tr) => {
                    m.diagnostics.push(diag(&p.source, Severity::Warning, "unknown-type", format!("`{pname}` has type `{}`, which no page describes; generated as any JSON value", tr.name)));
                    (tr.name.clone(), tr.collection)
                }
                None => (UNTYPED.to_string(), false),
            };
            properties.push(Property {
                name: pname.clone(),
                ty,
                collection,
                // Nullable unless the docs say otherwise (`Not nullable.`); the models keep
                // every property optional regardless, since `$select` can leave any out.
                nullable: !p
                    .description
                    .as_deref()
                    .is_some_and(crate::vocab::not_nullable),
                navigation: p.navigation,
                description: p.description.clone(),
            });
        }
        let base = t.base.as_ref().map(|(b, at)| (m.canonical(b), at.clone())).and_then(|(b, at)| {
            if m.types.contains_key(&b) && b != *name {
                Some(b)
            } else {
                m.diagnostics.push(diag(&at, Severity::Warning, "unknown-base", format!("base type `{b}` of `{name}` is not described; its properties are missing")));
                None
            }
        });
        ir.types.push(Type {
            name: name.clone(),
            kind,
            base,
            is_abstract: t.is_abstract,
            open: t.open,
            description: t.description.clone(),
            properties,
            members: t.members.clone(),
            source: t.source.clone(),
        });
    }
    mark_entities(&mut ir.types);

    let mut used: HashMap<String, usize> = HashMap::new();
    for page in &pages {
        for op in &page.operations {
            let source = format!("{}:{}", page.path, op.line);
            let mut name = op.name.clone();
            let n = used.entry(name.to_lowercase()).or_default();
            *n += 1;
            if *n > 1 {
                m.diagnostics.push(diag(
                    &source,
                    Severity::Warning,
                    "duplicate-operation-name",
                    format!("operation name `{name}` is already used; this one is `{name}-{n}`"),
                ));
                name = format!("{name}-{n}");
            }
            let parameters = op
                .parameters
                .iter()
                .map(|p| {
                    let ty = p.ty.as_ref().map(|t| m.canonical_ref(t));
                    Parameter {
                        name: p.name.clone(),
                        location: p.location,
                        ty: ty
                            .as_ref()
                            .map_or_else(|| "Edm.String".to_string(), |t| t.name.clone()),
                        collection: ty.is_some_and(|t| t.collection),
                        required: p.required,
                        description: p.description.clone(),
                    }
                })
                .collect();
            let body = if !op.body_properties.is_empty() {
                Some(OperationBody {
                    ty: None,
                    collection: false,
                    properties: op
                        .body_properties
                        .iter()
                        .map(|p| {
                            let t = p.ty.as_ref().map(|t| m.canonical_ref(t));
                            Property {
                                name: p.name.clone(),
                                ty: t
                                    .as_ref()
                                    .map_or_else(|| UNTYPED.to_string(), |t| t.name.clone()),
                                collection: t.is_some_and(|t| t.collection),
                                nullable: true,
                                navigation: false,
                                description: p.description.clone(),
                            }
                        })
                        .collect(),
                })
            } else if let Some(t) = op.body_type.as_ref().map(|t| m.canonical_ref(t)) {
                Some(OperationBody {
                    ty: Some(t.name),
                    collection: t.collection,
                    properties: Vec::new(),
                })
            } else if !op.body_examples.is_empty() {
                // Bodies that are not JSON at all (file content, images) are binary streams.
                let binary = op.body_examples.iter().all(|b| b.json.is_none());
                let ty = if binary { "Edm.Stream" } else { UNTYPED };
                Some(OperationBody {
                    ty: Some(ty.to_string()),
                    collection: false,
                    properties: Vec::new(),
                })
            } else {
                None
            };
            let response = op.response.as_ref().map(|r| {
                let t = r.ty.as_ref().map(|t| m.canonical_ref(t));
                let has_body = r.body.is_some();
                let (ty, collection) = match t {
                    Some(t) => (Some(t.name), t.collection),
                    None if has_body => (Some(UNTYPED.to_string()), false),
                    None => (None, false),
                };
                Response {
                    status: r.status,
                    ty,
                    collection,
                }
            });
            ir.operations.push(Operation {
                name,
                method: op.method.clone(),
                path: op.path.clone(),
                description: op.description.clone(),
                parameters,
                body,
                response,
                source,
            });
        }
    }

    for (source, ty, body) in examples {
        if let (Some(json), true) = (body.json, body.strict) {
            if ir::is_primitive(&ty.name) || m.types.contains_key(&ty.name) {
                ir.examples.push(Example {
                    source,
                    ty: ty.name,
                    collection: ty.collection,
                    json,
                });
            }
        }
    }

    diagnostics.append(&mut m.diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    ir.diagnostics = diagnostics;
    (ir, agreement)
}

/// A type deriving from an entity is an entity.
fn mark_entities(types: &mut [Type]) {
    let kinds: HashMap<String, (Kind, Option<String>)> = types
        .iter()
        .map(|t| (t.name.clone(), (t.kind, t.base.clone())))
        .collect();
    for t in types.iter_mut() {
        let mut base = t.base.clone();
        let mut hops = 0;
        while let Some(b) = base {
            hops += 1;
            if hops > 32 {
                break;
            }
            match kinds.get(&b) {
                Some((Kind::Entity, _)) => {
                    t.kind = Kind::Entity;
                    break;
                }
                Some((_, next)) => base = next.clone(),
                None => break,
            }
        }
    }
}

/// Walks an example body of a known type, adding what its values show.
fn walk(m: &mut Merger, ty: &TypeRef, json: &Value, source: &str, agreement: &mut Agreement) {
    if ty.collection {
        let items: &[Value] = match json {
            Value::Array(items) => items,
            Value::Object(map) => map
                .get("value")
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice),
            _ => &[],
        };
        if let Value::Object(map) = json {
            for key in map.keys().filter(|k| k.starts_with("odata.")) {
                m.annotation_without_at(source, key);
            }
        }
        let single = TypeRef {
            name: ty.name.clone(),
            collection: false,
        };
        for item in items {
            walk(m, &single, item, source, agreement);
        }
        return;
    }
    let Value::Object(map) = json else { return };
    // A body of a derived type under a base-type annotation.
    let mut name = ty.name.clone();
    if let Some(t) = map.get("@odata.type").and_then(Value::as_str) {
        let derived = m.canonical(&qualify(t));
        if m.types.contains_key(&derived) {
            // A value of a type with no known base, where a base type is expected: the
            // example shows the inheritance the pages left unsaid.
            let expected_object = m
                .types
                .get(&ty.name)
                .is_some_and(|t| t.kind != Some(Kind::Enum) && t.members.is_empty());
            if derived != ty.name
                && expected_object
                && !is_ancestor(m, &derived, &ty.name)
                && !is_ancestor(m, &ty.name, &derived)
            {
                if let Some(d) = m.types.get_mut(&derived) {
                    if d.base.is_none() {
                        m.diagnostics.push(diag(source, Severity::Warning, "base-inferred", format!("`{derived}` appears where `{}` is expected; read as deriving from it", ty.name)));
                        d.base = Some((ty.name.clone(), source.to_string()));
                    } else {
                        // Both types are known and unrelated: the body or its label is wrong.
                        m.diagnostics.push(diag(source, Severity::Warning, "unrelated-type", format!("a `{derived}` appears where `{}` is expected, and neither derives from the other", ty.name)));
                    }
                }
            }
            name = derived;
        }
    }
    if !m.types.contains_key(&name) || m.types[&name].kind == Some(Kind::Enum) {
        return;
    }
    // `{"value": {...}}` around a single entity: the docs' wrapper, not a property.
    let keys: Vec<&String> = map.keys().filter(|k| !k.contains('@')).collect();
    if let ([only], Some(inner @ Value::Object(_))) = (keys.as_slice(), map.get("value")) {
        if only.as_str() == "value" && lookup(m, &name, "value").is_none() {
            m.diagnostics.push(diag(source, Severity::Warning, "value-wrapper", format!("a single `{name}` is wrapped in `{{\"value\": ...}}`; read as the value inside")));
            walk(
                m,
                &TypeRef {
                    name: name.clone(),
                    collection: false,
                },
                inner,
                source,
                agreement,
            );
            return;
        }
    }
    // Open types keep unknown properties as they are; declared ones are still checked.
    let open = m.types[&name].open;
    for (key, value) in map {
        if key.starts_with("@odata.") || key.contains('@') {
            continue;
        }
        if key.starts_with("odata.") {
            m.annotation_without_at(source, key);
            continue;
        }
        let declared = lookup(m, &name, key);
        if open && declared.is_none() {
            continue;
        }
        match declared {
            Some(Some(t)) => {
                if !ir::is_primitive(&t.name) || t.name == UNTYPED {
                    if let Some(target) = m.types.get(&t.name) {
                        let is_enum = target.kind == Some(Kind::Enum)
                            || (target.kind.is_none()
                                && !target.members.is_empty()
                                && target.props.is_empty());
                        if !fits_shape(value, t.collection, is_enum) {
                            m.diagnostics.push(diag(source, Severity::Warning, "example-disagrees", format!("`{key}` is `{}` but this example holds `{}`: the docs disagree with themselves", show(&t), short(value))));
                        }
                        // A type only examples gave, meeting a sibling type: offered, so the
                        // property becomes their common base (declared types stay).
                        if let Some(seen) = m.value_evidence(value).filter(|s| {
                            s.name != t.name
                                && m.types.contains_key(&s.name)
                                && !is_ancestor(m, &t.name, &s.name)
                        }) {
                            let owner = owner_of(m, &name, key);
                            m.offer_example(&owner, key, Some(seen), source);
                        }
                        // The offer may have widened it to a common base.
                        let t = lookup(m, &name, key).flatten().unwrap_or(t);
                        walk(m, &t, value, source, agreement);
                    }
                    continue;
                }
                let owner = owner_of(m, &name, key);
                let from_examples = m
                    .types
                    .get(&owner)
                    .and_then(|t| t.props.iter().find(|(n, _)| n == key))
                    .is_some_and(|(_, st)| st.evidence == Evidence::Example);
                if from_examples {
                    // Only examples typed it: this one is more of the same evidence, not a check.
                    let seen = m.value_evidence(value);
                    m.offer_example(&owner, key, seen, source);
                    continue;
                }
                if let Some(seen) = value_type(value) {
                    agreement.checked += 1;
                    if agrees(&t, &seen, value) {
                        agreement.agreeing += 1;
                    } else if is_number(&t.name)
                        && is_number(&seen.name)
                        && widen(&t.name, &seen.name) == seen.name
                        && t.collection == seen.collection
                    {
                        // Examples prove a declared number too narrow: widen, and report.
                        agreement.widened += 1;
                        if let Some(tstate) = m.types.get_mut(&owner) {
                            if let Some((_, st)) = tstate.props.iter_mut().find(|(n, _)| n == key) {
                                m.diagnostics.push(diag(source, Severity::Warning, "type-widened", format!("`{key}` is declared `{}` at {} but this example holds `{value}`; widened to `{}`", t.name, st.source, seen.name)));
                                st.ty = Some(TypeRef {
                                    name: seen.name.clone(),
                                    collection: t.collection,
                                });
                            }
                        }
                    } else {
                        m.diagnostics.push(diag(source, Severity::Warning, "example-disagrees", format!("`{key}` is `{}` but this example holds `{}`: the docs disagree with themselves", show(&t), short(value))));
                    }
                }
            }
            Some(None) => {
                // Known property, type unknown: the example decides.
                let owner = owner_of(m, &name, key);
                let seen = m.value_evidence(value);
                m.offer_example(&owner, key, seen, source);
            }
            None => {
                let seen = m.value_evidence(value);
                m.offer_example(&name, key, seen.clone(), source);
                if let Some(t) = seen {
                    if m.types.contains_key(&t.name) {
                        walk(m, &t, value, source, agreement);
                    }
                }
            }
        }
    }
}

/// `8-4-4-4-12` hexadecimal digits, as `uuid` reads them. Every example string passes
/// through here, so it allocates nothing.
pub(crate) fn uuid_like(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Whether `ancestor` is `ty` or one of its base types.
fn is_ancestor(m: &Merger, ancestor: &str, ty: &str) -> bool {
    let mut cur = Some(ty.to_string());
    for _ in 0..32 {
        let Some(t) = cur else { return false };
        if t == ancestor {
            return true;
        }
        cur = m
            .types
            .get(&t)
            .and_then(|s| s.base.as_ref())
            .map(|(b, _)| m.canonical(b));
    }
    false
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Whether an example value fits a declared primitive type.
fn agrees(declared: &TypeRef, seen: &TypeRef, value: &Value) -> bool {
    if declared.collection != seen.collection {
        return false;
    }
    let d = declared.name.as_str();
    let s = seen.name.as_str();
    d == s
        || matches!(
            (d, s),
            (
                "Edm.Int64" | "Edm.Double" | "Edm.Single" | "Edm.Decimal",
                "Edm.Int32"
            ) | ("Edm.Double" | "Edm.Single" | "Edm.Decimal", "Edm.Int64")
        )
        || (d == "Edm.String" && is_text(s))
        || (d == "Edm.Binary" && value.as_str().is_some_and(is_base64))
        || (d == "Edm.Stream" && value.is_string())
        || (matches!(d, "Edm.Byte" | "Edm.Int16") && s == "Edm.Int32")
        || d == UNTYPED
}

/// The property's known type: `Some(Some(t))` typed, `Some(None)` known but untyped,
/// `None` unknown. Looks through base types.
fn lookup(m: &Merger, ty: &str, prop: &str) -> Option<Option<TypeRef>> {
    let mut cur = Some(ty.to_string());
    let mut hops = 0;
    while let Some(t) = cur {
        hops += 1;
        let state = m.types.get(&t)?;
        if let Some((_, p)) = state.props.iter().find(|(n, _)| n == prop) {
            return Some(p.ty.clone());
        }
        if hops > 32 {
            return None;
        }
        cur = state.base.as_ref().map(|(b, _)| m.canonical(b));
    }
    None
}

fn owner_of(m: &Merger, ty: &str, prop: &str) -> String {
    let mut cur = Some(ty.to_string());
    let mut hops = 0;
    while let Some(t) = cur {
        hops += 1;
        let Some(state) = m.types.get(&t) else { break };
        if state.props.iter().any(|(n, _)| n == prop) || hops > 32 {
            return t;
        }
        cur = state.base.as_ref().map(|(b, _)| m.canonical(b));
    }
    ty.to_string()
}
