//! `apitest mock`: serves the fake backends, prints their URLs, stops on Ctrl-C.
//! (Its error messages are golden cases in `tests/golden/mock_*`.)

use std::path::Path;
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout};

/// `apitest mock ARGS` in `dir`, and the lines it printed up to `Serving …`.
async fn serve(dir: &Path, args: &[&str]) -> (Child, Lines<BufReader<ChildStdout>>, Vec<String>) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .arg("mock")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("apitest starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut printed = Vec::new();
    while let Ok(Ok(Some(line))) =
        tokio::time::timeout(Duration::from_secs(20), lines.next_line()).await
    {
        let last = line.starts_with("Serving");
        printed.push(line);
        if last {
            break;
        }
    }
    (child, lines, printed)
}

/// Ctrl-C, then the exit code and the next line printed.
async fn interrupt(
    mut child: Child,
    mut lines: Lines<BufReader<ChildStdout>>,
) -> (Option<i32>, Option<String>) {
    let pid = i32::try_from(child.id().expect("running")).expect("a pid");
    kill(Pid::from_raw(pid), Signal::SIGINT).expect("signal sent");
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("stops within 10 s")
        .expect("exit status");
    (status.code(), lines.next_line().await.expect("stdout"))
}

/// `name  URL` lines → (name, URL).
fn urls(printed: &[String]) -> Vec<(String, String)> {
    printed
        .iter()
        .filter(|l| !l.starts_with("Serving"))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_serves_the_shipped_backends_until_ctrl_c() {
    // Arrange
    let (child, lines, printed) = serve(Path::new(env!("CARGO_MANIFEST_DIR")), &["mocks"]).await;
    let urls = urls(&printed);

    // Act
    let crm = &urls
        .iter()
        .find(|(n, _)| n == "crm")
        .expect("crm is listed")
        .1;
    let body = reqwest::get(format!("{crm}/tutorial/api/get-user?UserName=partner"))
        .await
        .expect("crm answers")
        .text()
        .await
        .expect("a body");
    let user: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let (code, rest) = interrupt(child, lines).await;

    // Assert
    let names: Vec<&str> = urls.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["billing", "crm", "fraud", "payments"]);
    assert_eq!(
        printed.last().map(String::as_str),
        Some("Serving 4 backends; Ctrl-C stops them.")
    );
    assert_eq!(user["UserType"], "RGV");
    assert_eq!(code, Some(0));
    assert_eq!(rest.as_deref(), Some("Stopped."));
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_serves_a_wiremock_root_as_one_backend_named_after_the_folder() {
    // Arrange: WireMock's own layout, `mappings/` and `__files/`.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("shop");
    std::fs::create_dir_all(root.join("mappings/items")).expect("mkdir");
    std::fs::create_dir_all(root.join("__files")).expect("mkdir");
    std::fs::write(root.join("__files/item.json"), r#"{"item": 1}"#).expect("write");
    std::fs::write(
        root.join("mappings/items/get.json"),
        r#"{"request": {"urlPath": "/item"}, "response": {"bodyFileName": "item.json"}}"#,
    )
    .expect("write");

    // Act
    let (child, lines, printed) = serve(dir.path(), &["shop"]).await;
    let urls = urls(&printed);
    let item = reqwest::get(format!("{}/item", urls[0].1))
        .await
        .expect("shop answers")
        .text()
        .await
        .expect("a body");
    let (code, _) = interrupt(child, lines).await;

    // Assert
    let shown: Vec<String> = printed
        .iter()
        .map(|l| {
            regex::Regex::new(r"127\.0\.0\.1:\d+")
                .expect("regex")
                .replace(l, "127.0.0.1:PORT")
                .into_owned()
        })
        .collect();
    assert_eq!(
        shown,
        [
            "shop         http://127.0.0.1:PORT",
            "Serving 1 backend; Ctrl-C stops them."
        ]
    );
    assert_eq!(item, r#"{"item": 1}"#);
    assert_eq!(code, Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn mock_serves_one_stub_file_as_one_backend_named_after_the_file() {
    // Arrange
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("billing.json"),
        r#"{"request": {"urlPath": "/ping"}, "response": {"body": "pong"}}"#,
    )
    .expect("write");

    // Act
    let (child, lines, printed) = serve(dir.path(), &["billing.json"]).await;
    let urls = urls(&printed);
    let pong = reqwest::get(format!("{}/ping", urls[0].1))
        .await
        .expect("billing answers")
        .text()
        .await
        .expect("a body");
    let (code, _) = interrupt(child, lines).await;

    // Assert
    assert_eq!(urls.len(), 1);
    assert_eq!(urls[0].0, "billing");
    assert_eq!(pong, "pong");
    assert_eq!(code, Some(0));
}
