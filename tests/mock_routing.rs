//! The front's in-process answers agree with `wiremock`'s: every backend is served
//! twice, once with stateless requests answered by the front ([`Routing::InProcess`],
//! the default) and once with every request through `wiremock`
//! ([`Routing::Wiremock`]), and the same requests get the same status, headers,
//! body and journal outcome from both.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use apitest::mock::{self, CORRELATION_HEADER, RequestFilter, Routing, RunningBackend};
use serde_json::{Value, json};

struct Call {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, &'static str)>,
    body: Option<&'static str>,
}

fn call(method: &'static str, path: &str) -> Call {
    Call {
        method,
        path: path.to_owned(),
        headers: Vec::new(),
        body: None,
    }
}

impl Call {
    fn header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }

    fn body(mut self, body: &'static str) -> Self {
        self.body = Some(body);
        self.header("Content-Type", "application/json")
    }
}

/// Status, the headers a stub can set, body, and the journal's outcome.
#[derive(Debug, PartialEq)]
struct Seen {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    served_by: String,
}

async fn send(backend: &RunningBackend, c: &Call, id: &str) -> Seen {
    let method = reqwest::Method::from_bytes(c.method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{}", backend.url(), c.path))
        .header(CORRELATION_HEADER, id);
    for (name, value) in &c.headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = c.body {
        request = request.body(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter(|(n, _)| !matches!(n.as_str(), "date" | "content-length"))
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("?").to_owned()))
        .collect();
    headers.sort();
    let body = response.text().await.unwrap();
    let recorded = backend.scoped(id).requests(&RequestFilter::any());
    let served_by = recorded
        .last()
        .and_then(|r| r.outcome())
        .map(|o| o.served_by.clone())
        .unwrap_or_default();
    Seen {
        status,
        headers,
        body,
        served_by,
    }
}

async fn both(name: &str, path: &Path) -> (RunningBackend, RunningBackend) {
    let in_process = mock::serve_with(mock::load(name, path).unwrap(), None, Routing::InProcess)
        .await
        .unwrap();
    let wiremock = mock::serve_with(mock::load(name, path).unwrap(), None, Routing::Wiremock)
        .await
        .unwrap();
    (in_process, wiremock)
}

/// Sends every call to both backends (each call with its own correlation id) and
/// compares what came back.
async fn agree(name: &str, path: &Path, calls: &[Call]) {
    let (a, b) = both(name, path).await;
    for (i, c) in calls.iter().enumerate() {
        let id = format!("{name}-{i}");
        let front = send(&a, c, &id).await;
        let through = send(&b, c, &id).await;
        assert_eq!(front, through, "{name}: {} {}", c.method, c.path);
        assert!(
            !front.served_by.is_empty(),
            "{name}: {} {}",
            c.method,
            c.path
        );
    }
    a.stop().await;
    b.stop().await;
}

fn shipped(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("mocks")
        .join(format!("{name}.json"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shipped_crm_answers_the_same_from_the_front_and_from_wiremock() {
    let mut calls = Vec::new();
    for user in ["partner", "Mike", "my.user", "anna", "boris", "nobody", ""] {
        calls.push(call(
            "GET",
            &format!("/tutorial/api/get-user?UserName={user}"),
        ));
    }
    for id in ["C-1001", "C-1002", "C-9"] {
        for what in ["profile", "tickets", "recommendations"] {
            calls.push(call("GET", &format!("/api/customers/{id}/{what}")));
        }
    }
    calls.push(call("POST", "/notifications").body(r#"{"message": "hi"}"#));
    calls.push(call("DELETE", "/tutorial/api/get-user?UserName=partner"));
    calls.push(call("GET", "/no/such/path?x=%20y"));
    agree("crm", &shipped("crm"), &calls).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_shipped_billing_payments_and_fraud_answer_the_same_both_ways() {
    let mut billing = Vec::new();
    for user in ["partner", "anna", "boris", "nobody"] {
        billing.push(call(
            "POST",
            &format!("/tutorial/api/balance/get?USER={user}"),
        ));
    }
    billing.push(call("GET", "/api/customers/C-1001/balance"));
    billing.push(call("GET", "/api/customers/C-7/balance"));
    agree("billing", &shipped("billing"), &billing).await;

    let mut payments = Vec::new();
    for user in ["partner", "anna", "boris", "nobody"] {
        let path = format!("/balance/get?USER={user}");
        payments.push(call("POST", &path).body(r#"{"ACC_NUM": "123456"}"#));
        payments.push(call("POST", &path).body(r#"{"other": 1}"#));
        payments.push(call("POST", &path));
    }
    for account in ["123456", "654321", "777001", "000000"] {
        payments.push(call("GET", &format!("/accounts/{account}")));
        payments.push(call("GET", &format!("/accounts/{account}/transactions")));
    }
    payments.push(call("GET", "/api/customers/C-1002/orders"));
    agree("payments", &shipped("payments"), &payments).await;

    let fraud = vec![
        call("POST", "/fraud/notify")
            .body(r#"{"user_name": "partner", "account_no": "123456", "message": "x"}"#),
        call("GET", "/api/risk/C-1001"),
        call("GET", "/api/risk/C-1002"),
        call("GET", "/api/risk/C-3"),
        call("POST", "/notifications").body("{}"),
    ];
    agree("fraud", &shipped("fraud"), &fraud).await;
}

/// Every request condition and response feature, in one stub file.
fn features() -> Value {
    json!({"mappings": [
        {"name": "low", "priority": 9, "request": {"urlPathPattern": "/p/.*"}, "response": {"status": 200, "body": "low"}},
        {"name": "high", "priority": 2, "request": {"urlPath": "/p/x"}, "response": {"status": 201, "body": "high"}},
        {"name": "tie-first", "request": {"urlPath": "/tie"}, "response": {"body": "first"}},
        {"name": "tie-later", "request": {"urlPath": "/tie"}, "response": {"body": "later"}},
        {"name": "exact-url", "request": {"url": "/u?a=1"}, "response": {"status": 202}},
        {"name": "url-regex", "request": {"urlPattern": "/r\\?id=[0-9]+"}, "response": {"status": 203}},
        {"name": "query", "request": {"method": "GET", "urlPath": "/q", "queryParameters": {
            "a": {"equalTo": "X", "caseInsensitive": true}, "b": {"absent": true}}},
         "response": {"jsonBody": {"q": true}, "headers": {"X-Multi": ["1", "2"]}}},
        {"name": "header", "request": {"urlPath": "/h", "headers": {"Accept": {"contains": "xml"}}}, "response": {"status": 204}},
        {"name": "cookie", "request": {"urlPath": "/c", "cookies": {"session": {"matches": "s-[0-9]+"}}}, "response": {"body": "cookie"}},
        {"name": "basic", "request": {"urlPath": "/auth", "basicAuthCredentials": {"username": "u", "password": "p"}}, "response": {"body": "in"}},
        {"name": "json", "request": {"method": "POST", "urlPath": "/j", "bodyPatterns": [
            {"equalToJson": {"a": [1, 2]}, "ignoreArrayOrder": true}]}, "response": {"body": "json"}},
        {"name": "jsonpath", "request": {"method": "POST", "urlPath": "/jp", "bodyPatterns": [
            {"matchesJsonPath": "$.name"}]}, "response": {"body": "named"}},
        {"name": "xml", "request": {"method": "POST", "urlPath": "/x", "bodyPatterns": [
            {"equalToXml": "<a><b>1</b></a>"}]}, "response": {"body": "xml"}},
        {"name": "xpath", "request": {"method": "POST", "urlPath": "/xp", "bodyPatterns": [
            {"matchesXPath": {"expression": "//b/text()", "equalTo": "2"}}]}, "response": {"body": "xpath"}},
        {"name": "template", "request": {"urlPathPattern": "/t/[^/]+"}, "response": {
            "transformers": ["response-template"],
            "headers": {"X-Echo": "{{request.query.v}}"},
            "jsonBody": {"segment": "{{request.path.[1]}}", "method": "{{request.method}}", "url": "{{request.url}}"}}},
        {"name": "fault", "request": {"urlPath": "/fault"}, "response": {"fault": "EMPTY_RESPONSE"}},
        {"name": "slow", "request": {"urlPath": "/slow"}, "response": {"fixedDelayMilliseconds": 30, "body": "slow"}},
        {"name": "step-1", "scenarioName": "s", "requiredScenarioState": "Started", "newScenarioState": "two",
         "request": {"urlPath": "/seq"}, "response": {"body": "one"}},
        {"name": "step-2", "scenarioName": "s", "requiredScenarioState": "two",
         "request": {"urlPath": "/seq"}, "response": {"body": "two"}}
    ]})
}

#[tokio::test(flavor = "multi_thread")]
async fn every_stub_feature_answers_the_same_from_the_front_and_from_wiremock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("features.json");
    std::fs::write(&path, features().to_string()).unwrap();
    let calls = vec![
        call("GET", "/p/x"),
        call("GET", "/p/y"),
        call("GET", "/tie"),
        call("GET", "/u?a=1"),
        call("GET", "/u?a=1&b=2"),
        call("GET", "/r?id=42"),
        call("GET", "/r?id=x"),
        call("GET", "/q?a=x"),
        call("GET", "/q?a=x&b=1"),
        call("GET", "/q?a=%58"),
        call("GET", "/h").header("Accept", "application/xml"),
        call("GET", "/h").header("Accept", "application/json"),
        call("GET", "/c").header("Cookie", "a=1; session=s-12"),
        call("GET", "/c").header("Cookie", "session=x"),
        call("GET", "/auth").header("Authorization", "Basic dTpw"),
        call("GET", "/auth").header("Authorization", "Basic dTpx"),
        call("POST", "/j").body(r#"{"a": [2, 1]}"#),
        call("POST", "/j").body(r#"{"a": [2]}"#),
        call("POST", "/jp").body(r#"{"name": "x"}"#),
        call("POST", "/jp").body(r#"{"name": null}"#),
        call("POST", "/x").body("<a> <b>1</b> </a>"),
        call("POST", "/x").body("<a><b>2</b></a>"),
        call("POST", "/xp").body("<a><b>1</b><b>2</b></a>"),
        call("POST", "/xp").body("<a><b>1</b></a>"),
        call("GET", "/t/abc?v=echo"),
        call("PUT", "/t/%20x"),
        call("GET", "/slow"),
        call("GET", "/seq"),
        call("HEAD", "/nothing/here"),
    ];
    agree("features", &path, &calls).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stateless_request_is_answered_by_the_front_and_a_stateful_one_by_wiremock() {
    // Arrange: a scenario mapping on /seq, a stateless one on /plain.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("features.json");
    std::fs::write(&path, features().to_string()).unwrap();
    let (front, through) = both("features", &path).await;
    let scoped = front.scoped("s-1");
    // Act: the same correlation id walks the sequence on /seq across calls, with an
    // override in between: all of it state that only wiremock keeps.
    let first = send(&front, &call("GET", "/seq"), "s-1").await;
    scoped.respond_times("GET", "/tie", 1, mock::Reply::status(418));
    let overridden = send(&front, &call("GET", "/tie"), "s-1").await;
    let back_to_stub = send(&front, &call("GET", "/tie"), "s-1").await;
    let second = send(&front, &call("GET", "/seq"), "s-1").await;
    let after = send(&front, &call("GET", "/seq"), "s-1").await;
    // Assert
    assert_eq!(
        (first.body.as_str(), first.served_by.as_str()),
        ("one", "step-1")
    );
    assert_eq!(
        (overridden.status, overridden.served_by.as_str()),
        (418, "override")
    );
    assert_eq!(
        (back_to_stub.body.as_str(), back_to_stub.served_by.as_str()),
        ("later", "tie-later")
    );
    assert_eq!(second.body, "two");
    assert_eq!(after.body, "two", "step-2 leaves the scenario in `two`");
    front.stop().await;
    through.stop().await;
}
