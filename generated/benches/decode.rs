//! Deserialization throughput of the generated models against `serde_json::Value`, on
//! the same bytes: a large collection response (participants of a call, shaped like the
//! documented example, ~15 MB). `cargo bench -p graph-comms --bench decode`; figures in
//! BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use graph_comms::models::Participant;
use graph_comms::runtime::Collection;
use std::hint::black_box;

/// `{"@odata.context": ..., "value": [participant, ...]}` of about `bytes` bytes.
fn participants(bytes: usize) -> String {
    let mut items = Vec::new();
    let mut len = 0;
    let mut i = 0usize;
    while len < bytes {
        let item = serde_json::json!({
            "@odata.type": "#microsoft.graph.participant",
            "id": format!("{i:08x}-d69a-492e-ba2d-ccaf175c8ad3"),
            "info": {
                "@odata.type": "#microsoft.graph.participantInfo",
                "identity": {
                    "@odata.type": "#microsoft.graph.identitySet",
                    "user": {"@odata.type": "#microsoft.graph.identity", "displayName": format!("User {i}"), "id": format!("{i:08x}-f25d-4712-a882-61adbddfe3fe")}
                },
                "endpointType": "default",
                "countryCode": "NG",
                "languageId": "en-GB",
                "region": "emea",
                "participantId": format!("{i:08x}-11d3-4241-810f-9cdc972df08b")
            },
            "mediaStreams": [
                {"@odata.type": "#microsoft.graph.mediaStream", "mediaType": "audio", "sourceId": "2", "direction": "sendReceive", "serverMuted": false},
                {"@odata.type": "#microsoft.graph.mediaStream", "mediaType": "video", "sourceId": "3", "direction": "receiveOnly", "serverMuted": false, "label": "main-video"}
            ],
            "isMuted": i % 3 == 0,
            "isInLobby": false,
            "metadata": "desk-12"
        })
        .to_string();
        len += item.len() + 1;
        items.push(item);
        i += 1;
    }
    format!(
        "{{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#communications/calls('1')/participants\",\"value\":[{}]}}",
        items.join(",")
    )
}

fn decode(c: &mut Criterion) {
    let body = participants(15_000_000);
    // The models must read this body completely, or the figure means nothing.
    let typed: Collection<Participant> = serde_json::from_str(&body).unwrap();
    assert!(typed
        .value
        .iter()
        .all(|p| p.additional_data.is_empty() && p.info.is_some()));
    let mut group = c.benchmark_group("decode-participants");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.bench_function("generated-models", |b| {
        b.iter(|| {
            serde_json::from_slice::<Collection<Participant>>(black_box(body.as_bytes())).unwrap()
        })
    });
    group.bench_function("serde_json-value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(body.as_bytes())).unwrap())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
