//! Ctrl-C stops the run, keeps what ran: the JUnit report is written, exit 130.

mod common;

use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_run_writes_its_junit_report_and_exits_130() {
    // Arrange
    let server = common::start_target().await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("features")).unwrap();
    std::fs::write(
        dir.path().join("features/mixed.feature"),
        "Feature: Mixed\n\n  Scenario: Quick\n    Given address \"$TARGET\"\n    And URL path \"/json\"\n    When the URL is invoked\n    Then status is \"200\"\n\n  Scenario: Slow\n    Given address \"$TARGET\"\n    And URL path \"/slow\"\n    When the URL is invoked\n",
    )
    .unwrap();
    let junit = dir.path().join("junit.xml");

    // Act
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .args(["run", "features", "--junit", "junit.xml"])
        .current_dir(dir.path())
        .env("TARGET", server.uri())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the quick scenario is reported the run is under way (however slowly
    // this machine started the process); the slow one is still waiting.
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Ok(Ok(Some(line))) =
        tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await
    {
        if line.contains("Quick") {
            break;
        }
    }
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    kill(Pid::from_raw(pid), Signal::SIGINT).unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("apitest stops after Ctrl-C")
        .unwrap();

    // Assert
    assert_eq!(status.code(), Some(130));
    let report = std::fs::read_to_string(&junit).expect("the JUnit report is written");
    assert!(report.contains(r#"<testcase name="Quick""#), "{report}");
    assert!(
        report.contains(
            "<testcase name=\"Slow\" classname=\"Mixed\" time=\"0.000\">\n      <skipped message=\"not run: the run was interrupted\"/>"
        ),
        "{report}"
    );
}
