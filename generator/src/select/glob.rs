//! Matching route paths and names against the patterns a selection is written in.
//!
//! Paths are compared segment by segment (split on `/`, a query and a trailing `/`
//! ignored):
//!
//! - `**` as a whole segment matches any number of segments, none included:
//!   `/me/messages/**` matches `/me/messages`, `/me/messages/{id}` and
//!   `/me/messages/{id}/attachments/{id}`;
//! - `*` as a whole segment matches exactly one segment; inside a segment it matches any
//!   run of characters within that segment (`/me/mail*/**`);
//! - parameter spellings do not matter: every `{…}` is the same parameter, so `{user-id}`,
//!   `{id}`, `{userId}` and `{id | userPrincipalName}` are equal, and in function calls too
//!   (`range(address='{address}')`);
//! - letters compare without case (`mailFolders` is `mailfolders`);
//! - `/me` is the signed-in user, `/users/{id}`: a pattern written with either prefix
//!   matches routes written with the other.

/// Whether `route` (an operation's path template) matches the path `pattern`.
pub fn path_matches(pattern: &str, route: &str) -> bool {
    let pattern = segments(pattern);
    let route = segments(route);
    let pattern: Vec<&str> = pattern.iter().map(String::as_str).collect();
    let route: Vec<&str> = route.iter().map(String::as_str).collect();
    // Greedy matching with one backtrack point, the last `**` seen: O(pattern × route).
    let (mut p, mut r) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while r < route.len() {
        if p < pattern.len() && pattern[p] == "**" {
            star = Some((p, r));
            p += 1;
        } else if p < pattern.len() && segment_matches(pattern[p], route[r]) {
            p += 1;
            r += 1;
        } else if let Some((sp, sr)) = star {
            p = sp + 1;
            r = sr + 1;
            star = Some((sp, sr + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|s| *s == "**")
}

/// Whether `name` matches `pattern`, where `*` matches any run of characters; no case.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    wildcard(&pattern.to_ascii_lowercase(), &name.to_ascii_lowercase())
}

/// A path as canonical segments: lower case, parameters as `{}`, `/me` as `/users/{}`.
fn segments(path: &str) -> Vec<String> {
    let path = path.split('?').next().unwrap_or(path);
    let mut out: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| canonical_segment(s.trim()))
        .collect();
    if out.first().is_some_and(|s| s == "me") {
        out.splice(0..1, ["users".to_string(), "{}".to_string()]);
    }
    out
}

fn canonical_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    let mut depth = 0usize;
    for c in segment.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    out
}

fn segment_matches(pattern: &str, segment: &str) -> bool {
    pattern == "*" || wildcard(pattern, segment)
}

/// `*` matches any run of characters; everything else itself. Greedy with one backtrack
/// point, so O(pattern × text) at worst.
fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if i < p.len() && p[i] == t[j] {
            i += 1;
            j += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_star_matches_any_number_of_segments() {
        let p = "/me/messages/**";
        assert!(path_matches(p, "/me/messages"));
        assert!(path_matches(p, "/me/messages/{id}"));
        assert!(path_matches(p, "/me/messages/{id}/attachments/{id}/$value"));
        assert!(!path_matches(p, "/me/mailFolders/{id}/messages"));
        assert!(!path_matches(p, "/me/messagesX"));
        assert!(path_matches(
            "/**/messages",
            "/me/mailFolders/{id}/messages"
        ));
        assert!(!path_matches(
            "/**/messages",
            "/me/mailFolders/{id}/messages/{id}"
        ));
        assert!(path_matches("/**", "/"));
        assert!(path_matches("**", "/anything/at/all"));
    }

    #[test]
    fn single_star_matches_one_segment_or_part_of_one() {
        assert!(path_matches("/users/*", "/users/{id}"));
        assert!(!path_matches("/users/*", "/users"));
        assert!(!path_matches("/users/*", "/users/{id}/messages"));
        assert!(path_matches("/me/mail*/**", "/me/mailFolders/{id}"));
        assert!(!path_matches("/me/mail*/**", "/me/messages/{id}"));
    }

    #[test]
    fn parameter_spellings_case_and_the_signed_in_user_do_not_matter() {
        let p = "/users/{user-id}/mailFolders/**";
        assert!(path_matches(
            p,
            "/users/{id | userPrincipalName}/mailfolders/{id}/messages"
        ));
        assert!(path_matches(p, "/me/mailFolders/{id}"));
        assert!(path_matches("/me/events/**", "/users/{userId}/events/{id}"));
        assert!(!path_matches(p, "/users/mailFolders"));
        assert!(path_matches(
            "/me/drive/root/workbook/worksheets/{id}/range(address='{a}')",
            "/me/drive/root/workbook/worksheets/{id|name}/range(address='{address}')"
        ));
        assert!(path_matches("/users/{id}?$select=x", "/users/{id}/"));
    }

    #[test]
    fn names_match_with_wildcards_and_without_case() {
        assert!(name_matches("message-*", "Message-Get"));
        assert!(name_matches(
            "*.callrecords.*",
            "microsoft.graph.callRecords.session"
        ));
        assert!(!name_matches("message", "message-get"));
        assert!(name_matches("*", ""));
        // Many stars over a long name still finish at once.
        let long = "a".repeat(5000);
        assert!(!name_matches(
            &"*a"
                .repeat(50)
                .chars()
                .chain("b".chars())
                .collect::<String>(),
            &long
        ));
    }
}
