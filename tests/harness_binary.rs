//! The `orchestrator` binary: it serves a config file, prints where it listens,
//! and logs each request as structured JSON carrying the correlation id.

mod support;

use std::time::Duration;

#[test]
fn orchestrator_serves_the_config_and_logs_the_correlation_id() {
    // Arrange
    let backend = support::closed_port_url();
    let env: Vec<(&str, &str)> = ["CRM_URL", "BILLING_URL", "PAYMENTS_URL", "FRAUD_URL"]
        .into_iter()
        .map(|k| (k, backend.as_str()))
        .chain([("RUST_LOG", "info")])
        .collect();
    let args = ["--config", "harness.toml", "--json-logs"].map(std::ffi::OsStr::new);
    let orchestrator = support::Orchestrator::start(&args, &env);
    let base = orchestrator.base.clone();

    // Act
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answer = runtime.block_on(support::send(
        support::client()
            .get(format!("{base}/tutorial/api/get-user-details"))
            .header("X-API-Key", "abc")
            .header("X-Correlation-ID", "binary-test-1"),
    ));
    std::thread::sleep(Duration::from_millis(100));
    let logs = orchestrator.stop_and_read_logs();

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.header("x-correlation-id"), Some("binary-test-1"));
    let served = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["fields"]["message"] == "request served")
        .unwrap_or_else(|| panic!("no `request served` log line in:\n{logs}"));
    assert_eq!(served["span"]["cid"], "binary-test-1");
    assert_eq!(served["fields"]["status"], 502);
    assert_eq!(served["span"]["channel"], "get-user-details");
    // The caller got the backend and a kind; the log has the details, under the id.
    assert_eq!(answer.json["error"], "backend `crm` is unreachable");
    let failed = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["fields"]["message"] == "backend call failed")
        .unwrap_or_else(|| panic!("no `backend call failed` log line in:\n{logs}"));
    assert_eq!(failed["span"]["cid"], "binary-test-1");
    assert_eq!(failed["fields"]["kind"], "unreachable");
    let detail = failed["fields"]["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(&backend), "the log names the URL: {detail}");
}
