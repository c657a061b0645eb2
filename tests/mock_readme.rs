//! Every example in `mocks/README.md` is true: each fenced block follows a
//! `<!-- readme-test: KIND -->` comment that says how this file runs it, and a block
//! without one fails the test. (The endpoint tables are `tests/mock_backends.rs`'s.)

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader};

/// A fenced block and the marker before it.
struct Example {
    marker: String,
    text: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn examples() -> Vec<Example> {
    let readme = std::fs::read_to_string(root().join("mocks/README.md")).unwrap();
    let mut out = Vec::new();
    let mut marker: Option<String> = None;
    let mut block: Option<Vec<&str>> = None;
    let mut previous = "";
    for line in readme.lines() {
        match &mut block {
            Some(lines) if line.starts_with("```") => {
                let text = lines.join("\n") + "\n";
                let marker = marker.take().unwrap_or_else(|| {
                    panic!("a block in mocks/README.md has no readme-test marker:\n{text}")
                });
                out.push(Example { marker, text });
                block = None;
            }
            Some(lines) => lines.push(line),
            None if line.starts_with("```") => {
                let found = previous
                    .strip_prefix("<!-- readme-test: ")
                    .and_then(|m| m.strip_suffix(" -->"));
                marker = found.map(str::to_owned);
                block = Some(Vec::new());
            }
            None => {}
        }
        previous = line;
    }
    out
}

fn example(kind: &str) -> Example {
    examples()
        .into_iter()
        .find(|e| e.marker.starts_with(kind))
        .unwrap_or_else(|| panic!("no `{kind}` example in mocks/README.md"))
}

fn ports(text: &str) -> String {
    regex::Regex::new(r"127\.0\.0\.1:\d+")
        .unwrap()
        .replace_all(text, "127.0.0.1:PORT")
        .into_owned()
}

#[test]
fn every_block_is_one_of_the_kinds_this_file_runs() {
    let kinds = [
        "command apitest mock",
        "bad-stub ",
        "stderr of the bad stub",
        "stub,",
    ];
    let all = examples();
    assert!(all.len() >= 4, "examples: {}", all.len());
    for e in all {
        assert!(
            kinds.iter().any(|k| e.marker.starts_with(k)),
            "unknown readme-test kind: {}",
            e.marker
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_apitest_mock_example_prints_what_the_binary_prints() {
    // Arrange
    let shown = example("command apitest mock").text;
    let expected: Vec<&str> = shown.lines().skip(1).collect();
    assert_eq!(shown.lines().next(), Some("$ apitest mock"));
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .arg("mock")
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // Act
    let mut printed = Vec::new();
    while let Ok(Ok(Some(line))) =
        tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await
    {
        let last = line.starts_with("Serving");
        printed.push(ports(&line));
        if last {
            break;
        }
    }
    let pid = i32::try_from(child.id().unwrap()).unwrap();
    kill(Pid::from_raw(pid), Signal::SIGINT).unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .unwrap()
        .unwrap();
    // Assert
    let expected: Vec<String> = expected.iter().map(|l| ports(l)).collect();
    assert_eq!(printed, expected);
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_bad_stub_example_gives_the_error_shown() {
    // Arrange: the bad file where the README says it is, in a fresh project.
    let bad = example("bad-stub ");
    let file = bad.marker.trim_start_matches("bad-stub ").trim();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &bad.text).unwrap();
    let folder = Path::new(file).parent().unwrap();
    // Act
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .arg("mock")
        .arg(folder)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    // Assert
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        example("stderr of the bad stub").text
    );
    assert_eq!(output.status.code(), Some(3));
}

#[tokio::test]
async fn the_format_subset_example_loads_and_answers_its_request() {
    // Arrange
    let stub = example("stub,").text;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("payments.json");
    std::fs::write(&path, stub).unwrap();
    let backend = apitest::mock::start("payments", &path, None).await.unwrap();
    // Act
    let response = reqwest::Client::new()
        .post(format!("{}/balance/get?USER=partner", backend.url()))
        .header("Content-Type", "application/json")
        .body(r#"{"ACC_NUM": "123456"}"#)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let cache = response.headers().get("cache-control").cloned();
    let body: serde_json::Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    backend.stop().await;
    // Assert
    assert_eq!(status, 200);
    assert_eq!(cache.unwrap(), "no-store");
    assert_eq!(body, serde_json::json!({"ACC_BALANCE": "357.9"}));
}
