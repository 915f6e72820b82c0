//! Permissions tables read by structure (issue 28): in English, in Russian, in a language
//! no vocabulary row knows (German, written by us); rows placed by order and by shape;
//! tables of cases; pages merged and disagreeing; the least set covering a list of calls.

use docgen_codegen::ir::{Ir, Operation, Scheme};
use docgen_codegen::permissions::{needs, select, Call};
use docgen_codegen::vocab::Vocab;
use docgen_codegen::Config;
use std::fs;

fn ir_of(pages: &[(&str, String)], vocab: Vocab) -> Ir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in pages {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    Config::new()
        .input(dir.path())
        .vocab(vocab)
        .load()
        .unwrap()
        .0
}

/// An API page with one route and the given permissions section (heading included).
fn page(route: &str, permissions: &str) -> String {
    let (method, path) = route.split_once(' ').unwrap();
    format!(
        "---\ndoc_type: apiPageType\n---\n# Call\n\nDoes one thing.\n\n{permissions}\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{method} {path}\n```\n"
    )
}

fn op<'a>(ir: &'a Ir, name: &str) -> &'a Operation {
    ir.operations
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| {
            panic!(
                "{name} in {:?}",
                ir.operations.iter().map(|o| &o.name).collect::<Vec<_>>()
            )
        })
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

const EN: &str = "## Permissions\nOne of the following permissions is required.\n\n|Permission type | Permissions (from least to most privileged) |\n|:--|:--|\n|Delegated (work or school account) | Mail.ReadBasic, Mail.Read, Mail.ReadWrite |\n|Delegated (personal Microsoft account) | Not supported. |\n|Application | Mail.ReadBasic.All, Mail.Read, Mail.ReadWrite |";

const RU: &str = "## <a name=\"permissions\"></a>Разрешения\nДля вызова этого API требуется одно из указанных ниже разрешений.\n\n|Тип разрешения | Разрешения (в порядке повышения привилегий) |\n|:--|:--|\n|Делегированные (рабочая или учебная учетная запись) | Mail.ReadBasic, Mail.Read, Mail.ReadWrite |\n|Делегированные (личная учетная запись Майкрософт) | Не поддерживается. |\n|Для приложений | Mail.ReadBasic.All, Mail.Read, Mail.ReadWrite |";

/// German: no vocabulary row knows these words, and the heading has no anchor. The
/// `Permissions` slug is English: a German page keeps the anchor, as the Russian ones do.
const DE: &str = "## <a name=\"permissions\"></a>Berechtigungen\n\n|Berechtigungstyp | Berechtigungen |\n|:--|:--|\n|Delegiert (Geschäfts- oder Schulkonto) | Mail.ReadBasic, Mail.Read, Mail.ReadWrite |\n|Delegiert (persönliches Microsoft-Konto) | Nicht unterstützt. |\n|Anwendung | Mail.ReadBasic.All, Mail.Read, Mail.ReadWrite |";

#[test]
fn every_language_reads_the_same_permissions() {
    for (lang, section) in [("en", EN), ("ru", RU), ("de", DE)] {
        for vocab in [Vocab::all(), Vocab::only(["en"])] {
            let ir = ir_of(
                &[("api/list.md", page("GET /me/messages", section))],
                vocab.clone(),
            );
            let o = op(&ir, "GET /users/{user-id}/messages");
            let at = format!("{lang} read with {}", vocab.label());
            assert_eq!(o.permissions.len(), 1, "{at}");
            let p = &o.permissions[0];
            assert_eq!(
                p.delegated_work,
                strings(&["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"]),
                "{at}"
            );
            assert!(p.delegated_personal.is_empty(), "{at}: not supported");
            assert_eq!(
                p.application,
                strings(&["Mail.ReadBasic.All", "Mail.Read", "Mail.ReadWrite"]),
                "{at}"
            );
            assert_eq!(p.case, None, "{at}");
            assert!(p.source.starts_with("api/list.md:"), "{at}: {}", p.source);
        }
    }
}

#[test]
fn missing_rows_are_placed_by_shape() {
    // No personal row: the unqualified row is the application's, though second.
    let two = "## Permissions\n\n|Permission type | Permissions |\n|:--|:--|\n|Delegated (work or school account) | Notes.Create, Notes.Read |\n|Application | Notes.Read.All |";
    let ir = ir_of(&[("api/x.md", page("GET /notebooks", two))], Vocab::all());
    let p = &op(&ir, "GET /notebooks").permissions[0];
    assert_eq!(p.delegated_work, strings(&["Notes.Create", "Notes.Read"]));
    assert!(p.delegated_personal.is_empty());
    assert_eq!(p.application, strings(&["Notes.Read.All"]));
    // A fourth row has no scheme's place: reported, not read.
    let four = format!("{EN}\n|Application | Mail.Send |");
    let ir = ir_of(
        &[("api/x.md", page("GET /me/messages", &four))],
        Vocab::all(),
    );
    assert_eq!(
        op(&ir, "GET /users/{user-id}/messages").permissions[0].application,
        strings(&["Mail.ReadBasic.All", "Mail.Read", "Mail.ReadWrite"])
    );
    assert!(
        ir.diagnostics.iter().any(|d| d.code == "permission-scheme"),
        "{:?}",
        ir.diagnostics
    );
}

#[test]
fn combinations_and_tables_of_cases() {
    let cases = "## Permissions\n\n| Calendar | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n| user calendar | Calendars.Read, Calendars.ReadWrite | Calendars.Read | Calendars.Read |\n| group calendar | Group.Read.All и User.Read | Not supported. | Not supported. |";
    let ir = ir_of(
        &[("api/x.md", page("GET /me/calendar", cases))],
        Vocab::all(),
    );
    let sets = &op(&ir, "GET /users/{user-id}/calendar").permissions;
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[0].case.as_deref(), Some("user calendar"));
    assert_eq!(
        sets[0].delegated_work,
        strings(&["Calendars.Read", "Calendars.ReadWrite"])
    );
    assert_eq!(sets[1].case.as_deref(), Some("group calendar"));
    // One word between two names joins them: both are needed.
    assert_eq!(
        sets[1].delegated_work,
        strings(&["Group.Read.All + User.Read"])
    );
    assert!(sets[1].application.is_empty());
}

#[test]
fn pages_of_one_operation_merge_and_a_disagreement_names_both() {
    let other = EN.replace("Mail.ReadBasic.All, Mail.Read, Mail.ReadWrite", "Mail.Read");
    let ir = ir_of(
        &[
            ("api/a-list.md", page("GET /me/messages", EN)),
            ("api/b-list.md", page("GET /users/{id}/messages", &other)),
        ],
        Vocab::all(),
    );
    let o = op(&ir, "GET /users/{user-id}/messages");
    assert_eq!(
        o.permissions[0].application,
        strings(&["Mail.ReadBasic.All", "Mail.Read", "Mail.ReadWrite"])
    );
    let d = ir
        .diagnostics
        .iter()
        .find(|d| d.code == "permissions-disagree")
        .expect("a disagreement");
    assert_eq!(d.path, "api/b-list.md");
    assert!(d.message.contains("api/a-list.md"), "{}", d.message);
    // Agreeing pages say nothing.
    let ir = ir_of(
        &[
            ("api/a-list.md", page("GET /me/messages", EN)),
            ("api/b-list.md", page("GET /users/{id}/messages", EN)),
        ],
        Vocab::all(),
    );
    assert!(!ir
        .diagnostics
        .iter()
        .any(|d| d.code == "permissions-disagree"));
}

#[test]
fn a_case_naming_a_route_applies_to_that_route() {
    let routed = "## Permissions\n\n| Resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n| [chatMessage](../resources/chatmessage.md) (/chats/{id}/messages) | Chat.Read | Not supported. | Chat.Read.All |\n| [chatMessage](../resources/chatmessage.md) (/teams/{id}/channels/{id}/messages) | ChannelMessage.Read.All | Not supported. | ChannelMessage.Read.All |";
    let text = format!(
        "---\ndoc_type: apiPageType\n---\n# List messages\n\n{routed}\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET /chats/{{chat-id}}/messages\nGET /teams/{{team-id}}/channels/{{channel-id}}/messages\n```\n"
    );
    let ir = ir_of(&[("api/x.md", text)], Vocab::all());
    let chat = &op(&ir, "GET /chats/{chat-id}/messages").permissions;
    assert_eq!(chat.len(), 1);
    assert_eq!(chat[0].application, strings(&["Chat.Read.All"]));
    let channel = &op(&ir, "GET /teams/{team-id}/channels/{channel-id}/messages").permissions;
    assert_eq!(channel.len(), 1);
    assert_eq!(
        channel[0].application,
        strings(&["ChannelMessage.Read.All"])
    );
}

#[test]
fn the_least_set_covers_every_call() {
    let write = "## Permissions\n\n|Permission type | Permissions |\n|:--|:--|\n|Delegated (work or school account) | Mail.ReadWrite |\n|Delegated (personal Microsoft account) | Mail.ReadWrite |\n|Application | Mail.ReadWrite |";
    let send = write.replace("Mail.ReadWrite", "Mail.Send");
    let folders = EN;
    let ir = ir_of(
        &[
            ("api/user-list-messages.md", page("GET /me/messages", EN)),
            ("api/user-post-messages.md", page("POST /me/messages", write)),
            ("api/user-sendmail.md", page("POST /me/sendMail", &send)),
            ("api/user-list-mailfolders.md", page("GET /me/mailFolders", folders)),
            ("api/other.md", page("GET /me/contacts", "## Permissions\n\n|Permission type | Permissions |\n|:--|:--|\n|Delegated (work or school account) | Contacts.Read |\n|Delegated (personal Microsoft account) | Contacts.Read |\n|Application | Contacts.Read |")),
        ],
        Vocab::all(),
    );
    let calls: Vec<Call> = [
        "/users/{id}/messages",
        "/users/{id}/sendMail",
        "POST /me/mailFolders",
        "GET /me/mailFolders",
    ]
    .iter()
    .filter_map(|l| Call::parse(l))
    .collect();
    let (ops, unmatched) = select(&ir, &calls);
    assert_eq!(unmatched, ["POST /me/mailFolders"]);
    assert_eq!(ops.len(), 4, "two on messages, sendMail, mailFolders");
    let n = needs(&ops);
    let app = n
        .schemes
        .iter()
        .find(|s| s.scheme == Some(Scheme::Application))
        .unwrap();
    // Mail.ReadWrite allows listing too: Mail.ReadBasic.All would be one more to ask for.
    assert_eq!(app.permissions, ["Mail.ReadWrite", "Mail.Send"]);
    let send_reason = app
        .because
        .iter()
        .find(|r| r.operation == "POST /users/{user-id}/sendMail")
        .unwrap();
    assert_eq!(send_reason.allowed_by, "Mail.Send");
    assert!(send_reason.source.starts_with("api/user-sendmail.md:"));
    let personal = n
        .schemes
        .iter()
        .find(|s| s.scheme == Some(Scheme::DelegatedPersonal))
        .unwrap();
    // The personal scheme cannot list messages or folders (`Not supported.` in EN).
    assert_eq!(personal.unsupported.len(), 2, "{:?}", personal.unsupported);
    assert_eq!(personal.permissions, ["Mail.ReadWrite", "Mail.Send"]);
}

#[test]
fn the_general_page_speaks_before_a_products_slice() {
    let intune = EN.replace(
        "Mail.ReadBasic.All, Mail.Read, Mail.ReadWrite",
        "DeviceManagementApps.Read.All",
    );
    let ir = ir_of(
        &[
            (
                "api/intune-devices-user-list.md",
                page("GET /users", &intune),
            ),
            ("api/user-list.md", page("GET /users", EN)),
        ],
        Vocab::all(),
    );
    let o = op(&ir, "GET /users");
    assert!(
        o.permissions[0].source.starts_with("api/user-list.md:"),
        "{:?}",
        o.permissions
    );
    let d = ir
        .diagnostics
        .iter()
        .find(|d| d.code == "permissions-disagree")
        .expect("reported");
    assert_eq!(d.path, "api/intune-devices-user-list.md");
    assert!(d.message.contains("api/user-list.md"), "{}", d.message);
}
