//! Stub files served over real HTTP: every request matcher and response field,
//! priorities, scenario state, templates and faults.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use apitest::mock::{self, CORRELATION_HEADER, RunningBackend};
use serde_json::{Value, json};

/// Writes `stub` (and body files) to a temp dir and serves it.
async fn serve(stub: Value, files: &[(&str, &str)]) -> (RunningBackend, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("__files")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("__files").join(name), text).unwrap();
    }
    let path = dir.path().join("svc.json");
    std::fs::write(&path, serde_json::to_string_pretty(&stub).unwrap()).unwrap();
    let backend = mock::start("svc", &path, None).await.unwrap();
    (backend, dir)
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap()
    }
}

async fn send(req: reqwest::RequestBuilder) -> Answer {
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    Answer {
        status,
        headers,
        text,
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

fn one(request: Value, response: Value) -> Value {
    json!({"mappings": [{"request": request, "response": response}]})
}

#[tokio::test]
async fn method_and_url_path_select_a_mapping_and_others_get_a_json_404() {
    // Arrange
    let (b, _d) = serve(
        one(
            json!({"method": "GET", "urlPath": "/a"}),
            json!({"status": 200, "body": "hit"}),
        ),
        &[],
    )
    .await;
    // Act
    let hit = send(client().get(format!("{}/a?x=1", b.url()))).await;
    let wrong_method = send(client().post(format!("{}/a", b.url()))).await;
    let wrong_path = send(client().get(format!("{}/b", b.url()))).await;
    // Assert
    assert_eq!((hit.status, hit.text.as_str()), (200, "hit"));
    assert_eq!(wrong_method.status, 404);
    assert_eq!(wrong_path.status, 404);
    assert_eq!(wrong_path.json()["path"], "/b");
    assert_eq!(wrong_path.json()["backend"], "svc");
    b.stop().await;
}

#[tokio::test]
async fn url_matches_path_and_query_exactly() {
    let (b, _d) = serve(one(json!({"url": "/q?a=1"}), json!({"status": 204})), &[]).await;
    assert_eq!(
        send(client().get(format!("{}/q?a=1", b.url())))
            .await
            .status,
        204
    );
    assert_eq!(
        send(client().get(format!("{}/q?a=2", b.url())))
            .await
            .status,
        404
    );
    assert_eq!(
        send(client().get(format!("{}/q", b.url()))).await.status,
        404
    );
}

#[tokio::test]
async fn url_path_pattern_must_match_the_whole_path() {
    let (b, _d) = serve(
        one(
            json!({"urlPathPattern": "/users/[0-9]+"}),
            json!({"status": 200}),
        ),
        &[],
    )
    .await;
    assert_eq!(
        send(client().get(format!("{}/users/42", b.url())))
            .await
            .status,
        200
    );
    assert_eq!(
        send(client().get(format!("{}/users/42/x", b.url())))
            .await
            .status,
        404
    );
    assert_eq!(
        send(client().get(format!("{}/users/abc", b.url())))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn url_pattern_matches_path_with_query() {
    let (b, _d) = serve(
        one(json!({"urlPattern": "/s\\?q=.*"}), json!({"status": 200})),
        &[],
    )
    .await;
    assert_eq!(
        send(client().get(format!("{}/s?q=rust", b.url())))
            .await
            .status,
        200
    );
    assert_eq!(
        send(client().get(format!("{}/s", b.url()))).await.status,
        404
    );
}

#[tokio::test]
async fn query_parameters_match_equal_to_contains_matches_and_absent() {
    let stub = one(
        json!({"urlPath": "/q", "queryParameters": {
            "a": {"equalTo": "x", "caseInsensitive": true},
            "b": {"contains": "ell"},
            "c": {"matches": "[0-9]{3}"},
            "d": {"absent": true}
        }}),
        json!({"status": 200}),
    );
    let (b, _d) = serve(stub, &[]).await;
    let url = |q: &str| format!("{}/q?{q}", b.url());
    assert_eq!(
        send(client().get(url("a=X&b=hello&c=123"))).await.status,
        200
    );
    assert_eq!(
        send(client().get(url("a=y&b=hello&c=123"))).await.status,
        404
    );
    assert_eq!(
        send(client().get(url("a=x&b=help&c=123"))).await.status,
        404
    );
    assert_eq!(
        send(client().get(url("a=x&b=hello&c=1234"))).await.status,
        404
    );
    assert_eq!(
        send(client().get(url("a=x&b=hello&c=123&d=1")))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn headers_match_equal_to_contains_and_matches_case_insensitively_by_name() {
    let stub = one(
        json!({"urlPath": "/h", "headers": {
            "X-Key": {"equalTo": "k1"},
            "accept": {"contains": "json"},
            "X-Trace": {"matches": "t-[a-f0-9]+"}
        }}),
        json!({"status": 200}),
    );
    let (b, _d) = serve(stub, &[]).await;
    let req = |key: &str| {
        client()
            .get(format!("{}/h", b.url()))
            .header("x-key", key)
            .header("Accept", "application/json")
            .header("X-Trace", "t-beef")
    };
    assert_eq!(send(req("k1")).await.status, 200);
    assert_eq!(send(req("k2")).await.status, 404);
    assert_eq!(
        send(client().get(format!("{}/h", b.url())).header("X-Key", "k1"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn body_patterns_match_equal_to_json_json_path_and_contains() {
    let stub = json!({"mappings": [
        {"request": {"urlPath": "/json", "bodyPatterns": [{"equalToJson": {"a": 1, "b": [1, 2]}, "ignoreArrayOrder": true}]},
         "response": {"status": 200, "body": "json"}},
        {"request": {"urlPath": "/extra", "bodyPatterns": [{"equalToJson": "{\"a\": 1}", "ignoreExtraElements": true}]},
         "response": {"status": 200, "body": "extra"}},
        {"request": {"urlPath": "/path", "bodyPatterns": [
            {"matchesJsonPath": "$.items[?@.id == 7]"},
            {"matchesJsonPath": {"expression": "$.user.name", "equalTo": "anna"}}]},
         "response": {"status": 200, "body": "path"}},
        {"request": {"urlPath": "/text", "bodyPatterns": [{"contains": "needle"}]},
         "response": {"status": 200, "body": "text"}}
    ]});
    let (b, _d) = serve(stub, &[]).await;
    let post = |p: &str, body: &str| {
        client()
            .post(format!("{}{p}", b.url()))
            .body(body.to_owned())
    };
    assert_eq!(
        send(post("/json", r#"{"b": [2, 1], "a": 1.0}"#))
            .await
            .status,
        200
    );
    assert_eq!(
        send(post("/json", r#"{"b": [2, 1], "a": 1, "c": 0}"#))
            .await
            .status,
        404
    );
    assert_eq!(
        send(post("/extra", r#"{"a": 1, "c": 0}"#)).await.status,
        200
    );
    assert_eq!(
        send(post(
            "/path",
            r#"{"items": [{"id": 7}], "user": {"name": "anna"}}"#
        ))
        .await
        .status,
        200
    );
    assert_eq!(
        send(post(
            "/path",
            r#"{"items": [{"id": 8}], "user": {"name": "anna"}}"#
        ))
        .await
        .status,
        404
    );
    assert_eq!(
        send(post(
            "/path",
            r#"{"items": [{"id": 7}], "user": {"name": "boris"}}"#
        ))
        .await
        .status,
        404
    );
    assert_eq!(send(post("/text", "hay needle hay")).await.status, 200);
    assert_eq!(send(post("/text", "hay")).await.status, 404);
}

#[tokio::test]
async fn response_sends_status_headers_and_json_body() {
    let (b, _d) = serve(
        one(json!({"urlPath": "/r"}), json!({"status": 201, "headers": {"X-One": "1", "X-Many": ["a", "b"]}, "jsonBody": {"ok": true}})),
        &[],
    )
    .await;
    let r = send(client().get(format!("{}/r", b.url()))).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.headers["x-one"], "1");
    assert_eq!(r.headers.get_all("x-many").iter().count(), 2);
    assert_eq!(r.headers["content-type"], "application/json");
    assert_eq!(r.json(), json!({"ok": true}));
    assert!(
        r.headers.get("x-apitest-served-by").is_none(),
        "internal headers stay inside"
    );
}

#[tokio::test]
async fn response_body_file_name_and_base64_body_are_served() {
    let stub = json!({"mappings": [
        {"request": {"urlPath": "/file"}, "response": {"status": 200, "bodyFileName": "user.json", "headers": {"Content-Type": "application/json"}}},
        {"request": {"urlPath": "/b64"}, "response": {"status": 200, "base64Body": "aGVsbG8="}}
    ]});
    let (b, _d) = serve(stub, &[("user.json", r#"{"from": "file"}"#)]).await;
    let file = send(client().get(format!("{}/file", b.url()))).await;
    assert_eq!(file.json(), json!({"from": "file"}));
    assert_eq!(
        send(client().get(format!("{}/b64", b.url()))).await.text,
        "hello"
    );
}

#[tokio::test]
async fn response_templates_echo_query_path_and_json_body_values() {
    let stub = one(
        json!({"urlPathPattern": "/t/.*"}),
        json!({"status": 404, "transformers": ["response-template"],
               "jsonBody": {"q": "{{request.query.name}}", "seg": "{{request.path.[1]}}", "acc": "{{jsonPath request.body '$.acc'}}"}}),
    );
    let (b, _d) = serve(stub, &[]).await;
    let r = send(
        client()
            .post(format!("{}/t/C-9?name=zed", b.url()))
            .body(r#"{"acc": "42"}"#),
    )
    .await;
    assert_eq!(r.json(), json!({"q": "zed", "seg": "C-9", "acc": "42"}));
}

#[tokio::test]
async fn fixed_delay_milliseconds_delays_the_answer() {
    let (b, _d) = serve(
        one(
            json!({"urlPath": "/slow"}),
            json!({"status": 200, "fixedDelayMilliseconds": 300}),
        ),
        &[],
    )
    .await;
    let started = Instant::now();
    assert_eq!(
        send(client().get(format!("{}/slow", b.url()))).await.status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn the_lowest_priority_number_wins_and_later_mappings_win_ties() {
    let stub = json!({"mappings": [
        {"priority": 1, "request": {"urlPath": "/p"}, "response": {"status": 200, "body": "specific"}},
        {"priority": 9, "request": {"urlPathPattern": "/.*"}, "response": {"status": 200, "body": "general"}},
        {"request": {"urlPath": "/tie"}, "response": {"status": 200, "body": "first"}},
        {"request": {"urlPath": "/tie"}, "response": {"status": 200, "body": "second"}}
    ]});
    let (b, _d) = serve(stub, &[]).await;
    assert_eq!(
        send(client().get(format!("{}/p", b.url()))).await.text,
        "specific"
    );
    assert_eq!(
        send(client().get(format!("{}/other", b.url()))).await.text,
        "general"
    );
    assert_eq!(
        send(client().get(format!("{}/tie", b.url()))).await.text,
        "second"
    );
}

#[tokio::test]
async fn scenario_state_walks_a_sequence_per_correlation_id() {
    // Arrange: first call 503, second 200, then 200 forever.
    let stub = json!({"mappings": [
        {"scenarioName": "flaky", "requiredScenarioState": "Started", "newScenarioState": "recovered",
         "request": {"urlPath": "/f"}, "response": {"status": 503}},
        {"scenarioName": "flaky", "requiredScenarioState": "recovered",
         "request": {"urlPath": "/f"}, "response": {"status": 200}}
    ]});
    let (b, _d) = serve(stub, &[]).await;
    let get = |id: &str| {
        client()
            .get(format!("{}/f", b.url()))
            .header(CORRELATION_HEADER, id)
    };
    // Act / Assert: each correlation id walks its own sequence.
    assert_eq!(send(get("one")).await.status, 503);
    assert_eq!(send(get("one")).await.status, 200);
    assert_eq!(send(get("two")).await.status, 503);
    assert_eq!(send(get("one")).await.status, 200);
    assert_eq!(b.scoped("one").scenario_state("flaky"), "recovered");
    b.scoped("two").reset();
    assert_eq!(send(get("two")).await.status, 503);
}

async fn raw_get(url: &str, path: &str) -> Result<Vec<u8>, std::io::Error> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await?;
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .await?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await?;
    Ok(out)
}

#[tokio::test]
async fn faults_break_the_connection_as_wiremock_names_them() {
    let stub = json!({"mappings": [
        {"request": {"urlPath": "/reset"}, "response": {"fault": "CONNECTION_RESET_BY_PEER"}},
        {"request": {"urlPath": "/empty"}, "response": {"fault": "EMPTY_RESPONSE"}},
        {"request": {"urlPath": "/malformed"}, "response": {"fault": "MALFORMED_RESPONSE_CHUNK"}},
        {"request": {"urlPath": "/random"}, "response": {"fault": "RANDOM_DATA_THEN_CLOSE"}}
    ]});
    let (b, _d) = serve(stub, &[]).await;
    let reset = raw_get(&b.url(), "/reset").await;
    assert_eq!(
        reset.map_err(|e| e.kind()),
        Err(std::io::ErrorKind::ConnectionReset)
    );
    assert_eq!(raw_get(&b.url(), "/empty").await.unwrap(), b"");
    let malformed = raw_get(&b.url(), "/malformed").await.unwrap();
    assert!(malformed.starts_with(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"));
    let random = raw_get(&b.url(), "/random").await.unwrap();
    assert!(!random.is_empty() && !random.starts_with(b"HTTP/"));
    for path in ["/reset", "/empty", "/malformed", "/random"] {
        let r = client().get(format!("{}{path}", b.url())).send().await;
        let failed = match r {
            Err(_) => true,
            Ok(r) => r.bytes().await.is_err(),
        };
        assert!(failed, "{path} must fail in an HTTP client");
    }
    // The connection after a fault is a fresh one that works.
    assert_eq!(
        send(client().get(format!("{}/none", b.url()))).await.status,
        404
    );
}

#[tokio::test]
async fn a_folder_with_mappings_and_files_is_one_backend() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("shop");
    std::fs::create_dir_all(root.join("mappings")).unwrap();
    std::fs::create_dir_all(root.join("__files")).unwrap();
    std::fs::write(root.join("__files/item.json"), r#"{"item": 1}"#).unwrap();
    std::fs::write(
        root.join("mappings/item.json"),
        r#"{"request": {"method": "GET", "urlPath": "/item"}, "response": {"status": 200, "bodyFileName": "item.json"}}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("other.json"), r#"{"mappings": []}"#).unwrap();
    let all = mock::start_dir(dir.path()).await.unwrap();
    let names: Vec<&str> = all.iter().map(|b| b.name()).collect();
    assert_eq!(names, ["other", "shop"]);
    let r = send(client().get(format!("{}/item", all[1].url()))).await;
    assert_eq!(r.text, r#"{"item": 1}"#);
    for b in all {
        b.stop().await;
    }
}

#[tokio::test]
async fn stop_closes_the_port_and_a_fixed_port_can_be_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.json");
    std::fs::write(
        &path,
        r#"{"request": {"urlPath": "/"}, "response": {"status": 200}}"#,
    )
    .unwrap();
    let first = mock::start("x", &path, None).await.unwrap();
    let port = first.addr().port();
    first.stop().await;
    assert!(
        client()
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .is_err()
    );
    let again = mock::start("x", &path, Some(port)).await.unwrap();
    assert_eq!(again.url(), format!("http://127.0.0.1:{port}"));
    assert_eq!(
        send(client().get(format!("{}/", again.url()))).await.status,
        200
    );
    again.stop().await;
}

#[tokio::test]
async fn a_missing_stub_path_is_an_input_error() {
    let err = mock::start("x", Path::new("/nonexistent/x.json"), None)
        .await
        .unwrap_err();
    assert_eq!(err.exit_code(), 3);
}
