//! Large file upload: an upload session (`createUploadSession`) filled slice by slice.
//!
//! The rules are the service's (driveItem: createUploadSession): each slice is a `PUT`
//! to the session's pre-authenticated `uploadUrl` with `Content-Range` and
//! `Content-Length`, and **no `Authorization` header**; slices of a drive item are
//! multiples of 320 KiB (the last one excepted) and each request stays under 60 MiB; a
//! `202` answer lists the `nextExpectedRanges`, a `200`/`201` the finished item; a `GET`
//! on the URL tells what the service has, a `DELETE` cancels the session.

use crate::wire::Mode;
use crate::{decode_json, ApiError, Client, Error, Method, RawResponse};
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use std::fmt;
use std::time::Duration;
use tokio::io::AsyncRead;
use url::Url;

mod session;
mod source;

pub use session::{UploadSession, DEFAULT_SLICE_SIZE, MAX_SLICE_SIZE, SLICE_UNIT};
use source::{ensure_ended, read_slice, skip};

/// Which slice sizes an upload accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SliceRule {
    /// Multiples of [`SLICE_UNIT`] (320 KiB): drive items.
    #[default]
    DriveItem,
    /// Any size up to [`MAX_SLICE_SIZE`]: Outlook attachments, print documents and other
    /// sessions with rules of their own.
    Any,
}

/// How far an upload has come, given to [`LargeFileUpload::on_progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadProgress {
    /// Bytes the service has confirmed.
    pub uploaded: u64,
    /// The content's size.
    pub total: u64,
}

type Progress<'c> = Box<dyn FnMut(UploadProgress) + Send + 'c>;

/// Uploads content of a known size into an upload session, slice by slice, reading it
/// from any [`AsyncRead`] and holding one slice in memory at most.
///
/// A slice that fails (a connection error, 5xx, 429, a timeout) is retried after the
/// client's [`RetryPolicy`](crate::RetryPolicy) back-off (or the service's
/// `Retry-After`): the service is asked which ranges it still needs and the upload goes
/// on from there. An expired session ends with [`Error::UploadSessionExpired`].
///
/// ```no_run
/// # async fn run(client: docgen_runtime::Client) -> Result<(), docgen_runtime::Error> {
/// use docgen_runtime::{LargeFileUpload, Method, UploadSession};
/// let session: UploadSession = client
///     .request(Method::POST, "/me/drive/root:/big.bin:/createUploadSession".into(),
///         docgen_runtime::decode_json)
///     .json(&serde_json::json!({"item": {"@microsoft.graph.conflictBehavior": "rename"}}))
///     .send()
///     .await?;
/// let file = tokio::fs::File::open("big.bin").await.map_err(docgen_runtime::Error::Io)?;
/// let size = file.metadata().await.map_err(docgen_runtime::Error::Io)?.len();
/// let item: serde_json::Value = LargeFileUpload::new(&client, session, size)
///     .on_progress(|p| println!("{}/{}", p.uploaded, p.total))
///     .upload(file)
///     .await?;
/// # Ok(()) }
/// ```
pub struct LargeFileUpload<'c> {
    client: &'c Client,
    session: UploadSession,
    size: u64,
    slice_size: u64,
    rule: SliceRule,
    slice_timeout: Option<Duration>,
    progress: Option<Progress<'c>>,
}

impl fmt::Debug for LargeFileUpload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LargeFileUpload")
            .field("size", &self.size)
            .field("slice_size", &self.slice_size)
            .field("rule", &self.rule)
            .finish_non_exhaustive()
    }
}

impl<'c> LargeFileUpload<'c> {
    /// An upload of `size` bytes into `session`, in slices of [`DEFAULT_SLICE_SIZE`].
    pub fn new(client: &'c Client, session: UploadSession, size: u64) -> Self {
        LargeFileUpload {
            client,
            session,
            size,
            slice_size: DEFAULT_SLICE_SIZE,
            rule: SliceRule::DriveItem,
            slice_timeout: None,
            progress: None,
        }
    }

    /// Sets the slice size: a multiple of [`SLICE_UNIT`] for a drive item (checked when
    /// the upload starts), at most [`MAX_SLICE_SIZE`].
    pub fn slice_size(mut self, bytes: u64) -> Self {
        self.slice_size = bytes;
        self
    }

    /// Sets the slice rule (default [`SliceRule::DriveItem`]).
    pub fn rule(mut self, rule: SliceRule) -> Self {
        self.rule = rule;
        self
    }

    /// Sets how long one slice may take (default: the client's timeout).
    pub fn slice_timeout(mut self, timeout: Duration) -> Self {
        self.slice_timeout = Some(timeout);
        self
    }

    /// Calls `f` after each slice the service confirms.
    pub fn on_progress(mut self, f: impl FnMut(UploadProgress) + Send + 'c) -> Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Uploads the content from its first byte (or from the session's first expected
    /// range, skipping what comes before it) and decodes the finished item.
    pub async fn upload<T, R>(self, content: R) -> Result<T, Error>
    where
        T: DeserializeOwned,
        R: AsyncRead + Unpin,
    {
        self.run(content).await
    }

    /// Resumes an interrupted upload: asks the service which ranges it still needs, then
    /// goes on from there. `content` must start at the content's first byte; the bytes the
    /// service has are read and skipped.
    pub async fn resume<T, R>(mut self, content: R) -> Result<T, Error>
    where
        T: DeserializeOwned,
        R: AsyncRead + Unpin,
    {
        let url = self.url()?;
        let known = status(self.client, &url, self.slice_timeout).await?;
        self.session.next_expected_ranges = known.next_expected_ranges;
        if known.expiration_date_time.is_some() {
            self.session.expiration_date_time = known.expiration_date_time;
        }
        self.run(content).await
    }

    /// Cancels the session (`DELETE` on the upload URL): the service drops what it has.
    pub async fn cancel(self) -> Result<(), Error> {
        self.client.cancel_upload(&self.session).await
    }

    fn url(&self) -> Result<Url, Error> {
        let url = Url::parse(&self.session.upload_url).map_err(|e| {
            Error::InvalidUrl(format!("upload URL {:?}: {e}", self.session.upload_url))
        })?;
        match url.scheme() {
            "http" | "https" => Ok(url),
            _ => Err(Error::InvalidUrl(format!(
                "upload URL {:?}: not http(s)",
                self.session.upload_url
            ))),
        }
    }

    fn check(&self) -> Result<(), Error> {
        if self.size == 0 {
            return Err(Error::Upload(
                "no content: upload an empty file with Client::upload_content".to_owned(),
            ));
        }
        if self.slice_size == 0 || self.slice_size > MAX_SLICE_SIZE {
            return Err(Error::Upload(format!(
                "slice size {} is not within 1..={MAX_SLICE_SIZE} bytes",
                self.slice_size
            )));
        }
        if self.rule == SliceRule::DriveItem && self.slice_size % SLICE_UNIT != 0 {
            return Err(Error::Upload(format!(
                "slice size {} is not a multiple of 320 KiB ({SLICE_UNIT} bytes), as a drive item's must be",
                self.slice_size
            )));
        }
        Ok(())
    }

    async fn run<T, R>(mut self, mut content: R) -> Result<T, Error>
    where
        T: DeserializeOwned,
        R: AsyncRead + Unpin,
    {
        self.check()?;
        let url = self.url()?;
        let policy = self.client.retry_policy();
        let mut next = self.session.next_offset()?.unwrap_or(0);
        // The slice in memory and the offset of its first byte; `read` bytes consumed.
        let (mut slice, mut slice_start, mut read) = (Bytes::new(), 0u64, 0u64);
        let mut failures = 0u32;
        loop {
            if self.session.expired() {
                return Err(Error::UploadSessionExpired(None));
            }
            if next >= self.size {
                return Err(Error::Upload(format!(
                    "the service expects bytes from {next} of a {}-byte content but has not finished the item",
                    self.size
                )));
            }
            if next < slice_start {
                return Err(Error::Upload(format!(
                    "the service asks again for bytes from {next}, already read from a source that cannot go back"
                )));
            }
            if next >= slice_start + slice.len() as u64 {
                drop(std::mem::take(&mut slice)); // one slice in memory at most
                skip(&mut content, next - read.min(next)).await?;
                read = read.max(next);
                let len = self.slice_size.min(self.size - next);
                slice = read_slice(&mut content, len, next, self.size).await?;
                read += len;
                slice_start = next;
                if read == self.size {
                    ensure_ended(&mut content, self.size).await?;
                }
            }
            let part = slice.slice((next - slice_start) as usize..);
            let end = next + part.len() as u64;
            let outcome = put(self.client, &url, part, next, self.size, self.slice_timeout).await;
            // A failure to retry: how long the service asks to wait, and the error to
            // return if no retry is left.
            let (retry_after, failure) = match outcome {
                Ok(raw) if matches!(raw.status, 200 | 201) => {
                    self.report(self.size);
                    return decode_json(raw);
                }
                Ok(raw) if raw.status == 202 => {
                    let progress: UploadSession = decode_json(raw)?;
                    let before = next;
                    next = progress.next_offset()?.unwrap_or(end);
                    if progress.expiration_date_time.is_some() {
                        self.session.expiration_date_time = progress.expiration_date_time;
                    }
                    if next > before {
                        failures = 0;
                        self.report(next);
                        continue;
                    }
                    let stuck = format!("the service took no byte of the slice from byte {next}");
                    (None, Error::Upload(stuck))
                }
                Ok(raw) if raw.status == 404 => {
                    return Err(Error::UploadSessionExpired(Some(ApiError::from_raw(&raw))))
                }
                // 416: the range overlaps what the service has; ask where it stands.
                Ok(raw) if matches!(raw.status, 416 | 429 | 500 | 502 | 503 | 504) => {
                    let api = ApiError::from_raw(&raw);
                    (api.retry_after, Error::Api(api))
                }
                Ok(raw) => return Err(Error::Api(ApiError::from_raw(&raw))),
                Err(e @ (Error::Transport(_) | Error::Timeout(_))) => (None, e),
                Err(e) => return Err(e),
            };
            if failures >= policy.max_retries {
                return Err(failure);
            }
            tokio::time::sleep(retry_after.unwrap_or_else(|| policy.backoff(failures))).await;
            failures += 1;
            let known = status(self.client, &url, self.slice_timeout).await?;
            next = known.next_offset()?.unwrap_or(next);
            if known.expiration_date_time.is_some() {
                self.session.expiration_date_time = known.expiration_date_time;
            }
        }
    }

    fn report(&mut self, uploaded: u64) {
        if let Some(progress) = &mut self.progress {
            progress(UploadProgress {
                uploaded,
                total: self.size,
            });
        }
    }
}

impl Client {
    /// Cancels an upload session (`DELETE` on its upload URL, without the token).
    pub async fn cancel_upload(&self, session: &UploadSession) -> Result<(), Error> {
        let url = Url::parse(&session.upload_url)
            .map_err(|e| Error::InvalidUrl(format!("upload URL {:?}: {e}", session.upload_url)))?;
        let mode = Mode {
            auth: false,
            ..Mode::default()
        };
        self.call(Method::DELETE, url, &[], None, mode).await?;
        Ok(())
    }
}

fn anonymous(timeout: Option<Duration>) -> Mode {
    Mode {
        auth: false,
        retry: false,
        timeout,
        ..Mode::default()
    }
}

/// Sends one slice: no token, its range and length stated.
async fn put(
    client: &Client,
    url: &Url,
    part: Bytes,
    start: u64,
    size: u64,
    timeout: Option<Duration>,
) -> Result<RawResponse, Error> {
    let end = start + part.len() as u64 - 1;
    let range = format!("bytes {start}-{end}/{}", size);
    let headers = [(
        HeaderName::from_static("content-range"),
        HeaderValue::from_str(&range).expect("digits are a valid header value"),
    )];
    let octets = HeaderValue::from_static("application/octet-stream");
    let mode = anonymous(timeout);
    let answer = client
        .call(
            Method::PUT,
            url.clone(),
            &headers,
            Some((part, octets)),
            mode,
        )
        .await;
    match answer {
        Ok(answer) => Ok(answer.into_raw()),
        // The answer is wanted whatever its status: the loop reads it.
        Err(Error::Api(api)) => Ok(RawResponse {
            status: api.status,
            headers: retry_after_headers(&api),
            body: Bytes::from(api.body),
        }),
        Err(e) => Err(e),
    }
}

/// What the service has of the session (`GET` on the upload URL, without the token).
async fn status(
    client: &Client,
    url: &Url,
    timeout: Option<Duration>,
) -> Result<UploadSession, Error> {
    let mode = Mode {
        retry: true,
        ..anonymous(timeout)
    };
    match client.call(Method::GET, url.clone(), &[], None, mode).await {
        Ok(answer) => decode_json(answer.into_raw()),
        Err(Error::Api(api)) if api.status == 404 => Err(Error::UploadSessionExpired(Some(api))),
        Err(e) => Err(e),
    }
}

fn retry_after_headers(api: &ApiError) -> http::HeaderMap {
    let mut headers = http::HeaderMap::new();
    if let Some(after) = api.retry_after {
        headers.insert(http::header::RETRY_AFTER, after.as_secs().into());
    }
    headers
}
