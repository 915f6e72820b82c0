//! The client: configuration, URL resolution, retries, time limits and redirects.

use crate::decode::{Decode, RawResponse};
use crate::request::Request;
use crate::transport::{HttpRequest, Transport};
use crate::wire::{self, Answer, Body, Mode};
use crate::{ApiError, Error, RetryPolicy, TokenProvider};
use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::Method;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use url::Url;

/// Base URL used when none is configured: Microsoft Graph v1.0 in the global cloud.
///
/// Use [`ClientBuilder::base_url`] for national clouds or the beta endpoint,
/// e.g. `https://graph.microsoft.us/v1.0` or `https://graph.microsoft.com/beta`.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/v1.0";

/// Maximum number of HTTP redirects followed for a single attempt.
pub const MAX_REDIRECTS: u32 = 10;

/// Time one attempt may take when none is configured: connecting, sending, following
/// redirects and reading the whole response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

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
    transport: Arc<dyn Transport>,
    base_url: Url,
    base: String,
    token: Option<Arc<dyn TokenProvider>>,
    retry: RetryPolicy,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base)
            .field("token", &Redacted(self.inner.token.is_some()))
            .field("retry_policy", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
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

/// Configures a [`Client`], or a generated client wrapping one (`C`).
pub struct ClientBuilder<C = Client> {
    base_url: String,
    token: Option<Arc<dyn TokenProvider>>,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
    timeout: Duration,
    client: PhantomData<fn() -> C>,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: None,
            transport: None,
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            client: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &Redacted(self.token.is_some()))
            .field("transport", &self.transport.is_some())
            .field("retry_policy", &self.retry)
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder with the defaults: [`DEFAULT_BASE_URL`], no token, the default
    /// transport, [`RetryPolicy::default`] and [`DEFAULT_TIMEOUT`].
    pub fn new() -> Self {
        Self::default()
    }

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

    /// Sends requests through this transport instead of the default one.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Uses a caller-configured reqwest client (proxies, certificates, ...); see
    /// [`ReqwestTransport::with_client`](crate::ReqwestTransport::with_client).
    #[cfg(feature = "reqwest")]
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.transport(crate::ReqwestTransport::with_client(http))
    }

    /// Sets the retry policy and the time budget of a call (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets how long one attempt may take (default [`DEFAULT_TIMEOUT`]): connecting,
    /// sending, following redirects and reading the whole response. A stalled server
    /// fails the attempt with [`Error::Timeout`]; idempotent requests are then retried
    /// within the policy's `max_elapsed`, which bounds the whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base = self.base_url.trim_end_matches('/').to_owned();
        let base_url =
            Url::parse(&base).map_err(|e| Error::InvalidUrl(format!("base URL {base:?}: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https")
            || base_url.host_str().is_none()
            || base_url.query().is_some()
            || base_url.fragment().is_some()
        {
            return Err(Error::InvalidUrl(format!(
                "base URL {base:?} must be an http(s) URL without query or fragment"
            )));
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        Ok(C::from(Client {
            inner: Arc::new(ClientInner {
                transport,
                base_url,
                base,
                token: self.token,
                retry: self.retry,
                timeout: self.timeout,
            }),
        }))
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Ok(Arc::new(
        crate::ReqwestTransport::new().map_err(Error::Transport)?,
    ))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::NoTransport)
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
    /// with parameters encoded by [`encode_segment`](crate::encode_segment)) or an absolute
    /// `http(s)` URL such as an `@odata.nextLink`. Errors are reported by [`Request::send`].
    ///
    /// A path the URL parser would rewrite is refused with [`Error::InvalidUrl`]: empty,
    /// `.` or `..` segments (also percent-encoded), `\` (read as `/`), tab, CR, LF and
    /// other control characters (dropped), or any path whose parsed segments differ from
    /// the ones written.
    pub fn request<T>(&self, method: Method, path: String, decode: Decode<T>) -> Request<'_, T> {
        let (url, error) = match self.resolve(&path) {
            Ok(url) => (url, None),
            Err(e) => (self.inner.base_url.clone(), Some(e)),
        };
        Request::new(self, method, url, decode, error)
    }

    fn resolve(&self, path: &str) -> Result<Url, Error> {
        crate::resolve::resolve(&self.inner.base, path)
    }

    /// `Bearer <token>` from the token provider, if there is one.
    pub(crate) async fn authorization(&self) -> Result<Option<HeaderValue>, Error> {
        let Some(provider) = &self.inner.token else {
            return Ok(None);
        };
        let token = provider.token().await?;
        let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
            Error::Auth("token contains characters not allowed in a header".to_owned())
        })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// The time one attempt may take.
    pub(crate) fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The transport requests go through.
    pub(crate) fn transport(&self) -> &dyn Transport {
        &*self.inner.transport
    }

    /// Whether `url` is on the origin the token is bound to.
    pub(crate) fn is_base_origin(&self, url: &Url) -> bool {
        url.origin() == self.inner.base_url.origin()
    }

    /// The retry policy (upload slices and JSON batch steps reuse it).
    pub(crate) fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }

    /// Runs a request with retries, within the attempt timeout and the call's budget.
    // Kept for the crate's other callers (and branches) that want a whole response.
    #[allow(dead_code)]
    pub(crate) async fn execute(
        &self,
        method: Method,
        url: Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<(Bytes, HeaderValue)>,
    ) -> Result<RawResponse, Error> {
        let answer = self
            .call(method, url, headers, body, Mode::default())
            .await?;
        Ok(answer.into_raw())
    }

    /// Runs a request with retries (see [`Client::execute`]), as `mode` says: with or
    /// without the token, its success body read whole or streamed.
    pub(crate) async fn call(
        &self,
        method: Method,
        url: Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<(Bytes, HeaderValue)>,
        mode: Mode,
    ) -> Result<Answer, Error> {
        let policy = RetryPolicy {
            max_retries: if mode.retry {
                self.inner.retry.max_retries
            } else {
                0
            },
            ..self.inner.retry
        };
        let timeout = mode.timeout.unwrap_or(self.inner.timeout);
        let started = Instant::now();
        let deadline = started + policy.max_elapsed;
        let idempotent = matches!(
            method,
            Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
        );
        let request_id = wire::client_request_id(headers);
        let mut retries = 0u32;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let limit = left.min(timeout);
            let attempt = async {
                let answer = self
                    .execute_once(&method, &url, headers, body.as_ref(), &request_id, mode)
                    .await?;
                // An error body is small: read it within the attempt's time.
                match answer.status {
                    200..=299 => Ok(answer),
                    _ => answer.read_whole().await,
                }
            };
            let outcome =
                tokio::time::timeout(limit, attempt)
                    .await
                    .unwrap_or(Err(Error::Timeout(if limit < timeout {
                        policy.max_elapsed
                    } else {
                        limit
                    })));
            let (error, server_delay) = match outcome {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer),
                Ok(answer) => {
                    let mut api = ApiError::from_raw(&answer.into_raw());
                    api.client_request_id = request_id.to_str().ok().map(Box::from);
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
                Err(Error::Timeout(after)) if idempotent => (Error::Timeout(after), None),
                Err(e) => return Err(e),
            };
            if retries >= policy.max_retries {
                return Err(error);
            }
            let delay = server_delay.unwrap_or_else(|| policy.backoff(retries));
            if started.elapsed().saturating_add(delay) >= policy.max_elapsed {
                return Err(error);
            }
            tokio::time::sleep(delay).await;
            retries += 1;
        }
    }

    /// Sends one attempt, following redirects. The token goes only to the base URL's
    /// origin, and not at all once a redirect has left that origin: a foreign server
    /// chose every hop after it, including one back to the base origin.
    async fn execute_once(
        &self,
        method: &Method,
        url: &Url,
        headers: &[(HeaderName, HeaderValue)],
        body: Option<&(Bytes, HeaderValue)>,
        request_id: &HeaderValue,
        mode: Mode,
    ) -> Result<Answer, Error> {
        let mut method = method.clone();
        let mut url = url.clone();
        let mut body = body.cloned();
        let mut bearer: Option<HeaderValue> = None;
        let user_auth = headers
            .iter()
            .any(|(name, _)| name == http::header::AUTHORIZATION);
        let mut left_base = !self.is_base_origin(&url);
        let mut redirects = 0u32;
        loop {
            let trusted = mode.auth && !left_base;
            let mut sent = HeaderMap::new();
            for (name, value) in headers {
                if trusted || name != http::header::AUTHORIZATION {
                    sent.append(name.clone(), value.clone());
                }
            }
            if trusted && !user_auth {
                if bearer.is_none() {
                    bearer = self.authorization().await?;
                }
                if let Some(value) = &bearer {
                    sent.insert(http::header::AUTHORIZATION, value.clone());
                }
            }
            let payload = wire::prepare(&mut sent, &method, body.as_ref(), request_id);
            let request = HttpRequest {
                method: method.clone(),
                url: url.clone(),
                headers: sent,
                body: payload,
            };
            let (status, response_headers, response_body) = if mode.stream {
                let r = self.inner.transport.send_streaming(request).await;
                let r = r.map_err(Error::Transport)?;
                (r.status, r.headers, Body::Stream(r.body))
            } else {
                let r = self.inner.transport.send(request).await;
                let r = r.map_err(Error::Transport)?;
                (r.status, r.headers, Body::Full(r.body))
            };
            let location = response_headers
                .get(http::header::LOCATION)
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
                    return Err(Error::InvalidUrl(format!(
                        "redirect to {location:?}: not http(s)"
                    )));
                }
                if (status == 303 && method != Method::HEAD)
                    || (matches!(status, 301 | 302) && method == Method::POST)
                {
                    method = Method::GET;
                    body = None;
                }
                left_base |= !self.is_base_origin(&next);
                url = next;
                continue;
            }
            return Ok(Answer {
                status,
                headers: response_headers,
                body: response_body,
                url,
            });
        }
    }
}
