//! A real HTTP target on 127.0.0.1 for the integration and golden tests, served
//! by `wiremock`, and helpers to run the `apitest` binary against it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The JSON document `GET /json` returns: every JSON type, for assertion tests.
pub fn sample_document() -> Value {
    json!({
        "string": "How do you do?",
        "number_string": "1.5",
        "integer": 7,
        "float": 1.5,
        "zero": 0,
        "null": null,
        "true": true,
        "false": false,
        "empty_string": "",
        "empty_list": [],
        "empty_dict": {},
        "list": ["Ack", "Done"],
        "numbers": [1, 2, 3],
        "objects": [{"a": 1}, {"a": 2}],
        "uuid": "6f1c2a8e-3b7d-4c5e-9f0a-1b2c3d4e5f60",
        "nested": {"deep": {"value": "x"}},
        "places": [{"place name": "Brooklyn"}],
        "status": "open"
    })
}

/// Replies with what it received: method, path, query, headers and body.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let headers: serde_json::Map<String, Value> = request
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), Value::from(v.to_str().unwrap_or(""))))
            .collect();
        let body = serde_json::from_slice::<Value>(&request.body)
            .unwrap_or_else(|_| Value::from(String::from_utf8_lossy(&request.body).into_owned()));
        ResponseTemplate::new(200).set_body_json(json!({
            "method": request.method.as_str(),
            "path": request.url.path(),
            "query": request.url.query().unwrap_or(""),
            "headers": headers,
            "body": body,
        }))
    }
}

/// The XML document `GET /xml` returns: a SOAP envelope with a namespaced
/// action, numbers, an empty element and a repeated one.
pub const SAMPLE_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
  <soap:Body>
    <demo:action xmlns:demo="http://example.com/demo">
      <demo:code>0</demo:code>
      <demo:msg>How do you do?</demo:msg>
    </demo:action>
    <price>9.5</price>
    <note></note>
    <status>open</status>
    <item>a</item>
    <item>b</item>
  </soap:Body>
</soap:Envelope>"#;

/// Replies with the XML it received, and the `SOAPAction` it received as
/// `X-SOAPAction`.
struct XmlEcho;

impl Respond for XmlEcho {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let action = request
            .headers
            .get("soapaction")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        ResponseTemplate::new(200)
            .insert_header("X-SOAPAction", action.as_str())
            .set_body_raw(request.body.clone(), "text/xml")
    }
}

/// An OAuth2 token endpoint: the token it issues spells out what it received,
/// `form|a=1&b=2` or `json|a=1&b=2` (fields sorted), so steps can check every
/// field; a field whose value is `wrong-password` gets a 401.
struct Token;

impl Respond for Token {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let is_json = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        let mut fields: Vec<(String, String)> = if is_json {
            serde_json::from_slice::<serde_json::Map<String, Value>>(&request.body)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap_or("").to_owned()))
                .collect()
        } else {
            url::form_urlencoded::parse(&request.body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        };
        if fields.iter().any(|(_, v)| v == "wrong-password") {
            return ResponseTemplate::new(401).set_body_json(
                json!({"error": "invalid_grant", "error_description": "bad credentials"}),
            );
        }
        fields.sort();
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        let format = if is_json { "json" } else { "form" };
        ResponseTemplate::new(200).set_body_json(
            json!({"access_token": format!("{format}|{encoded}"), "token_type": "bearer"}),
        )
    }
}

/// The body `GET /numbers` returns: numbers that `f64` cannot hold exactly.
pub const NUMBERS: &str = r#"{"id": 9007199254740993, "big": 18446744073709551617, "price": 0.1000000000000000055511151231257827, "ids": [9007199254740993, 2], "one": 1, "one_float": 1.0, "numbers": [1, 2, 3]}"#;

/// The body `GET /control` returns: control characters (ESC, NUL, 0x01), a
/// CDATA end and markup, as a hostile or broken server might send.
pub const CONTROL: &str = "\u{1b}[31mred\u{1b}[0m \0 \u{1} ]]> </failure> <b>&amp;";

/// Starts the target: `/demo/rest`, `/json`, `/numbers`, `/control`, `/text`
/// (404 text), `/echo` (any method), `/redirect` (→ `/json`), `/slow` (2 s),
/// `/headers`, `/token` (OAuth2), `/xml` (a SOAP reply) and `/xml/echo` (XML echo).
pub async fn start_target() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/numbers"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(NUMBERS, "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/control"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CONTROL, "text/plain"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/demo/rest"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Server", "apitest-demo")
                .set_body_json(json!({"action": {"code": 0, "msg": "How do you do?", "flow": ["Ack", "Done"]}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(sample_document()))
        .mount(&server)
        .await;
    Mock::given(path("/text"))
        .respond_with(
            ResponseTemplate::new(404).set_body_raw("Not Found: no such page", "text/plain"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/echo"))
        .respond_with(Echo)
        .mount(&server)
        .await;
    Mock::given(path("/redirect"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", "/json"))
        .mount(&server)
        .await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    Mock::given(path("/headers"))
        .respond_with(
            ResponseTemplate::new(204)
                .insert_header("X-Empty", "")
                .insert_header("X-Custom", "abc-123"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(Token)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/xml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(SAMPLE_XML, "text/xml"))
        .mount(&server)
        .await;
    Mock::given(path("/xml/echo"))
        .respond_with(XmlEcho)
        .mount(&server)
        .await;
    server
}

/// Runs the `apitest` binary in `dir` with `args`, `TARGET` set to `target`.
pub fn apitest(dir: &Path, args: &[&str], target: &str) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .args(args)
        .current_dir(dir)
        .env("TARGET", target)
        .env("NO_COLOR", "1")
        .env_remove("Zato_API_Test_Tags")
        .env_remove("ZATO_APITEST_TAGS")
        .env_remove("CI_NODE_INDEX")
        .env_remove("CI_NODE_TOTAL")
        .env_remove("BUILDKITE_PARALLEL_JOB")
        .env_remove("BUILDKITE_PARALLEL_JOB_COUNT")
        .env_remove("ZATO_APITEST_TAGS")
        .output()
        .expect("the apitest binary runs")
}

/// Replaces what changes from run to run: ports, durations, temp paths.
pub fn normalise(text: &str, target: &str) -> String {
    let text = text.replace(target, "http://TARGET");
    let rules = [
        (r"127\.0\.0\.1:\d+", "127.0.0.1:PORT"),
        (r"Took \d+\.\d+s", "Took [TIME]"),
        (r#"time="[0-9.e-]+""#, r#"time="[TIME]""#),
        (r#"timestamp="[^"]+""#, r#"timestamp="[TIMESTAMP]""#),
        (r"\d+\.\d{3} s\b", "[TIME] s"),
        (r"/tmp/[A-Za-z0-9._-]+", "[TMP]"),
    ];
    rules.iter().fold(text, |acc, (pattern, replacement)| {
        regex::Regex::new(pattern)
            .expect("valid")
            .replace_all(&acc, *replacement)
            .into_owned()
    })
}

/// How many scenarios the loader selects for `apitest run` arguments (paths
/// relative to `dir`, `--tags`, `--name`, `--shard`), counted in-process.
pub fn selected_scenarios(dir: &Path, args: &[String]) -> usize {
    const WITH_VALUE: [&str; 13] = [
        "--tags",
        "-t",
        "--name",
        "-n",
        "--shard",
        "--junit",
        "--html",
        "--cucumber-json",
        "--timeout",
        "-j",
        "--format",
        "--color",
        "--var",
    ];
    let (mut paths, mut tags, mut name, mut shard) = (Vec::new(), None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--secret" || arg == "--junit-directory" {
            args.next();
        } else if WITH_VALUE.contains(&arg.as_str()) {
            let value = args.next().cloned();
            match arg.as_str() {
                "--tags" | "-t" => tags = value,
                "--name" | "-n" => name = value,
                "--shard" => shard = value,
                _ => {}
            }
        } else if !arg.starts_with('-') {
            paths.push(dir.join(arg));
        }
    }
    if paths.is_empty() {
        paths.push(dir.to_path_buf());
    }
    let options = apitest::gherkin::LoadOptions {
        tags: tags.map(|t| apitest::gherkin::TagFilter::parse(&t).expect("a tag expression")),
        name: name.map(|n| regex::Regex::new(&n).expect("a name pattern")),
    };
    let found = apitest::gherkin::discover(&paths).expect("feature files");
    let mut suite = apitest::gherkin::load(&found.files, &options).suite;
    if let Some((i, n)) = shard.as_deref().and_then(|s| s.split_once('/')) {
        suite.shard(i.parse().expect("I"), n.parse().expect("N"));
    }
    suite.scenario_count()
}

/// How many `<name>` elements an XML document holds (parsed, not searched).
pub fn count_elements(xml: &str, name: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut count = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => return count,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == name.as_bytes() =>
            {
                count += 1;
            }
            _ => {}
        }
    }
}

/// Validates a JUnit report against `tests/junit/JUnit.xsd` with `xmllint`
/// (which `.ci/run` installs); without it, says so and checks well-formedness only.
pub fn validate_junit(path: &Path) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/junit/JUnit.xsd");
    match std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(path)
        .output()
    {
        Ok(output) => assert!(
            output.status.success(),
            "{} does not validate against the JUnit XSD:\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
        Err(_) => {
            eprintln!(
                "note: xmllint is not installed; {} checked for well-formedness only",
                path.display()
            );
            let text = std::fs::read_to_string(path).expect("JUnit report");
            count_elements(&text, "testsuites");
        }
    }
}
