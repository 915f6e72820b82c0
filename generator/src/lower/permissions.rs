//! Permissions tables, read by structure: which permissions each scheme needs.
//!
//! Two shapes are in the reference, in every language:
//! - rows are schemes (`Permission type | Permissions`): the reference's fixed order is
//!   delegated work or school, delegated personal, application. A row is placed by that
//!   order, and where rows are missing, by its shape: the delegated rows qualify their
//!   label in parentheses (`Delegated (work or school account)`, `Делегированные (…)`),
//!   the application row does not;
//! - columns are schemes, in the same order after a first column naming a case
//!   (`Calendar | Delegated (work…) | Delegated (personal…) | Application`).
//!
//! A permission is an identifier (`Mail.Read`, `User.ReadWrite.All`); a cell holding none
//! (`Not supported.`, `Не поддерживается.`) means the scheme is not supported. No header
//! or label word is read, so a translation reads as English does.

use crate::diag::Sink;
use crate::doc::{Heading, Page, Table};
use crate::ir::{PermissionSet, Scheme};

/// The page's permission sets, in page order; warns about rows no scheme fits.
pub(super) fn lower_permissions(page: &Page, sink: &mut Sink) -> Vec<PermissionSet> {
    let mut out = Vec::new();
    for t in page.tables.iter().filter(|t| is_permissions_table(t)) {
        let source = format!("{}:{}", page.path, t.line);
        let heading = case_heading(t);
        if t.header.len() >= 4 {
            by_columns(t, heading, &source, &mut out, sink);
        } else {
            by_rows(t, heading, &source, &mut out, sink);
        }
    }
    out
}

/// Whether the table sits where permissions are stated: the permissions section, the
/// prerequisites section (Intune pages), or anywhere with the columns of one.
pub fn in_permissions_place(t: &Table) -> bool {
    t.section.within("permissions")
        || t.section.within("prerequisites")
        || super::table_kind(t) == super::TableKind::Permissions
}

/// Whether the table sits where permissions are stated and names at least one permission
/// outside its first column: the section also holds tables of scenarios, which name none
/// there.
pub fn is_permissions_table(t: &Table) -> bool {
    in_permissions_place(t)
        && t.rows.iter().any(|r| {
            r.cells
                .iter()
                .skip(1)
                .any(|c| !alternatives(&c.text).is_empty())
        })
}

/// A heading inside the permissions section names the case its table is for
/// (`### For users:`): a page with several tables tells them apart so.
fn case_heading(t: &Table) -> Option<String> {
    let h: &Heading = t.section.innermost()?;
    if matches!(h.key.as_str(), "permissions" | "prerequisites")
        || !(t.section.within("permissions") || t.section.within("prerequisites"))
    {
        return None;
    }
    let text = strip_tags(&h.text);
    let text = text.trim().trim_end_matches(':').trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn by_rows(
    t: &Table,
    case: Option<String>,
    source: &str,
    out: &mut Vec<PermissionSet>,
    sink: &mut Sink,
) {
    let mut set = PermissionSet {
        case,
        source: source.to_string(),
        ..PermissionSet::default()
    };
    let schemes = row_schemes(t);
    let mut seen = Vec::new();
    for (row, scheme) in t.rows.iter().zip(schemes) {
        let label = row.cells.first().map_or("", |c| c.text.trim());
        let cell = row.cells.get(1).map_or("", |c| c.text.as_str());
        match scheme {
            Some(s) if !seen.contains(&s) => {
                seen.push(s);
                *set.scheme_mut(s) = alternatives(cell);
            }
            _ => sink.warn(
                row.line,
                1,
                "permission-scheme",
                format!("permissions row `{label}` is in no scheme's place (delegated work or school, delegated personal, application); it is not read"),
            ),
        }
    }
    out.push(set);
}

/// Each row's scheme. Three rows (or more) are in the reference's fixed order; fewer are
/// placed by shape, where the shape is unambiguous, else by order.
fn row_schemes(t: &Table) -> Vec<Option<Scheme>> {
    let by_order =
        |n: usize| -> Vec<Option<Scheme>> { (0..n).map(|i| Scheme::ALL.get(i).copied()).collect() };
    let n = t.rows.len();
    if n >= 3 {
        return by_order(n);
    }
    let delegated: Vec<bool> = t
        .rows
        .iter()
        .map(|r| {
            let label = r.cells.first().map_or("", |c| c.text.trim());
            label.contains('(') && label.trim_end().ends_with(')')
        })
        .collect();
    let delegated_rows = delegated.iter().filter(|d| **d).count();
    if delegated_rows > 2 || n - delegated_rows > 1 {
        return by_order(n);
    }
    let mut next_delegated = [Scheme::DelegatedWork, Scheme::DelegatedPersonal].into_iter();
    delegated
        .iter()
        .map(|&d| {
            if d {
                next_delegated.next()
            } else {
                Some(Scheme::Application)
            }
        })
        .collect()
}

fn by_columns(
    t: &Table,
    heading: Option<String>,
    source: &str,
    out: &mut Vec<PermissionSet>,
    sink: &mut Sink,
) {
    if t.header.len() > 4 {
        sink.warn(
            t.line,
            1,
            "permission-scheme",
            format!(
                "permissions table has {} scheme columns; the reference has 3 (delegated work or school, delegated personal, application): columns after the fourth are not read",
                t.header.len() - 1
            ),
        );
    }
    for row in &t.rows {
        let label = row.cells.first().map_or("", |c| c.text.trim());
        let case = match (&heading, label.is_empty()) {
            (Some(h), false) => Some(format!("{h}: {label}")),
            (Some(h), true) => Some(h.clone()),
            (None, false) => Some(label.to_string()),
            (None, true) => None,
        };
        let mut set = PermissionSet {
            case,
            source: source.to_string(),
            ..PermissionSet::default()
        };
        for (i, s) in Scheme::ALL.iter().enumerate() {
            let cell = row.cells.get(i + 1).map_or("", |c| c.text.as_str());
            *set.scheme_mut(*s) = alternatives(cell);
        }
        out.push(set);
    }
}

/// The ways a cell allows, least privileged first: its permission identifiers, split at
/// commas. Identifiers within one comma's item joined by one word (`A and B`, `A и B`)
/// are a combination `A + B`, unless the word is the vocabulary's `or`; joined by nothing
/// (a missing comma) or by a sentence, they are separate.
pub fn alternatives(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in cell.split([',', ';']) {
        // Identifiers with the count of words before each (since the previous identifier).
        let mut found: Vec<(String, usize, Option<String>)> = Vec::new();
        let mut words = 0;
        let mut last_word = None;
        for token in item.split_whitespace() {
            match permission(token) {
                Some(p) => {
                    found.push((p, words, last_word.take()));
                    words = 0;
                }
                None => {
                    words += 1;
                    last_word = Some(token.to_string());
                }
            }
        }
        let mut current: Vec<String> = Vec::new();
        for (i, (p, before, word)) in found.into_iter().enumerate() {
            let joins = i > 0
                && before == 1
                && !word
                    .as_deref()
                    .is_some_and(crate::vocab::is_alternative_word);
            if !joins && !current.is_empty() {
                push_unique(&mut out, current.join(" + "));
                current.clear();
            }
            current.push(p);
        }
        if !current.is_empty() {
            push_unique(&mut out, current.join(" + "));
        }
    }
    out
}

fn push_unique(out: &mut Vec<String>, s: String) {
    if !out.contains(&s) {
        out.push(s);
    }
}

/// A token as a permission identifier: ASCII letters, digits and `_` in two or more
/// dot-separated parts, with a capital somewhere (`Mail.Read`, `eDiscovery.Read.All`);
/// emphasis, code marks, footnote stars and sentence punctuation around it are dropped.
pub fn permission(token: &str) -> Option<String> {
    let t = token.trim_matches(|c: char| {
        matches!(
            c,
            '*' | '`' | '.' | '(' | ')' | '[' | ']' | ':' | '"' | '\'' | '_'
        )
    });
    is_permission(t).then(|| t.to_string())
}

/// Whether `s` has the shape of a permission identifier.
pub fn is_permission(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().any(|c| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_alternatives_and_combinations() {
        assert_eq!(
            alternatives("Mail.ReadBasic, Mail.Read, Mail.ReadWrite  "),
            ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"]
        );
        assert_eq!(alternatives("Not supported."), Vec::<String>::new());
        assert_eq!(alternatives("Не поддерживается."), Vec::<String>::new());
        assert_eq!(
            alternatives("User.ReadBasic.All и GroupMember.Read.All, Directory.Read.All"),
            [
                "User.ReadBasic.All + GroupMember.Read.All",
                "Directory.Read.All"
            ]
        );
        assert_eq!(
            alternatives("Calls.JoinGroupCalls.All or Calls.JoinGroupCallsasGuest.All"),
            [
                "Calls.JoinGroupCalls.All",
                "Calls.JoinGroupCallsasGuest.All"
            ]
        );
        assert_eq!(
            alternatives("DeviceManagementConfiguration.ReadWrite.All DeviceManagementConfiguration.Read.All"),
            [
                "DeviceManagementConfiguration.ReadWrite.All",
                "DeviceManagementConfiguration.Read.All"
            ]
        );
        assert_eq!(
            alternatives("ChannelMessage.Read.Group*"),
            ["ChannelMessage.Read.Group"]
        );
        assert_eq!(alternatives("e.g. the mailbox"), Vec::<String>::new());
    }
}
