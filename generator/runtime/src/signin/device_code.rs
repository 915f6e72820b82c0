//! A user signing in on another device: the device code flow (CLIs, headless hosts).

use super::cache::{Cache, Issued, DEFAULT_REFRESH_MARGIN};
use super::endpoint::{auth_error, Authority, Endpoint};
use crate::{Error, TokenFuture, TokenProvider, Transport};
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, DeviceAuthorizationUrl, RefreshToken, Scope};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// What to show the user: open [`verification_uri`](Self::verification_uri) and enter
/// [`user_code`](Self::user_code).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeviceCodePrompt {
    /// The code the user types.
    pub user_code: String,
    /// Where the user types it.
    pub verification_uri: String,
    /// The identity platform's own instructions, ready to print (localized).
    pub message: Option<String>,
    /// How long the code is valid.
    pub expires_in: Duration,
}

/// The identity platform's extra member of the device authorization answer.
#[derive(Debug, Clone, Deserialize, Serialize)]
struct MicrosoftDeviceFields {
    #[serde(default)]
    message: Option<String>,
}

impl oauth2::ExtraDeviceAuthorizationFields for MicrosoftDeviceFields {}

type Prompt = dyn Fn(&DeviceCodePrompt) + Send + Sync;

/// The OAuth 2.0 device authorization grant (RFC 8628) for a public client: the first
/// token request shows a [`DeviceCodePrompt`] through the callback and waits (polling
/// at the interval the service asks) until the user has signed in elsewhere. Later
/// tokens come from the refresh token (ask for `offline_access`), without a prompt; if
/// the refresh token is refused, the user is prompted again.
///
/// ```no_run
/// # fn run() -> Result<(), docgen_runtime::Error> {
/// use docgen_runtime::signin::{Authority, DeviceCode};
/// let credential = DeviceCode::new(Authority::public("organizations")?, "app-id", |prompt| {
///     eprintln!("Open {} and enter {}", prompt.verification_uri, prompt.user_code)
/// });
/// let client = docgen_runtime::Client::new(credential)?;
/// # let _ = client; Ok(()) }
/// ```
pub struct DeviceCode {
    endpoint: Endpoint,
    client_id: String,
    scopes: Vec<String>,
    prompt: Arc<Prompt>,
    cache: Cache,
}

impl fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCode")
            .field("authority", &self.endpoint.authority)
            .field("client_id", &self.client_id)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl DeviceCode {
    /// Signs users in to application `client_id`, showing the code through `prompt`.
    /// The scopes default to [`DELEGATED_DEFAULT_SCOPES`](super::DELEGATED_DEFAULT_SCOPES).
    pub fn new(
        authority: Authority,
        client_id: &str,
        prompt: impl Fn(&DeviceCodePrompt) + Send + Sync + 'static,
    ) -> Self {
        DeviceCode {
            endpoint: Endpoint::new(authority),
            client_id: client_id.to_owned(),
            scopes: super::DELEGATED_DEFAULT_SCOPES.map(str::to_owned).to_vec(),
            prompt: Arc::new(prompt),
            cache: Cache::new(DEFAULT_REFRESH_MARGIN),
        }
    }

    /// Replaces the scopes (`User.Read`, `offline_access`, ...).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Reaches the identity platform through this transport (default: the crate's
    /// reqwest transport).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.endpoint.set_transport(Arc::new(transport));
        self
    }

    /// How long before expiry a token is renewed (default [`DEFAULT_REFRESH_MARGIN`]).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_margin(margin);
        self
    }

    async fn fetch(&self, refresh_token: Option<String>) -> Result<Issued, Error> {
        let http = self.endpoint.http()?;
        let device_url = DeviceAuthorizationUrl::new(self.endpoint.authority.device_code_url())
            .map_err(|e| Error::InvalidUrl(format!("device code endpoint: {e}")))?;
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(self.endpoint.token_url()?)
            .set_device_authorization_url(device_url)
            .set_auth_type(AuthType::RequestBody);
        let scopes = || self.scopes.iter().cloned().map(Scope::new);
        if let Some(refresh_token) = refresh_token {
            let refresh_token = RefreshToken::new(refresh_token);
            let refreshed = client
                .exchange_refresh_token(&refresh_token)
                .add_scopes(scopes())
                .request_async(&http)
                .await;
            // A refused refresh token (expired, revoked) means signing in again.
            if let Ok(response) = refreshed {
                return Ok(Issued::from_response(&response));
            }
        }
        let details: oauth2::DeviceAuthorizationResponse<MicrosoftDeviceFields> = client
            .exchange_device_code()
            .add_scopes(scopes())
            .request_async(&http)
            .await
            .map_err(auth_error)?;
        (self.prompt)(&DeviceCodePrompt {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            message: details.extra_fields().message.clone(),
            expires_in: details.expires_in(),
        });
        let response = client
            .exchange_device_access_token(&details)
            .request_async(&http, tokio::time::sleep, None)
            .await
            .map_err(auth_error)?;
        Ok(Issued::from_response(&response))
    }
}

impl TokenProvider for DeviceCode {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.token(|refresh| self.fetch(refresh)))
    }
}
