//! The orchestration harness: an API orchestration service, the system under test.
//!
//! Channels (HTTP endpoints) run flows of calls to named outgoing connections —
//! sequentially, in parallel, as fan-out, as a pipeline or conditionally — with
//! retries, timeouts, circuit breakers, rate limits, caching and correlation ids,
//! all described in one TOML file (see [`config`] for the format and
//! `harness.toml` at the repository root for the shipped configuration).
//!
//! Run it in-process with [`spawn`] (background task, [`Running::stop`]) or
//! [`serve_with_shutdown`] (your own listener and shutdown signal):
//!
//! ```no_run
//! # async fn demo() -> Result<(), apitest::error::Error> {
//! use apitest::harness::{load_config_with, spawn};
//!
//! // Point the connections at fakes without touching the process environment.
//! let fakes = |name: &str| (name == "CRM_URL").then(|| "http://127.0.0.1:18081".to_owned());
//! let config = load_config_with(std::path::Path::new("harness.toml"), &fakes)?;
//! let harness = spawn(config, "127.0.0.1:0".parse().expect("address")).await?;
//! // ... send requests to harness.url() ...
//! harness.stop().await?;
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
mod running;
mod server;
pub mod template;

pub use call::CORRELATION_HEADER;
pub use env::{EnvLookup, process_env};
pub use load::{load_config, load_config_with, parse_config};
pub use plan::Config;
pub use running::{Running, spawn};
pub use server::{serve, serve_with_shutdown};
