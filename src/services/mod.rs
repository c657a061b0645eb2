//! Starting and stopping the system under test from `apitest.toml`.
//!
//! ```toml
//! [services.orchestrator]
//! command = ["{apitest}", "orchestrator", "--config", "harness.toml", "--listen", "127.0.0.1:{port}"]
//! env = { CRM_URL = "{backends.crm.url}" }
//! ready = "{url}/health"      # polled until it answers 2xx
//! start_timeout = "30s"
//! ```
//!
//! Placeholders: `{port}` (a free port picked for this service), `{url}`
//! (`http://127.0.0.1:{port}`, or the service's `url`), `{apitest}` (this
//! binary), `{backends.NAME.url}` and `{services.NAME.url}` (earlier services).
//! Each service's URL is also the `@{services.NAME.url}` variable. Output goes to
//! a log file; its tail is shown when the service fails to start or the run fails.

mod process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use process::RunningService;

use crate::error::Error;

/// A command: one string run by `sh -c`, or a program and its arguments.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CommandLine {
    /// `command = "./server --port {port}"`
    Shell(String),
    /// `command = ["./server", "--port", "{port}"]`
    Argv(Vec<String>),
}

/// `[services.NAME]` in `apitest.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceConfig {
    /// What to run.
    pub command: CommandLine,
    /// Extra environment variables (placeholders allowed).
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// A URL polled until it answers 2xx (placeholders allowed); without it the
    /// service counts as ready once it has started.
    pub ready: Option<String>,
    /// How long to wait for readiness, e.g. `"30s"` (default 30 s).
    pub start_timeout: Option<String>,
    /// The service's base URL (default `http://127.0.0.1:{port}`).
    pub url: Option<String>,
    /// The working directory, relative to the project root (default: the root).
    pub cwd: Option<PathBuf>,
}

/// Values that placeholders expand to.
#[derive(Debug, Clone, Default)]
pub struct Placeholders {
    values: BTreeMap<String, String>,
}

impl Placeholders {
    /// Adds `{key}` → `value`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.values.insert(key.into(), value.into());
    }

    /// Every known placeholder and its value.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.values.iter()
    }

    /// Expands every `{key}` in `text`; an unknown `{...}` is an error naming
    /// the known ones.
    pub fn expand(&self, text: &str, what: &str) -> Result<String, Error> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                return Ok(out);
            };
            let key = &after[..end];
            match self.values.get(key) {
                Some(value) => out.push_str(value),
                None => {
                    let known: Vec<&str> = self.values.keys().map(String::as_str).collect();
                    let hint = crate::diag::closest(key, known.iter().copied(), 1)
                        .first()
                        .map(|k| format!("; did you mean {{{k}}}?"))
                        .unwrap_or_default();
                    return Err(Error::Usage(format!(
                        "unknown placeholder {{{key}}} in {what} (known: {}){hint}",
                        known
                            .iter()
                            .map(|k| format!("{{{k}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Starts the services in name order, each after the previous is ready, and
/// records each one's URL as `services.NAME.url`.
pub async fn start_all(
    root: &Path,
    services: &BTreeMap<String, ServiceConfig>,
    placeholders: &mut Placeholders,
) -> Result<Vec<RunningService>, Error> {
    let mut running = Vec::new();
    for (name, config) in services {
        let timeout = match &config.start_timeout {
            Some(t) => humantime::parse_duration(t).map_err(|e| {
                Error::Usage(format!(
                    "services.{name}.start_timeout `{t}` is not a duration ({e})"
                ))
            })?,
            None => Duration::from_secs(30),
        };
        match process::start(root, name, config, placeholders, timeout).await {
            Ok(service) => {
                placeholders.insert(format!("services.{name}.url"), service.url.clone());
                running.push(service);
            }
            Err(e) => {
                for service in running {
                    service.stop().await;
                }
                return Err(e);
            }
        }
    }
    Ok(running)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_expand_and_unknown_ones_are_named() {
        let mut p = Placeholders::default();
        p.insert("backends.crm.url", "http://127.0.0.1:1");
        assert_eq!(
            p.expand("{backends.crm.url}/x", "env").unwrap(),
            "http://127.0.0.1:1/x"
        );
        let err = p
            .expand("{backends.crn.url}", "env CRM_URL")
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "error: unknown placeholder {backends.crn.url} in env CRM_URL (known: {backends.crm.url}); did you mean {backends.crm.url}?\n"
        );
    }
}
