//! `apitest mock`: serves the fake backends, prints their URLs, stops on Ctrl-C.

use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread")]
async fn mock_serves_the_shipped_backends_until_ctrl_c() {
    // Arrange
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .args(["mock", "mocks"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut urls = Vec::new();
    while let Ok(Ok(Some(line))) =
        tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await
    {
        if line.starts_with("Serving") {
            break;
        }
        urls.push(line);
    }

    // Act
    let crm = urls
        .iter()
        .find(|l| l.starts_with("crm"))
        .expect("crm is listed")
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_owned();
    let body = reqwest::get(format!("{crm}/tutorial/api/get-user?UserName=partner"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let user: serde_json::Value = serde_json::from_str(&body).unwrap();
    kill(
        Pid::from_raw(i32::try_from(child.id().unwrap()).unwrap()),
        Signal::SIGINT,
    )
    .unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    let rest = lines.next_line().await.unwrap();

    // Assert
    let names: Vec<&str> = urls
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        names,
        [
            "billing",
            "commerce",
            "crm",
            "fraud",
            "payments",
            "workplace"
        ]
    );
    assert_eq!(user["UserType"], "RGV");
    assert_eq!(status.code(), Some(0));
    assert_eq!(rest.as_deref(), Some("Stopped."));
}
