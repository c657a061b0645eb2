//! The request journal: every request a backend received, kept per correlation id so
//! a scenario counts only its own requests.
//!
//! The front records a request the moment it arrives (before any delay), so a step
//! that checks "the backend was called" right after a timed-out call still sees it.
//! Requests carrying no correlation id are kept apart (the last
//! [`UNCORRELATED_KEPT`]; their number is always exact): when they appear, the
//! system under test is not propagating [`crate::mock::CORRELATION_HEADER`].

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use bytes::Bytes;
use serde_json::Value;

use crate::mock::fault::Fault;
use crate::mock::route::Route;

/// How many requests without a correlation id the journal keeps for queries.
pub const UNCORRELATED_KEPT: usize = 10_000;

/// One received request.
#[derive(Debug)]
pub struct RecordedRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The raw query, without `?`.
    pub query: Option<String>,
    /// Headers as `(lower-case name, value)`, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Bytes,
    /// The `X-Correlation-ID` value, if any.
    pub correlation_id: Option<String>,
    /// When the front received it.
    pub received_at: SystemTime,
    outcome: OnceLock<Outcome>,
}

/// How a recorded request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The status sent, unless a fault broke the connection.
    pub status: Option<u16>,
    /// The mapping that answered: its name, `override` or `no stub matched`.
    pub served_by: String,
    /// The fault made instead of a response, if any.
    pub fault: Option<Fault>,
}

impl RecordedRequest {
    /// A request as the front saw it.
    pub fn new(
        method: String,
        path: String,
        query: Option<String>,
        headers: Vec<(String, String)>,
        body: Bytes,
        correlation_id: Option<String>,
    ) -> Self {
        Self {
            method,
            path,
            query,
            headers,
            body,
            correlation_id,
            received_at: SystemTime::now(),
            outcome: OnceLock::new(),
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, when it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// How it was answered; `None` while the answer is pending (e.g. delayed).
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.get()
    }

    pub(crate) fn set_outcome(&self, outcome: Outcome) {
        let _ = self.outcome.set(outcome);
    }
}

/// Which requests a query looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalScope<'a> {
    /// Requests carrying this correlation id.
    Correlation(&'a str),
    /// Requests carrying no correlation id.
    Uncorrelated,
    /// Every request still kept (use when the system under test does not propagate
    /// the correlation id; such scenarios must then run one at a time).
    All,
}

/// Conditions on recorded requests; all must hold. The default matches every request.
///
/// ```
/// use apitest::mock::RequestFilter;
/// let f = RequestFilter::route("POST", "/balance/get")
///     .json_at("/ACC_NUM", serde_json::json!("123456"))
///     .header("Content-Type", Some("application/json"));
/// # let _ = f;
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    route: Option<Route>,
    json: Vec<(String, Value)>,
    headers: Vec<(String, Option<String>)>,
}

impl RequestFilter {
    /// Every request.
    pub fn any() -> Self {
        Self::default()
    }

    /// Requests to `METHOD PATH` (see [`Route`] for `ANY`, `*` and queries).
    pub fn route(method: &str, path: &str) -> Self {
        Self::any().and_route(method, path)
    }

    /// Also on `METHOD PATH`.
    pub fn and_route(mut self, method: &str, path: &str) -> Self {
        self.route = Some(Route::new(method, path));
        self
    }

    /// Also with a JSON body whose value at JSON pointer `pointer` (e.g. `/ACC_NUM`)
    /// equals `value` (numbers compare by value: `1` equals `1.0`).
    pub fn json_at(mut self, pointer: &str, value: Value) -> Self {
        self.json.push((pointer.to_owned(), value));
        self
    }

    /// Also with header `name`, and when `value` is given, with that exact value.
    pub fn header(mut self, name: &str, value: Option<&str>) -> Self {
        self.headers
            .push((name.to_owned(), value.map(str::to_owned)));
        self
    }

    /// Whether `request` passes.
    pub fn matches(&self, request: &RecordedRequest) -> bool {
        if let Some(route) = &self.route
            && !route.matches(&request.method, &request.path, request.query.as_deref())
        {
            return false;
        }
        let headers_ok = self.headers.iter().all(|(name, want)| {
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .any(|(_, v)| want.as_ref().is_none_or(|w| w == v))
        });
        if !headers_ok {
            return false;
        }
        if self.json.is_empty() {
            return true;
        }
        let Some(body) = request.body_json() else {
            return false;
        };
        self.json.iter().all(|(pointer, want)| {
            body.pointer(pointer)
                .is_some_and(|got| crate::mock::matchers::json_equal(want, got, false, false))
        })
    }
}

#[derive(Default)]
struct Inner {
    by_id: HashMap<String, Vec<Arc<RecordedRequest>>>,
    uncorrelated: VecDeque<Arc<RecordedRequest>>,
    uncorrelated_total: u64,
    total: u64,
}

/// Every request one backend received.
#[derive(Default)]
pub struct Journal {
    inner: Mutex<Inner>,
}

impl Journal {
    /// Records `request`; the returned handle takes its outcome later.
    pub fn record(&self, request: RecordedRequest) -> Arc<RecordedRequest> {
        let request = Arc::new(request);
        if let Ok(mut inner) = self.inner.lock() {
            inner.total += 1;
            match &request.correlation_id {
                Some(id) => inner
                    .by_id
                    .entry(id.clone())
                    .or_default()
                    .push(request.clone()),
                None => {
                    inner.uncorrelated_total += 1;
                    if inner.uncorrelated.len() >= UNCORRELATED_KEPT {
                        inner.uncorrelated.pop_front();
                    }
                    inner.uncorrelated.push_back(request.clone());
                }
            }
        }
        request
    }

    /// The kept requests in `scope` that pass `filter`, oldest first.
    pub fn requests(
        &self,
        scope: JournalScope<'_>,
        filter: &RequestFilter,
    ) -> Vec<Arc<RecordedRequest>> {
        let Ok(inner) = self.inner.lock() else {
            return Vec::new();
        };
        let mut out: Vec<Arc<RecordedRequest>> = match scope {
            JournalScope::Correlation(id) => inner.by_id.get(id).cloned().unwrap_or_default(),
            JournalScope::Uncorrelated => inner.uncorrelated.iter().cloned().collect(),
            JournalScope::All => inner
                .by_id
                .values()
                .flatten()
                .chain(inner.uncorrelated.iter())
                .cloned()
                .collect(),
        };
        drop(inner);
        out.retain(|r| filter.matches(r));
        out.sort_by_key(|r| r.received_at);
        out
    }

    /// How many requests in `scope` pass `filter`.
    pub fn count(&self, scope: JournalScope<'_>, filter: &RequestFilter) -> usize {
        self.requests(scope, filter).len()
    }

    /// How many requests ever arrived without a correlation id (exact, even past
    /// [`UNCORRELATED_KEPT`]).
    pub fn uncorrelated_count(&self) -> u64 {
        self.inner.lock().map_or(0, |i| i.uncorrelated_total)
    }

    /// How many requests ever arrived.
    pub fn total_count(&self) -> u64 {
        self.inner.lock().map_or(0, |i| i.total)
    }

    /// Drops the requests of correlation id `id` (at the end of its scenario).
    pub fn forget(&self, id: &str) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.by_id.remove(id);
        }
    }

    /// Drops everything.
    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            *inner = Inner::default();
        }
    }
}
