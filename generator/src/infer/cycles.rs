//! Base types that form a cycle (`a` derives from `b`, `b` from `a`), or a type that names
//! itself as its base: reported, each type of the cycle named, and broken the same way
//! whatever the page order, so that every later walk up a base chain ends.

use super::{diag, Merger};
use crate::diag::Severity;

/// Finds every cycle of base types and drops one base link in each: the one the
/// properties contradict most, else the link of the cycle's type whose name sorts first. Each type has at most one base, so one walk per
/// type, with every type visited once in all, finds them all (linear in the types).
pub(super) fn break_base_cycles(m: &mut Merger) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let names: Vec<String> = m.types.keys().cloned().collect();
    let index: std::collections::HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // The base of each type, as an index, when the base is a described type.
    let base: Vec<Option<usize>> = names
        .iter()
        .map(|n| {
            let (b, _) = m.types[n].base.as_ref()?;
            index.get(m.canonical(b).as_str()).copied()
        })
        .collect();
    let mut mark = vec![Mark::New; names.len()];
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    for start in 0..names.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match mark[i] {
                Mark::Done => break,
                Mark::OnPath => {
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    cycles.push(path[from..].to_vec());
                    break;
                }
                Mark::New => {
                    mark[i] = Mark::OnPath;
                    path.push(i);
                    cur = base[i];
                }
            }
        }
        for i in path {
            mark[i] = Mark::Done;
        }
    }
    for cycle in cycles {
        // The link to drop: the one whose base has the most properties its derived type
        // lacks (`x is inherited by [y]` misread as `x inherits from [y]` points from the
        // smaller type to the larger); of equals, the type whose name sorts first (names
        // sort as the map does, so the smallest index).
        let missing = |i: usize| {
            let Some(b) = base[i] else { return 0 };
            let (t, b) = (&m.types[&names[i]], &m.types[&names[b]]);
            b.props.iter().filter(|(p, _)| !t.props.contains(p)).count()
        };
        let first = cycle
            .iter()
            .copied()
            .max_by_key(|&i| (missing(i), std::cmp::Reverse(i)))
            .unwrap_or(cycle[0]);
        let at = cycle.iter().position(|&i| i == first).unwrap_or(0);
        let ordered: Vec<&str> = cycle[at..]
            .iter()
            .chain(&cycle[..at])
            .map(|&i| names[i].as_str())
            .collect();
        let name = &names[first];
        let Some((b, source)) = m.types.get_mut(name).and_then(|t| t.base.take()) else {
            continue;
        };
        let message = if ordered.len() == 1 {
            format!("`{name}` names itself as its base type; the base is dropped")
        } else {
            let chain: Vec<String> = ordered
                .iter()
                .chain(std::iter::once(&ordered[0]))
                .map(|n| format!("`{n}`"))
                .collect();
            format!(
                "base types form a cycle: {} (each derives from the next); `{name}`'s base `{b}` is dropped to break it",
                chain.join(" → ")
            )
        };
        m.diagnostics
            .push(diag(&source, Severity::Warning, "base-cycle", message));
    }
}
