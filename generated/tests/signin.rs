//! Sign-in providers against an emulated Microsoft identity platform on a loopback port
//! (identity_platform/: token and device code endpoints, the documented form fields
//! checked), and the generated client calling an emulated Graph with their tokens.
#![deny(warnings)]

mod identity_platform;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use docgen_runtime::signin::{
    Authority, AuthorizationCodeFlow, ClientCertificate, ClientCredentials, DeviceCode,
    RefreshToken,
};
use docgen_runtime::TokenProvider;
use graph_comms::runtime::Error;
use graph_comms::Client;
use identity_platform::{
    identity_platform, json_answer, APP, CERTIFICATE, GRAPH_SCOPE, PRIVATE_KEY, SECRET, TENANT,
};
use serde_json::json;
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
