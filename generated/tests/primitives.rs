//! The OData primitives the models map to crate types: `Edm.DateTimeOffset`, `Edm.Date`,
//! `Edm.TimeOfDay`, `Edm.Duration` (all `time`), `Edm.Binary` (`Vec<u8>`, base64) and
//! `Edm.Int64`. Each is read from the notation the service writes, written back in it, and
//! a value outside the notation is an error naming the value. The notations themselves are
//! tested in the runtime crate (`generator/runtime/src/odata/text.rs`).
#![deny(warnings)]

use graph_comms::models::{
    CallRecord, CallRecordsMediaStream, ChatMessageHostedContent, RecurrenceRange,
    ShiftAvailability,
};
use graph_comms::runtime::time::macros::{date, datetime, time};
use graph_comms::runtime::time::Duration;
use serde_json::{json, Value};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: Value) -> (T, Value) {
    let typed: T = serde_json::from_value(value).expect("deserializes");
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: Value) -> String {
    serde_json::from_value::<T>(value)
        .expect_err("is refused")
        .to_string()
}

#[test]
fn models_hold_typed_primitives() {
    let (stream, back) = round_trip::<CallRecordsMediaStream>(json!({
        "streamId": "1504545584",
        "averageJitter": "PT0.016S",
        "maxRoundTripTime": "PT1M5.25S",
        "startDateTime": "2020-02-25T19:00:24.582757Z",
        "packetUtilization": 8_589_934_592_i64,
    }));
    assert_eq!(stream.average_jitter, Some(Duration::milliseconds(16)));
    assert_eq!(
        stream.start_date_time,
        Some(datetime!(2020-02-25 19:00:24.582757 UTC))
    );
    assert_eq!(stream.packet_utilization, Some(8_589_934_592));
    assert_eq!(back["maxRoundTripTime"], "PT1M5.25S");

    let (range, back) =
        round_trip::<RecurrenceRange>(json!({"startDate": "2026-03-01", "endDate": "2026-03-31"}));
    assert_eq!(range.start_date, Some(date!(2026 - 03 - 01)));
    assert_eq!(
        back,
        json!({"startDate": "2026-03-01", "endDate": "2026-03-31"})
    );

    // A list of times of day goes through the same notation, item by item.
    let (availability, back) = round_trip::<ShiftAvailability>(json!({
        "timeSlots": [{"startTime": "08:00:00.0000000", "endTime": "12:00:00"}],
    }));
    let slots = availability.time_slots.expect("slots");
    assert_eq!(slots[0].start_time, Some(time!(08:00)));
    assert_eq!(back["timeSlots"][0]["startTime"], "08:00:00");

    let (content, back) = round_trip::<ChatMessageHostedContent>(
        json!({"contentBytes": "iVBORw0KGgo=", "contentType": "image/png"}),
    );
    assert_eq!(
        content.content_bytes.as_deref(),
        Some(&b"\x89PNG\r\n\x1a\n"[..])
    );
    assert_eq!(back["contentBytes"], "iVBORw0KGgo=");

    // Absent and null both read as `None`, and `None` is left out.
    let (record, back) = round_trip::<CallRecord>(json!({"id": "e523d2ed", "startDateTime": null}));
    assert_eq!(record.start_date_time, None);
    assert_eq!(back, json!({"id": "e523d2ed"}));
}

#[test]
fn values_outside_the_notation_are_errors_that_name_them() {
    let e = error_of::<CallRecordsMediaStream>(json!({"averageJitter": "String (duration)"}));
    assert!(
        e.contains("`String (duration)` is not an ISO 8601 duration"),
        "{e}"
    );
    let e = error_of::<CallRecord>(json!({"startDateTime": "2020-02-25"}));
    assert!(
        e.contains("`2020-02-25` is not an RFC 3339 date-time"),
        "{e}"
    );
    let e = error_of::<ChatMessageHostedContent>(json!({"contentBytes": "Binary"}));
    assert!(e.contains("`Binary` is not base64"), "{e}");
    let e = error_of::<RecurrenceRange>(json!({"startDate": 20260301}));
    assert!(e.contains("expected a string"), "{e}");
}
