//! Document model → the facts one page states about the API.
//!
//! Each page is lowered on its own (pages are independent, so this runs in parallel);
//! `infer` then merges the facts of all pages into one IR.

mod examples;
mod facts;
mod operations;
mod permissions;
mod resources;
mod routes;
mod shapes;
mod tables;
mod type_cells;
mod typos;

pub use facts::*;
pub use operations::body_type_of;
pub use permissions::{alternatives, in_permissions_place, is_permission, is_permissions_table};
pub use routes::split_url;
pub use tables::{table_kind, TableKind};
pub use type_cells::{placeholder_type, qualify, type_cell};

use crate::diag::Sink;
use crate::doc::{key_matches, Block, BlockType, Page, PageKind};
use examples::lower_examples;
use operations::lower_operations;
use resources::lower_types;

pub fn lower(page: &Page, sink: &mut Sink) -> PageFacts {
    let mut facts = PageFacts {
        path: page.path.clone(),
        area: page.area.clone(),
        namespace: sub_namespace(page),
        ..PageFacts::default()
    };
    for b in &page.blocks {
        let annotated = b.annotation.as_ref().and_then(|a| a.block_type);
        let bt = match (block_type(b), annotated, &b.annotation) {
            (Some(BlockType::Request), _, None) => {
                sink.warn(
                    b.line,
                    1,
                    "unannotated-request",
                    "request example has no annotation; read as a request",
                );
                "request (unannotated)"
            }
            (Some(BlockType::Request), Some(BlockType::Ignored), _) => {
                sink.warn(
                    b.line,
                    1,
                    "ignored-request",
                    "request example is annotated `ignored`; read as a request",
                );
                "request (annotated ignored)"
            }
            (Some(BlockType::Request), Some(BlockType::Response), _) => {
                sink.warn(
                    b.line,
                    1,
                    "mislabelled-block",
                    "block annotated `response` holds a request; read as a request",
                );
                "request (annotated response)"
            }
            (Some(BlockType::Response), _, None) => {
                sink.warn(
                    b.line,
                    1,
                    "unannotated-response",
                    "response example has no annotation; read as a response",
                );
                "response (unannotated)"
            }
            (Some(BlockType::Response), Some(BlockType::Request), _) => {
                sink.warn(
                    b.line,
                    1,
                    "mislabelled-block",
                    "block annotated `request` holds a response; read as a response",
                );
                "response (annotated request)"
            }
            (t, _, _) => t.map_or("none", |t| t.as_str()),
        };
        *facts.counts.blocks.entry(bt.to_string()).or_default() += 1;
    }
    for t in &page.tables {
        let kind = table_kind(t);
        *facts
            .counts
            .tables
            .entry(kind.as_str().to_string())
            .or_default() += 1;
        if !matches!(kind, TableKind::Other | TableKind::Permissions) {
            for h in &t.header {
                if !h.trim().is_empty() && crate::vocab::column(h).is_none() {
                    sink.warn(
                        t.line,
                        1,
                        "unknown-word",
                        format!(
                            "unknown word `{}` in a table header; the column is read by its content",
                            h.trim().to_lowercase()
                        ),
                    );
                }
            }
        }
        if kind == TableKind::Other {
            let key = t
                .section
                .innermost()
                .map_or("(no heading)", |h| h.key.as_str());
            *facts
                .counts
                .other_table_sections
                .entry(key.to_string())
                .or_default() += 1;
        }
    }
    lower_types(page, &mut facts, sink);
    if page.kind == PageKind::Api
        || page
            .blocks
            .iter()
            .any(|b| block_type(b) == Some(BlockType::Request))
    {
        lower_operations(page, &mut facts, sink);
    } else {
        // A response example on a page with no request: reported, and its body read for
        // mistakes, rather than passed over.
        for b in &page.blocks {
            if block_type(b) == Some(BlockType::Response) {
                let _ = b.http_message(sink);
                facts.counts.responses_unpaired += 1;
                sink.warn(
                    b.annotation.as_ref().map_or(b.line, |a| a.line),
                    1,
                    "unpaired-response",
                    "response has no request before it to pair with",
                );
            }
        }
    }
    lower_examples(page, &mut facts, sink);
    if page.tables.iter().any(permissions::in_permissions_place) {
        facts
            .counts
            .permission_table_pages
            .insert(page.path.clone());
    }
    facts.permissions = permissions::lower_permissions(page, sink);
    facts
}

/// `Namespace: microsoft.graph.callRecords` (`Пространство имен: ...` in translations: the
/// label is translated, the name is not), when it is not the default namespace.
pub(super) fn sub_namespace(page: &Page) -> Option<String> {
    page.paragraphs
        .iter()
        .filter(|p| p.section.0.len() <= 1)
        .find_map(|p| {
            let (label, name) = p.text.trim().split_once(':')?;
            let name = name.trim().trim_matches('`');
            let sub = name.strip_prefix("microsoft.graph.")?;
            (label.chars().count() <= 40 && !sub.is_empty() && is_identifier(sub))
                .then(|| name.to_string())
        })
}

/// The block's type: its annotation's, or inferred from the fence when the annotation omits
/// it. Where the annotation contradicts the content, the content wins (and `lower` reports
/// it): an unannotated or `ignored` request example in an example section is a request, a
/// `response` holding a request line is a request, a `request` holding a status line is a
/// response.
pub fn block_type(b: &Block) -> Option<BlockType> {
    let status_line = b.status_line;
    let http_fence = b.lang == "http" || b.lang == "msgraph-interactive";
    let Some(a) = b.annotation.as_ref() else {
        if example_request(b) {
            return Some(BlockType::Request);
        }
        return (status_line && http_fence && in_example(b)).then_some(BlockType::Response);
    };
    match a.block_type {
        None if status_line => Some(BlockType::Response),
        None if http_fence => Some(BlockType::Request),
        None => Some(BlockType::Resource),
        Some(BlockType::Ignored) if example_request(b) => Some(BlockType::Request),
        Some(BlockType::Response) if request_line(b).is_some() => Some(BlockType::Request),
        Some(BlockType::Request) if status_line => Some(BlockType::Response),
        t => t,
    }
}

/// `GET /x` or `POST https://graph.microsoft.com/...`: method and URL of a request line.
pub(super) fn request_line(b: &Block) -> Option<(&str, &str)> {
    let mut words = b.text.trim_start().split_whitespace();
    let (method, url) = (words.next()?, words.next()?);
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .contains(&method)
        .then_some((method, url))
}

/// A request to the API shown as an example (not a URL template, not a callback to the
/// app's own URL, which is a notification).
pub(super) fn example_request(b: &Block) -> bool {
    let example = in_example(b);
    let in_request = b.section.0.iter().any(|h| key_matches(&h.key, "request"));
    let http_fence = b.lang == "http" || b.lang == "msgraph-interactive";
    let to_api = request_line(b)
        .is_some_and(|(_, url)| url.starts_with('/') || url.contains("graph.microsoft."));
    // The `## HTTP request` section holds URL templates, unless it is an example's own heading.
    http_fence
        && (example || in_request)
        && to_api
        && (example || !b.section.within("http-request"))
}

/// Whether the block sits under an example heading (`## Example`, `### Example 2: ...`).
pub(super) fn in_example(b: &Block) -> bool {
    b.section.0.iter().any(|h| h.key.starts_with("example"))
}

/// The file name of a linked page without its folder and `.md`: `../resources/user.md` → `user`.
pub(super) fn page_stem(file: &str) -> &str {
    file.rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".md")
}

/// The identifier a link's text names its page by: the one the page's file name is
/// (`[oAuth2PermissionGrant в формате JSON](oauth2permissiongrant.md)` names the grant, not
/// `JSON`; `intune-apps-mobileapp.md` ends with its type), else the last one.
pub(super) fn link_ident<'a>(words: impl Iterator<Item = &'a str>, file: &str) -> Option<&'a str> {
    let stem = page_stem(file).to_ascii_lowercase();
    let mut last = None;
    for w in words {
        let lower = w.to_ascii_lowercase();
        if stem == lower || stem.ends_with(&format!("-{lower}")) {
            return Some(w);
        }
        last = Some(w);
    }
    last
}

pub(super) fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}
