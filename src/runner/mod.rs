//! Running scenarios: the scheduler, the per-scenario state and variables.
//!
//! The runner never prints. It turns a loaded [`Suite`](crate::gherkin::Suite)
//! into a stream of [`Event`](crate::report::Event)s that reporters consume.

pub mod execute;
pub mod scenario;
pub mod schedule;
pub mod vars;

use std::fmt;

pub use schedule::{RunOptions, run};

/// Why a step did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// An assertion did not hold: the test found a defect (exit 1, JUnit `<failure>`).
    Failed(String),
    /// The step's input is wrong: a bad argument, an unknown variable, a missing
    /// file (exit 3, JUnit `<error>`).
    Input(String),
    /// The environment failed: connection refused, a timeout (exit 4, JUnit `<error>`).
    Runtime(String),
}

impl StepError {
    /// The message without its class.
    pub fn message(&self) -> &str {
        match self {
            StepError::Failed(m) | StepError::Input(m) | StepError::Runtime(m) => m,
        }
    }
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl From<vars::UnknownVariable> for StepError {
    fn from(e: vars::UnknownVariable) -> Self {
        StepError::Input(e.to_string())
    }
}

/// Shorthand for an assertion failure.
pub fn fail<T>(message: impl Into<String>) -> Result<T, StepError> {
    Err(StepError::Failed(message.into()))
}

/// Shorthand for a bad-input error.
pub fn input_error<T>(message: impl Into<String>) -> Result<T, StepError> {
    Err(StepError::Input(message.into()))
}
