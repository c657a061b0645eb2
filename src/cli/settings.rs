//! `apitest run`'s settings: raw options, `apitest.toml` and
//! `features/config.ini` → validated settings.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;

use super::args::{ColorArg, FormatArg, RunArgs};
use crate::config::{load_config_ini, load_project};
use crate::error::Error;
use crate::gherkin::{LoadOptions, TagFilter};
use crate::report::terminal::Style;
use crate::secrets::Secrets;

/// Settings for a run, validated.
pub struct RunSettings {
    pub(super) paths: Vec<PathBuf>,
    pub(super) root: PathBuf,
    pub(super) backends: BTreeMap<String, crate::config::BackendConfig>,
    pub(super) services: BTreeMap<String, crate::services::ServiceConfig>,
    pub(super) load: LoadOptions,
    /// The tag expression and name pattern as written, for messages.
    pub(super) filters: (Option<String>, Option<String>),
    pub(super) jobs: usize,
    pub(super) fail_fast: bool,
    pub(super) timeout: Duration,
    pub(super) config_vars: BTreeMap<String, String>,
    pub(super) junit: Option<PathBuf>,
    pub(super) html: Option<PathBuf>,
    pub(super) cucumber_json: Option<PathBuf>,
    pub(super) shard: Option<(usize, usize)>,
    pub(super) style: Style,
    pub(super) verbose: bool,
    /// One-line notices printed to stderr before the run.
    pub(super) notices: Vec<String>,
    /// What no output may show: `--secret` and `[run] secrets` variables, with
    /// the values known before the run, and `[run] secret_headers`.
    pub(super) secrets: Secrets,
}

/// Turns colours on or off for this process.
pub fn set_color(choice: ColorArg) {
    let on = match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    colored::control::set_override(on);
}

pub(super) fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// The project root of the first path: the directory holding `features/`.
pub(super) fn project_root(path: &Path) -> PathBuf {
    let dir = if path.is_file() {
        path.parent().unwrap_or(Path::new("."))
    } else {
        path
    };
    dir.ancestors()
        .find(|a| a.join("apitest.toml").is_file() || a.join("features").is_dir())
        .map(|a| {
            if a.as_os_str().is_empty() {
                Path::new(".")
            } else {
                a
            }
        })
        .or_else(|| {
            dir.ancestors()
                .find(|a| a.file_name().is_some_and(|n| n == "features"))
                .and_then(Path::parent)
        })
        .unwrap_or(dir)
        .to_path_buf()
}

impl RunSettings {
    /// Validates the command line against the project's configuration.
    pub fn from_args(args: &RunArgs) -> Result<Self, Error> {
        let paths = default_paths(&args.paths);
        let root = project_root(&paths[0]);
        let (project, _) = load_project(&root)?;
        let features_dir = if root.join("features").is_dir() {
            root.join("features")
        } else {
            root.clone()
        };

        let ini = load_config_ini(&features_dir)?;
        let behave = super::behave::parse(ini.behave_options.as_deref().unwrap_or(""));
        let mut notices = Vec::new();
        if !behave.ignored.is_empty() {
            notices.push(format!(
                "note: features/config.ini [behave] options ignored (no apitest equivalent): {}",
                behave.ignored.join(" ")
            ));
        }
        if features_dir.join("steps").join("steps.py").is_file() {
            notices.push(
                "note: features/steps/steps.py is ignored: apitest runs its built-in steps only (see `apitest steps`)"
                    .to_owned(),
            );
        }
        let mut config_vars = ini.user;
        config_vars.extend(project.vars);
        for pair in &args.vars {
            let Some((k, v)) = pair.split_once('=') else {
                return Err(Error::Usage(format!(
                    "--var expects NAME=VALUE, got `{pair}`"
                )));
            };
            config_vars.insert(k.trim().to_owned(), v.to_owned());
        }

        // zato-apitest 1.x read its tags from ZATO_APITEST_TAGS (24.x: Zato_API_Test_Tags,
        // which clap reads into --tags).
        let mut expressions: Vec<String> = args
            .tags
            .clone()
            .or_else(|| std::env::var("ZATO_APITEST_TAGS").ok())
            .or(project.run.tags)
            .map(|t| super::behave::tags_expression(t.trim()))
            .into_iter()
            .chain(behave.tags)
            .filter(|t| !t.trim().is_empty())
            .collect();
        let tags = match expressions.len() {
            0 => None,
            1 => expressions.pop(),
            _ => Some(
                expressions
                    .iter()
                    .map(|e| format!("({e})"))
                    .collect::<Vec<_>>()
                    .join(" and "),
            ),
        };
        let tag_filter = tags
            .as_deref()
            .map(TagFilter::parse)
            .transpose()
            .map_err(Error::Usage)?;
        let name_text = args.name.clone().or(behave.name.clone());
        let name = name_text
            .as_deref()
            .map(Regex::new)
            .transpose()
            .map_err(|e| Error::Usage(format!("--name is not a valid regular expression: {e}")))?;
        let secret_names: Vec<String> = args
            .secrets
            .iter()
            .chain(&project.run.secrets)
            .cloned()
            .collect();
        let secrets = Secrets::new(&project.run.secret_headers, &secret_names);
        for name in secrets.variables() {
            if let Some(value) = config_vars.get(&name) {
                secrets.add(value);
            }
            if let Ok(value) = std::env::var(&name) {
                secrets.add(&value);
            }
        }
        let timeout_text = args.timeout.clone().or(project.run.timeout);
        let timeout = match timeout_text {
            Some(t) => humantime::parse_duration(&t).map_err(|e| {
                Error::Usage(format!(
                    "--timeout `{t}` is not a duration ({e}); examples: 500ms, 10s, 1m"
                ))
            })?,
            None => Duration::from_secs(30),
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let jobs = args.jobs.or(project.run.jobs).unwrap_or(cores * 4);
        if jobs == 0 {
            return Err(Error::Usage("--jobs must be at least 1".to_owned()));
        }
        let junit = junit_path(args)
            .or_else(|| {
                behave.junit.then(|| {
                    root.join(behave.junit_directory.as_deref().unwrap_or("reports"))
                        .join("TESTS-apitest.xml")
                })
            })
            .or(project.run.junit);
        Ok(Self {
            paths,
            root,
            backends: project.backends,
            services: project.services,
            load: LoadOptions {
                tags: tag_filter,
                name,
            },
            filters: (tags, name_text),
            jobs,
            fail_fast: args.fail_fast || behave.stop,
            timeout,
            config_vars,
            junit,
            html: args.html.clone().or(project.run.html),
            cucumber_json: args.cucumber_json.clone(),
            shard: shard(args.shard.as_deref())?,
            style: match (args.format, behave.format) {
                (Some(FormatArg::Pretty), _) | (None, None | Some("pretty")) => Style::Pretty,
                (Some(FormatArg::Progress), _) | (None, Some(_)) => Style::Progress,
                (Some(FormatArg::Quiet), _) => Style::Quiet,
            },
            verbose: args.verbose,
            notices,
            secrets,
        })
    }
}

/// `--shard I/N`, else the CI system's own parallel-job variables.
fn shard(flag: Option<&str>) -> Result<Option<(usize, usize)>, Error> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let (index, count) = match flag {
        Some(text) => {
            let parsed = text
                .split_once('/')
                .and_then(|(i, n)| Some((i.trim().parse().ok()?, n.trim().parse().ok()?)));
            parsed.ok_or_else(|| {
                Error::Usage(format!("--shard expects I/N, e.g. 2/4, got `{text}`"))
            })?
        }
        None => match (var("CI_NODE_INDEX"), var("CI_NODE_TOTAL")) {
            (Some(i), Some(n)) => (i, n),
            _ => match (
                var("BUILDKITE_PARALLEL_JOB"),
                var("BUILDKITE_PARALLEL_JOB_COUNT"),
            ) {
                (Some(i), Some(n)) => (i + 1, n),
                _ => return Ok(None),
            },
        },
    };
    if count == 0 || index == 0 || index > count {
        return Err(Error::Usage(format!(
            "shard {index}/{count} does not exist: I must be from 1 to N"
        )));
    }
    Ok(Some((index, count)))
}

/// The JUnit report path: `--junit FILE`, or behave's bare `--junit` with
/// `--junit-directory DIR` (default `reports`), written to `DIR/TESTS-apitest.xml`.
fn junit_path(args: &RunArgs) -> Option<PathBuf> {
    match args.junit.as_deref() {
        Some("") => Some(
            args.junit_directory
                .clone()
                .unwrap_or_else(|| PathBuf::from("reports"))
                .join("TESTS-apitest.xml"),
        ),
        other => other.map(PathBuf::from),
    }
}
