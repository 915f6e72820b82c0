//! Ready [`TokenProvider`](crate::TokenProvider)s for the Microsoft identity platform
//! (feature `signin`): an app signing in as itself ([`ClientCredentials`]; with a
//! certificate, `ClientCertificate`, feature `signin-certificate`), a user on a
//! device without a browser ([`DeviceCode`]), and a user who signed in through a browser
//! ([`AuthorizationCodeFlow`], then [`RefreshToken`]).
//!
//! Each provider caches its token and renews it [`DEFAULT_REFRESH_MARGIN`] before it
//! expires; concurrent calls share one renewal. The OAuth protocol is the `oauth2`
//! crate's; its requests go through a [`Transport`](crate::Transport) (the crate's reqwest
//! transport by default), so no second HTTP stack is built. The authority host and
//! tenant are configurable ([`Authority`]), for national clouds too.

mod cache;
#[cfg(feature = "signin-certificate")]
mod certificate;
mod client_credentials;
mod device_code;
mod endpoint;
mod refresh_token;

pub use cache::DEFAULT_REFRESH_MARGIN;
#[cfg(feature = "signin-certificate")]
pub use certificate::ClientCertificate;
pub use client_credentials::ClientCredentials;
pub use device_code::{DeviceCode, DeviceCodePrompt};
pub use endpoint::Authority;
pub use refresh_token::{AuthorizationCodeFlow, AuthorizationRequest, RefreshToken};

/// The identity platform host of the global Azure cloud.
pub const AZURE_PUBLIC_CLOUD: &str = "https://login.microsoftonline.com";
/// The identity platform host of the Azure US Government cloud (Graph at
/// `https://graph.microsoft.us`).
pub const AZURE_US_GOVERNMENT: &str = "https://login.microsoftonline.us";
/// The identity platform host of Azure China operated by 21Vianet (Graph at
/// `https://microsoftgraph.chinacloudapi.cn`).
pub const AZURE_CHINA: &str = "https://login.chinacloudapi.cn";
/// The scope of every permission granted to the app on Graph in the global cloud.
pub const GRAPH_DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";
/// The scopes a user's sign-in asks for by default: every Graph permission the app has
/// been granted, and a refresh token (`offline_access`).
pub const DELEGATED_DEFAULT_SCOPES: [&str; 2] = [GRAPH_DEFAULT_SCOPE, "offline_access"];
