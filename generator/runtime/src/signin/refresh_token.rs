//! A user who signed in through a browser: the authorization code flow with PKCE, and
//! the refresh token it leaves behind.

use super::cache::{Cache, Issued, DEFAULT_REFRESH_MARGIN};
use super::endpoint::{auth_error, Authority, Endpoint};
use crate::{Error, TokenFuture, TokenProvider, Transport};
use oauth2::basic::BasicClient;
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope,
};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

type OnRefreshToken = dyn Fn(&str) + Send + Sync;

/// The app a user signs in to: its id, its secret when it is a confidential client
/// (a web app), the scopes, the authority.
#[derive(Clone)]
struct App {
    endpoint: Endpoint,
    client_id: String,
    secret: Option<String>,
    scopes: Vec<String>,
}

impl App {
    fn new(authority: Authority, client_id: &str) -> Self {
        App {
            endpoint: Endpoint::new(authority),
            client_id: client_id.to_owned(),
            secret: None,
            scopes: super::DELEGATED_DEFAULT_SCOPES.map(str::to_owned).to_vec(),
        }
    }

    fn scopes(&self) -> impl Iterator<Item = Scope> + '_ {
        self.scopes.iter().cloned().map(Scope::new)
    }

    fn oauth(
        &self,
    ) -> Result<
        BasicClient<
            oauth2::EndpointNotSet,
            oauth2::EndpointNotSet,
            oauth2::EndpointNotSet,
            oauth2::EndpointNotSet,
            oauth2::EndpointSet,
        >,
        Error,
    > {
        let mut client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(self.endpoint.token_url()?)
            .set_auth_type(AuthType::RequestBody);
        if let Some(secret) = &self.secret {
            client = client.set_client_secret(ClientSecret::new(secret.clone()));
        }
        Ok(client)
    }
}

impl fmt::Debug for App {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("App")
            .field("authority", &self.endpoint.authority)
            .field("client_id", &self.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// Tokens from a refresh token (`grant_type=refresh_token`), e.g. one kept from an
/// earlier sign-in. The identity platform may answer with a new refresh token; it
/// replaces the old one, and [`on_refresh_token`](Self::on_refresh_token) can persist it.
pub struct RefreshToken {
    app: App,
    cache: Cache,
    on_refresh_token: Option<Arc<OnRefreshToken>>,
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshToken")
            .field("app", &self.app)
            .finish_non_exhaustive()
    }
}

impl RefreshToken {
    /// Tokens for public client `client_id` from `refresh_token`. The scopes default to
    /// [`DELEGATED_DEFAULT_SCOPES`](super::DELEGATED_DEFAULT_SCOPES).
    pub fn new(authority: Authority, client_id: &str, refresh_token: &str) -> Self {
        RefreshToken {
            app: App::new(authority, client_id),
            cache: Cache::with_refresh_token(DEFAULT_REFRESH_MARGIN, refresh_token.to_owned()),
            on_refresh_token: None,
        }
    }

    /// The client secret of a confidential client (a web app).
    pub fn client_secret(mut self, secret: &str) -> Self {
        self.app.secret = Some(secret.to_owned());
        self
    }

    /// Replaces the scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.app.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Reaches the token endpoint through this transport (default: the crate's reqwest
    /// transport).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.app.endpoint.set_transport(Arc::new(transport));
        self
    }

    /// How long before expiry a token is renewed (default [`DEFAULT_REFRESH_MARGIN`]).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_margin(margin);
        self
    }

    /// Calls `f` with each new refresh token the identity platform issues, to store it.
    pub fn on_refresh_token(mut self, f: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.on_refresh_token = Some(Arc::new(f));
        self
    }

    async fn fetch(&self, refresh_token: Option<String>) -> Result<Issued, Error> {
        let refresh_token = refresh_token.ok_or_else(|| {
            Error::Auth("no refresh token: the user must sign in again".to_owned())
        })?;
        let http = self.app.endpoint.http()?;
        let response = self
            .app
            .oauth()?
            .exchange_refresh_token(&oauth2::RefreshToken::new(refresh_token.clone()))
            .add_scopes(self.app.scopes())
            .request_async(&http)
            .await
            .map_err(auth_error)?;
        let issued = Issued::from_response(&response);
        if let (Some(f), Some(new)) = (&self.on_refresh_token, &issued.refresh_token) {
            if *new != refresh_token {
                f(new);
            }
        }
        Ok(issued)
    }
}

impl TokenProvider for RefreshToken {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.token(|refresh| self.fetch(refresh)))
    }
}

/// The authorization code flow with PKCE (S256): send the user to
/// [`AuthorizationRequest::url`], receive `code` and `state` at the redirect URI, and
/// [`redeem`](Self::redeem) them for a [`RefreshToken`] provider already holding the
/// first access token.
///
/// ```no_run
/// # async fn run() -> Result<(), docgen_runtime::Error> {
/// use docgen_runtime::signin::{Authority, AuthorizationCodeFlow};
/// let flow = AuthorizationCodeFlow::new(Authority::public("common")?, "app-id", "http://localhost:8400/");
/// let request = flow.authorize()?;
/// println!("Sign in at {}", request.url);
/// # let (code, state) = (String::new(), String::new());
/// // ... the browser comes back to the redirect URI with `code` and `state` ...
/// let credential = flow.redeem(request, &code, &state).await?;
/// # let _ = credential; Ok(()) }
/// ```
#[derive(Debug)]
pub struct AuthorizationCodeFlow {
    app: App,
    redirect_uri: String,
}

/// One sign-in under way: the URL to open, and what [`AuthorizationCodeFlow::redeem`]
/// checks and sends back. `Debug` redacts the PKCE verifier.
pub struct AuthorizationRequest {
    /// Where to send the user's browser.
    pub url: Url,
    /// The `state` sent along; the redirect must bring it back unchanged.
    pub state: String,
    verifier: String,
}

impl fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("url", &self.url.as_str())
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl AuthorizationCodeFlow {
    /// Sign-in to application `client_id`, redirecting to `redirect_uri` (registered
    /// for the app). The scopes default to
    /// [`DELEGATED_DEFAULT_SCOPES`](super::DELEGATED_DEFAULT_SCOPES).
    pub fn new(authority: Authority, client_id: &str, redirect_uri: &str) -> Self {
        AuthorizationCodeFlow {
            app: App::new(authority, client_id),
            redirect_uri: redirect_uri.to_owned(),
        }
    }

    /// The client secret of a confidential client (a web app).
    pub fn client_secret(mut self, secret: &str) -> Self {
        self.app.secret = Some(secret.to_owned());
        self
    }

    /// Replaces the scopes.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.app.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Reaches the token endpoint through this transport (default: the crate's reqwest
    /// transport).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.app.endpoint.set_transport(Arc::new(transport));
        self
    }

    fn redirect(&self) -> Result<RedirectUrl, Error> {
        RedirectUrl::new(self.redirect_uri.clone())
            .map_err(|e| Error::InvalidUrl(format!("redirect URI: {e}")))
    }

    /// A new sign-in: the authorization URL with a fresh PKCE challenge and `state`.
    pub fn authorize(&self) -> Result<AuthorizationRequest, Error> {
        let auth_url = AuthUrl::new(self.app.endpoint.authority.authorize_url())
            .map_err(|e| Error::InvalidUrl(format!("authorization endpoint: {e}")))?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state) = self
            .app
            .oauth()?
            .set_auth_uri(auth_url)
            .set_redirect_uri(self.redirect()?)
            .authorize_url(CsrfToken::new_random)
            .add_scopes(self.app.scopes())
            .set_pkce_challenge(challenge)
            .url();
        Ok(AuthorizationRequest {
            url,
            state: state.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Redeems the `code` the redirect brought, after checking its `state` against the
    /// request's (a mismatch is [`Error::Auth`]: the redirect was not for this sign-in).
    pub async fn redeem(
        &self,
        request: AuthorizationRequest,
        code: &str,
        state: &str,
    ) -> Result<RefreshToken, Error> {
        if state != request.state {
            return Err(Error::Auth(
                "the redirect's state is not this sign-in's".to_owned(),
            ));
        }
        let http = self.app.endpoint.http()?;
        let response = self
            .app
            .oauth()?
            .set_redirect_uri(self.redirect()?)
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(request.verifier))
            .request_async(&http)
            .await
            .map_err(auth_error)?;
        Ok(RefreshToken {
            app: self.app.clone(),
            cache: Cache::with_issued(DEFAULT_REFRESH_MARGIN, Issued::from_response(&response)),
            on_refresh_token: None,
        })
    }
}
