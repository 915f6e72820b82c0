//! Small uploads (`PUT …/content`) and streamed downloads (`GET …/content`).

use crate::transport::ByteStream;
use crate::wire::{Body, Mode};
use crate::{decode_json, Client, Error, Method};
use bytes::Bytes;
use futures_core::Stream;
use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use url::Url;

/// A file's content arriving from the service: a [`Stream`] of [`Bytes`] chunks, never
/// the whole file in memory.
///
/// The client's timeout bounds the wait for the response's headers, not the body: a
/// large file takes as long as it takes. Wrap the stream in a timeout of your own to
/// bound stalls.
pub struct Download {
    status: u16,
    headers: HeaderMap,
    url: Url,
    body: ByteStream,
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("status", &self.status)
            .field("url", &self.url.as_str())
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

impl Download {
    /// The status of the final response (200, or 206 for a range).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers of the final response.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Where the content came from: the download URL the service redirected to.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The `Content-Type` of the content, if given.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(http::header::CONTENT_TYPE)?.to_str().ok()
    }

    /// The `Content-Length` of the content, if given.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(http::header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }
}

impl Stream for Download {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.body
            .as_mut()
            .poll_next(cx)
            .map(|chunk| chunk.map(|c| c.map_err(Error::Transport)))
    }
}

impl Client {
    /// Downloads content (`GET /me/drive/items/{id}/content`), relative to the base URL
    /// or absolute. The service answers with a redirect to a pre-authenticated download
    /// URL on another origin: it is followed without the token, and the body is handed
    /// over as it arrives. Sends `Accept: */*`; retried like any GET until the body starts.
    pub async fn download(&self, path: impl Into<String>) -> Result<Download, Error> {
        let url = crate::resolve::resolve(self.base_url(), &path.into())?;
        self.download_with(Method::GET, url, Vec::new()).await
    }

    /// Sends a request whose answer is content and streams it: `Accept: */*` unless
    /// `headers` name another (shared by [`Client::download`] and
    /// [`Request::download`](crate::Request::download)).
    pub(crate) async fn download_with(
        &self,
        method: Method,
        url: Url,
        mut headers: Vec<(HeaderName, HeaderValue)>,
    ) -> Result<Download, Error> {
        if !headers.iter().any(|(n, _)| n == http::header::ACCEPT) {
            headers.push((http::header::ACCEPT, HeaderValue::from_static("*/*")));
        }
        let mode = Mode {
            stream: true,
            ..Mode::default()
        };
        let answer = self.call(method, url, &headers, None, mode).await?;
        let body = match answer.body {
            Body::Stream(stream) => stream,
            Body::Full(bytes) => {
                Box::pin(futures_util::stream::once(std::future::ready(Ok(bytes))))
            }
        };
        Ok(Download {
            status: answer.status,
            headers: answer.headers,
            url: answer.url,
            body,
        })
    }

    /// Uploads a small file's content in one request (`PUT /me/drive/items/{parent-id}:/{name}:/content`,
    /// up to 250 MB) and decodes the answer (the drive item). For larger files, or to
    /// upload from a stream, use a [`LargeFileUpload`](crate::LargeFileUpload).
    pub async fn upload_content<T: DeserializeOwned>(
        &self,
        path: impl Into<String>,
        content: impl Into<Bytes>,
        content_type: &str,
    ) -> Result<T, Error> {
        self.request(Method::PUT, path.into(), decode_json::<T>)
            .body(content, content_type)
            .send()
            .await
    }
}

impl Client {
    /// Uploads a small file's content read from `content` (`length` bytes) in one
    /// request, without holding it in memory (with the default transport; a custom one
    /// may read it whole, see [`Transport::send_body_stream`](crate::Transport::send_body_stream)).
    ///
    /// One attempt: the content cannot be read twice, so there is no retry and no
    /// redirect is followed (either is an [`Error::Api`] with the status). The client's
    /// timeout bounds the whole request. For large files prefer a
    /// [`LargeFileUpload`](crate::LargeFileUpload), which resumes.
    pub async fn upload_content_stream<T, R>(
        &self,
        path: impl Into<String>,
        content: R,
        length: u64,
        content_type: &str,
    ) -> Result<T, Error>
    where
        T: DeserializeOwned,
        R: tokio::io::AsyncRead + Send + 'static,
    {
        let url = crate::resolve::resolve(self.base_url(), &path.into())?;
        let content_type = HeaderValue::from_str(content_type)
            .map_err(|_| Error::InvalidHeader(format!("content type {content_type:?}")))?;
        let request_id = crate::wire::client_request_id(&[]);
        let mut headers = HeaderMap::new();
        if self.is_base_origin(&url) {
            if let Some(bearer) = self.authorization().await? {
                headers.insert(http::header::AUTHORIZATION, bearer);
            }
        }
        crate::wire::prepare(&mut headers, &Method::PUT, None, &request_id);
        headers.insert(http::header::CONTENT_TYPE, content_type);
        headers.insert(http::header::CONTENT_LENGTH, length.into());
        let request = crate::HttpRequest {
            method: Method::PUT,
            url,
            headers,
            body: None,
        };
        let send = self
            .transport()
            .send_body_stream(request, reader_stream(content), length);
        let timeout = self.timeout();
        let response = tokio::time::timeout(timeout, send)
            .await
            .map_err(|_| Error::Timeout(timeout))?
            .map_err(Error::Transport)?;
        let raw = crate::RawResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
        };
        if !(200..300).contains(&raw.status) {
            let mut api = crate::ApiError::from_raw(&raw);
            api.client_request_id = request_id.to_str().ok().map(Box::from);
            return Err(Error::Api(api));
        }
        decode_json(raw)
    }
}

/// Chunks of at most 64 KiB read from `reader`.
fn reader_stream<R: tokio::io::AsyncRead + Send + 'static>(reader: R) -> ByteStream {
    use tokio::io::AsyncReadExt;
    const CHUNK: usize = 64 * 1024;
    let reader = Box::pin(reader);
    Box::pin(futures_util::stream::unfold(
        Some(reader),
        |state| async move {
            let mut reader = state?;
            let mut buf = bytes::BytesMut::with_capacity(CHUNK);
            match reader.read_buf(&mut buf).await {
                Ok(0) => None,
                Ok(_) => Some((Ok(buf.freeze()), Some(reader))),
                Err(e) => Some((Err(crate::TransportError::other(e)), None)),
            }
        },
    ))
}
