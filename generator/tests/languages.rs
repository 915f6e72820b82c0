//! Pages in a language the vocabulary has never had (German, written by us): the reader
//! must get the types from evidence that survives translation, and say which words it
//! did not know.

use docgen_codegen::ir::Ir;
use docgen_codegen::vocab::Vocab;
use docgen_codegen::Config;
use std::fs;

fn ir_of(pages: &[(&str, &str)], vocab: Vocab) -> Ir {
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

fn prop<'a>(ir: &'a Ir, ty: &str, name: &str) -> (&'a str, bool) {
    let t = ir.types.iter().find(|t| t.name == ty).unwrap();
    let p = t.properties.iter().find(|p| p.name == name).unwrap();
    (p.ty.as_str(), p.collection)
}

const ENTITY: &str = "---\ndoc_type: resourcePageType\n---\n# entity\n\n## Eigenschaften\n| Eigenschaft | Typ | Beschreibung |\n|--|--|--|\n| id | Zeichenfolge | Der Bezeichner, nur lesbar. |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.entity\" } -->\n```json\n{ \"id\": \"String\" }\n```\n";

/// `Zeichenfolge` (string) and `Sammlung` (collection) are in no vocabulary row; the
/// headers neither. The JSON block and the link decide.
const GADGET: &str = "---\ndoc_type: resourcePageType\n---\n# gadget\n\n## Properties\n| Eigenschaft | Typ | Beschreibung |\n|--|--|--|\n| label | Zeichenfolge | Die Bezeichnung des Geräts. |\n| note | Zeichenfolge | Eine Notiz zum Gerät, frei wählbar. |\n| owners | [Sammlung von identity](identity.md) | Die Besitzer dieses Geräts. |\n| hive | [gadgetHive](enums.md#gadgethive-values) | Wo das Gerät lebt, als Aufzählung. |\n\n| Voreinstellung | Farbe |\n|--|--|\n| Preset0 | Rot |\n| Preset1 | Blau |\n\n<!-- { \"blockType\": \"resource\", \"keyProperty\": \"id\", \"@odata.type\": \"microsoft.graph.gadget\" } -->\n```json\n{ \"label\": \"String\", \"owners\": [{\"@odata.type\": \"microsoft.graph.identity\"}], \"hive\": \"String\" }\n```\n";

/// `note` has no JSON beside it: `Zeichenfolge` is learned from the cells that have.
const WIDGET: &str = "---\ndoc_type: resourcePageType\n---\n# widget\n\n## Properties\n| Eigenschaft | Typ | Beschreibung |\n|--|--|--|\n| title | Zeichenfolge | Der Titel des Widgets. |\n| owner | [identity](identity.md) | Wem das Widget gehört. |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\" } -->\n```json\n{ \"title\": \"String\", \"owner\": {\"@odata.type\": \"microsoft.graph.identity\"} }\n```\n";

const IDENTITY: &str = "---\ndoc_type: resourcePageType\n---\n# identity\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.identity\" } -->\n```json\n{ \"displayName\": \"String\" }\n```\n";

const ENUMS: &str = "---\ndoc_type: enumPageType\n---\n# Enums\n\n### gadgetHive values\n\n| Member | Description |\n|--|--|\n| user | x |\n| machine | y |\n";

fn pages() -> Vec<(&'static str, &'static str)> {
    vec![
        ("resources/entity.md", ENTITY),
        ("resources/gadget.md", GADGET),
        ("resources/widget.md", WIDGET),
        ("resources/identity.md", IDENTITY),
        ("resources/enums.md", ENUMS),
    ]
}

#[test]
fn an_unknown_language_is_typed_by_json_links_and_the_corpus() {
    for vocab in [Vocab::all(), Vocab::only(["en"])] {
        let ir = ir_of(&pages(), vocab.clone());
        let at = vocab.label();
        // Columns by content: the type column is found though `Typ` is no known word.
        assert_eq!(
            prop(&ir, "microsoft.graph.gadget", "hive"),
            ("microsoft.graph.gadgetHive", false),
            "{at}"
        );
        // A link beside unknown words, and the JSON block's array: a collection.
        assert_eq!(
            prop(&ir, "microsoft.graph.gadget", "owners"),
            ("microsoft.graph.identity", true),
            "{at}"
        );
        // `Zeichenfolge` learned from the JSON of the cells that have it.
        assert_eq!(
            prop(&ir, "microsoft.graph.gadget", "note"),
            ("Edm.String", false),
            "{at}"
        );
        assert!(
            ir.diagnostics
                .iter()
                .any(|d| d.code == "learned-word" && d.message.contains("zeichenfolge")),
            "{at}"
        );
        // The table of presets lists values, not properties.
        let gadget = ir
            .types
            .iter()
            .find(|t| t.name == "microsoft.graph.gadget")
            .unwrap();
        assert!(
            !gadget
                .properties
                .iter()
                .any(|p| p.name.starts_with("Preset")),
            "{at}"
        );
        assert!(
            ir.diagnostics.iter().any(|d| d.code == "values-table"),
            "{at}"
        );
        // An entity (it has a key) with no stated base derives from the root entity; a
        // complex type does not.
        assert_eq!(
            gadget.base.as_deref(),
            Some("microsoft.graph.entity"),
            "{at}"
        );
        let widget = ir
            .types
            .iter()
            .find(|t| t.name == "microsoft.graph.widget")
            .unwrap();
        assert_eq!(widget.base, None, "{at}");
        // Every word not read is reported with its column. (A bare `Zeichenfolge` looks
        // like a type name, so it is not an unknown word: it is the learned word above.)
        for word in [
            "`eigenschaft` in a table header",
            "`sammlung` in a type column",
        ] {
            assert!(
                ir.diagnostics
                    .iter()
                    .any(|d| d.code == "unknown-word" && d.message.contains(word)),
                "{at}: no unknown-word for {word}"
            );
        }
    }
}

#[test]
fn english_words_only_forgets_the_russian_rows() {
    let page = "---\ndoc_type: resourcePageType\n---\n# thing\n\n## Properties\n| Свойство | Тип | Описание |\n|--|--|--|\n| parts | [коллекция identity](identity.md) | Части этой вещи, по порядку. |\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.thing\" } -->\n```json\n{ \"size\": 1 }\n```\n";
    let pages = [
        ("resources/thing.md", page),
        ("resources/identity.md", IDENTITY),
    ];
    let full = ir_of(&pages, Vocab::all());
    assert_eq!(
        prop(&full, "microsoft.graph.thing", "parts"),
        ("microsoft.graph.identity", true)
    );
    assert!(!full.diagnostics.iter().any(|d| d.code == "unknown-word"));
    // Without the Russian rows `коллекция` is unknown: reported, and the link beside it
    // is still read as a collection (no JSON says otherwise).
    let en = ir_of(&pages, Vocab::only(["en"]));
    assert_eq!(
        prop(&en, "microsoft.graph.thing", "parts"),
        ("microsoft.graph.identity", true)
    );
    assert!(en
        .diagnostics
        .iter()
        .any(|d| d.code == "unknown-word" && d.message.contains("`коллекция`")));
}
