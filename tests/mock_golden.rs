//! Golden tests for bad stub files: each `tests/golden/mocks/<case>.json` must fail to
//! load with exactly the text in `<case>.err` (the temp dir shown as `$TMP`).
//!
//! Regenerate after a reviewed change with `UPDATE_GOLDEN=1 cargo test --test mock_golden`.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use apitest::mock;

fn check(case: &str) {
    // Arrange: the case file alone in a fresh directory.
    let golden = Path::new("tests/golden/mocks");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("{case}.json"));
    std::fs::copy(golden.join(format!("{case}.json")), &file).unwrap();
    // Act
    let err = mock::load(case, &file).expect_err("the stub file must be rejected");
    // Assert
    assert_eq!(err.exit_code(), 3, "a bad stub file is invalid input");
    let shown = err
        .to_string()
        .replace(&dir.path().display().to_string(), "$TMP");
    let expected_path = golden.join(format!("{case}.err"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &shown).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(shown, expected, "golden mismatch for {case}:\n{shown}");
}

#[test]
fn an_unknown_field_is_named_with_the_nearest_valid_field() {
    check("unknown_field");
}

#[test]
fn invalid_json_points_at_serde_json_line_and_column() {
    check("invalid_json");
}

#[test]
fn an_unsupported_wiremock_feature_is_named_as_unsupported() {
    check("unsupported_feature");
}

#[test]
fn a_transformer_other_than_response_template_is_unsupported() {
    check("unsupported_transformer");
}

#[test]
fn a_template_expression_outside_the_subset_is_unsupported() {
    check("unsupported_template");
}

#[test]
fn a_bad_regex_in_url_path_pattern_is_located() {
    check("bad_regex");
}

#[test]
fn a_missing_body_file_names_the_path_looked_at() {
    check("missing_body_file");
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    check("several_problems");
}

#[test]
fn a_templated_body_file_name_is_named_as_unsupported() {
    check("templated_body_file_name");
}

#[test]
fn an_invalid_json_path_points_at_the_character_and_says_why() {
    check("bad_json_path");
}

#[test]
fn basic_auth_names_its_missing_and_unknown_fields() {
    check("basic_auth_incomplete");
}

#[test]
fn xml_body_patterns_report_bad_xml_undeclared_prefixes_and_unsupported_options() {
    check("xml_body_patterns");
}

#[test]
fn every_golden_case_has_a_test() {
    let mut cases: Vec<String> = std::fs::read_dir("tests/golden/mocks")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    let source = std::fs::read_to_string("tests/mock_golden.rs").unwrap();
    for case in cases {
        assert!(
            source.contains(&format!("check(\"{case}\")")),
            "no test for golden case {case}"
        );
    }
}
