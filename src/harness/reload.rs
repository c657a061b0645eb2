//! Configuration changes without a restart: on `SIGHUP` the harness reads its
//! configuration file again. A file that loads replaces the running
//! configuration (new requests use it; limits, caches and breakers start
//! afresh); one that does not is logged with its diagnostics and counted in
//! `harness_config_reloads_total{result="error"}`, and the running
//! configuration stays.
//!
//! ```sh
//! orchestrator --config harness.toml &
//! $EDITOR harness.toml
//! kill -HUP %1
//! ```

use std::path::PathBuf;

use futures::StreamExt;
use futures::stream::BoxStream;

use super::load::load_config;
use super::plan::Config;
use crate::error::Error;

/// The configuration at `path`, loaded again at each `SIGHUP` (never, where
/// there are no signals).
pub fn on_sighup(path: PathBuf) -> BoxStream<'static, Result<Config, Error>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::hangup()) {
            Ok(hangups) => futures::stream::unfold(hangups, move |mut hangups| {
                let path = path.clone();
                async move {
                    hangups.recv().await?;
                    tracing::info!(path = %path.display(), "SIGHUP: reloading the configuration");
                    Some((load_config(&path), hangups))
                }
            })
            .boxed(),
            Err(e) => {
                tracing::warn!("cannot listen for SIGHUP ({e}): no reloads");
                futures::stream::pending().boxed()
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        futures::stream::pending().boxed()
    }
}
