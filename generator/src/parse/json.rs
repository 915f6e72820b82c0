//! A forgiving JSON reader for the bodies and annotations real pages carry.
//!
//! Real examples hold comments, trailing commas, `...` elisions, single quotes,
//! unquoted keys, placeholder words and truncated documents. Strict JSON is tried first
//! (the common case, and serde_json is fast); otherwise this reader recovers as much
//! as it can and lists every liberty it took, so nothing is forgiven silently.

use serde_json::{Map, Number, Value};

pub use crate::doc::{Forgiven, JsonRead as Lenient};

/// Reads `text` as JSON, strictly if it can and leniently otherwise.
pub fn parse(text: &str) -> Lenient {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Lenient {
            value: Some(value),
            forgiven: Vec::new(),
        };
    }
    // Translation tools sometimes escape the quotes (`"name&quot;: &quot;string"`).
    if let Some(decoded) = structural_quotes(text) {
        // One note of the cap is this one.
        let mut read = lenient(&decoded, MAX_NOTES - 1);
        let (line, col) = position(text, text.find("&quot;").unwrap_or(0));
        read.forgiven.insert(
            0,
            Forgiven {
                line,
                col,
                what: "HTML entities (`&quot;`) stand for quotes here; decoded".to_string(),
            },
        );
        return read;
    }
    lenient(text, MAX_NOTES)
}

/// `text` with each `&quot;` that stands where a quote opens or closes a key or value
/// (after `{`, `,`, `:` or `[`, or before `:`, `,`, `}` or `]`) made a quote, padded with
/// spaces outside the string so that every position stays where it was. `None` when there
/// is no such entity.
fn structural_quotes(text: &str) -> Option<String> {
    const ENTITY: &str = "&quot;";
    if !text.contains(ENTITY) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find(ENTITY) {
        let (before, after) = (&rest[..at], &rest[at + ENTITY.len()..]);
        let next = after.trim_start().chars().next();
        out.push_str(before);
        let prev = out.trim_end().chars().last();
        if matches!(next, Some(':' | ',' | '}' | ']')) {
            out.push_str("\"     ");
            changed = true;
        } else if matches!(prev, Some('{' | ',' | ':' | '[')) {
            out.push_str("     \"");
            changed = true;
        } else {
            out.push_str(ENTITY);
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Reads `text` strictly if it can, else leniently, listing at most `max_notes` liberties.
fn lenient(text: &str, max_notes: usize) -> Lenient {
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Lenient {
            value: Some(value),
            forgiven: Vec::new(),
        };
    }
    let mut reader = Reader {
        src: text.as_bytes(),
        text,
        pos: 0,
        forgiven: Vec::new(),
        depth: 0,
        gave_up: false,
        unlisted: 0,
        max_notes,
        cursor: Cursor::default(),
    };
    reader.skip_trivia();
    let value = if reader.pos >= reader.src.len() {
        reader.note("no JSON value (empty body)");
        None
    } else {
        reader.value()
    };
    reader.skip_trivia();
    if value.is_some() && reader.pos < reader.src.len() {
        reader.note("text after the JSON value was ignored");
    }
    // serde_json refused the text, so something must be said, even where the reader found
    // nothing it could name (a stray `:` before anything it can read as a value).
    if reader.forgiven.is_empty() && reader.unlisted == 0 {
        reader.note(if value.is_none() {
            "no JSON value could be read here"
        } else {
            "not strict JSON"
        });
    }
    if reader.unlisted > 0 {
        let (line, col) = reader.cursor.position(text, reader.pos);
        reader.forgiven.push(Forgiven {
            line,
            col,
            what: format!(
                "{} more problems in this JSON are not listed (at most {MAX_NOTES} are)",
                reader.unlisted
            ),
        });
    }
    Lenient {
        value,
        forgiven: reader.forgiven,
    }
}

/// How deep arrays and objects may nest. Deeper input is reported once and the rest of
/// the value is skipped: recursion stays bounded whatever the page holds.
pub const MAX_DEPTH: usize = 256;

/// How many forgiven things one JSON text lists; past that they are counted in one note, so
/// a line of a million stray commas costs a million steps, not a million diagnostics.
pub const MAX_NOTES: usize = 100;

struct Reader<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    forgiven: Vec<Forgiven>,
    depth: usize,
    /// Set once nesting went past [`MAX_DEPTH`]: containers left open close silently.
    gave_up: bool,
    unlisted: usize,
    /// How many liberties are listed; the rest are counted in one closing note.
    max_notes: usize,
    cursor: Cursor,
}

/// Line and column of the last position asked for, so that positions asked for in order
/// cost the distance between them, not the distance from the start of the text.
#[derive(Default)]
struct Cursor {
    offset: usize,
    line: usize,
    col: usize,
}

impl Cursor {
    fn position(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        if offset < self.offset || self.line == 0 || !text.is_char_boundary(offset) {
            let (line, col) = position(text, offset);
            *self = Cursor { offset, line, col };
            return (line, col);
        }
        for c in text[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.offset = offset;
        (self.line, self.col)
    }
}

impl Reader<'_> {
    fn note(&mut self, what: impl Into<String>) {
        if self.gave_up {
            return;
        }
        let (line, col) = self.cursor.position(self.text, self.pos);
        let what = what.into();
        // One note per place and kind is enough to explain the page.
        if self
            .forgiven
            .last()
            .is_some_and(|f| f.line == line && f.what == what)
        {
            return;
        }
        if self.forgiven.len() >= self.max_notes {
            self.unlisted += 1;
            return;
        }
        self.forgiven.push(Forgiven { line, col, what });
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn starts_with(&self, s: &str) -> bool {
        self.src[self.pos..].starts_with(s.as_bytes())
    }

    /// Skips whitespace, comments and elisions (`...`, `…`).
    fn skip_trivia(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.starts_with("//") => {
                    self.note("comment");
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.starts_with("/*") => {
                    self.note("comment");
                    match self.text[self.pos + 2..].find("*/") {
                        Some(end) => self.pos += 2 + end + 2,
                        None => self.pos = self.src.len(),
                    }
                }
                Some(b'.') if self.starts_with("..") => {
                    self.note("elision (`...`)");
                    while self.peek() == Some(b'.') {
                        self.pos += 1;
                    }
                }
                Some(0xE2) if self.starts_with("…") => {
                    self.note("elision (`…`)");
                    self.pos += "…".len();
                }
                Some(0xEF) if self.starts_with("\u{feff}") => self.pos += 3,
                _ => return,
            }
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_trivia();
        if self.depth >= MAX_DEPTH {
            self.note(format!(
                "nested deeper than {MAX_DEPTH} levels; the rest of the text is skipped"
            ));
            self.gave_up = true;
            self.pos = self.src.len();
            return None;
        }
        match self.peek()? {
            b'{' => {
                self.depth += 1;
                let v = self.object();
                self.depth -= 1;
                Some(v)
            }
            b'[' => {
                self.depth += 1;
                let v = self.array();
                self.depth -= 1;
                Some(v)
            }
            b'"' | b'\'' => Some(Value::String(self.string())),
            b'-' | b'0'..=b'9' => Some(self.number()),
            _ => self.word(),
        }
    }

    fn object(&mut self) -> Value {
        self.pos += 1;
        let mut map = Map::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => {
                    self.note("truncated: object not closed");
                    return Value::Object(map);
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Value::Object(map);
                }
                Some(b',') => {
                    self.note("stray or trailing comma");
                    self.pos += 1;
                    continue;
                }
                Some(b']') => {
                    self.note("`]` where `}` was expected");
                    self.pos += 1;
                    return Value::Object(map);
                }
                _ => {}
            }
            let key = match self.peek() {
                Some(b'"' | b'\'') => self.string(),
                _ => match self.bare_key() {
                    Some(k) => {
                        self.note("unquoted key");
                        k
                    }
                    None => {
                        self.note("unexpected character in object; skipped");
                        self.skip_char();
                        continue;
                    }
                },
            };
            self.skip_trivia();
            if self.peek() == Some(b':') {
                self.pos += 1;
            } else {
                self.note("missing `:` after key");
                // A lone key (often a truncated line): keep it as null only if a value follows.
            }
            self.skip_trivia();
            match self.peek() {
                Some(b',' | b'}') | None => {
                    self.note("missing value");
                    map.insert(key, Value::Null);
                }
                _ => {
                    if let Some(v) = self.value() {
                        map.insert(key, v);
                    }
                }
            }
            self.skip_trivia();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_trivia();
                    if self.peek() == Some(b'}') {
                        self.note("trailing comma");
                    }
                }
                Some(b'}') | None => {}
                Some(_) => self.note("missing comma"),
            }
        }
    }

    fn array(&mut self) -> Value {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => {
                    self.note("truncated: array not closed");
                    return Value::Array(items);
                }
                Some(b']') => {
                    self.pos += 1;
                    return Value::Array(items);
                }
                Some(b',') => {
                    self.note("stray or trailing comma");
                    self.pos += 1;
                    continue;
                }
                Some(b'}') => {
                    self.note("`}` where `]` was expected");
                    self.pos += 1;
                    return Value::Array(items);
                }
                _ => {}
            }
            let before = self.pos;
            match self.value() {
                Some(v) => items.push(v),
                None if self.pos == before => self.skip_char(),
                None => {}
            }
            self.skip_trivia();
            match self.peek() {
                Some(b',') => {
                    self.pos += 1;
                    self.skip_trivia();
                    if self.peek() == Some(b']') {
                        self.note("trailing comma");
                    }
                }
                Some(b']') | None => {}
                Some(_) => self.note("missing comma"),
            }
        }
    }

    fn skip_char(&mut self) {
        let c = self.text[self.pos..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        self.pos += c;
    }

    fn string(&mut self) -> String {
        let quote = self.src[self.pos];
        if quote == b'\'' {
            self.note("single-quoted string");
        }
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.text[self.pos..].chars().next() else {
                self.note("truncated: string not closed");
                return out;
            };
            self.pos += c.len_utf8();
            match c {
                '\\' => {
                    let Some(e) = self.text[self.pos..].chars().next() else {
                        continue;
                    };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => out.push(self.unicode_escape()),
                        '"' | '\\' | '/' => out.push(e),
                        other => {
                            self.note(format!("unknown escape `\\{other}`; read as `{other}`"));
                            out.push(other)
                        }
                    }
                }
                '\n' => {
                    // A raw newline inside a string almost always means a missing quote.
                    self.note("line break inside a string; string closed there");
                    return out;
                }
                c if c as u32 == quote as u32 => return out,
                c if (c as u32) < 0x20 => {
                    // Strict JSON escapes every control character (`\u0000`, `\t`).
                    self.note("control character in a string");
                    out.push(c)
                }
                c => out.push(c),
            }
        }
    }

    fn unicode_escape(&mut self) -> char {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match hex {
            Some(code) => {
                self.pos += 4;
                if (0xD800..0xDC00).contains(&code) && self.starts_with("\\u") {
                    let low = self
                        .text
                        .get(self.pos + 2..self.pos + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok());
                    if let Some(low @ 0xDC00..=0xDFFF) = low {
                        self.pos += 6;
                        let c = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        return char::from_u32(c).unwrap_or('\u{fffd}');
                    }
                }
                char::from_u32(code).unwrap_or_else(|| {
                    self.note("lone surrogate in a \\u escape; read as U+FFFD");
                    '\u{fffd}'
                })
            }
            None => {
                self.note("bad \\u escape");
                '\u{fffd}'
            }
        }
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        {
            // Stop before an elision such as `1...`.
            if self.starts_with("..") {
                break;
            }
            self.pos += 1;
        }
        let text = &self.text[start..self.pos];
        if let Ok(v) = serde_json::from_str::<Value>(text) {
            return v;
        }
        if let Ok(f) = text.parse::<f64>() {
            if let Some(n) = Number::from_f64(f) {
                self.note("number not in JSON form");
                return Value::Number(n);
            }
        }
        self.note(format!("`{text}` is not a number; kept as a string"));
        Value::String(text.to_string())
    }

    fn bare_key(&mut self) -> Option<String> {
        let start = self.pos;
        while self.peek().is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'_' | b'@' | b'.' | b'$' | b'-')
        }) {
            if self.starts_with("..") {
                break;
            }
            self.pos += 1;
        }
        (self.pos > start).then(|| self.text[start..self.pos].to_string())
    }

    /// `true`, `false`, `null`, or a placeholder word kept as a string.
    fn word(&mut self) -> Option<Value> {
        let start = self.pos;
        while let Some(c) = self.text[self.pos..].chars().next() {
            if matches!(c, ',' | '}' | ']' | ':' | '\n' | '"') {
                break;
            }
            self.pos += c.len_utf8();
        }
        let word = self.text[start..self.pos].trim();
        match word {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "null" => Some(Value::Null),
            "" => {
                self.pos = start;
                None
            }
            other => {
                let other = other.to_string();
                self.pos = start;
                self.note(format!("bare word `{other}` kept as a string"));
                self.pos =
                    start + self.text[start..].find(other.as_str()).unwrap_or(0) + other.len();
                Some(Value::String(other))
            }
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(text: &str) -> (Value, Vec<String>) {
        let l = parse(text);
        (
            l.value.unwrap(),
            l.forgiven.into_iter().map(|f| f.what).collect(),
        )
    }

    #[test]
    fn quotes_escaped_as_entities_are_decoded_in_place() {
        let text = "{\n  \"id\": \"string\",\n  \"name&quot;: &quot;string\"\n}";
        let l = parse(text);
        assert_eq!(
            l.value.clone().unwrap(),
            json!({"id": "string", "name": "string"})
        );
        assert_eq!(l.forgiven.len(), 1, "{:?}", l.forgiven);
        assert_eq!((l.forgiven[0].line, l.forgiven[0].col), (3, 8));
        // An entity inside a value of strict JSON is text, not a quote.
        let l = parse(r#"{"a": "say &quot;hi&quot;"}"#);
        assert!(l.is_strict());
        assert_eq!(l.value.unwrap(), json!({"a": "say &quot;hi&quot;"}));
        // Positions after a decoded entity stay where they were.
        let l = parse("{\"a&quot;: &quot;b\", oops}");
        let later = l
            .forgiven
            .iter()
            .find(|f| f.what != l.forgiven[0].what)
            .unwrap();
        let padded = parse("{\"a\"     :      \"b\", oops}");
        assert_eq!(later.col, padded.forgiven[0].col, "{:?}", l.forgiven);
    }

    #[test]
    fn strict_json_has_nothing_forgiven() {
        let l = parse(r#"{"a": [1, 2.5, "x"], "b": null}"#);
        assert!(l.is_strict());
        assert_eq!(l.value.unwrap(), json!({"a": [1, 2.5, "x"], "b": null}));
    }

    #[test]
    fn trailing_commas_and_comments() {
        let (v, f) =
            read("{\n  \"blockType\": \"response\", // the block\n  \"truncated\": true,\n}");
        assert_eq!(v, json!({"blockType": "response", "truncated": true}));
        assert!(f.contains(&"comment".to_string()), "{f:?}");
        assert!(f.contains(&"trailing comma".to_string()), "{f:?}");
    }

    #[test]
    fn elisions_are_skipped() {
        let (v, f) = read("{\"value\": [ {\"id\": \"1\"}, ... ], ...\n}");
        assert_eq!(v, json!({"value": [{"id": "1"}]}));
        assert!(f.iter().any(|w| w.starts_with("elision")));
    }

    #[test]
    fn truncated_documents_are_closed() {
        let (v, f) = read("{\"a\": {\"b\": [1, 2");
        assert_eq!(v, json!({"a": {"b": [1, 2]}}));
        assert!(f.iter().any(|w| w.starts_with("truncated")));
    }

    #[test]
    fn placeholders_and_quotes() {
        let (v, _) = read("{name: 'x', \"n\": String, \"ok\": true}");
        assert_eq!(v, json!({"name": "x", "n": "String", "ok": true}));
    }

    #[test]
    fn position_of_forgiven_things() {
        let l = parse("{\n  \"a\": 1,\n}");
        let f = &l.forgiven[0];
        assert_eq!((f.line, f.what.as_str()), (3, "trailing comma"));
    }

    #[test]
    fn nesting_past_the_limit_is_reported_once() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let l = parse(&deep);
        assert_eq!(l.forgiven.len(), 1, "{:?}", l.forgiven);
        let f = &l.forgiven[0];
        assert_eq!((f.line, f.col), (1, MAX_DEPTH + 1));
        assert!(f.what.contains("nested deeper than 256 levels"), "{f:?}");
        // Just under the limit is read whole.
        let ok = format!("{{\"a\": {}{}}},", "[".repeat(200), "]".repeat(200));
        assert!(parse(&ok).value.is_some());
    }

    #[test]
    fn problems_past_the_cap_are_counted_not_listed() {
        // One long line: positions are found in order, each from the last.
        // Two kinds of problem in turn (`missing comma`, `stray or trailing comma`), so that
        // none is merged with the one before it.
        let text = format!("[{}]", "1 2,,".repeat(10_000));
        let l = parse(&text);
        assert_eq!(l.forgiven.len(), MAX_NOTES + 1);
        let last = l.forgiven.last().unwrap();
        assert!(
            last.what
                .ends_with("more problems in this JSON are not listed (at most 100 are)"),
            "{last:?}"
        );
        // Columns are still true: `[1 2,,1 2`: the first at `2` (column 4), the next at the
        // second comma (6), then at the next `2` (9).
        let at: Vec<(usize, usize)> = l.forgiven[..3].iter().map(|f| (f.line, f.col)).collect();
        assert_eq!(at, [(1, 4), (1, 6), (1, 9)]);
    }

    #[test]
    fn never_loops_on_garbage() {
        for text in [
            "}",
            "]]]",
            "{:::}",
            "[,,,]",
            "{\"a\" \"b\"}",
            "\u{feff}",
            "{\"a\":",
            "[1 2 3]",
            "<html>",
        ] {
            let _ = parse(text);
        }
        let (v, _) = read("[1 2 3]");
        assert_eq!(v, json!([1, 2, 3]));
    }
}
