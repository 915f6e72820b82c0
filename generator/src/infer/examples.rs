//! Example bodies walked against their declared types: agreement, widening, mistakes.

use super::primitives::*;
use super::*;
use crate::notation::*;

/// Walks an example body of a known type, adding what its values show.
pub(super) fn walk(
    m: &mut Merger,
    ty: &TypeRef,
    json: &Value,
    source: &str,
    agreement: &mut Agreement,
) {
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
    // Any JSON value is a `Json`: it has no keys to learn.
    let Value::Object(map) = json else { return };
    if ty.name == ir::JSON_TYPE {
        return;
    }
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
    let mislabelled = !open && mislabelled(m, &name, map, source);
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
            // Any JSON value fits the reference's `Json` type, and it has no keys to learn.
            Some(Some(t)) if t.name == ir::JSON_TYPE => {}
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
                    .and_then(|t| t.props.get(key))
                    .is_some_and(|st| st.evidence == Evidence::Example);
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
                            if let Some(st) = tstate.props.get_mut(key) {
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
            None if mislabelled => {}
            None => {
                let seen = m.value_evidence(value);
                if m.labels.is_declared(&name) {
                    // The resource page lists the type's properties: one example's word
                    // is not enough (`labels::settle` decides).
                    m.labels.defer(&name, key, seen.clone(), source);
                } else {
                    m.offer_example(&name, key, seen.clone(), source);
                }
                if let Some(t) = seen {
                    if m.types.contains_key(&t.name) {
                        walk(m, &t, value, source, agreement);
                    }
                }
            }
        }
    }
}

/// Whether a body of a type whose page lists its properties holds mostly keys of one other
/// type: then it is that type's example under a wrong label, reported with both types.
fn mislabelled(
    m: &mut Merger,
    name: &str,
    map: &serde_json::Map<String, Value>,
    source: &str,
) -> bool {
    if !m.labels.is_declared(name) {
        return false;
    }
    let keys: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|k| !k.contains('@') && !k.starts_with("odata."))
        .collect();
    let unknown: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| lookup(m, name, k).is_none())
        .collect();
    let related = |t: &str| is_ancestor(m, t, name) || is_ancestor(m, name, t);
    let Some(other) = m.labels.other_owner(name, keys.len(), &unknown, related) else {
        return false;
    };
    let shown: Vec<String> = unknown.iter().take(4).map(|k| format!("`{k}`")).collect();
    let more = if unknown.len() > 4 { ", …" } else { "" };
    m.diagnostics.push(diag(source, Severity::Warning, "mislabelled-example", format!("this example is labelled `{name}`, but its keys {}{more} are `{other}`'s; they are not added to `{name}`", shown.join(", "))));
    true
}

/// Whether `ancestor` is `ty` or one of its base types.
pub(super) fn is_ancestor(m: &Merger, ancestor: &str, ty: &str) -> bool {
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

pub(super) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Whether an example value fits a declared primitive type.
pub(super) fn agrees(declared: &TypeRef, seen: &TypeRef, value: &Value) -> bool {
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
pub(super) fn lookup(m: &Merger, ty: &str, prop: &str) -> Option<Option<TypeRef>> {
    let mut cur = Some(ty.to_string());
    let mut hops = 0;
    while let Some(t) = cur {
        hops += 1;
        let state = m.types.get(&t)?;
        if let Some(p) = state.props.get(prop) {
            return Some(p.ty.clone());
        }
        if hops > 32 {
            return None;
        }
        cur = state.base.as_ref().map(|(b, _)| m.canonical(b));
    }
    None
}

pub(super) fn owner_of(m: &Merger, ty: &str, prop: &str) -> String {
    let mut cur = Some(ty.to_string());
    let mut hops = 0;
    while let Some(t) = cur {
        hops += 1;
        let Some(state) = m.types.get(&t) else { break };
        if state.props.contains(prop) || hops > 32 {
            return t;
        }
        cur = state.base.as_ref().map(|(b, _)| m.canonical(b));
    }
    ty.to_string()
}
