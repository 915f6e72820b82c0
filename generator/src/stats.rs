//! Coverage figures for `docgen stats`.

use crate::diag::Severity;
use crate::ir::UNTYPED;
use crate::Output;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub files: usize,
    pub blocks: BTreeMap<String, usize>,
    pub requests: usize,
    pub operations: usize,
    /// Route templates the HTTP request sections list (distinct on each page).
    pub route_templates: usize,
    /// Distinct (HTTP method, normalized path) pairs: one operation method each.
    pub route_pairs: usize,
    /// Distinct listed templates, and those of them no operation stands for (by name).
    pub route_templates_distinct: usize,
    pub route_templates_without_operation: Vec<String>,
    /// What became of every listed route (`route_audit`).
    pub routes: crate::route_audit::RouteAudit,
    pub responses_paired: usize,
    pub responses_unpaired: usize,
    pub resource_blocks: usize,
    pub types: BTreeMap<String, usize>,
    pub properties: usize,
    pub untyped_properties: usize,
    pub tables: BTreeMap<String, usize>,
    /// Sections holding tables of no known kind (not API data), by section key.
    pub other_table_sections: BTreeMap<String, usize>,
    pub examples_typed: usize,
    pub agreement_checked: usize,
    pub agreement_agreeing: usize,
    pub agreement_widened: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Diagnostic code → (count, a few example locations).
    pub causes: BTreeMap<String, (usize, Vec<String>)>,
    /// Words the vocabulary does not know, `word (column)` → count: the rows a language
    /// is missing.
    pub unknown_words: BTreeMap<String, usize>,
    /// Operations with permissions from a permissions table.
    pub permissions: crate::permissions::Coverage,
}

/// `unknown word `X` in a type column; ...` → `X (type column)`.
fn unknown_word(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown word `")?;
    let (word, rest) = rest.split_once('`')?;
    let column = rest.strip_prefix(" in a ")?.split(';').next()?;
    Some(format!("{word} ({column})"))
}

impl Report {
    pub fn new(out: &Output) -> Report {
        let c = &out.stats.counts;
        let mut types = BTreeMap::new();
        let mut properties = 0;
        let mut untyped = 0;
        for t in &out.ir.types {
            *types
                .entry(format!("{:?}", t.kind).to_lowercase())
                .or_default() += 1;
            properties += t.properties.len();
            untyped += t.properties.iter().filter(|p| p.ty == UNTYPED).count();
        }
        let mut causes: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
        let mut unknown_words: BTreeMap<String, usize> = BTreeMap::new();
        for d in &out.ir.diagnostics {
            if d.code == "unknown-word" {
                if let Some(w) = unknown_word(&d.message) {
                    *unknown_words.entry(w).or_default() += 1;
                }
            }
            let e = causes.entry(d.code.to_string()).or_default();
            e.0 += 1;
            if e.1.len() < 3 {
                e.1.push(format!("{}:{}", d.path, d.line));
            }
        }
        let errors = out
            .ir
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        // Each operation's (method, route identity): the distinct pairs, and what a listed
        // template is looked up in.
        let operation_keys: std::collections::BTreeSet<(String, String)> = out
            .ir
            .operations
            .iter()
            .map(|o| {
                let key = crate::route::identity(&crate::route::parse(&o.path).0).0;
                (o.method.clone(), key)
            })
            .collect();
        let route_templates_without_operation = c
            .route_template_keys
            .iter()
            .filter(|k| !operation_keys.contains(*k))
            .map(|(m, p)| format!("{m} {p}"))
            .collect();
        Report {
            routes: crate::route_audit::RouteAudit::new(&out.ir, c),
            route_templates_distinct: c.route_template_keys.len(),
            route_templates_without_operation,
            files: out.stats.files,
            blocks: c.blocks.clone(),
            requests: c.blocks.get("request").copied().unwrap_or(0)
                + c.blocks.get("request (unannotated)").copied().unwrap_or(0),
            operations: out.ir.operations.len(),
            route_templates: c.route_templates,
            route_pairs: operation_keys.len(),
            responses_paired: c.responses_paired,
            responses_unpaired: c.responses_unpaired,
            resource_blocks: c.resources_to_types,
            types,
            properties,
            untyped_properties: untyped,
            tables: c.tables.clone(),
            other_table_sections: c.other_table_sections.clone(),
            examples_typed: out.ir.examples.len(),
            agreement_checked: out.stats.agreement.checked,
            agreement_agreeing: out.stats.agreement.agreeing,
            agreement_widened: out.stats.agreement.widened,
            errors,
            warnings: out.ir.diagnostics.len() - errors,
            causes,
            unknown_words,
            permissions: crate::permissions::Coverage::new(&out.ir, &c.permission_table_pages),
        }
    }

    /// Blocks read as responses: annotated, unannotated or relabelled.
    fn responses(&self) -> usize {
        self.blocks
            .iter()
            .filter(|(k, _)| k.starts_with("response"))
            .map(|(_, v)| v)
            .sum()
    }

    /// The figures a floor file checks, by name.
    pub fn figures(&self) -> BTreeMap<&'static str, f64> {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                100.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let responses = self.responses();
        BTreeMap::from([
            ("operations", self.operations as f64),
            ("types", self.types.values().sum::<usize>() as f64),
            (
                "responses_paired_pct",
                pct(self.responses_paired, responses),
            ),
            (
                "agreement_pct",
                pct(self.agreement_agreeing, self.agreement_checked),
            ),
            (
                "typed_properties_pct",
                pct(self.properties - self.untyped_properties, self.properties),
            ),
            ("typed_examples", self.examples_typed as f64),
            ("permissions_pct", self.permissions.pct()),
        ])
    }

    /// Figures below their floor (`{"operations": 2000, ...}`), as messages.
    pub fn below(&self, floor: &BTreeMap<String, f64>) -> Vec<String> {
        let figures = self.figures();
        floor
            .iter()
            .filter_map(|(name, min)| match figures.get(name.as_str()) {
                Some(v) if v + 1e-9 >= *min => None,
                Some(v) => Some(format!("{name} is {v:.2}, below its floor {min}")),
                None => Some(format!(
                    "{name} is not a figure (known: {})",
                    figures.keys().copied().collect::<Vec<_>>().join(", ")
                )),
            })
            .collect()
    }

    pub fn markdown(&self) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "-".to_string()
            } else {
                format!("{:.1}%", 100.0 * a as f64 / b as f64)
            }
        };
        let mut s = String::new();
        s.push_str("| figure | value |\n|---|---|\n");
        s.push_str(&format!("| pages | {} |\n", self.files));
        for (k, v) in &self.blocks {
            s.push_str(&format!("| blocks: {k} | {v} |\n"));
        }
        s.push_str(&format!(
            "| requests → operations | {} → {} |\n",
            self.requests, self.operations
        ));
        s.push_str(&self.routes.markdown());
        s.push_str(&format!(
            "| distinct (method, normalized path) pairs | {} |\n",
            self.route_pairs
        ));
        let responses = self.responses();
        s.push_str(&format!(
            "| responses paired and parsed | {} of {} ({}) |\n",
            self.responses_paired,
            responses,
            pct(self.responses_paired, responses)
        ));
        s.push_str(&format!(
            "| resource blocks → types | {} |\n",
            self.resource_blocks
        ));
        for (k, v) in &self.types {
            s.push_str(&format!("| types: {k} | {v} |\n"));
        }
        s.push_str(&format!(
            "| properties (untyped) | {} ({}, {}) |\n",
            self.properties,
            self.untyped_properties,
            pct(self.untyped_properties, self.properties)
        ));
        for (k, v) in &self.tables {
            s.push_str(&format!("| tables: {k} | {v} |\n"));
        }
        let mut other: Vec<(&String, &usize)> = self.other_table_sections.iter().collect();
        other.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = other
            .iter()
            .take(6)
            .map(|(k, v)| format!("`{k}` {v}"))
            .collect();
        s.push_str(&format!(
            "| tables of other kinds, by section | {} |\n",
            top.join(", ")
        ));
        s.push_str(&format!(
            "| typed example bodies (strict JSON) | {} |\n",
            self.examples_typed
        ));
        s.push_str(&format!(
            "| example values agreeing with declarations | {} of {} ({}); {} widened |\n",
            self.agreement_agreeing,
            self.agreement_checked,
            pct(self.agreement_agreeing, self.agreement_checked),
            self.agreement_widened
        ));
        let p = &self.permissions;
        s.push_str(&format!(
            "| operations with permissions (of those on pages with a permissions table) | {} of {} ({}); {} of {} operations; {} names |\n",
            p.on_pages_with_table_with_permissions,
            p.on_pages_with_table,
            pct(p.on_pages_with_table_with_permissions, p.on_pages_with_table),
            p.with_permissions,
            p.operations,
            p.names
        ));
        s.push_str(&format!(
            "| diagnostics | {} errors, {} warnings |\n",
            self.errors, self.warnings
        ));
        s.push_str("\n| cause | count | examples |\n|---|---|---|\n");
        let mut causes: Vec<_> = self.causes.iter().collect();
        causes.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        for (code, (n, at)) in causes {
            s.push_str(&format!("| {code} | {n} | {} |\n", at.join(", ")));
        }
        if !self.unknown_words.is_empty() {
            let mut words: Vec<_> = self.unknown_words.iter().collect();
            words.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            s.push_str(&format!(
                "\n| unknown word (column), {} distinct | count |\n|---|---|\n",
                words.len()
            ));
            for (w, n) in words.iter().take(25) {
                s.push_str(&format!("| {w} | {n} |\n"));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_words_are_counted_by_word_and_column() {
        assert_eq!(
            super::unknown_word(
                "unknown word `коллекция` in a type column; other evidence decides the type"
            ),
            Some("коллекция (type column)".to_string())
        );
        assert_eq!(
            super::unknown_word(
                "unknown word `тип` in a table header; the column is read by its content"
            ),
            Some("тип (table header)".to_string())
        );
        assert_eq!(super::unknown_word("type `x` is not understood"), None);
    }
}
