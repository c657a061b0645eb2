//! Prometheus metrics served at `/metrics` (text exposition format):
//!
//! ```text
//! harness_requests_total{channel="get-user-details",status="200"} 3
//! harness_request_duration_seconds_bucket{channel="get-user-details",le="0.005"} 2
//! harness_backend_calls_total{connection="crm",outcome="200"} 3
//! harness_backend_call_duration_seconds_bucket{connection="crm",le="0.001"} 1
//! harness_retries_total{connection="crm"} 2
//! harness_breaker_state{connection="crm"} 0          # 0 closed, 1 open, 2 half-open
//! harness_cache_hits_total{call="profile"} 1
//! harness_cache_misses_total{call="profile"} 1
//! harness_rate_limited_total{scope="channel:limited"} 1
//! harness_rate_limit_waits_total{scope="global"} 4     # requests that waited for their turn
//! harness_config_reloads_total{result="error"} 1       # SIGHUP reloads: ok / error
//! ```
//!
//! Requests no channel serves count under `channel="(none)"`; the breaker
//! gauge is refreshed from the live breakers at every scrape.

use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type Labels = Vec<(&'static str, String)>;

fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

/// Every metric the harness records.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<Labels, Counter>,
    request_seconds: Family<Labels, Histogram>,
    backend_calls: Family<Labels, Counter>,
    backend_seconds: Family<Labels, Histogram>,
    retries: Family<Labels, Counter>,
    breaker_state: Family<Labels, Gauge>,
    cache_hits: Family<Labels, Counter>,
    cache_misses: Family<Labels, Counter>,
    rate_limited: Family<Labels, Counter>,
    rate_limit_waits: Family<Labels, Counter>,
    config_reloads: Family<Labels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with every metric registered.
    pub fn new() -> Self {
        let hist = || {
            Family::<Labels, Histogram>::new_with_constructor(
                latency_histogram as fn() -> Histogram,
            )
        };
        let m = Self {
            registry: Registry::default(),
            requests: Family::default(),
            request_seconds: hist(),
            backend_calls: Family::default(),
            backend_seconds: hist(),
            retries: Family::default(),
            breaker_state: Family::default(),
            cache_hits: Family::default(),
            cache_misses: Family::default(),
            rate_limited: Family::default(),
            rate_limit_waits: Family::default(),
            config_reloads: Family::default(),
        };
        let mut registry = Registry::default();
        registry.register(
            "harness_requests",
            "Channel requests by status",
            m.requests.clone(),
        );
        registry.register(
            "harness_request_duration_seconds",
            "Channel request latency",
            m.request_seconds.clone(),
        );
        registry.register(
            "harness_backend_calls",
            "Backend call attempts by outcome",
            m.backend_calls.clone(),
        );
        registry.register(
            "harness_backend_call_duration_seconds",
            "Backend call attempt latency",
            m.backend_seconds.clone(),
        );
        registry.register("harness_retries", "Backend call retries", m.retries.clone());
        registry.register(
            "harness_breaker_state",
            "Circuit breaker state (0 closed, 1 open, 2 half-open)",
            m.breaker_state.clone(),
        );
        registry.register(
            "harness_cache_hits",
            "Call results served from cache",
            m.cache_hits.clone(),
        );
        registry.register(
            "harness_cache_misses",
            "Cacheable calls sent to the backend",
            m.cache_misses.clone(),
        );
        registry.register(
            "harness_rate_limited",
            "Requests refused by a rate limit",
            m.rate_limited.clone(),
        );
        registry.register(
            "harness_rate_limit_waits",
            "Requests that waited for their turn at a rate limit",
            m.rate_limit_waits.clone(),
        );
        registry.register(
            "harness_config_reloads",
            "Configuration reloads by result (ok, error)",
            m.config_reloads.clone(),
        );
        Self { registry, ..m }
    }

    /// One channel request answered with `status` after `elapsed`.
    pub fn request(&self, channel: &str, status: u16, elapsed: Duration) {
        self.requests
            .get_or_create(&vec![
                ("channel", channel.to_owned()),
                ("status", status.to_string()),
            ])
            .inc();
        self.request_seconds
            .get_or_create(&vec![("channel", channel.to_owned())])
            .observe(elapsed.as_secs_f64());
    }

    /// One backend attempt with `outcome` (a status code, `error`, `timeout`,
    /// `circuit_open` or `rate_limited`).
    pub fn backend_call(&self, connection: &str, outcome: &str, elapsed: Option<Duration>) {
        self.backend_calls
            .get_or_create(&vec![
                ("connection", connection.to_owned()),
                ("outcome", outcome.to_owned()),
            ])
            .inc();
        if let Some(elapsed) = elapsed {
            self.backend_seconds
                .get_or_create(&vec![("connection", connection.to_owned())])
                .observe(elapsed.as_secs_f64());
        }
    }

    /// One retry on `connection`.
    pub fn retry(&self, connection: &str) {
        self.retries
            .get_or_create(&vec![("connection", connection.to_owned())])
            .inc();
    }

    /// The breaker of `connection` is now in state `code`.
    pub fn breaker(&self, connection: &str, code: i64) {
        self.breaker_state
            .get_or_create(&vec![("connection", connection.to_owned())])
            .set(code);
    }

    /// A cache lookup for `call`.
    pub fn cache(&self, call: &str, hit: bool) {
        let family = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        family.get_or_create(&vec![("call", call.to_owned())]).inc();
    }

    /// A request refused by the rate limit of `scope` (`channel:NAME` or `connection:NAME`).
    pub fn rate_limited(&self, scope: &str) {
        self.rate_limited
            .get_or_create(&vec![("scope", scope.to_owned())])
            .inc();
    }

    /// A request that waited for its turn at the rate limit of `scope`
    /// (`channel:NAME`, `connection:NAME` or `global`).
    pub fn rate_limit_waited(&self, scope: &str) {
        self.rate_limit_waits
            .get_or_create(&vec![("scope", scope.to_owned())])
            .inc();
    }

    /// A configuration reload that succeeded (`ok`) or kept the old
    /// configuration (`error`).
    pub fn config_reload(&self, ok: bool) {
        let result = if ok { "ok" } else { "error" };
        self.config_reloads
            .get_or_create(&vec![("result", result.to_owned())])
            .inc();
    }

    /// The text exposition of every metric.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
