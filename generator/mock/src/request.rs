//! A request as the mock reads it and the answer it gives, apart from HTTP plumbing: the
//! server and `$batch` steps go through the same answering code.

use bytes::Bytes;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub(crate) struct Incoming {
    pub(crate) method: String,
    /// The path under the service root (`/me/messages`), still percent-encoded.
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    /// Names lower-cased.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
    /// Whether the request said its length (`Content-Length`), as Graph wants of a POST.
    pub(crate) has_length: bool,
}

impl Incoming {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query's value for an option (`$top`), names compared without case.
    pub(crate) fn option(&self, name: &str) -> Option<String> {
        crate::examples::query_pairs(self.query.as_deref().unwrap_or(""))
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Bytes,
    /// The operation the request matched (`GET /users/{user-id}`).
    pub(crate) operation: Option<String>,
    /// The documented example answered with (`api/user-get.md:80`).
    pub(crate) example: Option<String>,
}

impl Outgoing {
    pub(crate) fn json(status: u16, body: &Value) -> Outgoing {
        Outgoing {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Bytes::from(serde_json::to_vec(body).unwrap_or_default()),
            operation: None,
            example: None,
        }
    }

    pub(crate) fn empty(status: u16) -> Outgoing {
        Outgoing {
            status,
            headers: Vec::new(),
            body: Bytes::new(),
            operation: None,
            example: None,
        }
    }

    /// A Graph error: `{"error": {"code", "message", "innerError"}}`.
    pub(crate) fn error(status: u16, code: &str, message: impl Into<String>) -> Outgoing {
        Outgoing::json(
            status,
            &json!({
                "error": {
                    "code": code,
                    "message": message.into(),
                    "innerError": {
                        "date": httpdate::fmt_http_date(std::time::SystemTime::now()),
                        "request-id": "00000000-0000-0000-0000-000000000000"
                    }
                }
            }),
        )
    }

    pub(crate) fn with_header(mut self, name: &str, value: impl Into<String>) -> Outgoing {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_ascii_lowercase(), value.into()));
        self
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
