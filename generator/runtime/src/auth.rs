//! Access tokens: fixed, or from an async (refreshing) closure.

use crate::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Future returned by [`TokenProvider::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, Error>> + Send + 'a>>;

/// Supplies OAuth access tokens, sent as `Authorization: Bearer <token>`.
///
/// The provider is asked for a token on every attempt, so a refreshing
/// implementation (see [`token_fn`]) always sends a current token.
/// Tokens are only ever sent to the origin of the configured base URL.
pub trait TokenProvider: Send + Sync {
    /// Returns the access token to use for the next request.
    fn token(&self) -> TokenFuture<'_>;
}

/// A fixed access token. Its `Debug` output is redacted.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps a fixed access token.
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl From<String> for StaticToken {
    fn from(token: String) -> Self {
        StaticToken(token)
    }
}

impl From<&str> for StaticToken {
    fn from(token: &str) -> Self {
        StaticToken(token.to_owned())
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }
}

impl TokenProvider for String {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl TokenProvider for &'static str {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok((*self).to_owned())))
    }
}

impl<P: TokenProvider + ?Sized> TokenProvider for Arc<P> {
    fn token(&self) -> TokenFuture<'_> {
        (**self).token()
    }
}

/// Token provider backed by an async closure.
struct TokenFn<F>(F);

impl<F, Fut> TokenProvider for TokenFn<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, Error>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin((self.0)())
    }
}

/// Builds a [`TokenProvider`] from an async closure, e.g. one that refreshes
/// tokens from a credential cache. Return [`Error::Auth`] on failure.
pub fn token_fn<F, Fut>(f: F) -> impl TokenProvider
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, Error>> + Send + 'static,
{
    TokenFn(f)
}
