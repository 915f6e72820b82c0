//! The route a request builder stands for: the client and the path so far.
//!
//! Every generated builder is a newtype over a [`Route`], so each of its methods is one
//! call here rather than a `format!` and a struct literal of its own: thousands of
//! builders check faster when their bodies are small (see BENCHMARKS.md).

use crate::{encode_segment, Client, Decode, Download, Error, Method, Request};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::fmt;

/// A route under construction: the client it is sent with and the path so far, its
/// parameters encoded. Appending never fails; a path the client cannot resolve is
/// reported when the request is sent.
#[derive(Clone)]
pub struct Route<'a> {
    client: &'a Client,
    path: String,
}

impl<'a> Route<'a> {
    /// A route at `path`, relative to the client's base URL (`/users`); written as given.
    pub fn new(client: &'a Client, path: &str) -> Self {
        Route {
            client,
            path: path.to_owned(),
        }
    }

    /// The path so far.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn with(&self, parts: &[&str]) -> Self {
        let mut path = String::with_capacity(
            self.path.len() + 1 + parts.iter().map(|p| p.len()).sum::<usize>(),
        );
        path.push_str(&self.path);
        path.push('/');
        parts.iter().for_each(|p| path.push_str(p));
        Route {
            client: self.client,
            path,
        }
    }

    /// One literal segment further (`/users` then `/users/messages`), written as given:
    /// literal segments come from the docs' routes and are valid in a path already.
    pub fn segment(&self, segment: &str) -> Self {
        self.with(&[segment])
    }

    /// One key further, encoded as a path segment (`/users/a%2Fb`).
    pub fn key(&self, key: &str) -> Self {
        self.with(&[&encode_segment(key)])
    }

    /// A key inside literal text of one segment, such as `roleTemplateId={key}`: the text
    /// as given, the key encoded.
    pub fn key_within(&self, prefix: &str, key: &str, suffix: &str) -> Self {
        self.with(&[prefix, &encode_segment(key), suffix])
    }

    /// An item addressed by its path below a segment, `/root:/folder/file.txt:`: each part
    /// of `item_path` is encoded, the slashes between them kept.
    pub fn item_path(&self, segment: &str, item_path: &str) -> Self {
        let encoded: Vec<String> = item_path.split('/').map(encode_segment).collect();
        self.with(&[segment, ":/", &encoded.join("/"), ":"])
    }

    /// Starts a request on this route.
    pub fn request<T>(&self, method: Method, decode: Decode<T>) -> Request<'a, T> {
        self.client.request(method, self.path.clone(), decode)
    }

    /// Streams the content at this route (a `…/content` route), through the redirect to
    /// the download URL, without the token there: see [`Client::download`].
    pub async fn download(&self) -> Result<Download, Error> {
        self.client.download(self.path.clone()).await
    }

    /// Puts a small file's content at this route (a `…/content` route) and decodes the
    /// answer: see [`Client::upload_content`].
    pub async fn upload_content<T: DeserializeOwned>(
        &self,
        content: impl Into<Bytes>,
        content_type: &str,
    ) -> Result<T, Error> {
        self.client
            .upload_content(self.path.clone(), content, content_type)
            .await
    }
}

// The client's state is not the builder's: the path says which builder it is.
impl fmt::Debug for Route<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Route").field(&self.path).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        Client::builder()
            .base_url("http://127.0.0.1:9/v1.0")
            .build()
            .expect("client")
    }

    #[test]
    fn segments_are_appended_as_given_and_keys_encoded() {
        let client = client();
        let route = Route::new(&client, "/users")
            .key("a/b c")
            .segment("mailFolders");
        assert_eq!(route.path(), "/users/a%2Fb%20c/mailFolders");
        let role = Route::new(&client, "/directoryRoles").key_within("roleTemplateId=", "x/y", "");
        assert_eq!(role.path(), "/directoryRoles/roleTemplateId=x%2Fy");
        let item = Route::new(&client, "/me/drive").item_path("root", "Docs/a b.txt");
        assert_eq!(item.path(), "/me/drive/root:/Docs/a%20b.txt:");
        assert_eq!(
            format!("{item:?}"),
            r#"Route("/me/drive/root:/Docs/a%20b.txt:")"#
        );
    }

    #[test]
    fn the_dot_segments_are_encoded_so_a_key_cannot_climb_the_path() {
        let client = client();
        assert_eq!(
            Route::new(&client, "/users").key("..").path(),
            "/users/%2E%2E"
        );
    }
}
