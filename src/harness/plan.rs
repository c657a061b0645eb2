//! The checked configuration: [`Config`] and the plans of its connections,
//! channels, inputs and calls. Only `check.rs` builds them, after verifying
//! every cross-reference, URL, path, pattern, header and JSON pointer, so
//! serving a `Config` cannot fail on configuration:
//!
//! ```text
//! [connections.crm] base_url = "..."      → ConnectionPlan { base_url: Url, retry, breaker, rate_limit, .. }
//! [[channels]] path = "/user/{id}"        → ChannelPlan { route, methods, inputs, calls, response, .. }
//! [[channels.calls]] path = "/u/{/input/id}" → CallPlan { path: Text, query, json, retry, timeout, .. }
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, HeaderValue, Method, StatusCode};
use regex::Regex;
use serde_json::Value;
use url::Url;

use super::condition::Condition;
use super::config::{ChannelAuth, InputType, Mode, OutgoingAuth, Scope};
use super::mapping::Mapping;
use super::ratelimit::LimitPlan;
use super::retry::RetryPolicy;
use super::route::Route;
use super::template::{Template, Text};

/// A checked harness configuration, ready to [`super::serve`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) listen: Option<SocketAddr>,
    pub(crate) vars: Value,
    pub(crate) connections: BTreeMap<String, Arc<ConnectionPlan>>,
    pub(crate) channels: Vec<Arc<ChannelPlan>>,
}

impl Config {
    /// `[server] listen`, when set.
    pub fn listen(&self) -> Option<SocketAddr> {
        self.listen
    }

    /// The channels as `(name, path)`, in file order.
    pub fn channels(&self) -> Vec<(String, String)> {
        self.channels
            .iter()
            .map(|c| (c.name.clone(), c.path.clone()))
            .collect()
    }

    /// The outgoing connections as `(name, base URL)` after `${VAR}` expansion.
    pub fn connections(&self) -> Vec<(String, String)> {
        self.connections
            .values()
            .map(|c| (c.name.clone(), c.base_url.to_string()))
            .collect()
    }
}

/// A checked outgoing connection.
#[derive(Debug)]
pub(crate) struct ConnectionPlan {
    pub name: String,
    pub base_url: Url,
    pub timeout: Duration,
    pub auth: Option<OutgoingAuth>,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub retry: RetryPolicy,
    pub breaker: Option<(u32, Duration)>,
    pub rate_limit: Option<LimitPlan>,
}

/// A checked channel.
#[derive(Debug)]
pub(crate) struct ChannelPlan {
    pub name: String,
    pub path: String,
    pub route: Route,
    pub methods: Vec<Method>,
    pub auth: Option<ChannelAuth>,
    pub inputs: Vec<InputPlan>,
    pub mode: Mode,
    pub max_concurrent: usize,
    pub total_timeout: Option<Duration>,
    pub fail_fast: bool,
    pub rate_limit: Option<LimitPlan>,
    pub status: StatusCode,
    pub calls: Vec<Arc<CallPlan>>,
    pub response: Option<Mapping>,
}

/// A checked input field.
#[derive(Debug)]
pub(crate) struct InputPlan {
    pub name: String,
    pub required: bool,
    pub default: Option<Value>,
    pub kind: Option<InputType>,
    pub pattern: Option<Regex>,
}

/// A checked backend call.
#[derive(Debug)]
pub(crate) struct CallPlan {
    pub name: String,
    pub connection: String,
    pub method: Method,
    pub path: Text,
    pub query: Vec<(String, Template)>,
    pub headers: Vec<(HeaderName, Template)>,
    pub json: Option<Template>,
    pub form: Option<Vec<(String, Template)>>,
    pub optional: bool,
    pub condition: Option<Condition>,
    pub fire_and_forget: bool,
    pub retry: RetryPolicy,
    pub timeout: Duration,
    pub cache_ttl: Option<Duration>,
    pub cache_per: Scope,
}

/// The longest wait any setting may ask for: a year. Longer values are cut to
/// it, which keeps clocks, caches and rate limiters away from overflow.
const LONGEST_MS: u64 = 365 * 24 * 60 * 60 * 1000;

/// `ms` milliseconds, at most a year.
pub(crate) fn bounded(ms: u64) -> Duration {
    Duration::from_millis(ms.min(LONGEST_MS))
}
