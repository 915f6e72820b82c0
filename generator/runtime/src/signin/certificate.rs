//! An application signing in as itself with a certificate: a client assertion (a JWT
//! signed with the certificate's private key) instead of a secret.

use super::cache::{Cache, Issued, DEFAULT_REFRESH_MARGIN};
use super::endpoint::{auth_error, Authority, Endpoint};
use crate::{Error, TokenFuture, TokenProvider, Transport};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, Scope};
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{RsaKeyPair, RSA_PSS_SHA256};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a client assertion is valid: long enough for one token request.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(600);

/// The client credentials grant with a certificate: each token request carries a fresh
/// client assertion, a JWT signed with PS256 (RSA-PSS, SHA-256) and naming the
/// certificate by its SHA-256 thumbprint (`x5t#S256`), as the identity platform's
/// certificate credentials documentation describes. Signing uses `ring`, the crypto the
/// default transport already builds. Tokens are cached like [`ClientCredentials`]'
/// ones.
///
/// [`ClientCredentials`]: super::ClientCredentials
pub struct ClientCertificate {
    endpoint: Endpoint,
    client_id: String,
    scopes: Vec<String>,
    key: RsaKeyPair,
    /// `x5t#S256`: base64url of the SHA-256 of the certificate's DER.
    thumbprint: String,
    cache: Cache,
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("authority", &self.endpoint.authority)
            .field("client_id", &self.client_id)
            .field("x5t#S256", &self.thumbprint)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientCertificate {
    /// Signs in as application `client_id` with the certificate registered for it
    /// (PEM) and its RSA private key (PEM, PKCS#8 or PKCS#1), for
    /// [`GRAPH_DEFAULT_SCOPE`](super::GRAPH_DEFAULT_SCOPE).
    pub fn new(
        authority: Authority,
        client_id: &str,
        certificate_pem: &[u8],
        private_key_pem: &[u8],
    ) -> Result<Self, Error> {
        let certificate = CertificateDer::from_pem_slice(certificate_pem)
            .map_err(|e| Error::Auth(format!("certificate PEM: {e}")))?;
        let key = match PrivateKeyDer::from_pem_slice(private_key_pem) {
            Ok(PrivateKeyDer::Pkcs8(der)) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
            Ok(PrivateKeyDer::Pkcs1(der)) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
            Ok(_) => return Err(Error::Auth("private key: an RSA key is needed".to_owned())),
            Err(e) => return Err(Error::Auth(format!("private key PEM: {e}"))),
        }
        .map_err(|e| Error::Auth(format!("private key: {e}")))?;
        let digest = ring::digest::digest(&ring::digest::SHA256, certificate.as_ref());
        Ok(ClientCertificate {
            endpoint: Endpoint::new(authority),
            client_id: client_id.to_owned(),
            scopes: vec![super::GRAPH_DEFAULT_SCOPE.to_owned()],
            key,
            thumbprint: URL_SAFE_NO_PAD.encode(digest.as_ref()),
            cache: Cache::new(DEFAULT_REFRESH_MARGIN),
        })
    }

    /// Replaces the scopes (one resource's `/.default`).
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

    /// How long before expiry a token is renewed (default [`DEFAULT_REFRESH_MARGIN`]).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.cache.set_margin(margin);
        self
    }

    /// A client assertion for the token endpoint, valid [`ASSERTION_LIFETIME`].
    fn assertion(&self) -> Result<String, Error> {
        let rng = SystemRandom::new();
        let mut jti = [0u8; 16];
        rng.fill(&mut jti)
            .map_err(|_| Error::Auth("no randomness for the assertion id".to_owned()))?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let header = serde_json::json!({"alg": "PS256", "typ": "JWT", "x5t#S256": self.thumbprint});
        let claims = serde_json::json!({
            "aud": self.endpoint.authority.token_url(),
            "iss": self.client_id,
            "sub": self.client_id,
            "jti": uuid::Builder::from_random_bytes(jti).into_uuid().to_string(),
            "nbf": now,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME.as_secs(),
        });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0u8; self.key.public().modulus_len()];
        self.key
            .sign(&RSA_PSS_SHA256, &rng, signed.as_bytes(), &mut signature)
            .map_err(|_| Error::Auth("the private key could not sign".to_owned()))?;
        Ok(format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature)))
    }

    async fn fetch(&self) -> Result<Issued, Error> {
        let http = self.endpoint.http()?;
        let assertion = self.assertion()?;
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_token_uri(self.endpoint.token_url()?)
            .set_auth_type(AuthType::RequestBody);
        let response = client
            .exchange_client_credentials()
            .add_scopes(self.scopes.iter().cloned().map(Scope::new))
            .add_extra_param(
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            )
            .add_extra_param("client_assertion", assertion)
            .request_async(&http)
            .await
            .map_err(auth_error)?;
        Ok(Issued::from_response(&response))
    }
}

impl TokenProvider for ClientCertificate {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self.cache.token(|_| self.fetch()))
    }
}
