//! The token a provider holds: handed out while fresh, renewed a margin before it
//! expires, by one caller while the others wait for that one renewal.

use crate::Error;
use oauth2::TokenResponse;
use std::future::Future;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// How long before expiry a token is renewed, by default (as MSAL and Azure.Identity do).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// The lifetime assumed when the token endpoint gives no `expires_in`.
const ASSUMED_LIFETIME: Duration = Duration::from_secs(3600);

/// A token as the endpoint issued it.
pub(crate) struct Issued {
    pub(crate) access_token: String,
    pub(crate) lifetime: Duration,
    pub(crate) refresh_token: Option<String>,
}

impl Issued {
    pub(crate) fn from_response(response: &impl TokenResponse) -> Self {
        Issued {
            access_token: response.access_token().secret().clone(),
            lifetime: response.expires_in().unwrap_or(ASSUMED_LIFETIME),
            refresh_token: response.refresh_token().map(|t| t.secret().clone()),
        }
    }
}

struct Held {
    access_token: String,
    /// When to renew: a margin before expiry (at most half the lifetime, so that a
    /// short-lived token is still used). `None`: now (only a refresh token is held).
    renew_at: Option<Instant>,
    refresh_token: Option<String>,
}

/// A single-flight token cache: the lock is held while a token is fetched, so callers
/// arriving meanwhile wait and then use that token rather than fetch their own.
pub(crate) struct Cache {
    held: Mutex<Option<Held>>,
    margin: Duration,
}

impl Cache {
    pub(crate) fn new(margin: Duration) -> Self {
        Cache {
            held: Mutex::new(None),
            margin,
        }
    }

    /// A cache holding only a refresh token: the first caller redeems it.
    pub(crate) fn with_refresh_token(margin: Duration, refresh_token: String) -> Self {
        Cache {
            held: Mutex::new(Some(Held {
                access_token: String::new(),
                renew_at: None,
                refresh_token: Some(refresh_token),
            })),
            margin,
        }
    }

    pub(crate) fn set_margin(&mut self, margin: Duration) {
        self.margin = margin;
    }

    /// The held token while fresh; otherwise `fetch(refresh_token)`'s, which is kept. A
    /// failed fetch keeps nothing new, and the next caller tries again.
    pub(crate) async fn token<F, Fut>(&self, fetch: F) -> Result<String, Error>
    where
        F: FnOnce(Option<String>) -> Fut,
        Fut: Future<Output = Result<Issued, Error>>,
    {
        let mut held = self.held.lock().await;
        if let Some(current) = held
            .as_ref()
            .filter(|h| h.renew_at.is_some_and(|at| Instant::now() < at))
        {
            return Ok(current.access_token.clone());
        }
        let refresh_token = held.as_mut().and_then(|h| h.refresh_token.take());
        let issued = fetch(refresh_token.clone()).await;
        let issued = match issued {
            Ok(issued) => issued,
            Err(e) => {
                // Keep the refresh token for the next try.
                if let Some(h) = held.as_mut() {
                    h.refresh_token = refresh_token;
                }
                return Err(e);
            }
        };
        let token = issued.access_token.clone();
        *held = Some(Held {
            renew_at: Some(self.renew_at(&issued)),
            access_token: issued.access_token,
            // A rotated refresh token replaces the old one; otherwise the old one stays.
            refresh_token: issued.refresh_token.or(refresh_token),
        });
        Ok(token)
    }

    fn renew_at(&self, issued: &Issued) -> Instant {
        let margin = self.margin.min(issued.lifetime / 2);
        Instant::now() + issued.lifetime - margin
    }

    /// A cache holding a token just issued (an authorization code redeemed).
    pub(crate) fn with_issued(margin: Duration, issued: Issued) -> Self {
        let cache = Cache::new(margin);
        let held = Held {
            renew_at: Some(cache.renew_at(&issued)),
            access_token: issued.access_token,
            refresh_token: issued.refresh_token,
        };
        Cache {
            held: Mutex::new(Some(held)),
            ..cache
        }
    }
}
