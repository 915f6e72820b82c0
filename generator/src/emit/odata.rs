//! The `odata` support module every generated client carries: instance annotations, and
//! the text notations of OData primitives that JSON writes as strings.

use super::Features;
use proc_macro2::TokenStream;
use quote::quote;

/// `pub mod odata { ... }`: keeps `@odata.context`, `@odata.etag`, `x@odata.nextLink` and
/// other instance annotations on a value so it serializes back as it came; `text` reads
/// and writes the primitives the models use.
pub fn module(features: &Features) -> TokenStream {
    let text = text_module(features);
    quote! {
        /// OData instance annotations carried by values, and the notations of primitives.
        pub mod odata {
            #text

            /// Instance annotations on a value (`@odata.context`, `@odata.etag`,
            /// `members@odata.nextLink`, ...), kept so the value serializes back unchanged.
            /// Properties the model does not describe are not kept here.
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct Annotations(pub ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>);

            impl Annotations {
                /// Whether there are no annotations.
                pub fn is_empty(&self) -> bool {
                    self.0.is_empty()
                }

                /// The annotation with this name, such as `@odata.etag`.
                pub fn get(&self, name: &str) -> ::std::option::Option<&::serde_json::Value> {
                    self.0.get(name)
                }
            }

            impl ::serde::Serialize for Annotations {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.collect_map(self.0.iter())
                }
            }

            impl<'de> ::serde::Deserialize<'de> for Annotations {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    struct Visitor;
                    impl<'de> ::serde::de::Visitor<'de> for Visitor {
                        type Value = Annotations;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str("a JSON object")
                        }
                        fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Annotations, A::Error> {
                            let mut out = ::std::collections::BTreeMap::new();
                            while let ::std::option::Option::Some(key) = map.next_key::<::std::string::String>()? {
                                if key.contains('@') {
                                    out.insert(key, map.next_value::<::serde_json::Value>()?);
                                } else {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                            }
                            ::std::result::Result::Ok(Annotations(out))
                        }
                    }
                    deserializer.deserialize_map(Visitor)
                }
            }
        }
    }
}

/// `odata::text`: serde `with` modules for primitives OData writes as JSON strings in a
/// notation of their own. Only the notations the models use are emitted.
fn text_module(features: &Features) -> TokenStream {
    let mut impls = Vec::new();
    if features.timestamp {
        impls.push(quote! {
            /// `Edm.DateTimeOffset`: RFC 3339 (`2024-05-01T08:30:00.1234567Z`).
            impl Text for ::time::OffsetDateTime {
                const EXPECTED: &'static str = "an RFC 3339 date-time";
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    Self::parse(text, &::time::format_description::well_known::Rfc3339).ok()
                }
                fn to_text(&self) -> ::std::string::String {
                    // Every date-time this type holds has an RFC 3339 form but years past 9999.
                    self.format(&::time::format_description::well_known::Rfc3339).unwrap_or_default()
                }
            }
        });
    }
    if features.date {
        impls.push(quote! {
            /// `Edm.Date`: `2024-05-01`.
            impl Text for ::time::Date {
                const EXPECTED: &'static str = "a date (YYYY-MM-DD)";
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    Self::parse(text, ::time::macros::format_description!("[year]-[month]-[day]")).ok()
                }
                fn to_text(&self) -> ::std::string::String {
                    self.format(::time::macros::format_description!("[year]-[month]-[day]")).unwrap_or_default()
                }
            }
        });
    }
    if features.time_of_day {
        impls.push(quote! {
            /// `Edm.TimeOfDay`: `08:30:00`, with a fraction of a second when there is one.
            impl Text for ::time::Time {
                const EXPECTED: &'static str = "a time of day (hh:mm:ss.fffffff)";
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    Self::parse(text, ::time::macros::format_description!("[hour]:[minute][optional [:[second][optional [.[subsecond]]]]]")).ok()
                }
                fn to_text(&self) -> ::std::string::String {
                    let format = if self.nanosecond() == 0 {
                        ::time::macros::format_description!("[hour]:[minute]:[second]")
                    } else {
                        ::time::macros::format_description!("[hour]:[minute]:[second].[subsecond]")
                    };
                    self.format(format).unwrap_or_default()
                }
            }
        });
    }
    if features.duration {
        impls.push(quote! {
            /// `Edm.Duration`: ISO 8601 (`PT1H30M`, `-PT17.5S`, `P30D`). Years and months
            /// have no fixed length; they are read as 365 and 30 days, as .NET's
            /// `XmlConvert` reads them, and never written.
            impl Text for ::time::Duration {
                const EXPECTED: &'static str = "an ISO 8601 duration (PnDTnHnMnS)";
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    let (negative, rest) = match text.strip_prefix('-') {
                        ::std::option::Option::Some(rest) => (true, rest),
                        ::std::option::Option::None => (false, text.strip_prefix('+').unwrap_or(text)),
                    };
                    let rest = rest.strip_prefix('P')?;
                    let (date, time) = match rest.split_once('T') {
                        ::std::option::Option::Some((date, time)) if !time.is_empty() => (date, time),
                        ::std::option::Option::Some(_) => return ::std::option::Option::None,
                        ::std::option::Option::None => (rest, ""),
                    };
                    const DAY: i64 = 86_400;
                    let mut total = ::time::Duration::ZERO;
                    let mut any = false;
                    for (part, units) in [(date, &[('Y', 365 * DAY), ('M', 30 * DAY), ('W', 7 * DAY), ('D', DAY)][..]), (time, &[('H', 3_600), ('M', 60), ('S', 1)][..])] {
                        let mut rest = part;
                        let mut next_unit = 0;
                        while !rest.is_empty() {
                            let end = rest.find(|c: char| c.is_ascii_alphabetic())?;
                            let (number, unit) = (&rest[..end], rest[end..].chars().next()?);
                            let index = next_unit + units[next_unit..].iter().position(|(u, _)| *u == unit)?;
                            next_unit = index + 1;
                            let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
                            if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                                return ::std::option::Option::None;
                            }
                            // Fractions only on seconds, the one unit .NET writes them on.
                            if !fraction.is_empty() && unit != 'S' {
                                return ::std::option::Option::None;
                            }
                            let seconds = whole.parse::<i64>().ok()?.checked_mul(units[index].1)?;
                            let nanos: i64 = ::std::format!("{fraction:0<9}").get(..9)?.parse().ok()?;
                            total = total.checked_add(::time::Duration::new(seconds, nanos as i32))?;
                            rest = &rest[end + 1..];
                            any = true;
                        }
                    }
                    any.then_some(if negative { -total } else { total })
                }
                fn to_text(&self) -> ::std::string::String {
                    use ::std::fmt::Write as _;
                    let mut out = ::std::string::String::from(if self.is_negative() { "-P" } else { "P" });
                    let seconds = self.whole_seconds().unsigned_abs();
                    let nanos = self.subsec_nanoseconds().unsigned_abs();
                    let (days, hours, minutes, seconds) = (seconds / 86_400, seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60);
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
                                let fraction = ::std::format!("{nanos:09}");
                                let _ = write!(out, ".{}", fraction.trim_end_matches('0'));
                            }
                            out.push('S');
                        }
                    }
                    out
                }
            }
        });
    }
    if features.binary {
        impls.push(quote! {
            /// `Edm.Binary`: base64. Reads the standard and the URL-safe alphabet, padded or
            /// not; writes the standard alphabet, padded, as Microsoft Graph does.
            impl Text for ::std::vec::Vec<u8> {
                const EXPECTED: &'static str = "base64";
                fn from_text(text: &str) -> ::std::option::Option<Self> {
                    use ::base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
                    use ::base64::Engine as _;
                    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
                    let alphabet = if text.contains(['-', '_']) { &::base64::alphabet::URL_SAFE } else { &::base64::alphabet::STANDARD };
                    GeneralPurpose::new(alphabet, config).decode(text).ok()
                }
                fn to_text(&self) -> ::std::string::String {
                    use ::base64::Engine as _;
                    ::base64::engine::general_purpose::STANDARD.encode(self)
                }
            }
        });
    }
    if impls.is_empty() {
        return quote!();
    }
    quote! {
        /// Primitives that OData writes as JSON strings in a notation of their own, for
        /// `#[serde(with = ...)]` on model fields. [`Text::to_text`] also gives the notation
        /// for a query, such as a date in a `$filter`.
        pub mod text {
            /// A value with a text notation.
            pub trait Text: Sized {
                /// What the text should be, for error messages.
                const EXPECTED: &'static str;
                /// Reads the notation; `None` when the text is not in it.
                fn from_text(text: &str) -> ::std::option::Option<Self>;
                /// Writes the notation.
                fn to_text(&self) -> ::std::string::String;
            }

            #(#impls)*

            fn invalid<E: ::serde::de::Error, T: Text>(text: &str) -> E {
                E::custom(::std::format!("`{text}` is not {}", T::EXPECTED))
            }

            /// An optional value (`#[serde(with = "odata::text::option")]`).
            pub mod option {
                use super::Text;

                pub fn serialize<T: Text, S: ::serde::Serializer>(value: &::std::option::Option<T>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match value {
                        ::std::option::Option::Some(value) => serializer.serialize_str(&value.to_text()),
                        ::std::option::Option::None => serializer.serialize_none(),
                    }
                }

                pub fn deserialize<'de, T: Text, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error> {
                    let text: ::std::option::Option<::std::string::String> = ::serde::Deserialize::deserialize(deserializer)?;
                    text.map(|text| T::from_text(&text).ok_or_else(|| super::invalid::<D::Error, T>(&text))).transpose()
                }
            }

            /// An optional list of values (`#[serde(with = "odata::text::list")]`).
            pub mod list {
                use super::Text;

                pub fn serialize<T: Text, S: ::serde::Serializer>(value: &::std::option::Option<::std::vec::Vec<T>>, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match value {
                        ::std::option::Option::Some(items) => serializer.collect_seq(items.iter().map(Text::to_text)),
                        ::std::option::Option::None => serializer.serialize_none(),
                    }
                }

                pub fn deserialize<'de, T: Text, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<::std::vec::Vec<T>>, D::Error> {
                    let texts: ::std::option::Option<::std::vec::Vec<::std::string::String>> = ::serde::Deserialize::deserialize(deserializer)?;
                    texts.map(|texts| texts.iter().map(|text| T::from_text(text).ok_or_else(|| super::invalid::<D::Error, T>(text))).collect()).transpose()
                }
            }
        }
    }
}
