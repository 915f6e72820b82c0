//! Answers for documented operations without an example, built from the typed response:
//! key and non-nullable properties filled, the id the path gives.

use crate::schema::Schema;
use docgen_codegen::ir::{self, Kind, Type};
use serde_json::{Map, Value};

/// How deep nested complex values are filled.
const DEPTH: usize = 3;

/// A value of `ty` (a collection of one when `collection`), its `id` being `id`.
pub(crate) fn value(schema: &Schema<'_>, ty: &str, collection: bool, id: Option<&str>) -> Value {
    let one = single(schema, ty, id, 0);
    if collection {
        serde_json::json!({ "value": [one] })
    } else {
        one
    }
}

fn single(schema: &Schema<'_>, ty: &str, id: Option<&str>, depth: usize) -> Value {
    if ir::is_primitive(ty) {
        return primitive(ty);
    }
    let Some(t) = schema.get(ty) else {
        return Value::Object(Map::new());
    };
    if ir::is_json_value(t) {
        return Value::Object(Map::new());
    }
    if t.kind == Kind::Enum {
        return t.members.first().map_or(Value::String(String::new()), |m| {
            Value::String(m.name.clone())
        });
    }
    object(schema, t, id, depth)
}

fn object(schema: &Schema<'_>, t: &Type, id: Option<&str>, depth: usize) -> Value {
    let mut map = Map::new();
    if t.is_abstract || t.base.is_some() {
        map.insert("@odata.type".into(), Value::String(format!("#{}", t.name)));
    }
    for p in schema.properties(t) {
        if map.contains_key(&p.name) || p.navigation {
            continue;
        }
        let key = p.name == "id";
        if !key && p.nullable {
            continue;
        }
        let v = if key {
            Value::String(
                id.unwrap_or("00000000-0000-0000-0000-000000000001")
                    .to_string(),
            )
        } else if p.collection {
            Value::Array(Vec::new())
        } else if depth >= DEPTH && !ir::is_primitive(&p.ty) {
            Value::Null
        } else {
            single(schema, &p.ty, None, depth + 1)
        };
        map.insert(p.name.clone(), v);
    }
    Value::Object(map)
}

fn primitive(ty: &str) -> Value {
    match ty {
        "Edm.Boolean" => Value::Bool(false),
        "Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64" => Value::from(0),
        "Edm.Double" | "Edm.Single" | "Edm.Decimal" => Value::from(0.0),
        "Edm.Guid" => Value::String("00000000-0000-0000-0000-000000000000".into()),
        "Edm.DateTimeOffset" => Value::String("2024-01-01T00:00:00Z".into()),
        "Edm.Date" => Value::String("2024-01-01".into()),
        "Edm.TimeOfDay" => Value::String("00:00:00".into()),
        "Edm.Duration" => Value::String("PT0S".into()),
        "Edm.Untyped" => Value::Null,
        _ => Value::String(String::new()),
    }
}

/// A request body for `body`: its required and non-nullable values filled.
pub(crate) fn body(schema: &Schema<'_>, body: &ir::OperationBody) -> Value {
    if !body.properties.is_empty() {
        let mut map = Map::new();
        for p in &body.properties {
            let required = p
                .description
                .as_deref()
                .and_then(docgen_codegen::vocab::required)
                == Some(true);
            if required || !p.nullable {
                let v = if p.collection {
                    Value::Array(Vec::new())
                } else {
                    single(schema, &p.ty, None, 1)
                };
                map.insert(p.name.clone(), v);
            }
        }
        return Value::Object(map);
    }
    match &body.ty {
        Some(t) => {
            let one = single(schema, t, None, 0);
            if body.collection {
                Value::Array(vec![one])
            } else {
                one
            }
        }
        None => Value::Object(Map::new()),
    }
}
