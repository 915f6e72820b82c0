//! Path templates: the shape of a URL the docs list or an example calls.
//!
//! A leaf module: `lower` normalizes the templates a page lists and matches its examples to
//! them, `infer` keys operations by the normalized text, and `emit` reads the segments back
//! to build request builders. Parsing is one pass over the path, linear in its length.
//!
//! Normalized form: every key is `{<segment before it, singular>-id}` whatever the docs
//! spell (`{id}`, `{user-id}`, `{userId}`, `{tenant id}`, `{id | userPrincipalName}`); key
//! segments in parentheses (`events('{id}')`) are written as path segments
//! (`events/{event-id}`), which OData treats the same; function arguments are parameters
//! named after the argument (`search(q='{q}')`), whatever sample value the docs show.

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// `messages`, `$value`, `microsoft.graph.user`.
    Literal(String),
    /// A key: a whole segment the caller fills in, with any fixed text around it
    /// (`{hostname}:`).
    Key {
        name: String,
        prefix: String,
        suffix: String,
    },
    /// Path addressing, `root:/{item-path}:`: the value may hold `/`.
    PathKey { base: String, name: String },
    /// An OData function call: `delta()`, `search(q='{q}')`.
    Function { name: String, args: Vec<Arg> },
}

/// One argument of a function segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub name: String,
    /// Written between quotes in the docs: a string literal.
    pub quoted: bool,
    /// Text before the quote of a typed literal (`microsoft.graph.timeZoneStandard'…'`).
    pub prefix: String,
    /// The value an example shows, when it is not a placeholder.
    pub sample: Option<String>,
}

impl Segment {
    /// The segment's fixed text, lower-cased, for comparisons (`None` for keys).
    fn literal_key(&self) -> Option<String> {
        match self {
            Segment::Literal(s) => Some(s.to_ascii_lowercase()),
            _ => None,
        }
    }
}

/// Splits at `/` outside quotes and parentheses.
fn split_segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0usize);
    for (i, c) in path.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') if depth > 0 => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, '/') if depth == 0 => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// Splits at `,` outside quotes.
fn split_args(inner: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quote, mut start) = (None::<char>, 0usize);
    for (i, c) in inner.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, ',') => {
                out.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&inner[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A `{…}` placeholder's text, if the whole string is one.
fn placeholder(s: &str) -> Option<&str> {
    s.strip_prefix('{')?
        .strip_suffix('}')
        .filter(|p| !p.contains(['{', '}']))
}

/// Whether an unquoted argument value is a placeholder rather than a sample.
fn is_placeholder_value(v: &str) -> bool {
    placeholder(v).is_some()
        || (v.starts_with('<') && v.ends_with('>'))
        || v.eq_ignore_ascii_case("parameterValue")
        || v.ends_with("-value")
        || v.ends_with("_value")
}

fn parse_arg(text: &str) -> Option<Arg> {
    let (name, value) = text.split_once('=')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let value = value.trim();
    let q = value.find(['\'', '"']);
    let (quoted, prefix, inner) = match q {
        Some(i) if value.ends_with(&value[i..=i]) && value.len() > i + 1 => {
            (true, &value[..i], &value[i + 1..value.len() - 1])
        }
        _ => (false, "", value),
    };
    let sample = (!is_placeholder_value(inner) && !inner.is_empty()).then(|| inner.to_string());
    Some(Arg {
        name: name.to_string(),
        quoted,
        prefix: prefix.to_string(),
        sample,
    })
}

/// A function call or a key in parentheses: `name(...)`.
fn parse_call(seg: &str, out: &mut Vec<Segment>, samples: &mut Vec<Option<String>>) -> bool {
    let Some(open) = seg.find('(') else {
        return false;
    };
    if !seg.ends_with(')') || open == 0 {
        return false;
    }
    let name = &seg[..open];
    let inner = &seg[open + 1..seg.len() - 1];
    let parts = split_args(inner);
    // `name=value`: an `=` before any quote (a quoted key may hold `=`, `'AAMk…='`).
    let named = parts.iter().all(|p| {
        p.find('=')
            .is_some_and(|i| !p[..i].contains(['\'', '"']) && i > 0)
    });
    if parts.len() == 1 && !named {
        // `events('{id}')`, `worksheets({id})`: a key written in parentheses.
        let v = parts[0].trim_matches(|c| c == '\'' || c == '"');
        out.push(Segment::Literal(name.to_string()));
        out.push(Segment::Key {
            name: placeholder(v).unwrap_or("").to_string(),
            prefix: String::new(),
            suffix: String::new(),
        });
        samples.push(None);
        samples.push(placeholder(v).is_none().then(|| v.to_string()));
        return true;
    }
    let args = parts.iter().filter_map(|p| parse_arg(p)).collect();
    out.push(Segment::Function {
        name: name.to_string(),
        args,
    });
    samples.push(None);
    true
}

/// A raw path as written (template or example) → segments, and for each the concrete
/// value it holds where that is a sample rather than a placeholder.
pub fn parse(path: &str) -> (Vec<Segment>, Vec<Option<String>>) {
    let raw = split_segments(path);
    let mut out = Vec::new();
    let mut samples = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let seg = raw[i];
        // `root:/{item-path}:` or `root:/Folder/File.txt:`.
        if let Some(base) = seg
            .strip_suffix(':')
            .filter(|b| !b.contains(['{', '(', ':']))
        {
            // Unclosed at the end of the path (`/drives/{drive-id}/root:/{item-path}`): the
            // rest is the path, which the service reads the same with or without the `:`.
            let end = (i + 1..raw.len())
                .find(|&j| raw[j].ends_with(':'))
                .or_else(|| (i + 1 < raw.len()).then(|| raw.len() - 1));
            if let Some(end) = end {
                let joined = raw[i + 1..=end].join("/");
                let value = joined.strip_suffix(':').unwrap_or(&joined);
                out.push(Segment::PathKey {
                    base: base.to_string(),
                    name: placeholder(value).unwrap_or("").to_string(),
                });
                samples.push(placeholder(value).is_none().then(|| value.to_string()));
                i = end + 1;
                continue;
            }
        }
        i += 1;
        if let Some(p) = placeholder(seg) {
            out.push(Segment::Key {
                name: p.to_string(),
                prefix: String::new(),
                suffix: String::new(),
            });
            samples.push(None);
            continue;
        }
        if parse_call(seg, &mut out, &mut samples) {
            continue;
        }
        if let (Some(open), Some(close)) = (seg.find('{'), seg.rfind('}')) {
            if open < close {
                out.push(Segment::Key {
                    name: seg[open + 1..close].to_string(),
                    prefix: seg[..open].to_string(),
                    suffix: seg[close + 1..].to_string(),
                });
                samples.push(None);
                continue;
            }
        }
        out.push(Segment::Literal(seg.to_string()));
        samples.push(None);
    }
    (out, samples)
}

/// Whether a literal segment of an example path is a sample id rather than a name: a GUID,
/// a number, an address, a thread id (`19:…@thread.v2`), an opaque token (`AAMk…=`).
pub fn is_sample_id(seg: &str) -> bool {
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    // Runs of digits: a name carries a version or two (`oauth2PermissionGrants`,
    // `getOffice365ActivationCounts`), a token mixes digits all through (`fe6987415ace7X4e1e`).
    let runs = seg
        .as_bytes()
        .windows(2)
        .filter(|w| !w[0].is_ascii_digit() && w[1].is_ascii_digit())
        .count()
        + usize::from(seg.starts_with(|c: char| c.is_ascii_digit()));
    crate::notation::uuid_like(seg)
        || (seg.len() >= 2 && digits == seg.len())
        // Graph names never start with a digit: `48x48` is a sample size.
        || seg.starts_with(|c: char| c.is_ascii_digit())
        || seg.contains(['@', ':', '=', ' ', ',', '!', '+'])
        || (seg.len() >= 16 && runs >= 3)
        || (seg.len() >= 24 && digits >= 4 && runs >= 2)
        // A run of six digits is a serial number (`TSP228082938`); names have at most a
        // version (`windows10`, `office365`).
        || seg
            .as_bytes()
            .windows(6)
            .any(|w| w.iter().all(u8::is_ascii_digit))
}

/// Segments of an example path with no template: sample ids become keys. Returns whether
/// any did.
pub fn generalize(segments: &mut [Segment]) -> bool {
    let mut changed = false;
    for (i, s) in segments.iter_mut().enumerate() {
        if let Segment::Literal(text) = s {
            if i > 0 && is_sample_id(text) {
                *s = Segment::Key {
                    name: String::new(),
                    prefix: String::new(),
                    suffix: String::new(),
                };
                changed = true;
            }
        }
    }
    changed
}

/// The literal segments a path follows with a key (`assignments` in `…/assignments/{id}`),
/// lower-cased: collections whose members a key picks.
pub fn keyed_collections(segments: &[Segment]) -> impl Iterator<Item = String> + '_ {
    segments.windows(2).filter_map(|w| match w {
        [Segment::Literal(l), Segment::Key { prefix, .. }] if prefix.is_empty() => {
            Some(l.to_ascii_lowercase())
        }
        _ => None,
    })
}

/// `deviceConfigurations` → `deviceConfiguration`.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if ["sses", "ches", "shes", "xes"]
        .iter()
        .any(|s| word.ends_with(s))
    {
        word[..word.len() - 2].to_string()
    } else if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        stem.to_string()
    } else {
        word.to_string()
    }
}

/// Gives every key its normalized name: after the literal segment before it
/// (`users/{id}` → `user-id`), else the docs' own name, first alternative, spaces as `-`.
pub fn normalize(segments: &mut [Segment]) {
    let mut prev: Option<String> = None;
    for s in segments.iter_mut() {
        match s {
            Segment::Literal(text) => {
                let bare = text.rsplit('.').next().unwrap_or(text);
                prev = (!bare.starts_with('$')).then(|| bare.to_string());
            }
            Segment::Key { name, prefix, .. } => {
                let own = name
                    .split('|')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .replace(' ', "-");
                *name = match (&prev, prefix.is_empty()) {
                    (Some(p), true) => format!("{}-id", singular(p)),
                    _ if !own.is_empty() => own,
                    _ => "id".to_string(),
                };
                prev = None;
            }
            Segment::PathKey { name, .. } => {
                *name = "path".to_string();
                prev = None;
            }
            Segment::Function { .. } => prev = None,
        }
    }
}

/// Normalized text of segments: `/users/{user-id}/search(q='{q}')`.
pub fn render(segments: &[Segment]) -> String {
    let mut out = String::new();
    for s in segments {
        out.push('/');
        match s {
            Segment::Literal(t) => out.push_str(t),
            Segment::Key {
                name,
                prefix,
                suffix,
            } => out.push_str(&format!("{prefix}{{{name}}}{suffix}")),
            Segment::PathKey { base, name } => out.push_str(&format!("{base}:/{{{name}}}:")),
            Segment::Function { name, args } => {
                let args: Vec<String> = args
                    .iter()
                    .map(|a| {
                        if a.quoted {
                            format!("{}={}'{{{}}}'", a.name, a.prefix, a.name)
                        } else {
                            format!("{}={{{}}}", a.name, a.name)
                        }
                    })
                    .collect();
                out.push_str(&format!("{name}({})", args.join(",")));
            }
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// A raw path → its normalized template text.
pub fn normalized(path: &str) -> String {
    let (mut segs, _) = parse(path);
    normalize(&mut segs);
    render(&segs)
}

/// Whether an example's segments fit a template's, segment by segment: literals equal
/// (ignoring case), keys take any value, functions match by name.
pub fn fits(template: &[Segment], example: &[Segment]) -> bool {
    template.len() == example.len()
        && template.iter().zip(example).all(|(t, e)| match (t, e) {
            (Segment::Literal(a), Segment::Literal(b)) => a.eq_ignore_ascii_case(b),
            (Segment::Key { .. }, Segment::Literal(_) | Segment::Key { .. }) => true,
            (Segment::PathKey { base: a, .. }, Segment::PathKey { base: b, .. }) => {
                a.eq_ignore_ascii_case(b)
            }
            (Segment::Function { name: a, .. }, Segment::Function { name: b, .. }) => {
                a.eq_ignore_ascii_case(b)
            }
            _ => false,
        })
}

/// The identity of a normalized path: lower-cased literals and function names, keys by
/// position only. `/me/...` is `/users/{user-id}/...`; returns whether it was `/me`.
pub fn identity(segments: &[Segment]) -> (String, bool) {
    let me = segments.first().and_then(Segment::literal_key).as_deref() == Some("me");
    let mut key = String::new();
    if me {
        key.push_str("/users/{}");
    }
    for s in segments.iter().skip(usize::from(me)) {
        key.push('/');
        match s {
            Segment::Literal(t) => key.push_str(&t.to_ascii_lowercase()),
            Segment::Key { prefix, suffix, .. } => {
                key.push_str(&format!("{}{{}}{}", prefix.to_ascii_lowercase(), suffix))
            }
            Segment::PathKey { base, .. } => {
                key.push_str(&format!("{}:/{{}}:", base.to_ascii_lowercase()))
            }
            Segment::Function { name, args } => {
                let mut names: Vec<String> =
                    args.iter().map(|a| a.name.to_ascii_lowercase()).collect();
                names.sort();
                key.push_str(&format!(
                    "{}({})",
                    name.to_ascii_lowercase(),
                    names.join(",")
                ));
            }
        }
    }
    (key, me)
}

/// `/me/...` written as `/users/{user-id}/...`.
pub fn unalias(segments: &[Segment]) -> Vec<Segment> {
    match segments.first() {
        Some(Segment::Literal(t)) if t.eq_ignore_ascii_case("me") => {
            let mut out = vec![
                Segment::Literal("users".to_string()),
                Segment::Key {
                    name: "user-id".to_string(),
                    prefix: String::new(),
                    suffix: String::new(),
                },
            ];
            out.extend(segments[1..].iter().cloned());
            out
        }
        _ => segments.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_named_after_the_segment_before_them() {
        for (raw, want) in [
            ("/users/{id}/messages", "/users/{user-id}/messages"),
            (
                "/users/{id | userPrincipalName}/messages/{messageId}",
                "/users/{user-id}/messages/{message-id}",
            ),
            (
                "/sites/{id|name}/lists/{list-id}",
                "/sites/{site-id}/lists/{list-id}",
            ),
            (
                "/tenantRelationships/delegatedAdminRelationships/{tenant id}",
                "/tenantRelationships/delegatedAdminRelationships/{delegatedAdminRelationship-id}",
            ),
            ("/me/events('{id}')", "/me/events/{event-id}"),
            (
                "/deviceManagement/deviceConfigurations/{deviceConfigurationId}",
                "/deviceManagement/deviceConfigurations/{deviceConfiguration-id}",
            ),
        ] {
            assert_eq!(normalized(raw), want, "{raw}");
        }
    }

    #[test]
    fn function_arguments_are_parameters_whatever_the_sample() {
        assert_eq!(
            normalized("/me/drive/root/search(q='Contoso Project')"),
            "/me/drive/root/search(q='{q}')"
        );
        assert_eq!(
            normalized("/me/drive/root/search(q='{search-text}')"),
            "/me/drive/root/search(q='{q}')"
        );
        assert_eq!(normalized("/me/events/delta()"), "/me/events/delta()");
        assert_eq!(
            normalized("/me/photo/image(width=640,height=480,fittingMode='fit')"),
            "/me/photo/image(width={width},height={height},fittingMode='{fittingMode}')"
        );
        let (segs, _) = parse("/reports/getActivitiesByInterval(startDateTime='2017-01-01',endDateTime='2017-01-10',interval='day')");
        let Segment::Function { args, .. } = &segs[1] else {
            panic!("{segs:?}")
        };
        assert_eq!(args[0].sample.as_deref(), Some("2017-01-01"));
        assert!(args.iter().all(|a| a.quoted));
    }

    #[test]
    fn path_addressing_and_sample_ids() {
        assert_eq!(
            normalized("/me/drive/root:/{item-path}:/content"),
            "/me/drive/root:/{path}:/content"
        );
        let (segs, samples) = parse("/me/drive/root:/Folder A/File.txt:/content");
        assert_eq!(render(&segs), "/me/drive/root:/{}:/content");
        assert_eq!(samples[2].as_deref(), Some("Folder A/File.txt"));
        let (mut segs, _) = parse("/me/messages/AAMkADA1MTAAAAqldOAAA=/replyAll");
        assert!(generalize(&mut segs));
        normalize(&mut segs);
        assert_eq!(render(&segs), "/me/messages/{message-id}/replyAll");
        assert!(!is_sample_id("mailFolders") && !is_sample_id("$value"));
        assert!(is_sample_id("TSP228082938") && !is_sample_id("office365"));
        for name in [
            "oauth2PermissionGrants",
            "getOffice365ActivationCounts",
            "special",
        ] {
            assert!(!is_sample_id(name), "{name}");
        }
        assert!(is_sample_id("fe6987415ace7X4e1eF866337"));
        assert_eq!(
            normalized("/drives/{drive-id}/root:/{item-path}"),
            "/drives/{drive-id}/root:/{path}:"
        );
        assert_eq!(
            normalized("/drives/{drive-id}/items/{parent-id}:/{filename}:/content"),
            "/drives/{drive-id}/items/{item-id}:/{filename}:/content"
        );
    }

    #[test]
    fn a_quoted_key_may_hold_an_equals_sign() {
        assert_eq!(
            normalized("/me/events('AAMkAGE1M2_bs88AACbuFiiAAA=')"),
            "/me/events/{event-id}"
        );
    }

    #[test]
    fn me_is_users_id() {
        let a = parse("/me/messages").0;
        let b = parse("/users/{id}/Messages").0;
        assert_eq!(identity(&a).0, identity(&b).0);
        assert!(identity(&a).1);
        let (t, _) = parse("/users/{id}/messages/{id}");
        assert!(fits(&t, &parse("/users/a@b.com/messages/AAMk").0));
        assert!(!fits(&t, &parse("/users/a/events/b").0));
    }
}
