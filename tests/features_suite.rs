//! The repository's own suite, `features/`, run end to end as a user runs it:
//! `apitest run` in the repository root starts the fake backends and the
//! orchestration harness from `apitest.toml`, runs every feature against them, and
//! writes a JUnit report.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every `features/*.feature` file with its `Feature:` title.
fn feature_titles(root: &Path) -> Vec<(PathBuf, String)> {
    let mut titles = Vec::new();
    for entry in std::fs::read_dir(root.join("features")).expect("features/ exists") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|e| e != "feature") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a readable feature file");
        let title = text
            .lines()
            .find_map(|line| line.trim().strip_prefix("Feature:"))
            .unwrap_or_else(|| panic!("{} has no `Feature:` line", path.display()))
            .trim()
            .to_owned();
        titles.push((path, title));
    }
    titles.sort();
    titles
}

/// The `<testsuite ...>` start tags of a JUnit report.
fn testsuite_tags(junit: &str) -> Vec<&str> {
    junit
        .split("<testsuite ")
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or_default())
        .collect()
}

/// The value of `name="..."` in a start tag, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag
        .find(&format!(" {name}=\""))
        .map(|i| i + name.len() + 3)?;
    let value = &tag[start..start + tag[start..].find('"')?];
    Some(
        value
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[test]
fn the_repository_suite_passes_against_the_harness_and_reports_every_feature() {
    // Arrange
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let features = feature_titles(&root);
    assert!(!features.is_empty(), "features/ holds no feature files");
    let junit = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("features-suite-{}.xml", std::process::id()));
    let _ = std::fs::remove_file(&junit);

    // Act
    let output = Command::new(env!("CARGO_BIN_EXE_apitest"))
        .arg("run")
        .arg("--junit")
        .arg(&junit)
        .args(["--format", "progress", "--color", "never"])
        .current_dir(&root)
        .output()
        .expect("apitest runs");

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "the suite failed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    let report = std::fs::read_to_string(&junit).expect("the JUnit report is written");
    let suites = testsuite_tags(&report);
    assert_eq!(
        suites.len(),
        features.len(),
        "one <testsuite> per feature file"
    );
    for (path, title) in &features {
        let suite = suites
            .iter()
            .find(|tag| attribute(tag, "name").as_deref() == Some(title.as_str()))
            .unwrap_or_else(|| panic!("no <testsuite> for {} ({title})", path.display()));
        assert_eq!(
            attribute(suite, "failures").as_deref(),
            Some("0"),
            "{title}"
        );
        assert_eq!(attribute(suite, "errors").as_deref(), Some("0"), "{title}");
        let tests: usize = attribute(suite, "tests")
            .and_then(|n| n.parse().ok())
            .unwrap_or_default();
        assert!(tests > 0, "{title} ran no scenario");
    }
    let _ = std::fs::remove_file(&junit);
}
