//! `apitest init` (a starter project) and `apitest demo` (that project run
//! against a local demo server, fully offline).
//!
//! The project has zato-apitest's layout:
//!
//! ```text
//! DIR/features/demo.feature
//! DIR/features/config.ini              [user] demo_address=...
//! DIR/features/json/request/demo.json
//! DIR/features/json/response/demo.json
//! ```

use std::path::{Path, PathBuf};

use axum::http::header::SERVER;
use axum::routing::post;
use axum::{Json, Router};

use crate::error::Error;

/// The files of a new project: (path under the project, content).
const FILES: &[(&str, &str)] = &[
    (
        "features/demo.feature",
        include_str!("template/demo.feature"),
    ),
    ("features/config.ini", include_str!("template/config.ini")),
    (
        "features/json/request/demo.json",
        include_str!("template/request.json"),
    ),
    (
        "features/json/response/demo.json",
        include_str!("template/response.json"),
    ),
];

/// Creates the starter project in `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| Error::Runtime(format!("cannot read {}: {e}", dir.display())))?
            .next()
            .is_none();
        if !empty {
            return Err(Error::Usage(format!(
                "`{}` is not empty; give a new or empty directory",
                dir.display()
            )));
        }
    }
    for (path, content) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::Runtime(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, content)
            .map_err(|e| Error::Runtime(format!("cannot write {}: {e}", target.display())))?;
    }
    Ok(())
}

/// The demo endpoint's reply, as zato-apitest's demo server gives it.
fn demo_router() -> Router {
    Router::new().route(
        "/demo/rest",
        post(|| async {
            (
                [(SERVER, concat!("apitest-demo/", env!("CARGO_PKG_VERSION")))],
                Json(serde_json::json!({"action": {"code": 0, "msg": "How do you do?", "flow": ["Ack", "Done"]}})),
            )
        }),
    )
}

/// Serves the demo endpoint on 127.0.0.1 (a free port) on a background thread,
/// returning its address, e.g. `http://127.0.0.1:40123`.
pub fn start_demo_server() -> Result<String, Error> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| Error::Runtime(format!("cannot start the demo server: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot start the demo server: {e}")))?;
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                let _ = axum::serve(listener, demo_router()).await;
            }
        });
    });
    Ok(format!("http://{address}"))
}

/// Where the demo project goes: the given directory, or a new temporary one
/// that is kept so its reports can be read.
pub fn demo_dir(dir: Option<PathBuf>) -> Result<PathBuf, Error> {
    match dir {
        Some(dir) => Ok(dir),
        None => tempfile::Builder::new()
            .prefix("apitest-demo.")
            .tempdir()
            .map(tempfile::TempDir::keep)
            .map_err(|e| Error::Runtime(format!("cannot create a temporary directory: {e}"))),
    }
}
