//! Requests → operations: the IR's route templates matched segment by segment.
//!
//! A path is parsed with the generator's own route reader, so `/me/...` and
//! `/users/{id}/...`, `events('x')` and `events/x`, and function arguments are read
//! exactly as the templates were. Of the templates that fit, the one with most literal
//! segments wins (`/users/delta` over `/users/{user-id}`).

use docgen_codegen::ir::Operation;
use docgen_codegen::route::{self, Segment};
use std::collections::HashMap;

struct Template {
    op: usize,
    segments: Vec<Segment>,
}

/// The operations' templates, by segment count and first literal.
pub(crate) struct Router {
    templates: Vec<Template>,
    buckets: HashMap<(usize, String), Vec<usize>>,
}

/// The values a request path binds: keys by their template name, function arguments by
/// argument name.
pub(crate) type Bound = Vec<(String, String)>;

/// What a path and method find.
pub(crate) enum Found {
    Operation {
        op: usize,
        bound: Bound,
    },
    /// The path is documented, not with this method: the methods it has.
    WrongMethod(Vec<String>),
    Nothing,
}

/// A path read as the router reads it: segments (`/me` written `/users/me`) and the
/// value each holds.
pub(crate) struct Path {
    segments: Vec<Segment>,
    values: Vec<Option<String>>,
}

impl Path {
    pub(crate) fn parse(path: &str) -> Path {
        let (segments, samples) = route::parse(path);
        let me =
            matches!(segments.first(), Some(Segment::Literal(t)) if t.eq_ignore_ascii_case("me"));
        let mut values: Vec<Option<String>> = segments
            .iter()
            .zip(samples)
            .map(|(s, sample)| match (s, sample) {
                (_, Some(v)) => Some(v),
                (Segment::Literal(t), None) => Some(t.clone()),
                _ => None,
            })
            .collect();
        let segments = if me {
            values.insert(0, Some("users".into()));
            values[1] = Some("me".into());
            route::unalias(&segments)
        } else {
            segments
        };
        Path { segments, values }
    }

    /// The values of the path's segments, keys and literals alike, for comparing two
    /// requests to one route.
    pub(crate) fn values(&self) -> impl Iterator<Item = Option<&str>> {
        self.values.iter().map(Option::as_deref)
    }

    fn head(&self) -> String {
        head(&self.segments)
    }
}

fn head(segments: &[Segment]) -> String {
    match segments.first() {
        Some(Segment::Literal(t)) => t.to_ascii_lowercase(),
        _ => String::new(),
    }
}

impl Router {
    pub(crate) fn new(ops: &[Operation]) -> Router {
        let mut router = Router {
            templates: Vec::new(),
            buckets: HashMap::new(),
        };
        for (i, op) in ops.iter().enumerate() {
            for p in std::iter::once(&op.path).chain(&op.aliases) {
                let segments = route::unalias(&route::parse(p).0);
                let key = (segments.len(), head(&segments));
                let at = router.templates.len();
                let bucket = router.buckets.entry(key).or_default();
                // `/me/x` and `/users/{id}/x` are one template once unaliased.
                if bucket.iter().any(|&t| {
                    router.templates[t].op == i && router.templates[t].segments == segments
                }) {
                    continue;
                }
                bucket.push(at);
                router.templates.push(Template { op: i, segments });
            }
        }
        router
    }

    pub(crate) fn find(&self, ops: &[Operation], method: &str, path: &Path) -> Found {
        let mut best: Option<(usize, usize)> = None;
        let mut methods: Vec<String> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        let len = path.segments.len();
        for key in [(len, path.head()), (len, String::new())] {
            if let Some(b) = self.buckets.get(&key) {
                candidates.extend(b);
            }
        }
        for t in candidates {
            let template = &self.templates[t];
            if !route::fits(&template.segments, &path.segments) {
                continue;
            }
            let op = &ops[template.op];
            if !op.method.eq_ignore_ascii_case(method) {
                if !methods.contains(&op.method) {
                    methods.push(op.method.clone());
                }
                continue;
            }
            let literals = template
                .segments
                .iter()
                .zip(&path.segments)
                .filter(|(a, b)| {
                    matches!(a, Segment::Literal(_) | Segment::Function { .. })
                        && matches!(b, Segment::Literal(_) | Segment::Function { .. })
                })
                .count();
            if !best.is_some_and(|(_, l)| literals <= l) {
                best = Some((t, literals));
            }
        }
        match best {
            Some((t, _)) => {
                let template = &self.templates[t];
                Found::Operation {
                    op: template.op,
                    bound: bind(&template.segments, path),
                }
            }
            None if !methods.is_empty() => {
                methods.sort();
                Found::WrongMethod(methods)
            }
            None => Found::Nothing,
        }
    }
}

/// The key values and function arguments `path` gives `template`'s parameters.
fn bind(template: &[Segment], path: &Path) -> Bound {
    let mut out = Vec::new();
    for ((t, s), v) in template.iter().zip(&path.segments).zip(&path.values) {
        match (t, s) {
            (
                Segment::Key {
                    name,
                    prefix,
                    suffix,
                },
                _,
            ) => {
                if let Some(v) = v {
                    let v = v.strip_prefix(prefix.as_str()).unwrap_or(v);
                    let v = v.strip_suffix(suffix.as_str()).unwrap_or(v);
                    out.push((name.clone(), v.to_string()));
                }
            }
            (Segment::PathKey { name, .. }, _) => {
                if let Some(v) = v {
                    out.push((name.clone(), v.clone()));
                }
            }
            (Segment::Function { args, .. }, Segment::Function { args: given, .. }) => {
                for a in args {
                    if let Some(g) = given.iter().find(|g| g.name.eq_ignore_ascii_case(&a.name)) {
                        if let Some(sample) = &g.sample {
                            out.push((a.name.clone(), sample.clone()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}
