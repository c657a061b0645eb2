//! The orchestration harness: an API orchestration service, the system under test.
//!
//! Channels (HTTP endpoints) run flows of calls to named outgoing connections —
//! sequentially, in parallel, as fan-out, as a pipeline, conditionally or as a
//! dependency graph with fan-out over lists — with retries, timeouts, circuit
//! breakers, rate limits, caching, fallbacks and correlation ids, all described
//! in one TOML file (see [`config`] and [`channel_config`] for the format and
//! `harness.toml` at the repository root for the shipped configuration). The
//! file is checked whole at load time (every reference, and the order calls
//! read each other's results in) and reloaded on `SIGHUP` ([`reload`]).
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

mod app;
pub mod auth;
pub mod breaker;
pub mod cache;
mod call;
pub mod channel_config;
mod check;
mod check_calls;
pub mod condition;
pub mod config;
pub mod env;
mod failure;
mod flow;
mod health;
pub mod input;
mod load;
pub mod mapping;
pub mod metrics;
mod order;
mod plan;
pub mod ratelimit;
pub mod reload;
mod reply;
mod request;
pub mod retry;
pub mod route;
mod running;
mod server;
pub mod template;
mod transport;

pub use call::CORRELATION_HEADER;
pub use env::{EnvLookup, process_env};
pub use load::{load_config, load_config_with, parse_config};
pub use plan::Config;
pub use running::{Running, spawn};
pub use server::{
    ZATO_CID_HEADER, serve, serve_with_reloads, serve_with_shutdown, shutdown_signal,
};
