//! What OData values carry beyond their documented properties, and the notations of
//! primitives.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap};
use serde_json::Value;
use std::collections::BTreeMap;

pub mod text;

/// Every member of an object that its model does not describe: instance annotations
/// (`@odata.context`, `@odata.etag`, `members@odata.nextLink`...) and properties newer
/// than the docs the model was generated from. Kept so that a value serializes back as
/// it came: a read-modify-write never deletes what a newer service version added
/// (the official SDKs' `AdditionalData`).
///
/// Entries are written after the model's own properties; an entry named like one of
/// them is written twice, so set the field instead.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AdditionalData(BTreeMap<String, Value>);

impl AdditionalData {
    /// Whether there is nothing beyond the documented properties.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The member with this name, such as `@odata.etag` or a property newer than the docs.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The member with this name read as `T` (`&str`, `i32`, a model...): `None` when it
    /// is absent or holds another shape. Generated annotation accessors read through this.
    pub fn get_as<'a, T: Deserialize<'a>>(&'a self, name: &str) -> Option<T> {
        T::deserialize(self.0.get(name)?).ok()
    }

    /// Sets a member from a typed value, returning the value it replaces; a value JSON
    /// cannot hold (a map with non-text keys) is written as `null`.
    pub fn set<T: Serialize>(&mut self, name: impl Into<String>, value: T) -> Option<Value> {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.insert(name, value)
    }

    /// Sets a member, returning the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        self.0.insert(name.into(), value)
    }

    /// Removes a member, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.remove(name)
    }

    /// The members, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The instance annotations among the members (names containing `@`).
    pub fn annotations(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.iter().filter(|(k, _)| k.contains('@'))
    }

    /// Reads one member (for [`Object::read_property`](crate::object::Object::read_property)).
    pub fn read_property<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        value: D,
    ) -> Result<(), D::Error> {
        self.0.insert(key.to_owned(), Value::deserialize(value)?);
        Ok(())
    }

    /// Writes every member into a map being serialized.
    pub fn serialize_entries<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.0
            .iter()
            .try_for_each(|(k, v)| map.serialize_entry(k, v))
    }
}

impl FromIterator<(String, Value)> for AdditionalData {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        AdditionalData(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a AdditionalData {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_read_as_the_type_asked_for() {
        let mut data = AdditionalData::default();
        data.insert("@microsoft.graph.downloadUrl", json!("https://x/y"));
        data.set("@x.count", 3);
        assert_eq!(
            data.get_as::<&str>("@microsoft.graph.downloadUrl"),
            Some("https://x/y")
        );
        assert_eq!(data.get_as::<i32>("@x.count"), Some(3));
        // Another shape, or nothing there: no value, no panic.
        assert_eq!(data.get_as::<i32>("@microsoft.graph.downloadUrl"), None);
        assert_eq!(data.get_as::<&str>("@absent"), None);
        assert_eq!(data.set("@x.count", "four"), Some(json!(3)));
    }
}
