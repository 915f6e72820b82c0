//! One small page per real-world oddity met in the reference corpus (written by us, not
//! copied): each reproduces the trap and pins what the generator makes of it.

use docgen_codegen::ir::Ir;
use docgen_codegen::Config;
use std::fs;

fn ir_of(pages: &[(&str, &str)]) -> Ir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in pages {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    Config::new().input(dir.path()).load().unwrap().0
}

fn has_diag(ir: &Ir, code: &str) -> bool {
    ir.diagnostics.iter().any(|d| d.code == code)
}

const GADGET: &str = "---\ndoc_type: resourcePageType\n---\n# gadget\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n| hive | [gadgetHive](enums.md#gadgethive-values) | Where. |\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.gadget\" } -->\n```json\n{ \"id\": \"String\", \"hive\": \"String\" }\n```\n";
const ENUMS: &str = "---\ndoc_type: enumPageType\n---\n# Enums\n\n### gadgetHive values\n\n| Member | Description |\n|--|--|\n| user | x |\n| machine | y |\n";

#[test]
fn tabs_in_a_table_delimiter_row_keep_the_table() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing\n\n## Properties\n| Property\t| Type\t\t|\n|---------\t|-----\t\t|\n| size\t| Int64\t|\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"size\": 1 }\n```\n";
    let ir = ir_of(&[("resources/thing.md", page)]);
    let size = &ir.types[0].properties[0];
    assert_eq!(
        (size.name.as_str(), size.ty.as_str()),
        ("size", "Edm.Int64"),
        "the table's Int64 beats the sample `1`"
    );
}

#[test]
fn unannotated_request_examples_are_read_but_callbacks_are_not_operations() {
    let page = "---\ndoc_type: apiPageType\n---\n# Get gadget\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /gadgets/{id}\n```\n\n## Example\n### Request\n```msgraph-interactive\nGET https://graph.microsoft.com/v1.0/gadgets/42\n```\n\n### Notification\n```http\nPOST https://bot.example.com/callback\nContent-Type: application/json\n\n{}\n```\n";
    let ir = ir_of(&[("api/gadget-get.md", page)]);
    assert_eq!(ir.operations.len(), 1, "{:#?}", ir.operations);
    assert_eq!(
        (
            ir.operations[0].method.as_str(),
            ir.operations[0].path.as_str()
        ),
        ("GET", "/gadgets/{gadget-id}")
    );
    assert!(has_diag(&ir, "unannotated-request"));
}

#[test]
fn function_segments_match_their_template_by_name() {
    let page = "---\ndoc_type: apiPageType\n---\n# filter\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /gadgets/filterByOwner(on='parameterValue')\n```\n\n<!-- { \"blockType\": \"request\", \"name\": \"f\" } -->\n```http\nGET https://graph.microsoft.com/v1.0/gadgets/filterByOwner(on='me')\n```\n";
    let ir = ir_of(&[("api/f.md", page)]);
    // The argument is a parameter, whatever placeholder or sample the page writes.
    assert_eq!(ir.operations[0].path, "/gadgets/filterByOwner(on='{on}')");
    assert!(!has_diag(&ir, "path-template"));
}

#[test]
fn body_parameters_repeated_in_several_tables_are_one_field() {
    let table = "| Parameter | Type | Description |\n|--|--|--|\n| name | String | x |\n";
    let page = format!("---\ndoc_type: apiPageType\n---\n# update\n\n## Request body\n{table}\n### For printers\n{table}\n<!-- {{ \"blockType\": \"request\", \"name\": \"u\" }} -->\n```http\nPATCH https://graph.microsoft.com/v1.0/gadgets/1\n\n{{\"name\": \"a\"}}\n```\n");
    let ir = ir_of(&[("api/u.md", &page)]);
    let body = ir.operations[0].body.as_ref().unwrap();
    assert_eq!(body.properties.len(), 1, "{body:?}");
}

#[test]
fn a_translated_property_name_takes_the_json_name() {
    let ru = GADGET.replace("| hive |", "| Куст |");
    let ir = ir_of(&[("resources/gadget.md", &ru), ("resources/enums.md", ENUMS)]);
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    let hive = gadget
        .properties
        .iter()
        .find(|p| p.name == "hive")
        .expect("the JSON name");
    assert_eq!(
        hive.ty, "microsoft.graph.gadgetHive",
        "typed by the translated row"
    );
    assert!(has_diag(&ir, "translated-name"));
}

#[test]
fn a_link_whose_text_holds_a_translated_collection_word() {
    let ru = GADGET.replace(
        "| [gadgetHive](enums.md#gadgethive-values) |",
        "| [коллекция gadgetHive](enums.md#gadgethive-values) |",
    );
    let ir = ir_of(&[("resources/gadget.md", &ru), ("resources/enums.md", ENUMS)]);
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    let hive = gadget.properties.iter().find(|p| p.name == "hive").unwrap();
    assert_eq!(
        (hive.ty.as_str(), hive.collection),
        ("microsoft.graph.gadgetHive", true)
    );
}

#[test]
fn a_link_with_only_an_anchor_names_the_enum() {
    let ru = GADGET.replace(
        "| [gadgetHive](enums.md#gadgethive-values) |",
        "| [перечисление](enums.md#gadgethive-values) |",
    );
    let ir = ir_of(&[("resources/gadget.md", &ru), ("resources/enums.md", ENUMS)]);
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    let hive = gadget.properties.iter().find(|p| p.name == "hive").unwrap();
    assert_eq!(
        hive.ty, "microsoft.graph.gadgetHive",
        "case restored from the enum's own heading"
    );
}

#[test]
fn odata_type_placeholder_strings() {
    let page = GADGET
        .replace(
            "\"hive\": \"String\"",
            "\"hive\": \"@odata.type: microsoft.graph.gadgetHive\"",
        )
        .replace(
            "| hive | [gadgetHive](enums.md#gadgethive-values) | Where. |\n",
            "",
        );
    let ir = ir_of(&[
        ("resources/gadget.md", &page),
        ("resources/enums.md", ENUMS),
    ]);
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    assert_eq!(
        gadget
            .properties
            .iter()
            .find(|p| p.name == "hive")
            .unwrap()
            .ty,
        "microsoft.graph.gadgetHive"
    );
}

#[test]
fn an_example_string_in_a_timestamp_is_reported_not_widened() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| at | DateTimeOffset | x |\n| n | Int32 | y |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"at\": \"String (timestamp)\", \"n\": 1 }\n```\n";
    let api = "---\ndoc_type: apiPageType\n---\n# get\n<!-- { \"blockType\": \"request\", \"name\": \"g\" } -->\n```http\nGET /things/1\n```\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```http\nHTTP/1.1 200 OK\n\n{ \"at\": \"datetime-value\", \"n\": 2.5 }\n```\n";
    let ir = ir_of(&[("resources/thing.md", page), ("api/g.md", api)]);
    let thing = &ir.types[0];
    let ty = |n: &str| {
        thing
            .properties
            .iter()
            .find(|p| p.name == n)
            .unwrap()
            .ty
            .clone()
    };
    assert_eq!(
        ty("at"),
        "Edm.DateTimeOffset",
        "a bad sample does not change a declared timestamp"
    );
    assert_eq!(
        ty("n"),
        "Edm.Double",
        "a number proven too narrow is widened"
    );
    assert!(has_diag(&ir, "example-disagrees") && has_diag(&ir, "type-widened"));
}

#[test]
fn a_single_type_annotation_over_a_value_list_is_a_collection() {
    let api = "---\ndoc_type: apiPageType\n---\n# list\n<!-- { \"blockType\": \"request\", \"name\": \"l\" } -->\n```http\nGET /gadgets\n```\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.gadget\" } -->\n```http\nHTTP/1.1 200 OK\n\n{ \"value\": [ { \"id\": \"1\" } ] }\n```\n";
    let ir = ir_of(&[
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
        ("api/l.md", api),
    ]);
    assert!(ir.operations[0].response.as_ref().unwrap().collection);
}

#[test]
fn requests_annotated_ignored_or_as_responses_are_read_by_their_content() {
    let page = "---\ndoc_type: apiPageType\n---\n# report\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /reports/{id}\n```\n\n## Examples\n<!-- { \"blockType\": \"ignored\", \"name\": \"r\" } -->\n```msgraph-interactive\nGET https://graph.microsoft.com/v1.0/reports/7\n```\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.gadget\" } -->\n```http\nHTTP 200 OK\n\n{ \"id\": \"7\" }\n```\n<!-- { \"blockType\": \"response\", \"name\": \"p\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/reports\n\n{}\n```\n";
    let ir = ir_of(&[
        ("api/report.md", page),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
    ]);
    let get = ir
        .operations
        .iter()
        .find(|o| o.method == "GET")
        .expect("the ignored request");
    assert_eq!(get.path, "/reports/{report-id}");
    let r = get
        .response
        .as_ref()
        .expect("paired with the response after it");
    assert_eq!(
        (r.status, r.ty.as_deref()),
        (200, Some("microsoft.graph.gadget"))
    );
    assert!(
        ir.operations
            .iter()
            .any(|o| o.method == "POST" && o.path == "/reports"),
        "the mislabelled request"
    );
    assert!(has_diag(&ir, "ignored-request") && has_diag(&ir, "mislabelled-block"));
}

#[test]
fn a_translated_body_parameter_takes_the_name_the_request_example_uses() {
    let page = "---\ndoc_type: apiPageType\n---\n# ru\n\n## <a name=\"request-body\"></a>Текст запроса\n| Параметр | Тип | Описание |\n|--|--|--|\n| Причина | String | x |\n| notify | Boolean | y |\n\n## <a name=\"examples\"></a>Примеры\n<!-- { \"blockType\": \"request\", \"name\": \"r\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/gadgets/1/decide\n\n{ \"reason\": \"ok\", \"notify\": true }\n```\n";
    let ir = ir_of(&[("api/decide.md", page)]);
    let body = ir.operations[0].body.as_ref().unwrap();
    let names: Vec<&str> = body.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["notify", "reason"]);
    assert!(has_diag(&ir, "translated-name"));
}

#[test]
fn a_body_that_is_not_json_is_a_byte_stream() {
    let page = "---\ndoc_type: apiPageType\n---\n# upload\n<!-- { \"blockType\": \"request\", \"name\": \"upload\" } -->\n```http\nPUT https://graph.microsoft.com/v1.0/me/drive/items/1/content\nContent-Type: text/plain\n\nThe contents of the file goes here.\n```\n";
    let ir = ir_of(&[("api/upload.md", page)]);
    assert_eq!(
        ir.operations[0].body.as_ref().unwrap().ty.as_deref(),
        Some("Edm.Stream")
    );
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("api")).unwrap();
    fs::write(dir.path().join("api/upload.md"), page).unwrap();
    let code = Config::new().input(dir.path()).generate().unwrap().code;
    assert!(
        code.contains("body: Vec<u8>,") || code.contains("body: ::std::vec::Vec<u8>,"),
        "{code}"
    );
    assert!(code.contains(".body_bytes(body, content_type)"));
}

#[test]
fn a_single_entity_wrapped_in_value_is_not_a_value_property() {
    let api = "---\ndoc_type: apiPageType\n---\n# get\n<!-- { \"blockType\": \"request\", \"name\": \"g\" } -->\n```http\nGET /gadgets/1\n```\n<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.gadget\" } -->\n```http\nHTTP/1.1 200 OK\n\n{ \"value\": { \"id\": \"1\", \"colour\": \"red\" } }\n```\n";
    // Two pages show it: one example's word alone would not add `colour` to a type whose
    // page lists its properties.
    let ir = ir_of(&[
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
        ("api/g.md", api),
        ("api/g2.md", api),
    ]);
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    let names: Vec<&str> = gadget.properties.iter().map(|p| p.name.as_str()).collect();
    assert!(!names.contains(&"value"), "{names:?}");
    assert!(
        names.contains(&"colour"),
        "the inner object still teaches the type: {names:?}"
    );
    assert!(has_diag(&ir, "value-wrapper"));
}

#[test]
fn unannotated_responses_are_read_and_typed_by_the_response_section() {
    // Whole families of pages (Intune's) annotate neither example: the request is found by
    // its request line, the response by its status line, and its type by the link in the
    // page's own `## Response` section.
    let page = "---\ndoc_type: apiPageType\n---\n# Get gadget\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nGET /gadgets/{id}\n```\n\n## Response\nIf successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.\n\n## Example\n### Request\n```http\nGET https://graph.microsoft.com/v1.0/gadgets/42\n```\n\n### Response\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{ \"id\": \"42\", \"hive\": \"user\", \"bornOn\": \"2024-05-01\" }\n```\n";
    // A second page with the same example: a property one example shows needs another.
    let again = page.replace("/gadgets/", "/me/gadgets/");
    let ir = ir_of(&[
        ("api/gadget-get.md", page),
        ("api/gadget-get-mine.md", &again),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
    ]);
    let response = ir.operations[0]
        .response
        .as_ref()
        .expect("the unannotated response is paired");
    assert_eq!(
        (response.status, response.ty.as_deref()),
        (200, Some("microsoft.graph.gadget"))
    );
    assert!(has_diag(&ir, "unannotated-response"));
    assert_eq!(ir.examples.len(), 2, "each body is an example of its type");
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    let born = gadget
        .properties
        .iter()
        .find(|p| p.name == "bornOn")
        .expect("a property only the example shows");
    assert_eq!(born.ty, "Edm.Date");
}

#[test]
fn values_type_undeclared_properties_by_their_notation() {
    let example = |json: &str| {
        format!("<!-- {{ \"blockType\": \"example\", \"@odata.type\": \"microsoft.graph.gadget\" }} -->\n```json\n{json}\n```\n")
    };
    let page = [
        GADGET.to_string(),
        example(r#"{ "id": "1", "seenAt": "2024-05-01T08:30:00Z", "opensAt": "08:30:00", "grace": "PT1H30M", "ownerId": "5edb6a5f-fc6b-441b-8952-bcbfc33ef0e5", "label": "2024-05-01", "count": 3 }"#),
        // Each property is shown twice: one example's word alone adds no property.
        example(r#"{ "id": "2", "seenAt": "2024-05-02T08:30:00Z", "opensAt": "09:30:00", "grace": "PT2H", "ownerId": "6edb6a5f-fc6b-441b-8952-bcbfc33ef0e5", "label": "spring", "count": 3000000000 }"#),
    ]
    .join("\n");
    let ir = ir_of(&[
        ("resources/gadget.md", &page),
        ("resources/enums.md", ENUMS),
    ]);
    let gadget = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.gadget")
        .unwrap();
    let ty = |n: &str| {
        gadget
            .properties
            .iter()
            .find(|p| p.name == n)
            .unwrap_or_else(|| panic!("{n}"))
            .ty
            .as_str()
    };
    assert_eq!(ty("seenAt"), "Edm.DateTimeOffset");
    assert_eq!(ty("opensAt"), "Edm.TimeOfDay");
    assert_eq!(ty("grace"), "Edm.Duration");
    // Identifiers stay strings even when every sample is a GUID: Graph ids are opaque.
    assert_eq!(ty("ownerId"), "Edm.String");
    // A date in one example and a word in another: a string.
    assert_eq!(ty("label"), "Edm.String");
    // An integer past Int32 in another example widens it.
    assert_eq!(ty("count"), "Edm.Int64");
    // The declaration still beats the sample: `id` is declared String.
    assert_eq!(ty("id"), "Edm.String");
}

#[test]
fn examples_of_the_wrong_shape_are_reported() {
    // `{}` where an enum string belongs, and a list where one object belongs.
    let holder = "---\ndoc_type: resourcePageType\n---\n# holder\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| hive | [gadgetHive](enums.md#gadgethive-values) | x |\n| gadget | [gadget](gadget.md) | y |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.holder\" } -->\n```json\n{ \"hive\": \"String\", \"gadget\": {\"@odata.type\": \"microsoft.graph.gadget\"} }\n```\n\n<!-- { \"blockType\": \"example\", \"@odata.type\": \"microsoft.graph.holder\" } -->\n```json\n{ \"hive\": {}, \"gadget\": [{ \"id\": \"1\" }] }\n```\n";
    let ir = ir_of(&[
        ("resources/holder.md", holder),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
    ]);
    let disagreements: Vec<&str> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "example-disagrees")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(disagreements.len(), 2, "{disagreements:#?}");
    assert!(
        disagreements.iter().any(|m| m.contains("`hive`"))
            && disagreements.iter().any(|m| m.contains("`gadget`"))
    );
}

#[test]
fn derived_types_seen_in_one_undeclared_property_type_it_as_their_base() {
    let derived = |name: &str| {
        format!("---\ndoc_type: resourcePageType\n---\n# {name}\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| size | Int32 | x |\n\n<!-- {{ \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.gadget\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{ \"size\": 1 }}\n```\n")
    };
    let example = |t: &str| {
        format!("<!-- {{ \"blockType\": \"example\", \"@odata.type\": \"microsoft.graph.holder\" }} -->\n```json\n{{ \"part\": {{ \"@odata.type\": \"#microsoft.graph.{t}\", \"size\": 2 }} }}\n```\n")
    };
    let holder = format!("---\ndoc_type: resourcePageType\n---\n# holder\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.holder\" }} -->\n```json\n{{ }}\n```\n\n{}\n{}", example("smallGadget"), example("bigGadget"));
    let ir = ir_of(&[
        ("resources/holder.md", &holder),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
        ("resources/small.md", &derived("smallGadget")),
        ("resources/big.md", &derived("bigGadget")),
    ]);
    let holder = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.holder")
        .unwrap();
    assert_eq!(
        holder
            .properties
            .iter()
            .find(|p| p.name == "part")
            .map(|p| p.ty.as_str()),
        Some("microsoft.graph.gadget")
    );
}

#[test]
fn a_type_cell_naming_alternatives_types_the_property_as_their_base() {
    // `[smallGadget](...) or [bigGadget](...)`: either may come; their base holds both.
    let derived = |name: &str| {
        format!("---\ndoc_type: resourcePageType\n---\n# {name}\n\n<!-- {{ \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.gadget\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{ \"size\": \"Int32\" }}\n```\n")
    };
    let holder = "---\ndoc_type: resourcePageType\n---\n# holder\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| part | [smallGadget](small.md) or [bigGadget](big.md) | x |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.holder\" } -->\n```json\n{ \"part\": {\"@odata.type\": \"microsoft.graph.gadget\"} }\n```\n\n<!-- { \"blockType\": \"example\", \"@odata.type\": \"microsoft.graph.holder\" } -->\n```json\n{ \"part\": { \"@odata.type\": \"#microsoft.graph.bigHolder\" } }\n```\n";
    let big_holder = "---\ndoc_type: resourcePageType\n---\n# bigHolder\n\n<!-- { \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.holder\", \"@odata.type\": \"microsoft.graph.bigHolder\" } -->\n```json\n{ }\n```\n";
    let ir = ir_of(&[
        ("resources/holder.md", holder),
        ("resources/bigholder.md", big_holder),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
        ("resources/small.md", &derived("smallGadget")),
        ("resources/big.md", &derived("bigGadget")),
    ]);
    let holder_type = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.holder")
        .unwrap();
    assert_eq!(holder_type.properties[0].ty, "microsoft.graph.gadget");
    // A holder where a gadget belongs: known types, neither deriving from the other, so the
    // example is wrong (a type with no base would instead be read as deriving: base-inferred).
    let unrelated: Vec<_> = ir
        .diagnostics
        .iter()
        .filter(|d| d.code == "unrelated-type")
        .collect();
    assert_eq!(unrelated.len(), 1, "{unrelated:#?}");
    assert!(
        docgen_codegen::infer::EXAMPLE_MISTAKES.contains(&"unrelated-type"),
        "a round-trip failure it causes counts as explained"
    );
}

#[test]
fn bare_names_on_a_sub_namespace_page_live_in_that_namespace() {
    // The label is translated, the namespace is not.
    let enums = "---\ndoc_type: enumPageType\n---\n# Перечисления\n\nПространство имен: microsoft.graph.fleet\n\n### hive values\n\n| Member | Description |\n|--|--|\n| north | x |\n| south | y |\n";
    let truck = "---\ndoc_type: resourcePageType\n---\n# truck\n\nNamespace: microsoft.graph.fleet\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| hive | [hive](enums-fleet.md#hive-values) | x |\n| driver | [gadget](gadget.md) | y |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.fleet.truck\" } -->\n```json\n{ \"hive\": \"String\", \"driver\": {\"@odata.type\": \"microsoft.graph.gadget\"} }\n```\n";
    let ir = ir_of(&[
        ("resources/enums-fleet.md", enums),
        ("resources/truck.md", truck),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
    ]);
    assert!(
        ir.types
            .iter()
            .any(|t| t.name == "microsoft.graph.fleet.hive"),
        "{:?}",
        ir.types.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
    let truck = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.fleet.truck")
        .unwrap();
    let ty = |n: &str| {
        truck
            .properties
            .iter()
            .find(|p| p.name == n)
            .unwrap()
            .ty
            .as_str()
    };
    assert_eq!(
        ty("hive"),
        "microsoft.graph.fleet.hive",
        "the namespace's own enum"
    );
    assert_eq!(
        ty("driver"),
        "microsoft.graph.gadget",
        "a name the namespace does not define stays in the default one"
    );
}

#[test]
fn a_description_saying_not_nullable_makes_the_property_non_nullable_in_the_ir() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | The key. Not nullable. Read-only. |\n| label | String | Свободный текст. Значение NULL не допускается. |\n| note | String | Anything. |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"id\": \"String\", \"label\": \"String\", \"note\": \"String\" }\n```\n";
    let ir = ir_of(&[("resources/thing.md", page)]);
    let nullable: Vec<(&str, bool)> = ir.types[0]
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.nullable))
        .collect();
    assert_eq!(nullable, [("id", false), ("label", false), ("note", true)]);
}

#[test]
fn an_enum_on_a_page_of_its_own_is_named_by_the_title() {
    // Intune writes one page per enum: `# x enum type`, then `## Members`.
    let page = "---\ndoc_type: enumPageType\n---\n# Тип перечисления gadgetState\n\nПространство имен: microsoft.graph\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|idle|0|x|\n|busy|1|y|\n";
    let ir = ir_of(&[("resources/intune-gadgets-gadgetstate.md", page)]);
    assert_eq!(ir.types.len(), 1, "{:?}", ir.diagnostics);
    assert_eq!(ir.types[0].name, "microsoft.graph.gadgetState");
    let members: Vec<&str> = ir.types[0]
        .members
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(members, ["idle", "busy"]);
}

#[test]
fn any_accessors_read_the_field_each_variant_gives_the_property() {
    // `fooBar` and `foo_bar` both want the field `foo_bar`; `fooBar` gets it. The circle
    // narrows `fooBar`, so the accessors skip it, and the accessor for `foo_bar` must still
    // read (and be named after) the field `foo_bar_2` that the structs give it.
    let resource = |name: &str, base: Option<&str>, rows: &str, json: &str| {
        let base = base.map_or(String::new(), |b| {
            format!(", \"baseType\": \"microsoft.graph.{b}\"")
        });
        format!("---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n{rows}\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\"{base} }} -->\n```json\n{json}\n```\n")
    };
    let shape = resource(
        "shape",
        None,
        "| fooBar | Double | A. |\n| foo_bar | String | B. |",
        "{ \"fooBar\": 1.5, \"foo_bar\": \"String\" }",
    );
    let circle = resource(
        "circle",
        Some("shape"),
        "| fooBar | Int32 | A whole one. |",
        "{ \"fooBar\": 1 }",
    );
    let drawing = resource(
        "drawing",
        None,
        "| outline | [shape](shape.md) | The shape. |",
        "{ \"outline\": { \"@odata.type\": \"microsoft.graph.shape\" } }",
    );
    let ir = ir_of(&[
        ("resources/shape.md", &shape),
        ("resources/circle.md", &circle),
        ("resources/drawing.md", &drawing),
    ]);
    let (code, _) = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH).unwrap();
    let start = code.find("pub enum AnyShape").expect(&code);
    let any = &code[start..];
    let accessor = &any[any.find("pub fn foo_bar_2(&self)").expect(any)..];
    let body = &accessor[..accessor.find("\n    }\n").unwrap()];
    assert!(
        body.contains("Self::Circle(value) => value.foo_bar_2.as_ref()"),
        "{body}"
    );
    assert!(
        body.contains("Self::Shape(value) => value.foo_bar_2.as_ref()"),
        "{body}"
    );
}

#[test]
fn a_type_deriving_from_an_enum_is_diagnosed_and_keeps_no_base() {
    let colour = "---\ndoc_type: enumPageType\n---\n# colour enum type\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|red|0|x|\n|blue|1|y|\n";
    let paint = "---\ndoc_type: resourcePageType\n---\n# paint resource type\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| gloss | Int32 | How glossy. |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.paint\", \"baseType\": \"microsoft.graph.colour\" } -->\n```json\n{ \"gloss\": 1 }\n```\n";
    let ir = ir_of(&[
        ("resources/colour.md", colour),
        ("resources/paint.md", paint),
    ]);
    assert!(has_diag(&ir, "enum-base"), "{:?}", ir.diagnostics);
    let paint = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.paint")
        .unwrap();
    assert_eq!(paint.base, None);
}

fn resource_page(name: &str, rows: &str, json: &str) -> String {
    format!("---\ndoc_type: resourcePageType\n---\n# {name} resource type\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n{rows}\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{json}\n```\n")
}

fn get_page(path: &str, ty: &str, body: &str) -> String {
    format!("---\ndoc_type: apiPageType\n---\n# get\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\nGET {path}\n```\n\n## Example\n<!-- {{ \"blockType\": \"request\", \"name\": \"get\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0{path}\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{ty}\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```\n")
}

fn props_of<'a>(ir: &'a Ir, name: &str) -> Vec<&'a str> {
    let t = ir.types.iter().find(|t| t.name == name).unwrap();
    t.properties.iter().map(|p| p.name.as_str()).collect()
}

#[test]
fn an_example_of_another_type_under_a_wrong_label_adds_nothing() {
    // A file shown on a team's page, labelled `team`: its keys are the file's.
    let team = resource_page(
        "team",
        "| displayName | String | The name. |",
        "{ \"displayName\": \"String\" }",
    );
    let file = resource_page(
        "file",
        "| name | String | A. |\n| size | Int64 | B. |\n| folder | String | C. |",
        "{ \"name\": \"String\", \"size\": 1, \"folder\": \"String\" }",
    );
    let api = get_page(
        "/teams/{id}/filesFolder",
        "team",
        "{ \"name\": \"General\", \"size\": 10, \"folder\": \"x\" }",
    );
    let ir = ir_of(&[
        ("resources/team.md", &team),
        ("resources/file.md", &file),
        ("api/team-get-files.md", &api),
    ]);
    assert!(has_diag(&ir, "mislabelled-example"), "{:?}", ir.diagnostics);
    assert_eq!(props_of(&ir, "microsoft.graph.team"), ["displayName"]);
}

#[test]
fn a_property_one_example_shows_needs_a_second_example() {
    let team = resource_page(
        "team",
        "| displayName | String | The name. |",
        "{ \"displayName\": \"String\" }",
    );
    let one = get_page(
        "/teams/{id}",
        "team",
        "{ \"displayName\": \"A\", \"webUrl\": \"https://x\" }",
    );
    let ir = ir_of(&[("resources/team.md", &team), ("api/team-get.md", &one)]);
    assert!(
        has_diag(&ir, "example-only-property"),
        "{:?}",
        ir.diagnostics
    );
    assert_eq!(props_of(&ir, "microsoft.graph.team"), ["displayName"]);
    // Two examples on two pages: the property is taken.
    let two = get_page(
        "/groups/{id}/team",
        "team",
        "{ \"displayName\": \"B\", \"webUrl\": \"https://y\" }",
    );
    let ir = ir_of(&[
        ("resources/team.md", &team),
        ("api/team-get.md", &one),
        ("api/group-get-team.md", &two),
    ]);
    assert!(
        !has_diag(&ir, "example-only-property"),
        "{:?}",
        ir.diagnostics
    );
    assert_eq!(
        props_of(&ir, "microsoft.graph.team"),
        ["displayName", "webUrl"]
    );
}

#[test]
fn sample_keys_of_a_dictionary_make_it_open_not_properties() {
    let page = resource_page("assignments", "", "{ \"ca2a1df2-e36b-4987-9f6b-0ea462f4eb47\": { \"orderHint\": \"String\" }, \"String-value\": \"String\" }");
    let ir = ir_of(&[("resources/assignments.md", &page)]);
    let t = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.assignments")
        .unwrap();
    assert!(t.open && t.properties.is_empty(), "{t:?}");
    assert!(has_diag(&ir, "sample-key"));
}

const SHEET: &str = "---\ndoc_type: resourcePageType\n---\n# sheet\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n| values | Json | Raw cell values. |\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.sheet\" } -->\n```json\n{ \"id\": \"String\", \"values\": \"Json\" }\n```\n";
const JSON_PAGE: &str = "---\ndoc_type: resourcePageType\n---\n# Json resource type\n\nAny JSON value.\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.Json\" } -->\n```json\n{ }\n```\n";

#[test]
fn a_json_cell_names_the_references_json_type_and_any_json_value_in_rust() {
    let values = |ir: &Ir| {
        let sheet = ir
            .types
            .iter()
            .find(|t| t.name == "microsoft.graph.sheet")
            .unwrap();
        sheet
            .properties
            .iter()
            .find(|p| p.name == "values")
            .unwrap()
            .ty
            .clone()
    };
    // Where the reference describes its `Json` type, the property names it, as the
    // service's metadata does...
    let ir = ir_of(&[
        ("resources/sheet.md", SHEET),
        ("resources/json.md", JSON_PAGE),
    ]);
    assert_eq!(values(&ir), "microsoft.graph.Json");
    // ...and the Rust field holds any JSON value (a 2-D array of cells), not a struct.
    let (code, _) = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH).unwrap();
    assert!(!code.contains("pub struct Json"), "{code}");
    assert!(
        code.contains("pub values: Option<::docgen_runtime::serde_json::Value>"),
        "{code}"
    );
    // Without the page it is any JSON value, and no type is missing.
    let ir = ir_of(&[("resources/sheet.md", SHEET)]);
    assert_eq!(values(&ir), "Edm.Untyped");
    assert!(!has_diag(&ir, "unknown-type"), "{:?}", ir.diagnostics);
}

#[test]
fn quotes_a_translation_tool_escaped_in_a_json_block_are_read_as_quotes() {
    let escaped = SHEET.replace("\"values\": \"Json\"", "\"values&quot;: &quot;Json\"");
    let ir = ir_of(&[("resources/sheet.md", &escaped)]);
    let sheet = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.sheet")
        .unwrap();
    let names: Vec<&str> = sheet.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["id", "values"]);
    let d = ir
        .diagnostics
        .iter()
        .find(|d| d.message.contains("&quot;"))
        .expect("a diagnostic");
    assert_eq!((d.line, d.col), (15, 26), "{d:?}");
}

#[test]
fn instance_annotations_in_a_table_are_annotations_not_properties() {
    // The heading is in a language the vocabulary lacks: the `@` names say what the table is.
    let page = SHEET.replace(
        "\n## JSON representation",
        "\n## Attributs d'instance\n\n| Nom | Type | Description |\n|--|--|--|\n| @microsoft.graph.downloadUrl | String | Une URL de courte durée. |\n\n## JSON representation",
    );
    let ir = ir_of(&[("resources/sheet.md", &page)]);
    let sheet = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.sheet")
        .unwrap();
    assert!(
        sheet.properties.iter().all(|p| !p.name.starts_with('@')),
        "{sheet:?}"
    );
    let names: Vec<(&str, &str)> = sheet
        .annotations
        .iter()
        .map(|a| (a.name.as_str(), a.ty.as_str()))
        .collect();
    assert_eq!(names, [("@microsoft.graph.downloadUrl", "Edm.String")]);
    assert_eq!(
        sheet.annotations[0].description.as_deref(),
        Some("Une URL de courte durée.")
    );
    let (code, _) = docgen_codegen::emit::render(&ir, docgen_codegen::emit::DEFAULT_RUNTIME_PATH).unwrap();
    assert!(
        code.contains("pub fn download_url_annotation(&self) -> Option<&str>"),
        "{code}"
    );
    assert!(!code.contains("pub microsoft_graph_download_url"), "{code}");
}

fn resource(name: &str, intro: &str, props: &[&str]) -> String {
    let rows: String = props
        .iter()
        .map(|p| format!("| {p} | String | x |\n"))
        .collect();
    let keys: Vec<String> = props
        .iter()
        .map(|p| format!("\"{p}\": \"String\""))
        .collect();
    format!("---\ndoc_type: resourcePageType\n---\n# {name}\n\n{intro}\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n{rows}\n## JSON representation\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{ {} }}\n```\n", keys.join(", "))
}

fn base_of<'a>(ir: &'a Ir, name: &str) -> Option<&'a str> {
    let t = ir
        .types
        .iter()
        .find(|t| t.name == format!("microsoft.graph.{name}"))
        .unwrap();
    t.base.as_deref()
}

#[test]
fn a_base_linked_among_unknown_words_is_found_by_its_properties() {
    // Words no vocabulary has; the link and the property names say it all.
    let base = resource("shape", "Xyzzy plugh.", &["color", "width", "height"]);
    let derived = resource(
        "circle",
        "Frobnicate [shape](shape.md) quux. See also [palette](palette.md).",
        &["color", "width", "height", "radius"],
    );
    let palette = resource("palette", "Colors.", &["color", "width"]);
    let ir = ir_of(&[
        ("resources/shape.md", &base),
        ("resources/circle.md", &derived),
        ("resources/palette.md", &palette),
    ]);
    // Of the two linked types whose properties it has, the larger one is the nearer base.
    assert_eq!(base_of(&ir, "circle"), Some("microsoft.graph.shape"));
    assert!(has_diag(&ir, "base-from-links"));
    // The link sharing the most properties wins, whichever has more of its own.
    let wide = resource("wide", "W.", &["a", "b", "c", "d", "p", "q"]);
    let near = resource("near", "N.", &["a", "b", "c", "d", "e"]);
    let leaf = resource(
        "leaf",
        "Zut [wide](wide.md), [near](near.md).",
        &["a", "b", "c", "d", "e", "x"],
    );
    let ir = ir_of(&[
        ("resources/wide.md", &wide),
        ("resources/near.md", &near),
        ("resources/leaf.md", &leaf),
    ]);
    assert_eq!(base_of(&ir, "leaf"), Some("microsoft.graph.near"));
    // A base page linking its derived types does not derive from them.
    let base = resource(
        "shape",
        "Zorp [circle](circle.md) blarg.",
        &["color", "width", "height"],
    );
    let ir = ir_of(&[
        ("resources/shape.md", &base),
        ("resources/circle.md", &derived),
    ]);
    assert_eq!(base_of(&ir, "shape"), None);
}

#[test]
fn a_derived_type_named_before_the_phrase_is_not_the_base() {
    // `[circle] is a subclass of this`: the link comes before the phrase.
    let base = resource(
        "shape",
        "[circle](circle.md) is a subclass of this type.",
        &["color"],
    );
    let derived = resource(
        "circle",
        "A subclass of [shape](shape.md).",
        &["color", "radius"],
    );
    let ir = ir_of(&[
        ("resources/shape.md", &base),
        ("resources/circle.md", &derived),
    ]);
    assert_eq!(base_of(&ir, "shape"), None);
    assert_eq!(base_of(&ir, "circle"), Some("microsoft.graph.shape"));
    assert!(!has_diag(&ir, "base-cycle"), "{:?}", ir.diagnostics);
}

#[test]
fn a_base_cycle_drops_the_link_the_properties_contradict() {
    // Both pages claim the other as base; only one claim fits the properties.
    let base = resource("shape", "Inherits from [circle](circle.md).", &["color"]);
    let derived = resource(
        "circle",
        "Inherits from [shape](shape.md).",
        &["color", "radius"],
    );
    // Whatever the names' order: `a` sorts before `b`, so the name rule alone would drop `a`'s.
    for (b, d) in [("shape", "circle"), ("b", "a")] {
        let base = base.replace("shape", b).replace("circle", d);
        let derived = derived.replace("shape", b).replace("circle", d);
        let ir = ir_of(&[
            (&format!("resources/{b}.md") as &str, &base),
            (&format!("resources/{d}.md"), &derived),
        ]);
        assert!(has_diag(&ir, "base-cycle"));
        assert_eq!(base_of(&ir, b), None, "{b} derives from nothing");
        assert_eq!(
            base_of(&ir, d),
            Some(format!("microsoft.graph.{b}").as_str())
        );
    }
}

#[test]
fn a_link_names_its_page_by_the_word_the_file_name_is() {
    // `[gadget в формате JSON](gadget.md)`: the last identifier is `JSON`, the page is `gadget`.
    let page = "---\ndoc_type: apiPageType\n---\n# Create gadget\n\n## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /gadgets\n```\n\n## Request body\nВ тексте запроса добавьте представление объекта [gadget в формате JSON](../resources/gadget.md).\n\n## Example\n<!-- { \"blockType\": \"request\", \"name\": \"create_gadget\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/gadgets\nContent-Type: application/json\n\n{ \"id\": \"1\", \"hive\": \"user\" }\n```\n";
    let ir = ir_of(&[
        ("api/gadget-post.md", page),
        ("resources/gadget.md", GADGET),
        ("resources/enums.md", ENUMS),
        ("resources/json.md", JSON_PAGE),
    ]);
    let body = ir.operations[0].body.as_ref().unwrap();
    assert_eq!(body.ty.as_deref(), Some("microsoft.graph.gadget"));
    // Nor does any example teach the `Json` type keys.
    let json = ir
        .types
        .iter()
        .find(|t| t.name == "microsoft.graph.Json")
        .unwrap();
    assert!(json.properties.is_empty(), "{json:?}");
}

#[test]
fn a_route_no_example_calls_takes_its_answer_from_the_page_written_for_fewest_routes() {
    // `GET /gadgets/{id}` is listed by its own page (whose example calls `/me/gadget`) and
    // by a page for many resources, whose one example answers a widget: the route answers
    // a gadget, not the base both types share.
    let entity = "---\ndoc_type: resourcePageType\n---\n# entity\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n\n## JSON representation\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.entity\" } -->\n```json\n{ \"id\": \"String\" }\n```\n";
    let derived = |name: &str| {
        format!("---\ndoc_type: resourcePageType\n---\n# {name}\n\nInherits from [entity](entity.md).\n\n## Properties\n| Property | Type | Description |\n|--|--|--|\n| id | String | Id. |\n| {name}Size | Int32 | Size. |\n\n## JSON representation\n<!-- {{ \"blockType\": \"resource\", \"baseType\": \"microsoft.graph.entity\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{ \"id\": \"String\", \"{name}Size\": 1 }}\n```\n")
    };
    let page = |title: &str, routes: &[&str], call: &str, ty: &str| {
        format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{}\n```\n\n## Example\n<!-- {{ \"blockType\": \"request\", \"name\": \"{title}\" }} -->\n```http\nGET https://graph.microsoft.com/v1.0{call}\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.{ty}\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{{ \"id\": \"1\" }}\n```\n", routes.join("\n"))
    };
    let own = page(
        "get-gadget",
        &["GET /me/gadget", "GET /gadgets/{id}"],
        "/me/gadget",
        "gadget",
    );
    let many = page(
        "get-extended",
        &[
            "GET /widgets/{id}",
            "GET /gadgets/{id}",
            "GET /sprockets/{id}",
        ],
        "/widgets/7",
        "widget",
    );
    for order in [[&own, &many], [&many, &own]] {
        let ir = ir_of(&[
            ("api/a.md", order[0].as_str()),
            ("api/b.md", order[1].as_str()),
            ("resources/entity.md", entity),
            ("resources/gadget.md", &derived("gadget")),
            ("resources/widget.md", &derived("widget")),
        ]);
        let answer = |path: &str| {
            let op = ir.operations.iter().find(|o| o.path == path).unwrap();
            op.response.as_ref().and_then(|r| r.ty.clone())
        };
        assert_eq!(
            answer("/gadgets/{gadget-id}").as_deref(),
            Some("microsoft.graph.gadget")
        );
        assert_eq!(
            answer("/widgets/{widget-id}").as_deref(),
            Some("microsoft.graph.widget")
        );
    }
}

#[test]
fn a_status_only_answer_survives_the_fewest_routes_rule() {
    // No page types an answer here: both promise `202 Accepted` with no body, so the route
    // no example calls keeps that status instead of losing its answer.
    let page = |title: &str, routes: &[&str], call: &str| {
        format!("---\ndoc_type: apiPageType\n---\n# {title}\n\n## HTTP request\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{}\n```\n\n## Example\n<!-- {{ \"blockType\": \"request\", \"name\": \"{title}\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0{call}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 202 Accepted\n```\n", routes.join("\n"))
    };
    let own = page(
        "gadget-reset",
        &["POST /me/gadget/reset", "POST /gadgets/{id}/reset"],
        "/me/gadget/reset",
    );
    let many = page(
        "thing-reset",
        &[
            "POST /widgets/{id}/reset",
            "POST /gadgets/{id}/reset",
            "POST /sprockets/{id}/reset",
        ],
        "/widgets/7/reset",
    );
    for order in [[&own, &many], [&many, &own]] {
        let ir = ir_of(&[
            ("api/a.md", order[0].as_str()),
            ("api/b.md", order[1].as_str()),
        ]);
        for path in [
            "/gadgets/{gadget-id}/reset",
            "/sprockets/{sprocket-id}/reset",
        ] {
            let op = ir.operations.iter().find(|o| o.path == path);
            let answer = op
                .and_then(|o| o.response.as_ref())
                .map(|r| (r.status, r.ty.clone()));
            assert_eq!(answer, Some((202, None)), "{path}");
        }
    }
}
