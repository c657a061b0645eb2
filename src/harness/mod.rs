//! The orchestration harness: an API orchestration service, the system under test.
//!
//! Channels (HTTP endpoints) run flows of calls to named outgoing connections —
//! sequentially, in parallel, as fan-out, as a pipeline or conditionally — with
//! retries, timeouts, circuit breakers, rate limits, caching and correlation ids,
//! all described in one TOML file (see [`config`] for the format and
//! `harness.toml` at the repository root for the shipped configuration).
//!
//! Run it in-process:
//!
//! ```no_run
//! # async fn demo() -> Result<(), apitest::error::Error> {
//! use apitest::harness::{load_config, serve_with_shutdown};
//!
//! let config = load_config(std::path::Path::new("harness.toml"))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await
//!     .map_err(|e| apitest::error::Error::Runtime(e.to_string()))?;
//! let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
//! let server = tokio::spawn(serve_with_shutdown(config, listener, async { let _ = stopped.await; }));
//! // ... send requests ...
//! let _ = stop.send(());
//! # let _ = server.await;
//! # Ok(()) }
//! ```

pub mod auth;
pub mod breaker;
pub mod cache;
mod call;
mod check;
pub mod condition;
pub mod config;
pub mod env;
mod flow;
pub mod input;
mod load;
pub mod mapping;
pub mod metrics;
mod plan;
pub mod ratelimit;
mod reply;
pub mod retry;
pub mod route;
mod server;
pub mod template;

pub use call::CORRELATION_HEADER;
pub use env::{EnvLookup, process_env};
pub use load::{load_config, load_config_with, parse_config};
pub use plan::Config;
pub use server::{serve, serve_with_shutdown};
