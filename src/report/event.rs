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
}

impl ScenarioResult {
    /// The scenario's status: the first step that did not pass decides.
    pub fn status(&self) -> Status {
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
}

impl Status {
    /// The exit code this status alone would give.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Passed => exit::OK,
            Status::Failed => exit::ASSERTION_FAILED,
            Status::Error(ErrorKind::Input) => exit::INVALID_INPUT,
            Status::Error(ErrorKind::Runtime) => exit::RUNTIME,
        }
    }
}
