//! Running scenarios: the scheduler, the per-scenario state and variables.
//!
//! The runner never prints. It turns a loaded [`Suite`](crate::gherkin::Suite)
//! into a stream of [`Event`](crate::report::Event)s that reporters consume.

pub mod execute;
pub mod scenario;
pub mod schedule;
pub mod vars;

use std::borrow::Cow;
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
    /// A variable is not defined: bad input (exit 3), unless an earlier scenario
    /// that would have stored it failed (the scenario is then skipped).
    UnknownVariable(vars::UnknownVariable),
}

impl StepError {
    /// The message without its class.
    pub fn message(&self) -> Cow<'_, str> {
        match self {
            StepError::Failed(m) | StepError::Input(m) | StepError::Runtime(m) => Cow::Borrowed(m),
            StepError::UnknownVariable(e) => Cow::Owned(e.to_string()),
        }
    }
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl From<vars::UnknownVariable> for StepError {
    fn from(e: vars::UnknownVariable) -> Self {
        StepError::UnknownVariable(e)
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
