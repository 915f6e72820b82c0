//! Rendering: the module's items built and formatted in parallel chunks (and huge items in
//! windows), joined into one file that equals the whole module formatted at once.

use super::{builders, client, models, runtime, window, Features, TypeSpace};
use crate::ir::Ir;
use proc_macro2::TokenStream;

/// Items per formatting job: big enough to amortise parsing, small enough to spread.
const CHUNK: usize = 48;

/// The formatted module, built and formatted in parallel.
///
/// Token streams cannot cross threads, so each thread builds the tokens of a run of items
/// wrapped in their module (or impl block), formats that alone, and keeps the lines
/// inside the wrapper. Items format independently of their neighbours, so the joined text
/// is byte-identical to formatting [`super::tokens`] as one file (a test holds this).
pub fn render(ir: &Ir, runtime_path: &str) -> Result<(String, Features), String> {
    render_chunked(ir, runtime_path, CHUNK, window::WINDOW, false).map(|r| (r.code, r.features))
}

/// What [`render_gated`] produced.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub code: String,
    pub features: Features,
    /// The crate features the items are gated by: one per area (empty when not gated).
    pub areas: Vec<String>,
    /// Features standing for several areas, with their areas: each area enables them.
    pub aliases: Vec<(String, Vec<String>)>,
}

/// [`render`], with every item gated by the features of the areas that need it when
/// `gated` (see [`crate::select::areas::Gates`]).
pub fn render_gated(ir: &Ir, runtime_path: &str, gated: bool) -> Result<Rendered, String> {
    render_chunked(ir, runtime_path, CHUNK, window::WINDOW, gated)
}

fn render_chunked(
    ir: &Ir,
    runtime_path: &str,
    chunk_size: usize,
    window_size: usize,
    gated: bool,
) -> Result<Rendered, String> {
    use rayon::prelude::*;
    let (tree, ops) = client::plan(ir);
    let reserved = client::reserved_names(&ops);
    let space = TypeSpace::new(ir, &reserved, runtime_path).gated(gated);
    let jobs = models::jobs(&space, &ops);
    let segments = segments(&space, &ops, &jobs, chunk_size, window_size);
    let nodes = builders::order(&tree);
    let ((model_chunks, method_chunks), fixed) = rayon::join(
        || {
            let models: Vec<Result<String, String>> = segments
                .par_iter()
                .map(|segment| match *segment {
                    Segment::Items(chunk) => {
                        let mut items = Vec::new();
                        for job in chunk {
                            items.extend(models::item(&space, &ops, *job)?);
                        }
                        Ok(prettyplease::unparse(&models::wrap(items)))
                    }
                    Segment::Long(job) => render_long(&space, &ops, job, window_size),
                })
                .collect();
            let methods: Vec<Result<String, String>> = nodes
                .par_chunks(chunk_size)
                .enumerate()
                .map(|(i, chunk)| {
                    format(builders::wrap(
                        i == 0,
                        chunk
                            .iter()
                            .map(|&n| builders::node(&space, &tree, &ops, n)),
                    ))
                })
                .collect();
            (models, methods)
        },
        || format(runtime::glue(&space.rt())),
    );
    let mut out = join_chunks(model_chunks, || {
        Ok(prettyplease::unparse(&models::wrap(Vec::new())))
    })?;
    out.push_str(&fixed?);
    out.push_str(&join_chunks(method_chunks, || {
        format(builders::wrap(true, std::iter::empty()))
    })?);
    Ok(Rendered {
        code: out,
        features: space.features(),
        areas: space.areas(),
        aliases: space.aliases(),
    })
}

/// A run of ordinary model items, formatted together, or one item with more members than
/// a window holds, formatted a window at a time (see [`window`]).
enum Segment<'j> {
    Items(&'j [models::Job]),
    Long(models::Job),
}

fn segments<'j>(
    space: &TypeSpace,
    ops: &[client::OperationPlan],
    jobs: &'j [models::Job],
    chunk_size: usize,
    window_size: usize,
) -> Vec<Segment<'j>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, job) in jobs.iter().enumerate() {
        let long = models::members(space, ops, *job) > window_size;
        if (long || i - start == chunk_size) && start < i {
            out.push(Segment::Items(&jobs[start..i]));
            start = i;
        }
        if long {
            out.push(Segment::Long(*job));
            start = i + 1;
        }
    }
    if start < jobs.len() {
        out.push(Segment::Items(&jobs[start..]));
    }
    out
}

/// One long item: its windows formatted in parallel, then stitched.
fn render_long(
    space: &TypeSpace,
    ops: &[client::OperationPlan],
    job: models::Job,
    window_size: usize,
) -> Result<String, String> {
    use rayon::prelude::*;
    let names = models::names(space, ops, job);
    let windows: Vec<String> = window::windows(names.members.len(), window_size)
        .into_par_iter()
        .map(|range| {
            let w = window::Window {
                range,
                names: &names,
            };
            let items = models::item_window(space, ops, job, Some(&w))?;
            Ok(prettyplease::unparse(&models::wrap(items)))
        })
        .collect::<Result<_, String>>()?;
    window::stitch(&windows)
}

/// Joins formatted wrappers (`header {\n body }\n`) into one: the first header, every
/// body, one closing brace. With no chunks, the empty wrapper as formatted.
fn join_chunks(
    chunks: Vec<Result<String, String>>,
    empty: impl FnOnce() -> Result<String, String>,
) -> Result<String, String> {
    if chunks.is_empty() {
        return empty();
    }
    let mut out = String::new();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let chunk = chunk?;
        let open = chunk
            .find(" {\n")
            .ok_or("internal error: wrapper without a body")?
            + 3;
        let close = chunk
            .trim_end()
            .rfind('}')
            .ok_or("internal error: wrapper not closed")?;
        if i == 0 {
            out.push_str(&chunk[..open]);
        }
        out.push_str(&chunk[open..close]);
    }
    out.push_str("}\n");
    Ok(out)
}

/// Formats tokens as a Rust file (a parse failure is a generator bug, see
/// `syntax::file`). Doc text needs no pass of its own: every doc line was made
/// safe as it was built (`emit::doc_line`).
pub fn format(tokens: TokenStream) -> Result<String, String> {
    Ok(prettyplease::unparse(&super::syntax::file(tokens)?))
}

#[cfg(test)]
mod tests {
    use super::super::{check_runtime_path, tokens, DEFAULT_RUNTIME_PATH};
    use super::*;

    #[test]
    fn parallel_rendering_equals_formatting_the_whole_file() {
        let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/snap");
        let (ir, _) = crate::Config::new().input(docs).load().unwrap();
        let rt = DEFAULT_RUNTIME_PATH;
        let whole = format(tokens(&ir, rt).0).unwrap();
        for chunk in [1, 2, 3, CHUNK] {
            assert_eq!(
                render_chunked(&ir, rt, chunk, window::WINDOW, false)
                    .unwrap()
                    .code,
                whole,
                "chunks of {chunk}"
            );
        }
        // Every struct and enum formatted a few members at a time, stitched: the same file.
        for window in [1, 2, 3] {
            assert_eq!(
                render_chunked(&ir, rt, CHUNK, window, false).unwrap().code,
                whole,
                "windows of {window}"
            );
        }
        let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs-input");
        let (ir, _) = crate::Config::new().input(docs).load().unwrap();
        let whole = format(tokens(&ir, rt).0).unwrap();
        assert_eq!(
            render_chunked(&ir, rt, 5, window::WINDOW, false)
                .unwrap()
                .code,
            whole
        );
        assert_eq!(render_chunked(&ir, rt, 5, 2, false).unwrap().code, whole);
        // Gated items too (each window's items carry their `cfg`).
        assert_eq!(
            render_chunked(&ir, rt, 5, 2, true).unwrap().code,
            render_chunked(&ir, rt, 5, window::WINDOW, true)
                .unwrap()
                .code
        );
        let empty = Ir::default();
        assert_eq!(
            render(&empty, rt).unwrap().0,
            format(tokens(&empty, rt).0).unwrap()
        );
    }

    #[test]
    fn runtime_paths_must_be_absolute_rust_paths() {
        for good in ["::docgen_runtime", "crate::rt", "::my_sdk::runtime"] {
            assert_eq!(check_runtime_path(good), Ok(()), "{good}");
        }
        for bad in [
            "docgen_runtime",
            "super::rt",
            "::",
            "::a b",
            "crate::1x",
            "",
        ] {
            assert!(check_runtime_path(bad).is_err(), "{bad:?}");
        }
    }
}
