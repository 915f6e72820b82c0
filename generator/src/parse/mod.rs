//! Markdown → document model.
//!
//! pulldown-cmark does the Markdown; this module attaches annotations to the fences below
//! them, keys every block and table by its section (anchor, or slug of the heading), and
//! repairs what it can (unterminated fences, ragged tables), reporting each repair.

pub mod annotation;
pub mod http;
pub mod json;

use crate::diag::Sink;
use crate::doc::{
    Annotation, Block, Cell, Heading, Page, PageKind, Paragraph, Row, SectionPath, Table,
};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Parses one page. `path` is the page path as it should appear in diagnostics and IR.
pub fn parse_page(path: &str, source: &str, sink: &mut Sink) -> Page {
    let text = normalize(source);
    let (front, body_start) = front_matter(&text);
    // Blank the front matter but keep its lines, so line numbers stay true.
    let mut text = if body_start > 0 {
        let blanked: String = text[..body_start].chars().filter(|&c| c == '\n').collect();
        blanked + &text[body_start..]
    } else {
        text
    };
    let inserted = repair_fences(&mut text, sink);
    let lines = LineIndex::new(&text, inserted);

    let kind = match front
        .iter()
        .find(|(k, _)| k == "doc_type")
        .map(|(_, v)| v.to_ascii_lowercase())
    {
        Some(v) if v.starts_with("apipagetype") => PageKind::Api,
        Some(v) if v.starts_with("resourcepagetype") => PageKind::Resource,
        Some(v) if v.starts_with("enumpagetype") => PageKind::Enum,
        Some(v) if v.starts_with("conceptual") => PageKind::Conceptual,
        _ => PageKind::Unknown,
    };
    let field = |k: &str| {
        front
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let mut page = Page {
        path: path.to_string(),
        kind,
        title: field("title"),
        description: field("description"),
        area: field("ms.prod").and_then(|v| area_name(&v)),
        blocks: Vec::new(),
        tables: Vec::new(),
        paragraphs: Vec::new(),
    };
    Walker {
        text: &text,
        lines: &lines,
        sink,
        page: &mut page,
    }
    .walk();
    page
}

/// Strips a BOM, turns CRLF and lone CR into LF (line count unchanged), and turns tabs in
/// table rows into spaces: pulldown-cmark rejects a delimiter row holding tabs
/// (`|------\t|`), which would lose the whole table.
fn normalize(source: &str) -> String {
    let s = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut s = if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    };
    if s.contains('\t') {
        s = s
            .split('\n')
            .map(|l| {
                if l.trim_start().starts_with('|') && l.contains('\t') {
                    std::borrow::Cow::Owned(l.replace('\t', " "))
                } else {
                    std::borrow::Cow::Borrowed(l)
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    }
    s
}

/// A product area as a stable name: `"Cloud-Communications"`, `'applications'` and
/// `cloud communications` all become `cloud-communications`; an empty value is no area.
pub fn area_name(value: &str) -> Option<String> {
    let mut out = String::new();
    for c in value.trim().trim_matches(['"', '\'']).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    (!out.is_empty()).then_some(out)
}

/// YAML front matter as flat `key: value` pairs, and the byte offset where the body starts.
fn front_matter(text: &str) -> (Vec<(String, String)>, usize) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return (Vec::new(), 0);
    };
    let Some(end) = rest.find("\n---") else {
        return (Vec::new(), 0);
    };
    let pairs = rest[..end]
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, _)| !k.starts_with([' ', '\t', '-']))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_string(), v.to_string())
        })
        .collect();
    let after = 4 + end + 4;
    let body_start = text[after.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| after + i);
    (pairs, body_start)
}

/// Closes fences left open: an unterminated fence would swallow the rest of the page.
/// The fence is closed before the next annotation comment or heading. Returns the
/// (0-based) indexes of the inserted lines.
fn repair_fences(text: &mut String, sink: &mut Sink) -> Vec<usize> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut open: Option<(usize, char, usize)> = None;
    let mut inserts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        let fence_char = t.chars().next().filter(|c| *c == '`' || *c == '~');
        let run = fence_char.map_or(0, |c| t.chars().take_while(|x| *x == c).count());
        match open {
            None if indent <= 3 && run >= 3 => {
                let c = fence_char.unwrap_or('`');
                // A backtick fence's info string may not contain backticks.
                if c == '`' && t[run..].contains('`') {
                    continue;
                }
                open = Some((i, c, run));
            }
            Some((_, c, len))
                if fence_char == Some(c) && run >= len && t[run..].trim().is_empty() =>
            {
                open = None
            }
            Some((start, _, _))
                if t.starts_with("<!--")
                    || (t.starts_with('#') && t.trim_start_matches('#').starts_with(' ')) =>
            {
                sink.error(
                    start + 1,
                    1,
                    "unterminated-fence",
                    "code fence is never closed; closed before the next annotation or heading",
                );
                inserts.push(i);
                open = None;
                // This line may itself open the next block.
                if t.starts_with("```") {
                    open = Some((i, '`', run));
                }
            }
            _ => {}
        }
    }
    if let Some((start, _, _)) = open {
        sink.error(
            start + 1,
            1,
            "unterminated-fence",
            "code fence is never closed; closed at the end of the page",
        );
        inserts.push(lines.len());
    }
    if inserts.is_empty() {
        return inserts;
    }
    let mut out = String::with_capacity(text.len() + inserts.len() * 4);
    let mut inserted_at = Vec::new();
    let mut next = inserts.iter().peekable();
    let mut out_line = 0;
    for (i, line) in lines.iter().enumerate() {
        if next.peek() == Some(&&i) {
            next.next();
            out.push_str("```\n");
            inserted_at.push(out_line);
            out_line += 1;
        }
        out.push_str(line);
        if i + 1 < lines.len() {
            out.push('\n');
        }
        out_line += 1;
    }
    if next.next().is_some() {
        out.push_str("\n```\n");
        inserted_at.push(out_line);
    }
    *text = out;
    inserted_at
}

/// Byte offset → 1-based line and column in the original page.
struct LineIndex {
    starts: Vec<usize>,
    inserted: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str, inserted: Vec<usize>) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, inserted }
    }

    /// 0-based line in the (possibly repaired) text.
    fn raw_line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    fn line(&self, offset: usize) -> usize {
        let raw = self.raw_line(offset);
        raw - self.inserted.iter().filter(|&&i| i < raw).count() + 1
    }

    fn line_text<'t>(&self, text: &'t str, offset: usize) -> &'t str {
        let raw = self.raw_line(offset);
        let end = self.starts.get(raw + 1).map_or(text.len(), |e| e - 1);
        &text[self.starts[raw]..end]
    }
}

/// A fenced block, read as far as parsing goes: its HTTP message where it may hold one,
/// its JSON where it may be a resource or an example. What reading finds is kept with the
/// block (see [`crate::doc::Read`]), so `lower` never parses.
fn read_block(
    path: &str,
    annotation: Option<crate::doc::Annotation>,
    lang: String,
    text: String,
    line: usize,
    section: SectionPath,
) -> Block {
    use crate::doc::{BlockType, Read};
    let first = text.trim_start();
    let status_line = http::is_status_line(first);
    let request_line = first
        .split_whitespace()
        .next()
        .is_some_and(|m| ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m));
    let http_fence = lang == "http" || lang == "msgraph-interactive";
    let http = (http_fence || status_line || request_line || annotation.is_some()).then(|| {
        let mut sink = Sink::new(path);
        let value = http::parse(&text, line + 1, &mut sink);
        Read {
            value,
            diagnostics: sink.items,
        }
    });
    let json = annotation
        .as_ref()
        .is_some_and(|a| {
            matches!(
                a.block_type,
                None | Some(BlockType::Resource) | Some(BlockType::Example)
            )
        })
        .then(|| json::parse(&text));
    Block {
        annotation,
        lang,
        text,
        line,
        section,
        status_line,
        http,
        json,
    }
}

/// Lower-case, alphanumerics kept, runs of spaces and hyphens become one hyphen:
/// the anchor a heading would get (`HTTP request` → `http-request`).
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if (c == ' ' || c == '-') && !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Something being collected between a start and an end tag.
enum Open {
    Heading {
        level: u8,
        start: usize,
        text: String,
        anchor: Option<String>,
        tab: bool,
    },
    Code {
        start: usize,
        lang: String,
        text: String,
    },
    Table {
        start: usize,
        header: Vec<String>,
        rows: Vec<Row>,
        cells: Vec<Cell>,
        cell: Option<Cell>,
        in_head: bool,
        row_start: usize,
    },
    Paragraph {
        start: usize,
        text: String,
        links: Vec<(String, String)>,
    },
}

struct Walker<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    sink: &'a mut Sink,
    page: &'a mut Page,
}

impl Walker<'_> {
    fn walk(&mut self) {
        let parser = Parser::new_ext(self.text, Options::ENABLE_TABLES).into_offset_iter();
        let mut sections: Vec<Heading> = Vec::new();
        let mut open: Option<Open> = None;
        let mut pending: Option<Annotation> = None;
        let mut link: Option<(String, String)> = None;
        for (event, range) in parser {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    open = Some(Open::Heading {
                        level: level as u8,
                        start: range.start,
                        text: String::new(),
                        anchor: None,
                        tab: false,
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(Open::Heading {
                        level,
                        start,
                        text,
                        anchor,
                        tab,
                    }) = open.take()
                    {
                        if tab {
                            continue; // code-sample tabs (`# [HTTP](#tab/http)`) are not sections
                        }
                        let key = anchor.unwrap_or_else(|| slug(&text));
                        sections.retain(|h| h.level < level);
                        sections.push(Heading {
                            level,
                            key,
                            text: text.trim().to_string(),
                            line: self.lines.line(start),
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .to_ascii_lowercase(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    open = Some(Open::Code {
                        start: range.start,
                        lang,
                        text: String::new(),
                    });
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(Open::Code { start, lang, text }) = open.take() {
                        let annotation = pending.take();
                        let line = self.lines.line(start);
                        self.page.blocks.push(read_block(
                            &self.page.path,
                            annotation,
                            lang,
                            text,
                            line,
                            SectionPath(sections.clone()),
                        ));
                    }
                }
                Event::Start(Tag::Table(_)) => {
                    self.orphan(&mut pending);
                    open = Some(Open::Table {
                        start: range.start,
                        header: Vec::new(),
                        rows: Vec::new(),
                        cells: Vec::new(),
                        cell: None,
                        in_head: false,
                        row_start: range.start,
                    });
                }
                Event::Start(Tag::TableHead) => {
                    if let Some(Open::Table { in_head, .. }) = &mut open {
                        *in_head = true;
                    }
                }
                Event::Start(Tag::TableRow) => {
                    if let Some(Open::Table { row_start, .. }) = &mut open {
                        *row_start = range.start;
                    }
                }
                Event::Start(Tag::TableCell) => {
                    if let Some(Open::Table { cell, .. }) = &mut open {
                        *cell = Some(Cell {
                            text: String::new(),
                            links: Vec::new(),
                        });
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    if let Some(Open::Table { cell, cells, .. }) = &mut open {
                        if let Some(mut c) = cell.take() {
                            c.text = c.text.trim().to_string();
                            cells.push(c);
                        }
                    }
                }
                Event::End(TagEnd::TableHead) => {
                    if let Some(Open::Table {
                        header,
                        cells,
                        in_head,
                        ..
                    }) = &mut open
                    {
                        *header = cells.drain(..).map(|c| c.text).collect();
                        *in_head = false;
                    }
                }
                Event::End(TagEnd::TableRow) => {
                    if let Some(Open::Table {
                        rows,
                        cells,
                        row_start,
                        header,
                        ..
                    }) = &mut open
                    {
                        let line = self.lines.line(*row_start);
                        let raw = count_cells(self.lines.line_text(self.text, *row_start));
                        if raw != header.len() && raw > 0 {
                            let what = if raw > header.len() {
                                "extra cells were dropped"
                            } else {
                                "missing cells are read as empty"
                            };
                            self.sink.warn(
                                line,
                                1,
                                "ragged-table",
                                format!(
                                    "row has {raw} cells, the header has {}; {what}",
                                    header.len()
                                ),
                            );
                        }
                        rows.push(Row {
                            line,
                            cells: std::mem::take(cells),
                        });
                    }
                }
                Event::End(TagEnd::Table) => {
                    if let Some(Open::Table {
                        start,
                        header,
                        rows,
                        ..
                    }) = open.take()
                    {
                        self.page.tables.push(Table {
                            line: self.lines.line(start),
                            header,
                            rows,
                            section: SectionPath(sections.clone()),
                        });
                    }
                }
                Event::Start(Tag::Paragraph) => {
                    if open.is_none() {
                        open = Some(Open::Paragraph {
                            start: range.start,
                            text: String::new(),
                            links: Vec::new(),
                        });
                    }
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Some(Open::Paragraph { start, text, links }) = open.take() {
                        if !text.trim().starts_with("[!INCLUDE") && !text.trim().is_empty() {
                            self.orphan(&mut pending);
                        }
                        self.page.paragraphs.push(Paragraph {
                            line: self.lines.line(start),
                            text,
                            links,
                            section: SectionPath(sections.clone()),
                        });
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    link = Some((dest_url.to_string(), String::new()));
                    if let Some(Open::Heading { tab, .. }) = &mut open {
                        *tab |= dest_url.starts_with("#tab/");
                    }
                }
                Event::End(TagEnd::Link) => {
                    if let Some(l) = link.take() {
                        match &mut open {
                            Some(Open::Table { cell: Some(c), .. }) => c.links.push(l),
                            Some(Open::Paragraph { links, .. }) => links.push(l),
                            _ => {}
                        }
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, lt)) = &mut link {
                        lt.push_str(&t);
                    }
                    match &mut open {
                        Some(Open::Heading { text, .. })
                        | Some(Open::Code { text, .. })
                        | Some(Open::Paragraph { text, .. }) => text.push_str(&t),
                        Some(Open::Table { cell: Some(c), .. }) => c.text.push_str(&t),
                        _ => {}
                    }
                }
                Event::SoftBreak | Event::HardBreak => match &mut open {
                    Some(Open::Paragraph { text, .. }) => text.push(' '),
                    Some(Open::Table { cell: Some(c), .. }) => c.text.push(' '),
                    _ => {}
                },
                Event::InlineHtml(html) => match &mut open {
                    Some(Open::Heading { anchor, .. }) => {
                        if let Some(a) = anchor_name(&html) {
                            anchor.get_or_insert(a);
                        }
                    }
                    Some(Open::Table { cell: Some(c), .. })
                        if html.eq_ignore_ascii_case("<br>")
                            || html.eq_ignore_ascii_case("<br/>")
                            || html.eq_ignore_ascii_case("<br />") =>
                    {
                        c.text.push(' ')
                    }
                    _ => {
                        if html.trim_start().starts_with("<!--") {
                            self.comment(range.start, &mut pending);
                        }
                    }
                },
                Event::Start(Tag::HtmlBlock) => {
                    if self.text[range.clone()].trim_start().starts_with("<!--") {
                        self.comment(range.start, &mut pending);
                    }
                }
                _ => {}
            }
        }
        self.orphan(&mut pending);
    }

    /// Reads the comment starting at `start` (to its `-->`) as a possible annotation.
    fn comment(&mut self, start: usize, pending: &mut Option<Annotation>) {
        let rest = &self.text[start..];
        let Some(open) = rest.find("<!--") else {
            return;
        };
        let inner_start = open + 4;
        let Some(end) = rest[inner_start..].find("-->") else {
            self.sink.warn(
                self.lines.line(start),
                1,
                "unterminated-comment",
                "HTML comment is never closed",
            );
            return;
        };
        let inner = &rest[inner_start..inner_start + end];
        let line = self.lines.line(start);
        if let annotation::Comment::Annotation(a) =
            annotation::parse_comment(inner, line, self.sink)
        {
            self.orphan(pending);
            *pending = Some(*a);
        }
    }

    /// An annotation that met something other than a fence annotates nothing.
    fn orphan(&mut self, pending: &mut Option<Annotation>) {
        if let Some(a) = pending.take() {
            let bt = a.block_type.map_or("?", |b| b.as_str());
            self.sink.warn(
                a.line,
                1,
                "orphan-annotation",
                format!("annotation (blockType `{bt}`) is not followed by a code block"),
            );
        }
    }
}

/// `<a name="request-body"></a>` or `<a id="x">` → `request-body`.
fn anchor_name(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if !lower.starts_with("<a ") {
        return None;
    }
    for attr in ["name=", "id="] {
        if let Some(i) = lower.find(attr) {
            let rest = &html[i + attr.len()..];
            let quote = rest.chars().next()?;
            let value = if quote == '"' || quote == '\'' {
                rest[1..].split(quote).next()?
            } else {
                rest.split([' ', '>']).next()?
            };
            return Some(value.trim().to_string());
        }
    }
    None
}

/// Cells in a raw table row (`| a | b |` → 2), ignoring pipes escaped or inside code spans.
fn count_cells(line: &str) -> usize {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t
        .strip_suffix('|')
        .filter(|s| !s.ends_with('\\'))
        .unwrap_or(t);
    if t.trim().is_empty() {
        return 0;
    }
    let mut count = 1;
    let mut in_code = false;
    let mut escaped = false;
    for c in t.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '`' => in_code = !in_code,
            '|' if !in_code => count += 1,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::BlockType;

    fn parse(src: &str) -> (Page, Vec<String>) {
        let mut sink = Sink::new("p.md");
        let page = parse_page("p.md", src, &mut sink);
        (page, sink.items.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn slugs_are_the_anchors() {
        assert_eq!(slug("HTTP request"), "http-request");
        assert_eq!(slug("Request body "), "request-body");
        assert_eq!(
            slug("Example 1: Invite one participant"),
            "example-1-invite-one-participant"
        );
    }

    #[test]
    fn anchors_win_over_translated_text() {
        let (page, d) = parse("# Заголовок\n\n## <a name=\"request-body\"></a>Текст запроса\n\n| Параметр | Тип | Описание |\n|--|--|--|\n| a | Строка | x |\n");
        assert!(d.is_empty(), "{d:?}");
        assert!(page.tables[0].section.within("request-body"));
        assert_eq!(page.tables[0].rows[0].line, 7);
    }

    #[test]
    fn annotation_attaches_across_blank_lines_and_tabs() {
        let src = "---\ntitle: x\ndoc_type: apiPageType\n---\n# x\n## Request\n# [HTTP](#tab/http)\n<!-- { \"blockType\": \"request\", \"name\": \"a\" } -->\n\n```http\nGET /me\n```\n";
        let (page, d) = parse(src);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(page.kind, PageKind::Api);
        let b = &page.blocks[0];
        assert_eq!(
            b.annotation.as_ref().unwrap().block_type,
            Some(BlockType::Request)
        );
        assert_eq!(b.line, 10);
        assert!(b.section.within("request"));
        assert_eq!(b.text, "GET /me\n");
    }

    #[test]
    fn crlf_and_bom() {
        let (page, _) = parse("\u{feff}# t\r\n\r\n## Properties\r\n| Property | Type | Description |\r\n|--|--|--|\r\n| id | String | x |\r\n");
        assert_eq!(page.tables[0].rows[0].line, 6);
        assert_eq!(page.tables[0].rows[0].cells[1].text, "String");
    }

    #[test]
    fn unterminated_fence_is_closed_before_the_next_annotation() {
        let src = "# t\n<!-- {\"blockType\": \"request\"} -->\n```http\nGET /a\n\n<!-- {\"blockType\": \"response\"} -->\n```http\nHTTP/1.1 204 No Content\n```\n";
        let (page, d) = parse(src);
        assert_eq!(d, ["p.md:3:1: error[unterminated-fence]: code fence is never closed; closed before the next annotation or heading"]);
        assert_eq!(page.blocks.len(), 2);
        assert_eq!(page.blocks[1].line, 7, "lines after the repair stay true");
        assert_eq!(
            page.blocks[1].annotation.as_ref().unwrap().block_type,
            Some(BlockType::Response)
        );
    }

    #[test]
    fn ragged_rows_are_reported() {
        let (page, d) = parse("## Properties\n| Property | Type | Description |\n|--|--|--|\n| a | String |\n| b | Int32 | x | extra |\n");
        assert_eq!(page.tables[0].rows.len(), 2);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(
            d[0].starts_with("p.md:4:1: warning[ragged-table]: row has 2 cells"),
            "{d:?}"
        );
        assert!(
            d[1].starts_with("p.md:5:1: warning[ragged-table]: row has 4 cells"),
            "{d:?}"
        );
    }

    #[test]
    fn tables_with_tabs_in_the_delimiter_row() {
        let (page, _) = parse("| Property |\tType\t|\n|---\t|---\t\t|\n| id\t| String\t|\n");
        assert_eq!(page.tables.len(), 1);
        assert_eq!(page.tables[0].rows[0].cells[1].text, "String");
    }

    #[test]
    fn cells_keep_links() {
        let (page, _) = parse("| Property | Type | Description |\n|--|--|--|\n| a | Collection of [identitySet](identityset.md) | x |\n");
        let cell = &page.tables[0].rows[0].cells[1];
        assert_eq!(cell.text, "Collection of identitySet");
        assert_eq!(
            cell.links,
            [("identityset.md".to_string(), "identitySet".to_string())]
        );
    }

    #[test]
    fn orphan_annotation() {
        let (_, d) = parse("<!-- {\"blockType\": \"request\"} -->\nJust text.\n");
        assert!(d[0].contains("warning[orphan-annotation]"), "{d:?}");
    }
}
