//! The `odata` support module every generated client carries: instance annotations.

use proc_macro2::TokenStream;
use quote::quote;

/// `pub mod odata { ... }`: keeps `@odata.context`, `@odata.etag`, `x@odata.nextLink` and
/// other instance annotations on a value so it serializes back as it came.
pub fn module() -> TokenStream {
    quote! {
        /// OData instance annotations carried by values.
        pub mod odata {
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
