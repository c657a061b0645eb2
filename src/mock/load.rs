//! Stub files → [`StubSet`]: finding the files, reading them, and turning every
//! problem into a [`Diagnostic`] that points at the file, line and column.
//!
//! A backend is either one file, `mocks/<backend>.json`, or a folder in WireMock's
//! layout, `mocks/<backend>/mappings/*.json` with response bodies in
//! `mocks/<backend>/__files/`. A single file's `bodyFileName`s are read from the
//! `__files/` folder next to it (`mocks/__files/`).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Location, display_path};
use crate::error::Error;
use crate::mock::parse::FileParser;
use crate::mock::spanned;
use crate::mock::stub::{Mapping, StubSet};

/// Loads the backend `name` from a stub file or a WireMock-style folder.
///
/// Every problem in every file is reported, as [`Error::Input`].
pub fn load(name: &str, path: &Path) -> Result<StubSet, Error> {
    let (files, files_dir) = if path.is_dir() {
        let mappings = path.join("mappings");
        if !mappings.is_dir() {
            return Err(Diagnostic::new(format!(
                "stub folder {} has no `mappings/` folder",
                display_path(path).display()
            ))
            .expected("a folder with `mappings/*.json` (and optionally `__files/`)")
            .into());
        }
        let files = json_files(&mappings)?;
        if files.is_empty() {
            let d = display_path(&mappings);
            return Err(Diagnostic::new(format!("no stubs in `{}`", d.display()))
                .note("looked for `*.json` files in it and in its sub-folders")
                .expected(format!(
                    "WireMock mapping files: `{}/<name>.json`",
                    d.display()
                ))
                .into());
        }
        (files, path.join("__files"))
    } else if path.is_file() {
        let parent = path.parent().unwrap_or(Path::new("."));
        (vec![path.to_path_buf()], parent.join("__files"))
    } else {
        return Err(Diagnostic::new(format!(
            "stub file not found: {}",
            display_path(path).display()
        ))
        .expected("a `.json` stub file or a folder with `mappings/`")
        .into());
    };
    let mut mappings = Vec::new();
    let mut diagnostics = Vec::new();
    for file in files {
        match load_file(&file, &files_dir) {
            Ok(found) => mappings.extend(found),
            Err(found) => diagnostics.extend(found),
        }
    }
    if diagnostics.is_empty() {
        Ok(StubSet {
            name: name.to_owned(),
            mappings,
        })
    } else {
        Err(Error::Input(diagnostics))
    }
}

/// The backends at `path`, as `(name, path)`, sorted by name:
///
/// * a stub file: one backend, named after the file (`crm.json` → `crm`);
/// * a WireMock root (a folder holding `mappings/`): one backend, named after the
///   folder;
/// * any other folder: every `*.json` file and every sub-folder holding `mappings/`.
///
/// A path that does not exist is a usage error (as for `apitest run`); a folder
/// without any stubs is invalid input that says what was looked for.
pub fn discover(path: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let shown = display_path(path);
    if !path.exists() {
        return Err(Error::Usage(format!(
            "`{}` does not exist (expected a folder of stub files, a WireMock root with `mappings/`, or a stub file)",
            shown.display()
        )));
    }
    if path.is_file() || path.join("mappings").is_dir() {
        return Ok(vec![(backend_name(path), path.to_path_buf())]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| {
        Error::from(
            Diagnostic::new(format!("cannot read stub folder {}: {e}", shown.display()))
                .expected("a folder of `<backend>.json` files or `<backend>/mappings/` folders"),
        )
    })?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_json = path.extension().is_some_and(|e| e == "json") && path.is_file();
        if is_json || path.join("mappings").is_dir() {
            found.push((backend_name(&path), path.clone()));
        }
    }
    if found.is_empty() {
        let d = shown.display();
        return Err(Diagnostic::new(format!("no stubs in `{d}`"))
            .note("looked for `*.json` stub files, folders holding `mappings/`, and WireMock's own `mappings/` folder")
            .expected(format!("`{d}/<backend>.json`, `{d}/<backend>/mappings/*.json`, or `{d}/mappings/*.json` (with `__files/`)"))
            .into());
    }
    found.sort();
    Ok(found)
}

/// A backend's name: the file name without `.json`, or the folder's name.
fn backend_name(path: &Path) -> String {
    let named = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    named(path)
        .filter(|n| n != "." && n != "..")
        .or_else(|| path.canonicalize().ok().as_deref().and_then(named))
        .unwrap_or_else(|| "wiremock".to_owned())
}

/// The `.json` files under `dir`, recursively, sorted.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        let entries = std::fs::read_dir(&next).map_err(|e| {
            Error::from(Diagnostic::new(format!(
                "cannot read {}: {e}",
                display_path(&next).display()
            )))
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Loads one stub file; `files_dir` is where `bodyFileName`s live.
fn load_file(path: &Path, files_dir: &Path) -> Result<Vec<Mapping>, Vec<Diagnostic>> {
    let shown = display_path(path);
    let source = std::fs::read_to_string(path).map_err(|e| {
        vec![Diagnostic::new(format!(
            "cannot read stub file {}: {e}",
            shown.display()
        ))]
    })?;
    parse_source(&shown, &source, files_dir)
}

/// Parses the text of a stub file shown to the user as `path`.
pub fn parse_source(
    path: &Path,
    source: &str,
    files_dir: &Path,
) -> Result<Vec<Mapping>, Vec<Diagnostic>> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(source) {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        let location = Location::new(path, e.line().max(1), e.column().max(1));
        return Err(vec![
            Diagnostic::new("invalid JSON in stub file")
                .at(location, source)
                .underline(1)
                .note(message)
                .expected("a JSON object: `{\"mappings\": [...]}` or one mapping"),
        ]);
    }
    let Some(root) = spanned::parse(source) else {
        return Err(vec![
            Diagnostic::new("invalid JSON in stub file").at_location(Location::new(path, 1, 1)),
        ]);
    };
    let mut parser = FileParser::new(path, source, files_dir);
    let mappings = parser.file(&root);
    let diagnostics = parser.into_diagnostics();
    if diagnostics.is_empty() {
        Ok(mappings)
    } else {
        Err(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::spanned::{Kind, Node};

    fn all_nodes(node: &Node, out: &mut Vec<(usize, usize)>) {
        out.push((node.start, node.end));
        match &node.kind {
            Kind::Object(members) => members.iter().for_each(|m| all_nodes(&m.value, out)),
            Kind::Array(items) => items.iter().for_each(|i| all_nodes(i, out)),
            _ => {}
        }
    }

    /// No stub file a user can write makes the loader panic: every truncation and
    /// every value swapped for a value of another type is reported, not a crash.
    #[test]
    fn mangled_stub_files_never_panic() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("mocks");
        for name in ["fraud.json", "billing.json"] {
            let source = std::fs::read_to_string(dir.join(name)).unwrap();
            let shown = Path::new(name);
            for (cut, _) in source.char_indices().step_by(3) {
                let _ = parse_source(shown, &source[..cut], &dir.join("__files"));
            }
            let root = spanned::parse(&source).unwrap();
            let mut nodes = Vec::new();
            all_nodes(&root, &mut nodes);
            let swaps = [
                "null",
                "-1",
                "1e999",
                "\"(\"",
                "[]",
                "{}",
                "true",
                "\"é{{x\"",
                "[{}]",
            ];
            for (start, end) in nodes {
                for swap in swaps {
                    let mangled = format!("{}{swap}{}", &source[..start], &source[end..]);
                    let _ = parse_source(shown, &mangled, &dir.join("__files"));
                }
            }
        }
    }

    #[test]
    fn a_single_mapping_and_a_mappings_list_both_load() {
        let one = r#"{"request": {"urlPath": "/a"}, "response": {"status": 204}}"#;
        let list = format!(r#"{{"mappings": [{one}, {one}], "meta": {{"total": 2}}}}"#);
        let files = Path::new("__files");
        assert_eq!(parse_source(Path::new("x"), one, files).unwrap().len(), 1);
        assert_eq!(parse_source(Path::new("x"), &list, files).unwrap().len(), 2);
    }
}
