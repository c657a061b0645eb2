//! apitest: a behaviour-driven API test runner.
//!
//! Users write Gherkin `.feature` files in a fixed English vocabulary; this crate
//! loads them ([`gherkin`]), compiles every step against the registry
//! ([`steps`]), runs scenarios in parallel over HTTP ([`runner`], [`http`]),
//! checks responses ([`mod@assert`]) and reports the outcome ([`report`]) with
//! documented exit codes ([`error::exit`]).

pub mod assert;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod gherkin;
pub mod harness;
pub mod http;
pub mod mock;
pub mod report;
pub mod runner;
pub mod secrets;
pub mod services;
pub mod steps;
pub mod text;
pub mod xml;
pub mod xpath;
