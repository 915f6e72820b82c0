//! Route templates of every page, for the examples no template on their own page fits.
//!
//! Such an example takes a template another page lists (`POST /chats/{chat-id}/members`),
//! or, where none fits whole, the keys of the longest template path it starts with: in
//! `/organization/{id}/branding/localizations/en-US/signInPageText`, `en-US` stands where
//! `/organization/{organization-id}/branding/localizations/{localization-id}` has its key.

use crate::route::{self, Segment};
use std::collections::{HashMap, HashSet};

/// A trie of every page's templates by segment. A node is reached by one path only, so a
/// lookup visits each node at most once; a visit budget bounds it further, so that many
/// similar templates cannot make lookups quadratic.
pub(super) struct Templates {
    nodes: Vec<Node>,
    /// Literal segments some template follows with a key (`assignments` in
    /// `…/assignments/{id}`), lower-cased: the collections whose values are keys.
    keyed: HashSet<String>,
}

#[derive(Default)]
struct Node {
    children: HashMap<String, usize>,
    /// The template segment this node stands for (the first template's spelling).
    segment: Option<Segment>,
    /// Methods of the templates that end here.
    methods: HashSet<String>,
}

/// Trie nodes one lookup may visit before it gives up.
const VISIT_BUDGET: usize = 4096;

/// The child label a template segment stands under.
fn label(s: &Segment) -> String {
    match s {
        Segment::Literal(t) => format!("l:{}", t.to_ascii_lowercase()),
        // Any key fits any value, whatever it is written inside (as `route::fits` holds).
        Segment::Key { .. } => "k".to_string(),
        Segment::PathKey { base, .. } => format!("p:{}", base.to_ascii_lowercase()),
        Segment::Function { name, .. } => format!("f:{}", name.to_ascii_lowercase()),
    }
}

/// Whether an example's literal segment reads as a name of the API (`calendarView`, `$count`,
/// `microsoft.graph.user`) rather than a value (`en-US`, `AAMkAD…=`, `48d31887-…`): a name
/// is never read as a template's key.
fn is_name(seg: &str) -> bool {
    let body = seg.strip_prefix('$').unwrap_or(seg);
    body.starts_with(|c: char| c.is_ascii_alphabetic())
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && !route::is_sample_id(seg)
}

/// The labels of template segments that fit an example segment, the most literal first.
fn fitting(s: &Segment) -> Vec<String> {
    match s {
        Segment::Literal(t) if !is_name(t) => {
            vec![format!("l:{}", t.to_ascii_lowercase()), "k".to_string()]
        }
        other => vec![label(other)],
    }
}

impl Default for Templates {
    fn default() -> Self {
        Self {
            nodes: vec![Node::default()],
            keyed: HashSet::new(),
        }
    }
}

impl Templates {
    pub(super) fn add(&mut self, method: &str, segments: &[Segment]) {
        self.keyed.extend(route::keyed_collections(segments));
        let mut at = 0;
        for s in segments {
            let next = self.nodes.len();
            at = *self.nodes[at].children.entry(label(s)).or_insert(next);
            if at == next {
                self.nodes.push(Node {
                    segment: Some(s.clone()),
                    ..Node::default()
                });
            }
        }
        self.nodes[at].methods.insert(method.to_string());
    }

    /// A template of this method that fits the example whole (literal segments preferred
    /// over keys, position by position), as trie nodes.
    fn fit(&self, method: &str, example: &[Segment]) -> Option<Vec<usize>> {
        // (node, depth, parent entry in `trail`)
        let mut trail: Vec<(usize, Option<usize>)> = Vec::new();
        let mut stack = vec![(0, 0, None)];
        while let Some((node, depth, parent)) = stack.pop() {
            if trail.len() >= VISIT_BUDGET {
                return None;
            }
            trail.push((node, parent));
            let me = trail.len() - 1;
            let Some(seg) = example.get(depth) else {
                if self.nodes[node].methods.contains(method) {
                    let mut path = Vec::new();
                    let mut at = Some(me);
                    while let Some(i) = at {
                        path.push(trail[i].0);
                        at = trail[i].1;
                    }
                    path.pop(); // the root
                    path.reverse();
                    return Some(path);
                }
                continue;
            };
            // Pushed in reverse so that the most literal child is tried first.
            for l in fitting(seg).iter().rev() {
                if let Some(&child) = self.nodes[node].children.get(l) {
                    stack.push((child, depth + 1, Some(me)));
                }
            }
        }
        None
    }

    /// The example with each value that stands where the templates it follows have a key
    /// read as that key, as far as some template's path goes; `None` if nothing changed.
    fn keys_along(&self, example: &[Segment]) -> Option<Vec<Segment>> {
        let mut at = 0;
        let mut out = Vec::with_capacity(example.len());
        let mut changed = false;
        for (i, seg) in example.iter().enumerate() {
            let literal = self.nodes[at].children.get(&label(seg)).copied();
            // A value stands for a key; so does a name the path goes on past as the template
            // does (`/connections/contosohr/items`, `/connections/{connection-id}/items`).
            let key = match seg {
                Segment::Literal(t) => self.nodes[at].children.get("k").copied().filter(|&k| {
                    !is_name(t)
                        || example
                            .get(i + 1)
                            .is_some_and(|next| self.nodes[k].children.contains_key(&label(next)))
                }),
                _ => None,
            };
            match (literal, key) {
                (Some(next), _) => {
                    out.push(seg.clone());
                    at = next;
                }
                (None, Some(next)) => {
                    out.extend(self.nodes[next].segment.clone());
                    changed = true;
                    at = next;
                }
                (None, None) => {
                    out.extend(example[i..].iter().cloned());
                    break;
                }
            }
        }
        changed.then_some(out)
    }

    fn segments(&self, nodes: &[usize]) -> Vec<Segment> {
        nodes
            .iter()
            .filter_map(|&n| self.nodes[n].segment.clone())
            .collect()
    }
}

/// The route an example path with no template on its own page takes from the templates
/// of every page, if any template explains it; in its own `/me` form when it uses the alias.
pub(super) fn claim(templates: &Templates, method: &str, raw: &str) -> Option<Vec<Segment>> {
    let (example, _) = route::parse(raw);
    let unaliased = route::unalias(&example);
    let me = unaliased.len() == example.len() + 1;
    let realias = |t: Vec<Segment>| {
        if me {
            let mut alias = vec![example[0].clone()];
            alias.extend(t.into_iter().skip(2));
            alias
        } else {
            t
        }
    };
    let whole = templates
        .fit(method, &example)
        .map(|n| templates.segments(&n))
        .or_else(|| {
            me.then(|| templates.fit(method, &unaliased))
                .flatten()
                .map(|n| realias(templates.segments(&n)))
        });
    if whole.is_some() {
        return whole;
    }
    let mut along = templates
        .keys_along(&example)
        .or_else(|| {
            me.then(|| templates.keys_along(&unaliased).map(realias))
                .flatten()
        })
        .unwrap_or(example);
    // Past the templates' reach, a value is a key where it follows a collection some
    // template keys (`…/assignments/cf6005fc-…`, as `…/assignments/{id}`); a value
    // anywhere else stands where nothing marks a key: no route.
    let mut keyed = false;
    for i in 1..along.len() {
        let Segment::Literal(text) = &along[i] else {
            continue;
        };
        if !route::is_sample_id(text) {
            continue;
        }
        match &along[i - 1] {
            Segment::Literal(prev) if templates.keyed.contains(&prev.to_ascii_lowercase()) => {
                along[i] = Segment::Key {
                    name: String::new(),
                    prefix: String::new(),
                    suffix: String::new(),
                };
                keyed = true;
            }
            _ => return None,
        }
    }
    if !keyed && route::render(&along) == route::render(&route::parse(raw).0) {
        return None;
    }
    route::normalize(&mut along);
    Some(along)
}

/// Whether a path as written holds a value where a key belongs that nothing on it marks
/// (`/gadgets/AAMkAGI2TAAA=`): only a template's key can make it one.
pub(super) fn needs_template(raw: &str) -> bool {
    route::generalize(&mut route::parse(raw).0)
}
