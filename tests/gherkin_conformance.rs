//! Conformance of the Gherkin parser with Cucumber's official parsers.
//!
//! * `tests/gherkin/good/*.feature`: the parser's AST equals the official one
//!   committed beside each file (`.ast.json`: Cucumber's AST without ids and
//!   comments), and the `gherkin` crate model the loader reads agrees with it.
//! * `tests/gherkin/bad/*.feature`: the errors equal the official ones (`.errors`,
//!   one message a line, as the official parsers word them).
//! * With `GHERKIN_TESTDATA` naming the `testdata` directory of a checkout of
//!   cucumber/gherkin, the same checks run on its `good` and `bad` files and the
//!   pass counts are printed (`cargo test --test gherkin_conformance -- --nocapture`).
//!
//! The expected files come from the official JavaScript parser
//! (`tests/gherkin/official.mjs`, which CI runs to prove they still do).

mod gherkin_ast;

use std::path::{Path, PathBuf};

use apitest::gherkin::parse;
use serde_json::Value;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/gherkin")
}

fn features(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "feature"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Drops what the comparison ignores: ids, comments and the file's name.
fn strip(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in ["id", "comments", "uri"] {
                map.remove(key);
            }
            map.values_mut().for_each(strip);
        }
        Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Why a good file does not match, if it does not.
fn good_mismatch(feature: &Path, expected: Value) -> Option<String> {
    let source = read(feature);
    let mut expected = expected;
    strip(&mut expected);
    let ours = match gherkin_ast::document(&source) {
        Ok(doc) => doc,
        Err(errors) => return Some(format!("rejected: {errors:?}")),
    };
    if ours != expected {
        return Some(format!(
            "AST differs\n--- official\n{}\n+++ ours\n{}",
            serde_json::to_string_pretty(&expected).unwrap_or_default(),
            serde_json::to_string_pretty(&ours).unwrap_or_default()
        ));
    }
    let model = parse::feature(&source).map_err(|e| format!("{e:?}"));
    match model {
        Ok(model) => gherkin_ast::model_mismatch(model.as_ref(), &expected),
        Err(e) => Some(e),
    }
}

/// Why a bad file does not match, if it does not.
fn bad_mismatch(feature: &Path, expected: &[String]) -> Option<String> {
    let ours: Vec<String> = match parse::feature(&read(feature)) {
        Ok(_) => return Some("accepted".to_owned()),
        Err(e) => e.errors.iter().map(ToString::to_string).collect(),
    };
    (ours != expected)
        .then(|| format!("errors differ\n--- official\n{expected:#?}\n+++ ours\n{ours:#?}"))
}

#[test]
fn the_corpus_good_files_parse_to_the_official_ast() {
    let files = features(&corpus().join("good"));
    assert!(files.len() >= 20, "{} good cases", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let expected: Value = serde_json::from_str(&read(&with_suffix(f, ".ast.json")))
                .expect("expected AST is JSON");
            good_mismatch(f, expected).map(|m| format!("{}: {m}", f.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_corpus_bad_files_fail_with_the_official_errors() {
    let files = features(&corpus().join("bad"));
    assert!(files.len() >= 20, "{} bad cases", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let expected: Vec<String> = read(&with_suffix(f, ".errors"))
                .lines()
                .map(str::to_owned)
                .collect();
            bad_mismatch(f, &expected).map(|m| format!("{}: {m}", f.display()))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Cucumber's own conformance data, when a checkout is at hand (CI has none).
#[test]
fn the_official_testdata_matches_when_gherkin_testdata_is_set() {
    let Some(root) = std::env::var_os("GHERKIN_TESTDATA").map(PathBuf::from) else {
        eprintln!("GHERKIN_TESTDATA is not set: the official testdata is not checked");
        return;
    };
    let mut report = Vec::new();
    let mut failures = Vec::new();
    let good = features(&root.join("good"));
    let mut passed = 0;
    for f in &good {
        let lines = read(&with_suffix(f, ".ast.ndjson"));
        let mut doc: Value = serde_json::from_str(lines.trim()).expect("ndjson line");
        let expected = doc["gherkinDocument"].take();
        match good_mismatch(f, expected) {
            None => passed += 1,
            Some(m) => failures.push(format!("{}: {m}", f.display())),
        }
    }
    report.push(format!("good: {passed} of {} files match", good.len()));
    let bad = features(&root.join("bad"));
    let mut passed = 0;
    for f in &bad {
        let expected: Vec<String> = read(&with_suffix(f, ".errors.ndjson"))
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: Value = serde_json::from_str(l).expect("ndjson line");
                v["parseError"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        match bad_mismatch(f, &expected) {
            None => passed += 1,
            Some(m) => failures.push(format!("{}: {m}", f.display())),
        }
    }
    report.push(format!("bad: {passed} of {} files match", bad.len()));
    let languages = root.join("../gherkin-languages.json");
    if languages.exists() {
        let ours: Value = serde_json::from_str(&read(
            &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/gherkin/parse/languages.json"),
        ))
        .expect("our languages");
        let theirs: Value = serde_json::from_str(&read(&languages)).expect("their languages");
        report.push(format!("languages.json identical: {}", ours == theirs));
        if ours != theirs {
            failures.push(
                "src/gherkin/parse/languages.json differs from gherkin-languages.json".to_owned(),
            );
        }
    }
    eprintln!("official testdata: {}", report.join("; "));
    assert!(
        failures.is_empty(),
        "{}\n\n{}",
        report.join("; "),
        failures.join("\n\n")
    );
}

/// Every file of the corpus with one line dropped, doubled, cut short or
/// swapped with the next: the parser gives a model or errors, never a panic,
/// and every error renders as a diagnostic on a line of the file (or just after it).
#[test]
fn broken_variants_of_the_corpus_give_errors_or_a_model_and_never_panic() {
    let file: std::sync::Arc<Path> = Path::new("variant.feature").into();
    let mut variants = 0;
    for kind in ["good", "bad"] {
        for f in features(&corpus().join(kind)) {
            let source = read(&f);
            let lines: Vec<&str> = source.split_inclusive('\n').collect();
            for i in 0..lines.len() {
                let mut dropped = lines.clone();
                dropped.remove(i);
                let mut doubled = lines.clone();
                doubled.insert(i, lines[i]);
                let mut swapped = lines.clone();
                swapped.swap(i, (i + 1) % lines.len());
                let cut: String = lines[i]
                    .chars()
                    .take(lines[i].chars().count() / 2)
                    .collect();
                let mut halved = lines.clone();
                halved[i] = &cut;
                for variant in [dropped, doubled, swapped, halved] {
                    let text: String = variant.concat();
                    variants += 1;
                    if let Err(errors) = parse::feature(&text) {
                        assert!(!errors.errors.is_empty() && errors.errors.len() <= 11);
                        let last_line = text.lines().count() + 1;
                        for e in &errors.errors {
                            assert!(e.line >= 1 && e.line <= last_line, "{e} in\n{text}");
                        }
                        let shown = parse::diagnose(&errors, &file, &text);
                        assert!(!shown.is_empty());
                        assert!(shown.iter().all(|d| d.location.is_some()));
                    }
                }
            }
        }
    }
    assert!(variants > 2000, "{variants} variants");
}
