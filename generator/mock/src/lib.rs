//! A Graph that answers as its documentation says: a local HTTP server built from
//! annotated Markdown API reference docs, for testing apps offline.
//!
//! ```no_run
//! # async fn demo() -> Result<(), docgen_mock::Error> {
//! let graph = docgen_mock::Mock::from_docs("docs")?.start().await?;
//! // point the client at graph.url(): http://127.0.0.1:<port>/v1.0
//! # Ok(()) }
//! ```
//!
//! A request is matched to its operation by method and route template, then to the
//! documented example whose request is closest (path values, query, body), and answered
//! with that example's status, headers and body. Operations without an example answer
//! from their typed response. Bodies are read against the operation's types (400 naming
//! the property and the page), OData `$top`/`$skip`/`$select`/`$count` and paging apply
//! to collections, `$batch` follows JSON batching, a stateful mode keeps entity sets in
//! memory, and faults (429, 503, 504, latency, stalls, drops, a `RateLimit-*` budget)
//! come seeded. Every request is logged.

mod batch;
mod examples;
mod faults;
mod log;
mod model;
mod odata;
mod replay;
mod request;
mod router;
mod schema;
mod server;
mod state;
mod synth;

pub use faults::{Fault, Faults, RateLimit, RetryAfter};
pub use log::Entry;
pub use replay::{replay, Mismatch, Replay};
pub use schema::Problem;

use docgen_codegen::ir::Ir;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// Why a mock could not start.
#[derive(Debug)]
pub enum Error {
    /// The docs could not be read.
    Docs(docgen_codegen::Error),
    /// The address could not be bound.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Docs(e) => write!(f, "{e}"),
            Error::Io(e) => write!(f, "cannot listen: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// A mock, configured, not yet listening.
pub struct Mock {
    ir: Ir,
    options: model::Options,
    faults: Faults,
    addr: SocketAddr,
    tap: Option<log::Tap>,
}

impl Mock {
    /// Reads a docs folder (every `.md` under it).
    pub fn from_docs(dir: impl Into<PathBuf>) -> Result<Mock, Error> {
        let (ir, _) = docgen_codegen::Config::new()
            .input(dir)
            .load()
            .map_err(Error::Docs)?;
        Ok(Mock::from_ir(ir))
    }

    /// From an IR (`docgen ir`'s output, or a selection of one), exchanges included.
    pub fn from_ir(ir: Ir) -> Mock {
        Mock {
            ir,
            options: model::Options::default(),
            faults: Faults::default(),
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            tap: None,
        }
    }

    /// The port to listen on (default: any free one). The address stays loopback.
    pub fn port(mut self, port: u16) -> Mock {
        self.addr.set_port(port);
        self
    }

    /// The address to listen on, for serving beyond loopback on purpose.
    pub fn addr(mut self, addr: SocketAddr) -> Mock {
        self.addr = addr;
        self
    }

    /// Keeps entity sets in memory: POST creates, GET reads, PATCH merges, PUT replaces,
    /// DELETE removes (default off: every answer is the documented one).
    pub fn stateful(mut self, on: bool) -> Mock {
        self.options.stateful = on;
        self
    }

    /// Items per page of a collection answer without `$top` (default 100).
    pub fn page_size(mut self, n: usize) -> Mock {
        self.options.page_size = n.max(1);
        self
    }

    /// Whether a request without a bearer token is refused with 401 (default on).
    pub fn require_token(mut self, on: bool) -> Mock {
        self.options.require_token = on;
        self
    }

    /// The faults to inject; their seed also orders `$batch` answers and seeds ids.
    pub fn faults(mut self, faults: Faults) -> Mock {
        self.options.seed = faults.seed();
        self.faults = faults;
        self
    }

    /// Called with every log entry as it is written (the CLI prints them).
    pub fn on_request(mut self, tap: impl Fn(&Entry) + Send + Sync + 'static) -> Mock {
        self.tap = Some(Arc::new(tap));
        self
    }

    /// The IR the mock answers from.
    pub fn ir(&self) -> &Ir {
        &self.ir
    }

    /// Binds and serves on the current tokio runtime until the handle is dropped.
    pub async fn start(self) -> Result<RunningMock, Error> {
        let listener = tokio::net::TcpListener::bind(self.addr)
            .await
            .map_err(Error::Io)?;
        let addr = listener.local_addr().map_err(Error::Io)?;
        let base = format!("http://{addr}/v1.0");
        let (stop_tx, stop) = tokio::sync::watch::channel(false);
        let log = log::Log::new(self.tap);
        let stateful = self.options.stateful;
        let shared = Arc::new(server::Shared {
            model: model::Model::new(self.ir, self.options),
            store: stateful.then(state::Store::default),
            faults: self.faults,
            log: log.clone(),
            base: base.clone(),
            stop,
        });
        tokio::spawn(server::serve(listener, shared.clone()));
        Ok(RunningMock {
            addr,
            base,
            log,
            stop: stop_tx,
            shared,
        })
    }
}

/// A listening mock; it stops when dropped.
pub struct RunningMock {
    addr: SocketAddr,
    base: String,
    log: log::Log,
    stop: tokio::sync::watch::Sender<bool>,
    shared: Arc<server::Shared>,
}

impl RunningMock {
    /// The service root to give a client: `http://127.0.0.1:<port>/v1.0`.
    pub fn url(&self) -> &str {
        &self.base
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request served so far, in order.
    pub fn log(&self) -> Vec<Entry> {
        self.log.entries()
    }

    /// Forgets the requests logged so far.
    pub fn clear_log(&self) {
        self.log.clear();
    }

    /// How many operations and documented exchanges the mock answers from.
    pub fn counts(&self) -> (usize, usize) {
        let m = &self.shared.model;
        (m.ir.operations.len(), m.ir.exchanges.len())
    }

    /// Stops listening; stalled answers end.
    pub fn stop(self) {}
}

impl Drop for RunningMock {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
