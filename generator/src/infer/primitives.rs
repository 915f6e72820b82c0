//! Primitive types: JSON shapes, the type a value suggests, and widening.

use crate::ir::UNTYPED;
use crate::lower::{qualify, TypeRef};
use crate::notation::string_value_type;
use serde_json::Value;

/// Whether a value has the JSON shape of a named type: an object, or a string for an enum;
/// in an array for a collection.
pub(super) fn fits_shape(value: &Value, collection: bool, is_enum: bool) -> bool {
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
pub(super) fn is_text(t: &str) -> bool {
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

pub(super) fn value_type(v: &Value) -> Option<TypeRef> {
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
pub(super) fn value_evidence(v: &Value) -> Option<TypeRef> {
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

pub(super) fn is_number(t: &str) -> bool {
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
pub(super) fn widen<'a>(a: &'a str, b: &'a str) -> &'a str {
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
