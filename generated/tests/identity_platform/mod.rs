//! An emulated Microsoft identity platform on a loopback port: the token and device
//! code endpoints of one tenant, form posts only, checking the fields the docs require
//! for each grant (client secret, client assertion, device code, refresh token,
//! authorization code with PKCE) and answering as the service does.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::http::Response;
use docgen_runtime::base64::Engine;
use serde_json::{json, Value};
use sha2::Digest;

pub const TENANT: &str = "tenant-1";
pub const APP: &str = "app-1";
pub const SECRET: &str = "s3cret~value";
pub const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

/// What the identity platform emulation issued and was asked.
#[derive(Default)]
pub struct Idp {
    /// `grant_type` of every token request, in order.
    grants: Vec<String>,
    device_polls: usize,
    /// The refresh token currently valid (rotated at each use).
    refresh_token: Option<String>,
    /// The PKCE challenge of the sign-in under way.
    pub challenge: Option<String>,
    issued: usize,
}

pub struct Server {
    pub origin: String,
    pub state: Arc<Mutex<Idp>>,
}

impl Server {
    pub fn grants(&self) -> Vec<String> {
        self.state.lock().unwrap().grants.clone()
    }
}

pub fn json_answer(status: u16, body: Value) -> Response<Body> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .header("cache-control", "no-store")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn oauth_error(status: u16, error: &str, description: &str) -> Response<Body> {
    json_answer(
        status,
        json!({"error": error, "error_description": description}),
    )
}

/// Issues an access token valid 600 s, and a rotated refresh token when asked for one.
fn issue(idp: &mut Idp, with_refresh: bool) -> Response<Body> {
    idp.issued += 1;
    let mut body = json!({
        "token_type": "Bearer",
        "expires_in": 600,
        "ext_expires_in": 600,
        "access_token": format!("tok-{}", idp.issued),
    });
    if with_refresh {
        let refresh = format!("rt-{}", idp.issued);
        idp.refresh_token = Some(refresh.clone());
        body["refresh_token"] = json!(refresh);
    }
    json_answer(200, body)
}

/// The token endpoint's rules for one form.
fn token_endpoint(idp: &mut Idp, form: &HashMap<String, String>) -> Response<Body> {
    let field = |name: &str| form.get(name).map(String::as_str);
    let grant = field("grant_type").unwrap_or_default().to_owned();
    idp.grants.push(grant.clone());
    if field("client_id") != Some(APP) {
        return oauth_error(400, "unauthorized_client", "AADSTS700016: unknown app");
    }
    let scopes: Vec<&str> = field("scope").unwrap_or_default().split(' ').collect();
    match grant.as_str() {
        "client_credentials" if form.contains_key("client_assertion") => {
            if let Err(why) = check_assertion(form) {
                return oauth_error(401, "invalid_client", &format!("AADSTS700027: {why}"));
            }
            if form.contains_key("client_secret") || scopes != [GRAPH_SCOPE] {
                return oauth_error(400, "invalid_request", "AADSTS900144");
            }
            issue(idp, false)
        }
        "client_credentials" => {
            if field("client_secret") != Some(SECRET) {
                return oauth_error(
                    401,
                    "invalid_client",
                    "AADSTS7000215: Invalid client secret provided.",
                );
            }
            if scopes != [GRAPH_SCOPE] {
                return oauth_error(400, "invalid_scope", "AADSTS1002012: one /.default scope");
            }
            issue(idp, false)
        }
        "urn:ietf:params:oauth:grant-type:device_code" => {
            if field("device_code") != Some("dc-1") {
                return oauth_error(400, "invalid_grant", "AADSTS70000: bad device code");
            }
            idp.device_polls += 1;
            if idp.device_polls == 1 {
                return oauth_error(400, "authorization_pending", "AADSTS70016: pending");
            }
            issue(idp, true)
        }
        "refresh_token" => {
            if field("refresh_token").is_none()
                || field("refresh_token") != idp.refresh_token.as_deref()
            {
                return oauth_error(400, "invalid_grant", "AADSTS70008: refresh token expired");
            }
            issue(idp, true)
        }
        "authorization_code" => {
            let verifier = field("code_verifier").unwrap_or_default();
            let challenge = docgen_runtime::base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(sha2::Sha256::digest(verifier.as_bytes()));
            if field("code") != Some("code-1")
                || field("redirect_uri") != Some("http://localhost:8400/")
                || idp.challenge.as_deref() != Some(challenge.as_str())
            {
                return oauth_error(400, "invalid_grant", "AADSTS50148: PKCE or code mismatch");
            }
            issue(idp, true)
        }
        _ => oauth_error(400, "unsupported_grant_type", "AADSTS70003"),
    }
}

pub const CERTIFICATE: &str = include_str!("../fixtures/test-app.cert.pem");
pub const PRIVATE_KEY: &str = include_str!("../fixtures/test-app.key.pem");

/// The DER inside a one-object PEM file.
fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    docgen_runtime::base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

/// A client assertion as the certificate credentials docs describe it: a PS256 JWT naming
/// the registered certificate by `x5t#S256`, for this token endpoint, from and about the
/// app, currently valid, its signature made by the certificate's key.
fn check_assertion(form: &HashMap<String, String>) -> Result<(), String> {
    use docgen_runtime::base64::engine::general_purpose::URL_SAFE_NO_PAD;
    if form.get("client_assertion_type").map(String::as_str)
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return Err("client_assertion_type".into());
    }
    let jwt = &form["client_assertion"];
    let (signed, signature) = jwt.rsplit_once('.').ok_or("not a JWT")?;
    let (header, claims) = signed.split_once('.').ok_or("not a JWT")?;
    let part = |text: &str| -> Result<Value, String> {
        let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    };
    let (header, claims) = (part(header)?, part(claims)?);
    let thumbprint = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(pem_der(CERTIFICATE)));
    if header["alg"] != "PS256" || header["typ"] != "JWT" || header["x5t#S256"] != thumbprint {
        return Err(format!("header {header}"));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token_url = claims["aud"].as_str().unwrap_or_default();
    let valid = claims["nbf"].as_u64().is_some_and(|t| t <= now)
        && claims["exp"].as_u64().is_some_and(|t| t > now)
        && claims["jti"].as_str().is_some_and(|j| !j.is_empty());
    if !token_url.ends_with("/tenant-1/oauth2/v2.0/token")
        || claims["iss"] != APP
        || claims["sub"] != APP
        || !valid
    {
        return Err(format!("claims {claims}"));
    }
    let key = ring::signature::RsaKeyPair::from_pkcs8(&pem_der(PRIVATE_KEY)).unwrap();
    let public = ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PSS_2048_8192_SHA256,
        key.public().as_ref().to_vec(),
    );
    let signature = URL_SAFE_NO_PAD
        .decode(signature)
        .map_err(|e| e.to_string())?;
    public
        .verify(signed.as_bytes(), &signature)
        .map_err(|_| "signature".to_owned())
}

/// The identity platform: `/{tenant}/oauth2/v2.0/token` and `.../devicecode`, form posts
/// only, secrets in the body (never in `Authorization`).
pub async fn identity_platform() -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let state: Arc<Mutex<Idp>> = Arc::default();
    let shared = state.clone();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let state = shared.clone();
        async move {
            let (parts, body) = req.into_parts();
            let body = to_bytes(body, 1 << 20).await.unwrap();
            let form: HashMap<String, String> = docgen_runtime::url::form_urlencoded::parse(&body)
                .into_owned()
                .collect();
            let form_type = parts
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
            if parts.method != "POST" || !form_type || parts.headers.contains_key("authorization") {
                return oauth_error(400, "invalid_request", "AADSTS900144: form POST only");
            }
            let mut idp = state.lock().unwrap();
            match parts.uri.path() {
                "/tenant-1/oauth2/v2.0/token" => token_endpoint(&mut idp, &form),
                "/tenant-1/oauth2/v2.0/devicecode" => {
                    let scope = form.get("scope").map(String::as_str).unwrap_or_default();
                    if form.get("client_id").map(String::as_str) != Some(APP)
                        || !scope.split(' ').any(|s| s == "offline_access")
                    {
                        return oauth_error(400, "invalid_request", "AADSTS900144");
                    }
                    json_answer(
                        200,
                        json!({
                            "device_code": "dc-1", "user_code": "ABCD-EFGH",
                            "verification_uri": "https://microsoft.com/devicelogin",
                            "expires_in": 900, "interval": 1,
                            "message": "To sign in, enter ABCD-EFGH.",
                        }),
                    )
                }
                _ => oauth_error(404, "invalid_request", "AADSTS90002: tenant not found"),
            }
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { origin, state }
}
