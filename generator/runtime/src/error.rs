//! Errors: the service's (typed Graph errors), the transport's, and the client's own.

use crate::decode::RawResponse;
use crate::MAX_REDIRECTS;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::{Duration, SystemTime};

/// Longest part of a response body quoted in error messages.
const SNIPPET_CHARS: usize = 300;

/// The Microsoft Graph error object (`{"error": {"code": ..., "message": ..., "innerError": {...}}}`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct GraphError {
    /// Machine-readable error code, e.g. `Request_ResourceNotFound`.
    #[serde(default)]
    pub code: String,
    /// Human-readable error message.
    #[serde(default)]
    pub message: String,
    /// Diagnostic details (request id, date, ...).
    #[serde(
        rename = "innerError",
        alias = "innererror",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<Box<InnerError>>,
}

/// Diagnostic part of a [`GraphError`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct InnerError {
    /// The `request-id` to quote when contacting support.
    #[serde(
        rename = "request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The `client-request-id` sent by the client, if any.
    #[serde(
        rename = "client-request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// Server timestamp of the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Any other members of the inner error.
    #[serde(flatten)]
    pub other: serde_json::Map<String, serde_json::Value>,
}

/// Wire envelope of a Graph error body.
#[derive(Deserialize)]
struct GraphErrorBody {
    error: GraphError,
}

/// A non-success HTTP response from the API.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// The parsed Graph error body, when the body was one.
    pub error: Option<GraphError>,
    /// The raw response body (lossily decoded as UTF-8).
    pub body: String,
    /// The server's `Retry-After`, if it sent one.
    pub retry_after: Option<Duration>,
    /// The `client-request-id` the request carried (quote it with the Graph error's
    /// `request-id` when asking for support). Boxed to keep [`Error`] small.
    pub client_request_id: Option<Box<str>>,
}

impl ApiError {
    pub(crate) fn from_raw(raw: &RawResponse) -> Self {
        ApiError {
            status: raw.status,
            error: serde_json::from_slice::<GraphErrorBody>(&raw.body)
                .ok()
                .map(|b| b.error),
            body: String::from_utf8_lossy(&raw.body).into_owned(),
            retry_after: raw
                .headers
                .get(http::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| crate::parse_retry_after(v, SystemTime::now())),
            client_request_id: None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(reason) = http::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
        {
            write!(f, " {reason}")?;
        }
        match &self.error {
            Some(e) => {
                write!(f, ": {}: {}", e.code, e.message)?;
                if let Some(id) = e.inner_error.as_ref().and_then(|i| i.request_id.as_deref()) {
                    write!(f, " (request-id: {id})")?;
                }
            }
            None if self.body.trim().is_empty() => f.write_str(" (empty body)")?,
            None => write!(f, ": {}", snippet(&self.body))?,
        }
        match &self.client_request_id {
            Some(id) => write!(f, " (client-request-id: {id})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

/// What a [`Transport`](crate::Transport) could not do: connect, finish in time, or
/// anything else (TLS, a broken connection, an unreadable body).
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TransportErrorKind {
    Connect,
    Timeout,
    Other,
}

impl TransportError {
    /// The connection could not be established (nothing was sent: safe to retry).
    pub fn connect(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Connect, source)
    }

    /// The transport's own timeout elapsed.
    pub fn timeout(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Timeout, source)
    }

    /// Any other failure.
    pub fn other(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::new(TransportErrorKind::Other, source)
    }

    fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// Whether the connection could not be established.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Whether the transport's own timeout elapsed.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// Errors returned by the client.
///
/// Which ones a call can return: every call [`Transport`](Error::Transport),
/// [`Timeout`](Error::Timeout), [`Api`](Error::Api), [`Auth`](Error::Auth) and the
/// input errors ([`InvalidUrl`](Error::InvalidUrl), [`InvalidHeader`](Error::InvalidHeader));
/// decoding calls [`Decode`](Error::Decode); paging [`NextLinkLoop`](Error::NextLinkLoop);
/// uploads [`Io`](Error::Io), [`Upload`](Error::Upload) and
/// [`UploadSessionExpired`](Error::UploadSessionExpired). Only `Transport` (connection
/// failures), `Timeout` and `Api` with status 429, 503 or 504 are retried, and only within
/// the [`RetryPolicy`](crate::RetryPolicy).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or the response could not be read: no connection,
    /// TLS, a broken connection. Nothing from the service explains it.
    Transport(TransportError),
    /// The call ran out of time: an attempt outlived the client's timeout, or the whole
    /// call outlived the retry policy's `max_elapsed`.
    Timeout(Duration),
    /// The server answered with a non-success status.
    Api(ApiError),
    /// A success response body did not match the expected type.
    Decode {
        /// The JSON error.
        source: serde_json::Error,
        /// HTTP status of the response.
        status: u16,
        /// The raw response body, for debugging.
        body: String,
    },
    /// A request body could not be serialized, or a notification payload could not be parsed.
    Json(serde_json::Error),
    /// The token provider failed, or returned a token unusable in a header.
    Auth(String),
    /// The base URL, a request path or a link is not a usable URL.
    InvalidUrl(String),
    /// A header name or value given to [`Request::header`](crate::Request::header) or
    /// [`Request::body_bytes`](crate::Request::body_bytes) is invalid.
    InvalidHeader(String),
    /// More than [`MAX_REDIRECTS`] redirects were followed.
    TooManyRedirects,
    /// The client has no transport: the `reqwest` feature is off and none was given.
    NoTransport,
    /// A [`Batch`](crate::batch::Batch) could not carry a step: its dependency group is
    /// larger than one batch, a handle came from another batch, the step depended on a
    /// step that could not be sent, or the service's answer left it out.
    Batch(String),
    /// A page's `@odata.nextLink` named a page already read: following it would never end.
    NextLinkLoop(String),
    /// Reading the content to upload failed.
    Io(std::io::Error),
    /// An upload could not go on: the content is shorter or longer than the size given,
    /// the slice size breaks the upload's rule, or the service asked for bytes that were
    /// already read from a source that cannot go back.
    Upload(String),
    /// The upload session expired (its `expirationDateTime` passed, or the upload URL
    /// answered 404): create a new session and upload again. Holds the service's answer
    /// when there was one.
    UploadSessionExpired(Option<ApiError>),
}

impl Error {
    /// The HTTP status code associated with the error, if any.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UploadSessionExpired(Some(e)) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, if the server answered with a non-success status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) | Error::UploadSessionExpired(Some(e)) => Some(e),
            _ => None,
        }
    }

    /// The `client-request-id` of the request the service refused, if it answered.
    pub fn client_request_id(&self) -> Option<&str> {
        self.api_error()?.client_request_id.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "HTTP transport error: {e}"),
            Error::Timeout(after) => write!(f, "no complete response within {after:?}"),
            Error::Api(e) => write!(f, "API error: {e}"),
            Error::Decode {
                source,
                status,
                body,
            } => write!(
                f,
                "cannot decode HTTP {status} response: {source}; body: {}",
                snippet(body)
            ),
            Error::Json(e) => write!(f, "JSON error: {e}"),
            Error::Auth(msg) => write!(f, "token provider failed: {msg}"),
            Error::InvalidUrl(msg) => write!(f, "invalid URL: {msg}"),
            Error::InvalidHeader(msg) => write!(f, "invalid header: {msg}"),
            Error::TooManyRedirects => write!(f, "more than {MAX_REDIRECTS} redirects"),
            Error::Batch(msg) => write!(f, "batch: {msg}"),
            Error::NoTransport => f.write_str(
                "no HTTP transport: enable the `reqwest` feature or call ClientBuilder::transport",
            ),
            Error::NextLinkLoop(link) => {
                write!(f, "paging loops: @odata.nextLink {link:?} was already read")
            }
            Error::Io(e) => write!(f, "reading the upload content: {e}"),
            Error::Upload(msg) => write!(f, "upload failed: {msg}"),
            Error::UploadSessionExpired(Some(e)) => write!(f, "upload session expired: {e}"),
            Error::UploadSessionExpired(None) => f.write_str("upload session expired"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::Json(e) => Some(e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Shortens a body for an error message.
fn snippet(body: &str) -> String {
    let body = body.trim();
    match body.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}...", &body[..cut]),
        None => body.to_owned(),
    }
}
