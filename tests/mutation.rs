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

use std::path::Path;
use std::sync::Arc;

use apitest::http::Format;
use apitest::runner::StepError;
use apitest::runner::scenario::{RequestState, RunEnv, Scenario};
use apitest::runner::vars::Stored;
use apitest::steps::{Args, Exec};
use serde_json::{Map, Number, Value};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How many documents are changed and checked.
const CASES: usize = 10_000;

/// A small deterministic generator (xorshift64*), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const CHARS: &[char] = &[
    'a', 'b', 'Z', '0', '7', ' ', ',', '"', '\\', '/', '~', '\'', '.', '-', 'é', 'ß', 'ж', 'Ω',
    '中', 'ア', '😀', '🎉', '\n', '\t', '\u{1}', '\u{7f}', '\u{200b}',
];
const KEYS: &[&str] = &[
    "id",
    "name",
    "price",
    "ключ",
    "キー",
    "emoji 🎉",
    "a/b",
    "m~n",
    "with space",
    "",
    "Ω",
    "x",
];

fn number(text: &str) -> Value {
    Value::Number(text.parse::<Number>().expect("a JSON number"))
}

fn random_number(rng: &mut Rng) -> Value {
    let delta = rng.below(7) as i128 - 3;
    let text = match rng.below(9) {
        0 => (rng.below(2001) as i64 - 1000).to_string(),
        1 => (9_007_199_254_740_992_i128 + delta).to_string(),
        2 => (-9_007_199_254_740_992_i128 - delta).to_string(),
        3 => (18_446_744_073_709_551_616_i128 + delta).to_string(),
        4 => (9_223_372_036_854_775_807_i128 + delta).to_string(),
        5 => {
            let digits: String = (0..20 + rng.below(20))
                .map(|_| char::from(b'0' + rng.below(10) as u8))
                .collect();
            format!("{}.{digits}", rng.below(1000))
        }
        6 => format!(
            "{}.{}e{}",
            1 + rng.below(9),
            rng.below(100),
            rng.below(700) as i64 - 350
        ),
        7 => (*rng.pick(&["0.1", "1.5", "-2.25", "1e400", "1E-400", "0.0", "100.0"])).to_owned(),
        _ => format!("{}.{}", rng.below(100), 1 + rng.below(99)),
    };
    number(&text)
}

fn random_string(rng: &mut Rng) -> String {
    (0..rng.below(8)).map(|_| *rng.pick(CHARS)).collect()
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let kind = if depth >= 3 {
        rng.below(5)
    } else {
        rng.below(7)
    };
    match kind {
        0 | 1 => random_number(rng),
        2 => Value::String(random_string(rng)),
        3 => Value::Bool(rng.below(2) == 0),
        4 => Value::Null,
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(5) {
                map.insert((*rng.pick(KEYS)).to_owned(), random_value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

fn random_document(rng: &mut Rng) -> Value {
    let mut map = Map::new();
    for _ in 0..1 + rng.below(5) {
        map.insert((*rng.pick(KEYS)).to_owned(), random_value(rng, 0));
    }
    Value::Object(map)
}

/// Every node's JSON Pointer, the root (`""`) first.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let token = key.replace('~', "~0").replace('/', "~1");
                pointers(v, &format!("{at}/{token}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A number one unit higher in its last digit: always another value.
fn bump(text: &str) -> String {
    let end = text.find(['e', 'E']).unwrap_or(text.len());
    let mut digits: Vec<char> = text[..end].chars().collect();
    let mut i = digits.len();
    loop {
        if i == 0 {
            let at = usize::from(digits.first() == Some(&'-'));
            digits.insert(at, '1');
            break;
        }
        i -= 1;
        match digits[i] {
            '9' => digits[i] = '0',
            d @ '0'..='8' => {
                digits[i] = char::from(d as u8 + 1);
                break;
            }
            _ => {}
        }
    }
    digits.into_iter().collect::<String>() + &text[end..]
}

/// A value that differs from `value` (by construction, under exact equality).
fn changed(rng: &mut Rng, value: &Value) -> Value {
    match value {
        Value::Number(n) => {
            let text = n.as_str();
            match rng.below(5) {
                0 | 1 => number(&bump(text)),
                2 => Value::String(text.to_owned()),
                3 if !text.contains(['.', 'e', 'E']) => number(&format!("{text}.5")),
                _ => number(&format!("-{}", bump(text.trim_start_matches('-')))),
            }
        }
        Value::String(s) => {
            let mut chars: Vec<char> = s.chars().collect();
            match rng.below(5) {
                0 if !chars.is_empty() => {
                    let i = rng.below(chars.len());
                    let c = *rng.pick(CHARS);
                    chars[i] = match (c == chars[i], chars[i] == 'q') {
                        (false, _) => c,
                        (true, false) => 'q',
                        (true, true) => 'w',
                    };
                    Value::String(chars.into_iter().collect())
                }
                1 if !chars.is_empty() => {
                    chars.remove(rng.below(chars.len()));
                    Value::String(chars.into_iter().collect())
                }
                2 => match s.parse::<Number>() {
                    Ok(n) => Value::Number(n),
                    Err(_) => Value::String(format!("{s}{}", rng.pick(CHARS))),
                },
                3 => Value::Null,
                _ => Value::String(format!("{s}{}", rng.pick(CHARS))),
            }
        }
        Value::Bool(b) => match rng.below(3) {
            0 => Value::Bool(!b),
            1 => Value::String(b.to_string()),
            _ => number(if *b { "1" } else { "0" }),
        },
        Value::Null => match rng.below(4) {
            0 => Value::Bool(false),
            1 => number("0"),
            2 => Value::String("null".to_owned()),
            _ => Value::Array(Vec::new()),
        },
        Value::Array(items) => {
            let mut items = items.clone();
            match rng.below(3) {
                0 if !items.is_empty() => {
                    items.pop();
                }
                1 => items.push(random_value(rng, 3)),
                _ => items.insert(0, Value::Null),
            }
            Value::Array(items)
        }
        Value::Object(map) => {
            let mut map = map.clone();
            let fresh = format!("new {}", rng.below(1000));
            match map.keys().next().cloned() {
                Some(key) if rng.below(2) == 0 => {
                    let moved = map.shift_remove(&key).unwrap_or(Value::Null);
                    if rng.below(2) == 0 {
                        map.insert(fresh, moved);
                    }
                }
                _ => {
                    map.insert(fresh, random_value(rng, 3));
                }
            }
            Value::Object(map)
        }
    }
}

/// `document` with the value at `pointer` replaced.
fn replaced(document: &Value, pointer: &str, value: Value) -> Value {
    let mut copy = document.clone();
    match copy.pointer_mut(pointer) {
        Some(slot) => *slot = value,
        None => unreachable!("{pointer} is a pointer of the document"),
    }
    copy
}

/// A value as a Python literal (`[1, 'a', None]`).
fn python(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(b) => (if *b { "True" } else { "False" }).to_owned(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!(
            "'{}'",
            s.replace('\\', "\\\\")
                .replace('\'', "\\'")
                .replace('\n', "\\n")
                .replace('\t', "\\t")
        ),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(python).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", python(&Value::String(k.clone())), python(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

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
            steps.push(check(
                r#"path "{path}" is a float "{value}""#,
                &[pointer, n],
            ));
            steps.push(check(
                r#"variable "{variable}" is a float "{value}""#,
                &["#stored", n],
            ));
            if !n.contains(['.', 'e', 'E']) {
                steps.push(check(
                    r#"path "{path}" is an integer "{value}""#,
                    &[pointer, n],
                ));
                steps.push(check(
                    r#"variable "{variable}" is an integer "{value}""#,
                    &["#stored", n],
                ));
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
