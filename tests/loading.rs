//! Loading feature files: backgrounds, rules, outlines, tags and discovery.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use apitest::gherkin::{Discovered, LoadOptions, Suite, TagFilter, discover, load};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn load_dir(dir: &Path, options: &LoadOptions) -> Suite {
    load(&discover(&[dir.to_path_buf()]).unwrap().files, options).suite
}

/// The files found, relative to `dir`.
fn relative(found: &Discovered, dir: &Path) -> Vec<PathBuf> {
    found
        .files
        .iter()
        .map(|f| f.path.strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

fn texts(suite: &Suite, feature: usize, scenario: usize) -> Vec<String> {
    suite.features[feature].scenarios[scenario]
        .steps
        .iter()
        .map(|s| s.text.to_string())
        .collect()
}

const RULES: &str = "Feature: F\n  Background:\n    Given address \"http://127.0.0.1:1\"\n\n  Scenario: Outside\n    When the URL is invoked\n\n  Rule: R\n    Background:\n      Given header \"X-Rule\" \"1\"\n\n    Scenario: Inside\n      When the URL is invoked\n";

#[test]
fn a_rules_background_runs_after_the_features() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "features/r.feature", RULES);
    let suite = load_dir(dir.path(), &LoadOptions::default());
    assert_eq!(
        texts(&suite, 0, 0),
        ["address \"http://127.0.0.1:1\"", "the URL is invoked"]
    );
    assert_eq!(
        texts(&suite, 0, 1),
        [
            "address \"http://127.0.0.1:1\"",
            "header \"X-Rule\" \"1\"",
            "the URL is invoked"
        ]
    );
}

#[test]
fn each_outline_row_is_a_scenario_named_with_its_values() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "features/o.feature",
        "Feature: F\n  Scenario Outline: Get <path>\n    Given URL path \"<path>\"\n\n    Examples:\n      | path |\n      | /a   |\n      | /b   |\n\n  Scenario Outline: Same name\n    Given URL path \"<p>\"\n\n    Examples:\n      | p  |\n      | /c |\n",
    );
    let suite = load_dir(dir.path(), &LoadOptions::default());
    let names: Vec<&str> = suite.features[0]
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Get /a", "Get /b", "Same name (p=/c)"]);
    assert_eq!(texts(&suite, 0, 1), ["URL path \"/b\""]);
}

#[test]
fn tags_are_inherited_from_feature_rule_scenario_and_examples() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "features/t.feature",
        "@f\nFeature: F\n  @r\n  Rule: R\n    @s\n    Scenario Outline: O\n      Given URL path \"<p>\"\n\n      @e1\n      Examples:\n        | p  |\n        | /1 |\n\n      @e2\n      Examples:\n        | p  |\n        | /2 |\n",
    );
    let only = |expr: &str| {
        let options = LoadOptions {
            tags: Some(TagFilter::parse(expr).unwrap()),
            name: None,
        };
        load_dir(dir.path(), &options).features[0]
            .scenarios
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(only("@f and @r and @s and @e2"), ["O (p=/2)"]);
    assert_eq!(only("@e1"), ["O (p=/1)"]);
    assert_eq!(only("not @f"), Vec::<String>::new());
}

#[test]
fn a_feature_file_path_finds_its_features_directory() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "project/features/sub/one.feature", RULES);
    let found = discover(&[file]).unwrap();
    assert_eq!(
        found.files[0].features_dir,
        dir.path().join("project/features")
    );
}

#[test]
fn a_project_directory_is_searched_recursively_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "features/b.feature", RULES);
    write(dir.path(), "features/a/z.feature", RULES);
    write(dir.path(), "features/notes.txt", "not a feature");
    let found = discover(&[dir.path().to_path_buf()]).unwrap();
    let names = relative(&found, dir.path());
    assert_eq!(
        names,
        [
            PathBuf::from("features/a/z.feature"),
            PathBuf::from("features/b.feature")
        ]
    );
}

#[test]
fn features_that_store_variables_keep_their_order_and_others_do_not() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "features/a.feature", RULES);
    write(
        dir.path(),
        "features/b.feature",
        "Feature: B\n  Scenario: S\n    Given I store \"1\" under \"x\"\n",
    );
    let suite = load_dir(dir.path(), &LoadOptions::default());
    assert!(!suite.features[0].ordered);
    assert!(suite.features[1].ordered);
}

#[test]
fn shards_split_a_suite_into_disjoint_parts_that_cover_it_and_keep_ordered_features_whole() {
    let dir = tempfile::tempdir().unwrap();
    let scenarios: String = (0..7)
        .map(|i| format!("  Scenario: S{i}\n    Given URL path \"/{i}\"\n\n"))
        .collect();
    write(
        dir.path(),
        "features/a.feature",
        &format!("Feature: A\n{scenarios}"),
    );
    write(
        dir.path(),
        "features/b.feature",
        "Feature: B\n  Scenario: B1\n    Given I store \"1\" under \"x\"\n  Scenario: B2\n    Given URL path \"/#{x}\"\n",
    );
    let names = |suite: &Suite| -> Vec<String> {
        suite
            .features
            .iter()
            .flat_map(|f| f.scenarios.iter().map(|s| format!("{}/{}", f.name, s.name)))
            .collect()
    };
    let all = names(&load_dir(dir.path(), &LoadOptions::default()));
    for count in 1..=4 {
        let mut seen = Vec::new();
        for index in 1..=count {
            let mut suite = load_dir(dir.path(), &LoadOptions::default());
            suite.shard(index, count);
            let part = names(&suite);
            let b = part.iter().filter(|n| n.starts_with("B/")).count();
            assert!(
                b == 0 || b == 2,
                "feature B is split in shard {index}/{count}: {part:?}"
            );
            seen.extend(part);
        }
        seen.sort();
        let mut expected = all.clone();
        expected.sort();
        assert_eq!(seen, expected, "shards of {count}");
    }
}

#[test]
fn a_symbolic_link_loop_is_followed_once_with_a_warning() {
    // Arrange: features/again -> features, and features/same -> features/sub.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "features/a.feature", RULES);
    write(dir.path(), "features/sub/b.feature", RULES);
    std::os::unix::fs::symlink(
        dir.path().join("features"),
        dir.path().join("features/again"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("features/sub"),
        dir.path().join("features/same"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("features/a.feature"),
        dir.path().join("features/link.feature"),
    )
    .unwrap();

    // Act
    let found = discover(&[dir.path().to_path_buf()]).unwrap();

    // Assert: each real file once, one warning for the loop.
    let names = relative(&found, dir.path());
    assert_eq!(
        names,
        [
            PathBuf::from("features/a.feature"),
            PathBuf::from("features/sub/b.feature")
        ]
    );
    assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
    let features = dir.path().join("features");
    assert_eq!(
        found.warnings[0],
        format!(
            "warning: {} leads back to {} (a symbolic link loop); not followed",
            features.join("again").display(),
            features.display()
        )
    );
}

#[test]
fn an_invalid_file_is_an_error_scenario_and_the_other_files_still_load() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "features/a.feature", RULES);
    write(
        dir.path(),
        "features/b.feature",
        "Feature: B\n  Scenario: S\n    Given request is\n      \"\"\"\n      {\"a\": 1}\n",
    );
    write(
        dir.path(),
        "features/c.feature",
        "Feature: C\n\n  Scenaro: only one\n    Given URL path \"/x\"\n",
    );
    let loaded = load(
        &discover(&[dir.path().to_path_buf()]).unwrap().files,
        &LoadOptions::default(),
    );
    let names: Vec<String> = loaded
        .suite
        .features
        .iter()
        .map(|f| format!("{}: {}", f.name, f.scenarios.len()))
        .collect();
    let shown = |name: &str| {
        apitest::diag::display_path(&dir.path().join(name))
            .display()
            .to_string()
    };
    assert_eq!(
        names,
        [
            "F: 2".to_owned(),
            format!("{}: 1", shown("features/b.feature")),
            format!("{}: 1", shown("features/c.feature")),
        ]
    );
    let titles: Vec<&str> = loaded.problems.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "unexpected end of file: a doc string is not closed",
            "no scenario in this feature file"
        ]
    );
    assert!(
        loaded.suite.features[2].scenarios[0]
            .invalid_step()
            .is_some()
    );
}

#[test]
fn the_selection_counts_what_each_filter_keeps() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "features/t.feature",
        "Feature: T\n  @a\n  Scenario: One\n    Given URL path \"/1\"\n  @b\n  Scenario: Two\n    Given URL path \"/2\"\n  Scenario: Three\n    Given URL path \"/3\"\n",
    );
    let options = LoadOptions {
        tags: Some(TagFilter::parse("@a").unwrap()),
        name: Some(regex::Regex::new("T").unwrap()),
    };
    let loaded = load(
        &discover(&[dir.path().to_path_buf()]).unwrap().files,
        &options,
    );
    assert_eq!(
        loaded.selection,
        apitest::gherkin::Selection {
            total: 3,
            tags: 1,
            name: 2
        }
    );
    assert_eq!(loaded.suite.scenario_count(), 0);
}
