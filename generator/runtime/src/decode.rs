//! Responses into values, and path parameters into URL segments.

use crate::object::{self, Object};
use crate::odata::AdditionalData;
use crate::Error;
use bytes::Bytes;
use http::HeaderMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde::ser::{Serialize, Serializer};

/// Characters left as-is in a path segment: RFC 3986 unreserved characters and `@`.
/// Everything else (including `/`, `?`, `#`, `%`, `\`, `:` and spaces) is percent-encoded.
const SEGMENT_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@');

/// Turns a successful HTTP response into the value an operation returns.
pub type Decode<T> = fn(RawResponse) -> Result<T, Error>;

/// A response as received, handed to a [`Decode`] function.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Response body.
    pub body: Bytes,
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
    serde_json::from_slice(body).map_err(|source| Error::Decode {
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
pub fn decode_bytes(raw: RawResponse) -> Result<Bytes, Error> {
    Ok(raw.body)
}

/// Reads the `Location` header of a `202 Accepted` response.
pub fn decode_accepted(raw: RawResponse) -> Result<Accepted, Error> {
    Ok(Accepted {
        location: raw
            .headers
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
    })
}

/// Parses a change-notification payload POSTed to a webhook.
pub fn parse_notification<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(Error::Json)
}

/// Percent-encodes a path parameter so it stays exactly one path segment:
/// `/`, `?`, `#`, `%`, `\`, spaces and every other reserved or non-ASCII character are
/// encoded, and the dot segments `.` and `..` become `%2E` and `%2E%2E`.
///
/// URL parsers treat `%2E%2E` like `..`, so [`Client::request`](crate::Client::request)
/// refuses paths containing a dot segment or an empty segment (an empty parameter) with
/// [`Error::InvalidUrl`] instead of addressing another resource.
pub fn encode_segment(value: &str) -> String {
    match value {
        "." => "%2E".to_owned(),
        ".." => "%2E%2E".to_owned(),
        _ => percent_encoding::utf8_percent_encode(value, SEGMENT_SET).to_string(),
    }
}

/// A collection response, one page of an OData collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection<T> {
    /// The items of this page.
    pub value: Vec<T>,
    /// `@odata.nextLink`: the URL of the next page, absent on the last page.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL for the next delta query (on the last page).
    pub delta_link: Option<String>,
    /// `@odata.count`: total number of items, when `$count=true` was requested.
    pub count: Option<i64>,
    /// `@odata.context`: the metadata URL of the response.
    pub context: Option<String>,
    /// Every other member of the page (annotations, and properties newer than this
    /// client), kept so the page serializes back as it came.
    pub additional_data: AdditionalData,
}

impl<T> Default for Collection<T> {
    fn default() -> Self {
        Collection {
            value: Vec::new(),
            next_link: None,
            delta_link: None,
            count: None,
            context: None,
            additional_data: AdditionalData::default(),
        }
    }
}

impl<T: DeserializeOwned> Object for Collection<T> {
    fn read_property<'de, D: Deserializer<'de>>(
        &mut self,
        key: &str,
        value: D,
    ) -> Result<(), D::Error> {
        match key {
            "value" => self.value = Option::<Vec<T>>::deserialize(value)?.unwrap_or_default(),
            "@odata.nextLink" => self.next_link = Deserialize::deserialize(value)?,
            "@odata.deltaLink" => self.delta_link = Deserialize::deserialize(value)?,
            "@odata.count" => self.count = Deserialize::deserialize(value)?,
            "@odata.context" => self.context = Deserialize::deserialize(value)?,
            _ => self.additional_data.read_property(key, value)?,
        }
        Ok(())
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Collection<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object::deserialize(deserializer)
    }
}

impl<T: Serialize> Serialize for Collection<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = object::Entries::new(serializer)?;
        map.write("value", &self.value);
        object::entry(&mut map, "@odata.nextLink", &self.next_link);
        object::entry(&mut map, "@odata.deltaLink", &self.delta_link);
        object::entry(&mut map, "@odata.count", &self.count);
        object::entry(&mut map, "@odata.context", &self.context);
        map.end(&self.additional_data)
    }
}
