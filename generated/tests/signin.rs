//! Sign-in providers against an emulated Microsoft identity platform on a loopback port
//! (token and device code endpoints, with the documented form fields checked), and the
//! generated client calling an emulated Graph with the tokens they return.
#![deny(warnings)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::Response;
use docgen_runtime::base64::Engine;
use docgen_runtime::signin::{
    Authority, AuthorizationCodeFlow, ClientCertificate, ClientCredentials, DeviceCode,
    RefreshToken,
};
use docgen_runtime::TokenProvider;
use graph_comms::runtime::Error;
use graph_comms::Client;
use serde_json::{json, Value};
use sha2::Digest;

const TENANT: &str = "tenant-1";
const APP: &str = "app-1";
const SECRET: &str = "s3cret~value";
const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

/// What the identity platform emulation issued and was asked.
#[derive(Default)]
struct Idp {
    /// `grant_type` of every token request, in order.
    grants: Vec<String>,
    device_polls: usize,
    /// The refresh token currently valid (rotated at each use).
    refresh_token: Option<String>,
    /// The PKCE challenge of the sign-in under way.
    challenge: Option<String>,
    issued: usize,
}

struct Server {
    origin: String,
    state: Arc<Mutex<Idp>>,
}

impl Server {
    fn grants(&self) -> Vec<String> {
        self.state.lock().unwrap().grants.clone()
    }
}

fn json_answer(status: u16, body: Value) -> Response<Body> {
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

const CERTIFICATE: &str = include_str!("fixtures/test-app.cert.pem");
const PRIVATE_KEY: &str = include_str!("fixtures/test-app.key.pem");

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
async fn identity_platform() -> Server {
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

/// Graph: answers `GET /v1.0/communications/calls/{id}` and records the bearer token.
async fn graph(tokens: Arc<Mutex<Vec<String>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1.0", listener.local_addr().unwrap());
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let tokens = tokens.clone();
        async move {
            let auth = req
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok());
            let Some(token) = auth.and_then(|a| a.strip_prefix("Bearer tok-")) else {
                return json_answer(
                    401,
                    json!({"error": {"code": "InvalidAuthenticationToken"}}),
                );
            };
            tokens.lock().unwrap().push(format!("tok-{token}"));
            let id = req
                .uri()
                .path()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            json_answer(200, json!({"id": id}))
        }
    });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// Moves the runtime's clock on (no IO is in flight, so nothing else notices).
async fn advance(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}

async fn hundred_calls(client: &Client) {
    let calls = client.communications().calls();
    let ids: Vec<String> = (0..100).map(|i| format!("c{i}")).collect();
    let answers =
        futures_util::future::join_all(ids.iter().map(|id| calls.by_id(id).get().send())).await;
    for (answer, id) in answers.into_iter().zip(&ids) {
        assert_eq!(answer.unwrap().id.as_deref(), Some(id.as_str()));
    }
}

#[tokio::test]
async fn client_credentials_sign_in_once_for_100_concurrent_calls_and_renew_once_before_expiry() {
    let idp = identity_platform().await;
    let tokens: Arc<Mutex<Vec<String>>> = Arc::default();
    let base = graph(tokens.clone()).await;
    let credential =
        ClientCredentials::new(Authority::new(&idp.origin, TENANT).unwrap(), APP, SECRET);
    assert!(!format!("{credential:?}").contains(SECRET), "Debug redacts");
    let client = Client::builder()
        .base_url(base)
        .token(credential)
        .build()
        .unwrap();

    hundred_calls(&client).await;
    assert_eq!(
        idp.grants(),
        ["client_credentials"],
        "one sign-in for 100 calls"
    );
    assert!(tokens.lock().unwrap().iter().all(|t| t == "tok-1"));

    // 301 s on, the 600 s token is within the 300 s margin: renewed before it expires,
    // once for the next 100 concurrent calls.
    advance(Duration::from_secs(301)).await;
    hundred_calls(&client).await;
    assert_eq!(idp.grants(), ["client_credentials"; 2]);
    let tokens = tokens.lock().unwrap();
    assert_eq!(tokens.len(), 200);
    assert!(tokens[100..].iter().all(|t| t == "tok-2"));
}

#[tokio::test]
async fn a_refused_secret_is_an_auth_error_naming_the_service_code_not_the_secret() {
    let idp = identity_platform().await;
    let tokens: Arc<Mutex<Vec<String>>> = Arc::default();
    let base = graph(tokens.clone()).await;
    let authority = Authority::new(&idp.origin, TENANT).unwrap();
    let client = Client::builder()
        .base_url(base)
        .token(ClientCredentials::new(authority, APP, "wrong-secret"))
        .build()
        .unwrap();
    match client
        .communications()
        .calls()
        .by_id("c")
        .get()
        .send()
        .await
    {
        Err(Error::Auth(message)) => {
            assert!(
                message.contains("invalid_client: AADSTS7000215"),
                "{message}"
            );
            assert!(!message.contains("wrong-secret"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(tokens.lock().unwrap().is_empty(), "Graph was not called");
}

#[tokio::test]
async fn device_code_prompts_once_then_renews_with_the_rotated_refresh_token() {
    let idp = identity_platform().await;
    let prompts: Arc<Mutex<Vec<String>>> = Arc::default();
    let shown = prompts.clone();
    let credential = DeviceCode::new(
        Authority::new(&idp.origin, TENANT).unwrap(),
        APP,
        move |p| {
            shown.lock().unwrap().push(format!(
                "{} {} {}",
                p.verification_uri,
                p.user_code,
                p.message.as_deref().unwrap_or_default()
            ));
        },
    );
    assert_eq!(credential.token().await.unwrap(), "tok-1");
    assert_eq!(
        *prompts.lock().unwrap(),
        ["https://microsoft.com/devicelogin ABCD-EFGH To sign in, enter ABCD-EFGH."]
    );
    assert_eq!(credential.token().await.unwrap(), "tok-1", "cached");
    advance(Duration::from_secs(301)).await;
    assert_eq!(credential.token().await.unwrap(), "tok-2");
    advance(Duration::from_secs(301)).await;
    assert_eq!(
        credential.token().await.unwrap(),
        "tok-3",
        "the rotated refresh token works"
    );
    assert_eq!(prompts.lock().unwrap().len(), 1, "no second prompt");
    let grant = "urn:ietf:params:oauth:grant-type:device_code";
    assert_eq!(
        idp.grants(),
        [grant, grant, "refresh_token", "refresh_token"]
    );
}

#[tokio::test]
async fn authorization_code_with_pkce_then_refresh_tokens_persisted_by_the_callback() {
    let idp = identity_platform().await;
    let authority = Authority::new(&idp.origin, TENANT).unwrap();
    let flow = AuthorizationCodeFlow::new(authority.clone(), APP, "http://localhost:8400/");
    let request = flow.authorize().unwrap();
    let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
    assert!(request
        .url
        .as_str()
        .starts_with(&format!("{}/tenant-1/oauth2/v2.0/authorize?", idp.origin)));
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["client_id"], APP);
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["scope"], format!("{GRAPH_SCOPE} offline_access"));
    assert_eq!(query["state"], request.state);
    idp.state.lock().unwrap().challenge = Some(query["code_challenge"].clone());

    let forged = flow.authorize().unwrap();
    assert!(matches!(
        flow.redeem(forged, "code-1", &request.state).await,
        Err(Error::Auth(_))
    ));
    let state = request.state.clone();
    let stored: Arc<Mutex<Vec<String>>> = Arc::default();
    let store = stored.clone();
    let credential = flow
        .redeem(request, "code-1", &state)
        .await
        .unwrap()
        .on_refresh_token(move |t| store.lock().unwrap().push(t.to_owned()));
    assert_eq!(
        credential.token().await.unwrap(),
        "tok-1",
        "the redeemed token"
    );
    advance(Duration::from_secs(301)).await;
    assert_eq!(credential.token().await.unwrap(), "tok-2");
    assert_eq!(*stored.lock().unwrap(), ["rt-2"]);
    assert_eq!(idp.grants(), ["authorization_code", "refresh_token"]);

    // A refresh token kept from earlier, used by a new provider.
    let later = RefreshToken::new(authority, APP, "rt-2");
    assert_eq!(later.token().await.unwrap(), "tok-3");
    let stale = RefreshToken::new(Authority::new(&idp.origin, TENANT).unwrap(), APP, "rt-1");
    match stale.token().await {
        Err(Error::Auth(message)) => assert!(message.starts_with("invalid_grant"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn authorities_accept_national_clouds_and_refuse_plain_http_and_odd_tenants() {
    let us = Authority::new(
        docgen_runtime::signin::AZURE_US_GOVERNMENT,
        "contoso.onmicrosoft.us",
    )
    .unwrap();
    assert_eq!(
        us.token_url(),
        "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token"
    );
    assert!(
        Authority::new("http://login.example", "t").is_err(),
        "secrets over plain http"
    );
    assert!(
        Authority::new("http://[::1]:9", "t").is_ok(),
        "loopback may be http"
    );
    for tenant in ["", "..", "a/b", "a?b", "a b"] {
        assert!(Authority::public(tenant).is_err(), "{tenant:?}");
    }
}

#[tokio::test]
async fn a_certificate_signs_a_client_assertion_the_endpoint_verifies() {
    let idp = identity_platform().await;
    let authority = Authority::new(&idp.origin, TENANT).unwrap();
    let credential = ClientCertificate::new(
        authority.clone(),
        APP,
        CERTIFICATE.as_bytes(),
        PRIVATE_KEY.as_bytes(),
    )
    .unwrap();
    assert_eq!(credential.token().await.unwrap(), "tok-1");
    assert_eq!(credential.token().await.unwrap(), "tok-1", "cached");
    assert_eq!(idp.grants(), ["client_credentials"]);
    // Another key for the same certificate: the endpoint refuses its signature.
    let other = ClientCertificate::new(
        authority,
        APP,
        CERTIFICATE.as_bytes(),
        include_bytes!("fixtures/other.key.pem"),
    )
    .unwrap();
    match other.token().await {
        Err(Error::Auth(message)) => assert!(message.contains("signature"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(ClientCertificate::new(
        Authority::public("t").unwrap(),
        APP,
        b"not a pem",
        PRIVATE_KEY.as_bytes()
    )
    .is_err());
}
