//! Links between pages: relative `.md` links that name no page, and `#anchors` that name
//! no heading or anchor of their page. Links leaving the docs folders are not checked.

use super::{Finding, Lines};
use crate::doc::Page;
use crate::parse::slug;
use crate::SourceFile;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

pub(super) fn check(
    files: &[SourceFile],
    pages: &[Page],
    texts: &HashMap<&str, Lines>,
) -> Vec<Finding> {
    let anchors: HashMap<String, HashSet<String>> = files
        .par_iter()
        .map(|f| (f.path.to_lowercase(), anchors_of(&texts[f.path.as_str()])))
        .collect();
    let folders: HashSet<&str> = files
        .iter()
        .filter_map(|f| f.path.split_once('/').map(|(d, _)| d))
        .collect();
    pages
        .par_iter()
        .flat_map_iter(|page| {
            let mut out = Vec::new();
            let lines = &texts[page.path.as_str()];
            let links = page
                .paragraphs
                .iter()
                .flat_map(|p| p.links.iter().map(move |l| (p.line, l)))
                .chain(page.tables.iter().flat_map(|t| {
                    t.rows.iter().flat_map(|r| {
                        r.cells
                            .iter()
                            .flat_map(move |c| c.links.iter().map(move |l| (r.line, l)))
                    })
                }));
            let mut seen = HashSet::new();
            for (line, (dest, _text)) in links {
                if seen.insert((line, dest.as_str())) {
                    if let Some(f) = link(page, line, dest, &anchors, &folders, lines) {
                        out.push(f);
                    }
                }
            }
            out
        })
        .collect()
}

fn link(
    page: &Page,
    line: usize,
    dest: &str,
    anchors: &HashMap<String, HashSet<String>>,
    folders: &HashSet<&str>,
    lines: &Lines,
) -> Option<Finding> {
    let dest = dest.trim();
    if dest.contains("://")
        || dest.starts_with('/')
        || dest.starts_with("mailto:")
        || dest.contains('\\')
    {
        return None;
    }
    let (file, fragment) = match dest.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (dest, None),
    };
    let file = file.split('?').next().unwrap_or("");
    let target = if file.is_empty() {
        page.path.to_lowercase()
    } else {
        if !file.to_lowercase().ends_with(".md") {
            return None;
        }
        resolve(&page.path, file)?.to_lowercase()
    };
    // Only pages inside the folders read: `../concepts/x.md` is another site's business.
    if !folders.contains(target.split('/').next().unwrap_or("")) {
        return None;
    }
    let locate = |needle: &str| {
        lines.find(line, 20, needle).map_or(
            Finding::new(&page.path, line, "", String::new()),
            |(l, c)| Finding::new(&page.path, l, "", String::new()).at(c, needle.chars().count()),
        )
    };
    let Some(known) = anchors.get(&target) else {
        let mut f = locate(dest);
        f.code = "broken-link";
        f.message = format!("`{file}` names no page in the docs (resolved to `{target}`)");
        return Some(f);
    };
    let fragment = fragment.filter(|a| !a.is_empty())?;
    if known.contains(&fragment.to_lowercase()) {
        return None;
    }
    let mut f = locate(dest);
    f.code = "broken-anchor";
    f.message = format!("`#{fragment}` is not a heading or anchor of `{target}`");
    if let Some(near) = known
        .iter()
        .filter(|a| {
            a.contains(&fragment.to_lowercase()) || fragment.to_lowercase().contains(a.as_str())
        })
        .min()
    {
        f = f.help(format!("the page has `#{near}`"));
    }
    Some(f)
}

/// `../resources/user.md` from `api/user-get.md` → `resources/user.md`; `None` when it
/// leaves the docs folder.
fn resolve(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Every anchor a page has, lower-cased: heading slugs (as the docs site and GitHub make
/// them) and `<a name>`/`id` attributes.
fn anchors_of(lines: &Lines) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut fence: Option<&str> = None;
    // A repeated heading gets `-1`, `-2`, … as the docs site numbers it.
    let mut repeats: HashMap<String, usize> = HashMap::new();
    for line in &lines.lines {
        let t = line.trim_start();
        if let Some(open) = fence {
            if t.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            continue;
        }
        attributes(t, &mut out);
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && line.len() - t.len() < 4 {
            let text = plain(t[hashes..].trim().trim_end_matches('#'));
            for s in [
                slug(&text),
                github_slug(&text),
                github_slug(&text).replace('.', ""),
            ] {
                let n = repeats.entry(s.clone()).or_default();
                if *n > 0 {
                    out.insert(format!("{s}-{n}"));
                }
                *n += 1;
                out.insert(s);
            }
        }
    }
    out
}

/// `<a name="x">`, `<a id="x">`, `id="x"` anywhere on the line.
fn attributes(line: &str, out: &mut HashSet<String>) {
    // Most lines hold no `=` at all; a byte scan says so cheaply.
    if !line.as_bytes().contains(&b'=') {
        return;
    }
    for attr in ["name=", "id="] {
        let mut rest = line;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let quote = after.chars().next();
            if let Some(q @ ('"' | '\'')) = quote {
                if let Some(end) = after[1..].find(q) {
                    out.insert(after[1..1 + end].to_lowercase());
                }
            }
            rest = after;
        }
    }
}

/// Heading text without tags, link syntax and emphasis.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '[' | ']' | '`' | '*' => {}
            _ => out.push(c),
        }
    }
    // `[text](url)` leaves `text(url)`: drop the destination.
    while let Some(i) = out
        .find("(http")
        .or_else(|| out.find(".md)").and_then(|e| out[..e].rfind('(')))
    {
        match out[i..].find(')') {
            Some(e) => out.replace_range(i..i + e + 1, ""),
            None => break,
        }
    }
    out
}

/// GitHub's rule: lower case, each space a hyphen, punctuation other than `-` and `_` dropped.
fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' || c == '.' => Some(c),
            _ => None,
        })
        .collect()
}
