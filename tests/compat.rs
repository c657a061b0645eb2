//! zato-apitest projects run unchanged: a suite in the 1.x wording (`JSON
//! Pointer`, `HTTP method`, `isn't`, `request param`, XPath/SOAP) and one in the
//! 24.x wording (`path`, `REST method`, OAuth2, variables), with their
//! `features/config.ini`, `features/steps/steps.py` and data files.

mod common;

use std::path::PathBuf;
use std::process::Output;

fn compat(dir: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/compat")
        .join(dir)
}

/// Runs `apitest` in `tests/compat` against a fresh target, with extra
/// environment variables.
async fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let server = common::start_target().await;
    let target = server.uri();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
            .args(&args)
            .current_dir(compat(""))
            .env("TARGET", &target)
            .env("NO_COLOR", "1")
            .env_remove("Zato_API_Test_Tags")
            .env_remove("ZATO_APITEST_TAGS")
            .envs(env)
            .output()
            .expect("the apitest binary runs")
    })
    .await
    .expect("apitest ran")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_1x_suite_in_the_old_wording_passes_unchanged() {
    // Act
    let output = run(&["run", "v1"], &[]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("8 scenarios (8 passed)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_24x_suite_in_the_new_wording_passes_unchanged() {
    // Act
    let output = run(&["run", "v24"], &[]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("7 scenarios (7 passed)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn behave_options_in_config_ini_are_honoured_and_the_rest_named_in_one_notice() {
    // Act: v1's options are `--format progress --tags=~@wip --no-source --show-timings`.
    let output = run(&["run", "v1"], &[]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert!(
        stdout.starts_with("........\n"),
        "progress format: {stdout}"
    );
    assert!(
        !stdout.contains("Work in progress"),
        "the @wip scenario ran: {stdout}"
    );
    assert!(
        stderr.contains(
            "note: features/config.ini [behave] options ignored (no apitest equivalent): --no-source --show-timings\n"
        ),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn features_steps_py_is_ignored_with_a_one_line_notice() {
    // Act
    let output = run(&["run", "v24"], &[]).await;

    // Assert
    let (_, stderr) = text(&output);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("features/steps/steps.py is ignored"))
            .count(),
        1,
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn one_feature_file_runs_with_its_projects_data_files_and_config() {
    // Act: demo.feature reads features/json/response/demo.json.
    let output = run(&["run", "v24/features/demo.feature"], &[]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 scenario (1 passed)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn zato_api_test_tags_holds_a_space_separated_list_of_tags() {
    // Act
    let output = run(&["run", "v24"], &[("Zato_API_Test_Tags", "@smoke @extra")]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("3 scenarios (3 passed)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn verbose_shows_every_request_and_response_under_its_scenario() {
    // Act
    let output = run(&["run", "v24/features/demo.feature", "-v"], &[]).await;

    // Assert
    let (stdout, _) = text(&output);
    assert!(stdout.contains("> POST http://127.0.0.1:"), "{stdout}");
    assert!(stdout.contains("/demo/rest?demo=1\n"), "{stdout}");
    assert!(stdout.contains("> x-custom-header: MyValue"), "{stdout}");
    assert!(stdout.contains("> {\"a\":\"abc\""), "{stdout}");
    assert!(stdout.contains("< 200\n"), "{stdout}");
    assert!(stdout.contains("< server: apitest-demo"), "{stdout}");
    assert!(stdout.contains("< {\"action\":"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn context_is_logged_shows_the_context_under_the_scenario() {
    // Act
    let output = run(&["run", "v24/features/oauth2.feature"], &[]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("Context: {\"address\":\"http://127.0.0.1:"),
        "{stdout}"
    );
    // The stored OAuth2 token is a secret: masked, like the password.
    assert!(
        stdout.contains("\"variables\":{\"tok\":\"***\"}") && !stdout.contains("form|"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("\"password\""),
        "a password was logged: {stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_1x_tags_variable_zato_apitest_tags_works_too() {
    // Act
    let output = run(&["run", "v24"], &[("ZATO_APITEST_TAGS", "@extra")]).await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 scenario (1 passed)"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn behaves_junit_options_write_tests_apitest_xml_in_the_junit_directory() {
    // Arrange
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().display().to_string();

    // Act
    let output = run(
        &[
            "run",
            "v24/features/demo.feature",
            "--junit",
            "--junit-directory",
            &dir,
            "-t",
            "~@wip",
            "--stop",
        ],
        &[],
    )
    .await;

    // Assert
    let (stdout, stderr) = text(&output);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    let report = std::fs::read_to_string(out.path().join("TESTS-apitest.xml")).expect("report");
    assert!(
        report.contains("<testcase name=\"*** REST API Demo ***\""),
        "{report}"
    );
}
