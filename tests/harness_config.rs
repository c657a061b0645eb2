//! Loading harness configuration: golden error messages for bad files (exact
//! text with file:line:col and did-you-mean), and the shipped `harness.toml`.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the `.err` files after a reviewed change.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns panic on a broken environment

mod support;

use std::path::Path;

use apitest::harness::{load_config, parse_config};
use assert_cmd::Command;

/// Loads `tests/golden/harness/{case}.toml` and compares the error with `{case}.err`.
fn assert_golden(case: &str) {
    let toml = format!("tests/golden/harness/{case}.toml");
    let golden = format!("tests/golden/harness/{case}.err");
    let error = match load_config(Path::new(&toml)) {
        Ok(_) => panic!("{toml} loaded without error"),
        Err(e) => e,
    };
    assert_eq!(error.exit_code(), 3);
    let actual = error.to_string();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "golden {golden} differs; actual:\n{actual}"
    );
}

#[test]
fn unknown_key_names_the_place_and_the_nearest_valid_key() {
    assert_golden("unknown_connection_key");
}

#[test]
fn unknown_connection_suggests_the_closest_connection() {
    assert_golden("unknown_connection_name");
}

#[test]
fn unset_environment_variable_without_default_is_an_error() {
    assert_golden("unset_environment_variable");
}

#[test]
fn unknown_mode_suggests_the_closest_mode() {
    assert_golden("unknown_mode");
}

#[test]
fn unknown_inputs_calls_and_pointer_roots_are_each_reported() {
    assert_golden("unknown_references");
}

#[test]
fn toml_syntax_error_points_at_the_problem() {
    assert_golden("invalid_toml");
}

#[test]
fn mapping_operation_with_a_stray_key_is_an_error() {
    assert_golden("bad_mapping_operation");
}

#[test]
fn invalid_addresses_urls_paths_and_limits_are_all_reported() {
    assert_golden("invalid_values");
}

#[test]
fn calls_reading_later_calls_themselves_siblings_or_fire_and_forget_results_are_load_errors() {
    assert_golden("call_order");
}

#[test]
fn depends_on_naming_unknown_itself_later_calls_in_parallel_mode_or_a_cycle_is_a_load_error() {
    assert_golden("depends_on");
}

#[test]
fn each_error_points_at_the_offending_key() {
    assert_golden("offending_keys");
}

#[test]
fn two_channels_with_the_same_path_shape_and_a_common_method_are_a_load_error() {
    assert_golden("same_route");
}

#[test]
fn orchestrator_binary_exits_3_with_the_diagnostic_on_stderr() {
    // Act
    let output = Command::cargo_bin("orchestrator")
        .unwrap()
        .args([
            "--config",
            "tests/golden/harness/unknown_connection_key.toml",
        ])
        .output()
        .unwrap();

    // Assert
    let expected = load_config(Path::new(
        "tests/golden/harness/unknown_connection_key.toml",
    ))
    .err()
    .unwrap()
    .to_string();
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&output.stderr), expected);
    assert!(output.stdout.is_empty());
}

#[test]
fn orchestrator_binary_exits_4_when_the_config_file_is_missing() {
    let output = Command::cargo_bin("orchestrator")
        .unwrap()
        .args(["--config", "tests/golden/harness/no-such-file.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
}

#[test]
fn environment_values_and_defaults_fill_config_strings() {
    // Arrange
    let toml = r#"
[connections.crm]
base_url = "${CRM_URL:-http://127.0.0.1:18081}"
[connections.billing]
base_url = "${BILLING_URL:-http://127.0.0.1:18082}"
"#;
    let env = |name: &str| (name == "CRM_URL").then(|| "http://127.0.0.1:9999".to_owned());

    // Act
    let config = parse_config(toml, Path::new("t.toml"), &env).unwrap();

    // Assert
    assert_eq!(
        config.connections(),
        vec![
            ("billing".to_owned(), "http://127.0.0.1:18082/".to_owned()),
            ("crm".to_owned(), "http://127.0.0.1:9999/".to_owned()),
        ]
    );
}

#[test]
fn shipped_harness_toml_loads_with_every_channel() {
    // Act
    let config = parse_config(
        &std::fs::read_to_string("harness.toml").unwrap(),
        Path::new("harness.toml"),
        &|_| None,
    )
    .unwrap();

    // Assert
    let paths: Vec<String> = config.channels().into_iter().map(|(_, p)| p).collect();
    for expected in [
        "/tutorial/api/get-user-details",
        "/api/v1/user",
        "/api/customer/{customer_id}/dashboard",
        "/api/notify",
        "/api/account-activity/{name}",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} missing from {paths:?}"
        );
    }
    assert_eq!(config.listen().map(|a| a.port()), Some(17010));
    let urls = config.connections();
    assert!(urls.contains(&("crm".to_owned(), "http://127.0.0.1:18081/".to_owned())));
    assert!(urls.contains(&("fraud".to_owned(), "http://127.0.0.1:18084/".to_owned())));
}

#[test]
fn input_default_of_the_wrong_type_is_an_error() {
    assert_golden("bad_input_default");
}
