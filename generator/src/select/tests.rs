use super::areas::{Gates, UNASSIGNED};
use super::*;
use std::collections::BTreeSet;

/// The project's own docs: three areas (cloud-communications, microsoft-teams, outlook).
fn docs_input() -> Ir {
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");
    crate::Config::new().input(docs).load().unwrap().0
}

fn selection(include: &[&str], exclude: &[&str]) -> Selection {
    Selection {
        include: include.iter().map(|s| s.parse().unwrap()).collect(),
        exclude: exclude.iter().map(|s| s.parse().unwrap()).collect(),
        lean_navigation: false,
    }
}

fn op_names(ir: &Ir) -> BTreeSet<&str> {
    ir.operations.iter().map(|o| o.name.as_str()).collect()
}

fn type_names(ir: &Ir) -> BTreeSet<&str> {
    ir.types.iter().map(|t| t.name.as_str()).collect()
}

/// Nothing the kept items refer to is missing, and referenced bases keep their derived
/// types: what the emitter needs to write every field with its type.
fn assert_closed(full: &Ir, cut: &Ir, excluded: &[&str]) {
    let kept = type_names(cut);
    let known = type_names(full);
    let needed = |name: &str| known.contains(name) && !excluded.contains(&name);
    let mut referenced: Vec<&str> = Vec::new();
    for t in &cut.types {
        if let Some(b) = t.base.as_deref().filter(|b| needed(b)) {
            assert!(kept.contains(b), "base {b} of {} is missing", t.name);
        }
        referenced.extend(t.properties.iter().map(|p| p.ty.as_str()));
    }
    for o in &cut.operations {
        referenced.extend(o.response.iter().filter_map(|r| r.ty.as_deref()));
        if let Some(b) = &o.body {
            referenced.extend(b.ty.as_deref());
            referenced.extend(b.properties.iter().map(|p| p.ty.as_str()));
        }
    }
    for r in referenced.into_iter().filter(|r| needed(r)) {
        assert!(kept.contains(r), "{r} is referenced but missing");
        for d in full.types.iter().filter(|t| t.base.as_deref() == Some(r)) {
            if needed(&d.name) {
                assert!(
                    kept.contains(d.name.as_str()),
                    "{} derives from {r} but is missing",
                    d.name
                );
            }
        }
    }
}

#[test]
fn a_path_glob_keeps_its_operations_and_what_they_reach() {
    let full = docs_input();
    let cut =
        selection(&["/communications/calls/{call-id}/participants/**"], &[]).apply(full.clone());
    assert_eq!(
        op_names(&cut),
        BTreeSet::from([
            "DELETE /communications/calls/{call-id}/participants/{participant-id}",
            "GET /communications/calls/{call-id}/participants",
            "GET /communications/calls/{call-id}/participants/{participant-id}",
            "POST /communications/calls/{call-id}/participants/invite",
            "POST /communications/calls/{call-id}/participants/{participant-id}/mute"
        ])
    );
    let types = type_names(&cut);
    for t in [
        "microsoft.graph.participant",
        "microsoft.graph.entity",
        "microsoft.graph.commsOperation",
        "microsoft.graph.muteParticipantOperation",
    ] {
        assert!(types.contains(t), "{t} missing from {types:?}");
    }
    // A call is not reachable from participants; neither are call records.
    assert!(!types.contains("microsoft.graph.call"));
    assert!(!types.iter().any(|t| t.contains("callRecords")));
    assert!(cut.types.len() < full.types.len());
    assert_closed(&full, &cut, &[]);
    // Examples only of kept types, so the round-trip test compiles.
    assert!(cut
        .examples
        .iter()
        .all(|e| types.contains(e.ty.as_str()) || crate::ir::is_primitive(&e.ty)));
    assert!(!cut.examples.is_empty());
}

#[test]
fn areas_names_and_types_select_and_the_closure_is_closed() {
    let full = docs_input();
    let teams = selection(&["area:Microsoft-Teams"], &[]).apply(full.clone());
    assert_eq!(
        op_names(&teams),
        BTreeSet::from([
            "GET /chats/{chat-id}/messages/{message-id}/hostedContents/{hostedContent-id}",
            "GET /chats/{chat-id}/messages/{message-id}/hostedContents/{hostedContent-id}/$value",
        ])
    );
    let types = type_names(&teams);
    for t in [
        "microsoft.graph.chatMessageHostedContent",
        "microsoft.graph.shiftAvailability",
        "microsoft.graph.timeRange",
    ] {
        assert!(types.contains(t), "{t} missing from {types:?}");
    }
    assert!(!types.contains("microsoft.graph.call"));
    assert_closed(&full, &teams, &[]);

    let one = selection(&["operation:GET*participants/{participant-id}"], &[]).apply(full.clone());
    assert_eq!(
        op_names(&one),
        BTreeSet::from(["GET /communications/calls/{call-id}/participants/{participant-id}"])
    );
    assert_closed(&full, &one, &[]);

    // A type by its bare name, with no operation: the type and what it needs.
    let ty = selection(&["type:mediaConfig"], &[]).apply(full.clone());
    assert!(ty.operations.is_empty());
    let types = type_names(&ty);
    // A chosen polymorphic base brings the types derived from it.
    assert!(types.contains("microsoft.graph.appHostedMediaConfig"));
    assert!(types.contains("microsoft.graph.serviceHostedMediaConfig"));
    assert_closed(&full, &ty, &[]);

    // An area that owns `entity` (the implicit base of every keyed entity type) keeps it,
    // without the other areas' entity types: owning a type is not using it as a value.
    let comms_ir = selection(&["area:cloud-communications"], &[]).apply(full.clone());
    let comms = type_names(&comms_ir);
    assert!(comms.contains("microsoft.graph.entity"));
    assert!(comms.contains("microsoft.graph.call"));
    assert!(!comms.contains("microsoft.graph.driveItem"), "{comms:?}");
    assert!(!comms.contains("microsoft.graph.chatMessageHostedContent"));
    // Chosen by name, `entity` may be any entity type.
    let entity_ir = selection(&["type:entity"], &[]).apply(full.clone());
    let entity = type_names(&entity_ir);
    assert!(entity.contains("microsoft.graph.driveItem"));

    for s in [
        &["area:cloud-communications"][..],
        &["/**"],
        &["type:*"],
        &["/communications/calls/*"],
    ] {
        assert_closed(&full, &selection(s, &[]).apply(full.clone()), &[]);
    }
    // Everything selected is everything.
    assert_eq!(
        selection(&["/**", "type:*"], &[]).apply(full.clone()).types,
        full.types
    );
    assert_eq!(Selection::default().apply(full.clone()), full);
}

#[test]
fn exclusions_drop_operations_before_the_closure_and_types_outright() {
    let full = docs_input();
    let cut = selection(
        &["area:cloud-communications"],
        &["path:/communications/calls/*/participants/**"],
    )
    .apply(full.clone());
    assert!(!cut.operations.is_empty());
    assert!(cut
        .operations
        .iter()
        .all(|o| !o.path.contains("participants")));
    // With no include, everything but the excluded.
    let cut = selection(&[], &["operation:*/communications/calls/{call-id}"]).apply(full.clone());
    assert!(cut
        .operations
        .iter()
        .all(|o| !o.name.ends_with("/communications/calls/{call-id}")));
    assert!(cut
        .operations
        .iter()
        .any(|o| o.name == "GET /communications/calls/{call-id}/participants/{participant-id}"));
    // An excluded type is gone even though a call refers to it, and it is not followed:
    // its derived types are not kept for it.
    let cut = selection(
        &["operation:GET /communications/calls/{call-id}"],
        &["type:microsoft.graph.mediaConfig"],
    )
    .apply(full.clone());
    let types = type_names(&cut);
    assert!(types.contains("microsoft.graph.call"));
    assert!(!types.contains("microsoft.graph.mediaConfig"));
    assert!(!types.contains("microsoft.graph.appHostedMediaConfig"));
    assert_closed(&full, &cut, &["microsoft.graph.mediaConfig"]);
}

#[test]
fn a_selector_that_matches_nothing_is_a_warning() {
    let full = docs_input();
    let cut = selection(&["/no/such/route/**", "area:outlook"], &["type:nothing"]).apply(full);
    let codes: Vec<String> = cut
        .diagnostics
        .iter()
        .filter(|d| d.code == "selection-empty")
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        codes,
        [
            "selection:1:1: warning[selection-empty]: `path:/no/such/route/**` selects nothing: no operation or type matches",
            "selection:1:1: warning[selection-empty]: `type:nothing` excludes nothing: no operation or type matches",
        ]
    );
    // `outlook` has a type and no operation: the type is kept.
    assert!(cut.operations.is_empty());
    assert!(type_names(&cut).contains("microsoft.graph.recurrenceRange"));
}

#[test]
fn selectors_parse_from_text() {
    assert_eq!("area:Outlook".parse(), Ok(Selector::Area("outlook".into())));
    assert_eq!("/me/**".parse(), Ok(Selector::Path("/me/**".into())));
    assert_eq!("path:/me/**".parse(), Ok(Selector::Path("/me/**".into())));
    assert_eq!(
        "op:message-get".parse(),
        Ok(Selector::Operation("message-get".into()))
    );
    assert_eq!("type:message".parse(), Ok(Selector::Type("message".into())));
    for bad in ["outlook", "colour:red", "type:", ""] {
        assert!(bad.parse::<Selector>().is_err(), "{bad}");
    }
    let s: Selector = "path:/a/{id}/b".parse().unwrap();
    assert_eq!(s.to_string().parse(), Ok(s));
}

#[test]
fn gates_follow_what_each_area_reaches() {
    let ir = docs_input();
    let g = Gates::new(&ir);
    assert_eq!(
        g.areas,
        [
            "cloud-communications",
            "files",
            "microsoft-teams",
            "outlook"
        ]
    );
    assert_eq!(g.for_type("microsoft.graph.call"), ["cloud-communications"]);
    assert_eq!(
        g.for_type("microsoft.graph.chatMessageHostedContent"),
        ["microsoft-teams"]
    );
    // `entity` (its page is in cloud-communications) is the implicit base of every keyed
    // entity type: each area with one compiles it, but owning it does not make
    // cloud-communications need the other areas' entity types (it is nobody's value type
    // here, so its `Any*` enum is needed by none).
    assert_eq!(
        g.for_type("microsoft.graph.entity"),
        ["cloud-communications", "files", "microsoft-teams"]
    );
    assert!(g.for_any("microsoft.graph.entity").is_empty());
    assert_eq!(g.for_type("microsoft.graph.driveItem"), ["files"]);
    // Own page in outlook; reached from teams' shift availability? Only what the IR says.
    let range = g.for_type("microsoft.graph.recurrenceRange");
    assert!(range.contains(&"outlook"));
    // What no area reaches is needed by none; an unknown name too.
    assert!(g.for_type("microsoft.graph.noSuchType").is_empty());
    // Every item an area needs is needed by each area that needs something holding it.
    for t in &ir.types {
        let mine: BTreeSet<&str> = g.for_type(&t.name).into_iter().collect();
        for p in &t.properties {
            let theirs: BTreeSet<&str> = g.for_type(&p.ty).into_iter().collect();
            if ir.types.iter().any(|x| x.name == p.ty) {
                assert!(
                    mine.is_subset(&theirs),
                    "{} needs {} in {mine:?}, has {theirs:?}",
                    t.name,
                    p.ty
                );
            }
        }
        let any: BTreeSet<&str> = g.for_any(&t.name).into_iter().collect();
        for d in ir
            .types
            .iter()
            .filter(|d| d.base.as_deref() == Some(&t.name))
        {
            let theirs: BTreeSet<&str> = g.for_type(&d.name).into_iter().collect();
            assert!(
                any.is_subset(&theirs),
                "{} of Any{} missing in {any:?}",
                d.name,
                t.name
            );
        }
    }
    for op in &ir.operations {
        assert_eq!(
            g.for_operation(op),
            [op.area.as_deref().unwrap_or(UNASSIGNED)]
        );
    }
}

#[test]
fn lean_navigation_keeps_relationships_only_to_types_reached_otherwise() {
    let full = docs_input();
    let mut s = selection(&["operation:GET /communications/calls/{call-id}"], &[]);
    let wide = s.apply(full.clone());
    s.lean_navigation = true;
    let lean = s.apply(full.clone());
    let (wide, lean) = (type_names(&wide), type_names(&lean));
    // `call.participants` is a relationship: the lean cut leaves `participant` out.
    assert!(wide.contains("microsoft.graph.participant"));
    assert!(!lean.contains("microsoft.graph.participant"));
    assert!(lean.is_subset(&wide));
    // Structural properties are still followed.
    assert!(lean.contains("microsoft.graph.call"));
    assert!(lean.contains("microsoft.graph.mediaConfig"));
}
