//! The merger's state: types by name, their properties and where each fact came from.

use super::primitives::*;
use super::*;

impl Merger {
    pub(super) fn canonical(&self, name: &str) -> String {
        // `a|b`: a cell naming alternatives; their nearest common base, else the first.
        if name.contains('|') {
            let alternatives: Vec<String> = name.split('|').map(|n| self.resolve(n)).collect();
            let common = alternatives
                .iter()
                .skip(1)
                .try_fold(alternatives[0].clone(), |acc, n| self.common_base(&acc, n));
            return common.unwrap_or_else(|| alternatives[0].clone());
        }
        self.resolve(name)
    }

    /// A single name (no alternatives) as the merger spells it. Never recurses, so that
    /// `canonical` -> `common_base` -> here stays three frames deep whatever the bases say.
    fn resolve(&self, name: &str) -> String {
        if self.types.contains_key(name) || ir::is_primitive(name) {
            return name.to_string();
        }
        self.by_lower
            .get(&name.to_lowercase())
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The nearest type both `a` and `b` are or derive from. A base naming alternatives
    /// (`a|b`) ends the chain: resolving it would ask for a common base again, and a base
    /// cycle through such a name recursed without end (a stack overflow).
    pub(super) fn common_base(&self, a: &str, b: &str) -> Option<String> {
        let chain = |start: &str| {
            let mut out = vec![self.resolve(start)];
            while out.len() < 32 {
                match self.types.get(out.last()?).and_then(|t| t.base.as_ref()) {
                    Some((base, _)) => out.push(self.resolve(base)),
                    None => break,
                }
            }
            Some(out)
        };
        let (ca, cb) = (chain(a)?, chain(b)?);
        ca.into_iter().find(|t| cb.contains(t))
    }

    /// What an example value says about an undeclared property's type, by canonical name.
    pub(super) fn value_evidence(&self, value: &Value) -> Option<TypeRef> {
        value_evidence(value).map(|t| self.canonical_ref(&t))
    }

    /// Offers what one example shows for `owner.key` (example evidence, the weakest).
    pub(super) fn offer_example(
        &mut self,
        owner: &str,
        key: &str,
        seen: Option<TypeRef>,
        source: &str,
    ) {
        let p = PropertyFact {
            name: key.to_string(),
            ty: None,
            navigation: false,
            nullable: None,
            description: None,
            line: 0,
            declared: false,
            unread: None,
        };
        self.offer(owner, &p, seen, Evidence::Example, source.to_string());
    }

    /// `odata.context` where `@odata.context` was meant.
    pub(super) fn annotation_without_at(&mut self, source: &str, key: &str) {
        self.diagnostics.push(diag(
            source,
            Severity::Warning,
            "annotation-without-at",
            format!("`{key}` is an instance annotation missing its `@`; not a property"),
        ));
    }

    pub(super) fn canonical_ref(&self, t: &TypeRef) -> TypeRef {
        TypeRef {
            name: self.canonical(&t.name),
            collection: t.collection,
        }
    }

    pub(super) fn add_type(&mut self, path: &str, fact: &TypeFact) {
        let source = format!("{path}:{}", fact.line);
        let name = self.canonical(&qualify(&fact.name));
        let entry = self.types.entry(name.clone()).or_insert_with(|| TypeState {
            kind: None,
            base: None,
            is_abstract: false,
            open: false,
            description: None,
            props: Named::new(),
            members: Vec::new(),
            member_names: HashSet::new(),
            optional: Vec::new(),
            linked: Vec::new(),
            source: source.clone(),
        });
        if fact.kind.is_some() && entry.kind != Some(Kind::Entity) {
            entry.kind = fact.kind;
        }
        if let Some(b) = &fact.base {
            match &entry.base {
                Some((old, at)) if !old.eq_ignore_ascii_case(b) => self.diagnostics.push(diag(
                    &source,
                    Severity::Warning,
                    "base-conflict",
                    format!(
                        "`{name}` has base type `{b}` here but `{old}` at {at}; keeping `{old}`"
                    ),
                )),
                Some(_) => {}
                None => entry.base = Some((b.clone(), source.clone())),
            }
        }
        entry.is_abstract |= fact.is_abstract;
        entry.open |= fact.open;
        if entry.description.is_none() {
            entry.description = fact.description.clone();
        }
        entry.optional.extend(fact.optional.iter().cloned());
        entry.linked.extend(fact.linked.iter().cloned());
        for m in &fact.members {
            if entry.member_names.insert(m.name.clone()) {
                entry.members.push(m.clone());
            }
        }
        // Properties: merged after all types are known (see `add_properties`).
    }

    pub(super) fn add_properties(&mut self, path: &str, fact: &TypeFact) {
        let name = self.canonical(&qualify(&fact.name));
        for p in &fact.properties {
            let evidence = if p.declared {
                Evidence::Declared
            } else {
                Evidence::Placeholder
            };
            let ty = p.ty.as_ref().map(|t| self.canonical_ref(t));
            self.offer(&name, p, ty, evidence, format!("{path}:{}", p.line));
        }
    }

    /// Offers evidence for a property's type; the stronger evidence wins.
    pub(super) fn offer(
        &mut self,
        type_name: &str,
        p: &PropertyFact,
        ty: Option<TypeRef>,
        evidence: Evidence,
        source: String,
    ) {
        // Two named types seen in one place by examples: the nearest base both derive from.
        let shared_base = (evidence == Evidence::Example)
            .then(|| self.types.get(type_name)?.props.get(&p.name))
            .flatten()
            .filter(|cur| cur.evidence == Evidence::Example)
            .and_then(|cur| self.common_base(&cur.ty.as_ref()?.name, &ty.as_ref()?.name));
        let Some(t) = self.types.get_mut(type_name) else {
            return;
        };
        let new = PropState {
            ty: ty.clone(),
            evidence,
            navigation: p.navigation,
            description: p.description.clone(),
            source: source.clone(),
        };
        let Some(cur) = t.props.get_mut(&p.name) else {
            t.props.insert_new(p.name.clone(), new);
            return;
        };
        cur.navigation |= p.navigation;
        if cur.description.is_none() {
            cur.description = p.description.clone();
        }
        match (&cur.ty, &ty) {
            (_, None) => {}
            (None, Some(_)) => {
                cur.ty = ty;
                cur.evidence = evidence;
                cur.source = source;
            }
            (Some(a), Some(b)) if a == b => {
                if evidence > cur.evidence {
                    cur.evidence = evidence;
                }
            }
            (Some(a), Some(b)) => {
                let (a, b) = (a.clone(), b.clone());
                if evidence > cur.evidence {
                    cur.ty = Some(b.clone());
                    cur.evidence = evidence;
                    let old_source = std::mem::replace(&mut cur.source, source.clone());
                    if a.name != UNTYPED && b.name != UNTYPED {
                        self.diagnostics.push(diag(&old_source, Severity::Warning, "type-conflict", format!("`{}` is `{}` here but declared `{}` at {source}; the declaration wins", p.name, show(&a), show(&b))));
                    }
                } else if evidence == cur.evidence
                    && evidence == Evidence::Example
                    && a.collection == b.collection
                    && ir::is_primitive(&a.name)
                    && ir::is_primitive(&b.name)
                {
                    // Samples disagree (`2024-05-01` here, `soon` there): the narrowest type both fit.
                    let wide = widen(&a.name, &b.name);
                    if wide != a.name {
                        if !(is_number(&a.name) && is_number(&b.name)) {
                            let widened = if wide == UNTYPED {
                                "typed as any JSON value".to_string()
                            } else {
                                format!("widened to `{wide}`")
                            };
                            self.diagnostics.push(diag(
                                &source,
                                Severity::Warning,
                                "examples-disagree",
                                format!(
                                    "`{}` holds `{}` here but `{}` at {}; {widened}",
                                    p.name,
                                    show(&b),
                                    show(&a),
                                    cur.source
                                ),
                            ));
                        }
                        cur.ty = Some(TypeRef {
                            name: wide.to_string(),
                            collection: a.collection,
                        });
                        cur.source = source;
                    }
                } else if evidence == cur.evidence
                    && evidence == Evidence::Example
                    && a.collection == b.collection
                {
                    if let Some(base) = shared_base {
                        if base != a.name {
                            cur.ty = Some(TypeRef {
                                name: base,
                                collection: a.collection,
                            });
                        }
                    }
                } else if evidence == cur.evidence && evidence == Evidence::Declared {
                    self.diagnostics.push(diag(
                        &source,
                        Severity::Warning,
                        "type-conflict",
                        format!(
                            "`{}` is declared `{}` here but `{}` at {}; keeping the first",
                            p.name,
                            show(&b),
                            show(&a),
                            cur.source
                        ),
                    ));
                }
            }
        }
    }
}

pub(super) fn show(t: &TypeRef) -> String {
    if t.collection {
        format!("Collection({})", t.name)
    } else {
        t.name.clone()
    }
}
