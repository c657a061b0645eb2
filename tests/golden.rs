//! Golden CLI tests: every user-visible message of `apitest`, exactly.
//!
//! Each case is a directory `tests/golden/<case>/` holding the feature files, a
//! `cmd` file (the arguments; `{out}` is a fresh temporary directory), and the
//! expected `stdout`, `stderr` and `exit` code, plus `junit.xml`, `report.html` and
//! `cucumber.json` when the command writes them to `{out}`. Ports, durations and temporary paths are normalised.
//! `UPDATE_GOLDEN=1 cargo test --test golden` rewrites the expected files; the
//! diff is then reviewed like code.
//!
//! Every `run` case also checks the invariant that no result is lost: its JUnit
//! report (every case writes one) validates against the JUnit XSD and holds one
//! test case per scenario the loader selects, and so do its HTML and Cucumber
//! JSON reports when written.

mod common;

use std::path::{Path, PathBuf};

async fn golden(case: &str) {
    // Arrange
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(case);
    let server = common::start_target().await;
    let target = server.uri();
    let out = tempfile::tempdir().expect("temp dir");
    let cmd = std::fs::read_to_string(dir.join("cmd")).expect("cmd file");
    let args: Vec<String> = cmd
        .split_whitespace()
        .map(|a| a.replace("{out}", &out.path().display().to_string()))
        .collect();

    // Act
    let output = {
        let (dir, target, args) = (dir.clone(), target.clone(), args.clone());
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            common::apitest(&dir, &args, &target)
        })
        .await
        .expect("apitest ran")
    };
    one_result_per_selected_scenario(&dir, &args, out.path(), output.status.code());

    // Assert
    let mut actual = vec![
        (
            "stdout",
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ),
        (
            "stderr",
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ),
        ("exit", format!("{}\n", output.status.code().unwrap_or(-1))),
    ];
    for report in ["junit.xml", "report.html", "cucumber.json"] {
        let path = out.path().join(report);
        if path.exists() {
            let text = std::fs::read_to_string(&path).expect("report written");
            actual.push((report, text));
        }
    }
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut mismatches = Vec::new();
    for (name, text) in actual {
        let text = common::normalise(&text, &target);
        let expected_path = dir.join(name);
        if update {
            std::fs::write(&expected_path, &text).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != text {
            mismatches.push(format!(
                "--- {} (expected)\n{expected}\n+++ actual\n{text}",
                rel(&expected_path)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "golden mismatch in {case}:\n{}",
        mismatches.join("\n")
    );
}

/// The invariant: a run writes a valid JUnit report (and the other reports
/// asked for) with exactly one test case per scenario the loader selects.
fn one_result_per_selected_scenario(dir: &Path, args: &[String], out: &Path, exit: Option<i32>) {
    if args.starts_with(&["report".to_owned(), "merge".to_owned()]) && exit == Some(0) {
        common::validate_junit(&out.join("junit.xml"));
    }
    if args.first().map(String::as_str) != Some("run") || exit == Some(2) {
        return;
    }
    let selected = common::selected_scenarios(dir, &args[1..]);
    let junit = out.join("junit.xml");
    let text = std::fs::read_to_string(&junit).expect("every run writes its JUnit report");
    assert_eq!(
        common::count_elements(&text, "testcase"),
        selected,
        "JUnit test cases of {}:\n{text}",
        dir.display()
    );
    common::validate_junit(&junit);
    if let Ok(html) = std::fs::read_to_string(out.join("report.html")) {
        assert_eq!(
            html.matches("<details class=\"scenario ").count(),
            selected,
            "HTML scenarios"
        );
    }
    if let Ok(text) = std::fs::read_to_string(out.join("cucumber.json")) {
        let features: serde_json::Value = serde_json::from_str(&text).expect("Cucumber JSON");
        let elements: usize = features
            .as_array()
            .expect("a list of features")
            .iter()
            .map(|f| f["elements"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(elements, selected, "Cucumber JSON scenarios");
    }
}

fn rel(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .display()
        .to_string()
}

macro_rules! golden_tests {
    ($($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $case() {
                golden(stringify!($case)).await;
            }
        )*

        #[test]
        fn every_golden_directory_has_a_test() {
            let listed = [$(stringify!($case)),*];
            let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
            for entry in std::fs::read_dir(&root).expect("tests/golden") {
                let entry = entry.expect("entry");
                if entry.path().join("cmd").is_file() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    assert!(listed.contains(&name.as_str()), "tests/golden/{name} has no test");
                }
            }
        }
    };
}

golden_tests!(
    a_passing_suite_exits_0_and_writes_junit,
    assertion_failures_show_expected_and_actual_with_types,
    a_parse_error_shows_the_line_and_column_and_exits_3,
    an_unclosed_doc_string_is_an_input_error_at_the_end_of_the_file,
    an_unknown_language_is_an_input_error_with_the_closest_code,
    a_table_row_with_another_cell_count_is_an_input_error,
    a_file_that_is_not_gherkin_gets_every_error_and_exits_3,
    the_end_of_the_file_after_tags_is_an_input_error,
    a_tag_with_whitespace_is_an_input_error_with_a_suggestion,
    a_misspelt_step_keyword_and_a_misplaced_background_are_input_errors,
    an_undefined_step_is_an_error_with_suggestions_and_the_rest_still_runs,
    an_unknown_variable_names_the_defined_ones,
    an_unreachable_target_is_a_runtime_error_and_exits_4,
    a_request_timeout_is_a_runtime_error,
    check_reports_every_undefined_step_without_sending_anything,
    check_passes_a_valid_suite,
    a_missing_path_is_a_usage_error_and_exits_2,
    progress_format_prints_a_character_per_scenario,
    a_service_is_started_before_the_run_and_stopped_after,
    a_service_that_fails_to_start_is_a_runtime_error_with_its_output,
    tags_and_name_select_scenarios,
    fail_fast_stops_starting_scenarios_after_the_first_failure,
    init_creates_a_starter_project_in_a_new_directory,
    color_always_colours_the_output_even_when_piped,
    shard_runs_its_share_of_the_scenarios,
    check_reports_a_bad_backend_stub_file,
    a_bad_date_format_name_names_the_defined_ones,
    an_xpath_must_select_exactly_one_node,
    an_oauth2_token_request_that_is_refused_is_a_runtime_error,
    numbers_are_compared_exactly,
    a_feature_without_scenarios_is_invalid_input_and_the_rest_still_runs,
    check_reports_a_feature_without_scenarios,
    a_selection_that_matches_nothing_exits_5_and_names_the_filter,
    an_empty_shard_passes_and_writes_empty_reports,
    an_unparsable_file_is_an_error_testcase_and_the_other_features_run,
    a_scenario_that_needs_a_value_from_a_failed_scenario_is_skipped,
    control_characters_from_a_server_are_escaped_in_every_output,
    report_merge_joins_a_feature_split_over_shards_into_one_suite,
    report_merge_rejects_a_file_that_is_not_junit,
    mock_on_a_missing_path_is_a_usage_error_and_exits_2,
    mock_refuses_a_folder_without_stubs_and_exits_3,
    mock_refuses_a_wiremock_root_without_mappings_and_exits_3,
);
