//! The HTTP stack behind the client: one request in, one whole response out.
//!
//! Redirects, retries, timeouts and authentication are the client's; a transport only
//! sends what it is given and reads the whole answer.

use crate::TransportError;
use bytes::Bytes;
use http::{HeaderMap, Method};
use std::future::Future;
use std::pin::Pin;
use url::Url;

/// One HTTP request as the client sends it.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The absolute URL, query included.
    pub url: Url,
    /// Every header, `Authorization` and `Content-Type` included.
    pub headers: HeaderMap,
    /// The body, if there is one.
    pub body: Option<Bytes>,
}

/// One HTTP response, its body read to the end.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

/// Future returned by [`Transport::send`].
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends requests. It must not follow redirects itself (the client does, keeping the
/// token on the base URL's origin), and it may be called concurrently.
pub trait Transport: Send + Sync {
    /// Sends one request and reads the whole response.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;
}

/// The default transport: a [`reqwest::Client`] that follows no redirects, over rustls
/// with the `ring` crypto provider.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport(reqwest::Client);

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A reqwest client that follows no redirects. Installs rustls' `ring` provider as
    /// the process default when no provider is installed yet.
    pub fn new() -> Result<Self, TransportError> {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Losing a race to another thread installing one is fine: one is installed.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map(ReqwestTransport)
            .map_err(TransportError::other)
    }

    /// Uses a caller-configured reqwest client (proxies, certificates...).
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())` so that the docgen
    /// client follows redirects itself (keeping the token on the base URL's origin only).
    /// If your client follows redirects itself, reqwest drops `Authorization` on
    /// cross-host redirects.
    pub fn with_client(client: reqwest::Client) -> Self {
        ReqwestTransport(client)
    }
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> TransportFuture<'_> {
        Box::pin(async move {
            let mut builder = self
                .0
                .request(request.method, request.url)
                .headers(request.headers);
            if let Some(body) = request.body {
                builder = builder.body(body);
            }
            let classify = |e: reqwest::Error| {
                if e.is_connect() {
                    TransportError::connect(e)
                } else if e.is_timeout() {
                    TransportError::timeout(e)
                } else {
                    TransportError::other(e)
                }
            };
            let response = builder.send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(classify)?;
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}
