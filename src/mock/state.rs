//! Scenario state (WireMock's `scenarioName` / `requiredScenarioState` /
//! `newScenarioState`), kept per correlation id so that parallel test scenarios walk
//! their own sequences. Requests without a correlation id share one global state.

use std::collections::HashMap;
use std::sync::Mutex;

/// The state every scenario starts in.
pub const STARTED: &str = "Started";

type Key = (Option<String>, String);

/// Scenario states by (correlation id, scenario name).
#[derive(Debug, Default)]
pub struct ScenarioStates {
    inner: Mutex<HashMap<Key, String>>,
}

impl ScenarioStates {
    /// The state of `scenario` for correlation id `scope` (`Started` until moved).
    pub fn get(&self, scope: Option<&str>, scenario: &str) -> String {
        let key = (scope.map(str::to_owned), scenario.to_owned());
        self.inner
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
            .unwrap_or_else(|| STARTED.to_owned())
    }

    /// Moves `scenario` to `state` for correlation id `scope`.
    pub fn set(&self, scope: Option<&str>, scenario: &str, state: &str) {
        if let Ok(mut m) = self.inner.lock() {
            m.insert(
                (scope.map(str::to_owned), scenario.to_owned()),
                state.to_owned(),
            );
        }
    }

    /// Forgets every state of correlation id `scope`.
    pub fn forget(&self, scope: &str) {
        if let Ok(mut m) = self.inner.lock() {
            m.retain(|(s, _), _| s.as_deref() != Some(scope));
        }
    }

    /// Forgets every state.
    pub fn clear(&self) {
        if let Ok(mut m) = self.inner.lock() {
            m.clear();
        }
    }
}
