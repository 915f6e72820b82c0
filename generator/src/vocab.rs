//! The vocabulary table: every natural-language word the reader understands.
//!
//! Pages are matched by structure (anchors, fences, tables) and never by heading text.
//! Table headers, type cells and a few description markers are the only natural-language
//! words that carry meaning, and they all live here, one row per word, tagged with the
//! language. Adding a language means adding rows, nothing else.

use std::cell::RefCell;

/// Which languages' rows the reader uses. [`Vocab::all`] reads with every row; the
/// ablation [`Vocab::only`]`(["en"])` reads a translated corpus as a language the table
/// has never seen would be read, which measures how much the reader leans on words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocab {
    /// `None`: every language.
    languages: Option<Vec<String>>,
}

impl Vocab {
    pub fn all() -> Vocab {
        Vocab::default()
    }

    /// Only the rows of these languages (`en`, `ru`).
    pub fn only<S: Into<String>>(languages: impl IntoIterator<Item = S>) -> Vocab {
        Vocab {
            languages: Some(languages.into_iter().map(Into::into).collect()),
        }
    }

    /// The languages the table has rows for.
    pub const LANGUAGES: &'static [&'static str] = &["en", "ru"];

    pub fn knows(&self, language: &str) -> bool {
        self.languages
            .as_ref()
            .is_none_or(|l| l.iter().any(|x| x == language))
    }

    /// The languages read, for reports: `all` or `en,ru`.
    pub fn label(&self) -> String {
        self.languages
            .as_ref()
            .map_or_else(|| "all".to_string(), |l| l.join(","))
    }
}

thread_local! {
    static ACTIVE: RefCell<Vocab> = RefCell::new(Vocab::all());
}

/// Runs `f` with `vocab` as the vocabulary every look-up below uses, on this thread (a
/// page is lowered on one thread); the previous one is restored afterwards, also when `f`
/// unwinds. This keeps the language choice out of every reader's signature.
pub fn reading_with<R>(vocab: &Vocab, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Vocab>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(v) = self.0.take() {
                ACTIVE.with(|a| *a.borrow_mut() = v);
            }
        }
    }
    let previous = ACTIVE.with(|a| std::mem::replace(&mut *a.borrow_mut(), vocab.clone()));
    let _restore = Restore(Some(previous));
    f()
}

/// Whether the vocabulary in use reads rows of this language.
fn known(language: &str) -> bool {
    ACTIVE.with(|a| a.borrow().knows(language))
}

/// Whether a (lower-cased) word is a collection word of the vocabulary in use.
pub fn is_collection_word(word: &str) -> bool {
    COLLECTION_WORDS
        .iter()
        .any(|(w, l)| w.eq_ignore_ascii_case(word) && known(l))
}

/// The collection phrases of the vocabulary in use.
pub fn collection_phrases() -> impl Iterator<Item = &'static str> {
    COLLECTION_WORDS
        .iter()
        .filter(|(_, l)| known(l))
        .map(|(w, _)| *w)
}

/// Whether a word is a filler word of the vocabulary in use.
pub fn is_filler_word(word: &str) -> bool {
    FILLER_WORDS
        .iter()
        .any(|(w, l)| w.eq_ignore_ascii_case(word) && known(l))
}

/// The phrases that introduce a base type, in the vocabulary in use.
pub fn base_type_phrases() -> impl Iterator<Item = &'static str> {
    BASE_TYPE_PHRASES
        .iter()
        .filter(|(_, l)| known(l))
        .map(|(w, _)| *w)
}

/// Words that join two permissions as alternatives in one cell (`A or B`); any other
/// single word between two is read as `and`, a combination.
const ALTERNATIVE_WORDS: &[(&str, &str)] = &[("or", "en"), ("или", "ru")];

/// Whether a word says "or" in the vocabulary in use.
pub fn is_alternative_word(word: &str) -> bool {
    ALTERNATIVE_WORDS
        .iter()
        .any(|(w, l)| w.eq_ignore_ascii_case(word) && known(l))
}

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Type,
    Description,
    Value,
    PermissionType,
    Permissions,
    Method,
    ReturnType,
}

/// Table header words (lower-cased, trimmed) and the column meaning each names.
pub const COLUMN_WORDS: &[(&str, Column, &str)] = &[
    ("property", Column::Name, "en"),
    ("property name", Column::Name, "en"),
    ("properties", Column::Name, "en"),
    ("relationship", Column::Name, "en"),
    ("relationships", Column::Name, "en"),
    ("parameter", Column::Name, "en"),
    ("parameters", Column::Name, "en"),
    ("name", Column::Name, "en"),
    ("header", Column::Name, "en"),
    ("member", Column::Name, "en"),
    ("members", Column::Name, "en"),
    ("key", Column::Name, "en"),
    ("type", Column::Type, "en"),
    ("description", Column::Description, "en"),
    ("notes", Column::Description, "en"),
    ("value", Column::Value, "en"),
    ("values", Column::Value, "en"),
    ("permission type", Column::PermissionType, "en"),
    ("permissions", Column::Permissions, "en"),
    ("method", Column::Method, "en"),
    ("methods", Column::Method, "en"),
    ("return type", Column::ReturnType, "en"),
    ("свойство", Column::Name, "ru"),
    ("имя свойства", Column::Name, "ru"),
    ("свойства", Column::Name, "ru"),
    ("связь", Column::Name, "ru"),
    ("отношение", Column::Name, "ru"),
    ("параметр", Column::Name, "ru"),
    ("имя", Column::Name, "ru"),
    ("название", Column::Name, "ru"),
    ("заголовок", Column::Name, "ru"),
    ("элемент", Column::Name, "ru"),
    ("член", Column::Name, "ru"),
    ("тип", Column::Type, "ru"),
    ("описание", Column::Description, "ru"),
    ("значение", Column::Value, "ru"),
    ("тип разрешения", Column::PermissionType, "ru"),
    ("разрешения", Column::Permissions, "ru"),
    ("метод", Column::Method, "ru"),
    ("возвращаемый тип", Column::ReturnType, "ru"),
    ("тип возвращаемого значения", Column::ReturnType, "ru"),
];

/// The meaning of a header cell. Headers often carry a parenthesised aside
/// (`Permissions (from least to most privileged)`), which is ignored.
pub fn column(header: &str) -> Option<Column> {
    let lower = header.trim().to_lowercase();
    let head = lower
        .split('(')
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(':');
    COLUMN_WORDS
        .iter()
        .find(|(w, _, l)| *w == head && known(l))
        .map(|(_, c, _)| *c)
}

/// Primitive type words in type cells, lower-cased, with their OData name.
pub const PRIMITIVE_WORDS: &[(&str, &str, &str)] = &[
    ("string", "Edm.String", "en"),
    ("strings", "Edm.String", "en"),
    ("boolean", "Edm.Boolean", "en"),
    ("bool", "Edm.Boolean", "en"),
    ("int32", "Edm.Int32", "en"),
    ("int", "Edm.Int32", "en"),
    ("integer", "Edm.Int32", "en"),
    ("int16", "Edm.Int16", "en"),
    ("int64", "Edm.Int64", "en"),
    ("long", "Edm.Int64", "en"),
    ("byte", "Edm.Byte", "en"),
    ("sbyte", "Edm.SByte", "en"),
    ("double", "Edm.Double", "en"),
    ("single", "Edm.Single", "en"),
    ("float", "Edm.Single", "en"),
    ("decimal", "Edm.Decimal", "en"),
    ("number", "Edm.Double", "en"),
    ("datetimeoffset", "Edm.DateTimeOffset", "en"),
    ("datetime", "Edm.DateTimeOffset", "en"),
    ("timestamp", "Edm.DateTimeOffset", "en"),
    ("date", "Edm.Date", "en"),
    ("timeofday", "Edm.TimeOfDay", "en"),
    ("time", "Edm.TimeOfDay", "en"),
    ("duration", "Edm.Duration", "en"),
    ("timespan", "Edm.Duration", "en"),
    ("guid", "Edm.Guid", "en"),
    ("uuid", "Edm.Guid", "en"),
    ("binary", "Edm.Binary", "en"),
    ("base64", "Edm.Binary", "en"),
    ("stream", "Edm.Stream", "en"),
    ("json", "Edm.Untyped", "en"),
    ("untyped", "Edm.Untyped", "en"),
    ("object", "Edm.Untyped", "en"),
    ("строка", "Edm.String", "ru"),
    ("строки", "Edm.String", "ru"),
    ("строк", "Edm.String", "ru"),
    ("строковый", "Edm.String", "ru"),
    ("строковое", "Edm.String", "ru"),
    ("логический", "Edm.Boolean", "ru"),
    ("логическое", "Edm.Boolean", "ru"),
    ("логическое значение", "Edm.Boolean", "ru"),
    ("логическое значение", "Edm.Boolean", "ru"),
    ("булево", "Edm.Boolean", "ru"),
    ("целое число", "Edm.Int32", "ru"),
    ("целое", "Edm.Int32", "ru"),
    ("двойное с плавающей точкой", "Edm.Double", "ru"),
    ("двойной", "Edm.Double", "ru"),
    ("двойное", "Edm.Double", "ru"),
    ("с плавающей точкой", "Edm.Double", "ru"),
    ("длительность", "Edm.Duration", "ru"),
    ("продолжительность", "Edm.Duration", "ru"),
    ("поток", "Edm.Stream", "ru"),
    ("дата", "Edm.Date", "ru"),
    ("дата и время", "Edm.DateTimeOffset", "ru"),
    ("двоичный", "Edm.Binary", "ru"),
    ("двоичные", "Edm.Binary", "ru"),
    ("даты и время", "Edm.DateTimeOffset", "ru"),
    ("с плавающей запятой", "Edm.Double", "ru"),
    ("одинарное", "Edm.Single", "ru"),
    ("один", "Edm.Single", "ru"),
    ("байт", "Edm.Byte", "ru"),
    ("объект", "Edm.Untyped", "ru"),
];

/// Words that make a type cell a collection (`Collection of X`, `X collection`, `Коллекция [X]`).
pub const COLLECTION_WORDS: &[(&str, &str)] = &[
    ("collection of", "en"),
    ("collection", "en"),
    ("array of", "en"),
    ("array", "en"),
    ("list of", "en"),
    ("коллекция", "ru"),
    ("коллекции", "ru"),
    ("массив", "ru"),
];

/// Filler words that may surround a type name in a cell and mean nothing by themselves.
pub const FILLER_WORDS: &[(&str, &str)] = &[
    ("of", "en"),
    ("an", "en"),
    ("a", "en"),
    ("the", "en"),
    ("из", "ru"),
    // `Коллекция объектов string`: a collection of objects of that type.
    ("объектов", "ru"),
];

/// Words that join alternatives in a type cell (`[a](a.md) or [b](b.md)`): known, and
/// meaning nothing for the type.
pub const CONNECTIVE_WORDS: &[(&str, &str)] =
    &[("or", "en"), ("and", "en"), ("или", "ru"), ("и", "ru")];

/// Whether a word is known to the vocabulary in use as a word of a type cell: a collection,
/// filler, connective or primitive word.
pub fn is_type_cell_word(word: &str) -> bool {
    is_collection_word(word)
        || is_filler_word(word)
        || CONNECTIVE_WORDS.iter().any(|(w, l)| *w == word && known(l))
        || primitive(word).is_some()
}

/// Multi-word phrases of the vocabulary in use that type cells hold (`collection of`,
/// `целое число`), longest first, so a reader can take them out before looking at words.
pub fn type_cell_phrases() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = COLLECTION_WORDS
        .iter()
        .map(|(w, l)| (*w, *l))
        .chain(PRIMITIVE_WORDS.iter().map(|(w, _, l)| (*w, *l)))
        .filter(|(w, l)| w.contains(' ') && known(l))
        .map(|(w, _)| w)
        .collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

/// Description openings that say a parameter must be (or may be left out).
pub const REQUIRED_WORDS: &[(&str, bool, &str)] = &[
    ("required", true, "en"),
    ("optional", false, "en"),
    ("обязательный", true, "ru"),
    ("обязательное", true, "ru"),
    ("обязательно", true, "ru"),
    ("необязательный", false, "ru"),
    ("необязательное", false, "ru"),
    ("необязательно", false, "ru"),
];

/// Phrases that introduce a base type in prose: `Inherits from [entity](entity.md)`.
pub const BASE_TYPE_PHRASES: &[(&str, &str)] = &[
    ("inherits from", "en"),
    ("derived from", "en"),
    ("derives from", "en"),
    ("subclass of", "en"),
    ("subtype of", "en"),
    ("подкласс", "ru"),
    ("производным от", "ru"),
    ("наследует", "ru"),
    ("наследуется от", "ru"),
    ("производный от", "ru"),
];

pub fn primitive(word: &str) -> Option<&'static str> {
    let w = word.trim().to_lowercase();
    if let Some(edm) = w.strip_prefix("edm.") {
        // `Edm.` names are the format's own, in every language.
        return PRIMITIVE_WORDS
            .iter()
            .find(|(p, _, l)| *p == edm && *l == "en")
            .map(|(_, e, _)| *e);
    }
    PRIMITIVE_WORDS
        .iter()
        .find(|(p, _, l)| *p == w && known(l))
        .map(|(_, e, _)| *e)
}

/// Phrases by which a property's description says it is never null.
pub const NOT_NULLABLE_WORDS: &[(&str, &str)] = &[
    ("not nullable", "en"),
    ("non-nullable", "en"),
    ("null не допускается", "ru"),
    ("не допускает значени", "ru"),
    ("не допускающий значения null", "ru"),
    ("не может быть null", "ru"),
];

/// Whether a description says the property is never null (`Not nullable.`).
pub fn not_nullable(description: &str) -> bool {
    let lower = description.to_lowercase();
    NOT_NULLABLE_WORDS
        .iter()
        .any(|(w, l)| lower.contains(w) && known(l))
}

/// Whether a description says the item is required (`Some(true)`), optional, or neither.
pub fn required(description: &str) -> Option<bool> {
    let lower = description.trim().to_lowercase();
    for sentence in lower.split(['.', ';']).map(str::trim) {
        if let Some((_, req, _)) = REQUIRED_WORDS
            .iter()
            .find(|(w, _, l)| *w == sentence && known(l))
        {
            return Some(*req);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_both_languages() {
        assert_eq!(column("Property"), Some(Column::Name));
        assert_eq!(column(" Свойство "), Some(Column::Name));
        assert_eq!(column("Тип"), Some(Column::Type));
        assert_eq!(
            column("Permissions (from least to most privileged)"),
            Some(Column::Permissions)
        );
        assert_eq!(
            column("Разрешения (в порядке повышения привилегий)"),
            Some(Column::Permissions)
        );
        assert_eq!(column("Погода"), None);
    }

    #[test]
    fn primitive_words() {
        assert_eq!(primitive("String"), Some("Edm.String"));
        assert_eq!(primitive("Строка"), Some("Edm.String"));
        assert_eq!(primitive("Edm.Int64"), Some("Edm.Int64"));
        assert_eq!(primitive("identitySet"), None);
    }

    #[test]
    fn not_nullable_markers() {
        assert!(not_nullable("The identifier. Not nullable. Read-only."));
        assert!(not_nullable("Идентификатор. Значение NULL не допускается."));
        assert!(!not_nullable("The display name. Nullable."));
    }

    #[test]
    fn english_only_reads_no_russian_row() {
        let en = Vocab::only(["en"]);
        reading_with(&en, || {
            assert_eq!(column("Тип"), None);
            assert_eq!(column("Type"), Some(Column::Type));
            assert_eq!(primitive("Строка"), None);
            assert_eq!(primitive("Edm.String"), Some("Edm.String"));
            assert!(!is_collection_word("коллекция"));
            assert!(is_collection_word("Collection"));
        });
        // Restored afterwards.
        assert_eq!(column("Тип"), Some(Column::Type));
    }

    #[test]
    fn required_markers() {
        assert_eq!(required("Bearer {token}. Required."), Some(true));
        assert_eq!(required("Bearer {токен}. Обязательный."), Some(true));
        assert_eq!(required("Optional. The thing."), Some(false));
        assert_eq!(required("Something required by law."), None);
    }
}
