//! Large file uploads against a strict loopback emulation of upload sessions
//! (tests/support): real HTTP on 127.0.0.1, every documented rule enforced by the server.
//! No sleeps synchronise anything; every call is guarded by an outer timeout.

mod support;

use docgen_runtime::{
    decode_json, Client, Error, LargeFileUpload, Method, RetryPolicy, SliceRule, StaticToken,
    UploadProgress, UploadSession,
};
use serde::Deserialize;
use serde_json::json;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::{content, RangeForm, Session, Shared, UNIT};

const TOKEN: &str = "upload-test-token";

#[derive(Debug, Deserialize, PartialEq)]
struct DriveItem {
    id: String,
    name: String,
    size: u64,
}

async fn guarded<T>(call: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(120), call)
        .await
        .expect("the upload finished")
}

/// A Graph endpoint (requiring the token) answering `createUploadSession` with an upload
/// URL on a second server (the emulated session), and a client for it.
async fn setup(session: Session) -> (Client, Shared, String) {
    let shared: Shared = Arc::new(Mutex::new(session));
    let upload_origin = support::serve(shared.clone(), |_| async { support::status(404) }).await;
    let upload_url = format!("{upload_origin}/up/session-1");
    let unused: Shared = Arc::default();
    let url = upload_url.clone();
    let graph = support::serve(unused, move |req| {
        let url = url.clone();
        async move {
            let bearer = req
                .headers()
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned());
            if bearer.as_deref() != Some(&format!("Bearer {TOKEN}")) {
                return support::status(401);
            }
            if req.uri().path() != "/v1.0/me/drive/root:/big.bin:/createUploadSession" {
                return support::status(404);
            }
            axum::http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(axum::body::Body::from(
                    json!({"uploadUrl": url, "expirationDateTime": "2999-01-01T00:00:00Z",
                           "nextExpectedRanges": ["0-"]})
                    .to_string(),
                ))
                .unwrap()
        }
    })
    .await;
    let client = Client::builder()
        .base_url(format!("{graph}/v1.0"))
        .token(StaticToken::new(TOKEN))
        .retry_policy(RetryPolicy {
            max_retries: 3,
            max_elapsed: Duration::from_secs(60),
            base_delay: Duration::from_millis(1),
        })
        .build()
        .unwrap();
    (client, shared, upload_url)
}

async fn create_session(client: &Client) -> UploadSession {
    client
        .request(
            Method::POST,
            "/me/drive/root:/big.bin:/createUploadSession".into(),
            decode_json::<UploadSession>,
        )
        .json(&json!({"item": {"@microsoft.graph.conflictBehavior": "rename"}}))
        .send()
        .await
        .unwrap()
}

/// 10 MiB and an odd tail, in slices of 3 × 320 KiB; the service drops the fourth slice
/// after keeping its first 320 KiB, and the upload goes on from what it says it has.
#[tokio::test(flavor = "multi_thread")]
async fn ten_mib_in_aligned_slices_with_a_dropped_slice_resumed() {
    let size = 10 * 1024 * 1024 + 12_345;
    let mut session = Session::new(size);
    session.drop = vec![(3, UNIT)];
    let (client, shared, upload_url) = setup(session).await;
    let created = create_session(&client).await;
    assert_eq!(created.upload_url, upload_url);
    let source = content(size);
    let seen: Arc<Mutex<Vec<UploadProgress>>> = Arc::default();
    let progress = seen.clone();
    let item: DriveItem = guarded(
        LargeFileUpload::new(&client, created, size)
            .slice_size(3 * UNIT)
            .on_progress(move |p| progress.lock().unwrap().push(p))
            .upload(&source[..]),
    )
    .await
    .unwrap();
    assert_eq!(item.size, size);
    let s = shared.lock().unwrap();
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert!(
        s.finished && s.data == source,
        "the stored file is the source"
    );
    let puts: Vec<&str> = s
        .log
        .iter()
        .filter(|(m, _)| m == "PUT")
        .map(|(_, r)| r.as_deref().unwrap())
        .collect();
    // 11 slices, one dropped (its remaining 640 KiB sent again after a status GET).
    assert_eq!(puts.len(), 12, "{puts:?}");
    assert_eq!(puts[3], "bytes 2949120-3932159/10498105");
    assert_eq!(
        puts[4], "bytes 3276800-3932159/10498105",
        "resumed where the service was"
    );
    assert_eq!(
        puts[11], "bytes 9830400-10498104/10498105",
        "odd-size last slice"
    );
    let gets = s.log.iter().filter(|(m, _)| m == "GET").count();
    assert_eq!(gets, 1, "one status query after the dropped slice");
    let progress = seen.lock().unwrap();
    assert!(progress.windows(2).all(|w| w[0].uploaded < w[1].uploaded));
    assert_eq!(
        progress.last().map(|p| (p.uploaded, p.total)),
        Some((size, size))
    );
}

/// msgraph-sdk-java #2581: a last slice of one byte, the service answering with the
/// closed `"start-end"` form where start = end.
#[tokio::test(flavor = "multi_thread")]
async fn a_one_byte_last_slice_and_closed_ranges() {
    let size = 2 * UNIT + 1;
    let mut session = Session::new(size);
    session.form = Some(RangeForm::Closed);
    let (client, shared, upload_url) = setup(session).await;
    let source = content(size);
    let item: DriveItem = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url), size)
            .slice_size(UNIT)
            .upload(&source[..]),
    )
    .await
    .unwrap();
    assert_eq!((item.id.as_str(), item.name.as_str()), ("01BIG", "big.bin"));
    let s = shared.lock().unwrap();
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.data, source);
    assert_eq!(
        s.log.last().unwrap().1.as_deref(),
        Some("bytes 655360-655360/655361")
    );
}

/// The upload URL on the client's own origin still gets no token: it is pre-authenticated.
#[tokio::test(flavor = "multi_thread")]
async fn no_token_on_an_upload_url_even_on_the_base_origin() {
    let size = UNIT + 10;
    let shared: Shared = Arc::new(Mutex::new(Session::new(size)));
    let origin = support::serve(shared.clone(), |_| async { support::status(404) }).await;
    let client = Client::builder()
        .base_url(format!("{origin}/v1.0"))
        .token(StaticToken::new(TOKEN))
        .build()
        .unwrap();
    let session = UploadSession::new(format!("{origin}/up/same-origin"));
    let item: DriveItem = guarded(
        LargeFileUpload::new(&client, session, size)
            .slice_size(UNIT)
            .upload(&content(size)[..]),
    )
    .await
    .unwrap();
    assert_eq!(item.size, size);
    let s = shared.lock().unwrap();
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.puts, 2);
}

/// The service says the session is gone (404): an error at once, not a loop.
#[tokio::test(flavor = "multi_thread")]
async fn an_expired_session_is_an_error() {
    let size = 4 * UNIT;
    let mut session = Session::new(size);
    session.expire_at_put = Some(2);
    let (client, shared, upload_url) = setup(session).await;
    let err = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url.clone()), size)
            .slice_size(UNIT)
            .upload::<DriveItem, _>(&content(size)[..]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::UploadSessionExpired(Some(api)) if api.status == 404),
        "{err:?}"
    );
    assert_eq!(
        shared.lock().unwrap().log.len(),
        3,
        "two slices, the third refused"
    );

    // An expirationDateTime in the past: nothing is sent.
    let before = shared.lock().unwrap().log.len();
    let expired = UploadSession {
        upload_url,
        expiration_date_time: Some("2020-01-01T00:00:00Z".into()),
        next_expected_ranges: vec!["0-".into()],
    };
    let err = guarded(
        LargeFileUpload::new(&client, expired, size).upload::<DriveItem, _>(&content(size)[..]),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::UploadSessionExpired(None)), "{err:?}");
    assert_eq!(shared.lock().unwrap().log.len(), before);
}

/// A drive item's slices are multiples of 320 KiB: refused before anything is sent.
/// Attachments take any size, and Outlook's single-offset ranges are read.
#[tokio::test(flavor = "multi_thread")]
async fn slice_rules_for_drive_items_and_attachments() {
    let size = 100_000;
    let (client, shared, upload_url) = setup(Session::new(size)).await;
    let err = LargeFileUpload::new(&client, UploadSession::new(upload_url), size)
        .slice_size(4 * 1024 * 1024)
        .upload::<DriveItem, _>(&content(size)[..])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Upload(m) if m.contains("320 KiB")),
        "{err}"
    );
    assert!(shared.lock().unwrap().log.is_empty());

    let mut attachment = Session::new(size);
    attachment.aligned = false;
    attachment.form = Some(RangeForm::Single);
    let (client, shared, upload_url) = setup(attachment).await;
    let item: DriveItem = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url), size)
            .rule(SliceRule::Any)
            .slice_size(30_000)
            .upload(&content(size)[..]),
    )
    .await
    .unwrap();
    assert_eq!(item.size, size);
    let s = shared.lock().unwrap();
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.puts, 4, "30000 × 3 + 10000");
}

/// Resuming after a restart: the service is asked what it has, and the source is read
/// past it.
#[tokio::test(flavor = "multi_thread")]
async fn resume_goes_on_from_what_the_service_has() {
    let size = 5 * UNIT + 99;
    let (client, shared, upload_url) = setup(Session::new(size)).await;
    let source = content(size);
    // A first run that stops after two slices (the content is cut short).
    let err = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url.clone()), size)
            .slice_size(UNIT)
            .upload::<DriveItem, _>(&source[..(2 * UNIT + 5) as usize]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Upload(m) if m.contains("ended")),
        "{err}"
    );
    let item: DriveItem = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url), size)
            .slice_size(UNIT)
            .resume(&source[..]),
    )
    .await
    .unwrap();
    assert_eq!(item.size, size);
    let s = shared.lock().unwrap();
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.data, source);
    assert_eq!(s.puts, 6, "2 before, 4 after the resume");
}

/// Content longer than announced: the last slice is not sent (it would finish a wrong file).
#[tokio::test(flavor = "multi_thread")]
async fn content_longer_than_announced_is_refused() {
    let size = UNIT + 1;
    let (client, shared, upload_url) = setup(Session::new(size)).await;
    let err = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url), size)
            .slice_size(UNIT)
            .upload::<DriveItem, _>(&content(size + 1)[..]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Upload(m) if m.contains("longer")),
        "{err}"
    );
    assert!(!shared.lock().unwrap().finished);
}

/// Cancel: a DELETE on the upload URL, without the token; the session is then gone.
#[tokio::test(flavor = "multi_thread")]
async fn cancel_deletes_the_session() {
    let (client, shared, upload_url) = setup(Session::new(UNIT)).await;
    let session = UploadSession::new(upload_url.clone());
    guarded(LargeFileUpload::new(&client, session, UNIT).cancel())
        .await
        .unwrap();
    let err = guarded(
        LargeFileUpload::new(&client, UploadSession::new(upload_url), UNIT)
            .resume::<DriveItem, _>(&content(UNIT)[..]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, Error::UploadSessionExpired(Some(_))),
        "{err:?}"
    );
    let s = shared.lock().unwrap();
    assert!(s.violations.is_empty(), "{:?}", s.violations);
    assert_eq!(s.log[0].0, "DELETE");
}

/// A slice the service keeps refusing: the last answer, after `max_retries` retries, each
/// preceded by a status query. Futures and the download stream can go to another task.
#[tokio::test(flavor = "multi_thread")]
async fn a_slice_refused_every_time_ends_with_the_last_answer() {
    let size = 2 * UNIT;
    let mut session = Session::new(size);
    session.drop = (1..10).map(|put| (put, 0)).collect();
    let (client, shared, upload_url) = setup(session).await;
    let source = content(size);
    let upload = LargeFileUpload::new(&client, UploadSession::new(upload_url), size)
        .slice_size(UNIT)
        .upload::<DriveItem, _>(&source[..]);
    fn assert_send<T: Send>(_: &T) {}
    assert_send(&upload);
    assert_send(&client.download("/x"));
    let err = guarded(upload).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status == 500),
        "{err:?}"
    );
    let s = shared.lock().unwrap();
    let methods: Vec<&str> = s.log.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        methods,
        ["PUT", "PUT", "GET", "PUT", "GET", "PUT", "GET", "PUT"]
    );
}
