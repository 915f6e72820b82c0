//! Faults on demand, seeded: the same seed and the same requests give the same faults.
//!
//! Each rule counts the requests it applies to; whether the n-th one is faulted is a hash
//! of (seed, rule, n), so concurrency between routes does not change what a route sees.

use docgen_codegen::select::glob::path_matches;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// One kind of fault.
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// `429 Too Many Requests` with `Retry-After`.
    TooManyRequests(RetryAfter),
    /// `503 Service Unavailable` with `Retry-After` in seconds.
    Unavailable { retry_after: u64 },
    /// `504 Gateway Timeout`.
    GatewayTimeout,
    /// The answer comes this much later.
    Latency(Duration),
    /// No answer ever comes (until the mock stops).
    Stall,
    /// The connection is closed without an answer.
    Drop,
}

/// How a `Retry-After` header is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: 2`.
    Seconds(u64),
    /// `Retry-After: <HTTP date>` this many seconds ahead.
    Date(u64),
}

#[derive(Debug, Clone)]
struct Rule {
    route: Option<String>,
    fault: Fault,
    rate: f64,
}

/// A `RateLimit-*` budget like Dev Proxy's `RateLimitingPlugin`: `limit` requests per
/// `window`; past it, 429 with `Retry-After` until the window resets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    pub limit: u64,
    pub window: Duration,
}

/// The faults a mock injects. Rules are tried in the order added; the first that fires
/// decides (latency adds to whatever follows).
#[derive(Debug, Default)]
pub struct Faults {
    seed: u64,
    rules: Vec<Rule>,
    counts: Vec<AtomicU64>,
    rate_limit: Option<RateLimit>,
    budget: Mutex<Option<(Instant, u64)>>,
}

impl Clone for Faults {
    fn clone(&self) -> Self {
        let mut f = Faults::seeded(self.seed);
        for r in &self.rules {
            f = f.add(r.route.clone(), r.fault.clone(), r.rate);
        }
        f.rate_limit = self.rate_limit;
        f
    }
}

/// What the faults decided for one request.
#[derive(Debug, Default)]
pub(crate) struct Decision {
    pub(crate) latency: Duration,
    pub(crate) fault: Option<Fault>,
    /// `RateLimit-*` headers for the answer.
    pub(crate) headers: Vec<(String, String)>,
}

impl Faults {
    /// No faults yet, drawn from `seed`.
    pub fn seeded(seed: u64) -> Faults {
        Faults {
            seed,
            ..Faults::default()
        }
    }

    /// The seed faults are drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// `fault` on a share `rate` (0 to 1) of all requests.
    pub fn with(self, fault: Fault, rate: f64) -> Faults {
        self.add(None, fault, rate)
    }

    /// `fault` on a share `rate` of the requests whose path matches `glob` (the
    /// selection's globs: `/me/messages/**`, `/users/*`).
    pub fn on(self, glob: impl Into<String>, fault: Fault, rate: f64) -> Faults {
        self.add(Some(glob.into()), fault, rate)
    }

    /// A `RateLimit-*` budget for all requests.
    pub fn rate_limit(mut self, limit: RateLimit) -> Faults {
        self.rate_limit = Some(limit);
        self
    }

    fn add(mut self, route: Option<String>, fault: Fault, rate: f64) -> Faults {
        self.rules.push(Rule {
            route,
            fault,
            rate: rate.clamp(0.0, 1.0),
        });
        self.counts.push(AtomicU64::new(0));
        self
    }

    /// Decides for a request to `path` (under the service root, without the query).
    /// `in_batch`: a `$batch` step, which can be answered with a status only.
    pub(crate) fn decide(&self, path: &str, in_batch: bool) -> Decision {
        let mut d = Decision::default();
        for (i, rule) in self.rules.iter().enumerate() {
            if rule
                .route
                .as_deref()
                .is_some_and(|g| !path_matches(g, path))
            {
                continue;
            }
            if in_batch
                && !matches!(
                    rule.fault,
                    Fault::TooManyRequests(_) | Fault::Unavailable { .. } | Fault::GatewayTimeout
                )
            {
                continue;
            }
            let n = self.counts[i].fetch_add(1, Ordering::Relaxed);
            if !fires(self.seed, i as u64, n, rule.rate) {
                continue;
            }
            match &rule.fault {
                Fault::Latency(t) => d.latency += *t,
                f => {
                    d.fault = Some(f.clone());
                    return d;
                }
            }
        }
        if let (Some(limit), false) = (self.rate_limit, in_batch) {
            let mut budget = self.budget.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let (start, used) = match *budget {
                Some((start, used)) if now.duration_since(start) < limit.window => (start, used),
                _ => (now, 0),
            };
            let used = used + 1;
            *budget = Some((start, used));
            let reset = limit
                .window
                .saturating_sub(now.duration_since(start))
                .as_secs()
                .max(1);
            d.headers = vec![
                ("ratelimit-limit".into(), limit.limit.to_string()),
                (
                    "ratelimit-remaining".into(),
                    limit.limit.saturating_sub(used).to_string(),
                ),
                ("ratelimit-reset".into(), reset.to_string()),
            ];
            if used > limit.limit {
                d.fault = Some(Fault::TooManyRequests(RetryAfter::Seconds(reset)));
            }
        }
        d
    }
}

/// SplitMix64's step: a well-mixed 64-bit value from any input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether the `n`-th request a rule sees is faulted: a hash of (seed, rule, n), stable
/// across platforms and versions, unlike a library generator whose stream may change.
fn fires(seed: u64, rule: u64, n: u64, rate: f64) -> bool {
    let z = mix(mix(mix(seed) ^ rule) ^ n);
    ((z >> 11) as f64 / (1u64 << 53) as f64) < rate
}

/// A seeded shuffle (Fisher–Yates on the same hash), for `$batch` answers out of order.
pub(crate) fn shuffle<T>(seed: u64, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let z = mix(mix(seed) ^ i as u64);
        items.swap(i, (z % (i as u64 + 1)) as usize);
    }
}

/// The `Retry-After` value.
pub(crate) fn retry_after(r: RetryAfter) -> String {
    match r {
        RetryAfter::Seconds(s) => s.to_string(),
        RetryAfter::Date(s) => httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(s)),
    }
}

impl std::str::FromStr for Fault {
    type Err = String;

    /// `429`, `429=2` (Retry-After seconds), `429=date:2`, `503`, `503=1`, `504`,
    /// `latency=250ms`, `stall`, `drop`.
    fn from_str(s: &str) -> Result<Fault, String> {
        let (kind, arg) = s.split_once('=').unwrap_or((s, ""));
        let secs = |a: &str, default: u64| -> Result<u64, String> {
            if a.is_empty() {
                Ok(default)
            } else {
                a.parse()
                    .map_err(|_| format!("`{a}` is not a number of seconds"))
            }
        };
        Ok(match kind {
            "429" => match arg.strip_prefix("date:") {
                Some(d) => Fault::TooManyRequests(RetryAfter::Date(secs(d, 1)?)),
                None => Fault::TooManyRequests(RetryAfter::Seconds(secs(arg, 1)?)),
            },
            "503" => Fault::Unavailable {
                retry_after: secs(arg, 1)?,
            },
            "504" => Fault::GatewayTimeout,
            "latency" => {
                let ms = arg
                    .strip_suffix("ms")
                    .ok_or_else(|| format!("latency `{arg}`: write milliseconds, `250ms`"))?;
                Fault::Latency(Duration::from_millis(
                    ms.parse().map_err(|_| format!("`{ms}` is not a number"))?,
                ))
            }
            "stall" => Fault::Stall,
            "drop" => Fault::Drop,
            _ => {
                return Err(format!(
                    "unknown fault `{kind}` (429, 503, 504, latency, stall, drop)"
                ))
            }
        })
    }
}

impl Faults {
    /// Adds a rule written `FAULT:RATE[@GLOB]` (`429=2:0.5@/me/messages/**`).
    pub fn parse_rule(self, spec: &str) -> Result<Faults, String> {
        let (spec, route) = match spec.split_once('@') {
            Some((s, g)) => (s, Some(g.to_string())),
            None => (spec, None),
        };
        let (fault, rate) = spec
            .rsplit_once(':')
            .filter(|(_, r)| r.parse::<f64>().is_ok())
            .unwrap_or((spec, "1"));
        let fault: Fault = fault.parse()?;
        let rate: f64 = rate
            .parse()
            .map_err(|_| format!("rate `{rate}` is not a number"))?;
        Ok(self.add(route, fault, rate))
    }
}
