//! The stub table: a backend's mappings in the order `wiremock` tries them, and the
//! front's decision for each request — answer it in-process, or pass it to `wiremock`.
//!
//! ```text
//! request ─► overrides or extra delays for its X-Correlation-ID? ── yes ─► wiremock
//!              │ no
//!              ▼
//!            the first mapping (in wiremock's order) whose conditions hold
//!              ├─ it has scenario state (required or new) ─────────────────► wiremock
//!              ├─ a stateless mapping ──► the front answers with it
//!              └─ none ─────────────────► the front answers the catch-all 404
//! ```
//!
//! Only requests whose answer depends on mutable state go to `wiremock`: per-scenario
//! overrides (used up as they answer) and stub scenarios (whose state moves as they
//! answer). There, `wiremock` matches and responds under one lock, so a match and its
//! state change are one step. Every other answer is a pure function of the request
//! and the stub file; the front computes it with the same conditions
//! ([`crate::mock::stub::RequestPattern::matches`]) in the same order, the one
//! `wiremock` is mounted with ([`Table::entries`]), and saves the second HTTP hop.
//! `wiremock` has no in-process entry point (its `MockServer` only answers over TCP),
//! so every request it answers costs one more HTTP server, client and connection;
//! it also keeps a copy of every request a mock matched, for its verification,
//! for as long as it runs.

use std::sync::Arc;

use crate::mock::scoped::Controls;
use crate::mock::stub::{Mapping, StubSet};
use crate::mock::view::RequestView;

/// Who answers a request. By default the front answers every request whose answer
/// depends only on the request and the stub file, and passes to `wiremock` those
/// that use per-scenario overrides or scenario state, where `wiremock`'s lock makes
/// the match and the state change one step. `wiremock` has no in-process entry
/// point: each request it answers crosses a second HTTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Routing {
    /// Stateless requests are answered by the front; the rest by `wiremock`.
    #[default]
    InProcess,
    /// Every request goes through `wiremock` (slower; shows the two agree).
    Wiremock,
}

/// The front's decision for one request.
#[derive(Debug)]
pub enum Decision<'t> {
    /// Answer with this (stateless) mapping.
    Stub(&'t Mapping),
    /// No mapping matches: the catch-all 404.
    NotFound,
    /// The answer depends on state: let `wiremock` decide.
    Wiremock,
}

/// A backend's mappings, in the order they are tried.
#[derive(Debug)]
pub struct Table {
    name: String,
    entries: Vec<Arc<Mapping>>,
}

impl Table {
    /// Orders `stubs` as WireMock does: the lowest priority number first; between
    /// equal priorities, the mapping defined later first.
    pub fn new(stubs: StubSet) -> Self {
        let mut entries: Vec<Arc<Mapping>> =
            stubs.mappings.into_iter().rev().map(Arc::new).collect();
        // Stable: equal priorities keep the reversed file order.
        entries.sort_by_key(|m| m.priority);
        Self {
            name: stubs.name,
            entries,
        }
    }

    /// The backend's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The mappings in the order they are tried.
    pub fn entries(&self) -> &[Arc<Mapping>] {
        &self.entries
    }

    /// Who answers `request`, given the overrides in `controls`.
    pub fn decide(&self, request: &RequestView<'_>, controls: &Controls) -> Decision<'_> {
        if request
            .correlation_id()
            .is_some_and(|id| controls.has_any(id))
        {
            return Decision::Wiremock;
        }
        match self.entries.iter().find(|m| m.request.matches(request)) {
            Some(m) if m.is_stateful() => Decision::Wiremock,
            Some(m) => Decision::Stub(m),
            None => Decision::NotFound,
        }
    }
}

impl Mapping {
    /// Whether serving it depends on or changes scenario state.
    pub fn is_stateful(&self) -> bool {
        self.scenario
            .as_ref()
            .is_some_and(|s| s.required_state.is_some() || s.new_state.is_some())
    }
}
