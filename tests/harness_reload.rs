//! Configuration changes without a restart: a reload replaces the running
//! configuration, and one that does not load is logged and counted while the
//! running configuration stays — in-process, and with `SIGHUP` to the binary.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns panic on a broken environment

mod support;

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use apitest::harness::{parse_config, spawn};
use support::client;

fn channel(path: &str) -> String {
    format!("[[channels]]\nname = \"only\"\npath = \"{path}\"\n")
}

async fn status(base: &str, path: &str) -> u16 {
    client()
        .get(format!("{base}{path}"))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

async fn metrics(base: &str) -> String {
    match client().get(format!("{base}/metrics")).send().await {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Polls (up to 2 s) until `/metrics` shows `line`.
async fn wait_for_metric(base: &str, line: &str) -> String {
    let mut text = String::new();
    for _ in 0..100 {
        text = metrics(base).await;
        if text.lines().any(|l| l == line) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    text
}

#[tokio::test]
async fn a_reload_replaces_the_configuration_and_a_failed_one_keeps_it() {
    // Arrange
    let load = |text: &str| parse_config(text, Path::new("reload.toml"), &|_| None);
    let running = spawn(
        load(&channel("/a")).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let base = running.url();
    let before = (status(&base, "/a").await, status(&base, "/b").await);

    // Act: a good configuration, then a bad one
    running.reload(load(&channel("/b")));
    let after_ok = wait_for_metric(&base, r#"harness_config_reloads_total{result="ok"} 1"#).await;
    let swapped = (status(&base, "/a").await, status(&base, "/b").await);
    running.reload(load(
        "[[channels]]\nname = \"broken\"\npath = \"no-slash\"\n",
    ));
    let after_error =
        wait_for_metric(&base, r#"harness_config_reloads_total{result="error"} 1"#).await;
    let kept = status(&base, "/b").await;

    // Assert
    assert_eq!(before, (200, 404));
    assert!(after_ok.contains(r#"{result="ok"} 1"#), "{after_ok}");
    assert_eq!(swapped, (404, 200));
    assert!(
        after_error.contains(r#"{result="error"} 1"#),
        "{after_error}"
    );
    assert_eq!(kept, 200, "the running configuration stays");
    running.stop().await.unwrap();
}

#[test]
fn sighup_reloads_the_file_and_keeps_the_old_configuration_when_the_new_one_is_invalid() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("harness.toml");
    std::fs::write(&file, channel("/a")).unwrap();
    let orchestrator = support::Orchestrator::start(
        &[OsStr::new("--config"), file.as_os_str()],
        &[("RUST_LOG", "info")],
    );
    let pid = nix::unistd::Pid::from_raw(i32::try_from(orchestrator.pid()).unwrap());
    let base = orchestrator.base.clone();
    let runtime = tokio::runtime::Runtime::new().unwrap();

    // Act: a new channel, then a file with a mistake
    std::fs::write(&file, channel("/b")).unwrap();
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).unwrap();
    let reloaded = runtime.block_on(wait_for_metric(
        &base,
        r#"harness_config_reloads_total{result="ok"} 1"#,
    ));
    let served = runtime.block_on(async { (status(&base, "/a").await, status(&base, "/b").await) });
    std::fs::write(&file, "[[channels]]\nname = \"c\"\npaht = \"/c\"\n").unwrap();
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGHUP).unwrap();
    let refused = runtime.block_on(wait_for_metric(
        &base,
        r#"harness_config_reloads_total{result="error"} 1"#,
    ));
    let kept = runtime.block_on(status(&base, "/b"));
    let logs = orchestrator.stop_and_read_logs();

    // Assert
    assert!(reloaded.contains(r#"{result="ok"} 1"#), "{reloaded}");
    assert_eq!(served, (404, 200));
    assert!(refused.contains(r#"{result="error"} 1"#), "{refused}");
    assert_eq!(kept, 200);
    assert!(logs.contains("configuration reload failed"), "{logs}");
    assert!(logs.contains("unknown key `paht`"), "{logs}");
    assert!(
        logs.contains("harness.toml:3:1"),
        "the diagnostic keeps its place: {logs}"
    );
}
