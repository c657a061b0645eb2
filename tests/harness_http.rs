//! The HTTP surface: auth, input validation, correlation ids, health, metrics,
//! unknown paths and methods.

mod support;

use base64::Engine;
use serde_json::json;
use support::{client, get, hits, send, start};
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CONFIG: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"
breaker = { failure_threshold = 5, open_ms = 1000 }

[[channels]]
name = "keyed"
path = "/keyed"
auth = { api_key = { header = "X-API-Key", value = "abc" } }

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/get-user"

[[channels]]
name = "user"
path = "/api/v1/user"
methods = ["POST"]
auth = { basic = { username = "api", password = "${PASSWORD:-secret}" } }
input.user_name = { required = true, type = "string", pattern = "^[a-z.]+$" }
input.limit = { type = "integer", default = 3 }

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/get-user"
query = { UserName = "/input/user_name", limit = "/input/limit" }

[channels.response]
user_name = "/input/user_name"
limit = "/input/limit"
"#;

async fn backend() -> MockServer {
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"UserType": "RGV"})))
        .mount(&crm)
        .await;
    crm
}

fn basic(user: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

#[tokio::test]
async fn missing_api_key_returns_401_and_sends_nothing() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/keyed").await;

    // Assert
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json["code"], "unauthorized");
    assert_eq!(answer.json["error"], "missing API key header `X-API-Key`");
    assert!(hits(&crm, "/get-user").await.is_empty());
}

#[tokio::test]
async fn wrong_api_key_returns_401_and_right_key_passes() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;
    let url = format!("{}/keyed", h.base);

    // Act
    let wrong = send(client().get(&url).header("X-API-Key", "abd")).await;
    let right = send(client().get(&url).header("x-api-key", "abc")).await;

    // Assert
    assert_eq!(wrong.status, 401);
    assert_eq!(right.status, 200);
}

#[tokio::test]
async fn wrong_basic_credentials_return_401_with_a_challenge() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;
    let url = format!("{}/api/v1/user", h.base);
    let body = json!({"user_name": "my.user"}).to_string();

    // Act
    let wrong = send(
        client()
            .post(&url)
            .header("authorization", basic("api", "nope"))
            .body(body.clone()),
    )
    .await;
    let missing = send(client().post(&url).body(body.clone())).await;
    let right = send(
        client()
            .post(&url)
            .header("authorization", basic("api", "secret"))
            .body(body),
    )
    .await;

    // Assert
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.header("www-authenticate"),
        Some("Basic realm=\"harness\"")
    );
    assert_eq!(missing.status, 401);
    assert_eq!(right.status, 200);
    assert_eq!(right.json, json!({"user_name": "my.user", "limit": 3}));
}

async fn post_user(body: &str) -> support::Answer {
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;
    let request = client()
        .post(format!("{}/api/v1/user", h.base))
        .header("authorization", basic("api", "secret"))
        .body(body.to_owned());
    let answer = send(request).await;
    assert!(
        hits(&crm, "/get-user").await.is_empty(),
        "bad input reached the backend"
    );
    answer
}

#[tokio::test]
async fn missing_required_input_returns_400_naming_the_field() {
    // Act
    let answer = post_user("{}").await;

    // Assert
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json["code"], "bad_input");
    assert_eq!(answer.json["field"], "user_name");
    assert_eq!(answer.json["error"], "missing required input `user_name`");
}

#[tokio::test]
async fn malformed_json_body_returns_400() {
    // Act
    let answer = post_user("{\"user_name\": ").await;

    // Assert
    assert_eq!(answer.status, 400);
    let error = answer.json["error"].as_str().unwrap();
    assert!(
        error.starts_with("the request body is not valid JSON"),
        "{error}"
    );
}

#[tokio::test]
async fn input_of_the_wrong_type_or_shape_returns_400() {
    // Act
    let wrong_type = post_user(r#"{"user_name": 7}"#).await;
    let wrong_shape = post_user(r#"{"user_name": "Not Valid"}"#).await;
    let not_an_object = post_user("[1]").await;

    // Assert
    assert_eq!(wrong_type.status, 400);
    assert_eq!(
        wrong_type.json["error"],
        "input `user_name` must be a string"
    );
    assert_eq!(wrong_shape.status, 400);
    assert_eq!(
        wrong_shape.json["error"],
        "input `user_name` does not match `^[a-z.]+$`"
    );
    assert_eq!(
        not_an_object.json["error"],
        "the request body must be a JSON object"
    );
}

#[tokio::test]
async fn query_strings_are_converted_to_the_declared_type() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;
    let url = format!("{}/api/v1/user?limit=7", h.base);
    let auth = basic("api", "secret");

    // Act
    let ok = send(
        client()
            .post(&url)
            .header("authorization", &auth)
            .body(r#"{"user_name":"a"}"#),
    )
    .await;
    let bad = send(
        client()
            .post(format!("{}/api/v1/user?limit=many", h.base))
            .header("authorization", &auth)
            .body(r#"{"user_name":"a"}"#),
    )
    .await;

    // Assert
    assert_eq!(ok.json["limit"], 7);
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json["error"],
        "input `limit` must be an integer, not `many`"
    );
}

#[tokio::test]
async fn correlation_id_is_propagated_to_backends_and_returned() {
    // Arrange
    let crm = MockServer::start().await;
    Mock::given(path("/get-user"))
        .and(header("x-correlation-id", "scenario-42"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&crm)
        .await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = send(
        client()
            .get(format!("{}/keyed", h.base))
            .header("X-API-Key", "abc")
            .header("X-Correlation-ID", "scenario-42"),
    )
    .await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-correlation-id"), Some("scenario-42"));
}

#[tokio::test]
async fn missing_correlation_id_is_generated_and_sent_to_backends() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = send(
        client()
            .get(format!("{}/keyed", h.base))
            .header("X-API-Key", "abc"),
    )
    .await;

    // Assert
    let cid = answer.header("x-correlation-id").unwrap();
    assert!(uuid::Uuid::parse_str(cid).is_ok(), "{cid}");
    let sent = hits(&crm, "/get-user").await;
    assert_eq!(
        sent[0]
            .headers
            .get("x-correlation-id")
            .unwrap()
            .to_str()
            .unwrap(),
        cid
    );
}

#[tokio::test]
async fn error_responses_carry_the_correlation_id_too() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = send(
        client()
            .get(format!("{}/keyed", h.base))
            .header("X-Correlation-ID", "c-1"),
    )
    .await;

    // Assert
    assert_eq!(answer.status, 401);
    assert_eq!(answer.header("x-correlation-id"), Some("c-1"));
    assert_eq!(answer.json["correlation_id"], "c-1");
}

#[tokio::test]
async fn unknown_path_is_404_and_wrong_method_is_405() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;

    // Act
    let missing = get(&h, "/nope").await;
    let wrong_method = get(&h, "/api/v1/user").await;

    // Assert
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json["code"], "not_found");
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.header("allow"), Some("POST"));
}

#[tokio::test]
async fn health_answers_ok() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;

    // Act
    let answer = get(&h, "/health").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["status"], "ok");
    assert_eq!(answer.json["backends"]["crm"]["status"], "up");
}

#[tokio::test]
async fn metrics_count_requests_backend_calls_and_breaker_state() {
    // Arrange
    let crm = backend().await;
    let h = start(CONFIG, &[("CRM_URL", &crm)]).await;
    send(
        client()
            .get(format!("{}/keyed", h.base))
            .header("X-API-Key", "abc"),
    )
    .await;
    get(&h, "/keyed").await;

    // Act
    let response = client()
        .get(format!("{}/metrics", h.base))
        .send()
        .await
        .unwrap();
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let text = response.text().await.unwrap();

    // Assert
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    for line in [
        r#"harness_requests_total{channel="keyed",status="200"} 1"#,
        r#"harness_requests_total{channel="keyed",status="401"} 1"#,
        r#"harness_backend_calls_total{connection="crm",outcome="200"} 1"#,
        r#"harness_breaker_state{connection="crm"} 0"#,
        r#"harness_request_duration_seconds_count{channel="keyed"} 2"#,
        r#"harness_backend_call_duration_seconds_count{connection="crm"} 1"#,
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing `{line}` in:\n{text}"
        );
    }
}

const FORM: &str = r#"
[connections.crm]
base_url = "${CRM_URL}"

[[channels]]
name = "form"
path = "/form"
methods = ["POST"]
data_format = "form"
input.user_name = { required = true, type = "string" }
input.limit = { type = "integer", default = 3 }

[[channels.calls]]
name = "crm"
connection = "crm"
path = "/get-user"

[channels.response]
user_name = "/input/user_name"
limit = "/input/limit"
"#;

#[tokio::test]
async fn a_form_channel_reads_form_fields_like_query_strings_whatever_the_content_type() {
    // Arrange
    let crm = backend().await;
    let h = start(FORM, &[("CRM_URL", &crm)]).await;

    // Act
    let labelled = send(
        client()
            .post(format!("{}/form", h.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("user_name=my.user&limit=5"),
    )
    .await;
    let unlabelled = send(
        client()
            .post(format!("{}/form", h.base))
            .header("content-type", "application/json")
            .body("user_name=anna"),
    )
    .await;

    // Assert
    assert_eq!(labelled.status, 200);
    assert_eq!(labelled.json, json!({"user_name": "my.user", "limit": 5}));
    assert_eq!(unlabelled.json, json!({"user_name": "anna", "limit": 3}));
}

#[tokio::test]
async fn spawned_harness_serves_until_stopped() {
    // Arrange
    let crm = backend().await;
    let config = support::config(CONFIG, &[("CRM_URL", crm.uri())]);
    let running = apitest::harness::spawn(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = format!("{}/health", running.url());

    // Act
    let before = client().get(&url).send().await.map(|r| r.status().as_u16());
    let stopped = running.stop().await;
    let after = client().get(&url).send().await;

    // Assert
    assert_eq!(before.ok(), Some(200));
    assert!(stopped.is_ok(), "{stopped:?}");
    assert!(after.is_err(), "still serving after stop");
}
