//! The diagnostics a selection shows: those of the pages it uses. A crate of five mail
//! routes should hear about the mail pages, not about thousands of findings elsewhere in
//! the reference (`docgen lint` lists every one).

use crate::ir::Ir;
use std::collections::HashSet;

/// Keeps the diagnostics of pages the (already selected) IR still uses, and those of the
/// selection itself; returns how many were left out.
pub fn keep_used_pages(ir: &mut Ir) -> usize {
    let page = |source: &str| {
        source
            .rsplit_once(':')
            .map_or(source, |(p, _)| p)
            .to_owned()
    };
    let mut used: HashSet<String> = HashSet::new();
    for o in &ir.operations {
        used.insert(page(&o.source));
        used.extend(o.pages.iter().map(|p| page(p)));
    }
    for t in &ir.types {
        used.insert(page(&t.source));
        used.extend(
            t.properties
                .iter()
                .filter_map(|p| p.source.as_deref())
                .map(page),
        );
    }
    used.extend(ir.examples.iter().map(|e| page(&e.source)));
    let before = ir.diagnostics.len();
    ir.diagnostics
        .retain(|d| d.path == "selection" || used.contains(&d.path));
    before - ir.diagnostics.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Severity};
    use crate::ir::{Kind, Operation, Type};

    fn diag(path: &str) -> Diagnostic {
        Diagnostic {
            path: path.into(),
            line: 3,
            col: 1,
            severity: Severity::Warning,
            code: "body-json",
            message: "x".into(),
        }
    }

    #[test]
    fn only_the_used_pages_diagnostics_stay() {
        let mut ir = Ir {
            types: vec![Type {
                name: "microsoft.graph.message".into(),
                kind: Kind::Entity,
                base: None,
                is_abstract: false,
                open: false,
                description: None,
                properties: vec![],
                annotations: vec![],
                members: vec![],
                source: "resources/message.md:12".into(),
                area: None,
            }],
            operations: vec![Operation {
                name: "GET /users/{user-id}/messages".into(),
                method: "GET".into(),
                path: "/users/{user-id}/messages".into(),
                aliases: vec![],
                description: None,
                parameters: vec![],
                body: None,
                response: None,
                source: "api/user-list-messages.md:40".into(),
                area: None,
                pages: vec!["api/user-list-messages.md:40".into()],
                alternative_content_types: vec![],
                permissions: vec![],
            }],
            examples: vec![],
            exchanges: vec![],
            diagnostics: vec![
                diag("api/user-list-messages.md"),
                diag("resources/message.md"),
                diag("selection"),
                diag("api/calendar-get.md"),
                diag("resources/event.md"),
            ],
        };
        assert_eq!(keep_used_pages(&mut ir), 2);
        let kept: Vec<&str> = ir.diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            kept,
            [
                "api/user-list-messages.md",
                "resources/message.md",
                "selection"
            ]
        );
    }
}
