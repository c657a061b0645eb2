//! The `orchestrator` binary: it serves a config file, prints where it listens,
//! and logs each request as structured JSON carrying the correlation id.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Kills the child process when the test ends, passed or failed.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn orchestrator_serves_the_config_and_logs_the_correlation_id() {
    // Arrange
    let backend = support::closed_port_url();
    let child = Command::new(env!("CARGO_BIN_EXE_orchestrator"))
        .args([
            "--config",
            "harness.toml",
            "--listen",
            "127.0.0.1:0",
            "--json-logs",
        ])
        .envs([
            ("CRM_URL", &backend),
            ("BILLING_URL", &backend),
            ("PAYMENTS_URL", &backend),
            ("FRAUD_URL", &backend),
        ])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut child = KillOnDrop(child);
    let mut first_line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let base = first_line
        .trim()
        .trim_start_matches("listening on ")
        .to_owned();

    // Act
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answer = runtime.block_on(support::send(
        support::client()
            .get(format!("{base}/tutorial/api/get-user-details"))
            .header("X-API-Key", "abc")
            .header("X-Correlation-ID", "binary-test-1"),
    ));
    std::thread::sleep(Duration::from_millis(100));
    let mut stderr = child.0.stderr.take().unwrap();
    drop(child);
    let mut logs = String::new();
    stderr.read_to_string(&mut logs).unwrap();

    // Assert
    assert!(base.starts_with("http://127.0.0.1:"), "{first_line}");
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
