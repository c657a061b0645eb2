//! The seeds' orchestration patterns, end to end: hybrid mode with
//! `depends_on`, `for_each` fan-out over a list, fallbacks, `error_threshold`,
//! independent ifs and branches, `params`, status mapping, the caller's own
//! method, any-method channels, waiting rate limits and backend health.

#![allow(clippy::unwrap_used)] // helpers outside #[test] fns panic on a broken environment

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use support::{client, get, hits, metrics_text, send, start};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Answers `{"ok": true}` to whatever `server` has no other answer for.
async fn answer_ok(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(ok(json!({"ok": true})))
        .mount(server)
        .await;
}

/// Answers 200 and remembers the order requests arrived in.
#[derive(Clone, Default)]
struct Order(Arc<std::sync::Mutex<Vec<String>>>);

impl Respond for Order {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Ok(mut seen) = self.0.lock() {
            seen.push(request.url.path().to_owned());
        }
        ok(json!({"count": 2, "path": request.url.path()}))
    }
}

const HYBRID: &str = r#"
[connections.hr]
base_url = "${HR_URL}"
retry = { attempts = 0 }

[[channels]]
name = "sync"
path = "/sync"
mode = "hybrid"

[[channels.calls]]
name = "employees"
connection = "hr"
path = "/employees"

[[channels.calls]]
name = "lms"
connection = "hr"
method = "POST"
path = "/lms/sync"
json = { employees = "/calls/employees/items" }
depends_on = ["employees"]

[[channels.calls]]
name = "users"
connection = "hr"
method = "PUT"
path = "/users/{/item/id}"
json = { id = "/item/id", position = "/index" }
for_each = "/calls/employees/items"
depends_on = ["employees"]

[[channels.calls]]
name = "report"
connection = "hr"
method = "POST"
path = "/report"
json = { users = "/calls/users", lms = "/calls/lms/count" }
depends_on = ["users", "lms"]
"#;

async fn hybrid_backend(items: serde_json::Value) -> (MockServer, Order) {
    let hr = MockServer::start().await;
    let order = Order::default();
    Mock::given(path("/employees"))
        .respond_with(ok(json!({"items": items})))
        .mount(&hr)
        .await;
    Mock::given(method("PUT"))
        .respond_with(order.clone())
        .mount(&hr)
        .await;
    Mock::given(method("POST"))
        .respond_with(order.clone())
        .mount(&hr)
        .await;
    (hr, order)
}

#[tokio::test]
async fn hybrid_calls_start_once_their_dependencies_have_finished() {
    // Arrange
    let (hr, order) = hybrid_backend(json!([{"id": "E1"}, {"id": "E2"}])).await;
    let h = start(HYBRID, &[("HR_URL", &hr)]).await;

    // Act
    let answer = get(&h, "/sync").await;

    // Assert
    assert_eq!(answer.status, 200, "{}", answer.json);
    let seen = order.0.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(seen.last().map(String::as_str), Some("/report"), "{seen:?}");
    assert_eq!(seen.len(), 4, "{seen:?}");
    let report = hits(&hr, "/report").await;
    let body: serde_json::Value = serde_json::from_slice(&report[0].body).unwrap();
    assert_eq!(body["lms"], 2);
    assert_eq!(body["users"][1]["path"], "/users/E2");
}

#[tokio::test]
async fn for_each_runs_once_per_item_and_answers_the_list_in_order() {
    // Arrange
    let (hr, _) = hybrid_backend(json!([{"id": "E1"}, {"id": "E2"}, {"id": "E3"}])).await;
    let h = start(HYBRID, &[("HR_URL", &hr)]).await;

    // Act
    let answer = get(&h, "/sync").await;

    // Assert
    let users = &answer.json["users"];
    assert_eq!(users.as_array().map(Vec::len), Some(3));
    assert_eq!(users[2]["path"], "/users/E3");
    let third = hits(&hr, "/users/E3").await;
    let body: serde_json::Value = serde_json::from_slice(&third[0].body).unwrap();
    assert_eq!(body, json!({"id": "E3", "position": 2}));
}

#[tokio::test]
async fn for_each_over_an_empty_or_missing_list_makes_no_call() {
    // Arrange
    let (hr, _) = hybrid_backend(json!([])).await;
    let h = start(HYBRID, &[("HR_URL", &hr)]).await;

    // Act
    let answer = get(&h, "/sync").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["users"], json!([]));
    let puts = hr.received_requests().await.unwrap_or_default();
    assert!(puts.iter().all(|r| r.method.as_str() != "PUT"));
}

const TOLERANT: &str = r#"
[connections.hr]
base_url = "${HR_URL}"
retry = { attempts = 0 }

[[channels]]
name = "sync"
path = "/sync"
mode = "hybrid"
error_threshold = 0.5

[[channels.calls]]
name = "employees"
connection = "hr"
path = "/employees"

[[channels.calls]]
name = "users"
connection = "hr"
method = "PUT"
path = "/users/{/item/id}"
for_each = "/calls/employees/items"
depends_on = ["employees"]

[[channels.calls]]
name = "audit"
connection = "hr"
path = "/audit"
depends_on = ["users"]
"#;

async fn tolerant_backend(failing: &[&str]) -> MockServer {
    let hr = MockServer::start().await;
    Mock::given(path("/employees"))
        .respond_with(ok(
            json!({"items": [{"id": "E1"}, {"id": "E2"}, {"id": "E3"}]}),
        ))
        .mount(&hr)
        .await;
    for id in failing {
        Mock::given(path(format!("/users/{id}")))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1)
            .mount(&hr)
            .await;
    }
    Mock::given(method("PUT"))
        .respond_with(ok(json!({"synced": true})))
        .mount(&hr)
        .await;
    Mock::given(path("/audit"))
        .respond_with(ok(json!({"ok": true})))
        .mount(&hr)
        .await;
    hr
}

#[tokio::test]
async fn error_threshold_tolerates_failures_up_to_its_share_leaving_null() {
    // Arrange: 5 executions (list, 3 users, audit), 2 failing: 0.4 ≤ 0.5
    let hr = tolerant_backend(&["E1", "E3"]).await;
    let h = start(TOLERANT, &[("HR_URL", &hr)]).await;

    // Act
    let answer = get(&h, "/sync").await;

    // Assert
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(answer.json["users"], json!([null, {"synced": true}, null]));
    assert_eq!(
        answer.json["audit"],
        json!({"ok": true}),
        "a list with gaps is a result"
    );
}

#[tokio::test]
async fn error_threshold_fails_the_request_past_its_share_listing_every_failure() {
    // Arrange: 3 of 5 failing: 0.6 > 0.5
    let hr = tolerant_backend(&["E1", "E2", "E3"]).await;
    let h = start(TOLERANT, &[("HR_URL", &hr)]).await;

    // Act
    let answer = get(&h, "/sync").await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["failures"].as_array().map(Vec::len), Some(3));
}

const BRANCHES: &str = r#"
[connections.lms]
base_url = "${LMS_URL}"
retry = { attempts = 0 }

[[channels]]
name = "completion"
path = "/completion/{course}"
mode = "conditional"
fail_fast = false

[[channels.calls]]
name = "course"
connection = "lms"
path = "/courses/{/input/course}"

[[channels.calls]]
name = "hr"
connection = "lms"
method = "POST"
path = "/hr"
condition = { value = "/calls/course/notify", contains = "HR" }

[[channels.calls]]
name = "jira"
connection = "lms"
method = "POST"
path = "/jira/{/calls/course/ticket}"
condition = [{ value = "/calls/course/notify", contains = "Jira" }, { value = "/calls/course/ticket", exists = true }]

[[channels.calls]]
name = "big"
connection = "lms"
path = "/big"
branch = "size"
condition = { value = "/calls/course/hours", greater_than = 10 }

[[channels.calls]]
name = "small"
connection = "lms"
path = "/small"
branch = "size"

[[channels.calls]]
name = "after_hr"
connection = "lms"
path = "/after-hr"
depends_on = ["hr"]
"#;

async fn lms(courses: &[(&str, serde_json::Value)]) -> MockServer {
    let lms = MockServer::start().await;
    for (id, course) in courses {
        Mock::given(path(format!("/courses/{id}")))
            .respond_with(ok(course.clone()))
            .mount(&lms)
            .await;
    }
    Mock::given(path("/hr"))
        .respond_with(ResponseTemplate::new(500))
        .with_priority(1)
        .mount(&lms)
        .await;
    answer_ok(&lms).await;
    lms
}

#[tokio::test]
async fn independent_ifs_each_run_on_their_own_condition_and_a_branch_runs_one_call() {
    // Arrange
    let lms = lms(&[
        (
            "both",
            json!({"notify": ["HR", "Jira"], "ticket": "T-1", "hours": 12}),
        ),
        ("jira-no-ticket", json!({"notify": ["Jira"], "hours": 2})),
    ])
    .await;
    let h = start(BRANCHES, &[("LMS_URL", &lms)]).await;

    // Act
    let both = get(&h, "/completion/both").await;
    let none = get(&h, "/completion/jira-no-ticket").await;

    // Assert: in the first request `hr` runs and fails (500), so `after_hr`,
    // which depends on it, does not run; in the second `hr` is skipped by its
    // condition, which lets `after_hr` run.
    assert_eq!(both.status, 502, "{}", both.json);
    assert_eq!(hits(&lms, "/hr").await.len(), 1);
    assert_eq!(hits(&lms, "/jira/T-1").await.len(), 1);
    assert_eq!(hits(&lms, "/big").await.len(), 1);
    assert_eq!(
        hits(&lms, "/small").await.len(),
        1,
        "the else of the second request"
    );
    assert_eq!(
        hits(&lms, "/after-hr").await.len(),
        1,
        "only in the second request"
    );
    assert_eq!(none.status, 200, "{}", none.json);
    assert!(none.json["jira"].is_null() && none.json["hr"].is_null());
}

const REST: &str = r#"
[connections.api]
base_url = "${API_URL}/v1"
retry = { attempts = 0 }
auth = { bearer = { token = "t0k" } }

[[channels]]
name = "orders"
path = "/customers/{customer_id}/orders"
mode = "pipeline"
input.status = { type = "string" }

[[channels.calls]]
name = "orders"
connection = "api"
path = "/customers/{customer_id}/orders"
params = { customer_id = "/input/customer_id", status = "/input/status", limit = 10 }
status_map = { 404 = 404, other = 500 }

[[channels]]
name = "order"
path = "/orders/{id}"
methods = "any"
mode = "pipeline"

[[channels.calls]]
name = "order"
connection = "api"
method = "SAME"
path = "/orders/{id}"
params = { id = "/input/id" }
"#;

async fn api() -> MockServer {
    let api = MockServer::start().await;
    Mock::given(path("/v1/customers/404/orders"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&api)
        .await;
    Mock::given(path("/v1/customers/503/orders"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&api)
        .await;
    answer_ok(&api).await;
    api
}

#[tokio::test]
async fn params_fill_the_path_and_the_rest_become_the_query_string() {
    // Arrange
    let api = api().await;
    let h = start(REST, &[("API_URL", &api)]).await;

    // Act
    get(&h, "/customers/12345/orders?status=pending").await;
    get(&h, "/customers/777/orders").await;

    // Assert
    let with = hits(&api, "/v1/customers/12345/orders").await;
    assert_eq!(with[0].url.query(), Some("status=pending&limit=10"));
    let without = hits(&api, "/v1/customers/777/orders").await;
    assert_eq!(
        without[0].url.query(),
        Some("limit=10"),
        "null parameters are left out"
    );
    assert_eq!(
        with[0]
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer t0k")
    );
}

#[tokio::test]
async fn status_map_gives_the_caller_404_for_a_404_and_500_for_the_rest() {
    // Arrange
    let api = api().await;
    let h = start(REST, &[("API_URL", &api)]).await;

    // Act
    let missing = get(&h, "/customers/404/orders").await;
    let down = get(&h, "/customers/503/orders").await;

    // Assert
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json["backend_status"], 404);
    assert_eq!(down.status, 500);
    assert_eq!(down.json["code"], "backend_error");
}

#[tokio::test]
async fn a_same_method_call_forwards_every_method_and_the_body_of_those_that_carry_one() {
    // Arrange
    let api = api().await;
    let h = start(REST, &[("API_URL", &api)]).await;

    // Act
    for m in ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] {
        let method = reqwest::Method::from_bytes(m.as_bytes()).unwrap();
        let answer = send(
            client()
                .request(method, format!("{}/orders/O-1", h.base))
                .body(r#"{"note": "x"}"#),
        )
        .await;
        assert_eq!(answer.status, 200, "{m}");
    }

    // Assert
    let received = hits(&api, "/v1/orders/O-1").await;
    let methods: Vec<&str> = received.iter().map(|r| r.method.as_str()).collect();
    assert_eq!(
        methods,
        vec!["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
    );
    let put: serde_json::Value = serde_json::from_slice(&received[2].body).unwrap();
    assert_eq!(put, json!({"note": "x", "id": "O-1"}));
    assert!(received[0].body.is_empty(), "a GET carries no body");
}

const LIMITS: &str = r#"
[server]
global_rate_limit = { requests = 4, period_ms = 400, max_wait_ms = {global_wait} }

[connections.crm]
base_url = "${CRM_URL}"
retry = { attempts = 0 }

[[channels]]
name = "fan"
path = "/fan"

[[channels.calls]]
name = "each"
connection = "crm"
path = "/item/{/item}"
for_each = "/input/items"

[channels.input]
items = { type = "array", default = [1, 2, 3, 4, 5, 6] }
"#;

#[tokio::test]
async fn calls_over_the_global_rate_limit_wait_for_their_turn_when_it_comes_in_time() {
    // Arrange: 4 at once, then one per 100 ms; up to 1 s of waiting allowed
    let crm = MockServer::start().await;
    answer_ok(&crm).await;
    let h = start(
        &LIMITS.replace("{global_wait}", "1000"),
        &[("CRM_URL", &crm)],
    )
    .await;

    // Act
    let answer = get(&h, "/fan").await;
    let text = metrics_text(&h).await;

    // Assert
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(crm.received_requests().await.map(|r| r.len()), Some(6));
    assert!(
        text.contains(r#"harness_rate_limit_waits_total{scope="global"}"#),
        "{text}"
    );
}

#[tokio::test]
async fn calls_over_the_global_rate_limit_are_refused_without_a_wait() {
    // Arrange
    let crm = MockServer::start().await;
    answer_ok(&crm).await;
    let h = start(&LIMITS.replace("{global_wait}", "0"), &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/fan").await;

    // Assert
    assert_eq!(answer.status, 429);
    assert_eq!(answer.json["kind"], "rate_limited");
    assert!(answer.header("retry-after").is_some());
    assert_eq!(crm.received_requests().await.map(|r| r.len()), Some(4));
}

const FALLBACK: &str = r#"
[connections.svc]
base_url = "${SVC_URL}"
retry = { attempts = 0 }

[[channels]]
name = "health"
path = "/services"
mode = "parallel"

[[channels.calls]]
name = "a"
connection = "svc"
path = "/a/health"
fallback = { status = "down", kind = "/error/kind", backend = "/error/backend", code = "/error/status" }

[[channels.calls]]
name = "b"
connection = "svc"
path = "/b/health"
fallback = { status = "down", kind = "/error/kind" }
"#;

#[tokio::test]
async fn a_fallback_stands_in_for_a_failed_result_with_the_kind_of_failure() {
    // Arrange
    let svc = MockServer::start().await;
    Mock::given(path("/a/health"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&svc)
        .await;
    Mock::given(path("/b/health"))
        .respond_with(ok(json!({"status": "ok"})))
        .mount(&svc)
        .await;
    let h = start(FALLBACK, &[("SVC_URL", &svc)]).await;

    // Act
    let answer = get(&h, "/services").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"a": {"status": "down", "kind": "http_status", "backend": "svc", "code": 503},
               "b": {"status": "ok"}})
    );
}

#[tokio::test]
async fn health_pings_every_connection_and_reports_the_unreachable_as_down() {
    // Arrange
    let svc = MockServer::start().await;
    let pings = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&pings);
    Mock::given(method("HEAD"))
        .respond_with(move |_: &Request| {
            counted.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(404)
        })
        .mount(&svc)
        .await;
    let toml = format!(
        "{FALLBACK}\n[connections.gone]\nbase_url = \"{}\"\n",
        support::closed_port_url()
    );
    let h = start(&toml, &[("SVC_URL", &svc)]).await;

    // Act
    let answer = get(&h, "/health").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["status"], "degraded");
    assert_eq!(answer.json["backends"]["svc"]["status"], "up");
    assert_eq!(
        answer.json["backends"]["gone"],
        json!({"status": "down", "kind": "unreachable"})
    );
    assert_eq!(pings.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_sequential_call_whose_dependency_failed_does_not_run() {
    // Arrange
    let toml = r#"
[connections.svc]
base_url = "${SVC_URL}"
retry = { attempts = 0 }

[[channels]]
name = "flow"
path = "/flow"
fail_fast = false

[[channels.calls]]
name = "first"
connection = "svc"
path = "/first"
optional = true

[[channels.calls]]
name = "second"
connection = "svc"
path = "/second"
depends_on = ["first"]

[[channels.calls]]
name = "third"
connection = "svc"
path = "/third"
"#;
    let svc = MockServer::start().await;
    Mock::given(path("/first"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&svc)
        .await;
    answer_ok(&svc).await;
    let h = start(toml, &[("SVC_URL", &svc)]).await;

    // Act
    let answer = get(&h, "/flow").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert!(hits(&svc, "/second").await.is_empty());
    assert_eq!(hits(&svc, "/third").await.len(), 1);
    assert_eq!(answer.json["second"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_query_parameter_the_backend_needs_is_sent_as_configured() {
    // Arrange: `query` and `params` leftovers together
    let toml = r#"
[connections.svc]
base_url = "${SVC_URL}"

[[channels]]
name = "q"
path = "/q/{id}"

[[channels.calls]]
name = "c"
connection = "svc"
path = "/items/{id}"
params = { id = "/input/id", expand = "owner" }
query = { lang = "en" }
"#;
    let svc = MockServer::start().await;
    Mock::given(path("/items/7"))
        .and(query_param("expand", "owner"))
        .and(query_param("lang", "en"))
        .respond_with(ok(json!({"ok": true})))
        .mount(&svc)
        .await;
    let h = start(toml, &[("SVC_URL", &svc)]).await;

    // Act
    let answer = get(&h, "/q/7").await;

    // Assert
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(answer.json["c"], json!({"ok": true}));
}
