//! The errors that end a command, each with its documented exit code.

use std::fmt;

use crate::diag::Diagnostic;

/// Exit codes, as documented in the README.
pub mod exit {
    /// Every scenario passed (or `check` found nothing wrong).
    pub const OK: u8 = 0;
    /// At least one assertion failed.
    pub const ASSERTION_FAILED: u8 = 1;
    /// The command line was wrong (unknown option, missing path, bad value).
    pub const USAGE: u8 = 2;
    /// Invalid input: a parse error, an undefined or ambiguous step, an unknown
    /// variable, a bad stub or config file.
    pub const INVALID_INPUT: u8 = 3;
    /// A runtime error: the target was unreachable, a request timed out, a
    /// service failed to start, apitest itself failed (a panic, reported as
    /// the scenario's error).
    pub const RUNTIME: u8 = 4;
    /// Nothing selected: the suite has scenarios, but the tag or name filter
    /// matched none of them (pytest's "no tests collected" is 5 too). An empty
    /// CI shard is not this: it exits 0.
    pub const NOTHING_SELECTED: u8 = 5;
    /// The run was interrupted (Ctrl-C); reports hold what ran.
    pub const INTERRUPTED: u8 = 130;
}

/// An error that stops a command before or outside a test run.
#[derive(Debug)]
pub enum Error {
    /// Bad input files: every problem found, each rendered with its place.
    Input(Vec<Diagnostic>),
    /// A command-line mistake.
    Usage(String),
    /// Something in the environment failed (I/O, a port, a service).
    Runtime(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) => exit::INVALID_INPUT,
            Error::Usage(_) => exit::USAGE,
            Error::Runtime(_) => exit::RUNTIME,
        }
    }
}

impl Error {
    /// The first line of the message, without `error: `.
    pub fn summary(&self) -> String {
        match self {
            Error::Input(diagnostics) => diagnostics
                .iter()
                .map(|d| d.title.clone())
                .collect::<Vec<_>>()
                .join("; "),
            Error::Usage(m) | Error::Runtime(m) => m.lines().next().unwrap_or_default().to_owned(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Usage(msg) => writeln!(f, "error: {msg}"),
            Error::Runtime(msg) => writeln!(f, "error: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// The message of a caught panic (`panic!("...")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}
