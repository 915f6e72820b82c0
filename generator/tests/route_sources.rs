//! Where routes come from: every HTTP request section (any `http-request…` heading, by
//! anchor or English slug) and every `samples` block; keys only where a page marks them;
//! no route from an opaque upload URL or a typo with several readings.

use docgen_codegen::ir::Ir;
use docgen_codegen::route_audit::RouteAudit;
use docgen_codegen::SourceFile;

fn page(path: &str, text: &str) -> SourceFile {
    SourceFile {
        path: path.to_string(),
        text: text.to_string(),
        file: path.into(),
        problem: None,
    }
}

const FENCE: &str = "```";

fn api(title: &str, body: &str) -> String {
    format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n{body}")
}

fn block(annotation: &str, lines: &str) -> String {
    format!("<!-- {annotation} -->\n{FENCE}http\n{lines}\n{FENCE}\n\n")
}

fn pages() -> Vec<SourceFile> {
    let ignored = r#"{ "blockType": "ignored" }"#;
    let upload = api(
        "upload",
        &format!(
            "## HTTP request (to replace an existing item)\n{}## HTTP request (to upload a new file)\n{}## Example\n{}{}{}",
            block(ignored, "PUT /drives/{drive-id}/items/{item-id}/content\nPUT /me/drive/items/{item-id}/content"),
            block(ignored, "PUT /drives/{drive-id}/items/{parent-id}:/{filename}:/content"),
            block(r#"{ "blockType": "request", "name": "up" }"#, "PUT /me/drive/root:/FolderA/FileB.txt:/content\nContent-Type: text/plain\n\nThe contents."),
            block(r#"{ "blockType": "request", "opaqueUrl": true, "name": "frag" }"#, "PUT https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337\nContent-Length: 3\n\nabc"),
            block(r#"{ "blockType": "response", "name": "frag" }"#, "HTTP/1.1 202 Accepted"),
        ),
    );
    // A translated page: the heading is known by its anchor.
    let report = api(
        "report",
        &format!(
            "## <a name=\"http-request\"></a>HTTP-запрос\n{}",
            block(
                r#"{ "blockType": "samples" }"#,
                "GET /reports/getEmailActivityUserDetail(period='{period_value}')\nGET /reports/getEmailActivityUserDetail(date={date_value})"
            ),
        ),
    );
    let names = api(
        "names",
        &format!(
            "## HTTP request\n{}",
            block(
                ignored,
                "GET /servicePrincipals/{id}/oauth2PermissionGrants\nGET /reports/getOffice365ActivationCounts\nGET /drives/{drive-id}/root:/{item-path}\nGET /me/drive/special/{name}\nGET /users/{id}/messages/{id}/extensions/{extensionId}"
            ),
        ),
    );
    let typos = api(
        "typos",
        &format!(
            "## HTTP request\n{}",
            block(
                ignored,
                "POST /users/me/messages/{id}/replyAll\nPATCH /teams/(team-id)/channels/{channel-id}\nGET /me/mailFolders/{id}/childFolders/{id}/.../messages"
            ),
        ),
    );
    let member_of = api(
        "memberof",
        &format!(
            "## HTTP request\n{}## Example\n{}",
            block(
                ignored,
                "GET /me/memberOf\nGET /users/{id | userPrincipalName}/memberOf"
            ),
            block(
                r#"{ "blockType": "request", "name": "m" }"#,
                "GET https://graph.microsoft.com/v1.0/users/{id}/memberOf"
            ),
        ),
    );
    // The sample extension name the annotation lists stands where another page's template
    // has its key; a name (`calendarView`) would not.
    let extension = api(
        "extension",
        &format!(
            "## Example\n{}",
            block(
                r#"{ "blockType": "request", "name": "x", "sampleKeys": ["AAMkAGE1M2IyNGNm===", "Com.Contoso.Referral"] }"#,
                "GET https://graph.microsoft.com/v1.0/me/messages/AAMkAGE1M2IyNGNm===/extensions/Com.Contoso.Referral"
            ),
        ),
    );
    vec![
        page("api/upload.md", &upload),
        page("api/report.md", &report),
        page("api/names.md", &names),
        page("api/typos.md", &typos),
        page("api/memberof.md", &member_of),
        page("api/extension.md", &extension),
    ]
}

fn routes(ir: &Ir) -> Vec<String> {
    ir.operations
        .iter()
        .map(|o| format!("{} {}", o.method, o.path))
        .collect()
}

#[test]
fn every_listed_route_is_an_operation_with_the_keys_its_page_marks() {
    let files = pages();
    let config_dir = tempfile::tempdir().unwrap();
    for f in &files {
        let p = config_dir.path().join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &f.text).unwrap();
    }
    let (ir, stats) = docgen_codegen::Config::new()
        .input(config_dir.path())
        .load()
        .unwrap();
    assert_eq!(
        routes(&ir),
        [
            // Both sections of the upload page, `/me` as `/users/{user-id}`.
            "PUT /drives/{drive-id}/items/{item-id}/content",
            "PUT /drives/{drive-id}/items/{item-id}:/{filename}:/content",
            // Path addressing without its closing colon.
            "GET /drives/{drive-id}/root:/{path}:",
            // Both overloads of the samples block.
            "GET /reports/getEmailActivityUserDetail(date={date})",
            "GET /reports/getEmailActivityUserDetail(period='{period}')",
            // Names with digits are names.
            "GET /reports/getOffice365ActivationCounts",
            "GET /servicePrincipals/{servicePrincipal-id}/oauth2PermissionGrants",
            // `(team-id)` repaired.
            "PATCH /teams/{team-id}/channels/{channel-id}",
            "PUT /users/{user-id}/drive/items/{item-id}/content",
            // The example's own path: `root:/…:` marks the key.
            "PUT /users/{user-id}/drive/root:/{path}:/content",
            "GET /users/{user-id}/drive/special/{special-id}",
            "GET /users/{user-id}/memberOf",
            "GET /users/{user-id}/messages/{message-id}/extensions/{extension-id}",
            // `/users/me` repaired.
            "POST /users/{user-id}/messages/{message-id}/replyAll",
        ]
    );
    let audit = RouteAudit::new(&ir, &stats.counts);
    assert_eq!(audit.left_out, Vec::<String>::new());
    assert_eq!(audit.unmarked_keys, Vec::<String>::new());
    assert_eq!(audit.opaque_requests, 1);
    assert_eq!(audit.broken, 1);
    assert_eq!(audit.typos_broken, ["api/typos.md:11"]);
    assert_eq!(audit.typos_repaired, ["api/typos.md:9", "api/typos.md:10"]);
    // The section lists the example's route (under `/users`): nothing to report.
    assert!(
        !ir.diagnostics
            .iter()
            .any(|d| d.code == "path-template" && d.path == "api/memberof.md"),
        "{:#?}",
        ir.diagnostics
    );
}
