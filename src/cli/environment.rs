//! The run's environment from `apitest.toml`: fake backends first, then the
//! services (which may refer to the backends' URLs), stopped in reverse order.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::BackendConfig;
use crate::error::Error;
use crate::mock::RunningBackend;
use crate::services::{Placeholders, RunningService, ServiceConfig, start_all};

/// What was started for a run.
pub struct Environment {
    /// The fake backends, by name order.
    pub backends: Vec<RunningBackend>,
    /// The services, by name order.
    pub services: Vec<RunningService>,
    /// `backends.NAME.url` and `services.NAME.url`, for variables.
    pub placeholders: Placeholders,
}

/// Starts every backend, then every service.
pub async fn start(
    root: &Path,
    backends: &BTreeMap<String, BackendConfig>,
    services: &BTreeMap<String, ServiceConfig>,
) -> Result<Environment, Error> {
    let mut placeholders = Placeholders::default();
    let mut running = Vec::new();
    for (name, config) in backends {
        match crate::mock::start(
            name,
            &crate::config::resolve(root, &config.stubs),
            config.port,
        )
        .await
        {
            Ok(backend) => {
                placeholders.insert(format!("backends.{name}.url"), backend.url());
                running.push(backend);
            }
            Err(e) => {
                stop_backends(running).await;
                return Err(e);
            }
        }
    }
    match start_all(root, services, &mut placeholders).await {
        Ok(services) => Ok(Environment {
            backends: running,
            services,
            placeholders,
        }),
        Err(e) => {
            stop_backends(running).await;
            Err(e)
        }
    }
}

/// `apitest mock [DIR]`: serves the backends of `DIR` (a folder of stub files, a
/// WireMock root or one stub file), else of `apitest.toml`'s `[backends]`, else of
/// `mocks/`, prints each name and URL, and stops them cleanly on Ctrl-C.
pub fn serve_mocks(dir: Option<std::path::PathBuf>) -> Result<u8, Error> {
    let runtime = tokio::runtime::Runtime::new()
        .map_err(|e| Error::Runtime(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let backends = match dir {
            Some(dir) => crate::mock::start_dir(&dir).await?,
            None => {
                let (project, _) = crate::config::load_project(Path::new("."))?;
                if project.backends.is_empty() {
                    crate::mock::start_dir(Path::new("mocks")).await?
                } else {
                    start(Path::new("."), &project.backends, &BTreeMap::new())
                        .await?
                        .backends
                }
            }
        };
        // Listen for Ctrl-C before saying so: one that comes right after the message
        // must stop the backends, not kill the process. (The handler is installed on
        // the first poll.)
        let mut ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
        let first = futures::poll!(ctrl_c.as_mut());
        if let std::task::Poll::Ready(Err(e)) = first {
            stop_backends(backends).await;
            return Err(Error::Runtime(format!("cannot listen for Ctrl-C: {e}")));
        }
        for backend in &backends {
            outln!("{:<12} {}", backend.name(), backend.url());
        }
        let noun = if backends.len() == 1 {
            "backend"
        } else {
            "backends"
        };
        outln!("Serving {} {noun}; Ctrl-C stops them.", backends.len());
        if first.is_pending() {
            let _ = ctrl_c.await;
        }
        stop_backends(backends).await;
        outln!("Stopped.");
        Ok(crate::error::exit::OK)
    })
}

/// Stops the backends.
pub async fn stop_backends(backends: Vec<RunningBackend>) {
    for backend in backends {
        backend.stop().await;
    }
}
