//! The fixed `runtime` module every generated client carries: HTTP transport, bearer-token
//! authentication (origin-bound), retries, redirects, paging, path encoding and errors.
//!
//! Source of truth is this `quote!` block. It is developed and tested as plain Rust against
//! loopback HTTP servers (those tests are meant for `generated/tests/`); keep the two in sync.

use quote::quote;

/// `pub mod runtime { ... }`: everything generated operations call into.
pub(crate) fn runtime_module() -> proc_macro2::TokenStream {
    quote! {
        /// Fixed runtime shared by every generated client: HTTP transport, authentication,
        /// retries, redirects, paging, URL encoding and error types.
        ///
        /// Requests need a Tokio runtime with the time driver enabled (for retry back-off).
        pub mod runtime {
            use ::percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
            use ::reqwest::header::{HeaderMap, HeaderName, HeaderValue};
            use ::reqwest::{Method, Url};
            use ::serde::de::DeserializeOwned;
            use ::serde::{Deserialize, Serialize};
            use ::std::fmt;
            use ::std::future::Future;
            use ::std::pin::Pin;
            use ::std::sync::Arc;
            use ::std::time::{Duration, Instant};

            /// Base URL used when none is configured: Microsoft Graph v1.0 in the global cloud.
            ///
            /// Use [`ClientBuilder::base_url`] for national clouds or the beta endpoint,
            /// e.g. `https://graph.microsoft.us/v1.0` or `https://graph.microsoft.com/beta`.
            pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";

            /// Maximum number of HTTP redirects followed for a single attempt.
            pub const MAX_REDIRECTS: u32 = 10;

            /// Characters left as-is in a path segment: RFC 3986 unreserved characters and `@`.
            /// Everything else (including `/`, `?`, `#`, `%`, `\`, `:` and spaces) is percent-encoded.
            const SEGMENT_SET: &AsciiSet = &NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~')
                .remove(b'@');

            /// Characters left as-is in a query name or value. `&`, `=`, `+`, `#`, `%`, quotes
            /// and spaces are always percent-encoded (a space becomes `%20`).
            const QUERY_SET: &AsciiSet = &NON_ALPHANUMERIC
                .remove(b'-')
                .remove(b'.')
                .remove(b'_')
                .remove(b'~')
                .remove(b'$')
                .remove(b',')
                .remove(b'(')
                .remove(b')')
                .remove(b'*')
                .remove(b':')
                .remove(b'/')
                .remove(b'@');

            /// Longest part of a response body quoted in error messages.
            const SNIPPET_CHARS: usize = 300;

            /// Turns a successful HTTP response into the value an operation returns.
            pub type Decode<T> = fn(RawResponse) -> Result<T, Error>;

            /// The query parameters and headers one operation documents, typed; applied to a
            /// request with [`Request::with`].
            pub trait Options {
                /// Sets every option that has a value on the request.
                fn apply<'a, T>(self, request: Request<'a, T>) -> Request<'a, T>;
            }

            /// Future returned by [`TokenProvider::token`].
            pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, Error>> + Send + 'a>>;

            /// Supplies OAuth access tokens, sent as `Authorization: Bearer <token>`.
            ///
            /// The provider is asked for a token on every attempt, so a refreshing
            /// implementation (see [`token_fn`]) always sends a current token.
            /// Tokens are only ever sent to the origin of the configured base URL.
            pub trait TokenProvider: Send + Sync {
                /// Returns the access token to use for the next request.
                fn token(&self) -> TokenFuture<'_>;
            }

            /// A fixed access token. Its `Debug` output is redacted.
            #[derive(Clone)]
            pub struct StaticToken(String);

            impl StaticToken {
                /// Wraps a fixed access token.
                pub fn new(token: impl Into<String>) -> Self {
                    StaticToken(token.into())
                }
            }

            impl fmt::Debug for StaticToken {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("StaticToken(<redacted>)")
                }
            }

            impl From<String> for StaticToken {
                fn from(token: String) -> Self {
                    StaticToken(token)
                }
            }

            impl From<&str> for StaticToken {
                fn from(token: &str) -> Self {
                    StaticToken(token.to_owned())
                }
            }

            impl TokenProvider for StaticToken {
                fn token(&self) -> TokenFuture<'_> {
                    Box::pin(::std::future::ready(Ok(self.0.clone())))
                }
            }

            impl TokenProvider for String {
                fn token(&self) -> TokenFuture<'_> {
                    Box::pin(::std::future::ready(Ok(self.clone())))
                }
            }

            impl TokenProvider for &'static str {
                fn token(&self) -> TokenFuture<'_> {
                    Box::pin(::std::future::ready(Ok((*self).to_owned())))
                }
            }

            impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
                fn token(&self) -> TokenFuture<'_> {
                    (**self).token()
                }
            }

            /// Token provider backed by an async closure.
            struct TokenFn<F>(F);

            impl<F, Fut> TokenProvider for TokenFn<F>
            where
                F: Fn() -> Fut + Send + Sync,
                Fut: Future<Output = Result<String, Error>> + Send + 'static,
            {
                fn token(&self) -> TokenFuture<'_> {
                    Box::pin((self.0)())
                }
            }

            /// Builds a [`TokenProvider`] from an async closure, e.g. one that refreshes
            /// tokens from a credential cache. Return [`Error::Auth`] on failure.
            pub fn token_fn<F, Fut>(f: F) -> impl TokenProvider
            where
                F: Fn() -> Fut + Send + Sync + 'static,
                Fut: Future<Output = Result<String, Error>> + Send + 'static,
            {
                TokenFn(f)
            }

            /// Retry behaviour for throttled (429) and unavailable (503, 504) responses.
            ///
            /// Idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried on 429, 503,
            /// 504 and on connection failures or timeouts; POST and PATCH only on 429 and 503,
            /// where the server refused the request before processing it. A `Retry-After`
            /// header (seconds or HTTP date) is honoured; otherwise the delay is a jittered
            /// exponential back-off starting at `base_delay`. Retrying stops after
            /// `max_retries` retries, or when the next wait would end later than
            /// `max_elapsed` after the first attempt started.
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct RetryPolicy {
                /// Maximum number of retries after the first attempt.
                pub max_retries: u32,
                /// Upper bound on the total time spent on one request including waits.
                pub max_elapsed: Duration,
                /// Back-off delay before the first retry when the server gives no `Retry-After`.
                pub base_delay: Duration,
            }

            impl Default for RetryPolicy {
                fn default() -> Self {
                    RetryPolicy {
                        max_retries: 3,
                        max_elapsed: Duration::from_secs(60),
                        base_delay: Duration::from_millis(500),
                    }
                }
            }

            impl RetryPolicy {
                /// A policy that never retries.
                pub fn none() -> Self {
                    RetryPolicy {
                        max_retries: 0,
                        ..RetryPolicy::default()
                    }
                }

                /// Jittered exponential back-off before retry number `retry + 1`:
                /// a random delay between half and all of `base_delay * 2^retry`.
                fn backoff(&self, retry: u32) -> Duration {
                    let full = self.base_delay.saturating_mul(1u32 << retry.min(16));
                    let nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
                    let half = nanos / 2;
                    // std's randomly keyed hasher is a good enough jitter source.
                    let random = ::std::hash::BuildHasher::hash_one(
                        &::std::collections::hash_map::RandomState::new(),
                        retry,
                    );
                    Duration::from_nanos(half + random % (nanos - half + 1))
                }
            }

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
                #[serde(rename = "request-id", default, skip_serializing_if = "Option::is_none")]
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
                pub other: ::serde_json::Map<String, ::serde_json::Value>,
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
            }

            impl ApiError {
                fn from_raw(raw: &RawResponse) -> Self {
                    ApiError {
                        status: raw.status,
                        error: ::serde_json::from_slice::<GraphErrorBody>(&raw.body)
                            .ok()
                            .map(|b| b.error),
                        body: String::from_utf8_lossy(&raw.body).into_owned(),
                        retry_after: parse_retry_after(&raw.headers),
                    }
                }
            }

            impl fmt::Display for ApiError {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    write!(f, "HTTP {}", self.status)?;
                    if let Some(reason) = ::reqwest::StatusCode::from_u16(self.status)
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
                            Ok(())
                        }
                        None if self.body.trim().is_empty() => f.write_str(" (empty body)"),
                        None => write!(f, ": {}", snippet(&self.body)),
                    }
                }
            }

            impl ::std::error::Error for ApiError {}

            /// Errors returned by the client.
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum Error {
                /// The request could not be sent or the response could not be read.
                Transport(::reqwest::Error),
                /// The server answered with a non-success status.
                Api(ApiError),
                /// A success response body did not match the expected type.
                Decode {
                    /// The JSON error.
                    source: ::serde_json::Error,
                    /// HTTP status of the response.
                    status: u16,
                    /// The raw response body, for debugging.
                    body: String,
                },
                /// A request body could not be serialized, or a notification payload could not be parsed.
                Json(::serde_json::Error),
                /// The token provider failed, or returned a token unusable in a header.
                Auth(String),
                /// The base URL, a request path or a link is not a usable URL.
                InvalidUrl(String),
                /// A header name or value given to [`Request::header`] or [`Request::body_bytes`] is invalid.
                InvalidHeader(String),
                /// More than [`MAX_REDIRECTS`] redirects were followed.
                TooManyRedirects,
            }

            impl Error {
                /// The HTTP status code associated with the error, if any.
                pub fn status(&self) -> Option<u16> {
                    match self {
                        Error::Api(e) => Some(e.status),
                        Error::Decode { status, .. } => Some(*status),
                        Error::Transport(e) => e.status().map(|s| s.as_u16()),
                        _ => None,
                    }
                }

                /// The API error, if the server answered with a non-success status.
                pub fn api_error(&self) -> Option<&ApiError> {
                    match self {
                        Error::Api(e) => Some(e),
                        _ => None,
                    }
                }
            }

            impl fmt::Display for Error {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    match self {
                        Error::Transport(e) => write!(f, "HTTP transport error: {e}"),
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
                    }
                }
            }

            impl ::std::error::Error for Error {
                fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
                    match self {
                        Error::Transport(e) => Some(e),
                        Error::Decode { source, .. } => Some(source),
                        Error::Json(e) => Some(e),
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

            /// Parses `Retry-After` as delta-seconds or an HTTP date.
            fn parse_retry_after(headers: &HeaderMap) -> Option<Duration> {
                let value = headers
                    .get(::reqwest::header::RETRY_AFTER)?
                    .to_str()
                    .ok()?
                    .trim();
                if let Ok(seconds) = value.parse::<u64>() {
                    return Some(Duration::from_secs(seconds));
                }
                let at = ::time::OffsetDateTime::parse(
                    value,
                    &::time::format_description::well_known::Rfc2822,
                )
                .ok()?;
                let wait = at - ::time::OffsetDateTime::now_utc();
                Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
            }

            /// A response as received, handed to a [`Decode`] function.
            #[derive(Debug, Clone)]
            pub struct RawResponse {
                /// HTTP status code.
                pub status: u16,
                /// Response headers.
                pub headers: HeaderMap,
                /// Response body.
                pub body: ::bytes::Bytes,
            }

            /// Result of an operation answered with `202 Accepted` (a long-running operation).
            #[derive(Debug, Clone, Default, PartialEq, Eq)]
            pub struct Accepted {
                /// The `Location` header: where to poll the operation's status.
                pub location: Option<String>,
            }

            /// Decodes a JSON body. An empty body is read as `null`.
            pub fn decode_json<T: DeserializeOwned>(raw: RawResponse) -> Result<T, Error> {
                let body: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) {
                    b"null"
                } else {
                    &raw.body
                };
                ::serde_json::from_slice(body).map_err(|source| Error::Decode {
                    source,
                    status: raw.status,
                    body: String::from_utf8_lossy(&raw.body).into_owned(),
                })
            }

            /// Ignores the body (for `204 No Content` and similar).
            pub fn decode_empty(_raw: RawResponse) -> Result<(), Error> {
                Ok(())
            }

            /// Returns the body as raw bytes (for `Edm.Stream` content).
            pub fn decode_bytes(raw: RawResponse) -> Result<::bytes::Bytes, Error> {
                Ok(raw.body)
            }

            /// Reads the `Location` header of a `202 Accepted` response.
            pub fn decode_accepted(raw: RawResponse) -> Result<Accepted, Error> {
                Ok(Accepted {
                    location: raw
                        .headers
                        .get(::reqwest::header::LOCATION)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned),
                })
            }

            /// Parses a change-notification payload POSTed to a webhook.
            pub fn parse_notification<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
                ::serde_json::from_slice(body).map_err(Error::Json)
            }

            /// Percent-encodes a path parameter so it stays exactly one path segment:
            /// `/`, `?`, `#`, `%`, `\`, spaces and every other reserved or non-ASCII character are
            /// encoded, and the dot segments `.` and `..` become `%2E` and `%2E%2E`.
            ///
            /// URL parsers treat `%2E%2E` like `..`, so [`Client::request`] refuses paths
            /// containing a dot segment or an empty segment (an empty parameter) with
            /// [`Error::InvalidUrl`] instead of addressing another resource.
            pub fn encode_segment(value: &str) -> String {
                match value {
                    "." => "%2E".to_owned(),
                    ".." => "%2E%2E".to_owned(),
                    _ => ::percent_encoding::utf8_percent_encode(value, SEGMENT_SET).to_string(),
                }
            }

            /// A collection response, one page of an OData collection.
            #[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
            pub struct Collection<T> {
                /// The items of this page.
                #[serde(default = "Vec::new")]
                pub value: Vec<T>,
                /// `@odata.nextLink`: the URL of the next page, absent on the last page.
                #[serde(rename = "@odata.nextLink", default, skip_serializing_if = "Option::is_none")]
                pub next_link: Option<String>,
                /// `@odata.deltaLink`: the URL for the next delta query (on the last page).
                #[serde(rename = "@odata.deltaLink", default, skip_serializing_if = "Option::is_none")]
                pub delta_link: Option<String>,
                /// `@odata.count`: total number of items, when `$count=true` was requested.
                #[serde(rename = "@odata.count", default, skip_serializing_if = "Option::is_none")]
                pub count: Option<i64>,
                /// `@odata.context`: the metadata URL of the response.
                #[serde(rename = "@odata.context", default, skip_serializing_if = "Option::is_none")]
                pub context: Option<String>,
                /// Other instance annotations on the page, kept so it serializes back as it came.
                #[serde(flatten, skip_serializing_if = "super::odata::Annotations::is_empty")]
                pub annotations: super::odata::Annotations,
            }

            /// An API client. Cheap to clone (the state is shared).
            ///
            /// The access token is sent only to the origin (scheme, host and port) of the
            /// base URL; requests following `@odata.nextLink` or redirects to other origins
            /// carry no `Authorization` header.
            #[derive(Clone)]
            pub struct Client {
                inner: Arc<ClientInner>,
            }

            struct ClientInner {
                http: ::reqwest::Client,
                base_url: Url,
                base: String,
                token: Option<Arc<dyn TokenProvider>>,
                retry: RetryPolicy,
            }

            impl fmt::Debug for Client {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct("Client")
                        .field("base_url", &self.inner.base)
                        .field("token", &Redacted(self.inner.token.is_some()))
                        .field("retry_policy", &self.inner.retry)
                        .finish_non_exhaustive()
                }
            }

            /// Debug placeholder for a token: `<redacted>` when set, `<none>` otherwise.
            struct Redacted(bool);

            impl fmt::Debug for Redacted {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(if self.0 { "<redacted>" } else { "<none>" })
                }
            }

            /// Configures a [`Client`].
            pub struct ClientBuilder {
                base_url: String,
                token: Option<Arc<dyn TokenProvider>>,
                http: Option<::reqwest::Client>,
                retry: RetryPolicy,
            }

            impl Default for ClientBuilder {
                fn default() -> Self {
                    ClientBuilder {
                        base_url: DEFAULT_BASE_URL.to_owned(),
                        token: None,
                        http: None,
                        retry: RetryPolicy::default(),
                    }
                }
            }

            impl fmt::Debug for ClientBuilder {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct("ClientBuilder")
                        .field("base_url", &self.base_url)
                        .field("token", &Redacted(self.token.is_some()))
                        .field("http_client", &self.http.is_some())
                        .field("retry_policy", &self.retry)
                        .finish()
                }
            }

            impl ClientBuilder {
                /// Sets the base URL (default [`DEFAULT_BASE_URL`]), e.g. for a national cloud or beta.
                pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
                    self.base_url = base_url.into();
                    self
                }

                /// Sets the access-token provider. Without one, requests carry no `Authorization`.
                pub fn token(mut self, token: impl TokenProvider + 'static) -> Self {
                    self.token = Some(Arc::new(token));
                    self
                }

                /// Uses a caller-configured HTTP client (timeouts, proxies, ...).
                ///
                /// Build it with `redirect(reqwest::redirect::Policy::none())` so that this
                /// client follows redirects itself (keeping the token on the base URL's origin
                /// only and retrying as configured). If your client follows redirects itself,
                /// reqwest drops `Authorization` on cross-host redirects.
                pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
                    self.http = Some(http);
                    self
                }

                /// Sets the retry policy (default [`RetryPolicy::default`]).
                pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                    self.retry = policy;
                    self
                }

                /// Builds the client.
                pub fn build(self) -> Result<Client, Error> {
                    let base = self.base_url.trim_end_matches('/').to_owned();
                    let base_url = Url::parse(&base)
                        .map_err(|e| Error::InvalidUrl(format!("base URL {base:?}: {e}")))?;
                    if !matches!(base_url.scheme(), "http" | "https")
                        || base_url.host_str().is_none()
                        || base_url.query().is_some()
                        || base_url.fragment().is_some()
                    {
                        return Err(Error::InvalidUrl(format!(
                            "base URL {base:?} must be an http(s) URL without query or fragment"
                        )));
                    }
                    let http = match self.http {
                        Some(http) => http,
                        None => ::reqwest::Client::builder()
                            .redirect(::reqwest::redirect::Policy::none())
                            .build()
                            .map_err(Error::Transport)?,
                    };
                    Ok(Client {
                        inner: Arc::new(ClientInner {
                            http,
                            base_url,
                            base,
                            token: self.token,
                            retry: self.retry,
                        }),
                    })
                }
            }

            impl Client {
                /// Starts configuring a client.
                pub fn builder() -> ClientBuilder {
                    ClientBuilder::default()
                }

                /// A client for the default base URL with the given token provider.
                pub fn new(token: impl TokenProvider + 'static) -> Result<Client, Error> {
                    Client::builder().token(token).build()
                }

                /// The base URL requests are relative to (without trailing slash).
                pub fn base_url(&self) -> &str {
                    &self.inner.base
                }

                /// Starts a request. `path` is relative to the base URL (e.g. `/me/events`,
                /// with parameters encoded by [`encode_segment`]) or an absolute `http(s)` URL
                /// such as an `@odata.nextLink`. Errors are reported by [`Request::send`].
                pub fn request<T>(&self, method: Method, path: String, decode: Decode<T>) -> Request<'_, T> {
                    let (url, error) = match self.resolve(&path) {
                        Ok(url) => (url, None),
                        Err(e) => (self.inner.base_url.clone(), Some(e)),
                    };
                    Request {
                        client: self,
                        method,
                        url,
                        query: Vec::new(),
                        headers: Vec::new(),
                        body: None,
                        decode,
                        error,
                    }
                }

                fn resolve(&self, path: &str) -> Result<Url, Error> {
                    let lower = path.get(..8).unwrap_or(path).to_ascii_lowercase();
                    if lower.starts_with("https://") || lower.starts_with("http://") {
                        return Url::parse(path).map_err(|e| Error::InvalidUrl(format!("{path:?}: {e}")));
                    }
                    if path.contains('#') {
                        return Err(Error::InvalidUrl(format!("{path:?}: fragment in request path")));
                    }
                    let (route, query) = match path.split_once('?') {
                        Some((route, query)) => (route, Some(query)),
                        None => (path, None),
                    };
                    let route = route.strip_prefix('/').unwrap_or(route);
                    if !route.is_empty() {
                        for segment in route.split('/') {
                            let decoded = ::percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
                            if decoded.is_empty() || decoded == "." || decoded == ".." {
                                return Err(Error::InvalidUrl(format!(
                                    "{path:?}: empty, '.' or '..' path segment would address another resource"
                                )));
                            }
                        }
                    }
                    let mut full = format!("{}/{}", self.inner.base, route);
                    if let Some(query) = query {
                        full.push('?');
                        full.push_str(query);
                    }
                    Url::parse(&full).map_err(|e| Error::InvalidUrl(format!("{path:?}: {e}")))
                }

                /// Runs a request with retries.
                async fn execute(
                    &self,
                    method: Method,
                    url: Url,
                    headers: &[(HeaderName, HeaderValue)],
                    body: Option<(::bytes::Bytes, HeaderValue)>,
                ) -> Result<RawResponse, Error> {
                    let policy = self.inner.retry;
                    let started = Instant::now();
                    let idempotent = matches!(
                        method,
                        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
                    );
                    let mut retries = 0u32;
                    loop {
                        let (error, server_delay) =
                            match self.execute_once(&method, &url, headers, body.as_ref()).await {
                                Ok(raw) if (200..300).contains(&raw.status) => return Ok(raw),
                                Ok(raw) => {
                                    let api = ApiError::from_raw(&raw);
                                    let retryable = match api.status {
                                        429 | 503 => true,
                                        504 => idempotent,
                                        _ => false,
                                    };
                                    if !retryable {
                                        return Err(Error::Api(api));
                                    }
                                    let delay = api.retry_after;
                                    (Error::Api(api), delay)
                                }
                                Err(Error::Transport(e)) if idempotent && (e.is_connect() || e.is_timeout()) => {
                                    (Error::Transport(e), None)
                                }
                                Err(e) => return Err(e),
                            };
                        if retries >= policy.max_retries {
                            return Err(error);
                        }
                        let delay = server_delay.unwrap_or_else(|| policy.backoff(retries));
                        if started.elapsed().saturating_add(delay) > policy.max_elapsed {
                            return Err(error);
                        }
                        ::tokio::time::sleep(delay).await;
                        retries += 1;
                    }
                }

                /// Sends one attempt, following redirects.
                async fn execute_once(
                    &self,
                    method: &Method,
                    url: &Url,
                    headers: &[(HeaderName, HeaderValue)],
                    body: Option<&(::bytes::Bytes, HeaderValue)>,
                ) -> Result<RawResponse, Error> {
                    let mut method = method.clone();
                    let mut url = url.clone();
                    let mut body = body.cloned();
                    let mut bearer: Option<HeaderValue> = None;
                    let user_auth = headers
                        .iter()
                        .any(|(name, _)| name == ::reqwest::header::AUTHORIZATION);
                    let mut redirects = 0u32;
                    loop {
                        let trusted = url.origin() == self.inner.base_url.origin();
                        let mut builder = self.inner.http.request(method.clone(), url.clone());
                        for (name, value) in headers {
                            if trusted || name != ::reqwest::header::AUTHORIZATION {
                                builder = builder.header(name.clone(), value.clone());
                            }
                        }
                        if let (true, false, Some(provider)) = (trusted, user_auth, &self.inner.token) {
                            let value = match &bearer {
                                Some(value) => value.clone(),
                                None => {
                                    let token = provider.token().await?;
                                    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
                                        .map_err(|_| {
                                            Error::Auth("token contains characters not allowed in a header".to_owned())
                                        })?;
                                    value.set_sensitive(true);
                                    bearer = Some(value.clone());
                                    value
                                }
                            };
                            builder = builder.header(::reqwest::header::AUTHORIZATION, value);
                        }
                        if let Some((bytes, content_type)) = &body {
                            builder = builder
                                .header(::reqwest::header::CONTENT_TYPE, content_type.clone())
                                .body(bytes.clone());
                        }
                        let response = builder.send().await.map_err(Error::Transport)?;
                        let status = response.status().as_u16();
                        let location = response
                            .headers()
                            .get(::reqwest::header::LOCATION)
                            .and_then(|v| v.to_str().ok());
                        if let (301 | 302 | 303 | 307 | 308, Some(location)) = (status, location) {
                            if redirects >= MAX_REDIRECTS {
                                return Err(Error::TooManyRedirects);
                            }
                            redirects += 1;
                            let next = url
                                .join(location)
                                .map_err(|e| Error::InvalidUrl(format!("redirect to {location:?}: {e}")))?;
                            if !matches!(next.scheme(), "http" | "https") {
                                return Err(Error::InvalidUrl(format!("redirect to {location:?}: not http(s)")));
                            }
                            if (status == 303 && method != Method::HEAD)
                                || (matches!(status, 301 | 302) && method == Method::POST)
                            {
                                method = Method::GET;
                                body = None;
                            }
                            url = next;
                            continue;
                        }
                        let headers = response.headers().clone();
                        let body = response.bytes().await.map_err(Error::Transport)?;
                        return Ok(RawResponse {
                            status,
                            headers,
                            body,
                        });
                    }
                }
            }

            /// A request being built. Nothing is sent until [`Request::send`] is awaited.
            #[must_use = "a Request does nothing until `.send().await`"]
            pub struct Request<'a, T> {
                client: &'a Client,
                method: Method,
                url: Url,
                query: Vec<(String, String)>,
                headers: Vec<(HeaderName, HeaderValue)>,
                body: Option<(::bytes::Bytes, HeaderValue)>,
                decode: Decode<T>,
                error: Option<Error>,
            }

            impl<T> fmt::Debug for Request<'_, T> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.debug_struct("Request")
                        .field("method", &self.method)
                        .field("url", &self.url.as_str())
                        .field("query", &self.query)
                        .finish_non_exhaustive()
                }
            }

            impl<'a, T> Request<'a, T> {
                fn fail(mut self, error: Error) -> Self {
                    self.error.get_or_insert(error);
                    self
                }

                /// Sets a query option, replacing an earlier value of the same name.
                fn set_query(mut self, name: &str, value: String) -> Self {
                    self.query.retain(|(n, _)| n != name);
                    self.query.push((name.to_owned(), value));
                    self
                }

                /// Sends `body` as JSON (`Content-Type: application/json`).
                pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
                    match ::serde_json::to_vec(body) {
                        Ok(bytes) => {
                            self.body = Some((
                                ::bytes::Bytes::from(bytes),
                                HeaderValue::from_static("application/json"),
                            ));
                            self
                        }
                        Err(e) => self.fail(Error::Json(e)),
                    }
                }

                /// Sends raw bytes with the given content type (e.g. for `Edm.Stream` uploads).
                pub fn body_bytes(mut self, body: Vec<u8>, content_type: &str) -> Self {
                    match HeaderValue::from_str(content_type) {
                        Ok(value) => {
                            self.body = Some((::bytes::Bytes::from(body), value));
                            self
                        }
                        Err(_) => self.fail(Error::InvalidHeader(format!(
                            "content type {content_type:?}"
                        ))),
                    }
                }

                /// Appends a query parameter (name and value are percent-encoded).
                pub fn query(mut self, name: &str, value: impl fmt::Display) -> Self {
                    self.query.push((name.to_owned(), value.to_string()));
                    self
                }

                /// Adds a request header. Headers are kept when following `@odata.nextLink`.
                pub fn header(mut self, name: &str, value: &str) -> Self {
                    let name_parsed = HeaderName::from_bytes(name.as_bytes());
                    let value_parsed = HeaderValue::from_str(value);
                    match (name_parsed, value_parsed) {
                        (Ok(name), Ok(mut value)) => {
                            if name == ::reqwest::header::AUTHORIZATION {
                                value.set_sensitive(true);
                            }
                            self.headers.push((name, value));
                            self
                        }
                        _ => self.fail(Error::InvalidHeader(format!("header {name:?}"))),
                    }
                }

                /// `$select`: the properties to return.
                pub fn select(self, fields: &[&str]) -> Self {
                    self.set_query("$select", fields.join(","))
                }

                /// `$expand`: the relationships to expand.
                pub fn expand(self, fields: &[&str]) -> Self {
                    self.set_query("$expand", fields.join(","))
                }

                /// `$filter`: an OData filter expression such as `displayName eq 'Ann'`.
                pub fn filter(self, expression: &str) -> Self {
                    self.set_query("$filter", expression.to_owned())
                }

                /// `$orderby`: sort keys such as `displayName desc`.
                pub fn orderby(self, keys: &[&str]) -> Self {
                    self.set_query("$orderby", keys.join(","))
                }

                /// `$top`: page size.
                pub fn top(self, n: u32) -> Self {
                    self.set_query("$top", n.to_string())
                }

                /// `$skip`: number of items to skip.
                pub fn skip(self, n: u32) -> Self {
                    self.set_query("$skip", n.to_string())
                }

                /// `$search`: a search expression, quoted as the API expects (e.g. `"displayName:ann"`).
                pub fn search(self, expression: &str) -> Self {
                    self.set_query("$search", expression.to_owned())
                }

                /// `$count`: whether to include `@odata.count`.
                pub fn count(self, include: bool) -> Self {
                    self.set_query("$count", include.to_string())
                }

                /// Adds `ConsistencyLevel: eventual`, needed by advanced directory queries.
                pub fn consistency_level_eventual(self) -> Self {
                    self.header("ConsistencyLevel", "eventual")
                }

                /// Applies an operation's documented options (its own query parameters and
                /// headers), such as `models::ListUsersOptions`.
                pub fn with<O: Options>(self, options: O) -> Self {
                    options.apply(self)
                }

                /// Sends the request (with retries and redirects) and decodes the response.
                pub async fn send(self) -> Result<T, Error> {
                    let Request {
                        client,
                        method,
                        mut url,
                        query,
                        headers,
                        body,
                        decode,
                        error,
                    } = self;
                    if let Some(error) = error {
                        return Err(error);
                    }
                    if !query.is_empty() {
                        let mut combined = url.query().map(str::to_owned).unwrap_or_default();
                        for (name, value) in &query {
                            if !combined.is_empty() {
                                combined.push('&');
                            }
                            combined.extend(::percent_encoding::utf8_percent_encode(name, QUERY_SET));
                            combined.push('=');
                            combined.extend(::percent_encoding::utf8_percent_encode(value, QUERY_SET));
                        }
                        url.set_query(Some(&combined));
                    }
                    let raw = client.execute(method, url, &headers, body).await?;
                    decode(raw)
                }
            }

            impl<'a, T> Request<'a, Collection<T>>
            where
                T: DeserializeOwned + Send + 'a,
            {
                /// Streams every page, following `@odata.nextLink` until the last page
                /// (which carries `@odata.deltaLink` for delta queries). Request headers are
                /// repeated on each page; the query is already part of the next link.
                pub fn pages(self) -> impl ::futures_core::Stream<Item = Result<Collection<T>, Error>> + 'a {
                    ::futures_util::stream::try_unfold(Some(self), |state| async move {
                        let Some(request) = state else {
                            return Ok(None);
                        };
                        let client = request.client;
                        let decode = request.decode;
                        let headers = request.headers.clone();
                        let page = request.send().await?;
                        let next = page.next_link.as_ref().map(|link| {
                            let mut next = client.request(Method::GET, link.clone(), decode);
                            next.headers = headers;
                            next
                        });
                        Ok(Some((page, next)))
                    })
                }

                /// Streams every item of every page (see [`Request::pages`]).
                pub fn items(self) -> impl ::futures_core::Stream<Item = Result<T, Error>> + 'a {
                    use ::futures_util::TryStreamExt;
                    self.pages()
                        .map_ok(|page| ::futures_util::stream::iter(page.value.into_iter().map(Ok)))
                        .try_flatten()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::runtime_module;

    #[test]
    fn runtime_parses_and_formats() {
        let file: syn::File = syn::parse2(runtime_module()).expect("runtime module parses");
        assert_eq!(file.items.len(), 1);
        let text = prettyplease::unparse(&file);
        assert!(text.starts_with("///"), "{}", &text[..80]);
        assert!(text.contains("pub mod runtime {"));
        for item in [
            "pub struct Client",
            "pub struct ClientBuilder",
            "pub struct Request<'a, T>",
            "pub type Decode<T>",
            "pub trait TokenProvider",
            "pub fn encode_segment",
            "pub fn decode_json",
            "pub fn decode_empty",
            "pub fn decode_bytes",
            "pub fn decode_accepted",
            "pub fn parse_notification",
            "pub struct Collection<T>",
            "pub enum Error",
        ] {
            assert!(text.contains(item), "missing {item}");
        }
    }
}
