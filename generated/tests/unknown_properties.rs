//! Nothing the service sends is lost: properties newer than the docs, and instance
//! annotations, are kept on every model (`additional_data`), reachable by name and written
//! back, so a read-modify-write never deletes what a newer service version added.
#![deny(warnings)]

use graph_comms::models::{AnyMediaConfig, Call, CallState, Participant, ServiceHostedMediaConfig};
use serde_json::{json, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(value.clone()).expect("deserializes");
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

#[test]
fn unknown_properties_and_annotations_are_kept_and_written_back() {
    let sent = json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#communications/calls/$entity",
        "@odata.etag": "W/\"3\"",
        "id": "c-1",
        "state": "established",
        "webUrl": "https://teams.example/call/c-1",
        "grantedToIdentitiesV2": [{"user": {"id": "u-1"}}],
        "source": {"identity": {"user": {"id": "u-2", "tenantId": "t-9"}}, "newerFlag": true},
        "participants@odata.nextLink": "https://graph.microsoft.com/v1.0/next"
    });
    let (call, back) = round_trip::<Call>(&sent);
    assert_eq!(back, sent, "written back exactly");
    assert_eq!(call.state, Some(CallState::Established));
    let extra = &call.additional_data;
    assert_eq!(
        extra.get("webUrl"),
        Some(&json!("https://teams.example/call/c-1"))
    );
    assert_eq!(extra.get("@odata.etag"), Some(&json!("W/\"3\"")));
    assert_eq!(extra.len(), 5);
    assert_eq!(extra.annotations().count(), 3);
    // Nested models keep theirs too.
    let source = call.source.as_ref().unwrap();
    assert_eq!(source.additional_data.get("newerFlag"), Some(&json!(true)));

    // A read-modify-write keeps what it did not touch.
    let mut changed = call.clone();
    changed.subject = Some("renamed".into());
    let written = serde_json::to_value(&changed).unwrap();
    assert_eq!(
        written["grantedToIdentitiesV2"],
        sent["grantedToIdentitiesV2"]
    );
    assert_eq!(written["subject"], "renamed");
}

#[test]
fn unknown_properties_are_kept_from_bytes_with_escapes_too() {
    // Keys with escapes cannot be borrowed from the input; they are read all the same.
    let text = r#"{"id":"c-2","we\u0062Url":"x","state":"newState"}"#;
    let call: Call = serde_json::from_str(text).unwrap();
    assert_eq!(call.additional_data.get("webUrl"), Some(&json!("x")));
    assert_eq!(call.state, Some(CallState::Other("newState".into())));
    let e = serde_json::from_str::<Call>(r#"{"id": 5}"#).unwrap_err();
    assert!(e.to_string().contains("expected a string"), "{e}");
    let e = serde_json::from_str::<Call>("[1]").unwrap_err();
    assert!(e.to_string().contains("expected a JSON object"), "{e}");
}

#[test]
fn polymorphic_values_read_the_same_whether_the_tag_comes_first_or_later() {
    let first = r##"{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig","preFetchMedia":[{"uri":"https://m/1.wav"}],"newer":1}"##;
    let later = r##"{"preFetchMedia":[{"uri":"https://m/1.wav"}],"newer":1,"@odata.type":"#microsoft.graph.serviceHostedMediaConfig"}"##;
    let bare = r##"{"@odata.type":"serviceHostedMediaConfig","preFetchMedia":[{"uri":"https://m/1.wav"}],"newer":1}"##;
    let mut read = Vec::new();
    for text in [first, later, bare] {
        match serde_json::from_str::<AnyMediaConfig>(text).unwrap() {
            AnyMediaConfig::ServiceHostedMediaConfig(ServiceHostedMediaConfig {
                pre_fetch_media,
                additional_data,
                ..
            }) => {
                assert_eq!(
                    pre_fetch_media.unwrap()[0].uri.as_deref(),
                    Some("https://m/1.wav")
                );
                assert_eq!(additional_data.get("newer"), Some(&json!(1)));
            }
            other => panic!("{text}: {other:?}"),
        }
        read.push(
            serde_json::to_value(serde_json::from_str::<AnyMediaConfig>(text).unwrap()).unwrap(),
        );
    }
    assert_eq!(read[0], serde_json::from_str::<Value>(first).unwrap());
    assert_eq!(read[0], read[1]);
    // No tag, or one this client does not know: the base type, nothing lost.
    for text in [
        r#"{"removeFromDefaultAudioGroup":true}"#,
        r##"{"@odata.type":"#microsoft.graph.futureMediaConfig","x":2}"##,
    ] {
        let value = serde_json::from_str::<AnyMediaConfig>(text).unwrap();
        assert!(
            matches!(value, AnyMediaConfig::MediaConfig(_)),
            "{text}: {value:?}"
        );
        assert_eq!(
            serde_json::to_value(&value).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }
}

#[test]
fn instance_annotations_the_docs_list_have_accessors_and_are_written_back() {
    use graph_comms::models::DriveItem;
    let sent = json!({
        "id": "i-1",
        "name": "report.txt",
        "@microsoft.graph.downloadUrl": "https://download.example/i-1?token=t"
    });
    let (mut item, back) = round_trip::<DriveItem>(&sent);
    assert_eq!(back, sent);
    assert_eq!(
        item.download_url_annotation(),
        Some("https://download.example/i-1?token=t")
    );
    assert_eq!(item.conflict_behavior_annotation(), None);
    // A request body asks for a behaviour through an annotation.
    item.set_conflict_behavior_annotation("rename");
    let written = serde_json::to_value(&item).unwrap();
    assert_eq!(written["@microsoft.graph.conflictBehavior"], "rename");
    assert_eq!(written["name"], "report.txt");
}

#[test]
fn debug_shows_the_type_and_only_what_is_set() {
    let call = Call {
        id: Some("c-1".into()),
        state: Some(CallState::Established),
        media_config: Some(AnyMediaConfig::ServiceHostedMediaConfig(
            ServiceHostedMediaConfig {
                odata_type: Some("#microsoft.graph.serviceHostedMediaConfig".into()),
                ..Default::default()
            },
        )),
        ..Default::default()
    };
    assert_eq!(
        format!("{call:?}"),
        r##"Call {"id":"c-1","mediaConfig":{"@odata.type":"#microsoft.graph.serviceHostedMediaConfig"},"state":"established"}"##
    );
    // An `Any*` value shows the variant it holds.
    let media = call.media_config.as_ref().unwrap();
    assert!(format!("{media:?}").starts_with("ServiceHostedMediaConfig {"));
    // `{:#?}` indents the JSON.
    let pretty = format!("{call:#?}");
    assert!(
        pretty.starts_with("Call {\n  \"id\": \"c-1\",\n"),
        "{pretty}"
    );
    assert_eq!(format!("{:?}", Call::default()), "Call {}");
}

#[test]
fn models_are_equal_when_they_send_the_same_json() {
    let a: Call =
        serde_json::from_value(json!({"id": "c-1", "webUrl": "u", "@odata.etag": "1"})).unwrap();
    let b: Call =
        serde_json::from_value(json!({"@odata.etag": "1", "webUrl": "u", "id": "c-1"})).unwrap();
    assert_eq!(a, b, "property order aside");
    let mut c = b.clone();
    c.additional_data.insert("webUrl", json!("v"));
    assert_ne!(a, c, "an unknown property counts");
    c = b.clone();
    c.state = Some(CallState::Terminated);
    assert_ne!(a, c);
}

#[test]
fn a_clone_keeps_every_field_and_unknown_member() {
    let sent = json!({
        "id": "p-1",
        "isMuted": true,
        "isInLobby": false,
        "info": {"identity": {"user": {"id": "u-1"}}},
        "newerFlag": {"a": 1},
        "@odata.etag": "W/\"1\""
    });
    let participant: Participant = serde_json::from_value(sent.clone()).unwrap();
    let copy = participant.clone();
    assert_eq!(copy.is_muted, Some(true));
    assert_eq!(serde_json::to_value(&copy).unwrap(), sent);
    // `Default` is the empty object: every field unset, nothing kept.
    assert_eq!(
        serde_json::to_value(Participant::default()).unwrap(),
        json!({})
    );
}

#[test]
fn enum_values_compare_hash_and_print_as_their_text() {
    use std::collections::HashSet;
    // A value read before this client knew it equals the member it became.
    assert_eq!(CallState::Other("terminated".into()), CallState::Terminated);
    assert_eq!(CallState::from("terminated"), CallState::Terminated);
    assert_ne!(CallState::Other("parked".into()), CallState::Hold);
    let set: HashSet<CallState> = [
        CallState::Terminated,
        CallState::Other("terminated".into()),
        CallState::Hold,
    ]
    .into_iter()
    .collect();
    assert_eq!(set.len(), 2);
    assert_eq!(format!("{:?}", CallState::Established), r#""established""#);
    assert_eq!(
        format!("{:?}", CallState::Other("parked".into())),
        r#""parked""#
    );
}
