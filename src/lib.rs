//! apitest: a behaviour-driven API test runner.
//!
//! Users write Gherkin `.feature` files in a fixed English vocabulary; this crate
//! loads them, compiles every step to a typed step, runs scenarios in parallel over
//! HTTP and reports the outcome (terminal, JUnit) with documented exit codes.

pub mod diag;
pub mod error;
pub mod harness;
pub mod mock;
