//! Reporters: they consume the runner's [`Event`]s and never touch HTTP.
//!
//! * [`terminal`]: pretty, progress or quiet output with a summary;
//! * [`junit`]: a JUnit XML file (one test suite per feature);
//! * [`html`]: a self-contained HTML page;
//! * [`cucumber`]: Cucumber JSON;
//! * [`Tally`]: the counts and the exit code.

pub mod cucumber;
mod event;
pub mod html;
pub mod junit;
pub mod merge;
pub mod terminal;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

pub use event::{ErrorKind, Event, Outcome, ScenarioResult, Status};

use crate::error::exit;
use crate::secrets::Secrets;

/// Something that consumes run events.
pub trait Reporter: Send {
    /// Called for every event, in order.
    fn on_event(&mut self, event: &Event);

    /// Called when no more results are waiting: a moment to flush output.
    fn idle(&mut self) {}
}

/// Passed / failed / error / skipped counts of one kind of thing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Passed.
    pub passed: usize,
    /// An assertion failed.
    pub failed: usize,
    /// An error (input or runtime).
    pub errors: usize,
    /// Not run.
    pub skipped: usize,
}

impl Counts {
    /// The total.
    pub fn total(&self) -> usize {
        self.passed + self.failed + self.errors + self.skipped
    }

    fn add(&mut self, status: Status) {
        match status {
            Status::Passed => self.passed += 1,
            Status::Failed => self.failed += 1,
            Status::Error(_) => self.errors += 1,
            Status::Skipped => self.skipped += 1,
        }
    }
}

/// The run's counts and exit code, shared with whoever needs them after the run.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    /// Features (a feature's status is its worst scenario's).
    pub features: Counts,
    /// Scenarios.
    pub scenarios: Counts,
    /// Steps.
    pub steps: Counts,
    /// The exit code: the highest of every scenario's (4 > 3 > 1 > 0).
    pub exit_code: u8,
    /// Scenarios that never ran because the run was interrupted or stopped early.
    pub not_run: usize,
}

/// A reporter that counts; clone the handle to read the totals after the run.
#[derive(Clone, Default)]
pub struct Tally {
    totals: Arc<Mutex<Totals>>,
    feature_status: Arc<Mutex<BTreeMap<usize, u8>>>,
    expected: Arc<Mutex<usize>>,
}

impl Tally {
    /// The totals so far.
    pub fn totals(&self) -> Totals {
        self.totals.lock().map(|t| t.clone()).unwrap_or_default()
    }
}

impl Reporter for Tally {
    fn on_event(&mut self, event: &Event) {
        let Ok(mut totals) = self.totals.lock() else {
            return;
        };
        match event {
            Event::Started { scenarios, .. } => {
                if let Ok(mut e) = self.expected.lock() {
                    *e = *scenarios;
                }
            }
            Event::ScenarioFinished(result) => {
                let status = result.status();
                totals.scenarios.add(status);
                for outcome in &result.steps {
                    match outcome {
                        Outcome::Passed => totals.steps.passed += 1,
                        Outcome::Failed(_) => totals.steps.failed += 1,
                        Outcome::Error(..) => totals.steps.errors += 1,
                        Outcome::Skipped => totals.steps.skipped += 1,
                    }
                }
                totals.exit_code = totals.exit_code.max(status.exit_code());
                if let Ok(mut features) = self.feature_status.lock() {
                    let worst = features.entry(result.feature).or_default();
                    *worst = (*worst).max(status.exit_code());
                }
            }
            Event::Finished {
                interrupted,
                nothing_selected,
                ..
            } => {
                let expected = self.expected.lock().map(|e| *e).unwrap_or_default();
                totals.not_run = expected.saturating_sub(totals.scenarios.total());
                if let Ok(features) = self.feature_status.lock() {
                    totals.features = Counts::default();
                    for &code in features.values() {
                        match code {
                            exit::OK => totals.features.passed += 1,
                            exit::ASSERTION_FAILED => totals.features.failed += 1,
                            _ => totals.features.errors += 1,
                        }
                    }
                }
                if *nothing_selected {
                    totals.exit_code = totals.exit_code.max(exit::NOTHING_SELECTED);
                }
                if *interrupted {
                    totals.exit_code = exit::INTERRUPTED;
                }
            }
        }
    }
}

/// Every scenario's result by feature and scenario index, for reporters that
/// write a file when the run ends; a scenario that never ran stays `None`.
pub struct Results(Vec<Vec<Option<ScenarioResult>>>);

impl Results {
    /// Empty slots for every scenario of the suite.
    pub fn new(suite: &crate::gherkin::Suite) -> Self {
        Self(
            suite
                .features
                .iter()
                .map(|f| vec![None; f.scenarios.len()])
                .collect(),
        )
    }

    /// Keeps a finished scenario's result.
    pub fn record(&mut self, result: &ScenarioResult) {
        if let Some(slot) = self
            .0
            .get_mut(result.feature)
            .and_then(|f| f.get_mut(result.scenario))
        {
            *slot = Some(result.clone());
        }
    }

    /// The result of scenario `scenario` of feature `feature`, if it ran.
    pub fn get(&self, feature: usize, scenario: usize) -> Option<&ScenarioResult> {
        self.0.get(feature)?.get(scenario)?.as_ref()
    }
}

/// Why a scenario has no result when the run ended.
pub fn not_run_reason(interrupted: bool, stopped: bool) -> &'static str {
    if interrupted {
        "not run: the run was interrupted"
    } else if stopped {
        "not run: --fail-fast stopped the run after a failure"
    } else {
        "not run"
    }
}

/// Writes a report file (creating its directory), with every secret masked,
/// or says on stderr why not.
pub fn write_report(path: &std::path::Path, what: &str, text: &str, secrets: &Secrets) {
    let written = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(path, secrets.mask(text).as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "error: cannot write the {what} report {}: {e}",
            path.display()
        );
    }
}
