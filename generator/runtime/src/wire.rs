//! What every request carries on the wire besides its own headers, and the answer of a
//! call before decoding.

use crate::decode::RawResponse;
use crate::transport::ByteStream;
use crate::Error;
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::Method;
use url::Url;

/// The `User-Agent` of the default transport: this crate and its version.
pub const USER_AGENT: &str = concat!("docgen-runtime/", env!("CARGO_PKG_VERSION"));

/// The header correlating a request with the service's logs; the Graph error's
/// `innerError` echoes it.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// Longest error body kept: a hostile server cannot make an error cost more memory.
const ERROR_BODY_LIMIT: usize = 1 << 20;

/// How a call is sent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mode {
    /// Send the token to the base URL's origin (off for pre-authenticated upload URLs).
    pub auth: bool,
    /// Hand a success body over as a stream rather than reading it whole.
    pub stream: bool,
    /// Retry as the policy says (off: one attempt; the caller retries in its own way).
    pub retry: bool,
    /// The time one attempt may take, instead of the client's.
    pub timeout: Option<std::time::Duration>,
}

impl Default for Mode {
    fn default() -> Self {
        Mode {
            auth: true,
            stream: false,
            retry: true,
            timeout: None,
        }
    }
}

/// A response body: read whole, or still arriving.
pub(crate) enum Body {
    Full(Bytes),
    Stream(ByteStream),
}

/// A response and the URL that answered it (after redirects).
pub(crate) struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Body,
    pub url: Url,
}

impl Answer {
    /// The response with its body read whole (call [`Answer::read_whole`] first on a stream).
    pub(crate) fn into_raw(self) -> RawResponse {
        RawResponse {
            status: self.status,
            headers: self.headers,
            body: match self.body {
                Body::Full(bytes) => bytes,
                Body::Stream(_) => Bytes::new(),
            },
        }
    }

    /// Reads a streamed body (up to [`ERROR_BODY_LIMIT`] bytes: error bodies are small).
    pub(crate) async fn read_whole(self) -> Result<Answer, Error> {
        let Body::Stream(mut stream) = self.body else {
            return Ok(self);
        };
        let mut whole = BytesMut::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(Error::Transport)?;
            let room = ERROR_BODY_LIMIT - whole.len();
            whole.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if whole.len() == ERROR_BODY_LIMIT {
                break;
            }
        }
        Ok(Answer {
            body: Body::Full(whole.freeze()),
            ..self
        })
    }
}

/// The caller's `client-request-id`, or a new random (version 4) UUID.
pub(crate) fn client_request_id(headers: &[(HeaderName, HeaderValue)]) -> HeaderValue {
    if let Some((_, value)) = headers.iter().find(|(name, _)| name == CLIENT_REQUEST_ID) {
        return value.clone();
    }
    // std's randomly keyed hasher is random enough for a correlation id (not a secret).
    let state = std::collections::hash_map::RandomState::new();
    let hi = std::hash::BuildHasher::hash_one(&state, 1u8);
    let lo = std::hash::BuildHasher::hash_one(&state, 2u8);
    let mut random = [0u8; 16];
    random[..8].copy_from_slice(&hi.to_le_bytes());
    random[8..].copy_from_slice(&lo.to_le_bytes());
    let id = uuid::Builder::from_random_bytes(random).into_uuid();
    HeaderValue::from_str(&id.to_string()).expect("a UUID is a valid header value")
}

/// Completes the headers of one attempt and returns its body: `client-request-id`,
/// `Accept: application/json` unless the caller chose, the body's `Content-Type`, and
/// `Content-Length: 0` on a POST, PUT or PATCH without a body (the service answers
/// 411 Length Required without one).
pub(crate) fn prepare(
    sent: &mut HeaderMap,
    method: &Method,
    body: Option<&(Bytes, HeaderValue)>,
    request_id: &HeaderValue,
) -> Option<Bytes> {
    sent.insert(CLIENT_REQUEST_ID, request_id.clone());
    if !sent.contains_key(http::header::ACCEPT) {
        sent.insert(
            http::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
    }
    match body {
        Some((bytes, content_type)) => {
            sent.insert(http::header::CONTENT_TYPE, content_type.clone());
            Some(bytes.clone())
        }
        None if matches!(*method, Method::POST | Method::PUT | Method::PATCH) => {
            sent.insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            Some(Bytes::new())
        }
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_version_4_uuids_and_differ() {
        let a = client_request_id(&[]);
        let b = client_request_id(&[]);
        assert_ne!(a, b);
        let id = uuid::Uuid::parse_str(a.to_str().unwrap()).unwrap();
        assert_eq!(id.get_version_num(), 4);
        let mine = HeaderValue::from_static("mine");
        assert_eq!(
            client_request_id(&[(CLIENT_REQUEST_ID, mine.clone())]),
            mine
        );
    }
}
