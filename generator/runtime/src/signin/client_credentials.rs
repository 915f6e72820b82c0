//! An application signing in as itself with a client secret (daemons, services).

use super::cache::{Cache, Issued, DEFAULT_REFRESH_MARGIN};
use super::endpoint::{auth_error, Authority, Endpoint};
use crate::{Error, TokenFuture, TokenProvider, Transport};
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, Scope};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The OAuth 2.0 client credentials grant with a client secret: an app's own token
/// (application permissions). The secret is posted in the request body to the
/// authority's token endpoint and nowhere else; `Debug` redacts it.
///
/// Tokens are cached and renewed [`DEFAULT_REFRESH_MARGIN`] before they expire, by one
/// request however many calls need a token at that moment.
///
/// ```no_run
/// # fn run() -> Result<(), docgen_runtime::Error> {
/// use docgen_runtime::signin::{Authority, ClientCredentials};
/// let credential = ClientCredentials::new(Authority::public("contoso.onmicrosoft.com")?, "app-id", "secret");
/// let client = docgen_runtime::Client::new(credential)?;
/// # let _ = client; Ok(()) }
/// ```
pub struct ClientCredentials {
    endpoint: Endpoint,
    client_id: String,
    secret: String,
    scopes: Vec<String>,
    cache: Cache,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("authority", &self.endpoint.authority)
            .field("client_id", &self.client_id)
            .field("secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// Signs in as application `client_id` with `secret`, for the Graph scope of the
    /// global cloud ([`GRAPH_DEFAULT_SCOPE`](super::GRAPH_DEFAULT_SCOPE)).
    pub fn new(authority: Authority, client_id: &str, secret: &str) -> Self {
        ClientCredentials {
            endpoint: Endpoint::new(authority),
            client_id: client_id.to_owned(),
            secret: secret.to_owned(),
            scopes: vec![super::GRAPH_DEFAULT_SCOPE.to_owned()],
            cache: Cache::new(DEFAULT_REFRESH_MARGIN),
        }
    }

    /// Replaces the scopes: for an app token, one resource's `/.default`, such as
    /// `https://graph.microsoft.us/.default` in the US Government cloud.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Reaches the token endpoint through this transport (default: the crate's reqwest
    /// transport).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.endpoint.set_transport(Arc::new(transport));
        self
    }

    /// How long before expiry a token is renewed (default [`DEFAULT_REFRESH_MARGIN`];
    /// at most half a token's lifetime is used).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_margin(margin);
        self
    }

    async fn fetch(&self) -> Result<Issued, Error> {
        let http = self.endpoint.http()?;
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.secret.clone()))
            .set_token_uri(self.endpoint.token_url()?)
            // The identity platform documents the secret as a form field.
            .set_auth_type(AuthType::RequestBody);
        let response = client
            .exchange_client_credentials()
            .add_scopes(self.scopes.iter().cloned().map(Scope::new))
            .request_async(&http)
            .await
            .map_err(auth_error)?;
        Ok(Issued::from_response(&response))
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.token(|_| self.fetch()))
    }
}
