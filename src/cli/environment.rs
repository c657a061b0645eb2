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
        match crate::mock::start(name, &root.join(&config.stubs), config.port).await {
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

/// Stops the backends.
pub async fn stop_backends(backends: Vec<RunningBackend>) {
    for backend in backends {
        backend.stop().await;
    }
}
