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
//! harness.stop().await?;
//! # Ok(()) }
//! ```

use std::net::SocketAddr;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::plan::Config;
use super::server::serve_with_shutdown;
use crate::error::Error;

/// A harness serving in a background task; dropping it shuts it down too.
#[derive(Debug)]
pub struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
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
    let task = tokio::spawn(serve_with_shutdown(config, listener, async {
        let _ = stopped.await;
    }));
    Ok(Running {
        addr,
        stop: Some(stop),
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
