//! The upload session as the service describes it, and its slice-size rules.

use crate::Error;
use serde::{Deserialize, Serialize};

/// The unit of a drive item's slices: 320 KiB.
pub const SLICE_UNIT: u64 = 320 * 1024;

/// Slice size when none is set: 32 × 320 KiB = 10 MiB, within the 5-10 MiB the service
/// recommends and a multiple of [`SLICE_UNIT`].
pub const DEFAULT_SLICE_SIZE: u64 = 32 * SLICE_UNIT;

/// The largest slice: 191 × 320 KiB, the largest multiple of [`SLICE_UNIT`] under the
/// service's 60 MiB per request.
pub const MAX_SLICE_SIZE: u64 = 191 * SLICE_UNIT;

// The service's rules, checked when the crate compiles.
const _: () = assert!(DEFAULT_SLICE_SIZE % SLICE_UNIT == 0 && MAX_SLICE_SIZE % SLICE_UNIT == 0);
const _: () = assert!(MAX_SLICE_SIZE < 60 * 1024 * 1024 && DEFAULT_SLICE_SIZE <= MAX_SLICE_SIZE);

/// An upload session, as `createUploadSession` answers it (and as its status `GET` does).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadSession {
    /// The pre-authenticated URL the slices go to (no token is sent to it).
    #[serde(default)]
    pub upload_url: String,
    /// When the session expires (ISO 8601, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date_time: Option<String>,
    /// The byte ranges the service still needs: `"0-"`, `"26-100"`, or a single offset.
    #[serde(default)]
    pub next_expected_ranges: Vec<String>,
}

impl UploadSession {
    /// A session known by its upload URL only (the rest is asked for on resume).
    pub fn new(upload_url: impl Into<String>) -> Self {
        UploadSession {
            upload_url: upload_url.into(),
            ..UploadSession::default()
        }
    }

    /// The first offset the service still needs, from `next_expected_ranges`
    /// (`"start-end"`, `"start-"` or `"start"`; the smallest start if several).
    pub fn next_offset(&self) -> Result<Option<u64>, Error> {
        let mut first: Option<u64> = None;
        for range in &self.next_expected_ranges {
            let start = range.split('-').next().unwrap_or("").trim();
            let start: u64 = start.parse().map_err(|_| {
                Error::Upload(format!("the service sent an unreadable range {range:?}"))
            })?;
            first = Some(first.map_or(start, |f| f.min(start)));
        }
        Ok(first)
    }

    pub(crate) fn expired(&self) -> bool {
        let Some(at) = self.expiration_date_time.as_deref() else {
            return false;
        };
        let format = time::format_description::well_known::Rfc3339;
        time::OffsetDateTime::parse(at, &format)
            .is_ok_and(|at| at <= time::OffsetDateTime::now_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_next_expected_ranges_is_read() {
        let with = |ranges: &[&str]| UploadSession {
            next_expected_ranges: ranges.iter().map(|r| r.to_string()).collect(),
            ..UploadSession::default()
        };
        assert_eq!(with(&["0-"]).next_offset().unwrap(), Some(0));
        assert_eq!(
            with(&["327680-655359"]).next_offset().unwrap(),
            Some(327680)
        );
        assert_eq!(
            with(&["288000-288000"]).next_offset().unwrap(),
            Some(288000)
        );
        assert_eq!(with(&["4096"]).next_offset().unwrap(), Some(4096));
        assert_eq!(with(&["900-", "12-55"]).next_offset().unwrap(), Some(12));
        assert_eq!(with(&[]).next_offset().unwrap(), None);
        assert!(with(&["abc"]).next_offset().is_err());
    }

    #[test]
    fn an_expiration_in_the_past_is_expired() {
        let at = |t: &str| UploadSession {
            expiration_date_time: Some(t.to_owned()),
            ..UploadSession::default()
        };
        assert!(at("2015-01-29T09:21:55.523Z").expired());
        assert!(!at("2999-01-29T09:21:55.523Z").expired());
        assert!(!UploadSession::default().expired());
    }
}
