//! How generated models read and write JSON objects, without `#[serde(flatten)]`.
//!
//! A model implements [`Object`]: one `match` from property name to field, every other
//! property going to its [`AdditionalData`]. [`deserialize`]
//! drives it over the map, property by property, borrowing keys from the input where the
//! format allows: nothing is buffered. A polymorphic base type's `Any*` enum implements
//! [`Polymorphic`]; [`deserialize_polymorphic`] reads `@odata.type` when it comes first
//! (as the service writes it) and streams the rest into the type it names, and buffers
//! the object only when the tag comes later.

use crate::odata::AdditionalData;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A JSON object type: its properties read one at a time into a default value.
pub trait Object: Default {
    /// Reads the value of property `key` into `self`. A property the type does not
    /// describe is kept in its additional data.
    fn read_property<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        value: D,
    ) -> Result<(), D::Error>;
}

/// Deserializes an [`Object`] from a map, property by property.
pub fn deserialize<'de, D: Deserializer<'de>, T: Object>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        read_rest(T::default(), map)
    }
}

/// Reads the remaining properties of `map` into `target`.
fn read_rest<'de, T: Object, A: MapAccess<'de>>(mut target: T, mut map: A) -> Result<T, A::Error> {
    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
        map.next_value_seed(Property {
            target: &mut target,
            key: &key,
        })?;
    }
    Ok(target)
}

/// One property's value, read straight into its field.
struct Property<'a, T> {
    target: &'a mut T,
    key: &'a str,
}

impl<'de, T: Object> DeserializeSeed<'de> for Property<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.target.read_property(self.key, deserializer)
    }
}

/// A property name or a string value, borrowed from the input when it can be.
pub(crate) struct Key<'de>(pub(crate) Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor).map(Key)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// A value of a polymorphic base type: the base itself or any type derived from it,
/// told apart by `@odata.type`.
pub trait Polymorphic: Sized {
    /// Reads the rest of the object as the type `tag` names (without its leading `#`;
    /// empty when the object has no tag).
    fn read_tagged<'de, R: Tagged<'de>>(tag: &str, rest: R) -> Result<Self, R::Error>;
}

/// The rest of a tagged object, ready to be read as the [`Object`] its tag names.
pub trait Tagged<'de> {
    /// The error of the underlying format.
    type Error: de::Error;
    /// Reads the object (its `@odata.type` included) as `T`.
    fn read<T: Object>(self) -> Result<T, Self::Error>;
}

/// Deserializes a [`Polymorphic`] value. When `@odata.type` is the first property, the
/// rest streams into the type it names; otherwise the object is buffered to find it.
pub fn deserialize_polymorphic<'de, D: Deserializer<'de>, T: Polymorphic>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(PolymorphicVisitor(PhantomData))
}

struct PolymorphicVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Polymorphic> Visitor<'de> for PolymorphicVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let Some(Key(first)) = map.next_key::<Key<'de>>()? else {
            return T::read_tagged("", Buffered(serde_json::Map::new())).map_err(de::Error::custom);
        };
        if first == "@odata.type" {
            let tag: Option<String> = map.next_value()?;
            let name = tag.as_deref().unwrap_or_default().trim_start_matches('#');
            let name = name.to_owned();
            return T::read_tagged(&name, Streamed { tag, map });
        }
        // The tag comes later, if at all: buffer the object to find it.
        let mut object = serde_json::Map::new();
        object.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, serde_json::Value>()? {
            object.insert(key, value);
        }
        let tag = object
            .get("@odata.type")
            .and_then(serde_json::Value::as_str)
            .map(|t| t.trim_start_matches('#').to_owned())
            .unwrap_or_default();
        T::read_tagged(&tag, Buffered(object)).map_err(de::Error::custom)
    }
}

/// An object whose tag was its first property: the rest is still in the input.
struct Streamed<A> {
    tag: Option<String>,
    map: A,
}

impl<'de, A: MapAccess<'de>> Tagged<'de> for Streamed<A> {
    type Error = A::Error;

    fn read<T: Object>(self) -> Result<T, A::Error> {
        let mut target = T::default();
        if let Some(tag) = self.tag {
            target
                .read_property("@odata.type", serde_json::Value::String(tag))
                .map_err(de::Error::custom)?;
        }
        read_rest(target, self.map)
    }
}

/// An object read whole into memory.
struct Buffered(serde_json::Map<String, serde_json::Value>);

impl<'de> Tagged<'de> for Buffered {
    type Error = serde_json::Error;

    fn read<T: Object>(self) -> Result<T, serde_json::Error> {
        deserialize(serde_json::Value::Object(self.0))
    }
}

/// Reads a property's value into its field (for [`Object::read_property`]).
pub fn read<'de, D: Deserializer<'de>, T: de::Deserialize<'de>>(
    field: &mut T,
    value: D,
) -> Result<(), D::Error> {
    *field = T::deserialize(value)?;
    Ok(())
}

/// A map being serialized that keeps its first error, so that a model writes each of its
/// fields with one call and no `?`: thousands of models have tens of thousands of fields,
/// and each `?` is a `match` that every check of the crate lowers again (3 % of checking
/// the whole English crate). After an error the remaining entries are skipped, and
/// [`end`](Self::end) returns it.
pub struct Entries<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Entries<M> {
    /// Opens the map.
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        Ok(Entries {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes `key: value`, unless an earlier entry failed.
    pub fn write<V: Serialize + ?Sized>(&mut self, key: &str, value: &V) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// Writes the unknown members and closes the map: the first error, if any entry failed.
    pub fn end(mut self, additional: &AdditionalData) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => {
                additional.serialize_entries(&mut self.map)?;
                self.map.end()
            }
        }
    }
}

/// Writes `key: value` when the value is present.
pub fn entry<M: SerializeMap, T: Serialize>(
    map: &mut Entries<M>,
    key: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        map.write(key, value);
    }
}

/// What a model's `read_property` and `serialize` call for each field, by one short name
/// each: a model imports the ones its fields need.
pub mod fields {
    pub use super::{entry, read};
    pub use crate::odata::text::{
        entry as text_entry, list_entry as text_list_entry, read_list as read_text_list,
        read_option as read_text,
    };
}

/// Deserializes a string through `from`, borrowing it from the input when it can be
/// (for enums: a known member costs no allocation).
pub fn deserialize_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct StrVisitor<T>(fn(&str) -> T);

    impl<'de, T> Visitor<'de> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }

    deserializer.deserialize_str(StrVisitor(from))
}

/// Formats a model for [`Debug`](fmt::Debug): its Rust name and the JSON the service
/// would see, with only the properties that are set (`{:#?}` indents the JSON).
///
/// Generated models implement `Debug` through this rather than deriving it: a derived
/// `Debug` of a Graph type lists every field, mostly `None`, and is compiled for every
/// type whether printed or not. This one is compiled where a type is printed, and
/// shares the serializer of the request bodies.
pub fn debug<T: Serialize + ?Sized>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    value: &T,
) -> fmt::Result {
    let json = if f.alternate() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    f.write_str(name)?;
    f.write_str(" ")?;
    f.write_str(&json.map_err(|_| fmt::Error)?)
}

/// Whether two models are equal: whether they send the same JSON (property order aside).
///
/// Generated models implement `PartialEq` through this rather than deriving it, for the
/// reason [`debug`] gives; it is compiled where models are compared. Unlike a derived
/// comparison, a `NaN` equals itself (JSON writes both as `null`).
pub fn json_eq<T: Serialize + ?Sized>(a: &T, b: &T) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The impls every generated model has alike: `Deserialize` through its [`Object`] impl,
/// and `Debug` through its JSON ([`debug`]): `model_impls!(Call);`. One line of generated
/// source per type instead of the impls spelled out, since thousands of types have them.
/// `Debug` is inline, so it becomes code only where a value is printed.
#[macro_export]
macro_rules! model_impls {
    ($ty:ident) => {
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::object::deserialize(deserializer)
            }
        }

        impl ::core::fmt::Debug for $ty {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::object::debug(f, ::core::stringify!($ty), self)
            }
        }
    };
}

/// `PartialEq` of a generated model, as the same JSON ([`json_eq`]): `model_eq!(Call);`.
/// Inline, so it becomes code only where models are compared. A crate generated with a
/// feature per area has it behind its `partial-eq` feature, since the check of the whole
/// English crate spent 6 % on these impls.
#[macro_export]
macro_rules! model_eq {
    ($ty:ident) => {
        impl ::core::cmp::PartialEq for $ty {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::object::json_eq(self, other)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::ser::Error as _;

    /// A value whose serialization fails, and counts how often it was asked to.
    struct Failing<'a>(&'a std::cell::Cell<u32>);

    impl Serialize for Failing<'_> {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            Err(S::Error::custom("no"))
        }
    }

    struct Model<'a> {
        first: Option<Failing<'a>>,
        second: Option<Failing<'a>>,
        skipped: Option<u8>,
        extra: AdditionalData,
    }

    impl Serialize for Model<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = Entries::new(serializer)?;
            entry(&mut map, "first", &self.first);
            entry(&mut map, "second", &self.second);
            entry(&mut map, "skipped", &self.skipped);
            map.end(&self.extra)
        }
    }

    #[test]
    fn entries_stop_at_the_first_error_and_end_returns_it() {
        let calls = std::cell::Cell::new(0);
        let model = Model {
            first: Some(Failing(&calls)),
            second: Some(Failing(&calls)),
            skipped: None,
            extra: AdditionalData::default(),
        };
        let err = serde_json::to_string(&model).unwrap_err();
        assert_eq!(err.to_string(), "no");
        assert_eq!(calls.get(), 1, "nothing is written after the first error");
    }

    #[test]
    fn entries_write_what_is_set_then_the_unknown_members() {
        let mut extra = AdditionalData::default();
        extra.insert("newer", serde_json::json!([1]));
        let model = Model {
            first: None,
            second: None,
            skipped: Some(7),
            extra,
        };
        assert_eq!(
            serde_json::to_string(&model).unwrap(),
            r#"{"skipped":7,"newer":[1]}"#
        );
    }
}
