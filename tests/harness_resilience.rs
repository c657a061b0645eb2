//! Retries, timeouts, circuit breakers, rate limits and caching, end to end.

mod support;

use std::time::Duration;

use serde_json::json;
use support::{get, hits, start};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn config(extra_connection: &str, extra_call: &str, extra_channel: &str) -> String {
    format!(
        r#"
[connections.crm]
base_url = "${{CRM_URL}}"
timeout_ms = 1000
{extra_connection}

[[channels]]
name = "user"
path = "/user"
{extra_channel}

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/get-user"
{extra_call}

[channels.response]
user_type = "/calls/crm/UserType"
"#
    )
}

fn user() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"UserType": "RGV"}))
}

#[tokio::test]
async fn retries_after_listed_statuses_then_succeeds() {
    // Arrange: two 503s, then success
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&crm)
        .await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config(
        "retry = { attempts = 3, backoff_ms = 5, on_status = [503] }",
        "",
        "",
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/user").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json, json!({"user_type": "RGV"}));
    assert_eq!(hits(&crm, "/get-user").await.len(), 3);
}

#[tokio::test]
async fn required_backend_failure_returns_502_naming_the_backend() {
    // Arrange: always 503, two retries
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"down": true})))
        .mount(&crm)
        .await;
    let toml = config(
        "retry = { attempts = 2, backoff_ms = 5, jitter = false }",
        "",
        "",
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/user").await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["code"], "backend_error");
    assert_eq!(answer.json["backend"], "crm");
    assert_eq!(answer.json["backend_status"], 503);
    assert_eq!(answer.json["kind"], "http_status");
    assert_eq!(answer.json.get("backend_body"), None, "{}", answer.json);
    assert_eq!(answer.json["error"], "backend `crm` answered HTTP 503");
    assert_eq!(hits(&crm, "/get-user").await.len(), 3);
}

#[tokio::test]
async fn statuses_not_listed_are_not_retried() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&crm)
        .await;
    let toml = config(
        "retry = { attempts = 3, backoff_ms = 5, on_status = [503] }",
        "",
        "",
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/user").await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["backend_status"], 404);
    assert_eq!(hits(&crm, "/get-user").await.len(), 1);
}

#[tokio::test]
async fn unreachable_backend_is_retried_then_reported() {
    // Arrange: a port nobody listens on
    let url = support::closed_port_url();
    let toml = config("retry = { attempts = 1, backoff_ms = 5 }", "", "");
    let h = support::start_config(support::config(&toml, &[("CRM_URL", url)])).await;

    // Act
    let answer = get(&h, "/user").await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["backend"], "crm");
    let error = answer.json["error"].as_str().unwrap();
    assert!(error.starts_with("backend `crm` is unreachable"), "{error}");
}

#[tokio::test]
async fn call_timeout_returns_504_naming_the_backend() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user().set_delay(Duration::from_millis(1000)))
        .mount(&crm)
        .await;
    let toml = config("", "timeout_ms = 40", "");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/user").await;

    // Assert
    assert_eq!(answer.status, 504);
    assert_eq!(answer.json["code"], "backend_timeout");
    assert_eq!(answer.json["backend"], "crm");
}

#[tokio::test]
async fn total_timeout_returns_504() {
    // Arrange: each call would succeed, but the channel allows 50 ms in all
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user().set_delay(Duration::from_millis(1000)))
        .mount(&crm)
        .await;
    let toml = config("", "", "total_timeout_ms = 50");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let started = std::time::Instant::now();
    let answer = get(&h, "/user").await;

    // Assert
    assert_eq!(answer.status, 504);
    assert_eq!(answer.json["code"], "timeout");
    assert_eq!(answer.json["timeout_ms"], 50);
    assert!(started.elapsed() < Duration::from_millis(700));
}

#[tokio::test]
async fn breaker_opens_after_consecutive_failures_and_short_circuits() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&crm)
        .await;
    let toml = config(
        "breaker = { failure_threshold = 2, open_ms = 60000 }",
        "",
        "",
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let first = get(&h, "/user").await;
    let second = get(&h, "/user").await;
    let third = get(&h, "/user").await;

    // Assert
    assert_eq!((first.status, second.status), (502, 502));
    assert_eq!(third.status, 503);
    assert_eq!(third.json["code"], "circuit_open");
    assert_eq!(third.json["backend"], "crm");
    assert_eq!(
        hits(&crm, "/get-user").await.len(),
        2,
        "the open breaker sent nothing"
    );
}

#[tokio::test]
async fn breaker_recovers_when_the_half_open_probe_succeeds() {
    // Arrange: two failures, then the backend is healthy again
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&crm)
        .await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config("breaker = { failure_threshold = 2, open_ms = 60 }", "", "");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;
    get(&h, "/user").await;
    get(&h, "/user").await;
    let while_open = get(&h, "/user").await;

    // Act
    tokio::time::sleep(Duration::from_millis(80)).await;
    let probe = get(&h, "/user").await;
    let after = get(&h, "/user").await;

    // Assert
    assert_eq!(while_open.status, 503);
    assert_eq!(probe.status, 200);
    assert_eq!(after.status, 200);
    assert_eq!(hits(&crm, "/get-user").await.len(), 4);
}

#[tokio::test]
async fn channel_rate_limit_returns_429_with_retry_after() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config("", "", "rate_limit = { requests = 2, period_ms = 60000 }");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let statuses = [get(&h, "/user").await.status, get(&h, "/user").await.status];
    let limited = get(&h, "/user").await;

    // Assert
    assert_eq!(statuses, [200, 200]);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.json["code"], "rate_limited");
    assert_eq!(limited.header("retry-after"), Some("30"));
    assert_eq!(hits(&crm, "/get-user").await.len(), 2);
}

#[tokio::test]
async fn connection_rate_limit_returns_429_naming_the_backend() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config("rate_limit = { requests = 1, period_ms = 2000 }", "", "");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let first = get(&h, "/user").await;
    let limited = get(&h, "/user").await;

    // Assert
    assert_eq!(first.status, 200);
    assert_eq!(limited.status, 429);
    assert_eq!(limited.json["backend"], "crm");
    assert_eq!(limited.header("retry-after"), Some("2"));
}

#[tokio::test]
async fn cache_hit_does_not_reach_the_backend() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config("", "cache_ttl_ms = 60000", "");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let first = get(&h, "/user").await;
    let second = get(&h, "/user").await;

    // Assert
    assert_eq!(first.json, second.json);
    assert_eq!(second.status, 200);
    assert_eq!(hits(&crm, "/get-user").await.len(), 1);
}

#[tokio::test]
async fn cache_entries_expire_after_their_ttl() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config("", "cache_ttl_ms = 30", "");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    get(&h, "/user").await;
    tokio::time::sleep(Duration::from_millis(60)).await;
    get(&h, "/user").await;

    // Assert
    assert_eq!(hits(&crm, "/get-user").await.len(), 2);
}

const TWO_CALLS: &str = r#"
[connections.a]
base_url = "${A_URL}"
[connections.b]
base_url = "${B_URL}"

[[channels]]
name = "both"
path = "/both"
mode = "parallel"
fail_fast = false

[[channels.calls]]
name = "a"
connection = "a"
path = "/x"

[[channels.calls]]
name = "b"
connection = "b"
path = "/x"
"#;

#[tokio::test]
async fn without_fail_fast_every_failure_is_reported() {
    // Arrange
    let (a, b) = (MockServer::start().await, MockServer::start().await);
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&a)
        .await;
    Mock::given(path("/x"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&b)
        .await;
    let h = start(TWO_CALLS, &[("A_URL", &a), ("B_URL", &b)]).await;

    // Act
    let answer = get(&h, "/both").await;

    // Assert
    assert_eq!(answer.status, 502);
    let mut failed: Vec<&str> = answer.json["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["backend"].as_str().unwrap())
        .collect();
    failed.sort_unstable();
    assert_eq!(failed, vec!["a", "b"]);
}

#[tokio::test]
async fn metrics_count_retries_and_cache_hits() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&crm)
        .await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    let toml = config(
        "retry = { attempts = 1, backoff_ms = 5 }",
        "cache_ttl_ms = 60000",
        "",
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;
    get(&h, "/user").await;
    get(&h, "/user").await;

    // Act
    let text = support::metrics_text(&h).await;

    // Assert
    for line in [
        r#"harness_retries_total{connection="crm"} 1"#,
        r#"harness_cache_hits_total{call="crm"} 1"#,
        r#"harness_cache_misses_total{call="crm"} 1"#,
        r#"harness_backend_calls_total{connection="crm",outcome="503"} 1"#,
        r#"harness_backend_calls_total{connection="crm",outcome="200"} 1"#,
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing `{line}` in:\n{text}"
        );
    }
}

#[tokio::test]
async fn open_breaker_shows_in_metrics() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&crm)
        .await;
    let toml = config(
        "breaker = { failure_threshold = 1, open_ms = 60000 }",
        "",
        "",
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;
    get(&h, "/user").await;
    get(&h, "/user").await;

    // Act
    let text = support::metrics_text(&h).await;

    // Assert
    assert!(
        text.contains(r#"harness_breaker_state{connection="crm"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"harness_backend_calls_total{connection="crm",outcome="circuit_open"} 1"#),
        "{text}"
    );
}

#[tokio::test]
async fn serve_with_shutdown_stops_when_signalled() {
    // Arrange
    let cfg = support::config("", &[]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(apitest::harness::serve_with_shutdown(
        cfg,
        listener,
        async {
            let _ = stopped.await;
        },
    ));

    // Act
    stop.send(()).unwrap();
    let result = tokio::time::timeout(Duration::from_secs(2), server).await;

    // Assert
    assert!(matches!(result, Ok(Ok(Ok(())))), "{result:?}");
}

/// A CRM answering every `/get-user` with an RGV user.
async fn user_backend() -> MockServer {
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(user())
        .mount(&crm)
        .await;
    crm
}

async fn get_as(h: &support::Harness, cid: &str) -> support::Answer {
    support::send(
        support::client()
            .get(format!("{}/user", h.base))
            .header("X-Correlation-ID", cid),
    )
    .await
}

#[tokio::test]
async fn a_new_correlation_id_does_not_reset_a_callers_quota() {
    // Arrange: one request per minute per caller (the client address here)
    let crm = user_backend().await;
    let toml = config(
        "",
        "",
        r#"rate_limit = { requests = 1, period_ms = 60000, per = "caller" }"#,
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let first = get_as(&h, "attempt-1").await;
    let second = get_as(&h, "attempt-2").await;
    let third = get(&h, "/user").await;

    // Assert
    assert_eq!(first.status, 200);
    assert_eq!((second.status, third.status), (429, 429));
    assert_eq!(hits(&crm, "/get-user").await.len(), 1);
}

#[tokio::test]
async fn a_new_correlation_id_does_not_escape_a_callers_cache() {
    // Arrange
    let crm = user_backend().await;
    let toml = config("", "cache_ttl_ms = 60000\ncache_per = \"caller\"", "");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    get_as(&h, "attempt-1").await;
    get_as(&h, "attempt-2").await;
    get(&h, "/user").await;

    // Assert: one miss, two hits
    assert_eq!(hits(&crm, "/get-user").await.len(), 1);
}

#[tokio::test]
async fn test_mode_splits_quotas_by_correlation_id_and_says_so_in_the_config() {
    // Arrange
    let crm = user_backend().await;
    let toml = format!(
        "[server]\ntest_mode = \"${{TEST_MODE}}\"\n{}",
        config(
            "",
            "",
            r#"rate_limit = { requests = 1, period_ms = 60000, per = "caller" }"#,
        )
    );
    let env = vec![("CRM_URL", crm.uri()), ("TEST_MODE", "true".to_owned())];
    let loaded = support::config(&toml, &env);
    assert!(loaded.test_mode());
    let h = support::start_config(loaded).await;

    // Act
    let first_a = get_as(&h, "scenario-a").await;
    let first_b = get_as(&h, "scenario-b").await;
    let second_a = get_as(&h, "scenario-a").await;
    let anonymous = [get(&h, "/user").await.status, get(&h, "/user").await.status];

    // Assert
    assert_eq!((first_a.status, first_b.status), (200, 200));
    assert_eq!(second_a.status, 429);
    assert_eq!(
        anonymous,
        [200, 429],
        "requests without an id share the caller's quota"
    );
}

#[tokio::test]
async fn test_mode_splits_caches_by_correlation_id() {
    // Arrange
    let crm = user_backend().await;
    let toml = format!(
        "[server]\ntest_mode = true\n{}",
        config("", "cache_ttl_ms = 60000\ncache_per = \"caller\"", "")
    );
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    get_as(&h, "scenario-a").await;
    get_as(&h, "scenario-a").await;
    get_as(&h, "scenario-b").await;

    // Assert: one miss per scenario, one hit
    assert_eq!(hits(&crm, "/get-user").await.len(), 2);
}
