//! One service process: spawn it in its own process group with its output in a
//! log file, wait until it is ready, stop it cleanly (SIGTERM, then SIGKILL).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use tokio::process::{Child, Command};

use super::{CommandLine, Placeholders, ServiceConfig};
use crate::error::Error;

/// A started service.
pub struct RunningService {
    /// Its name in `apitest.toml`.
    pub name: String,
    /// Its base URL.
    pub url: String,
    /// Where its output goes.
    pub log: PathBuf,
    child: Child,
    _log_dir: tempfile::TempDir,
}

impl RunningService {
    /// The last `lines` lines of its output.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.log, lines)
    }

    /// Stops it: SIGTERM to its process group, SIGKILL after 5 seconds.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id().and_then(|p| i32::try_from(p).ok()) {
            let _ = killpg(Pid::from_raw(pid), Signal::SIGTERM);
            if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
                .await
                .is_ok()
            {
                return;
            }
            let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
        }
        let _ = self.child.kill().await;
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn free_port() -> Result<u16, Error> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Error::Runtime(format!("cannot find a free port: {e}")))
}

/// Starts one service and waits until it is ready.
pub(super) async fn start(
    root: &Path,
    name: &str,
    config: &ServiceConfig,
    shared: &Placeholders,
    timeout: Duration,
) -> Result<RunningService, Error> {
    let mut placeholders = shared.clone();
    let port = free_port()?;
    placeholders.insert("port", port.to_string());
    let exe = std::env::current_exe()
        .map_err(|e| Error::Runtime(format!("cannot find the apitest binary: {e}")))?;
    placeholders.insert("apitest", exe.display().to_string());
    let url = match &config.url {
        Some(u) => placeholders.expand(u, &format!("services.{name}.url"))?,
        None => format!("http://127.0.0.1:{port}"),
    };
    placeholders.insert("url", url.clone());

    let what = format!("services.{name}.command");
    let argv: Vec<String> = match &config.command {
        CommandLine::Shell(line) => {
            vec!["sh".into(), "-c".into(), placeholders.expand(line, &what)?]
        }
        CommandLine::Argv(parts) => parts
            .iter()
            .map(|p| placeholders.expand(p, &what))
            .collect::<Result<_, _>>()?,
    };
    let Some((program, args)) = argv.split_first() else {
        return Err(Error::Usage(format!("{what} is empty")));
    };

    let log_dir = tempfile::Builder::new()
        .prefix("apitest-service.")
        .tempdir()
        .map_err(|e| Error::Runtime(format!("cannot create a log directory: {e}")))?;
    let log = log_dir.path().join(format!("{name}.log"));
    let file = File::create(&log)
        .map_err(|e| Error::Runtime(format!("cannot create {}: {e}", log.display())))?;
    let file_err = file
        .try_clone()
        .map_err(|e| Error::Runtime(e.to_string()))?;

    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(root.join(config.cwd.as_deref().unwrap_or(Path::new("."))))
        .stdin(Stdio::null())
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(file_err))
        .process_group(0)
        .kill_on_drop(true);
    for (key, value) in &config.env {
        command.env(
            key,
            placeholders.expand(value, &format!("services.{name}.env.{key}"))?,
        );
    }
    let child = command.spawn().map_err(|e| {
        Error::Runtime(format!(
            "service `{name}` failed to start: cannot run `{program}`: {e}"
        ))
    })?;
    let mut service = RunningService {
        name: name.to_owned(),
        url,
        log,
        child,
        _log_dir: log_dir,
    };

    if let Some(ready) = &config.ready {
        let ready = placeholders.expand(ready, &format!("services.{name}.ready"))?;
        if let Err(why) = wait_ready(&mut service, &ready, timeout).await {
            let tail = service.log_tail(30);
            service.stop().await;
            return Err(Error::Runtime(format!(
                "service `{name}` failed to start: {why}\n--- last lines of its output ---\n{tail}"
            )));
        }
    }
    Ok(service)
}

async fn wait_ready(
    service: &mut RunningService,
    url: &str,
    timeout: Duration,
) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        if let Ok(Some(status)) = service.child.try_wait() {
            return Err(format!("it exited ({status}) before {url} answered"));
        }
        if let Ok(response) = client.get(url).send().await
            && response.status().is_success()
        {
            return Ok(());
        }
        if started.elapsed() >= timeout {
            return Err(format!(
                "{url} did not answer 2xx within {}",
                humantime::format_duration(timeout)
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
