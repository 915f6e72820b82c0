//! When to retry, and how long to wait.

use std::time::{Duration, SystemTime};

/// Retry behaviour for throttled (429) and unavailable (503, 504) responses, and the time
/// budget of one call.
///
/// Idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS) are retried on 429, 503,
/// 504 and on connection failures or timeouts; POST and PATCH only on 429 and 503,
/// where the server refused the request before processing it. A `Retry-After`
/// header (seconds, or an HTTP date in any of the three forms of RFC 9110 §5.6.7) is
/// honoured; otherwise the delay is a jittered exponential back-off starting at
/// `base_delay`. Retrying stops after `max_retries` retries, or when the next wait would
/// end later than `max_elapsed` after the call started.
///
/// `max_elapsed` bounds the whole call: every attempt (connecting, sending, and reading
/// the whole response body) and every wait. An attempt still running when it runs out
/// is abandoned with [`Error::Timeout`](crate::Error::Timeout). Each attempt is also
/// bounded by the client's own timeout ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Maximum number of retries after the first attempt.
    pub max_retries: u32,
    /// Upper bound on the total time of one call: every attempt and every wait.
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
    /// A policy that never retries (the time budget still bounds the call).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Jittered exponential back-off before retry number `retry + 1`:
    /// a random delay between half and all of `base_delay * 2^retry`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let full = self.base_delay.saturating_mul(1u32 << retry.min(16));
        let nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
        let half = nanos / 2;
        // std's randomly keyed hasher is a good enough jitter source.
        let random = std::hash::BuildHasher::hash_one(
            &std::collections::hash_map::RandomState::new(),
            retry,
        );
        Duration::from_nanos(half + random % (nanos - half + 1))
    }
}

/// Reads a `Retry-After` value: delay-seconds, or an HTTP date in the IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or
/// asctime (`Sun Nov  6 08:49:37 1994`) form, as RFC 9110 §5.6.7 requires a recipient to
/// accept. A date is turned into the wait from `now` (zero for a date in the past).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_and_all_three_date_forms() {
        // 1994-11-06T08:49:37Z, the example date of RFC 9110.
        let date = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let now = date - Duration::from_secs(90);
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(form, now),
                Some(Duration::from_secs(90)),
                "{form}"
            );
            assert_eq!(
                parse_retry_after(form, date + Duration::from_secs(5)),
                Some(Duration::ZERO),
                "a past date means now: {form}"
            );
        }
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        for bad in ["", "soon", "-1", "1.5", "Sun, 06 Nov 1994 25:49:37 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn backoff_stays_within_half_and_all_of_the_doubled_delay() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            ..RetryPolicy::default()
        };
        for retry in 0..5 {
            let full = Duration::from_millis(100) * (1 << retry);
            let d = policy.backoff(retry);
            assert!(d >= full / 2 && d <= full, "{retry}: {d:?}");
        }
        assert!(policy.backoff(40) <= Duration::from_millis(100) * (1 << 16));
    }
}
