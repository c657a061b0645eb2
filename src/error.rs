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
    /// service failed to start.
    pub const RUNTIME: u8 = 4;
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

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }
}
