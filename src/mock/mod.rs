//! Fake backends: file-defined stubs, with `wiremock` as the stub engine.
//!
//! A backend is a stub file, `mocks/<name>.json`, in a subset of WireMock's JSON
//! mapping format (see [`stub`] for the format and `mocks/README.md` for the
//! reference). It is served by a small front that records every request, makes
//! faults at the socket, answers stateless requests itself and passes those that
//! use per-scenario overrides or scenario state to `wiremock` ([`Routing`] says why
//! and how to send everything there). The runner starts one per configured backend
//! and scopes per-scenario overrides and request counts by the
//! [`CORRELATION_HEADER`] it sends:
//!
//! ```no_run
//! # async fn demo() -> Result<(), apitest::error::Error> {
//! use std::path::Path;
//! use apitest::mock::{self, Reply, RequestFilter};
//!
//! let crm = mock::start("crm", Path::new("mocks/crm.json"), None).await?;
//! println!("crm at {}", crm.url());
//! let scenario = crm.scoped("scenario-1");
//! scenario.respond_times("GET", "/tutorial/api/get-user", 1, Reply::status(503));
//! // … requests carrying `X-Correlation-ID: scenario-1` …
//! let calls = scenario.count(&RequestFilter::route("GET", "/tutorial/api/get-user"));
//! # let _ = calls;
//! scenario.reset();
//! crm.stop().await;
//!
//! let all = mock::start_dir(Path::new("mocks")).await?;
//! for backend in all {
//!     backend.stop().await;
//! }
//! # Ok(())
//! # }
//! ```

mod answer;
mod fault;
mod fields;
mod journal;
mod load;
mod matchers;
mod parse;
mod parse_body;
mod parse_response;
mod respond;
mod route;
mod scoped;
mod server;
mod spanned;
mod state;
pub mod stub;
mod table;
mod template;
mod view;
mod xml_body;

use std::path::Path;

pub use fault::Fault;
pub use journal::{
    Journal, JournalScope, Outcome, RecordedRequest, RequestFilter, UNCORRELATED_KEPT,
};
pub use load::{discover, load};
pub use route::Route;
pub use scoped::{Reply, Scoped};
pub use server::{MAX_BODY_BYTES, RunningBackend, serve, serve_with};
pub use state::STARTED;
pub use stub::StubSet;
pub use table::Routing;
pub use xml_body::XmlTree;

use crate::error::Error;

/// The header that carries a scenario's correlation id, sent by the runner on every
/// request and propagated by the system under test to the backends.
pub const CORRELATION_HEADER: &str = "X-Correlation-ID";

/// Loads the stub file or folder at `path` and serves it as backend `name` on
/// `127.0.0.1:port` (a free port when `None`).
///
/// A bad stub file is [`Error::Input`] (exit 3) with every problem located; a port
/// that cannot be bound is [`Error::Runtime`].
pub async fn start(name: &str, path: &Path, port: Option<u16>) -> Result<RunningBackend, Error> {
    serve(load(name, path)?, port).await
}

/// Starts every backend at `path` (a folder of stub files, a WireMock root or one
/// stub file: see [`discover`]), on free ports, sorted by name. Every stub file is
/// checked before any backend starts.
pub async fn start_dir(path: &Path) -> Result<Vec<RunningBackend>, Error> {
    let mut sets = Vec::new();
    let mut diagnostics = Vec::new();
    for (name, path) in discover(path)? {
        match load(&name, &path) {
            Ok(set) => sets.push(set),
            Err(Error::Input(found)) => diagnostics.extend(found),
            Err(other) => return Err(other),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Input(diagnostics));
    }
    let mut running = Vec::new();
    for set in sets {
        match serve(set, None).await {
            Ok(backend) => running.push(backend),
            Err(e) => {
                for backend in running {
                    backend.stop().await;
                }
                return Err(e);
            }
        }
    }
    Ok(running)
}
