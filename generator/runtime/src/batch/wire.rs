//! The JSON of `POST /$batch`: steps out, answers back.

use crate::decode::RawResponse;
use crate::request::Parts;
use crate::Error;
use base64::Engine;
use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use url::Url;

/// One step as the service reads it, without its `id` and `dependsOn` (given per request).
#[derive(Debug, Clone)]
pub(crate) struct StepRequest {
    pub(crate) method: String,
    /// Relative to the version root: `/users/a?$select=id`.
    pub(crate) url: String,
    pub(crate) headers: Map<String, Value>,
    pub(crate) body: Option<Box<RawValue>>,
}

/// `{"id": ..., "method": ..., "url": ..., "headers": ..., "body": ..., "dependsOn": [...]}`
#[derive(Serialize)]
pub(crate) struct WireStep<'s> {
    pub(crate) id: String,
    pub(crate) method: &'s str,
    pub(crate) url: &'s str,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub(crate) headers: &'s Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) body: Option<&'s RawValue>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    pub(crate) depends_on: Vec<String>,
}

/// The request body of `POST /$batch`.
#[derive(Serialize)]
pub(crate) struct WireBatch<'s> {
    pub(crate) requests: Vec<WireStep<'s>>,
}

/// The answer of `POST /$batch`. Other members are not needed to match answers.
#[derive(Debug, Deserialize)]
pub(crate) struct WireAnswer {
    pub(crate) responses: Vec<StepAnswer>,
}

/// One step's answer, in whatever order the service sends them.
#[derive(Debug, Deserialize)]
pub(crate) struct StepAnswer {
    pub(crate) id: String,
    pub(crate) status: u16,
    #[serde(default)]
    pub(crate) headers: Map<String, Value>,
    #[serde(default)]
    pub(crate) body: Option<Box<RawValue>>,
}

/// Whether a content type is JSON (`application/json`, `…+json`, any parameters).
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
        || essence
            .rsplit_once('+')
            .is_some_and(|(_, suffix)| suffix.eq_ignore_ascii_case("json"))
}

/// The step's URL relative to the client's version root, as the service requires.
fn relative_url(base: &Url, url: &Url) -> Result<String, Error> {
    let root = base.path().trim_end_matches('/');
    let rest = (url.origin() == base.origin())
        .then(|| url.path().strip_prefix(root))
        .flatten()
        .filter(|rest| rest.starts_with('/'))
        .ok_or_else(|| {
            Error::Batch(format!(
                "{url} is not under the client's base URL {base}: a batch step must be"
            ))
        })?;
    let mut relative = rest.to_owned();
    if let Some(query) = url.query() {
        relative.push('?');
        relative.push_str(query);
    }
    Ok(relative)
}

impl StepRequest {
    /// Writes a built request as a step: its URL relative to `base`, its headers as
    /// strings, a JSON body inline and any other body base64-encoded (the docs' rule),
    /// with its `Content-Type` among the headers (required with a body).
    pub(crate) fn new<T>(base: &Url, parts: &Parts<T>) -> Result<Self, Error> {
        let url = relative_url(base, &parts.url)?;
        let mut headers = Map::new();
        for (name, value) in &parts.headers {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            match headers.get_mut(name.as_str()) {
                // Repeated header lines are one comma-separated value (RFC 9110 §5.3).
                Some(Value::String(earlier)) => {
                    earlier.push_str(", ");
                    earlier.push_str(&value);
                }
                _ => {
                    headers.insert(name.as_str().to_owned(), Value::String(value));
                }
            }
        }
        let body = match &parts.body {
            None => None,
            Some((bytes, content_type)) => {
                let content_type = String::from_utf8_lossy(content_type.as_bytes()).into_owned();
                let inline = is_json(&content_type)
                    .then(|| serde_json::from_slice::<Box<RawValue>>(bytes).ok())
                    .flatten();
                let body = match inline {
                    Some(json) => json,
                    None => {
                        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
                        serde_json::value::to_raw_value(&encoded).map_err(Error::Json)?
                    }
                };
                // The body's own type wins over a header set by hand; spelled as in
                // the docs' examples.
                headers.remove(CONTENT_TYPE.as_str());
                headers.insert("Content-Type".to_owned(), Value::String(content_type));
                Some(body)
            }
        };
        Ok(StepRequest {
            method: parts.method.as_str().to_owned(),
            url,
            headers,
            body,
        })
    }
}

impl StepAnswer {
    /// The step's answer as if it had come alone: headers as sent, a JSON body as its
    /// text (numbers exactly as written), a base64 string body of a non-JSON answer
    /// decoded back to its bytes.
    pub(crate) fn into_raw(self) -> RawResponse {
        let mut headers = HeaderMap::new();
        for (name, value) in &self.headers {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&text),
            ) {
                headers.append(name, value);
            }
        }
        let json = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map_or(true, is_json);
        let body = match self.body {
            None => Bytes::new(),
            Some(raw) => {
                let text = raw.get();
                let binary = (!json)
                    .then(|| serde_json::from_str::<String>(text).ok())
                    .flatten()
                    .and_then(|s| {
                        let engines = [
                            &base64::engine::general_purpose::STANDARD,
                            &base64::engine::general_purpose::URL_SAFE,
                        ];
                        engines.iter().find_map(|e| e.decode(s.as_bytes()).ok())
                    });
                match binary {
                    Some(bytes) => Bytes::from(bytes),
                    None => Bytes::from(text.to_owned()),
                }
            }
        };
        RawResponse {
            status: self.status,
            headers,
            body,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_recognised_with_parameters_and_suffixes() {
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("image/jpeg"));
    }

    #[test]
    fn urls_are_made_relative_to_the_version_root_only() {
        let base = Url::parse("https://graph.example/v1.0").unwrap();
        let url = Url::parse("https://graph.example/v1.0/users/a?$top=1").unwrap();
        assert_eq!(relative_url(&base, &url).unwrap(), "/users/a?$top=1");
        for other in [
            "https://graph.example/beta/users",
            "https://graph.example/v1.0x/users",
            "https://elsewhere.example/v1.0/users",
        ] {
            let url = Url::parse(other).unwrap();
            assert!(relative_url(&base, &url).is_err(), "{other}");
        }
    }

    #[test]
    fn answers_keep_json_text_and_decode_base64_binary() {
        let answer: StepAnswer = serde_json::from_str(
            r#"{"id":"1","status":200,"headers":{"Content-Type":"application/json"},
                "body":{"n":123456789012345678901234567890}}"#,
        )
        .unwrap();
        let raw = answer.into_raw();
        assert_eq!(&raw.body[..], br#"{"n":123456789012345678901234567890}"#);
        let answer: StepAnswer = serde_json::from_str(
            r#"{"id":"2","status":200,"headers":{"Content-Type":"image/png"},"body":"AAEC/w=="}"#,
        )
        .unwrap();
        assert_eq!(&answer.into_raw().body[..], &[0, 1, 2, 255]);
    }
}
