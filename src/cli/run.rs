//! `apitest run` and `apitest check`: validated settings → a run → exit code.
//!
//! Every selected scenario yields one result in the terminal and every report,
//! and the reports are written whatever happens: a failed run, Ctrl-C, backends
//! or services that do not start (each scenario is then an error), an empty
//! shard (empty reports, exit 0) or a filter that selects nothing (empty
//! reports, exit 5).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::settings::{RunSettings, default_paths, project_root};
use crate::config::load_project;
use crate::error::{Error, exit};
use crate::gherkin::{LoadOptions, Loaded, Selection, Suite, discover, load};
use crate::report::cucumber::CucumberJson;
use crate::report::html::Html;
use crate::report::junit::JUnit;
use crate::report::terminal::Terminal;
use crate::report::{ErrorKind, Event, Reporter, ScenarioResult, Tally};
use crate::runner::RunOptions;
use crate::runner::scenario::RunEnv;
use crate::secrets::Secrets;
use crate::text::printable;

/// Loads the suite and prints symbolic link loops, undefined and ambiguous
/// steps and invalid files to stderr.
fn load_suite(
    paths: &[PathBuf],
    options: &LoadOptions,
    secrets: &Secrets,
) -> Result<Loaded, Error> {
    let found = discover(paths)?;
    for warning in &found.warnings {
        errln!("{}", secrets.mask(warning));
    }
    let loaded = load(&found.files, options);
    for problem in &loaded.problems {
        errln!("{}", secrets.mask(&problem.to_string()));
    }
    Ok(loaded)
}

/// `apitest check`: exit 0 when every file parses and every step is defined,
/// else 3. The project's `apitest.toml` and its backends' stub files are
/// checked too.
pub fn check(paths: &[PathBuf]) -> Result<u8, Error> {
    let paths = default_paths(paths);
    let root = project_root(&paths[0]);
    let (project, _) = load_project(&root)?;
    for (name, backend) in &project.backends {
        crate::mock::load(name, &crate::config::resolve(&root, &backend.stubs))?;
    }
    let loaded = load_suite(&paths, &LoadOptions::default(), &Secrets::default())?;
    let steps: usize = loaded
        .suite
        .features
        .iter()
        .flat_map(|f| &f.scenarios)
        .map(|s| s.steps.len())
        .sum();
    if loaded.problems.is_empty() {
        outln!(
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
        errln!("{n} {} found.", if n == 1 { "problem" } else { "problems" });
        Ok(exit::INVALID_INPUT)
    }
}

/// `apitest run`: returns the exit code.
pub fn run(settings: RunSettings) -> Result<u8, Error> {
    for notice in &settings.notices {
        errln!("{notice}");
    }
    let mut loaded = load_suite(&settings.paths, &settings.load, &settings.secrets)?;
    if loaded.suite.scenario_count() == 0 {
        // Every file holds a scenario (or is an error): the filters emptied it.
        errln!(
            "error: nothing to run: {}",
            empty_selection(loaded.selection, &settings.filters)
        );
        return Ok(report_without_running(
            &settings,
            Arc::new(loaded.suite),
            &NotRun::NothingSelected,
        ));
    }
    if let Some((index, count)) = settings.shard {
        let before = loaded.suite.scenario_count();
        loaded.suite.shard(index, count);
        if loaded.suite.scenario_count() == 0 {
            outln!(
                "Shard {index}/{count} has no scenarios: the suite's {before} are in the other shards."
            );
            return Ok(report_without_running(
                &settings,
                Arc::new(loaded.suite),
                &NotRun::EmptyShard,
            ));
        }
    }
    let suite = Arc::new(loaded.suite);
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
    let secrets = settings.secrets.clone();
    // The run itself is a task, so that reporting stays on the worker threads.
    runtime
        .block_on(runtime.spawn(run_with_services(settings, suite)))
        .map_err(|e| Error::Runtime(format!("the run stopped unexpectedly: {e}")))?
        .map_err(|e| match e {
            // A service's output may show secrets and control characters.
            Error::Runtime(m) => Error::Runtime(secrets.mask(&printable(&m)).into_owned()),
            other => other,
        })
}

/// Which filter left nothing to run, with the numbers.
fn empty_selection(
    selection: Selection,
    (tags, name): &(Option<String>, Option<String>),
) -> String {
    let total = match selection.total {
        1 => "the 1 scenario".to_owned(),
        n => format!("any of the {n} scenarios"),
    };
    let tag = tags.as_deref().map(|t| format!("the tag filter `{t}`"));
    let name = name.as_deref().map(|n| format!("the name filter `{n}`"));
    match (tag, name) {
        (Some(tag), Some(name)) => match (selection.tags, selection.name) {
            (0, 0) => format!("neither {tag} nor {name} matches {total}"),
            (0, _) => format!("{tag} does not match {total}"),
            (_, 0) => format!("{name} does not match {total}"),
            (t, n) => format!(
                "{tag} and {name} together match none of the scenarios ({t} match the tags, {n} the name)"
            ),
        },
        (Some(filter), None) | (None, Some(filter)) => format!("{filter} does not match {total}"),
        (None, None) => "the suite has no scenarios".to_owned(),
    }
}

/// The run's reporters: the tally, the report files asked for, the terminal.
fn reporters(settings: &RunSettings, suite: &Arc<Suite>, tally: &Tally) -> Vec<Box<dyn Reporter>> {
    let secrets = &settings.secrets;
    let mut reporters: Vec<Box<dyn Reporter>> = vec![Box::new(tally.clone())];
    if let Some(path) = &settings.junit {
        reporters.push(Box::new(JUnit::new(
            Arc::clone(suite),
            path.clone(),
            secrets.clone(),
        )));
    }
    if let Some(path) = &settings.html {
        reporters.push(Box::new(Html::new(
            Arc::clone(suite),
            path.clone(),
            tally.clone(),
            secrets.clone(),
        )));
    }
    if let Some(path) = &settings.cucumber_json {
        reporters.push(Box::new(CucumberJson::new(
            Arc::clone(suite),
            path.clone(),
            secrets.clone(),
        )));
    }
    reporters.push(Box::new(Terminal::new(
        Arc::clone(suite),
        settings.style,
        tally.clone(),
        Box::new(secrets.writer(std::io::BufWriter::new(std::io::stdout()))),
    )));
    reporters
}

/// Where the report files went.
fn print_report_paths(settings: &RunSettings) {
    if let Some(path) = &settings.junit {
        outln!("JUnit report: {}", path.display());
    }
    if let Some(path) = &settings.html {
        outln!("HTML report:  {}", path.display());
    }
    if let Some(path) = &settings.cucumber_json {
        outln!("Cucumber JSON report: {}", path.display());
    }
}

/// Why a suite is reported without running.
enum NotRun {
    /// Its shard has no scenarios (exit 0).
    EmptyShard,
    /// Its filters selected no scenario (exit 5).
    NothingSelected,
    /// Ctrl-C came before the backends and services were up.
    Interrupted,
    /// The backends and services did not start: every scenario is this error.
    Failed(String),
}

/// Reports a suite without running it. Returns the exit code.
fn report_without_running(settings: &RunSettings, suite: Arc<Suite>, why: &NotRun) -> u8 {
    let tally = Tally::default();
    let mut reporters = reporters(settings, &suite, &tally);
    let mut emit = |event: Event| reporters.iter_mut().for_each(|r| r.on_event(&event));
    emit(Event::Started {
        features: suite.features.len(),
        scenarios: suite.scenario_count(),
    });
    if let NotRun::Failed(message) = why {
        let mut seq = 0;
        for (f, feature) in suite.features.iter().enumerate() {
            for (s, scenario) in feature.scenarios.iter().enumerate() {
                emit(Event::ScenarioFinished(ScenarioResult::aborted(
                    (f, s, seq),
                    scenario.steps.len(),
                    ErrorKind::Runtime,
                    message.clone(),
                )));
                seq += 1;
            }
        }
    }
    emit(Event::Finished {
        wall: Duration::ZERO,
        interrupted: matches!(why, NotRun::Interrupted),
        stopped: false,
        nothing_selected: matches!(why, NotRun::NothingSelected),
    });
    drop(reporters);
    print_report_paths(settings);
    tally.totals().exit_code
}

/// Starts the services, runs the suite, shows the services' output when the
/// run did not pass, and stops them.
async fn run_with_services(settings: RunSettings, suite: Arc<Suite>) -> Result<u8, Error> {
    // Ctrl-C while backends and services start: what has started is dropped
    // (and so stopped) and the run ends as interrupted.
    let started = tokio::select! {
        started = super::environment::start(&settings.root, &settings.backends, &settings.services) => started,
        _ = tokio::signal::ctrl_c() => {
            errln!("Interrupted while starting the backends and services.");
            return Ok(report_without_running(&settings, suite, &NotRun::Interrupted));
        }
    };
    let environment = match started {
        Ok(environment) => environment,
        Err(e) => {
            let reason = format!(
                "not run: the backends and services did not start: {}",
                e.summary()
            );
            report_without_running(&settings, suite, &NotRun::Failed(reason));
            return Err(e);
        }
    };
    let mut config_vars = settings.config_vars.clone();
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
        secrets: settings.secrets.clone(),
    });
    let tally = Tally::default();
    let mut reporters = reporters(&settings, &suite, &tally);
    let options = RunOptions {
        jobs: settings.jobs,
        fail_fast: settings.fail_fast,
    };
    crate::runner::run(suite, Arc::clone(&env), &options, &mut reporters).await;
    drop(reporters);
    print_report_paths(&settings);
    let code = tally.totals().exit_code;
    for service in environment.services {
        if code != exit::OK {
            let tail = service.log_tail(30);
            errln!(
                "--- service `{}`: last lines of its output ({}) ---\n{}",
                service.name,
                service.log.display(),
                settings.secrets.mask(&printable(&tail))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_selection_names_the_filter_that_emptied_it() {
        let counts = |total, tags, name| Selection { total, tags, name };
        let both = (Some("@a".to_owned()), Some("^x".to_owned()));
        assert_eq!(
            empty_selection(counts(4, 0, 4), &(Some("@a".to_owned()), None)),
            "the tag filter `@a` does not match any of the 4 scenarios"
        );
        assert_eq!(
            empty_selection(counts(1, 1, 0), &(None, Some("^x".to_owned()))),
            "the name filter `^x` does not match the 1 scenario"
        );
        assert_eq!(
            empty_selection(counts(4, 0, 0), &both),
            "neither the tag filter `@a` nor the name filter `^x` matches any of the 4 scenarios"
        );
        assert_eq!(
            empty_selection(counts(4, 2, 1), &both),
            "the tag filter `@a` and the name filter `^x` together match none of the scenarios (2 match the tags, 1 the name)"
        );
    }
}
