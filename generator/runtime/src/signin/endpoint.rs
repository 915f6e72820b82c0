//! Where tokens come from (the authority: cloud host and tenant), and how the `oauth2`
//! crate reaches it: through a [`Transport`], the client's own HTTP stack.

use crate::transport::{HttpRequest, Transport};
use crate::Error;
use oauth2::{ErrorResponse, RequestTokenError};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// How long one call to the token endpoint may take.
const TOKEN_TIMEOUT: Duration = Duration::from_secs(30);

/// The Microsoft identity platform host and the tenant tokens are asked for, e.g.
/// `https://login.microsoftonline.com` and `contoso.onmicrosoft.com`: tokens come from
/// `{host}/{tenant}/oauth2/v2.0/token`.
///
/// National clouds have their own hosts ([`AZURE_US_GOVERNMENT`](super::AZURE_US_GOVERNMENT),
/// [`AZURE_CHINA`](super::AZURE_CHINA)) and their own Graph endpoints (give the client the
/// matching base URL and the provider the matching scope).
#[derive(Clone, PartialEq, Eq)]
pub struct Authority {
    host: Url,
    tenant: String,
}

impl fmt::Debug for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Authority({})", self.endpoint("").trim_end_matches('/'))
    }
}

impl Authority {
    /// The authority for `tenant` (a tenant id, a domain, or `organizations`, `common`,
    /// `consumers`) at `host`. The host must be `https`, or `http` on a loopback address
    /// (for tests): secrets and codes are posted to it.
    pub fn new(host: &str, tenant: &str) -> Result<Self, Error> {
        let host_url = Url::parse(host.trim_end_matches('/'))
            .map_err(|e| Error::InvalidUrl(format!("authority host {host:?}: {e}")))?;
        let loopback = match host_url.host() {
            Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        let scheme_ok = host_url.scheme() == "https" || (host_url.scheme() == "http" && loopback);
        if !scheme_ok
            || host_url.host().is_none()
            || host_url.query().is_some()
            || host_url.fragment().is_some()
            || !host_url.username().is_empty()
        {
            return Err(Error::InvalidUrl(format!(
                "authority host {host:?} must be https (http only on a loopback address), \
                 without credentials, query or fragment"
            )));
        }
        let tenant_ok = !tenant.is_empty()
            && tenant
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b))
            && tenant != "."
            && tenant != "..";
        if !tenant_ok {
            return Err(Error::InvalidUrl(format!(
                "tenant {tenant:?} must be a tenant id, a domain name or \
                 organizations/common/consumers"
            )));
        }
        Ok(Authority {
            host: host_url,
            tenant: tenant.to_owned(),
        })
    }

    /// The authority for `tenant` in the global Azure cloud
    /// ([`AZURE_PUBLIC_CLOUD`](super::AZURE_PUBLIC_CLOUD)).
    pub fn public(tenant: &str) -> Result<Self, Error> {
        Self::new(super::AZURE_PUBLIC_CLOUD, tenant)
    }

    /// The token endpoint, `{host}/{tenant}/oauth2/v2.0/token`.
    pub fn token_url(&self) -> String {
        self.endpoint("token")
    }

    /// The device authorization endpoint, `{host}/{tenant}/oauth2/v2.0/devicecode`.
    pub fn device_code_url(&self) -> String {
        self.endpoint("devicecode")
    }

    /// The authorization endpoint users sign in at, `{host}/{tenant}/oauth2/v2.0/authorize`.
    pub fn authorize_url(&self) -> String {
        self.endpoint("authorize")
    }

    fn endpoint(&self, name: &str) -> String {
        let host = self.host.as_str().trim_end_matches('/');
        format!("{host}/{}/oauth2/v2.0/{name}", self.tenant)
    }
}

/// An authority and the HTTP stack to reach it.
#[derive(Clone)]
pub(crate) struct Endpoint {
    pub(crate) authority: Authority,
    transport: Result<Arc<dyn Transport>, String>,
}

impl Endpoint {
    pub(crate) fn new(authority: Authority) -> Self {
        Endpoint {
            authority,
            transport: default_transport(),
        }
    }

    pub(crate) fn set_transport(&mut self, transport: Arc<dyn Transport>) {
        self.transport = Ok(transport);
    }

    /// The `oauth2` HTTP client over the transport.
    pub(crate) fn http(&self) -> Result<Http, Error> {
        match &self.transport {
            Ok(transport) => Ok(Http(transport.clone())),
            Err(e) => Err(Error::Auth(e.clone())),
        }
    }

    pub(crate) fn token_url(&self) -> Result<oauth2::TokenUrl, Error> {
        oauth2::TokenUrl::new(self.authority.token_url())
            .map_err(|e| Error::InvalidUrl(format!("token endpoint: {e}")))
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, String> {
    crate::ReqwestTransport::new()
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| format!("no HTTP transport for the token endpoint: {e}"))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, String> {
    Err("no HTTP transport for the token endpoint: enable the `reqwest` feature or give one".into())
}

/// The `oauth2` crate's view of a [`Transport`]. Redirects are not followed (a token
/// endpoint does not redirect, and a secret must not follow one).
pub(crate) struct Http(Arc<dyn Transport>);

/// A token endpoint that could not be reached or did not answer in time.
#[derive(Debug)]
pub(crate) struct HttpFailure(String);

impl fmt::Display for HttpFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HttpFailure {}

type HttpFuture<'c> =
    Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, HttpFailure>> + Send + 'c>>;

impl<'c> oauth2::AsyncHttpClient<'c> for Http {
    type Error = HttpFailure;
    type Future = HttpFuture<'c>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let url = Url::parse(&parts.uri.to_string())
                .map_err(|e| HttpFailure(format!("token endpoint URL: {e}")))?;
            let sent = self.0.send(HttpRequest {
                method: parts.method,
                url,
                headers: parts.headers,
                body: Some(body.into()),
            });
            let response = tokio::time::timeout(TOKEN_TIMEOUT, sent)
                .await
                .map_err(|_| HttpFailure(format!("no answer within {TOKEN_TIMEOUT:?}")))?
                .map_err(|e| HttpFailure(e.to_string()))?;
            let mut answer = http::Response::new(response.body.to_vec());
            *answer.status_mut() = http::StatusCode::from_u16(response.status)
                .map_err(|e| HttpFailure(format!("status: {e}")))?;
            *answer.headers_mut() = response.headers;
            Ok(answer)
        })
    }
}

/// The token endpoint's refusal or failure as [`Error::Auth`]: the service's error code
/// and description (`invalid_client: AADSTS7000215: ...`), never a secret.
pub(crate) fn auth_error<RE>(error: RequestTokenError<HttpFailure, RE>) -> Error
where
    RE: ErrorResponse + Describe,
{
    Error::Auth(match error {
        RequestTokenError::ServerResponse(response) => response.describe(),
        RequestTokenError::Request(e) => format!("token endpoint: {e}"),
        RequestTokenError::Parse(e, _) => format!("token endpoint answer unreadable: {e}"),
        RequestTokenError::Other(e) => format!("token endpoint: {e}"),
    })
}

/// The text of an OAuth error answer.
pub(crate) trait Describe {
    /// `code: description`.
    fn describe(&self) -> String;
}

impl<T: oauth2::ErrorResponseType + fmt::Display> Describe for oauth2::StandardErrorResponse<T> {
    fn describe(&self) -> String {
        match self.error_description() {
            Some(description) => format!("{}: {description}", self.error()),
            None => self.error().to_string(),
        }
    }
}
