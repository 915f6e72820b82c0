//! Request paths and links into URLs, refusing any that a URL parser would rewrite.
//!
//! `Url::parse` follows the WHATWG rules: it drops tab, CR and LF, reads `\` as `/` in
//! http(s) URLs and removes dot segments (`..`, `%2e%2E`, `.<TAB>.`). A path that relies on
//! any of that would address another resource than the one written (`a\..\..\x` climbs out
//! of `/v1.0`), so such paths are refused, and the parsed path is compared, segment by
//! decoded segment, with the one given.

use crate::Error;
use percent_encoding::percent_decode_str;
use url::Url;

/// Resolves `path` (relative to `base`, or an absolute http(s) URL) into a URL.
pub(crate) fn resolve(base: &str, path: &str) -> Result<Url, Error> {
    refuse_rewritten_characters(path)?;
    if is_absolute(path) {
        return absolute(path);
    }
    if path.contains('#') {
        return Err(invalid(path, "fragment in request path"));
    }
    let (route, query) = match path.split_once('?') {
        Some((route, query)) => (route, Some(query)),
        None => (path, None),
    };
    let route = route.strip_prefix('/').unwrap_or(route);
    if !route.is_empty() {
        for segment in route.split('/') {
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            if decoded.is_empty() || decoded == "." || decoded == ".." {
                return Err(invalid(
                    path,
                    "empty, '.' or '..' path segment would address another resource",
                ));
            }
        }
    }
    let mut full = format!("{base}/{route}");
    if let Some(query) = query {
        full.push('?');
        full.push_str(query);
    }
    let url = Url::parse(&full).map_err(|e| invalid(path, &e.to_string()))?;
    same_path(path, path_after_authority(&full), &url)?;
    Ok(url)
}

/// Resolves a link found in a response (`@odata.nextLink`) fetched from `page`: absolute
/// links as they are, relative ones against the page's own URL (RFC 3986), both checked
/// like request paths.
pub(crate) fn resolve_link(page: &Url, link: &str) -> Result<Url, Error> {
    refuse_rewritten_characters(link)?;
    if is_absolute(link) {
        return absolute(link);
    }
    let url = page.join(link).map_err(|e| invalid(link, &e.to_string()))?;
    let given = if link.starts_with('/') {
        path_of(link)
    } else {
        // A path relative to the page's directory: compare the whole joined path.
        return check_no_dot_segments(link, url);
    };
    same_path(link, given, &url)?;
    Ok(url)
}

fn is_absolute(path: &str) -> bool {
    let lower = path.get(..8).unwrap_or(path).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn absolute(path: &str) -> Result<Url, Error> {
    let url = Url::parse(path).map_err(|e| invalid(path, &e.to_string()))?;
    same_path(path, path_after_authority(path), &url)?;
    Ok(url)
}

/// The path of an absolute URL's text: after `scheme://authority`, up to `?` or `#`.
fn path_after_authority(url: &str) -> &str {
    let after_scheme = &url[url.find("://").map_or(0, |i| i + 3)..];
    match after_scheme.find(['/', '?', '#']) {
        Some(i) => path_of(&after_scheme[i..]),
        None => "",
    }
}

fn check_no_dot_segments(link: &str, url: Url) -> Result<Url, Error> {
    let route = path_of(link);
    if route
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy())
        .any(|s| s == "." || s == "..")
    {
        return Err(invalid(link, "'.' or '..' path segment"));
    }
    Ok(url)
}

/// Tab, CR and LF are dropped by URL parsers anywhere in a URL, and `\` is read as `/`
/// in the path of an http(s) URL: a URL holding one would not be sent as written. Other
/// control characters are refused with them; a `\` in the query is left to the parser,
/// which encodes it.
fn refuse_rewritten_characters(path: &str) -> Result<(), Error> {
    let bad = path
        .char_indices()
        .find(|&(i, c)| c.is_ascii_control() || (c == '\\' && !path[..i].contains(['?', '#'])));
    match bad {
        Some((_, c)) => Err(invalid(
            path,
            &format!("{c:?} in a URL would be dropped or read as '/' by the URL parser"),
        )),
        None => Ok(()),
    }
}

/// The path part of a URL reference: up to `?` or `#`.
fn path_of(reference: &str) -> &str {
    let end = reference.find(['?', '#']).unwrap_or(reference.len());
    &reference[..end]
}

/// The parsed URL must have the same path, segment by decoded segment, as the text given:
/// percent-encoding may differ, the segments may not.
fn same_path(original: &str, given: &str, url: &Url) -> Result<(), Error> {
    let given = given.strip_prefix('/').unwrap_or(given);
    let given = given
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy());
    let parsed = url.path().strip_prefix('/').unwrap_or(url.path());
    let parsed = parsed
        .split('/')
        .map(|s| percent_decode_str(s).decode_utf8_lossy());
    if given.eq(parsed) {
        Ok(())
    } else {
        Err(invalid(
            original,
            &format!(
                "the URL parser reads the path as {:?}: a dot segment or separator would address another resource",
                url.path()
            ),
        ))
    }
}

fn invalid(path: &str, why: &str) -> Error {
    Error::InvalidUrl(format!("{path:?}: {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://graph.example/v1.0";

    #[test]
    fn paths_that_the_parser_would_rewrite_are_refused() {
        for path in [
            "/a\\..\\..\\x",
            "a\\..\\..\\x",
            "/users/.\t.",
            "/users/.\t./x",
            "/users/a\nb",
            "/users/a\rb",
            "/users/%2e%2E/x",
            "/users/../x",
            "/users/./x",
            "/users//x",
            "https://graph.example/v1.0/users/../../x",
            "https://graph.example/v1.0/users/%2E%2E/%2e%2e/x",
            "https://graph.example/v1.0/a\\..\\..\\x",
            "https://graph.example/v1.0/.\t./x",
        ] {
            let err = resolve(BASE, path).expect_err(path);
            assert!(matches!(err, Error::InvalidUrl(_)), "{path:?}: {err:?}");
        }
    }

    #[test]
    fn ordinary_paths_and_links_resolve_as_written() {
        let url = resolve(BASE, "/users/a%2Fb/messages?$top=2").unwrap();
        assert_eq!(
            url.as_str(),
            "https://graph.example/v1.0/users/a%2Fb/messages?$top=2"
        );
        let url = resolve(BASE, "https://other.example/v1.0/x?$skiptoken=a..b").unwrap();
        assert_eq!(url.as_str(), "https://other.example/v1.0/x?$skiptoken=a..b");
        let url = resolve(BASE, "/users?$filter=name eq 'a\\b'").unwrap();
        assert_eq!(url.path(), "/v1.0/users");
        assert!(
            resolve(BASE, "/users?$filter=a\tb").is_err(),
            "a tab is dropped anywhere"
        );
        assert_eq!(
            resolve(BASE, "https://other.example").unwrap().as_str(),
            "https://other.example/"
        );
        // A space is encoded by the parser: same segment, same resource.
        assert_eq!(
            resolve(BASE, "/users/a b").unwrap().path(),
            "/v1.0/users/a%20b"
        );
    }

    #[test]
    fn relative_links_resolve_against_their_page() {
        let page = Url::parse("https://other.example/api/v2/items?page=1").unwrap();
        assert_eq!(
            resolve_link(&page, "/api/v2/items?page=2")
                .unwrap()
                .as_str(),
            "https://other.example/api/v2/items?page=2"
        );
        assert_eq!(
            resolve_link(&page, "items?page=3").unwrap().as_str(),
            "https://other.example/api/v2/items?page=3"
        );
        for bad in ["a\\..\\..\\x", "../../x", "/api/../x", ".\t./x"] {
            assert!(resolve_link(&page, bad).is_err(), "{bad:?}");
        }
    }
}
