//! Small uploads (`PUT …/content`) and streamed downloads (`GET …/content`).

use crate::transport::ByteStream;
use crate::wire::{Body, Mode};
use crate::{decode_json, Client, Error, Method};
use bytes::Bytes;
use futures_core::Stream;
use http::header::{HeaderMap, HeaderValue};
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
        let accept = [(http::header::ACCEPT, HeaderValue::from_static("*/*"))];
        let mode = Mode {
            stream: true,
            ..Mode::default()
        };
        let answer = self.call(Method::GET, url, &accept, None, mode).await?;
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
