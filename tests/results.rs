//! Every selected scenario yields exactly one result, in the terminal, in every
//! report and in the exit code, even when a step panics (an apitest bug): the
//! panic becomes that scenario's runtime error (exit 4) carrying its message,
//! and the other scenarios, also later ones of the same ordered feature, run.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use apitest::diag::Location;
use apitest::gherkin::{Compiled, Feature, Scenario, Step, Suite};
use apitest::report::junit::JUnit;
use apitest::report::terminal::{Style, Terminal};
use apitest::report::{Reporter, Tally};
use apitest::runner::scenario::RunEnv;
use apitest::runner::{RunOptions, run};
use apitest::steps::{Args, Exec, Family, StepDef};

static PASSES: StepDef = StepDef {
    pattern: "this step passes",
    family: Family::Context,
    summary: "",
    example: "",
    exec: Exec::Sync(|_, _| Ok(())),
    stores: false,
};

static PANICS: StepDef = StepDef {
    pattern: "this step panics",
    family: Family::Context,
    summary: "",
    example: "",
    exec: Exec::Sync(|_, _| panic!("boom in a step")),
    stores: false,
};

fn scenario(name: &str, line: usize, steps: &[&'static StepDef]) -> Scenario {
    let file: Arc<Path> = Path::new("features/f.feature").into();
    Scenario {
        name: name.to_owned(),
        location: Location::new(file.clone(), line, 3),
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, def)| Step {
                keyword: "Given".into(),
                text: def.pattern.into(),
                location: Location::new(file.clone(), line + i + 1, 5),
                compiled: Compiled::Step(def, Arc::new(Args::default())),
            })
            .collect(),
    }
}

fn feature(name: &str, ordered: bool, scenarios: Vec<Scenario>) -> Feature {
    Feature {
        name: name.into(),
        path: Path::new("features/f.feature").into(),
        line: 1,
        features_dir: Path::new("features").into(),
        scenarios,
        ordered,
        serial: false,
    }
}

/// A terminal that writes into a buffer the test reads.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_panicking_step_is_an_error_result_and_every_other_scenario_still_reports() {
    // Arrange
    let suite = Arc::new(Suite {
        features: vec![
            feature(
                "Parallel",
                false,
                vec![
                    scenario("Passes", 3, &[&PASSES]),
                    scenario("Panics", 6, &[&PASSES, &PANICS, &PASSES]),
                ],
            ),
            feature(
                "In order",
                true,
                vec![
                    scenario("Panics first", 3, &[&PANICS]),
                    scenario("Runs after the panic", 6, &[&PASSES]),
                    scenario("Runs last", 9, &[&PASSES]),
                ],
            ),
        ],
    });
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let tally = Tally::default();
    let terminal = Buffer::default();
    let mut reporters: Vec<Box<dyn Reporter>> = vec![
        Box::new(tally.clone()),
        Box::new(JUnit::new(
            Arc::clone(&suite),
            junit.clone(),
            Default::default(),
        )),
        Box::new(Terminal::new(
            Arc::clone(&suite),
            Style::Pretty,
            tally.clone(),
            Box::new(terminal.clone()),
        )),
    ];
    let env = Arc::new(RunEnv {
        client: apitest::http::client(std::time::Duration::from_secs(5)).unwrap(),
        config_vars: Default::default(),
        run_id: "test".to_owned(),
        backends: Vec::new(),
        verbose: false,
        secrets: Default::default(),
    });
    let options = RunOptions {
        jobs: 4,
        fail_fast: false,
    };

    // Act
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run(Arc::clone(&suite), env, &options, &mut reporters));
    drop(reporters);

    // Assert
    let totals = tally.totals();
    assert_eq!(totals.scenarios.total(), 5, "{totals:?}");
    assert_eq!(totals.scenarios.errors, 2, "{totals:?}");
    assert_eq!(totals.scenarios.passed, 3, "{totals:?}");
    assert_eq!(totals.not_run, 0);
    assert_eq!(totals.exit_code, 4);
    let report = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(common::count_elements(&report, "testcase"), 5, "{report}");
    assert_eq!(
        report.matches(r#"<error type="runtime""#).count(),
        2,
        "{report}"
    );
    common::validate_junit(&junit);
    let printed = String::from_utf8(terminal.0.lock().unwrap().clone()).unwrap();
    assert_eq!(
        printed
            .matches("apitest failed inside this step (a bug; please report it): boom in a step")
            .count(),
        2,
        "{printed}"
    );
    assert!(printed.contains("  ✓ Runs after the panic"), "{printed}");
    assert!(!printed.contains("not run"), "{printed}");
}

#[test]
fn a_symbolic_link_loop_runs_each_scenario_once() {
    // Arrange: features/again -> features, as in the issue.
    let dir = tempfile::tempdir().unwrap();
    let features = dir.path().join("features");
    std::fs::create_dir(&features).unwrap();
    std::fs::write(
        features.join("store.feature"),
        "Feature: Store\n  Scenario: Store a value\n    Given I store \"1\" under \"x\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&features, features.join("again")).unwrap();

    // Act
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .args(["run", "features", "--junit", "junit.xml"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("\n1 scenario (1 passed)\n"), "{stdout}");
    assert_eq!(
        stderr,
        "warning: features/again leads back to features (a symbolic link loop); not followed\n"
    );
    let report = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert_eq!(common::count_elements(&report, "testcase"), 1);
}
