//! `apitest demo`: the showcase, from any directory, offline. The repository's
//! own project is embedded in the binary — `features/` (the specification of the
//! orchestration harness), `mocks/` (the fake backends), `harness.toml` and
//! `apitest.toml` — written to a directory and run there, with JUnit and HTML
//! reports:
//!
//! ```text
//! DIR/apitest.toml    starts the fakes and `apitest orchestrator --config harness.toml`
//! DIR/harness.toml
//! DIR/features/*.feature
//! DIR/mocks/*.json
//! DIR/reports/junit.xml, DIR/reports/report.html
//! ```

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::error::Error;

static FEATURES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/features");
static MOCKS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/mocks");
const APITEST_TOML: &str = include_str!("../../apitest.toml");
const HARNESS_TOML: &str = include_str!("../../harness.toml");

/// Where the demo project goes: the given directory (new or empty), or a new
/// temporary one that is kept so its reports can be read.
pub fn project_dir(dir: Option<PathBuf>) -> Result<PathBuf, Error> {
    match dir {
        Some(dir) => {
            let empty = std::fs::read_dir(&dir).map_or(true, |mut d| d.next().is_none());
            if empty {
                Ok(dir)
            } else {
                Err(Error::Usage(format!(
                    "`{}` is not empty; give a new or empty directory",
                    dir.display()
                )))
            }
        }
        None => tempfile::Builder::new()
            .prefix("apitest-demo.")
            .tempdir()
            .map(tempfile::TempDir::keep)
            .map_err(|e| Error::Runtime(format!("cannot create a temporary directory: {e}"))),
    }
}

/// Writes the embedded project into `dir`.
pub fn write_project(dir: &Path) -> Result<(), Error> {
    let failed = |e: std::io::Error| {
        Error::Runtime(format!(
            "cannot write the demo project to {}: {e}",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir.join("features")).map_err(failed)?;
    std::fs::create_dir_all(dir.join("mocks")).map_err(failed)?;
    FEATURES.extract(dir.join("features")).map_err(failed)?;
    MOCKS.extract(dir.join("mocks")).map_err(failed)?;
    std::fs::write(dir.join("apitest.toml"), APITEST_TOML).map_err(failed)?;
    std::fs::write(dir.join("harness.toml"), HARNESS_TOML).map_err(failed)?;
    Ok(())
}
