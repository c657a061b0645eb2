//! Finding `.feature` files: a project directory (with `features/`), a features
//! directory (searched recursively, symbolic links followed) or `.feature`
//! files. Each real file is read once, however many paths lead to it, and a
//! symbolic link that leads back into the directories above it is not followed:
//!
//! ```text
//! features/again -> .     warning: features/again leads back to features (a symbolic link loop); not followed
//! ```

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A `.feature` file and the `features/` directory its data files live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureFile {
    /// The file.
    pub path: PathBuf,
    /// Its `features/` directory.
    pub features_dir: PathBuf,
}

/// The feature files found, and warnings about what was not followed.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Every real file once, in path order per argument.
    pub files: Vec<FeatureFile>,
    /// One line per symbolic link loop.
    pub warnings: Vec<String>,
}

/// Finds the feature files under the given paths.
pub fn discover(paths: &[PathBuf]) -> Result<Discovered, Error> {
    let mut found = Discovered::default();
    let mut seen_files = HashSet::new();
    for path in paths {
        let mut add = |file: PathBuf, features_dir: &Path| {
            let real = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if seen_files.insert(real) {
                found.files.push(FeatureFile {
                    path: file,
                    features_dir: features_dir.to_path_buf(),
                });
            }
        };
        if path.is_file() {
            if path.extension().is_none_or(|e| e != "feature") {
                return Err(Error::Usage(format!(
                    "`{}` is not a .feature file",
                    path.display()
                )));
            }
            let features_dir = path
                .ancestors()
                .skip(1)
                .find(|a| a.file_name().is_some_and(|n| n == "features"))
                .or_else(|| path.parent())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            add(path.clone(), &features_dir);
        } else if path.is_dir() {
            let features_dir = if path.join("features").is_dir() {
                path.join("features")
            } else {
                path.clone()
            };
            let mut walk = Walk::default();
            walk.dir(&features_dir).map_err(|e| {
                Error::Runtime(format!("cannot read {}: {e}", features_dir.display()))
            })?;
            walk.files.sort();
            for file in walk.files {
                add(file, &features_dir);
            }
            found.warnings.append(&mut walk.warnings);
        } else {
            return Err(Error::Usage(format!(
                "`{}` does not exist (expected a project directory, a features directory or a .feature file)",
                path.display()
            )));
        }
    }
    if found.files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Usage(format!(
            "no .feature files found in {}",
            shown.join(", ")
        )));
    }
    Ok(found)
}

/// A recursive walk that enters each real directory once.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    warnings: Vec<String>,
    /// Real directories entered so far.
    entered: HashSet<PathBuf>,
    /// The real directories above the current one, with the path shown for each.
    above: Vec<(PathBuf, PathBuf)>,
}

impl Walk {
    fn dir(&mut self, dir: &Path) -> std::io::Result<()> {
        let real = std::fs::canonicalize(dir)?;
        if let Some((_, shown)) = self.above.iter().find(|(r, _)| *r == real) {
            self.warnings.push(format!(
                "warning: {} leads back to {} (a symbolic link loop); not followed",
                dir.display(),
                shown.display()
            ));
            return Ok(());
        }
        if !self.entered.insert(real.clone()) {
            // Reached before through another link: its files are already listed.
            return Ok(());
        }
        self.above.push((real, dir.to_path_buf()));
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        // Real entries before symbolic links: a file reached both ways is
        // listed under its real path.
        entries.sort_by_key(|p| (p.is_symlink(), p.clone()));
        for path in entries {
            if path.is_dir() {
                self.dir(&path)?;
            } else if path.extension().is_some_and(|e| e == "feature") && path.is_file() {
                self.files.push(path);
            }
        }
        self.above.pop();
        Ok(())
    }
}
