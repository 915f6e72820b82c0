//! Typos in the paths the docs write, repaired where they have one reading only.
//!
//! A repaired path is read as the route it plainly means, with a warning naming the page
//! and line; a typo with several readings (`childFolders/{id}/.../messages`: how many
//! folders deep?) is reported and makes no route. Each check looks at one segment or the
//! path's head, so a path is read once.

/// What became of a path as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// The path as it should read, and what was repaired in it (empty: nothing was).
    Read(String, Vec<&'static str>),
    /// A typo with more than one reading: why the path is not a route.
    Broken(&'static str),
}

/// Repairs `path` (already split from its host and version by `split_url`).
pub fn repair(path: &str) -> Repair {
    let mut fixes = Vec::new();
    let mut path = path.to_string();
    if path.contains('`') {
        path.retain(|c| c != '`');
        fixes.push("a stray backtick is dropped");
    }
    // `https://graph.microsoft.com/v1/me/onlineMeetings`: the version is `v1.0`.
    if let Some(rest) = strip_head(&path, "/v1/") {
        path = format!("/{rest}");
        fixes.push("`/v1` is the version `/v1.0`");
    }
    // `/users/me/messages`: the signed-in user is `/me`.
    if let Some(rest) = strip_head(&path, "/users/me/")
        .or_else(|| path.eq_ignore_ascii_case("/users/me").then_some(""))
    {
        path = format!("/me/{rest}").trim_end_matches('/').to_string();
        fixes.push("`/users/me` is `/me`");
    }
    let mut segments = Vec::new();
    for seg in path.split('/') {
        let trimmed = seg.trim();
        if trimmed == "..." || trimmed == "…" {
            return Repair::Broken("`...` stands for segments the docs leave out");
        }
        // `/teams/(team-id)/channels`: a key in parentheses instead of braces.
        if let Some(inner) = trimmed
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .filter(|s| is_key_name(s))
        {
            segments.push(format!("{{{inner}}}"));
            fixes.push("`(key)` is the key `{key}`");
            continue;
        }
        // `/users/{user-id} | user-principal-name/chats`: the alternative outside the braces.
        if let Some((key, alt)) = trimmed
            .strip_prefix('{')
            .and_then(|s| s.split_once('}'))
            .and_then(|(k, rest)| Some((k, rest.trim().strip_prefix('|')?.trim())))
            .filter(|(k, alt)| is_key_name(k) && is_key_name(alt))
        {
            segments.push(format!("{{{key} | {alt}}}"));
            fixes.push("`{key} | name` is the key `{key | name}`");
            continue;
        }
        // `range(address='<address>'/entireRow`: a call left open before the next `/`.
        let quotes = seg.matches('\'').count();
        if seg.matches('(').count() == seg.matches(')').count() + 1 && quotes % 2 == 0 {
            segments.push(format!("{seg})"));
            fixes.push("an unclosed `(` is closed at the segment's end");
            continue;
        }
        segments.push(seg.to_string());
    }
    Repair::Read(segments.join("/"), fixes)
}

fn strip_head<'a>(path: &'a str, head: &str) -> Option<&'a str> {
    path.get(..head.len())
        .filter(|h| h.eq_ignore_ascii_case(head))
        .map(|_| &path[head.len()..])
}

/// `team-id`, `user-principal-name`, `userId`: what the docs name a key.
fn is_key_name(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> String {
        match repair(path) {
            Repair::Read(p, fixes) => {
                assert!(!fixes.is_empty(), "{path}: nothing repaired");
                p
            }
            Repair::Broken(why) => panic!("{path}: {why}"),
        }
    }

    #[test]
    fn typos_with_one_reading_are_repaired() {
        assert_eq!(
            read("/users/me/messages/{id}/replyAll"),
            "/me/messages/{id}/replyAll"
        );
        assert_eq!(
            read("/teams/(team-id)/channels/{channel-id}"),
            "/teams/{team-id}/channels/{channel-id}"
        );
        assert_eq!(
            read("/users/{user-id} | user-principal-name/chats/{chat-id}"),
            "/users/{user-id | user-principal-name}/chats/{chat-id}"
        );
        assert_eq!(read("/v1/me/onlineMeetings"), "/me/onlineMeetings");
        assert_eq!(read("/me/events`"), "/me/events");
        assert_eq!(
            read("/worksheets/{id}/range(address='<address>'/entireRow"),
            "/worksheets/{id}/range(address='<address>')/entireRow"
        );
    }

    #[test]
    fn typos_with_several_readings_are_not_routes() {
        assert!(matches!(
            repair("/me/mailFolders/{id}/childFolders/{id}/.../messages"),
            Repair::Broken(_)
        ));
    }

    #[test]
    fn good_paths_are_left_alone() {
        for p in [
            "/me/messages",
            "/users/{id | userPrincipalName}/messages",
            "/me/events('{id}')",
            "/users/member/x",
        ] {
            assert_eq!(repair(p), Repair::Read(p.to_string(), Vec::new()));
        }
    }
}
