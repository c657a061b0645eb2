//! `apitest run` and `apitest check`: raw options → validated settings → a run.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use regex::Regex;

use super::args::{ColorArg, FormatArg, RunArgs};
use crate::config::{load_config_ini, load_project};
use crate::error::{Error, exit};
use crate::gherkin::{LoadOptions, Loaded, TagFilter, discover, load};
use crate::report::cucumber::CucumberJson;
use crate::report::html::Html;
use crate::report::junit::JUnit;
use crate::report::terminal::{Style, Terminal};
use crate::report::{Reporter, Tally};
use crate::runner::RunOptions;
use crate::runner::scenario::RunEnv;

/// Settings for a run, validated.
pub struct RunSettings {
    paths: Vec<PathBuf>,
    root: PathBuf,
    backends: BTreeMap<String, crate::config::BackendConfig>,
    services: BTreeMap<String, crate::services::ServiceConfig>,
    load: LoadOptions,
    jobs: usize,
    fail_fast: bool,
    timeout: Duration,
    config_vars: BTreeMap<String, String>,
    junit: Option<PathBuf>,
    html: Option<PathBuf>,
    cucumber_json: Option<PathBuf>,
    shard: Option<(usize, usize)>,
    style: Style,
    verbose: bool,
    /// One-line notices printed to stderr before the run.
    notices: Vec<String>,
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

fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

/// The project root of the first path: the directory holding `features/`.
fn project_root(path: &Path) -> PathBuf {
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
        let tags = tags
            .map(|t| TagFilter::parse(&t))
            .transpose()
            .map_err(Error::Usage)?;
        let name = args
            .name
            .as_deref()
            .or(behave.name.as_deref())
            .map(Regex::new)
            .transpose()
            .map_err(|e| Error::Usage(format!("--name is not a valid regular expression: {e}")))?;
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
            load: LoadOptions { tags, name },
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

/// Loads the suite and prints undefined/ambiguous steps to stderr.
fn load_suite(paths: &[PathBuf], options: &LoadOptions) -> Result<Loaded, Error> {
    let files = discover(paths)?;
    let loaded = load(&files, options)?;
    for problem in &loaded.problems {
        eprintln!("{problem}");
    }
    Ok(loaded)
}

/// `apitest check`: exit 0 when every step of every file is defined, else 3.
/// The project's `apitest.toml` and its backends' stub files are checked too.
pub fn check(paths: &[PathBuf]) -> Result<u8, Error> {
    let paths = default_paths(paths);
    let root = project_root(&paths[0]);
    let (project, _) = load_project(&root)?;
    for (name, backend) in &project.backends {
        crate::mock::load(name, &crate::config::resolve(&root, &backend.stubs))?;
    }
    let loaded = load_suite(&paths, &LoadOptions::default())?;
    let steps: usize = loaded
        .suite
        .features
        .iter()
        .flat_map(|f| &f.scenarios)
        .map(|s| s.steps.len())
        .sum();
    if loaded.problems.is_empty() {
        println!(
            "OK: {} features, {} scenarios, {steps} steps; every step is defined.{}",
            loaded.suite.features.len(),
            loaded.suite.scenario_count(),
            match project.backends.len() {
                0 => String::new(),
                n => format!(" {n} backend stub files are valid."),
            }
        );
        Ok(exit::OK)
    } else {
        let n = loaded.problems.len();
        eprintln!("{n} {} found.", if n == 1 { "problem" } else { "problems" });
        Ok(exit::INVALID_INPUT)
    }
}

/// `apitest run`: returns the exit code.
pub fn run(settings: RunSettings) -> Result<u8, Error> {
    for notice in &settings.notices {
        eprintln!("{notice}");
    }
    let mut loaded = load_suite(&settings.paths, &settings.load)?;
    if let Some((index, count)) = settings.shard {
        loaded.suite.shard(index, count);
    }
    let suite = Arc::new(loaded.suite);
    if suite.scenario_count() == 0 {
        println!("No scenarios to run (check --tags and --name).");
        return Ok(exit::OK);
    }
    // One scenario at a time needs one thread: no wake-ups across threads.
    // Otherwise one worker per core, at most one per job.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = if settings.jobs == 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(cores.min(settings.jobs))
            .enable_all()
            .build()
    }
    .map_err(|e| Error::Runtime(format!("cannot start the async runtime: {e}")))?;
    // The run itself is a task, so that reporting stays on the worker threads.
    let code = runtime
        .block_on(runtime.spawn(run_with_services(settings, suite)))
        .map_err(|e| Error::Runtime(format!("the run stopped unexpectedly: {e}")))??;
    Ok(code)
}

/// Starts the services, runs the suite, shows the services' output when the
/// run did not pass, and stops them.
async fn run_with_services(
    settings: RunSettings,
    suite: Arc<crate::gherkin::Suite>,
) -> Result<u8, Error> {
    // Ctrl-C while backends and services start: what has started is dropped
    // (and so stopped) and the run ends as interrupted.
    let environment = tokio::select! {
        started = super::environment::start(&settings.root, &settings.backends, &settings.services) => started?,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("Interrupted while starting the backends and services.");
            return Ok(exit::INTERRUPTED);
        }
    };
    let mut config_vars = settings.config_vars;
    config_vars.extend(
        environment
            .placeholders
            .iter()
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let client = crate::http::client(settings.timeout).map_err(Error::Runtime)?;
    let env = Arc::new(RunEnv {
        client,
        config_vars,
        run_id: uuid::Uuid::new_v4().simple().to_string()[..12].to_owned(),
        backends: environment.backends,
        verbose: settings.verbose,
    });
    let tally = Tally::default();
    let mut reporters: Vec<Box<dyn Reporter>> = vec![Box::new(tally.clone())];
    if let Some(path) = &settings.junit {
        reporters.push(Box::new(JUnit::new(Arc::clone(&suite), path.clone())));
    }
    if let Some(path) = &settings.html {
        reporters.push(Box::new(Html::new(
            Arc::clone(&suite),
            path.clone(),
            tally.clone(),
        )));
    }
    if let Some(path) = &settings.cucumber_json {
        reporters.push(Box::new(CucumberJson::new(
            Arc::clone(&suite),
            path.clone(),
        )));
    }
    reporters.push(Box::new(Terminal::new(
        Arc::clone(&suite),
        settings.style,
        tally.clone(),
        Box::new(std::io::BufWriter::new(std::io::stdout())),
    )));
    let options = RunOptions {
        jobs: settings.jobs,
        fail_fast: settings.fail_fast,
    };
    crate::runner::run(suite, Arc::clone(&env), &options, &mut reporters).await;
    if let Some(path) = &settings.junit {
        println!("JUnit report: {}", path.display());
    }
    if let Some(path) = &settings.html {
        println!("HTML report:  {}", path.display());
    }
    if let Some(path) = &settings.cucumber_json {
        println!("Cucumber JSON report: {}", path.display());
    }
    let code = tally.totals().exit_code;
    for service in environment.services {
        if code != exit::OK {
            eprintln!(
                "--- service `{}`: last lines of its output ({}) ---\n{}",
                service.name,
                service.log.display(),
                service.log_tail(30)
            );
        }
        service.stop().await;
    }
    // Scenarios cut short by Ctrl-C may still hold the environment; then the
    // backends stop with the process.
    if let Ok(env) = Arc::try_unwrap(env) {
        super::environment::stop_backends(env.backends).await;
    }
    Ok(code)
}
