//! The harness served in the background, for running it in-process (the test
//! runner, integration tests):
//!
//! ```no_run
//! # async fn demo() -> Result<(), apitest::error::Error> {
//! use apitest::harness::{load_config, spawn};
//!
//! let config = load_config(std::path::Path::new("harness.toml"))?;
//! let harness = spawn(config, "127.0.0.1:0".parse().expect("address")).await?;
//! println!("serving on {}", harness.url());
//! // ... send requests ...
//! harness.reload(load_config(std::path::Path::new("harness.toml"))); // as on SIGHUP
//! harness.stop().await?;
//! # Ok(()) }
//! ```

use std::net::SocketAddr;

use futures::StreamExt;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::plan::Config;
use super::server::serve_with_reloads;
use crate::error::Error;

/// A harness serving in a background task; dropping it shuts it down too.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    reloads: mpsc::UnboundedSender<Result<Config, Error>>,
    task: Option<JoinHandle<Result<(), Error>>>,
}

/// Binds `addr` (port 0 picks a free port) and serves `config` in the background.
pub async fn spawn(config: Config, addr: SocketAddr) -> Result<Running, Error> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| Error::Runtime(format!("cannot listen on {addr}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot read the listening address: {e}")))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let (reloads, received) = mpsc::unbounded_channel();
    let received = futures::stream::unfold(received, |mut r| async move {
        r.recv().await.map(|config| (config, r))
    })
    .boxed();
    let task = tokio::spawn(serve_with_reloads(
        config,
        listener,
        async {
            let _ = stopped.await;
        },
        received,
    ));
    Ok(Running {
        addr,
        stop: Some(stop),
        reloads,
        task: Some(task),
    })
}

impl Running {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Replaces the configuration, as a `SIGHUP` does: a configuration that
    /// failed to load is logged and counted, and the running one stays.
    pub fn reload(&self, config: Result<Config, Error>) {
        let _ = self.reloads.send(config);
    }

    /// Shuts down gracefully (in-flight requests finish) and reports how the
    /// server ended.
    pub async fn stop(mut self) -> Result<(), Error> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task
                .await
                .map_err(|e| Error::Runtime(format!("the harness task failed: {e}")))?,
            None => Ok(()),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
