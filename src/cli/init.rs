//! `apitest init`: a starter project.
//!
//! The project has zato-apitest's layout:
//!
//! ```text
//! DIR/features/demo.feature
//! DIR/features/config.ini              [user] demo_address=...
//! DIR/features/json/request/demo.json
//! DIR/features/json/response/demo.json
//! ```

use std::path::Path;

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
