//! JSON batching: many requests in `POST /$batch` calls, each answer typed.
//!
//! ```no_run
//! # async fn run(client: &docgen_runtime::Client) -> Result<(), docgen_runtime::Error> {
//! use docgen_runtime::batch::Batch;
//! use docgen_runtime::{decode_empty, decode_json, Method};
//!
//! let mut batch = Batch::new(client);
//! let me = batch.add(client.request(Method::GET, "/me".into(), decode_json::<serde_json::Value>));
//! let gone = batch.add_depending_on(
//!     client.request(Method::DELETE, "/me/events/1".into(), decode_empty),
//!     &[me.id()],
//! );
//! let mut answers = batch.send().await?;
//! let me = answers.take(me)?;   // the decoded value, or `Error::Api` with the Graph error
//! answers.take(gone)?;          // `()` for a 204
//! # let _ = me; Ok(()) }
//! ```
//!
//! Steps beyond [`MAX_STEPS`] go into further requests; a step always goes with the steps
//! it is linked to through `dependsOn`. Steps answered 429 or 503 (and 504 for idempotent
//! methods) are sent again in a new batch after the longest `Retry-After` among them, with
//! the steps that failed only because they depended on them (424), their `dependsOn`
//! kept; the client's [`RetryPolicy`](crate::RetryPolicy) bounds the retries and the time.

mod plan;
mod wire;

use crate::decode::{Decode, RawResponse};
use crate::{decode_json, ApiError, Client, Error, Method, Request};
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use url::Url;
use wire::{StepRequest, WireAnswer, WireBatch, WireStep};

/// The most steps one `POST /$batch` may carry (the service's limit).
pub const MAX_STEPS: usize = 20;

/// Distinguishes batches, so a handle is only redeemed where it was issued.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// Requests collected for `POST /$batch`. Nothing is sent until [`Batch::send`].
pub struct Batch<'a> {
    client: &'a Client,
    base: Result<Url, String>,
    id: u64,
    steps: Vec<Step>,
}

struct Step {
    request: Result<StepRequest, Error>,
    idempotent: bool,
    depends_on: Vec<usize>,
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Batch")
            .field("base_url", &self.client.base_url())
            .field("steps", &self.steps.len())
            .finish_non_exhaustive()
    }
}

/// Names a step of a batch for [`Batch::add_depending_on`], whatever its result type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StepId {
    batch: u64,
    index: usize,
}

/// A step's claim on its answer: redeem it with [`BatchResponses::take`] for a `T`.
pub struct Handle<T> {
    step: StepId,
    decode: Decode<T>,
}

impl<T> Handle<T> {
    /// The step, for [`Batch::add_depending_on`].
    pub fn id(&self) -> StepId {
        self.step
    }
}

impl<T> Clone for Handle<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Handle<T> {}

impl<T> fmt::Debug for Handle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Handle").field(&self.step.index).finish()
    }
}

impl<'a> Batch<'a> {
    /// An empty batch sent with `client` (its token, transport, retry policy); steps are
    /// addressed relative to its base URL.
    pub fn new(client: &'a Client) -> Self {
        Batch {
            client,
            base: Url::parse(client.base_url()).map_err(|e| e.to_string()),
            id: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            steps: Vec::new(),
        }
    }

    /// Adds a request as a step; its answer will be decoded as [`Request::send`] would.
    /// A request that cannot be a step (its URL is not under the client's base URL, or
    /// it failed while being built) is not sent: its error is the step's outcome.
    pub fn add<T>(&mut self, request: Request<'_, T>) -> Handle<T> {
        self.add_depending_on(request, &[])
    }

    /// Adds a request that the service runs only after the given steps succeeded
    /// (`dependsOn`); if one of them fails, the service answers this one 424. The steps
    /// stay in one `POST /$batch` with it. An id from another batch makes this step fail
    /// with [`Error::Batch`].
    pub fn add_depending_on<T>(
        &mut self,
        request: Request<'_, T>,
        depends_on: &[StepId],
    ) -> Handle<T> {
        let index = self.steps.len();
        let foreign = depends_on.iter().find(|d| d.batch != self.id);
        let parts = request.into_parts();
        let decode = match &parts {
            Ok(parts) => parts.decode,
            // Never called: a step that failed to build has no answer to decode.
            Err(_) => |_| Err(Error::Batch("no answer".to_owned())),
        };
        let idempotent = parts.as_ref().is_ok_and(|p| {
            matches!(
                p.method,
                Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
            )
        });
        let request = match (foreign, &self.base) {
            (Some(_), _) => Err(Error::Batch(
                "dependsOn names a step of another batch".to_owned(),
            )),
            (None, Err(e)) => Err(Error::InvalidUrl(format!("base URL: {e}"))),
            (None, Ok(base)) => parts.and_then(|parts| StepRequest::new(base, &parts)),
        };
        self.steps.push(Step {
            request,
            idempotent,
            depends_on: depends_on.iter().map(|d| d.index).collect(),
        });
        Handle {
            step: StepId {
                batch: self.id,
                index,
            },
            decode,
        }
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step was added.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Sends every step, in as few `POST /$batch` requests as the limit of [`MAX_STEPS`]
    /// and the dependencies allow, one after another; retries the throttled steps (see the
    /// [module docs](self)) and collects each step's outcome.
    ///
    /// Fails before sending anything when steps linked by `dependsOn` number more than
    /// [`MAX_STEPS`] ([`Error::Batch`]); a failure of one `POST /$batch` becomes the
    /// outcome of each of its steps, and the other requests still go.
    pub async fn send(mut self) -> Result<BatchResponses, Error> {
        let depends_on: Vec<Vec<usize>> = self.steps.iter().map(|s| s.depends_on.clone()).collect();
        let mut outcomes: Vec<Option<Result<RawResponse, Error>>> = Vec::new();
        outcomes.resize_with(self.steps.len(), || None);
        // Steps that cannot be sent, and those depending on them, fail here.
        for (index, step) in self.steps.iter_mut().enumerate() {
            if step.request.is_err() {
                let placeholder = Err(Error::Batch("not sent".to_owned()));
                outcomes[index] = std::mem::replace(&mut step.request, placeholder)
                    .err()
                    .map(Err);
            } else if let Some(&d) = step
                .depends_on
                .iter()
                .find(|&&d| matches!(outcomes[d], Some(Err(_))))
            {
                outcomes[index] = Some(Err(Error::Batch(format!(
                    "depends on step {} which could not be sent",
                    d + 1
                ))));
            }
        }
        let mut pending: Vec<usize> = (0..self.steps.len())
            .filter(|&i| outcomes[i].is_none())
            .collect();
        if let Err((size, first)) = plan::pack(&pending, &depends_on) {
            return Err(Error::Batch(format!(
                "steps linked by dependsOn to step {} number {size}, more than the {MAX_STEPS} one batch may carry",
                first + 1
            )));
        }
        let policy = self.client.retry_policy();
        let started = Instant::now();
        let mut retries = 0u32;
        while !pending.is_empty() {
            // Packing a subset of packable steps cannot fail: groups only shrink.
            let batches = plan::pack(&pending, &depends_on).unwrap_or_default();
            for batch in &batches {
                self.post(batch, &depends_on, &mut outcomes).await;
            }
            let (again, wait) = self.to_retry(&pending, &outcomes);
            if again.is_empty() || retries >= policy.max_retries {
                break;
            }
            let wait = wait.unwrap_or_else(|| policy.backoff(retries));
            if started.elapsed().saturating_add(wait) >= policy.max_elapsed {
                break;
            }
            tokio::time::sleep(wait).await;
            retries += 1;
            pending = again;
        }
        Ok(BatchResponses {
            batch: self.id,
            outcomes,
        })
    }

    /// Sends one `POST /$batch` and files each answer under its step.
    async fn post(
        &self,
        batch: &[usize],
        depends_on: &[Vec<usize>],
        outcomes: &mut [Option<Result<RawResponse, Error>>],
    ) {
        let requests = batch
            .iter()
            .filter_map(|&index| {
                let step = self.steps[index].request.as_ref().ok()?;
                Some(WireStep {
                    id: (index + 1).to_string(),
                    method: &step.method,
                    url: &step.url,
                    headers: &step.headers,
                    body: step.body.as_deref(),
                    // Only dependencies sent alongside: the others are done.
                    depends_on: depends_on[index]
                        .iter()
                        .filter(|d| batch.contains(d))
                        .map(|d| (d + 1).to_string())
                        .collect(),
                })
            })
            .collect();
        let answer = self
            .client
            .request(
                Method::POST,
                "/$batch".to_owned(),
                decode_json::<WireAnswer>,
            )
            .json(&WireBatch { requests })
            .send()
            .await;
        let answers = match answer {
            Ok(answer) => answer.responses,
            Err(e) => {
                for &index in batch {
                    outcomes[index] = Some(Err(share(&e)));
                }
                return;
            }
        };
        let mut answered = vec![false; batch.len()];
        for answer in answers {
            let at = answer
                .id
                .parse::<usize>()
                .ok()
                .and_then(|id| batch.iter().position(|&index| index + 1 == id));
            // The first answer to an id counts; ids this batch did not send are not ours.
            if let Some(at) = at.filter(|&at| !answered[at]) {
                answered[at] = true;
                outcomes[batch[at]] = Some(Ok(answer.into_raw()));
            }
        }
        for (at, &index) in batch.iter().enumerate() {
            if !answered[at] {
                outcomes[index] = Some(Err(Error::Batch(format!(
                    "the service's answer has no response for step {}",
                    index + 1
                ))));
            }
        }
    }

    /// The steps to send again: those the service refused for now (429, 503, 504 when
    /// idempotent), and those answered 424 because a step to send again failed. Also the
    /// longest `Retry-After` among them.
    fn to_retry(
        &self,
        pending: &[usize],
        outcomes: &[Option<Result<RawResponse, Error>>],
    ) -> (Vec<usize>, Option<Duration>) {
        let mut again: Vec<usize> = Vec::new();
        let mut wait: Option<Duration> = None;
        for &index in pending {
            let Some(Ok(raw)) = &outcomes[index] else {
                continue;
            };
            let refused = match raw.status {
                429 | 503 => true,
                504 => self.steps[index].idempotent,
                _ => false,
            };
            let blocked = raw.status == 424
                && self.steps[index]
                    .depends_on
                    .iter()
                    .any(|d| again.binary_search(d).is_ok());
            if refused {
                let after = ApiError::from_raw(raw).retry_after;
                wait = wait.max(after);
            }
            if refused || blocked {
                again.push(index);
            }
        }
        (again, wait)
    }
}

/// What the service answered each step of a sent [`Batch`].
pub struct BatchResponses {
    batch: u64,
    outcomes: Vec<Option<Result<RawResponse, Error>>>,
}

impl fmt::Debug for BatchResponses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchResponses")
            .field("steps", &self.outcomes.len())
            .finish_non_exhaustive()
    }
}

impl BatchResponses {
    /// A step's outcome: its answer decoded as the request would have been (a 204 as
    /// `()` for a `decode_empty` request), [`Error::Api`] with the Graph error for an
    /// error status (424 when a step it depended on failed), or the error that kept it
    /// from being answered. Each outcome can be taken once; again, or with a handle of
    /// another batch, it is [`Error::Batch`].
    pub fn take<T>(&mut self, handle: Handle<T>) -> Result<T, Error> {
        let outcome = (handle.step.batch == self.batch)
            .then(|| self.outcomes.get_mut(handle.step.index))
            .flatten()
            .and_then(Option::take)
            .ok_or_else(|| Error::Batch("step taken already, or of another batch".to_owned()))?;
        let raw = outcome?;
        if (200..300).contains(&raw.status) {
            (handle.decode)(raw)
        } else {
            Err(Error::Api(ApiError::from_raw(&raw)))
        }
    }

    /// A step's HTTP status, if the service answered it (and it was not taken yet).
    pub fn status(&self, step: StepId) -> Option<u16> {
        match self.outcomes.get(step.index)? {
            Some(Ok(raw)) if step.batch == self.batch => Some(raw.status),
            _ => None,
        }
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    /// Whether the batch had no step.
    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }
}

/// An error for each of several steps: the same value where it can be copied, its
/// text otherwise.
fn share(error: &Error) -> Error {
    match error {
        Error::Api(api) => Error::Api(api.clone()),
        Error::Timeout(after) => Error::Timeout(*after),
        Error::InvalidUrl(msg) => Error::InvalidUrl(msg.clone()),
        Error::InvalidHeader(msg) => Error::InvalidHeader(msg.clone()),
        Error::Auth(msg) => Error::Auth(msg.clone()),
        Error::Batch(msg) => Error::Batch(msg.clone()),
        other => Error::Batch(other.to_string()),
    }
}
