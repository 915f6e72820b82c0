//! A list kept in insertion order and also indexed by name.
//!
//! Properties and members are merged one at a time, each looked up by name first. A plain
//! `Vec` searched from the start made a table of n rows cost n² (200,000 rows took minutes);
//! with the index every lookup is constant time and the order stays the docs' order.

use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Named<T> {
    items: Vec<(String, T)>,
    index: HashMap<String, usize>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named {
            items: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<T> Named<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, name: &str) -> Option<&T> {
        self.index.get(name).map(|&i| &self.items[i].1)
    }

    pub fn get_mut(&mut self, name: &str) -> Option<&mut T> {
        self.index.get(name).map(|&i| &mut self.items[i].1)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// Adds `value` under `name` unless the name is already there; returns whether it was added.
    pub fn insert_new(&mut self, name: String, value: T) -> bool {
        if self.index.contains_key(&name) {
            return false;
        }
        self.index.insert(name.clone(), self.items.len());
        self.items.push((name, value));
        true
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.items.iter().map(|(n, v)| (n, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_finds_by_name() {
        let mut n = Named::new();
        assert!(n.insert_new("b".to_string(), 1));
        assert!(n.insert_new("a".to_string(), 2));
        assert!(!n.insert_new("b".to_string(), 3));
        *n.get_mut("a").unwrap() += 10;
        assert_eq!(n.get("b"), Some(&1));
        assert!(n.contains("a") && !n.contains("c"));
        let order: Vec<(&String, &i32)> = n.iter().collect();
        assert_eq!(order, [(&"b".to_string(), &1), (&"a".to_string(), &12)]);
        assert_eq!(n.len(), 2);
    }
}
