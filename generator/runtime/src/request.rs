//! A request being built: OData options, headers, body; then sending and paging.

use crate::client::Client;
use crate::decode::{Collection, Decode};
use crate::wire::Mode;
use crate::Error;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue};
use http::Method;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use url::Url;

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

/// The query parameters and headers one operation documents, typed; applied to a
/// request with [`Request::with`].
pub trait Options {
    /// Sets every option that has a value on the request.
    fn apply<'a, T>(self, request: Request<'a, T>) -> Request<'a, T>;
}

/// A request being built. Nothing is sent until [`Request::send`] is awaited.
#[must_use = "a Request does nothing until `.send().await`"]
pub struct Request<'a, T> {
    client: &'a Client,
    method: Method,
    url: Url,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<(Bytes, HeaderValue)>,
    decode: Decode<T>,
    error: Option<Error>,
    /// `Accept: */*` instead of JSON (content), unless a header names another.
    accept_any: bool,
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
    pub(crate) fn new(
        client: &'a Client,
        method: Method,
        url: Url,
        decode: Decode<T>,
        error: Option<Error>,
    ) -> Self {
        Request {
            client,
            method,
            url,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            decode,
            error,
            accept_any: false,
        }
    }

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
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((
                    Bytes::from(bytes),
                    HeaderValue::from_static("application/json"),
                ));
                self
            }
            Err(e) => self.fail(Error::Json(e)),
        }
    }

    /// Sends raw bytes with the given content type (e.g. for `Edm.Stream` uploads).
    pub fn body_bytes(self, body: Vec<u8>, content_type: &str) -> Self {
        self.body(body, content_type)
    }

    /// Sends a body of bytes (a `Vec<u8>`, `Bytes`, `&'static [u8]`...) with the given
    /// content type; `Bytes` are not copied.
    pub fn body(mut self, body: impl Into<Bytes>, content_type: &str) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.body = Some((body.into(), value));
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

    /// Asks for any media type (`Accept: */*`) rather than JSON, unless a header set with
    /// [`Request::header`] names one: for operations answering content (`…/$value`).
    pub fn accept_any(mut self) -> Self {
        self.accept_any = true;
        self
    }

    /// The headers to send: the caller's, and `Accept: */*` for content.
    fn headers_to_send(&mut self) -> Vec<(HeaderName, HeaderValue)> {
        let mut headers = std::mem::take(&mut self.headers);
        if self.accept_any && !headers.iter().any(|(n, _)| n == http::header::ACCEPT) {
            headers.push((http::header::ACCEPT, HeaderValue::from_static("*/*")));
        }
        headers
    }

    /// Adds a request header. Headers are kept when following `@odata.nextLink`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let name_parsed = HeaderName::from_bytes(name.as_bytes());
        let value_parsed = HeaderValue::from_str(value);
        match (name_parsed, value_parsed) {
            (Ok(name), Ok(mut value)) => {
                if name == http::header::AUTHORIZATION {
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

    /// Sends the request (with retries and redirects, within the client's timeout and the
    /// retry policy's time budget) and decodes the response.
    pub async fn send(self) -> Result<T, Error> {
        self.send_traced().await.map(|(value, _)| value)
    }

    /// The URL this request goes to first, its query options included.
    fn full_url(&self) -> Url {
        let mut url = self.url.clone();
        if !self.query.is_empty() {
            let mut combined = url.query().map(str::to_owned).unwrap_or_default();
            for (name, value) in &self.query {
                if !combined.is_empty() {
                    combined.push('&');
                }
                combined.extend(percent_encoding::utf8_percent_encode(name, QUERY_SET));
                combined.push('=');
                combined.extend(percent_encoding::utf8_percent_encode(value, QUERY_SET));
            }
            url.set_query(Some(&combined));
        }
        url
    }

    /// Sends the request; returns the decoded value and the URL that answered it.
    async fn send_traced(mut self) -> Result<(T, Url), Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let url = self.full_url();
        let headers = self.headers_to_send();
        let answer = self
            .client
            .call(self.method, url, &headers, self.body, Mode::default())
            .await?;
        let answered_by = answer.url.clone();
        Ok(((self.decode)(answer.into_raw())?, answered_by))
    }
}

impl Request<'_, Bytes> {
    /// Sends the request and hands the content over as it arrives, instead of reading it
    /// whole like [`Request::send`]: a redirect to a download URL on another origin is
    /// followed without the token. Sends `Accept: */*` unless a header set another; the
    /// query options and headers set on the request (a `Range`, say) go with it.
    pub async fn download(self) -> Result<crate::Download, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let url = self.full_url();
        self.client
            .download_with(self.method, url, self.headers)
            .await
    }
}

impl<'a, T> Request<'a, Collection<T>>
where
    T: DeserializeOwned + Send + 'a,
{
    /// Streams every page, following `@odata.nextLink` until the last page
    /// (which carries `@odata.deltaLink` for delta queries). Request headers are
    /// repeated on each page; the query is already part of the next link.
    ///
    /// A relative next link is read against the base URL on a page from the base URL's
    /// origin, and against the page's own URL on a page from another origin (which gets
    /// no token either way). A next link naming a page already read ends the stream with
    /// [`Error::NextLinkLoop`] instead of paging forever.
    pub fn pages(self) -> impl futures_core::Stream<Item = Result<Collection<T>, Error>> + 'a {
        let first = self.full_url().to_string();
        let seen = std::collections::HashSet::from([first]);
        futures_util::stream::try_unfold(Some((self, seen)), |state| async move {
            let Some((request, mut seen)) = state else {
                return Ok(None);
            };
            let client = request.client;
            let decode = request.decode;
            let headers = request.headers.clone();
            let (page, answered_by) = request.send_traced().await?;
            let Some(link) = page.next_link.as_deref() else {
                return Ok(Some((page, None)));
            };
            let next_url = match client.is_base_origin(&answered_by) {
                true => crate::resolve::resolve(client.base_url(), link)?,
                false => crate::resolve::resolve_link(&answered_by, link)?,
            };
            if !seen.insert(next_url.to_string()) {
                return Err(Error::NextLinkLoop(link.to_owned()));
            }
            let mut next = Request::new(client, Method::GET, next_url, decode, None);
            next.headers = headers;
            Ok(Some((page, Some((next, seen)))))
        })
    }

    /// Streams every item of every page (see [`Request::pages`]).
    pub fn items(self) -> impl futures_core::Stream<Item = Result<T, Error>> + 'a {
        use futures_util::TryStreamExt;
        self.pages()
            .map_ok(|page| futures_util::stream::iter(page.value.into_iter().map(Ok)))
            .try_flatten()
    }
}

/// A built request taken apart without being sent: a step of a JSON batch.
pub(crate) struct Parts<T> {
    pub(crate) method: Method,
    /// The absolute URL, query options included.
    pub(crate) url: Url,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The body and its content type.
    pub(crate) body: Option<(Bytes, HeaderValue)>,
    pub(crate) decode: Decode<T>,
}

impl<T> Request<'_, T> {
    /// Takes the request apart as [`Request::send`] would send it, or returns the error
    /// recorded while it was built.
    pub(crate) fn into_parts(mut self) -> Result<Parts<T>, Error> {
        let url = self.full_url();
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let headers = self.headers_to_send();
        Ok(Parts {
            method: self.method,
            url,
            headers,
            body: self.body,
            decode: self.decode,
        })
    }
}
