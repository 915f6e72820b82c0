//! What the mock was asked and what it answered, for tests to read and the CLI to print.

use std::fmt;
use std::sync::{Arc, Mutex};

/// A callback given each log entry as it is written.
pub(crate) type Tap = Arc<dyn Fn(&Entry) + Send + Sync>;

/// One request the mock served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub method: String,
    /// The path and query as sent (`/v1.0/me/messages?$top=2`).
    pub path: String,
    /// Names lower-cased; the bearer token is written `Bearer <redacted>`.
    pub headers: Vec<(String, String)>,
    /// The body, as text (lossy for binary bodies).
    pub body: String,
    pub status: u16,
    /// The operation matched (`GET /users/{user-id}/messages`).
    pub operation: Option<String>,
    /// The documented example answered with (`api/user-list-messages.md:70`); `None`
    /// for an answer built from the types or the store.
    pub example: Option<String>,
    /// The fault injected, if any (`429`, `drop`…).
    pub fault: Option<String>,
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.method, self.path, self.status)?;
        if let Some(op) = &self.operation {
            write!(f, " [{op}]")?;
        }
        if let Some(e) = &self.example {
            write!(f, " from {e}")?;
        }
        if let Some(x) = &self.fault {
            write!(f, " fault {x}")?;
        }
        Ok(())
    }
}

/// The log, shared by the server and its handle.
#[derive(Clone, Default)]
pub(crate) struct Log {
    entries: Arc<Mutex<Vec<Entry>>>,
    /// Called with each entry as it is written (the CLI prints them).
    pub(crate) tap: Option<Tap>,
}

impl Log {
    pub(crate) fn new(tap: Option<Tap>) -> Log {
        Log {
            entries: Arc::default(),
            tap,
        }
    }

    pub(crate) fn push(&self, e: Entry) {
        if let Some(tap) = &self.tap {
            tap(&e);
        }
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(e);
    }

    pub(crate) fn entries(&self) -> Vec<Entry> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Headers as logged: the token never is.
pub(crate) fn redact(headers: &[(String, String)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            if n.eq_ignore_ascii_case("authorization") {
                let scheme = v.split_whitespace().next().unwrap_or("");
                (n.clone(), format!("{scheme} <redacted>"))
            } else {
                (n.clone(), v.clone())
            }
        })
        .collect()
}
