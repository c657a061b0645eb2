//! The checked configuration: [`Config`] and the plans of its connections,
//! channels, inputs and calls. Only the checks in `check.rs` build them, after
//! verifying every cross-reference, URL, path, pattern, header, JSON pointer
//! and the order calls read each other's results in, so serving a `Config`
//! cannot fail on configuration:
//!
//! ```text
//! [connections.crm] base_url = "..."      → ConnectionPlan { base_url: Url, retry, breaker, rate_limit, .. }
//! [[channels]] path = "/user/{id}"        → ChannelPlan { route, methods, inputs, calls, response, .. }
//! [[channels.calls]] path = "/u/{id}"     → CallPlan { path: CallPath, params, after, needs, .. }
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderName, HeaderValue, Method, StatusCode};
use regex::Regex;
use serde_json::Value;
use url::Url;

use super::channel_config::{ChannelAuth, DataFormat, InputType, Mode};
use super::condition::Condition;
use super::config::{OutgoingAuth, Scope};
use super::mapping::Mapping;
use super::ratelimit::LimitPlan;
use super::request::CallPath;
use super::retry::RetryPolicy;
use super::route::Route;
use super::template::Template;

/// A checked harness configuration, ready to [`super::serve`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) listen: Option<SocketAddr>,
    pub(crate) test_mode: bool,
    pub(crate) global_rate_limit: Option<LimitPlan>,
    pub(crate) vars: Value,
    pub(crate) connections: BTreeMap<String, Arc<ConnectionPlan>>,
    pub(crate) channels: Vec<Arc<ChannelPlan>>,
}

impl Config {
    /// `[server] listen`, when set.
    pub fn listen(&self) -> Option<SocketAddr> {
        self.listen
    }

    /// `[server] test_mode`: limits and caches are also kept per correlation id.
    pub fn test_mode(&self) -> bool {
        self.test_mode
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
    pub retry_non_idempotent: bool,
    pub breaker: Option<(u32, Duration)>,
    pub rate_limit: Option<LimitPlan>,
}

/// The methods a channel accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MethodSet {
    /// Every method.
    Any,
    /// These (a GET channel also answers HEAD, without a body).
    List(Vec<Method>),
}

impl MethodSet {
    /// Whether the channel accepts `method` exactly as sent.
    pub fn accepts(&self, method: &Method) -> bool {
        match self {
            MethodSet::Any => true,
            MethodSet::List(list) => list.contains(method),
        }
    }

    /// The method the channel runs a request with `method` as: itself, or
    /// GET for a HEAD on a GET channel; `None` when it is not accepted.
    pub fn runs_as(&self, method: &Method) -> Option<Method> {
        if self.accepts(method) {
            Some(method.clone())
        } else if *method == Method::HEAD && self.accepts(&Method::GET) {
            Some(Method::GET)
        } else {
            None
        }
    }

    /// The methods for an `Allow` header.
    pub fn allowed(&self) -> Vec<String> {
        match self {
            MethodSet::Any => vec!["*".to_owned()],
            MethodSet::List(list) => {
                let mut names: Vec<String> = list.iter().map(ToString::to_string).collect();
                if list.contains(&Method::GET) && !list.contains(&Method::HEAD) {
                    names.push("HEAD".to_owned());
                }
                names
            }
        }
    }

    /// Whether two sets share a method (including a HEAD answered as GET).
    pub fn overlaps(&self, other: &MethodSet) -> bool {
        match (self, other) {
            (MethodSet::Any, _) | (_, MethodSet::Any) => true,
            (MethodSet::List(a), MethodSet::List(b)) => a.iter().any(|m| b.contains(m)),
        }
    }
}

/// A checked channel.
#[derive(Debug)]
pub(crate) struct ChannelPlan {
    pub name: String,
    pub path: String,
    pub route: Route,
    pub methods: MethodSet,
    pub data_format: DataFormat,
    pub auth: Option<ChannelAuth>,
    pub inputs: Vec<InputPlan>,
    /// Input fields some backend path segment is made of.
    pub segment_inputs: Vec<String>,
    pub mode: Mode,
    pub max_concurrent: usize,
    pub total_timeout: Option<Duration>,
    pub fail_fast: bool,
    pub error_threshold: Option<f64>,
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

/// How a failed backend answer's status becomes the caller's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StatusMap {
    /// Backend status → caller status.
    pub exact: Vec<(u16, StatusCode)>,
    /// For every other failing status.
    pub other: Option<StatusCode>,
}

impl StatusMap {
    /// The caller's status for a backend's failing `status`, when mapped.
    pub fn get(&self, status: u16) -> Option<StatusCode> {
        self.exact
            .iter()
            .find(|(from, _)| *from == status)
            .map(|(_, to)| *to)
            .or(self.other)
    }
}

/// A checked backend call.
#[derive(Debug)]
pub(crate) struct CallPlan {
    pub name: String,
    pub connection: String,
    /// `None`: the caller's method.
    pub method: Option<Method>,
    pub path: CallPath,
    /// `params` entries the path does not name: more query parameters.
    pub params_query: Vec<(String, Template)>,
    /// `params` entries the path names.
    pub params_path: Vec<(String, Template)>,
    pub query: Vec<(String, Template)>,
    pub headers: Vec<(HeaderName, Template)>,
    pub json: Option<Template>,
    pub form: Option<Vec<(String, Template)>>,
    /// A failure leaves the fallback (or `null`) and the flow goes on.
    pub optional: bool,
    pub fallback: Option<Template>,
    pub conditions: Vec<Condition>,
    pub branch: Option<String>,
    /// Calls (by index) that must have finished before this one starts.
    pub after: Vec<usize>,
    /// Calls (by index) that must have succeeded (or been skipped) for this
    /// one to run: its `depends_on`.
    pub needs: Vec<usize>,
    pub for_each: Option<String>,
    pub fire_and_forget: bool,
    pub retry: RetryPolicy,
    pub retry_non_idempotent: bool,
    pub timeout: Duration,
    pub cache_ttl: Option<Duration>,
    pub cache_per: Scope,
    pub status_map: StatusMap,
}

impl CallPlan {
    /// The input fields a segment of this call's path is made of.
    pub fn segment_inputs(&self) -> Vec<String> {
        let params = self
            .params_path
            .iter()
            .flat_map(|(_, t)| t.pointers())
            .collect::<Vec<_>>();
        self.path
            .pointers()
            .chain(params)
            .filter_map(|p| p.strip_prefix("/input/"))
            .map(|rest| rest.split('/').next().unwrap_or_default().to_owned())
            .collect()
    }
}

/// The longest wait any setting may ask for: a year. Longer values are cut to
/// it, which keeps clocks, caches and rate limiters away from overflow.
const LONGEST_MS: u64 = 365 * 24 * 60 * 60 * 1000;

/// `ms` milliseconds, at most a year.
pub(crate) fn bounded(ms: u64) -> Duration {
    Duration::from_millis(ms.min(LONGEST_MS))
}
