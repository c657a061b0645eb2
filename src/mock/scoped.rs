//! Per-scenario control of a running backend, scoped to one correlation id.
//!
//! The runner sends `X-Correlation-ID: <scenario id>` with every request and the
//! system under test passes it on to the backends. A [`Scoped`] handle changes what a
//! backend answers, and reads what it received, for that id only — scenarios running
//! in parallel against the same backend never see each other's overrides, scenario
//! states or requests.
//!
//! ```no_run
//! # async fn demo(crm: &apitest::mock::RunningBackend) {
//! use std::time::Duration;
//! use apitest::mock::{Fault, Reply, RequestFilter};
//! let s = crm.scoped("scenario-42");
//! s.respond("GET", "/api/customers/C-1001/profile", Reply::json(500, serde_json::json!({"error": "down"})));
//! s.respond_times("GET", "/tutorial/api/get-user", 2, Reply::status(503)); // then as stubbed
//! s.delay("GET", "/api/risk/*", Duration::from_millis(800));
//! s.fail("POST", "/fraud/notify", Fault::ConnectionReset);
//! // … run the step …
//! assert_eq!(s.count(&RequestFilter::route("GET", "/tutorial/api/get-user")), 3);
//! s.reset(); // at the end of the scenario
//! # }
//! ```
//!
//! Overrides apply newest first; an exhausted `_times` override falls back to the
//! next one, and finally to the stub file.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::mock::fault::Fault;
use crate::mock::journal::{Journal, JournalScope, RecordedRequest, RequestFilter};
use crate::mock::route::Route;
use crate::mock::state::ScenarioStates;
use crate::mock::view::RequestView;

/// A response that replaces the stubbed one.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: ReplyBody,
    pub(crate) fault: Option<Fault>,
    pub(crate) delay: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReplyBody {
    Empty,
    Json(Value),
    Text(String),
}

impl Reply {
    /// A response with `status` and no body.
    pub fn status(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: ReplyBody::Empty,
            fault: None,
            delay: None,
        }
    }

    /// A response with `status` and a JSON body.
    pub fn json(status: u16, body: Value) -> Self {
        Self {
            body: ReplyBody::Json(body),
            ..Self::status(status)
        }
    }

    /// A response with `status` and a text body.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Self {
            body: ReplyBody::Text(body.into()),
            ..Self::status(status)
        }
    }

    /// No response at all: the connection breaks as `fault` says.
    pub fn fault(fault: Fault) -> Self {
        Self {
            fault: Some(fault),
            ..Self::status(200)
        }
    }

    /// Adds a response header (invalid names or values are left out when sending).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sends the response after `delay`.
    pub fn with_delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Action {
    Reply(Reply),
    Delay(Duration),
}

#[derive(Debug, Clone)]
pub(crate) struct Override {
    route: Route,
    remaining: Option<usize>,
    action: Action,
}

/// What the wiremock side of a backend shares with its handles.
#[derive(Debug, Default)]
pub(crate) struct Controls {
    overrides: Mutex<HashMap<String, Vec<Override>>>,
    pub(crate) states: ScenarioStates,
}

/// The request facts an override is chosen by.
pub(crate) struct Target<'a> {
    pub id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
}

impl<'a> Target<'a> {
    /// The target of a request that carries a correlation id.
    pub(crate) fn of(request: &RequestView<'a>) -> Option<Self> {
        Some(Self {
            id: request.correlation_id()?,
            method: request.method,
            path: request.path,
            query: request.query,
        })
    }
}

impl Controls {
    fn add(&self, id: &str, item: Override) {
        if let Ok(mut map) = self.overrides.lock() {
            map.entry(id.to_owned()).or_default().push(item);
        }
    }

    /// Finds the newest live override of the kind `pick` accepts; with `take`, uses
    /// one of its times up.
    fn find<T>(
        &self,
        t: &Target<'_>,
        take: bool,
        pick: impl Fn(&Action) -> Option<T>,
    ) -> Option<T> {
        let mut map = self.overrides.lock().ok()?;
        let list = map.get_mut(t.id)?;
        let index = list.iter().rposition(|o| {
            o.remaining != Some(0)
                && pick(&o.action).is_some()
                && o.route.matches(t.method, t.path, t.query)
        })?;
        let found = list.get_mut(index)?;
        let value = pick(&found.action);
        if take {
            if let Some(n) = found.remaining.as_mut() {
                *n = n.saturating_sub(1);
            }
            if found.remaining == Some(0) {
                list.remove(index);
            }
        }
        value
    }

    /// Whether correlation id `id` has any override (reply or delay) in place.
    pub(crate) fn has_any(&self, id: &str) -> bool {
        self.overrides
            .lock()
            .is_ok_and(|map| map.get(id).is_some_and(|list| !list.is_empty()))
    }

    /// Whether a reply override is waiting for this request.
    pub(crate) fn has_reply(&self, t: &Target<'_>) -> bool {
        self.find(t, false, |a| matches!(a, Action::Reply(_)).then_some(()))
            .is_some()
    }

    /// The reply override for this request, using one of its times up.
    pub(crate) fn take_reply(&self, t: &Target<'_>) -> Option<Reply> {
        self.find(t, true, |a| match a {
            Action::Reply(r) => Some(r.clone()),
            Action::Delay(_) => None,
        })
    }

    /// The extra delay for this request, using one of its times up.
    pub(crate) fn take_delay(&self, t: &Target<'_>) -> Option<Duration> {
        self.find(t, true, |a| match a {
            Action::Delay(d) => Some(*d),
            Action::Reply(_) => None,
        })
    }

    pub(crate) fn forget(&self, id: &str) {
        if let Ok(mut map) = self.overrides.lock() {
            map.remove(id);
        }
        self.states.forget(id);
    }

    pub(crate) fn clear(&self) {
        if let Ok(mut map) = self.overrides.lock() {
            map.clear();
        }
        self.states.clear();
    }
}

/// A backend as one test scenario (one correlation id) sees it. Cheap to clone.
#[derive(Clone)]
pub struct Scoped {
    id: String,
    controls: Arc<Controls>,
    journal: Arc<Journal>,
}

impl Scoped {
    pub(crate) fn new(id: &str, controls: Arc<Controls>, journal: Arc<Journal>) -> Self {
        Self {
            id: id.to_owned(),
            controls,
            journal,
        }
    }

    /// The correlation id this handle is scoped to.
    pub fn correlation_id(&self) -> &str {
        &self.id
    }

    fn add(&self, method: &str, path: &str, times: Option<usize>, action: Action) {
        if times == Some(0) {
            return;
        }
        let item = Override {
            route: Route::new(method, path),
            remaining: times,
            action,
        };
        self.controls.add(&self.id, item);
    }

    /// Answers `METHOD PATH` with `reply` from now on (until [`Scoped::reset`]).
    pub fn respond(&self, method: &str, path: &str, reply: Reply) {
        self.add(method, path, None, Action::Reply(reply));
    }

    /// Answers the next `times` requests to `METHOD PATH` with `reply`, then as before.
    pub fn respond_times(&self, method: &str, path: &str, times: usize, reply: Reply) {
        self.add(method, path, Some(times), Action::Reply(reply));
    }

    /// Breaks every connection to `METHOD PATH` as `fault` says.
    pub fn fail(&self, method: &str, path: &str, fault: Fault) {
        self.respond(method, path, Reply::fault(fault));
    }

    /// Breaks the next `times` connections to `METHOD PATH`, then answers as before.
    pub fn fail_times(&self, method: &str, path: &str, times: usize, fault: Fault) {
        self.respond_times(method, path, times, Reply::fault(fault));
    }

    /// Delays every answer to `METHOD PATH` by `delay` (on top of any stubbed delay).
    pub fn delay(&self, method: &str, path: &str, delay: Duration) {
        self.add(method, path, None, Action::Delay(delay));
    }

    /// Delays the next `times` answers to `METHOD PATH` by `delay`.
    pub fn delay_times(&self, method: &str, path: &str, times: usize, delay: Duration) {
        self.add(method, path, Some(times), Action::Delay(delay));
    }

    /// The current state of stub scenario `scenario` for this correlation id.
    pub fn scenario_state(&self, scenario: &str) -> String {
        self.controls.states.get(Some(&self.id), scenario)
    }

    /// Moves stub scenario `scenario` to `state` for this correlation id.
    pub fn set_scenario_state(&self, scenario: &str, state: &str) {
        self.controls.states.set(Some(&self.id), scenario, state);
    }

    /// How many requests with this correlation id pass `filter`.
    pub fn count(&self, filter: &RequestFilter) -> usize {
        self.journal
            .count(JournalScope::Correlation(&self.id), filter)
    }

    /// The requests with this correlation id that pass `filter`, oldest first.
    pub fn requests(&self, filter: &RequestFilter) -> Vec<Arc<RecordedRequest>> {
        self.journal
            .requests(JournalScope::Correlation(&self.id), filter)
    }

    /// Drops this id's overrides, scenario states and recorded requests.
    pub fn reset(&self) {
        self.controls.forget(&self.id);
        self.journal.forget(&self.id);
    }
}
