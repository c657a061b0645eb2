//! Loading harness configuration: golden error messages for bad files (exact
//! text with file:line:col and did-you-mean), and the shipped `harness.toml`.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the `.err` files after a reviewed change.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns panic on a broken environment

mod support;

use std::path::Path;

use apitest::harness::{load_config, parse_config};
use assert_cmd::Command;
use serde_json::json;
use support::{client, send, start_config};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

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

/// Fake CRM, Billing, Payments and Fraud backends serving the contract's
/// tutorial paths for `partner` / `my.user`.
async fn contract_backends() -> [MockServer; 4] {
    let servers = [
        MockServer::start().await,
        MockServer::start().await,
        MockServer::start().await,
        MockServer::start().await,
    ];
    let [crm, billing, payments, fraud] = &servers;
    for name in ["partner", "my.user"] {
        Mock::given(method("GET"))
            .and(path("/tutorial/api/get-user"))
            .and(query_param("UserName", name))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"UserName": name, "UserType": "RGV", "AccountNumber": "123456"}),
            ))
            .mount(crm)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/tutorial/api/balance/get"))
        .and(query_param("USER", "partner"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ACC_BALANCE": "357.9"})))
        .mount(billing)
        .await;
    Mock::given(method("POST"))
        .and(path("/balance/get"))
        .and(query_param("USER", "my.user"))
        .and(body_json(json!({"ACC_NUM": "123456"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ACC_BALANCE": "357.9"})))
        .mount(payments)
        .await;
    Mock::given(method("POST"))
        .and(path("/fraud/notify"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({"status": "accepted"})))
        .mount(fraud)
        .await;
    servers
}

async fn shipped_harness(backends: &[MockServer; 4]) -> support::Harness {
    let [crm, billing, payments, fraud] = backends;
    let env = [
        ("CRM_URL", crm.uri()),
        ("BILLING_URL", billing.uri()),
        ("PAYMENTS_URL", payments.uri()),
        ("FRAUD_URL", fraud.uri()),
    ];
    let toml = std::fs::read_to_string("harness.toml").unwrap();
    start_config(support::config(&toml, &env)).await
}

#[tokio::test]
async fn shipped_get_user_details_answers_as_the_zato_tutorial() {
    // Arrange
    let backends = contract_backends().await;
    let h = shipped_harness(&backends).await;

    // Act
    let answer = send(
        client()
            .get(format!("{}/tutorial/api/get-user-details", h.base))
            .header("X-API-Key", "abc"),
    )
    .await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"account_balance": "357.9", "account_no": "123456", "user_type": "RGV"})
    );
}

#[tokio::test]
async fn shipped_user_channel_notifies_fraud_detection_for_listed_user_types() {
    // Arrange
    let backends = contract_backends().await;
    let h = shipped_harness(&backends).await;

    // Act
    let answer = send(
        client()
            .post(format!("{}/api/v1/user", h.base))
            .basic_auth("api", Some("secret"))
            .body(r#"{"user_name": "my.user"}"#),
    )
    .await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"user_name": "my.user", "user_type": "RGV", "account_no": "123456", "account_balance": "357.9"})
    );
    let notified = support::wait_for_hits(&backends[3], "/fraud/notify", 1).await;
    let body: serde_json::Value = serde_json::from_slice(&notified[0].body).unwrap();
    assert_eq!(body["message"], "User `my.user` accessed `123456`");
}
