//! Flow modes and call options, end to end: the orchestrator in-process,
//! wiremock backends, HTTP over 127.0.0.1.

mod support;

use serde_json::json;
use support::{get, hits, post, start, wait_for_hits};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

async fn crm_user(server: &MockServer, name: &str, user_type: &str, account: &str) {
    Mock::given(method("GET"))
        .and(path("/tutorial/api/get-user"))
        .and(query_param("UserName", name))
        .respond_with(ok(
            json!({"UserName": name, "UserType": user_type, "AccountNumber": account}),
        ))
        .mount(server)
        .await;
}

const SEQUENTIAL: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"
[connections.billing]
base_url = "${BILLING_URL}"

[[channels]]
name = "details"
path = "/details"
methods = ["GET", "POST"]
input.name = { type = "string", default = "partner" }

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/tutorial/api/get-user"
query = { UserName = "/input/name" }

[[channels.calls]]
name = "billing"
connection = "billing"
method = "POST"
path = "/tutorial/api/balance/get"
query = { USER = "/input/name", ACC = "/calls/crm/AccountNumber" }

[channels.response]
user_type = "/calls/crm/UserType"
account_no = "/calls/crm/AccountNumber"
account_balance = "/calls/billing/ACC_BALANCE"
"#;

#[tokio::test]
async fn sequential_flow_feeds_earlier_results_into_later_calls() {
    // Arrange
    let (crm, billing) = (MockServer::start().await, MockServer::start().await);
    crm_user(&crm, "partner", "RGV", "123456").await;
    Mock::given(method("POST"))
        .and(path("/tutorial/api/balance/get"))
        .and(query_param("USER", "partner"))
        .and(query_param("ACC", "123456"))
        .respond_with(ok(json!({"ACC_BALANCE": "357.9"})))
        .mount(&billing)
        .await;
    let h = start(SEQUENTIAL, &[("CRM_URL", &crm), ("BILLING_URL", &billing)]).await;

    // Act
    let answer = get(&h, "/details").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"user_type": "RGV", "account_no": "123456", "account_balance": "357.9"})
    );
}

#[tokio::test]
async fn input_comes_from_the_query_string_or_a_json_body() {
    // Arrange
    let (crm, billing) = (MockServer::start().await, MockServer::start().await);
    crm_user(&crm, "Mike", "RGV", "1").await;
    crm_user(&crm, "anna", "STD", "2").await;
    Mock::given(method("POST"))
        .respond_with(ok(json!({"ACC_BALANCE": "1"})))
        .mount(&billing)
        .await;
    let h = start(SEQUENTIAL, &[("CRM_URL", &crm), ("BILLING_URL", &billing)]).await;

    // Act
    let from_query = get(&h, "/details?name=Mike").await;
    let from_body = post(&h, "/details", &json!({"name": "anna"})).await;

    // Assert
    assert_eq!(from_query.json["user_type"], "RGV");
    assert_eq!(from_body.json["user_type"], "STD");
}

const DASHBOARD: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"

[[channels]]
name = "dashboard"
path = "/api/customer/{id}/dashboard"
mode = "parallel"
max_concurrent = 4

[[channels.calls]]
name = "profile"
connection = "crm"
path = "/customers/{/input/id}/profile"

[[channels.calls]]
name = "tickets"
connection = "crm"
path = "/customers/{/input/id}/tickets"

[[channels.calls]]
name = "orders"
connection = "crm"
path = "/customers/{/input/id}/orders"

[[channels.calls]]
name = "recommendations"
connection = "crm"
path = "/customers/{/input/id}/recommendations"
optional = true

[channels.response]
name = "/calls/profile/name"
open_tickets = { count_where = "/calls/tickets/tickets", field = "/status", equals = "open" }
total_orders = { count = "/calls/orders/orders" }
recent_orders = { first = 2, of = "/calls/orders/orders" }
recommendations = "/calls/recommendations/items"
source = { const = "harness" }
"#;

async fn dashboard_backend(crm: &MockServer, recommendations: ResponseTemplate, delay_ms: u64) {
    let slow = |body| ok(body).set_delay(std::time::Duration::from_millis(delay_ms));
    Mock::given(path("/customers/C-1/profile"))
        .respond_with(slow(json!({"name": "Ada"})))
        .mount(crm)
        .await;
    Mock::given(path("/customers/C-1/tickets"))
        .respond_with(slow(
            json!({"tickets": [{"status": "open"}, {"status": "closed"}]}),
        ))
        .mount(crm)
        .await;
    Mock::given(path("/customers/C-1/orders"))
        .respond_with(slow(json!({"orders": [{"id": 1}, {"id": 2}, {"id": 3}]})))
        .mount(crm)
        .await;
    Mock::given(path("/customers/C-1/recommendations"))
        .respond_with(recommendations.set_delay(std::time::Duration::from_millis(delay_ms)))
        .mount(crm)
        .await;
}

#[tokio::test]
async fn parallel_flow_aggregates_counts_and_first_n_items() {
    // Arrange
    let crm = MockServer::start().await;
    dashboard_backend(&crm, ok(json!({"items": ["x"]})), 0).await;
    let h = start(DASHBOARD, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/api/customer/C-1/dashboard").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"name": "Ada", "open_tickets": 1, "total_orders": 3,
               "recent_orders": [{"id": 1}, {"id": 2}], "recommendations": ["x"], "source": "harness"})
    );
}

#[tokio::test]
async fn parallel_calls_run_at_the_same_time() {
    // Arrange: four calls of 250 ms each
    let crm = MockServer::start().await;
    dashboard_backend(&crm, ok(json!({"items": []})), 250).await;
    let h = start(DASHBOARD, &[("CRM_URL", &crm)]).await;

    // Act
    let started = std::time::Instant::now();
    let answer = get(&h, "/api/customer/C-1/dashboard").await;
    let elapsed = started.elapsed();

    // Assert: well under the 1000 ms a sequential run would take
    assert_eq!(answer.status, 200);
    assert!(
        elapsed < std::time::Duration::from_millis(750),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn optional_call_failure_degrades_to_null() {
    // Arrange
    let crm = MockServer::start().await;
    dashboard_backend(&crm, ResponseTemplate::new(500), 0).await;
    let h = start(DASHBOARD, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/api/customer/C-1/dashboard").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["recommendations"], serde_json::Value::Null);
    assert_eq!(answer.json["name"], "Ada");
}

const FANOUT: &str = r#"
[connections.a]
base_url = "${A_URL}"
[connections.b]
base_url = "${B_URL}"

[[channels]]
name = "notify"
path = "/notify"
methods = ["POST"]
mode = "fanout"
status = 202
input.message = { required = true }

[[channels.calls]]
name = "a"
connection = "a"
method = "POST"
path = "/notifications"

[[channels.calls]]
name = "b"
connection = "b"
method = "POST"
path = "/notifications"
"#;

#[tokio::test]
async fn fanout_sends_the_same_input_to_every_backend() {
    // Arrange
    let (a, b) = (MockServer::start().await, MockServer::start().await);
    for (server, name) in [(&a, "a"), (&b, "b")] {
        Mock::given(method("POST"))
            .and(path("/notifications"))
            .and(body_json(json!({"message": "hi", "level": 2})))
            .respond_with(ResponseTemplate::new(202).set_body_json(json!({"backend": name})))
            .mount(server)
            .await;
    }
    let h = start(FANOUT, &[("A_URL", &a), ("B_URL", &b)]).await;

    // Act
    let answer = post(&h, "/notify", &json!({"message": "hi", "level": 2})).await;

    // Assert
    assert_eq!(answer.status, 202);
    assert_eq!(
        answer.json,
        json!({"a": {"backend": "a"}, "b": {"backend": "b"}})
    );
    assert_eq!(hits(&a, "/notifications").await.len(), 1);
    assert_eq!(hits(&b, "/notifications").await.len(), 1);
}

const PIPELINE: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"

[[channels]]
name = "activity"
path = "/activity/{name}"
mode = "pipeline"

[[channels.calls]]
name = "user"
connection = "crm"
path = "/tutorial/api/get-user"
query = { UserName = "/input/name" }

[[channels.calls]]
name = "account"
connection = "crm"
path = "/accounts/{/previous/AccountNumber}"

[[channels.calls]]
name = "transactions"
connection = "crm"
path = "/accounts/{/previous/account_no}/transactions"
"#;

#[tokio::test]
async fn pipeline_feeds_each_output_into_the_next_call_and_returns_the_last() {
    // Arrange
    let crm = MockServer::start().await;
    crm_user(&crm, "Mike", "RGV", "123456").await;
    Mock::given(path("/accounts/123456"))
        .respond_with(ok(json!({"account_no": "A 1/2"})))
        .mount(&crm)
        .await;
    Mock::given(path("/accounts/A%201%2F2/transactions"))
        .respond_with(ok(json!({"transactions": [1, 2, 3]})))
        .mount(&crm)
        .await;
    let h = start(PIPELINE, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/activity/Mike").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json, json!({"transactions": [1, 2, 3]}));
}

const CONDITIONAL: &str = r#"
[vars]
premium = ["VIP"]

[connections.crm]
base_url = "${CRM_URL}"

[[channels]]
name = "balance"
path = "/balance/{name}"
mode = "conditional"

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/tutorial/api/get-user"
query = { UserName = "/input/name" }

[[channels.calls]]
name = "premium"
connection = "crm"
path = "/premium"
branch = "balance"
condition = { value = "/calls/crm/UserType", in = "/vars/premium" }

[[channels.calls]]
name = "standard"
connection = "crm"
path = "/standard"
branch = "balance"
condition = { value = "/calls/crm/UserType", exists = true }

[channels.response]
balance = { coalesce = ["/calls/premium/b", "/calls/standard/b"] }
"#;

#[tokio::test]
async fn conditional_branch_runs_only_its_first_call_that_holds() {
    // Arrange
    let crm = MockServer::start().await;
    crm_user(&crm, "boris", "VIP", "1").await;
    crm_user(&crm, "anna", "STD", "2").await;
    Mock::given(path("/premium"))
        .respond_with(ok(json!({"b": "p"})))
        .mount(&crm)
        .await;
    Mock::given(path("/standard"))
        .respond_with(ok(json!({"b": "s"})))
        .mount(&crm)
        .await;
    let h = start(CONDITIONAL, &[("CRM_URL", &crm)]).await;

    // Act
    let vip = get(&h, "/balance/boris").await;
    let std = get(&h, "/balance/anna").await;

    // Assert
    assert_eq!(vip.json, json!({"balance": "p"}));
    assert_eq!(std.json, json!({"balance": "s"}));
    assert_eq!(hits(&crm, "/premium").await.len(), 1);
    assert_eq!(hits(&crm, "/standard").await.len(), 1);
}

const FRAUD: &str = r#"
[vars]
fraud_user_types = ["RGV"]

[connections.crm]
base_url = "${CRM_URL}"
[connections.fraud]
base_url = "${FRAUD_URL}"

[[channels]]
name = "user"
path = "/user"
methods = ["POST"]
input.user_name = { required = true, type = "string" }

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/tutorial/api/get-user"
query = { UserName = "/input/user_name" }

[[channels.calls]]
name = "fraud"
connection = "fraud"
method = "POST"
path = "/fraud/notify"
fire_and_forget = true
condition = { value = "/calls/crm/UserType", in = "/vars/fraud_user_types" }
json = { user_name = "/input/user_name", message = "User `{/input/user_name}` accessed `{/calls/crm/AccountNumber}`" }

[channels.response]
user_type = "/calls/crm/UserType"
fraud = "/calls/fraud"
"#;

#[tokio::test]
async fn fire_and_forget_call_does_not_delay_the_response() {
    // Arrange: the fraud backend takes 1500 ms
    let (crm, fraud) = (MockServer::start().await, MockServer::start().await);
    crm_user(&crm, "my.user", "RGV", "123456").await;
    Mock::given(path("/fraud/notify"))
        .respond_with(ResponseTemplate::new(202).set_delay(std::time::Duration::from_millis(1500)))
        .mount(&fraud)
        .await;
    let h = start(FRAUD, &[("CRM_URL", &crm), ("FRAUD_URL", &fraud)]).await;

    // Act
    let started = std::time::Instant::now();
    let answer = post(&h, "/user", &json!({"user_name": "my.user"})).await;
    let elapsed = started.elapsed();

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json, json!({"user_type": "RGV", "fraud": null}));
    assert!(
        elapsed < std::time::Duration::from_millis(1000),
        "{elapsed:?}"
    );
    let sent = wait_for_hits(&fraud, "/fraud/notify", 1).await;
    assert_eq!(sent.len(), 1);
    let body: serde_json::Value = serde_json::from_slice(&sent[0].body).unwrap();
    assert_eq!(
        body,
        json!({"user_name": "my.user", "message": "User `my.user` accessed `123456`"})
    );
}

#[tokio::test]
async fn condition_that_does_not_hold_skips_the_call() {
    // Arrange
    let (crm, fraud) = (MockServer::start().await, MockServer::start().await);
    crm_user(&crm, "anna", "STD", "654321").await;
    Mock::given(path("/fraud/notify"))
        .respond_with(ResponseTemplate::new(202))
        .mount(&fraud)
        .await;
    let h = start(FRAUD, &[("CRM_URL", &crm), ("FRAUD_URL", &fraud)]).await;

    // Act
    let answer = post(&h, "/user", &json!({"user_name": "anna"})).await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    // Assert
    assert_eq!(answer.status, 200);
    assert!(hits(&fraud, "/fraud/notify").await.is_empty());
}

const REQUEST_PARTS: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"
auth = { bearer = { token = "t0k" } }
headers = { X-Client = "harness" }

[connections.billing]
base_url = "${BILLING_URL}"
auth = { basic = { username = "svc", password = "pw" } }

[[channels]]
name = "parts"
path = "/parts/{id}"
methods = ["POST"]
input.note = { type = "string", default = "none" }

[[channels.calls]]
name = "crm"
connection = "crm"
method = "PUT"
path = "/items/{/input/id}"
headers = { X-Item = "item-{/input/id}" }
form = { note = "/input/note", kind = "=/literal" }

[[channels.calls]]
name = "billing"
connection = "billing"
method = "POST"
path = "/charge"
json = { item = "/input/id", previous = "/calls/crm/ok", tags = ["a", "/input/note"] }
"#;

#[tokio::test]
async fn calls_carry_connection_auth_headers_form_and_json_bodies() {
    // Arrange
    let (crm, billing) = (MockServer::start().await, MockServer::start().await);
    Mock::given(method("PUT"))
        .and(path("/items/7"))
        .and(wiremock::matchers::header("authorization", "Bearer t0k"))
        .and(wiremock::matchers::header("x-client", "harness"))
        .and(wiremock::matchers::header("x-item", "item-7"))
        .and(wiremock::matchers::body_string(
            "note=hello+there&kind=%2Fliteral",
        ))
        .respond_with(ok(json!({"ok": true})))
        .mount(&crm)
        .await;
    Mock::given(method("POST"))
        .and(path("/charge"))
        .and(wiremock::matchers::header(
            "authorization",
            "Basic c3ZjOnB3",
        ))
        .and(body_json(
            json!({"item": "7", "previous": true, "tags": ["a", "hello there"]}),
        ))
        .respond_with(ok(json!({"charged": 1})))
        .mount(&billing)
        .await;
    let h = start(
        REQUEST_PARTS,
        &[("CRM_URL", &crm), ("BILLING_URL", &billing)],
    )
    .await;

    // Act
    let answer = post(&h, "/parts/7", &json!({"note": "hello there"})).await;

    // Assert
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(
        answer.json,
        json!({"crm": {"ok": true}, "billing": {"charged": 1}})
    );
}

#[tokio::test]
async fn sequential_optional_failure_leaves_null_and_the_flow_goes_on() {
    // Arrange
    let toml = r#"
[connections.crm]
base_url = "${CRM_URL}"

[[channels]]
name = "seq"
path = "/seq"

[[channels.calls]]
name = "first"
connection = "crm"
path = "/first"
optional = true

[[channels.calls]]
name = "second"
connection = "crm"
path = "/second"
"#;
    let crm = MockServer::start().await;
    Mock::given(path("/first"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&crm)
        .await;
    Mock::given(path("/second"))
        .respond_with(ok(json!(2)))
        .mount(&crm)
        .await;
    let h = start(toml, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/seq").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json, json!({"first": null, "second": 2}));
}

#[tokio::test]
async fn max_concurrent_bounds_calls_in_flight() {
    // Arrange: four 100 ms calls, one at a time
    let crm = MockServer::start().await;
    dashboard_backend(&crm, ok(json!({"items": []})), 100).await;
    let toml = DASHBOARD.replace("max_concurrent = 4", "max_concurrent = 1");
    let h = start(&toml, &[("CRM_URL", &crm)]).await;

    // Act
    let started = std::time::Instant::now();
    let answer = get(&h, "/api/customer/C-1/dashboard").await;
    let elapsed = started.elapsed();

    // Assert
    assert_eq!(answer.status, 200);
    assert!(
        elapsed >= std::time::Duration::from_millis(400),
        "{elapsed:?}"
    );
}
