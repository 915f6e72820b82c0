//! Each method's permissions data is what its page's permissions table says: read here
//! from the page's text directly (the table's rows in their fixed order), and as docgen
//! reads it into the IR.
#![deny(warnings)]

use graph_comms::builders::{
    ChatsItemMessagesItemHostedContentsItem, CommunicationsCalls, CommunicationsCallsItem,
    CommunicationsCallsItemParticipants, DrivesItemRoot, UsersItemDriveRoot,
};
use graph_comms::runtime::{Permissions, Scheme};

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");

/// The page's permissions table rows, each row's permissions (none for `Not supported.`,
/// `None.` or a translation of them: anything without a dotted name).
fn page_rows(page: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(format!("{DOCS}/{page}")).unwrap();
    let mut lines = text
        .lines()
        .skip_while(|l| !(l.starts_with("## Permissions") || l.contains("name=\"permissions\"")))
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.trim_start().starts_with('|'));
    lines.next().expect("a header row");
    lines.next().expect("a separator row");
    lines
        .map(|row| {
            let cell = row.split('|').nth(2).expect("a permissions cell");
            cell.split(',')
                .map(|p| p.trim().to_string())
                .filter(|p| p.contains('.') && !p.ends_with('.'))
                .collect()
        })
        .collect()
}

fn as_strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn assert_matches_page(data: &[Permissions], page: &str) {
    assert_eq!(data.len(), 1, "{page}: one table, one set");
    let rows = page_rows(page);
    assert_eq!(rows.len(), 3, "{page}: a row per scheme");
    let schemes = [
        Scheme::DelegatedWork,
        Scheme::DelegatedPersonal,
        Scheme::Application,
    ];
    for (row, scheme) in rows.iter().zip(schemes) {
        assert_eq!(
            &as_strings(data[0].scheme(scheme)),
            row,
            "{page}: {scheme:?}"
        );
    }
}

#[test]
fn each_methods_data_is_its_pages_table() {
    let cases: &[(&[Permissions], &str)] = &[
        (CommunicationsCalls::CREATE_PERMISSIONS, "api/call-post.md"),
        (
            CommunicationsCallsItem::ANSWER_PERMISSIONS,
            "api/call-answer.md",
        ),
        (
            CommunicationsCallsItem::REDIRECT_PERMISSIONS,
            "api/call-redirect.md",
        ),
        (
            CommunicationsCallsItemParticipants::INVITE_PERMISSIONS,
            "api/participant-invite.md",
        ),
        (
            ChatsItemMessagesItemHostedContentsItem::GET_PERMISSIONS,
            "api/chatmessagehostedcontent-get.md",
        ),
        (
            DrivesItemRoot::SEARCH_PERMISSIONS,
            "api/driveitem-search.md",
        ),
        (
            UsersItemDriveRoot::SEARCH_PERMISSIONS,
            "api/driveitem-search.md",
        ),
    ];
    for (data, page) in cases {
        assert_matches_page(data, page);
    }
}

#[test]
fn the_data_is_what_docgen_reads_from_the_docs() {
    let (ir, _) = docgen_codegen::Config::new().input(DOCS).load().unwrap();
    let op = |name: &str| {
        ir.operations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let invite = &op("POST /communications/calls/{call-id}/participants/invite").permissions;
    let data = CommunicationsCallsItemParticipants::INVITE_PERMISSIONS;
    assert_eq!(invite.len(), data.len());
    for (read, emitted) in invite.iter().zip(data) {
        assert_eq!(read.delegated_work, as_strings(emitted.delegated_work));
        assert_eq!(
            read.delegated_personal,
            as_strings(emitted.delegated_personal)
        );
        assert_eq!(read.application, as_strings(emitted.application));
        assert_eq!(read.case.as_deref(), emitted.case);
    }
    // A page whose table names no permission (`None.`) gives an operation no data.
    assert!(op("GET /communications/calls/{call-id}")
        .permissions
        .is_empty());
}

#[test]
fn an_app_can_check_its_token_against_a_method() {
    let invite = &CommunicationsCallsItemParticipants::INVITE_PERMISSIONS[0];
    assert!(invite.allows(Scheme::Application, &["Calls.InitiateGroupCall.All"]));
    assert!(!invite.allows(Scheme::Application, &["Calls.Initiate.All"]));
    assert!(!invite.allows(Scheme::DelegatedWork, &["Calls.InitiateGroupCall.All"]));
    let search = &DrivesItemRoot::SEARCH_PERMISSIONS[0];
    assert_eq!(search.least(Scheme::DelegatedPersonal), Some("Files.Read"));
}
