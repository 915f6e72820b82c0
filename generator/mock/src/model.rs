//! The answering: a request → the operation its route and method name → the checks the
//! service makes → the store (stateful mode), the closest documented example, or an
//! answer built from the operation's typed response.

use crate::examples::{Documented, Examples};
use crate::odata::{self, Paging};
use crate::request::{Incoming, Outgoing};
use crate::router::{Bound, Found, Path, Router};
use crate::schema::{self, Schema};
use crate::state::Store;
use crate::synth;
use bytes::Bytes;
use docgen_codegen::ir::{Exchange, Ir, ParameterIn};
use docgen_codegen::lower::split_url;
use serde_json::Value;
use std::collections::HashMap;

/// The mock's settings.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) page_size: usize,
    pub(crate) require_token: bool,
    pub(crate) stateful: bool,
    pub(crate) seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            page_size: 100,
            require_token: true,
            stateful: false,
            seed: 0,
        }
    }
}

/// Everything read from the IR once, at start-up.
pub(crate) struct Model {
    pub(crate) ir: Ir,
    pub(crate) router: Router,
    pub(crate) examples: Examples,
    pub(crate) types: HashMap<String, usize>,
    pub(crate) options: Options,
}

/// The request routed: the operation, what the path binds, the path as read.
pub(crate) struct Routed {
    pub(crate) op: usize,
    pub(crate) bound: Bound,
    pub(crate) path: Path,
}

impl Model {
    pub(crate) fn new(ir: Ir, options: Options) -> Model {
        let router = Router::new(&ir.operations);
        let examples = Examples::new(&ir, &router);
        let types = schema::index(&ir);
        Model {
            ir,
            router,
            examples,
            types,
            options,
        }
    }

    pub(crate) fn schema(&self) -> Schema<'_> {
        Schema::new(&self.ir, &self.types)
    }

    /// Answers one request (no auth or faults: the server handles those).
    pub(crate) fn answer(&self, req: &Incoming, base: &str, store: Option<&Store>) -> Outgoing {
        let path = Path::parse(&crate::examples::decode(&req.path));
        let (op, bound) = match self.router.find(&self.ir.operations, &req.method, &path) {
            Found::Operation { op, bound } => (op, bound),
            Found::WrongMethod(methods) => {
                return Outgoing::error(
                    405,
                    "Request_BadRequest",
                    format!(
                        "The method {} is not supported on {}; the docs document {}.",
                        req.method,
                        req.path,
                        methods.join(", ")
                    ),
                )
                .with_header("allow", methods.join(", "));
            }
            Found::Nothing => {
                return Outgoing::error(
                    404,
                    "UnknownError",
                    format!(
                    "Resource not found for the segment path '{}': no documented route matches it.",
                    req.path
                ),
                )
            }
        };
        let operation = &self.ir.operations[op];
        let mut out = match self.check(op, req) {
            Err(problem) => problem,
            Ok(()) => {
                let routed = Routed { op, bound, path };
                let stored = store.and_then(|s| s.answer(self, &routed, req, base));
                match stored {
                    Some(out) => out,
                    None => self.documented(&routed, req, base),
                }
            }
        };
        out.operation = Some(operation.name.clone());
        out
    }

    /// The service's own checks: what it rejects before doing anything.
    fn check(&self, at: usize, req: &Incoming) -> Result<(), Outgoing> {
        let op = &self.ir.operations[at];
        let docs = &self.examples.docs[at];
        let page = &op.source;
        let bad = |message: String| Outgoing::error(400, "BadRequest", message);
        let has_body = !req.body.is_empty();
        if has_body && req.method.eq_ignore_ascii_case("GET") && !docs.get_body {
            return Err(bad("A GET request must not have a body.".into()));
        }
        if req.method.eq_ignore_ascii_case("POST") && !req.has_length {
            return Err(Outgoing::error(
                411,
                "LengthRequired",
                "A POST request must say its Content-Length.",
            ));
        }
        for p in &op.parameters {
            let missing = match p.location {
                ParameterIn::Header => {
                    // The token is checked first, on every request; a body's type
                    // only when there is a body.
                    let token = p.name.eq_ignore_ascii_case("authorization");
                    let body_type = p.name.eq_ignore_ascii_case("content-type");
                    p.required
                        && Documented::always_has(&docs.headers_in_all, &p.name)
                        && !token
                        && (has_body || !body_type)
                        && req.header(&p.name).is_none()
                }
                ParameterIn::Query => {
                    p.required
                        && Documented::always_has(&docs.query_in_all, &p.name)
                        && req.option(&p.name).is_none()
                }
                ParameterIn::Path => false,
            };
            if missing {
                return Err(bad(format!(
                    "The required {} '{}' is missing (see {page}).",
                    if p.location == ParameterIn::Header {
                        "header"
                    } else {
                        "query parameter"
                    },
                    p.name
                )));
            }
        }
        let (Some(body), true) = (&op.body, has_body) else {
            return Ok(());
        };
        let text = String::from_utf8_lossy(&req.body);
        if docs.texts.iter().any(|t| t == text.trim()) {
            return Ok(()); // A body exactly as the docs show it.
        }
        let declared_json = req
            .header("content-type")
            .is_some_and(|c| c.to_ascii_lowercase().contains("json"));
        let json: Value = match serde_json::from_slice(&req.body) {
            Ok(v) => v,
            Err(e) if declared_json => {
                return Err(bad(format!(
                    "The request body is not JSON: {e} (see {page})."
                )))
            }
            Err(_) => return Ok(()), // Not JSON, and not said to be: content of its own.
        };
        if docs.bodies.contains(&json) {
            return Ok(());
        }
        let create = req.method.eq_ignore_ascii_case("POST");
        self.schema()
            .with_seen(&docs.seen)
            .check_body(body, &json, create)
            .map_err(|p| bad(format!("{} (see {page})", p.message)))
    }

    /// The closest documented example's answer, else one built from the typed response.
    pub(crate) fn documented(&self, routed: &Routed, req: &Incoming, base: &str) -> Outgoing {
        let paging = Paging {
            page_size: self.options.page_size,
            base,
        };
        if let Some(e) = self
            .examples
            .closest(&self.ir, routed.op, &routed.path, req)
        {
            return replay(e, req, &paging);
        }
        let op = &self.ir.operations[routed.op];
        let Some(response) = &op.response else {
            return Outgoing::empty(204);
        };
        let Some(ty) = &response.ty else {
            return Outgoing::empty(response.status);
        };
        if ty == "Edm.Stream" {
            let mut out = Outgoing::empty(response.status);
            out.headers
                .push(("content-type".into(), "application/octet-stream".into()));
            return out;
        }
        // The id the path ends with is the answer's own.
        let id = routed.bound.last().map(|(_, v)| v.as_str());
        let mut body = synth::value(&self.schema(), ty, response.collection, id);
        odata::apply(req, None, &mut body, &paging);
        Outgoing::json(response.status, &body)
    }
}

/// An example's documented answer, links pointed back at the mock and the request's
/// OData options applied.
fn replay(e: &Exchange, req: &Incoming, paging: &Paging<'_>) -> Outgoing {
    let Some(r) = &e.response else {
        return Outgoing::empty(204);
    };
    let mut out = Outgoing::empty(r.status.unwrap_or(200));
    for (n, v) in &r.headers {
        let n = n.to_ascii_lowercase();
        if ["content-length", "transfer-encoding", "connection"].contains(&n.as_str()) {
            continue;
        }
        let v = match (n.as_str(), odata::service_path(v)) {
            ("location", Some(rest)) => format!("{}{rest}", paging.base),
            _ => v.clone(),
        };
        out.headers.push((n, v));
    }
    if let Some(json) = &r.json {
        let mut body = json.clone();
        odata::rebase_links(&mut body, paging.base);
        let shown = e.request.url.as_deref().and_then(|u| split_url(u).1);
        odata::apply(req, shown.as_deref(), &mut body, paging);
        out.body = Bytes::from(serde_json::to_vec(&body).unwrap_or_default());
        if out.header("content-type").is_none() {
            out.headers
                .push(("content-type".into(), "application/json".into()));
        }
    } else if let Some(text) = &r.text {
        out.body = Bytes::from(text.clone());
    }
    out.example = Some(e.source.clone());
    out
}
