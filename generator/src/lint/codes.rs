//! Every code `docgen lint` reports: its default level and a paragraph saying what it
//! means and how to fix it (`docgen lint --explain CODE`). Codes are stable: tools and
//! config files name them.

/// How a finding is treated: dropped, reported, or reported and failing the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "allow" => Some(Level::Allow),
            "warn" | "warning" => Some(Level::Warn),
            "deny" | "error" => Some(Level::Deny),
            _ => None,
        }
    }

    /// The word shown in output: `error` or `warning`.
    pub fn severity(self) -> &'static str {
        match self {
            Level::Deny => "error",
            Level::Warn | Level::Allow => "warning",
        }
    }
}

pub struct Code {
    pub name: &'static str,
    pub level: Level,
    pub summary: &'static str,
    pub explain: &'static str,
}

const fn code(
    name: &'static str,
    level: Level,
    summary: &'static str,
    explain: &'static str,
) -> Code {
    Code {
        name,
        level,
        summary,
        explain,
    }
}

use Level::Warn;

/// The author checks `docgen lint` adds, then every diagnostic generation reports.
pub const CODES: &[Code] = &[
    code("unknown-property", Warn, "an example holds a property its type does not declare",
        "An example body (request, response or example block) holds a property that neither its type nor any of the type's base types declares in a properties table or resource block. Either the example is wrong (a typo, a property of another type, a leftover) or the type's page misses a row. Generated models keep such a property with the unknown ones (in the `additional_data` field), as JSON without a typed field or accessor, so code that reads it gets no help from the compiler. Fix the example, or add the property to the type's page; an open type (`openType: true`) may hold anything."),
    code("wrong-shape", Warn, "an example value has the wrong JSON shape for its declared type",
        "A value in an example is an object where the declared type is a string, number or enum, a single value where it is a collection, or a list where it is one value. The generated code fails to decode such a body. Fix the example, or the type cell (`Collection(x)`, `x`) if the example is right."),
    code("invalid-enum-value", Warn, "an example value is not a member of its enum",
        "A property typed with an enum holds a string that is not one of the enum's documented members (flags enums may hold several, comma separated). Generated enums read it as `Other`, so a caller matching on members misses it. Fix the value, or add the member to the enum's values table."),
    code("invalid-value", Warn, "an example value is not valid for its primitive type",
        "A value does not have the notation of its declared primitive type: a date-time that is not RFC 3339 with an offset (`2021-03-01T10:00:00Z`), a date that is not `YYYY-MM-DD`, a time of day that is not `hh:mm:ss`, a duration that is not ISO 8601 (`PT1H`), a GUID that is not 8-4-4-4-12 hex digits, a Boolean that is not `true`/`false`, a number that is a string, Binary that is not base64. Placeholders such as `\"String (timestamp)\"` are the usual cause. The generated code fails to decode such a body."),
    code("missing-required-property", Warn, "a request example leaves out a required body parameter",
        "The request body table says a parameter is required, but a request example on the page does not send it. Readers copy examples; an example that leaves out a required parameter fails against the service. Add the parameter to the example, or correct the table if it is optional."),
    code("broken-link", Warn, "a link names a page that is not in the docs",
        "A relative link (`../resources/user.md`) points at a page that does not exist in the docs folders being checked. Type cells link to resource pages this way, so a broken link also loses the property's type. Fix the file name. Links outside the docs folders (other folders, absolute URLs) are not checked."),
    code("broken-anchor", Warn, "a link's #anchor is not a heading or anchor of its page",
        "A link's fragment (`enums.md#printscaling-values`, `#request-body`) names no heading and no `<a name>`/`id` on the page it points at. Anchors are compared with the heading slugs the docs site computes (lower case, punctuation dropped, spaces to hyphens), in any case. Fix the fragment, or add the anchor."),
    code("request-without-response", Warn, "a request example has no response example after it",
        "A request block is not followed by a response block before the next request. Every documented request needs its response: readers need to see what comes back, and the round-trip tests and client tests replay the pair. Add the response block (annotated `{\"blockType\": \"response\"}`), or mark the request `ignored`."),
    code("duplicate-example-name", Warn, "two blocks on a page share one example name",
        "Two request blocks (or two response blocks) on one page carry the same `name` in their annotation. Names pair requests with responses and name the generated tests; a repeated name pairs the wrong blocks. Give each example its own name (`get_user_1`, `get_user_2`)."),
    code("missing-type-cell", Warn, "a table row has no type",
        "A row of a properties, relationships or request-body table has an empty type cell. The property is generated as any JSON value. Write the type (`String`, `Int32`, `[identitySet](identityset.md)`, `Collection(String)`)."),
    code("property-not-in-json", Warn, "a property of the table is missing from the page's JSON representation",
        "A resource page lists a property in its properties table, but the JSON representation block (`blockType: resource`) does not show it. The JSON block is where readers, and docgen, see the property's placeholder type; keep the two in step by adding the property to the block."),
    code("property-not-in-table", Warn, "the page's JSON representation shows a property its tables do not list",
        "The JSON representation block of a resource page shows a property that neither the properties table nor the relationships table of the page (nor a base type) lists. Either the block is wrong or the table misses a row with the property's type and description."),
    code("unannotated-request", Warn, "a request example has no annotation", "An HTTP request block carries no `<!-- {\"blockType\": \"request\", \"name\": ...} -->` annotation. It is read as a request all the same, by its first line; annotate it so tools pair it with its response by name."),
    code("unannotated-response", Warn, "a response example has no annotation", "An HTTP response block carries no `<!-- {\"blockType\": \"response\", \"@odata.type\": ...} -->` annotation. It is paired with the request before it and typed by the link in the page's Response section; annotate it with its type."),
    code("unpaired-response", Warn, "a response example has no request before it", "A response block has no request block before it on the page, so nothing pairs with it. Add the request, or move the response after it."),
    code("example-disagrees", Warn, "an example value disagrees with the declared type", "A value in an example body does not fit the type its property is declared with. `docgen lint` reports the same problems with finer codes (`wrong-shape`, `invalid-enum-value`, `invalid-value`) where it can; this code remains for the rest."),
    code("example-too-deep", Warn, "an example body nests too deep to learn types from", "An example body nests arrays and objects more than 64 levels deep. No real response does; types are not learned from it (the body is still a documented example). Shorten it."),
    code("value-wrapper", Warn, "a single entity is wrapped in {\"value\": ...}", "A response that returns one entity shows it inside `{\"value\": {...}}`, the wrapper of collections. The service returns the entity itself; remove the wrapper (or the annotation is missing `isCollection`)."),
    code("body-json", Warn, "an example body is not strict JSON", "An example body holds comments, `...` elisions, trailing commas or truncation. It was read as far as possible; strict JSON lets tools (and the round-trip tests) use it. Mark truncated bodies `\"truncated\": true` in the annotation, or complete them."),
    code("annotation-json", Warn, "an annotation is not valid JSON", "The JSON of a `<!-- {...} -->` annotation has errors (trailing commas, missing quotes, HTML entities). What could be read was used; correct the annotation."),
    code("annotation-without-at", Warn, "an instance annotation is missing its @", "A key such as `odata.context` was written without its leading `@`. It is read as an annotation, not a property; add the `@`."),
    code("orphan-annotation", Warn, "an annotation is not followed by a code block", "A block annotation is not followed by a fenced code block, so it annotates nothing. Move it directly above its block or remove it."),
    code("unterminated-fence", Warn, "a code fence is never closed", "A fenced code block has no closing fence; it was closed before the next annotation or heading. Add the closing ```."),
    code("ragged-table", Warn, "a table row has more or fewer cells than the header", "A table row's cell count differs from its header's, usually an unescaped `|` inside a cell. Escape it as `\\|`."),
    code("permissions-missing", Warn, "an API page has no permissions table",
        "A page documents an operation but has no permissions table (a `## Permissions` section, `<a name=\"permissions\">` in a translation, or the Intune pages' `## Prerequisites`). Apps and generated methods then cannot say what calling it needs. Add the reference's table: `| Permission type | Permissions (from least to most privileged) |`, one row per scheme in the fixed order (delegated work or school account, delegated personal Microsoft account, application), `Not supported.` where a scheme cannot call it."),
    code("permission-scheme", Warn, "a permissions row or column is in no scheme's place",
        "A permissions table has more rows (or scheme columns) than the three schemes, or rows whose shape places two in one scheme. Rows are read in the reference's fixed order (delegated work or school, delegated personal, application) and, when some are missing, by shape: the delegated rows qualify their label in parentheses, the application row does not. The row was not read; remove it, or merge it into its scheme's row."),
    code("permission-name", Warn, "a permission name no other page uses, resembling one they do",
        "A permissions cell names a permission that appears on no other page, and that looks like a name other pages use: another case, a lost prefix (`Directory AccessAsUser.All` for `Directory.AccessAsUser.All`), a letter or two off. Apps asking for the misspelt name get a consent error. Write the name as the permissions reference does."),
    code("permissions-disagree", Warn, "two pages give one operation different permissions",
        "Two pages document the same operation (method and route) and their permissions tables differ. The page written for fewer operations is kept (a page of one call before a page about many, such as extended properties), then the first by path; the message names both. Make the tables agree, or, where the difference is real (a product-specific slice of a resource), say so in a case heading."),
    code("unknown-type", Warn, "a type no page describes", "A type cell or annotation names a type that no page of the docs describes. It is generated as any JSON value; add the type's page or fix the name."),
    code("unknown-base", Warn, "a base type no page describes", "A type derives from a base type no page describes, so the inherited properties are missing."),
    code("inherited-type", Warn, "a derived type retypes a property its base declares", "A derived type's page gives a property its base type declares another type (`eventMessage.importance` as `String` where `message` says the `importance` enum). A value of the derived type is a value of the base, so the generated models keep the base's type and `Any*` enums keep an accessor for it. Fix the derived page's row, or the base's if it is the wrong one."),
    code("update-body", Warn, "an update documents a body of an unrelated type", "A PATCH or PUT is documented with a body of a type that is neither the resource it updates nor derived from it. Updates send the resource's model (every member optional, only what is set on the wire), so the documented type is not used; fix the request-body section's link or the example's `@odata.type`."),
    code("enum-base", Warn, "an enum in a base-type relation", "A type names an enum as its base type, or an enum names a base type. Only complex and entity types derive from one another, so the base is ignored; fix the annotation's `baseType`."),
    code("path-template", Warn, "an example URL does not match the page's path template", "A request example's URL was matched to the page's HTTP request templates only loosely (parameter names or ids differ)."),
    code("concrete-id", Warn, "a path template holds a concrete id", "An HTTP request template on the page holds a concrete id (`/users/48d31887-…`) where a `{parameter}` belongs. It is read as a request: another page's template must explain it."),
    code("concrete-value", Warn, "an example path holds sample values no template explains", "A request example (or a template holding concrete ids) calls a path with sample ids where keys belong, and no page's HTTP request section lists a template for it. Nothing marks those keys, so it makes no operation; list the route's template in the HTTP request section, or name the values in the annotation's `sampleKeys`."),
    code("route-typo", Warn, "a path has a typo with one reading", "A path is written with a typo that has one reading (`/users/me/…` for `/me/…`, `(team-id)` for `{team-id}`, `{user-id} | name` for `{user-id | name}`, `/v1/` for `/v1.0/`, a stray backtick). It is read as that; fix the page."),
    code("route-broken", Warn, "a path has a typo with several readings", "A path holds a segment with more than one reading (`.../`: how many segments?). It makes no operation; write every segment."),
    code("sample-key", Warn, "a JSON representation holds a sample key", "A key of a resource's JSON representation is a sample value (a GUID, `String-value`): the type is a dictionary. It is read as an open type and the key is not a property; mark the type `openType` in its annotation."),
    code("mislabelled-example", Warn, "an example is labelled with the wrong type", "An example's annotation names one type, but most of its keys are another type's properties and not the named type's. Its keys are not added to the named type; correct the annotation's `@odata.type`."),
    code("example-only-property", Warn, "a property only one example shows", "One example gives a type a key its resource page does not list. One example's word is not enough to add a property; list it on the resource page if it is real."),
    code("ignored-request", Warn, "a request example is annotated ignored", "A request block is annotated `ignored`; it is still read as an operation."),
    code("duplicate-operation-name", Warn, "two operations share one name", "Two pages name an operation the same way; the second is renamed with a number, which makes its generated method name depend on page order. Give it its own name in its request annotation."),
    code("translated-name", Warn, "a table's name cell is translated", "A property or parameter name in a table is a translation, not the API name. The name from the page's JSON was used where one could be found; write the API name."),
    code("table-name", Warn, "a table's name cell could not be read", "A name cell is not an identifier, and no JSON on the page gives the API name."),
    code("resource-json", Warn, "a resource block is not strict JSON", "The JSON representation block of a resource page has comments, elisions or errors; it was read as far as possible."),
    code("mislabelled-block", Warn, "a block's annotation says one kind and its text another", "A block annotated as a request holds a response (or the other way round); it was read as what it holds."),
    code("base-conflict", Warn, "two pages give a type different base types", "Two pages name different base types for one type; the first is kept. Make the pages agree."),
    code("base-inferred", Warn, "an example shows an inheritance no page states", "A value of one type appears where another is expected, and no page says the first derives from the second; it is read as deriving from it. State the base type on the type's page (`Inherits from [x](x.md)`, `baseType` in the resource annotation)."),
    code("base-from-links", Warn, "a base type read from a link and shared properties", "The page states no base type in words the reader knows or in its annotation, but its introduction links a type whose properties it has: that type is taken for its base. State it with `baseType` in the resource annotation, which every language keeps."),
    code("unrelated-type", Warn, "an example's @odata.type is unrelated to the expected type", "A body names (`@odata.type`) a type that neither derives from nor is a base of the type its annotation or property expects. The body or its label is wrong."),
    code("type-conflict", Warn, "two pages type one property differently", "A property is declared with one type here and another elsewhere; the declaration wins. Make the pages agree."),
    code("type-widened", Warn, "examples prove a declared number too narrow", "A property declared as a narrower number (`Int32`) holds a value that needs a wider one in an example; it was widened. Fix the declaration."),
    code("examples-disagree", Warn, "examples give one property different types", "Examples of an undeclared property hold values of different types; it was widened. Declare the property's type in a table."),
    code("bad-request", Warn, "a request block cannot be read", "A request block holds no readable HTTP request line."),
    code("bad-request-line", Warn, "a request line cannot be read", "The first line of a request block is not `METHOD URL`."),
    code("bad-status-line", Warn, "a status line cannot be read", "The first line of a response block is not `HTTP/1.1 <status>`."),
    code("unknown-block-type", Warn, "an annotation names an unknown blockType", "An annotation's `blockType` is none of request, response, resource, example, ignored, samples, simulatedResponse, testParams."),
    code("unterminated-comment", Warn, "an HTML comment is never closed", "An `<!--` comment has no closing `-->`; the rest of the page was read as the comment."),
    code("resource-untyped", Warn, "a resource block names no type", "A resource block's annotation has no `@odata.type`, so the page's type is taken from the file name."),
    code("enum-name", Warn, "an enum's name could not be read from its heading", "An enum values table sits under a heading whose name is not an identifier; the name was taken from elsewhere."),
    code("bad-response", Warn, "a response block cannot be read", "A response block holds no HTTP status line and cannot be read as a response."),
];

pub fn find(name: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.name == name)
}

/// A code's default level: a diagnostic generation reports as an error denies, others
/// take their entry's level.
pub fn default_level(name: &str, error: bool) -> Level {
    match find(name) {
        _ if error => Level::Deny,
        Some(c) => c.level,
        None => Warn,
    }
}

/// The text of `docgen lint --explain CODE`.
pub fn explain(name: &str) -> Option<String> {
    let c = find(name)?;
    Some(format!(
        "{} ({} by default): {}\n\n{}\n",
        c.name,
        c.level.severity(),
        c.summary,
        textwrap(c.explain, 92)
    ))
}

fn textwrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}
