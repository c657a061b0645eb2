//! Shared helpers for the harness integration tests: the orchestrator served
//! in-process on port 0, and an HTTP client.
// Test-only helpers: a failure here is a broken test environment, so panicking is right.
#![allow(dead_code, clippy::unwrap_used)]

pub mod contract;

use std::path::Path;
use std::time::Duration;

use apitest::harness::{Config, parse_config, serve_with_shutdown};
use serde_json::Value;
use tokio::sync::oneshot;
use wiremock::MockServer;

/// A running orchestrator; stops when dropped.
pub struct Harness {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Parses `toml`, reading `${NAME}` from `env` pairs only.
pub fn config(toml: &str, env: &[(&str, String)]) -> Config {
    let lookup = |name: &str| env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    match parse_config(toml, Path::new("test.toml"), &lookup) {
        Ok(config) => config,
        Err(e) => panic!("test config does not load:\n{e}"),
    }
}

/// Serves `toml` with `${CRM_URL}` etc. pointing at the given mock servers.
pub async fn start(toml: &str, backends: &[(&str, &MockServer)]) -> Harness {
    let env: Vec<(&str, String)> = backends.iter().map(|(k, s)| (*k, s.uri())).collect();
    start_config(config(toml, &env)).await
}

/// Serves an already loaded config.
pub async fn start_config(config: Config) -> Harness {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(serve_with_shutdown(config, listener, async {
        let _ = stopped.await;
    }));
    Harness {
        base,
        stop: Some(stop),
    }
}

/// A client that never uses a proxy.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// A response's status, headers and JSON body (`null` when empty or not JSON).
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub json: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends a request and reads the answer.
pub async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        json,
    }
}

/// GET `path` on the harness.
pub async fn get(h: &Harness, path: &str) -> Answer {
    send(client().get(format!("{}{path}", h.base))).await
}

/// The harness's `/metrics` text.
pub async fn metrics_text(h: &Harness) -> String {
    client()
        .get(format!("{}/metrics", h.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// POST `body` as JSON to `path` on the harness.
pub async fn post(h: &Harness, path: &str, body: &Value) -> Answer {
    send(
        client()
            .post(format!("{}{path}", h.base))
            .header("content-type", "application/json")
            .body(body.to_string()),
    )
    .await
}

/// Requests `server` received on `path`.
pub async fn hits(server: &MockServer, path: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.url.path() == path)
        .collect()
}

/// Waits (up to a second) until `server` has received `n` requests on `path`.
pub async fn wait_for_hits(server: &MockServer, path: &str, n: usize) -> Vec<wiremock::Request> {
    for _ in 0..100 {
        let found = hits(server, path).await;
        if found.len() >= n {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    hits(server, path).await
}

/// `http://127.0.0.1:PORT` where nothing listens (the port was just freed).
pub fn closed_port_url() -> String {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    url
}

/// The `orchestrator` binary serving in a child process; killed when dropped,
/// passed or failed.
pub struct Orchestrator {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`, from its `listening on` line.
    pub base: String,
}

impl Orchestrator {
    /// Starts `orchestrator ARGS --listen 127.0.0.1:0` with `env` and waits
    /// for its `listening on` line.
    pub fn start(args: &[&std::ffi::OsStr], env: &[(&str, &str)]) -> Orchestrator {
        use std::io::BufRead;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orchestrator"))
            .args(args)
            .args(["--listen", "127.0.0.1:0"])
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first_line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first_line)
            .unwrap();
        let base = first_line
            .trim()
            .trim_start_matches("listening on ")
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{first_line}");
        Orchestrator { child, base }
    }

    /// The process id, for signals.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the process and returns what it logged.
    pub fn stop_and_read_logs(mut self) -> String {
        use std::io::Read;
        let mut stderr = self.child.stderr.take().unwrap();
        drop(self);
        let mut logs = String::new();
        stderr.read_to_string(&mut logs).unwrap();
        logs
    }
}

impl Drop for Orchestrator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
