//! Value notations: what a sample string looks like (RFC 3339 date-time, ISO 8601 date,
//! time of day or duration, GUID, base64). A leaf module: `lower` and `infer` both read
//! values, and neither depends on the other for it.

/// The `@odata.type` notation, in annotations and in JSON alike:
/// `#microsoft.graph.x` → `microsoft.graph.x`; `Collection(microsoft.graph.x)` → (`microsoft.graph.x`, true).
pub fn odata_type_name(raw: &str) -> (String, bool) {
    let t = raw.trim().trim_start_matches('#').trim();
    if let Some(inner) = t
        .strip_prefix("Collection(")
        .or_else(|| t.strip_prefix("collection("))
    {
        let inner = inner.trim_end_matches(')').trim().trim_start_matches('#');
        return (inner.to_string(), true);
    }
    (t.to_string(), false)
}

/// The type a sample string suggests, by value alone: an RFC 3339 date-time, an ISO 8601
/// date, time of day or duration, a GUID, or else a string. Values are the weakest
/// evidence: a declaration or placeholder overrides them, and samples of one property that
/// suggest different types widen it to `Edm.String`.
pub fn string_value_type(s: &str) -> &'static str {
    if is_timestamp(s) {
        "Edm.DateTimeOffset"
    } else if is_date(s) {
        "Edm.Date"
    } else if is_time_of_day(s) {
        "Edm.TimeOfDay"
    } else if is_duration(s) {
        "Edm.Duration"
    } else if uuid_like(s) {
        "Edm.Guid"
    } else {
        "Edm.String"
    }
}

/// `2024-05-01`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).is_ok()
}

/// `08:30:00`, `08:30:00.0000000`: hours, minutes and seconds (without seconds, `08:30`
/// is as likely a label as a time).
pub fn is_time_of_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 8
        && b[2] == b':'
        && b[5] == b':'
        && time::Time::parse(
            s,
            time::macros::format_description!("[hour]:[minute]:[second][optional [.[subsecond]]]"),
        )
        .is_ok()
}

/// ISO 8601 duration: `P30D`, `PT1H30M`, `-PT17.1357909S`.
pub fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('-').unwrap_or(s).strip_prefix('P') else {
        return false;
    };
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let units_in_order = |part: &str, units: &str| {
        let mut next = 0;
        let mut number = false;
        for c in part.chars() {
            if c.is_ascii_digit() || (c == '.' && number) {
                number = true;
            } else if let Some(i) = units[next..].find(c).filter(|_| number) {
                next += i + 1;
                number = false;
            } else {
                return false;
            }
        }
        !number
    };
    !(date.is_empty() && time.is_empty())
        && (rest.contains('T') != time.is_empty())
        && units_in_order(date, "YMWD")
        && units_in_order(time, "HMS")
}

/// Standard or URL-safe base64, padded or not, as a decoder that checks the unused bits of
/// the last symbol reads it (`Binary`, a placeholder, is not base64).
pub fn is_base64(s: &str) -> bool {
    const SYMBOLS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let value = |b: u8| {
        SYMBOLS.iter().position(|&c| c == b).or(match b {
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        })
    };
    let body = s.trim_end_matches('=');
    let padded = body.len() != s.len();
    let last_bits_unused = match body.len() % 4 {
        0 => true,
        2 => body
            .bytes()
            .last()
            .and_then(value)
            .is_some_and(|v| v & 0b1111 == 0),
        3 => body
            .bytes()
            .last()
            .and_then(value)
            .is_some_and(|v| v & 0b11 == 0),
        _ => false,
    };
    !body.is_empty()
        && (!padded || s.len() % 4 == 0)
        && last_bits_unused
        && body.bytes().all(|b| value(b).is_some())
}

/// RFC 3339 date-time, as `time` will parse it.
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b'T' || b[10] == b't')
        && b[13] == b':'
        && (s.ends_with('Z') || s.ends_with('z') || s[19..].contains(['+', '-']))
        && time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

/// `8-4-4-4-12` hexadecimal digits, as `uuid` reads them. Every example string passes
/// through here, so it allocates nothing.
pub fn uuid_like(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}
