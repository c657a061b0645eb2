//! A mutation test of the assertions: no equality step ever passes on a value
//! that differs.
//!
//! 10,000 JSON documents are generated (nested objects and lists, unicode keys
//! and strings, integers near 2^53 and 2^64, decimals with many digits,
//! exponents beyond `f64`), each is served by a real server on 127.0.0.1 and
//! fetched with apitest's own client, and one value anywhere in it is changed
//! (a digit of a number, a character of a string, a type, a key, an item). Every
//! equality-type step is then written twice: with the original value (it must
//! pass, so the step is exercised) and with the changed one (it must fail).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod documents;

use std::path::Path;
use std::sync::Arc;

use apitest::http::Format;
use apitest::runner::StepError;
use apitest::runner::scenario::{RequestState, RunEnv, Scenario};
use apitest::runner::vars::Stored;
use apitest::steps::{Args, Exec};
use documents::{Rng, changed, pointers, python, random_document, replaced};
use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How many documents are changed and checked.
const CASES: usize = 10_000;

/// Text a step can carry as a comma-separated item.
fn plain_item(s: &str) -> bool {
    !s.is_empty() && s.trim() == s && !s.contains([',', '\n', '\r']) && !s.contains(['$', '#', '@'])
}

/// One step to run: its catalogue pattern, its arguments, and the data file it reads.
struct Check {
    pattern: &'static str,
    args: Vec<String>,
    file: Option<String>,
}

fn check(pattern: &'static str, args: &[&str]) -> Check {
    Check {
        pattern,
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        file: None,
    }
}

fn with_file(pattern: &'static str, args: &[&str], file: String) -> Check {
    Check {
        file: Some(file),
        ..check(pattern, args)
    }
}

/// Every equality step that says "the document has this value at `pointer`".
/// `parent` is the original document's parent of the value; `contains` is
/// checked when it is a list that does not already hold the value elsewhere.
fn equality_steps(document: &Value, pointer: &str, parent: Option<&Value>) -> Vec<Check> {
    let json = |v: &Value| serde_json::to_string(v).expect("JSON");
    let at = document.pointer(pointer).expect("the pointer exists");
    let (whole, here, literal) = (json(document), json(at), python(at));
    let mut steps = vec![
        check(r#"JSON response is equal to "{json}""#, &[&whole]),
        check(r#"response is equal to "{body}""#, &[&whole]),
        check(r#"path "{path}" is JSON "{json}""#, &["", &whole]),
        with_file(
            r#"path "{path}" is JSON equal to that from "{file}""#,
            &["", "case.json"],
            whole.clone(),
        ),
        with_file(
            r#"response is equal to that from "{file}""#,
            &["case.json"],
            whole,
        ),
        check(r#"path "{path}" is JSON "{json}""#, &[pointer, &here]),
        with_file(
            r#"path "{path}" is JSON equal to that from "{file}""#,
            &[pointer, "case.json"],
            here.clone(),
        ),
        check(
            r#"path "{path}" is "{value}" (with literal_eval)"#,
            &[pointer, &literal],
        ),
        check(r#"path "{path}" is "{value}""#, &[pointer, "#expected"]),
        check(
            r#"variable "{variable}" is a list "{value}""#,
            &["#stored", &literal],
        ),
    ];
    // Each ancestor of the changed value differs too.
    let mut ancestor = pointer;
    while let Some(cut) = ancestor.rfind('/') {
        ancestor = &ancestor[..cut];
        let value = json(document.pointer(ancestor).expect("an ancestor"));
        steps.push(check(
            r#"path "{path}" is JSON "{json}""#,
            &[ancestor, &value],
        ));
    }
    let index = pointer
        .rsplit('/')
        .next()
        .and_then(|i| i.parse::<usize>().ok());
    let elsewhere = |items: &[Value]| {
        items
            .iter()
            .enumerate()
            .any(|(i, item)| Some(i) != index && apitest::assert::json_equal(item, at))
    };
    if let (Some(Value::Array(items)), Some(cut)) = (parent, pointer.rfind('/'))
        && !elsewhere(items)
    {
        let parent_pointer = &pointer[..cut];
        steps.push(check(
            r#"path "{path}" contains "{value}""#,
            &[parent_pointer, &here],
        ));
        steps.push(with_file(
            r#"path "{path}" contains data from "{file}""#,
            &[parent_pointer, "case.json"],
            here.clone(),
        ));
    }
    match at {
        Value::String(s) => {
            if !s.contains(['$', '#', '@']) {
                steps.push(check(r#"path "{path}" is "{value}""#, &[pointer, s]));
                steps.push(check(
                    r#"variable "{variable}" is a string "{value}""#,
                    &["#stored", s],
                ));
            }
            if plain_item(s) {
                steps.push(check(
                    r#"path "{path}" is one of "{values}""#,
                    &[pointer, s],
                ));
            }
        }
        Value::Number(n) => {
            let n = n.as_str();
            let integer = !n.contains(['.', 'e', 'E']);
            for (pattern, target, applies) in [
                (r#"path "{path}" is a float "{value}""#, pointer, true),
                (
                    r#"variable "{variable}" is a float "{value}""#,
                    "#stored",
                    true,
                ),
                (r#"path "{path}" is an integer "{value}""#, pointer, integer),
                (
                    r#"variable "{variable}" is an integer "{value}""#,
                    "#stored",
                    integer,
                ),
            ] {
                if applies {
                    steps.push(check(pattern, &[target, n]));
                }
            }
        }
        Value::Bool(true) => {
            steps.push(check(r#"path "{path}" is True"#, &[pointer]));
            steps.push(check(r#"variable "{variable}" is True"#, &["#stored"]));
        }
        Value::Bool(false) => {
            steps.push(check(r#"path "{path}" is False"#, &[pointer]));
            steps.push(check(r#"variable "{variable}" is False"#, &["#stored"]));
        }
        Value::Null => steps.push(check(r#"path "{path}" is null"#, &[pointer])),
        Value::Array(items) if items.is_empty() => {
            steps.push(check(r#"path "{path}" is an empty list"#, &[pointer]));
            steps.push(check(
                r#"variable "{variable}" is an empty list"#,
                &["#stored"],
            ));
        }
        Value::Array(items) => {
            if items.iter().all(|i| i.as_str().is_some_and(plain_item)) {
                let list: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                steps.push(check(
                    r#"path "{path}" is a list "{values}""#,
                    &[pointer, &list.join(",")],
                ));
            }
        }
        Value::Object(map) if map.is_empty() => {
            steps.push(check(r#"path "{path}" is an empty dict"#, &[pointer]));
        }
        Value::Object(_) => {}
    }
    steps
}

/// Serves document `i` at `/doc/i`.
struct Documents(Arc<Vec<String>>);

impl Respond for Documents {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let index = request
            .url
            .path()
            .trim_start_matches("/doc/")
            .parse::<usize>()
            .unwrap_or(usize::MAX);
        match self.0.get(index) {
            Some(body) => ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
            None => ResponseTemplate::new(404),
        }
    }
}

/// Runs a step's own code with its arguments (the step texts' parsing is
/// tested elsewhere; here, the comparisons).
fn run_step(scenario: &mut Scenario<'_>, pattern: &str, args: &[String]) -> Result<(), StepError> {
    let def = apitest::steps::all()
        .find(|d| d.pattern == pattern)
        .unwrap_or_else(|| panic!("no step `{pattern}`"));
    let Exec::Sync(f) = def.exec else {
        panic!("not a check: {pattern}");
    };
    let args = Args {
        values: args.to_vec(),
        docstring: None,
        table: None,
    };
    f(scenario, &args)
}

#[tokio::test(flavor = "multi_thread")]
async fn no_equality_step_passes_on_a_document_with_one_value_changed() {
    // Arrange: the documents, their changes, and a server for the documents.
    let mut rng = Rng(0x005E_ED0F_A15E_9A55);
    let mut cases = Vec::with_capacity(CASES);
    for _ in 0..CASES {
        let original = random_document(&mut rng);
        let mut all = Vec::new();
        pointers(&original, "", &mut all);
        let pointer = rng.pick(&all).clone();
        let value = original.pointer(&pointer).expect("a node");
        let change = changed(&mut rng, value);
        let modified = replaced(&original, &pointer, change);
        cases.push((original, pointer, modified));
    }
    let bodies: Vec<String> = cases
        .iter()
        .map(|(original, ..)| serde_json::to_string(original).expect("JSON"))
        .collect();
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Documents(Arc::new(bodies)))
        .mount(&server)
        .await;
    let features = tempfile::tempdir().unwrap();
    let responses = features.path().join("json/response");
    std::fs::create_dir_all(&responses).unwrap();
    let env = RunEnv {
        client: apitest::http::client(std::time::Duration::from_secs(30)).unwrap(),
        config_vars: Default::default(),
        run_id: "mutation".to_owned(),
        backends: Vec::new(),
        verbose: false,
        secrets: Default::default(),
    };
    let features_dir: Arc<Path> = features.path().into();

    // Act
    let (mut checks, mut passes, mut false_failures) = (0usize, Vec::new(), Vec::new());
    for (i, (original, pointer, modified)) in cases.iter().enumerate() {
        let request = RequestState {
            address: server.uri(),
            url_path: format!("/doc/{i}"),
            format: Format::Json,
            ..RequestState::default()
        };
        let response = apitest::http::send(&env.client, &request, "mutation", &env.secrets)
            .await
            .expect("the document is served");
        let mut stored = Stored::new();
        let mut scenario = Scenario {
            request,
            response: Some(response),
            stored: &mut stored,
            env: &env,
            features_dir: Arc::clone(&features_dir),
            correlation_id: "mutation".to_owned(),
            serial: false,
            notes: Vec::new(),
        };
        run_step(
            &mut scenario,
            r#"I store "{path}" from response under "{name}""#,
            &[pointer.clone(), "stored".to_owned()],
        )
        .expect("the original value is stored");
        let parent = pointer
            .rfind('/')
            .and_then(|cut| original.pointer(&pointer[..cut]));
        for (document, must_pass) in [(original, true), (modified, false)] {
            let expected = document.pointer(pointer).expect("the pointer").clone();
            scenario.stored.insert("expected".to_owned(), expected);
            for step in equality_steps(document, pointer, parent) {
                if let Some(content) = &step.file {
                    // A new file each time: rewriting one in place is slow on ext4.
                    let file = responses.join("case.json");
                    let _ = std::fs::remove_file(&file);
                    std::fs::write(&file, content).unwrap();
                }
                let result = run_step(&mut scenario, step.pattern, &step.args);
                let text = format!("{} {:?}", step.pattern, step.args);
                match (must_pass, result) {
                    (true, Ok(())) | (false, Err(StepError::Failed(_))) => {}
                    (true, Err(e)) => false_failures.push(format!("case {i}: {text}\n  {e}")),
                    (false, Ok(())) => passes.push(format!(
                        "case {i}: {text}\n  passes on {}",
                        serde_json::to_string(original).unwrap()
                    )),
                    (false, Err(e)) => {
                        passes.push(format!("case {i}: {text}\n  is not a failure: {e}"))
                    }
                }
                checks += usize::from(!must_pass);
            }
        }
    }

    // Assert
    eprintln!(
        "mutation test: {CASES} changed documents, {checks} equality steps, {} passed",
        passes.len()
    );
    assert!(CASES >= 10_000 && checks >= 10 * CASES, "{checks} checks");
    assert!(
        false_failures.is_empty(),
        "{} steps fail on the original document:\n{}",
        false_failures.len(),
        false_failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        passes.is_empty(),
        "{} steps pass on a changed document:\n{}",
        passes.len(),
        passes
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
