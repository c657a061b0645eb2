//! The live state a configuration turns into — channels with their calls,
//! backends with their breakers, limiters and caches — and its replacement
//! when the configuration is reloaded:
//!
//! ```text
//! SIGHUP → load harness.toml ─ ok ──→ a new App (fresh limits, caches, breakers)
//!                             └ error → the old App stays; logged, and
//!                                       harness_config_reloads_total{result="error"}
//! ```
//!
//! Requests in flight finish on the `App` they started with; the metrics
//! registry lives across reloads.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use serde_json::Value;

use super::cache::CallCache;
use super::call::{Backend, CallRuntime, Shared};
use super::metrics::Metrics;
use super::plan::{ChannelPlan, Config};
use super::ratelimit::Limiter;
use super::transport::Transport;
use crate::error::Error;

/// One configuration, live.
#[derive(Debug)]
pub(crate) struct App {
    pub vars: Value,
    pub test_mode: bool,
    pub channels: Vec<ChannelRuntime>,
    pub backends: BTreeMap<String, Arc<Backend>>,
    pub shared: Shared,
    pub listen: Option<std::net::SocketAddr>,
}

/// A channel with its calls and rate limiter.
#[derive(Debug)]
pub(crate) struct ChannelRuntime {
    pub plan: Arc<ChannelPlan>,
    pub calls: Vec<Arc<CallRuntime>>,
    pub limiter: Option<Limiter>,
}

impl App {
    fn new(config: Config, metrics: &Arc<Metrics>, client: &reqwest::Client) -> Result<App, Error> {
        let backends: BTreeMap<String, Arc<Backend>> = config
            .connections
            .iter()
            .map(|(name, plan)| {
                let transport = Transport::Http(client.clone());
                (
                    name.clone(),
                    Arc::new(Backend::new(Arc::clone(plan), transport)),
                )
            })
            .collect();
        for backend in backends.values() {
            if let Some(breaker) = &backend.breaker {
                metrics.breaker(&backend.plan.name, breaker.state().code());
            }
        }
        let mut channels = Vec::new();
        for plan in &config.channels {
            let mut calls = Vec::new();
            for call in &plan.calls {
                let backend = backends.get(&call.connection).ok_or_else(|| {
                    Error::Runtime(format!(
                        "call `{}` names unknown connection `{}`",
                        call.name, call.connection
                    ))
                })?;
                calls.push(Arc::new(CallRuntime {
                    plan: Arc::clone(call),
                    backend: Arc::clone(backend),
                    cache: call.cache_ttl.map(CallCache::new),
                }));
            }
            channels.push(ChannelRuntime {
                plan: Arc::clone(plan),
                calls,
                limiter: plan.rate_limit.map(Limiter::new),
            });
        }
        if config.test_mode {
            tracing::warn!(
                "test mode: rate limits and caches are also kept per X-Correlation-ID; never use it in production"
            );
        }
        Ok(App {
            vars: config.vars,
            test_mode: config.test_mode,
            channels,
            backends,
            shared: Shared {
                metrics: Arc::clone(metrics),
                global_limit: config.global_rate_limit.map(|p| Arc::new(Limiter::new(p))),
            },
            listen: config.listen,
        })
    }
}

/// The current [`App`], swapped whole on reload.
#[derive(Debug)]
pub(crate) struct Live {
    current: RwLock<Arc<App>>,
    metrics: Arc<Metrics>,
    client: reqwest::Client,
}

impl Live {
    /// The live state of `config`.
    pub fn new(config: Config) -> Result<Live, Error> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| Error::Runtime(format!("cannot create the HTTP client: {e}")))?;
        let metrics = Arc::new(Metrics::new());
        let app = App::new(config, &metrics, &client)?;
        Ok(Live {
            current: RwLock::new(Arc::new(app)),
            metrics,
            client,
        })
    }

    /// The configuration requests start on now.
    pub fn app(&self) -> Arc<App> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// The metrics, shared by every configuration.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Puts a newly loaded configuration in place, or keeps the current one
    /// when it failed to load; either way logged and counted.
    pub fn reload(&self, loaded: Result<Config, Error>) {
        let app = loaded.and_then(|config| App::new(config, &self.metrics, &self.client));
        match app {
            Ok(app) => {
                let before = self.app().listen;
                if app.listen != before {
                    tracing::warn!(
                        "`[server] listen` changed: it takes effect only after a restart"
                    );
                }
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(app);
                self.metrics.config_reload(true);
                tracing::info!("configuration reloaded");
            }
            Err(e) => {
                self.metrics.config_reload(false);
                tracing::error!(
                    "configuration reload failed; the previous configuration stays in place:\n{e}"
                );
            }
        }
    }
}
