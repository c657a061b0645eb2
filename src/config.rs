//! Project configuration: `apitest.toml` at the project root, and zato-apitest's
//! `features/config.ini`.
//!
//! ```toml
//! # apitest.toml
//! [run]
//! jobs = 8           # default: the number of cores × 4
//! timeout = "10s"    # per request; default 30s
//!
//! [vars]             # @name variables, like config.ini's [user]
//! base = "http://127.0.0.1:8080"
//!
//! [backends.crm]     # a fake backend from a stub file (see `mock`)
//! stubs = "mocks/crm.json"
//!
//! [services.api]     # a system under test to start first (see `services`)
//! command = ["./target/release/api", "--port", "{port}"]
//! ready = "{url}/health"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Location, closest};
use crate::error::Error;

/// `apitest.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// Defaults for `apitest run` options.
    #[serde(default)]
    pub run: RunDefaults,
    /// `@name` variables.
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
    /// Fake backends to serve before the run (see [`crate::mock`]).
    #[serde(default)]
    pub backends: BTreeMap<String, BackendConfig>,
    /// Systems under test to start before the run (see [`crate::services`]).
    #[serde(default)]
    pub services: BTreeMap<String, crate::services::ServiceConfig>,
}

/// `[backends.NAME]`: a fake backend served from a stub file or folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackendConfig {
    /// The stub file (`mocks/crm.json`) or folder (with `mappings/`), relative to
    /// the project root.
    pub stubs: PathBuf,
    /// A fixed port (default: a free one).
    pub port: Option<u16>,
}

/// `[run]`: defaults that command-line options override.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunDefaults {
    /// Scenarios at once.
    pub jobs: Option<usize>,
    /// Per-request timeout, e.g. `"10s"`.
    pub timeout: Option<String>,
    /// A JUnit report path.
    pub junit: Option<PathBuf>,
    /// An HTML report path.
    pub html: Option<PathBuf>,
    /// A tag expression.
    pub tags: Option<String>,
    /// Variables whose values no output shows (like `--secret NAME`).
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Headers whose values no output shows, besides Authorization,
    /// Proxy-Authorization, Cookie, Set-Cookie and X-API-Key.
    #[serde(default)]
    pub secret_headers: Vec<String>,
}

const TOP_KEYS: &[&str] = &["run", "vars", "backends", "services"];
const BACKEND_KEYS: &[&str] = &["stubs", "port"];
const SERVICE_KEYS: &[&str] = &["command", "env", "ready", "start_timeout", "url", "cwd"];
const RUN_KEYS: &[&str] = &[
    "jobs",
    "timeout",
    "junit",
    "html",
    "tags",
    "secrets",
    "secret_headers",
];

/// Reads `dir/apitest.toml` if it exists.
pub fn load_project(dir: &Path) -> Result<(ProjectConfig, Option<PathBuf>), Error> {
    let path = dir.join("apitest.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok((ProjectConfig::default(), None));
    };
    let shown = crate::diag::display_path(&path);
    match toml::from_str::<ProjectConfig>(&text) {
        Ok(config) => Ok((config, Some(path))),
        Err(e) => Err(toml_error(&shown, &text, &e).into()),
    }
}

/// A TOML error with its place, the offending line and, for an unknown key, the
/// nearest valid one.
pub fn toml_error(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let (line, col) = error
        .span()
        .map(|span| line_col(text, span.start))
        .unwrap_or((1, 1));
    let message = error.message().trim().to_owned();
    let mut d = Diagnostic::new(format!("invalid {}", path.display()))
        .at(Location::new(path, line, col), text);
    if let Some(span) = error.span() {
        d = d.underline(
            text.get(span.clone())
                .map_or(1, |s| s.lines().next().unwrap_or("").chars().count()),
        );
    }
    d = d.note(&message);
    if let Some(field) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        d = d.did_you_mean(&closest(
            field,
            TOP_KEYS
                .iter()
                .chain(RUN_KEYS)
                .chain(SERVICE_KEYS)
                .chain(BACKEND_KEYS)
                .copied(),
            1,
        ));
    }
    d
}

/// A path from `apitest.toml`, relative to the project root (kept short when
/// the root is the current directory, as messages show it).
pub fn resolve(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") || path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// What apitest reads from zato-apitest's `features/config.ini`.
#[derive(Debug, Default)]
pub struct ConfigIni {
    /// `[user]`: `@name` variables.
    pub user: BTreeMap<String, String>,
    /// `[behave] options`, the behave command line options, as written.
    pub behave_options: Option<String>,
}

/// The `[user]` section and `[behave] options` of `features/config.ini`, if the
/// file exists.
pub fn load_config_ini(features_dir: &Path) -> Result<ConfigIni, Error> {
    let path = features_dir.join("config.ini");
    if !path.is_file() {
        return Ok(ConfigIni::default());
    }
    let ini = ini::Ini::load_from_file(&path).map_err(|e| {
        Error::from(Diagnostic::new(format!(
            "cannot read {}: {e}",
            crate::diag::display_path(&path).display()
        )))
    })?;
    let user = ini
        .section(Some("user"))
        .map(|s| {
            s.iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let behave_options = ini
        .section(Some("behave"))
        .and_then(|s| s.get("options"))
        .map(str::to_owned);
    Ok(ConfigIni {
        user,
        behave_options,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_located_and_corrected() {
        let text = "[run]\njobz = 4\n";
        let err = toml::from_str::<ProjectConfig>(text).unwrap_err();
        let d = toml_error(Path::new("apitest.toml"), text, &err).to_string();
        assert!(
            d.starts_with("error: invalid apitest.toml\n --> apitest.toml:2:1\n"),
            "{d}"
        );
        assert!(d.contains("did you mean `jobs`?"), "{d}");
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
    }
}
