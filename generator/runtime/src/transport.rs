//! The HTTP stack behind the client: one request in, one whole response out.
//!
//! Redirects, retries, timeouts and authentication are the client's; a transport only
//! sends what it is given and reads the answer, whole or (for downloads) as a stream.

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

/// A response body arriving in chunks.
pub type ByteStream =
    Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, TransportError>> + Send>>;

/// One HTTP response whose body is still arriving (see [`Transport::send_streaming`]).
pub struct StreamingResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, chunk by chunk.
    pub body: ByteStream,
}

impl std::fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// Future returned by [`Transport::send_streaming`].
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<StreamingResponse, TransportError>> + Send + 'a>>;

/// Future returned by [`Transport::send`].
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends requests. It must not follow redirects itself (the client does, keeping the
/// token on the base URL's origin), and it may be called concurrently.
pub trait Transport: Send + Sync {
    /// Sends one request and reads the whole response.
    fn send(&self, request: HttpRequest) -> TransportFuture<'_>;

    /// Sends one request whose body (`length` bytes) is read from `body` as it is sent
    /// (for uploads from a stream); `request.body` is `None`. The default reads the whole
    /// body into memory and calls [`Transport::send`]: override it to stream.
    fn send_body_stream(
        &self,
        request: HttpRequest,
        body: ByteStream,
        length: u64,
    ) -> TransportFuture<'_> {
        Box::pin(async move {
            use futures_util::TryStreamExt;
            let chunks: Vec<Bytes> = body.try_collect().await?;
            let whole = Bytes::from(chunks.concat());
            if whole.len() as u64 != length {
                return Err(TransportError::other(format!(
                    "the body has {} bytes, not the {length} announced",
                    whole.len()
                )));
            }
            self.send(HttpRequest {
                body: Some(whole),
                ..request
            })
            .await
        })
    }

    /// Sends one request and hands the body over as it arrives (for downloads). The
    /// default reads the whole body with [`Transport::send`]: override it to stream.
    fn send_streaming(&self, request: HttpRequest) -> StreamingFuture<'_> {
        Box::pin(async move {
            let response = self.send(request).await?;
            let body = futures_util::stream::once(std::future::ready(Ok(response.body)));
            Ok(StreamingResponse {
                status: response.status,
                headers: response.headers,
                body: Box::pin(body),
            })
        })
    }
}

/// The default transport: a [`reqwest::Client`] that follows no redirects, over rustls
/// with the `ring` crypto provider.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport(reqwest::Client);

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A reqwest client that follows no redirects and names this crate in its
    /// `User-Agent` ([`USER_AGENT`](crate::USER_AGENT)). Installs rustls' `ring` provider
    /// as the process default when no provider is installed yet.
    pub fn new() -> Result<Self, TransportError> {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // rustls 0.23.48 deprecates its ring provider (no post-quantum key exchange)
            // in favour of aws-lc-rs, which needs a C toolchain: ring stays the choice of
            // the default build, and a caller wanting aws-lc-rs installs it first.
            #[allow(deprecated)]
            let provider = rustls::crypto::ring::default_provider();
            // Losing a race to another thread installing one is fine: one is installed.
            let _ = provider.install_default();
        }
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(crate::USER_AGENT)
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
        let builder = self.builder(request);
        Box::pin(async move { buffered(builder.send().await.map_err(classify)?).await })
    }

    fn send_body_stream(
        &self,
        request: HttpRequest,
        body: ByteStream,
        length: u64,
    ) -> TransportFuture<'_> {
        let body = reqwest::Body::wrap(StreamBody {
            stream: std::sync::Mutex::new(body),
            left: length,
        });
        let request = self.builder(request).body(body);
        Box::pin(async move { buffered(request.send().await.map_err(classify)?).await })
    }

    fn send_streaming(&self, request: HttpRequest) -> StreamingFuture<'_> {
        let builder = self.builder(request);
        Box::pin(async move {
            let response = builder.send().await.map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            // `Response::chunk` needs no extra reqwest feature; the stream ends after an error.
            let body = futures_util::stream::unfold(Some(response), |state| async move {
                let mut response = state?;
                match response.chunk().await {
                    Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                    Ok(None) => None,
                    Err(e) => Some((Err(classify(e)), None)),
                }
            });
            Ok(StreamingResponse {
                status,
                headers,
                body: Box::pin(body),
            })
        })
    }
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// The reqwest request for a transport request: method, URL, headers and its body.
    fn builder(&self, request: HttpRequest) -> reqwest::RequestBuilder {
        let builder = self
            .0
            .request(request.method, request.url)
            .headers(request.headers);
        match request.body {
            Some(body) => builder.body(body),
            None => builder,
        }
    }
}

/// An answer read whole.
#[cfg(feature = "reqwest")]
async fn buffered(response: reqwest::Response) -> Result<HttpResponse, TransportError> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(classify)?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// A request body read from a [`ByteStream`] of a known length (so that it is sent with
/// `Content-Length`, not chunked). The mutex only makes it `Sync`, as reqwest asks: it
/// is never locked (`get_mut`).
#[cfg(feature = "reqwest")]
struct StreamBody {
    stream: std::sync::Mutex<ByteStream>,
    left: u64,
}

#[cfg(feature = "reqwest")]
impl http_body::Body for StreamBody {
    type Data = Bytes;
    type Error = TransportError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, TransportError>>> {
        let this = self.get_mut();
        let stream = this.stream.get_mut().unwrap_or_else(|e| e.into_inner());
        match stream.as_mut().poll_next(cx) {
            std::task::Poll::Ready(Some(Ok(chunk))) => {
                if chunk.len() as u64 > this.left {
                    let e = TransportError::other("the body is longer than announced");
                    return std::task::Poll::Ready(Some(Err(e)));
                }
                this.left -= chunk.len() as u64;
                std::task::Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
            }
            std::task::Poll::Ready(None) if this.left > 0 => std::task::Poll::Ready(Some(Err(
                TransportError::other("the body is shorter than announced"),
            ))),
            other => other.map(|item| item.map(|r| r.map(http_body::Frame::data))),
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left)
    }
}

#[cfg(feature = "reqwest")]
fn classify(e: reqwest::Error) -> TransportError {
    if e.is_connect() {
        TransportError::connect(e)
    } else if e.is_timeout() {
        TransportError::timeout(e)
    } else {
        TransportError::other(e)
    }
}
