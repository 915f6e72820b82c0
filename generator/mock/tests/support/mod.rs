//! The tests' own HTTP client.

/// A reqwest client builder. Built in a workspace, reqwest has the runtime's
/// `rustls-no-provider` feature: the ring provider is installed first (TLS is never used
/// against the loopback mock, but a client cannot be built without one).
pub fn http() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}
