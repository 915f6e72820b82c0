//! Primitives that OData writes as JSON strings in a notation of their own: how model
//! fields of these types are read and written. [`Text::to_text`] also gives the notation
//! for a query, such as a date in a `$filter`.

use crate::object::{Entries, Key};
use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::fmt::Write as _;
use time::macros::format_description;

/// A value with a text notation.
pub trait Text: Sized {
    /// What the text should be, for error messages.
    const EXPECTED: &'static str;
    /// Reads the notation; `None` when the text is not in it.
    fn from_text(text: &str) -> Option<Self>;
    /// Writes the notation.
    fn to_text(&self) -> String;
}

/// `Edm.DateTimeOffset`: RFC 3339 (`2024-05-01T08:30:00.1234567Z`).
impl Text for time::OffsetDateTime {
    const EXPECTED: &'static str = "an RFC 3339 date-time";
    fn from_text(text: &str) -> Option<Self> {
        Self::parse(text, &time::format_description::well_known::Rfc3339).ok()
    }
    fn to_text(&self) -> String {
        // Every date-time this type holds has an RFC 3339 form but years past 9999.
        self.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }
}

/// `Edm.Date`: `2024-05-01`.
impl Text for time::Date {
    const EXPECTED: &'static str = "a date (YYYY-MM-DD)";
    fn from_text(text: &str) -> Option<Self> {
        Self::parse(text, format_description!("[year]-[month]-[day]")).ok()
    }
    fn to_text(&self) -> String {
        self.format(format_description!("[year]-[month]-[day]"))
            .unwrap_or_default()
    }
}

/// `Edm.TimeOfDay`: `08:30:00`, with a fraction of a second when there is one.
impl Text for time::Time {
    const EXPECTED: &'static str = "a time of day (hh:mm:ss.fffffff)";
    fn from_text(text: &str) -> Option<Self> {
        Self::parse(
            text,
            format_description!("[hour]:[minute][optional [:[second][optional [.[subsecond]]]]]"),
        )
        .ok()
    }
    fn to_text(&self) -> String {
        let format = if self.nanosecond() == 0 {
            format_description!("[hour]:[minute]:[second]")
        } else {
            format_description!("[hour]:[minute]:[second].[subsecond]")
        };
        self.format(format).unwrap_or_default()
    }
}

/// `Edm.Duration`: ISO 8601 (`PT1H30M`, `-PT17.5S`, `P30D`). Years and months have no
/// fixed length; they are read as 365 and 30 days, as .NET's `XmlConvert` reads them,
/// and never written.
impl Text for time::Duration {
    const EXPECTED: &'static str = "an ISO 8601 duration (PnDTnHnMnS)";
    fn from_text(text: &str) -> Option<Self> {
        const DAY: i64 = 86_400;
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let rest = rest.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) if !time.is_empty() => (date, time),
            Some(_) => return None,
            None => (rest, ""),
        };
        let date_units: &[(char, i64)] = &[
            ('Y', 365 * DAY),
            ('M', 30 * DAY),
            ('W', 7 * DAY),
            ('D', DAY),
        ];
        let time_units: &[(char, i64)] = &[('H', 3_600), ('M', 60), ('S', 1)];
        let mut total = time::Duration::ZERO;
        let mut any = false;
        for (part, units) in [(date, date_units), (time, time_units)] {
            let mut rest = part;
            let mut next_unit = 0;
            while !rest.is_empty() {
                let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
                let (number, unit) = (&rest[..end], rest[end..].chars().next()?);
                let index = next_unit + units[next_unit..].iter().position(|(u, _)| *u == unit)?;
                next_unit = index + 1;
                let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
                if whole.is_empty()
                    || !whole.bytes().all(|b| b.is_ascii_digit())
                    || !fraction.bytes().all(|b| b.is_ascii_digit())
                {
                    return None;
                }
                // Fractions only on seconds, the one unit .NET writes them on.
                if !fraction.is_empty() && unit != 'S' {
                    return None;
                }
                let seconds = whole.parse::<i64>().ok()?.checked_mul(units[index].1)?;
                let nanos: i64 = format!("{fraction:0<9}").get(..9)?.parse().ok()?;
                total = total.checked_add(time::Duration::new(seconds, nanos as i32))?;
                rest = &rest[end + 1..];
                any = true;
            }
        }
        any.then_some(if negative { -total } else { total })
    }
    fn to_text(&self) -> String {
        let mut out = String::from(if self.is_negative() { "-P" } else { "P" });
        let seconds = self.whole_seconds().unsigned_abs();
        let nanos = self.subsec_nanoseconds().unsigned_abs();
        let (days, hours, minutes, seconds) = (
            seconds / 86_400,
            seconds % 86_400 / 3_600,
            seconds % 3_600 / 60,
            seconds % 60,
        );
        if days > 0 {
            let _ = write!(out, "{days}D");
        }
        if hours > 0 || minutes > 0 || seconds > 0 || nanos > 0 || days == 0 {
            out.push('T');
            if hours > 0 {
                let _ = write!(out, "{hours}H");
            }
            if minutes > 0 {
                let _ = write!(out, "{minutes}M");
            }
            if seconds > 0 || nanos > 0 || (hours == 0 && minutes == 0) {
                let _ = write!(out, "{seconds}");
                if nanos > 0 {
                    let fraction = format!("{nanos:09}");
                    let _ = write!(out, ".{}", fraction.trim_end_matches('0'));
                }
                out.push('S');
            }
        }
        out
    }
}

/// `Edm.Binary`: base64. Reads the standard and the URL-safe alphabet, padded or not;
/// writes the standard alphabet, padded, as Microsoft Graph does.
impl Text for Vec<u8> {
    const EXPECTED: &'static str = "base64";
    fn from_text(text: &str) -> Option<Self> {
        use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
        use base64::Engine as _;
        let config =
            GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
        let alphabet = if text.contains(['-', '_']) {
            &base64::alphabet::URL_SAFE
        } else {
            &base64::alphabet::STANDARD
        };
        GeneralPurpose::new(alphabet, config).decode(text).ok()
    }
    fn to_text(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(self)
    }
}

fn parse<T: Text, E: serde::de::Error>(text: &str) -> Result<T, E> {
    T::from_text(text).ok_or_else(|| E::custom(format!("`{text}` is not {}", T::EXPECTED)))
}

/// Reads an optional value in its notation (`null` is `None`).
pub fn option<'de, T: Text, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    let text: Option<Key<'de>> = Option::deserialize(deserializer)?;
    text.map(|Key(text)| parse(&text)).transpose()
}

/// Reads an optional list of values in their notation.
pub fn list<'de, T: Text, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<T>>, D::Error> {
    let texts: Option<Vec<Key<'de>>> = Option::deserialize(deserializer)?;
    texts
        .map(|texts| texts.iter().map(|Key(text)| parse(text)).collect())
        .transpose()
}

/// Reads an optional value in its notation into its field.
pub fn read_option<'de, T: Text, D: Deserializer<'de>>(
    field: &mut Option<T>,
    value: D,
) -> Result<(), D::Error> {
    *field = option(value)?;
    Ok(())
}

/// Reads an optional list of values in their notation into its field.
pub fn read_list<'de, T: Text, D: Deserializer<'de>>(
    field: &mut Option<Vec<T>>,
    value: D,
) -> Result<(), D::Error> {
    *field = list(value)?;
    Ok(())
}

/// A value written in its notation.
struct AsText<'a, T>(&'a T);

impl<T: Text> Serialize for AsText<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_text())
    }
}

/// A list written in its notation, item by item.
struct AsTextList<'a, T>(&'a [T]);

impl<T: Text> Serialize for AsTextList<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(AsText))
    }
}

/// Writes `key: "text"` when the value is present.
pub fn entry<M: SerializeMap, T: Text>(map: &mut Entries<M>, key: &'static str, value: &Option<T>) {
    if let Some(value) = value {
        map.write(key, &AsText(value));
    }
}

/// Writes `key: ["text", ...]` when the list is present.
pub fn list_entry<M: SerializeMap, T: Text>(
    map: &mut Entries<M>,
    key: &'static str,
    value: &Option<Vec<T>>,
) {
    if let Some(items) = value {
        map.write(key, &AsTextList(items));
    }
}

#[cfg(test)]
mod tests {
    use super::Text;
    use time::macros::{date, datetime, time};
    use time::Duration;

    #[test]
    fn durations_read_and_write_iso_8601() {
        let cases = [
            ("PT0.016S", Duration::milliseconds(16)),
            (
                "PT1M5.25S",
                Duration::seconds(65) + Duration::milliseconds(250),
            ),
            (
                "-PT17.1357909S",
                -(Duration::seconds(17) + Duration::nanoseconds(135_790_900)),
            ),
            ("P30D", Duration::days(30)),
            ("P1DT2H", Duration::hours(26)),
            ("PT0S", Duration::ZERO),
        ];
        for (text, expected) in cases {
            assert_eq!(Duration::from_text(text), Some(expected), "{text}");
            assert_eq!(expected.to_text(), text, "{expected:?}");
        }
        // Read but never written: weeks, and years and months at .NET's fixed lengths.
        assert_eq!(Duration::from_text("P2W"), Some(Duration::days(14)));
        assert_eq!(Duration::from_text("P1Y2M"), Some(Duration::days(365 + 60)));
        assert_eq!(
            Duration::from_text("PT90M").map(|d| d.to_text()).as_deref(),
            Some("PT1H30M")
        );
        for bad in [
            "", "P", "PT", "1H", "PT1.5M", "PT5H3H", "PT1S2M", "P1H", "PTS", "-", "P-1D",
            "duration",
        ] {
            assert_eq!(Duration::from_text(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_and_times_of_day_keep_their_notation() {
        assert_eq!(
            time::Date::from_text("2026-03-01"),
            Some(date!(2026 - 03 - 01))
        );
        assert_eq!(date!(0001 - 01 - 01).to_text(), "0001-01-01");
        assert_eq!(time::Date::from_text("2026-02-30"), None);
        assert_eq!(time::Date::from_text("Date"), None);

        assert_eq!(time::Time::from_text("17:30:00"), Some(time!(17:30)));
        assert_eq!(
            time::Time::from_text("08:00:00.0000000"),
            Some(time!(08:00))
        );
        assert_eq!(
            time::Time::from_text("11:59:00.899"),
            Some(time!(11:59:00.899))
        );
        assert_eq!(time!(08:00).to_text(), "08:00:00");
        assert_eq!(time!(11:59:00.899).to_text(), "11:59:00.899");
        assert_eq!(time::Time::from_text("25:00:00"), None);

        assert_eq!(
            time::OffsetDateTime::from_text("2020-02-25T19:00:24.582757Z"),
            Some(datetime!(2020-02-25 19:00:24.582757 UTC))
        );
    }

    #[test]
    fn binary_is_base64_in_either_alphabet() {
        let png = b"\x89PNG\r\n\x1a\n".to_vec();
        assert_eq!(Vec::<u8>::from_text("iVBORw0KGgo="), Some(png.clone()));
        // Unpadded and URL-safe forms read the same bytes; writing is standard and padded.
        assert_eq!(Vec::<u8>::from_text("iVBORw0KGgo"), Some(png));
        assert_eq!(Vec::<u8>::from_text("-_8="), Some(vec![0xfb, 0xff]));
        assert_eq!(vec![0xfb, 0xff].to_text(), "+/8=");
        for bad in ["Binary", "contentBytes-value", "R0lGODdhEAYEAA7", "a"] {
            assert_eq!(Vec::<u8>::from_text(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn text_fields_read_null_and_escaped_strings() {
        let v: Option<time::Date> = super::option(serde_json::json!(null)).unwrap();
        assert_eq!(v, None);
        // An escaped string cannot be borrowed from the input; it is read all the same.
        let mut de = serde_json::Deserializer::from_str(r#""2026\u002d03-01""#);
        assert_eq!(
            super::option::<time::Date, _>(&mut de).unwrap(),
            Some(date!(2026 - 03 - 01))
        );
        let e = super::list::<time::Date, _>(serde_json::json!(["2026-03-01", "x"])).unwrap_err();
        assert!(e.to_string().contains("`x` is not a date"), "{e}");
    }
}
