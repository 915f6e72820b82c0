//! What the loopback test servers record of each request.

use axum::body::to_bytes;
use axum::http::HeaderMap;
use bytes::Bytes;

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    /// Raw (still percent-encoded) path.
    pub path: String,
    /// Raw query string.
    pub query: Option<String>,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Seen {
    /// Reads the whole request.
    pub async fn record(req: axum::extract::Request) -> Seen {
        let (parts, body) = req.into_parts();
        let body = to_bytes(body, usize::MAX)
            .await
            .expect("the test client sends a readable body");
        Seen {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap_or("<not UTF-8>"))
    }

    #[allow(dead_code)] // used by one of the two test crates that include this module
    pub fn auth(&self) -> Option<&str> {
        self.header("authorization")
    }
}
