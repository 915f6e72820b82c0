//! HTTP example blocks: a request or status line, headers, a blank line, a body.

use super::json;
use crate::diag::Sink;
use crate::doc::{Body, HttpRequest, HttpResponse};

const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub use crate::doc::HttpMessage as Message;

/// Splits a block into its first line, headers and body. `first_line` is the page line of
/// the block's first content line.
pub fn parse(text: &str, first_line: usize, sink: &mut Sink) -> Option<Message> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return None;
    };
    let head = lines[start].trim();
    let mut i = start + 1;
    let mut headers = Vec::new();
    while i < lines.len() {
        let l = lines[i].trim_end();
        if l.trim().is_empty() {
            i += 1;
            break;
        }
        match header(l) {
            Some(h) => headers.push(h),
            // The body began without the blank line the format asks for.
            None => break,
        }
        i += 1;
    }
    let body_line = first_line + i;
    let body = body(&lines[i.min(lines.len())..], body_line, sink);
    if is_status_line(head) {
        // `HTTP/1.1 200 OK`, and the `HTTP 201 Created` some pages write.
        let status = head
            .split_whitespace()
            .skip(1)
            .find_map(|s| s.parse::<u16>().ok().filter(|n| (100..600).contains(n)));
        let Some(status) = status else {
            sink.error(
                first_line + start,
                1,
                "bad-status-line",
                format!("response status line `{head}` has no status code"),
            );
            return None;
        };
        return Some(Message::Response(HttpResponse {
            status,
            headers,
            body,
        }));
    }
    let (method, rest) = head.split_once(char::is_whitespace).unwrap_or((head, ""));
    let method_upper = method.to_ascii_uppercase();
    if METHODS.contains(&method_upper.as_str()) {
        // The URL runs to the end of the line, spaces included (`$filter=a eq 'b'`),
        // less a trailing protocol version.
        let mut url = rest.trim();
        if let Some(idx) = url.rfind(" HTTP/") {
            url = url[..idx].trim_end();
        }
        if url.is_empty() {
            sink.error(
                first_line + start,
                1,
                "bad-request-line",
                format!("request line `{head}` has no URL"),
            );
            return None;
        }
        return Some(Message::Request(HttpRequest {
            method: method_upper,
            url: url.to_string(),
            headers,
            body,
        }));
    }
    None
}

/// Whether a line is a response status line.
pub fn is_status_line(line: &str) -> bool {
    let l = line.trim_start();
    l.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("http")) && l[4..].starts_with(['/', ' '])
}

fn header(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    token.then(|| (name.to_string(), value.trim().to_string()))
}

fn body(lines: &[&str], line: usize, sink: &mut Sink) -> Option<Body> {
    let text = lines.join("\n");
    if text.trim().is_empty() {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    let line = line + text[..lead].matches('\n').count();
    let text = text.trim().to_string();
    if !(text.starts_with('{') || text.starts_with('[')) {
        // Binary placeholders, multipart, XML, plain text: kept as text, not JSON.
        return Some(Body {
            line,
            text,
            json: None,
            strict: false,
        });
    }
    let read = json::parse(&text);
    for f in &read.forgiven {
        sink.warn(
            line + f.line - 1,
            f.col,
            "body-json",
            format!("body is not strict JSON: {}", f.what),
        );
    }
    let strict = read.is_strict();
    Some(Body {
        line,
        text,
        json: read.value,
        strict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_with_spaces_in_the_query() {
        let mut sink = Sink::new("p.md");
        let Some(Message::Request(r)) = parse("GET https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a b') eq true\nConsistencyLevel: eventual\n", 5, &mut sink) else {
            panic!("not a request")
        };
        assert_eq!(r.method, "GET");
        assert_eq!(
            r.url,
            "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a b') eq true"
        );
        assert_eq!(
            r.headers,
            [("ConsistencyLevel".to_string(), "eventual".to_string())]
        );
        assert!(r.body.is_none());
    }

    #[test]
    fn response_with_body_and_no_blank_line() {
        let mut sink = Sink::new("p.md");
        let Some(Message::Response(r)) = parse(
            "HTTP/1.1 201 Created\nContent-type: application/json\n{\"id\": \"1\"}",
            5,
            &mut sink,
        ) else {
            panic!("not a response")
        };
        assert_eq!(r.status, 201);
        let body = r.body.unwrap();
        assert_eq!((body.line, body.json), (7, Some(json!({"id": "1"}))));
    }

    #[test]
    fn status_line_without_a_version() {
        let mut sink = Sink::new("p.md");
        let Some(Message::Response(r)) = parse("HTTP 201 Created\n\n{}", 1, &mut sink) else {
            panic!()
        };
        assert_eq!(r.status, 201);
    }

    #[test]
    fn non_json_body_is_kept_as_text() {
        let mut sink = Sink::new("p.md");
        let Some(Message::Response(r)) = parse(
            "HTTP/1.1 200 OK\nContent-Type: text/plain\n\nhello",
            1,
            &mut sink,
        ) else {
            panic!()
        };
        assert_eq!(r.body.unwrap().json, None);
    }

    #[test]
    fn commented_body_is_read_and_reported() {
        let mut sink = Sink::new("p.md");
        let Some(Message::Response(r)) = parse(
            "HTTP/1.1 200 OK\n\n{\n  \"a\": 1, // one\n  ...\n}",
            10,
            &mut sink,
        ) else {
            panic!()
        };
        assert_eq!(r.body.unwrap().json, Some(json!({"a": 1})));
        let d: Vec<String> = sink.items.iter().map(ToString::to_string).collect();
        assert_eq!(
            d[0],
            "p.md:13:11: warning[body-json]: body is not strict JSON: comment"
        );
        assert!(d[1].starts_with("p.md:14:3: warning[body-json]"), "{d:?}");
    }
}
