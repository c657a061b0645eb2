//! The harness hardened: bodies read in the channel's data format, path values
//! kept inside their segment, non-idempotent calls never re-sent behind the
//! caller's back, no internal detail in answers, and the smaller HTTP fixes
//! (HEAD, 405 bodies, Retry-After, the breaker gauge, counting 404/405).

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns panic on a broken environment

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::json;
use support::{client, get, hits, metrics_text, send, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const USER: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"
retry = { attempts = 2, backoff_ms = 5, on_status = [503] }
breaker = { failure_threshold = 2, open_ms = 1500 }

[[channels]]
name = "user"
path = "/api/v1/user"
methods = ["POST"]
input.user_name = { required = true, type = "string" }

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/get-user"
query = { UserName = "/input/user_name" }

[channels.response]
user_name = "/input/user_name"
user_type = "/calls/crm/UserType"

[[channels]]
name = "profile"
path = "/c/{customer_id}/profile"

[[channels.calls]]
name = "profile"
connection = "crm"
path = "/customers/{/input/customer_id}/profile"

[[channels]]
name = "by-query"
path = "/by-query"
input.id = { required = true, type = "string" }

[[channels.calls]]
name = "profile"
connection = "crm"
path = "/customers/{/input/id}/profile"

[[channels]]
name = "account"
path = "/account/{name}"
mode = "pipeline"

[[channels.calls]]
name = "user"
connection = "crm"
path = "/get-user"

[[channels.calls]]
name = "account"
connection = "crm"
path = "/accounts/{/previous/AccountNumber}"
"#;

async fn crm() -> MockServer {
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"UserType": "RGV"})))
        .mount(&crm)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&crm)
        .await;
    crm
}

/// Sends `request_line` as written (no client normalises it) and returns the
/// status code.
async fn raw_status(base: &str, request_line: &str) -> u16 {
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("{request_line}\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// POSTs `body` to the user channel labelled as a form, as `curl -d` does.
async fn post_as_curl_does(h: &support::Harness, body: &'static str) -> support::Answer {
    send(
        client()
            .post(format!("{}/api/v1/user", h.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body),
    )
    .await
}

#[tokio::test]
async fn a_json_body_labelled_as_a_form_is_read_as_json() {
    // Arrange: what `curl -d '{"user_name": "my.user"}'` sends
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = post_as_curl_does(&h, r#"{"user_name": "my.user"}"#).await;

    // Assert
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(answer.json["user_name"], "my.user");
}

#[tokio::test]
async fn a_body_a_json_channel_cannot_read_is_a_400_never_ignored() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = post_as_curl_does(&h, "user_name=my.user").await;

    // Assert
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json["code"], "bad_input");
    assert!(hits(&crm, "/get-user").await.is_empty());
}

#[tokio::test]
async fn dot_segments_in_a_path_parameter_are_a_400_and_reach_no_backend() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act: as curl sends them, and with --path-as-is
    let mut statuses = Vec::new();
    for target in [
        "/c/%2e%2e/profile",
        "/c/%2E%2E/profile",
        "/c/.%2e/profile",
        "/c/../profile",
        "/c/./profile",
    ] {
        statuses.push(raw_status(&h.base, &format!("GET {target} HTTP/1.1")).await);
    }

    // Assert
    assert_eq!(statuses, vec![400; 5]);
    let received = crm.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "{received:?}");
}

#[tokio::test]
async fn slashes_question_marks_and_hashes_stay_inside_their_segment() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/c/a%2Fb%3Fc%23d/profile").await;

    // Assert
    assert_eq!(answer.status, 200);
    let received = crm.received_requests().await.unwrap_or_default();
    let paths: Vec<String> = received.iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(paths, vec!["/customers/a%2Fb%3Fc%23d/profile"]);
    assert_eq!(received[0].url.query(), None);
}

#[tokio::test]
async fn an_input_a_backend_path_is_made_of_cannot_be_a_dot_segment() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let dots = get(&h, "/by-query?id=..").await;
    let empty = get(&h, "/by-query?id=").await;
    let fine = get(&h, "/by-query?id=..x").await;

    // Assert
    assert_eq!((dots.status, empty.status, fine.status), (400, 400, 200));
    assert_eq!(dots.json["field"], "id");
    assert_eq!(hits(&crm, "/customers/..x/profile").await.len(), 1);
}

#[tokio::test]
async fn a_backend_value_that_would_leave_its_segment_is_never_sent() {
    // Arrange: the CRM answers `..` as the account number
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"AccountNumber": ".."})))
        .mount(&crm)
        .await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/account/mallory").await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["kind"], "invalid_request");
    assert_eq!(
        answer.json["error"],
        "cannot build the request to backend `crm`"
    );
    let received = crm.received_requests().await.unwrap_or_default();
    assert_eq!(received.len(), 1, "only the user lookup: {received:?}");
}

const NOTIFY: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"
timeout_ms = 300
retry = { attempts = 2, backoff_ms = 5, on_status = [503] }
{connection_extra}

[[channels]]
name = "notify"
path = "/notify"
methods = ["GET", "POST"]

[[channels.calls]]
name = "crm"
connection = "crm"
method = "{method}"
path = "/notifications"
{call_extra}
"#;

fn notify(method: &str, connection_extra: &str, call_extra: &str) -> String {
    NOTIFY
        .replace("{method}", method)
        .replace("{connection_extra}", connection_extra)
        .replace("{call_extra}", call_extra)
}

async fn slow_backend() -> MockServer {
    let crm = MockServer::start().await;
    Mock::given(path("/notifications"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_millis(600)))
        .mount(&crm)
        .await;
    crm
}

#[tokio::test]
async fn a_timed_out_post_is_delivered_once() {
    // Arrange
    let crm = slow_backend().await;
    let h = start(&notify("POST", "", ""), &[("CRM_URL", &crm)]).await;

    // Act
    let answer = send(client().post(format!("{}/notify", h.base)).body("{}")).await;

    // Assert
    assert_eq!(answer.status, 504);
    assert_eq!(answer.json["kind"], "timeout");
    assert_eq!(hits(&crm, "/notifications").await.len(), 1);
}

#[tokio::test]
async fn a_timed_out_get_is_sent_again() {
    // Arrange
    let crm = slow_backend().await;
    let h = start(&notify("GET", "", ""), &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/notify").await;

    // Assert
    assert_eq!(answer.status, 504);
    assert_eq!(hits(&crm, "/notifications").await.len(), 3);
}

#[tokio::test]
async fn retry_non_idempotent_on_the_connection_or_the_call_lets_a_post_be_sent_again() {
    // Arrange
    let crm = slow_backend().await;
    let by_connection = start(
        &notify("POST", "retry_non_idempotent = true", ""),
        &[("CRM_URL", &crm)],
    )
    .await;
    let overridden = start(
        &notify(
            "POST",
            "retry_non_idempotent = true",
            "retry_non_idempotent = false",
        ),
        &[("CRM_URL", &crm)],
    )
    .await;

    // Act
    send(client().post(format!("{}/notify", by_connection.base))).await;
    let after_first = hits(&crm, "/notifications").await.len();
    send(client().post(format!("{}/notify", overridden.base))).await;
    let after_second = hits(&crm, "/notifications").await.len();

    // Assert
    assert_eq!(after_first, 3);
    assert_eq!(after_second - after_first, 1);
}

/// A backend that reads each request and closes the connection without an
/// answer; it counts the requests.
async fn closing_backend() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let counted = Arc::clone(&counted);
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                if matches!(stream.read(&mut buffer).await, Ok(n) if n > 0) {
                    counted.fetch_add(1, Ordering::SeqCst);
                }
                drop(stream);
            });
        }
    });
    (url, count)
}

#[tokio::test]
async fn a_post_whose_connection_broke_after_it_was_sent_is_not_sent_again() {
    // Arrange
    let (url, count) = closing_backend().await;
    let env = vec![("CRM_URL", url)];
    let post = support::start_config(support::config(&notify("POST", "", ""), &env)).await;
    let get_channel = support::start_config(support::config(&notify("GET", "", ""), &env)).await;

    // Act
    let posted = send(client().post(format!("{}/notify", post.base))).await;
    let after_post = count.load(Ordering::SeqCst);
    let got = get(&get_channel, "/notify").await;
    let after_get = count.load(Ordering::SeqCst);

    // Assert
    assert_eq!(posted.status, 502);
    assert_eq!(posted.json["kind"], "connection_broken");
    assert_eq!(after_post, 1);
    assert_eq!(got.status, 502);
    assert_eq!(after_get - after_post, 3, "a GET is sent again");
}

#[tokio::test]
async fn a_post_that_could_not_connect_is_retried_since_nothing_was_sent() {
    // Arrange
    let env = vec![("CRM_URL", support::closed_port_url())];
    let h = support::start_config(support::config(&notify("POST", "", ""), &env)).await;

    // Act
    let answer = send(client().post(format!("{}/notify", h.base))).await;
    let text = metrics_text(&h).await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["kind"], "unreachable");
    assert!(
        text.contains(r#"harness_retries_total{connection="crm"} 2"#),
        "{text}"
    );
}

#[tokio::test]
async fn transport_errors_name_the_backend_and_a_kind_never_the_url_or_the_os_error() {
    // Arrange
    let url = support::closed_port_url();
    let port = url.rsplit(':').next().unwrap_or_default().to_owned();
    let env = vec![("CRM_URL", url)];
    let h = support::start_config(support::config(&notify("GET", "", ""), &env)).await;

    // Act
    let response = client()
        .get(format!("{}/notify", h.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();

    // Assert
    assert_eq!(status, 502);
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["error"], "backend `crm` is unreachable");
    assert_eq!(body["kind"], "unreachable");
    for secret in [port.as_str(), "127.0.0.1", "refused", "os error", "http://"] {
        assert!(!text.contains(secret), "`{secret}` leaked: {text}");
    }
}

#[tokio::test]
async fn a_backends_error_body_is_not_echoed_to_the_caller() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({"error": "ORA-00942: table SECRET_USERS does not exist"})),
        )
        .mount(&crm)
        .await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let response = client()
        .post(format!("{}/api/v1/user", h.base))
        .body(r#"{"user_name": "x"}"#)
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();

    // Assert
    assert!(!text.contains("SECRET_USERS"), "{text}");
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["backend_status"], 500);
    assert_eq!(body["kind"], "http_status");
}

#[tokio::test]
async fn health_and_metrics_answer_other_methods_with_a_json_405() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let health = send(client().post(format!("{}/health", h.base))).await;
    let metrics = send(client().delete(format!("{}/metrics", h.base))).await;

    // Assert
    for answer in [&health, &metrics] {
        assert_eq!(answer.status, 405);
        assert_eq!(answer.header("allow"), Some("GET, HEAD"));
        assert_eq!(answer.json["code"], "method_not_allowed");
        assert!(answer.json["correlation_id"].is_string());
    }
}

#[tokio::test]
async fn head_on_a_get_channel_is_answered_as_get_without_a_body() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let response = client()
        .head(format!("{}/c/C-1/profile", h.base))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let has_cid = response.headers().contains_key("x-correlation-id");
    let body = response.bytes().await.unwrap();

    // Assert
    assert_eq!(status, 200);
    assert!(has_cid);
    assert!(body.is_empty());
    assert_eq!(hits(&crm, "/customers/C-1/profile").await.len(), 1);
}

#[tokio::test]
async fn an_open_breaker_answers_503_with_retry_after_and_the_gauge_turns_half_open_on_time() {
    // Arrange: two failures open the breaker for 1.5 s
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&crm)
        .await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;
    let post = || {
        send(
            client()
                .post(format!("{}/api/v1/user", h.base))
                .body(r#"{"user_name": "x"}"#),
        )
    };

    // Act
    post().await;
    post().await;
    let open = post().await;
    let while_open = metrics_text(&h).await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let after = metrics_text(&h).await;

    // Assert
    assert_eq!(open.status, 503);
    assert_eq!(open.json["code"], "circuit_open");
    let retry_after: u64 = open
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=2).contains(&retry_after), "{retry_after}");
    assert!(while_open.contains(r#"harness_breaker_state{connection="crm"} 1"#));
    assert!(
        after.contains(r#"harness_breaker_state{connection="crm"} 2"#),
        "half-open without another call:\n{after}"
    );
}

#[tokio::test]
async fn requests_no_channel_serves_are_counted() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    get(&h, "/nowhere").await;
    get(&h, "/api/v1/user").await;
    let text = metrics_text(&h).await;

    // Assert
    for line in [
        r#"harness_requests_total{channel="(none)",status="404"} 1"#,
        r#"harness_requests_total{channel="user",status="405"} 1"#,
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing `{line}` in:\n{text}"
        );
    }
}

#[tokio::test]
async fn responses_carry_the_correlation_id_as_x_zato_cid_too() {
    // Arrange
    let crm = crm().await;
    let h = start(USER, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = send(
        client()
            .get(format!("{}/c/C-1/profile", h.base))
            .header("X-Correlation-ID", "trace-42"),
    )
    .await;

    // Assert
    assert_eq!(answer.header("x-zato-cid"), Some("trace-42"));
    assert_eq!(answer.header("x-correlation-id"), Some("trace-42"));
}
