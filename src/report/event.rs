//! The events a run emits, and the outcome of each step and scenario.

use std::time::Duration;

use crate::error::exit;

/// What the runner tells reporters, in this order: one `Started`, a
/// `ScenarioFinished` per scenario (in completion order), one `Finished`.
#[derive(Debug)]
pub enum Event {
    /// The run begins.
    Started {
        /// Features in the suite.
        features: usize,
        /// Scenarios that will run.
        scenarios: usize,
    },
    /// A scenario finished (or was not run, on an invalid step).
    ScenarioFinished(ScenarioResult),
    /// The run ended.
    Finished {
        /// Wall time of the whole run.
        wall: Duration,
        /// Whether Ctrl-C stopped it early.
        interrupted: bool,
        /// Whether `--fail-fast` stopped starting scenarios after a failure.
        stopped: bool,
        /// Whether the run had nothing to do because its filters selected no
        /// scenario (exit 5).
        nothing_selected: bool,
    },
}

/// The outcome of one scenario.
#[derive(Debug, Clone)]
pub struct ScenarioResult {
    /// Index of its feature in the suite.
    pub feature: usize,
    /// Index of the scenario within the feature.
    pub scenario: usize,
    /// Position in load order over the whole suite.
    pub seq: usize,
    /// One outcome per step, in order.
    pub steps: Vec<Outcome>,
    /// Lines recorded by steps (`context is logged`, `-v` exchanges), each with
    /// the index of the step that recorded it.
    pub notes: Vec<(usize, String)>,
    /// How long it took.
    pub duration: Duration,
    /// Why the scenario was skipped rather than finished: a scenario it depends
    /// on (for a stored variable) did not pass. The steps from the one that
    /// needed the variable on are `Skipped`.
    pub skipped: Option<String>,
    /// An error of the scenario as a whole rather than of one step: apitest
    /// failed while running it, or the backends and services it needs did not
    /// start. It outranks everything else.
    pub error: Option<(ErrorKind, String)>,
}

impl ScenarioResult {
    /// A result for a scenario that did not run its steps because of `message`.
    pub fn aborted(
        (feature, scenario, seq): (usize, usize, usize),
        steps: usize,
        kind: ErrorKind,
        message: String,
    ) -> Self {
        Self {
            feature,
            scenario,
            seq,
            steps: vec![Outcome::Skipped; steps],
            notes: Vec::new(),
            duration: Duration::ZERO,
            skipped: None,
            error: Some((kind, message)),
        }
    }

    /// The scenario's status: its own error, else skipped, else the first step
    /// that did not pass decides.
    pub fn status(&self) -> Status {
        if let Some((kind, _)) = &self.error {
            return Status::Error(*kind);
        }
        if self.skipped.is_some() {
            return Status::Skipped;
        }
        for outcome in &self.steps {
            match outcome {
                Outcome::Passed | Outcome::Skipped => {}
                Outcome::Failed(_) => return Status::Failed,
                Outcome::Error(kind, _) => return Status::Error(*kind),
            }
        }
        Status::Passed
    }

    /// The first step that did not pass, with its index.
    pub fn first_problem(&self) -> Option<(usize, &Outcome)> {
        self.steps
            .iter()
            .enumerate()
            .find(|(_, o)| matches!(o, Outcome::Failed(_) | Outcome::Error(..)))
    }
}

/// The kind of an error (not an assertion failure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorKind {
    /// Bad input: undefined step, unknown variable, bad argument (exit 3).
    Input,
    /// The environment failed: unreachable target, timeout (exit 4).
    Runtime,
}

/// What happened to one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It passed.
    Passed,
    /// An assertion failed; the message says expected and actual.
    Failed(String),
    /// It could not run properly.
    Error(ErrorKind, String),
    /// It did not run (an earlier step did not pass).
    Skipped,
}

/// A scenario's overall status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every step passed.
    Passed,
    /// An assertion failed.
    Failed,
    /// An error stopped it.
    Error(ErrorKind),
    /// It was not run because a scenario it depends on failed (that failure
    /// sets the exit code).
    Skipped,
}

impl Status {
    /// The exit code this status alone would give.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Passed | Status::Skipped => exit::OK,
            Status::Failed => exit::ASSERTION_FAILED,
            Status::Error(ErrorKind::Input) => exit::INVALID_INPUT,
            Status::Error(ErrorKind::Runtime) => exit::RUNTIME,
        }
    }
}
