//! What ties a generated module to the runtime crate (`docgen-runtime`): the crate under
//! the name `runtime`, and the API's own `Client` around the runtime's.
//!
//! The runtime itself (transport, authentication, retries, paging, errors, OData text
//! notations, unknown-property capture) is ordinary Rust in `generator/runtime/`, tested
//! there; generated code only refers to it.

use proc_macro2::TokenStream;
use quote::quote;

/// `pub use <runtime> as runtime;`, `Client` and `ClientBuilder`. What a binary crate
/// including the module does not use is not reported (`allow`): it is the API's, not dead
/// code of the crate's own.
pub(crate) fn glue(rt: &TokenStream) -> TokenStream {
    quote! {
        /// The runtime the client runs on: transport, authentication, retries, paging,
        /// errors, and the crates the models use (`runtime::serde`, `runtime::time`...).
        pub use #rt as runtime;
        #[allow(unused_imports)]
        pub use runtime::{odata, Error};

        /// Configures a [`Client`]: base URL, token, transport, retries, timeout.
        pub type ClientBuilder = runtime::ClientBuilder<Client>;

        /// The API client: request builders that follow the URL start here
        /// (`client.users().by_id(id).messages().list()`, see [`builders`]), and each
        /// operation returns a [`runtime::Request`] to refine and send. Cheap to clone
        /// (the state is shared).
        ///
        /// It dereferences to the [`runtime::Client`] it wraps, for requests to routes
        /// these docs do not describe (`client.request(...)`).
        #[derive(Debug, Clone)]
        pub struct Client(runtime::Client);

        #[allow(dead_code)]
        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// A client for the default base URL with the given token provider.
            pub fn new(token: impl runtime::TokenProvider + 'static) -> ::std::result::Result<Self, Error> {
                Self::builder().token(token).build()
            }
        }

        impl From<runtime::Client> for Client {
            fn from(client: runtime::Client) -> Self {
                Client(client)
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = runtime::Client;

            fn deref(&self) -> &runtime::Client {
                &self.0
            }
        }
    }
}
