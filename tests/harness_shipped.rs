//! The shipped `harness.toml` against fakes of the backend contract: every
//! channel answers as documented.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::contract::{self, Backends};
use support::{Harness, client, get, hits, post, send, start_config, wait_for_hits};

async fn harness(backends: &Backends) -> Harness {
    let toml = std::fs::read_to_string(Path::new("harness.toml")).unwrap_or_default();
    start_config(support::config(&toml, &backends.env())).await
}

async fn get_user_details(h: &Harness, query: &str) -> support::Answer {
    send(
        client()
            .get(format!("{}/tutorial/api/get-user-details{query}", h.base))
            .header("X-API-Key", "abc"),
    )
    .await
}

async fn post_user(h: &Harness, user_name: &str) -> support::Answer {
    send(
        client()
            .post(format!("{}/api/v1/user", h.base))
            .basic_auth("api", Some("secret"))
            .body(json!({"user_name": user_name}).to_string()),
    )
    .await
}

#[tokio::test]
async fn get_user_details_answers_as_the_zato_tutorial() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = get_user_details(&h, "").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"account_balance": "357.9", "account_no": "123456", "user_type": "RGV"})
    );
}

#[tokio::test]
async fn get_user_details_takes_the_name_from_query_or_body() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let anna = get_user_details(&h, "?name=anna").await;
    let boris = send(
        client()
            .post(format!("{}/tutorial/api/get-user-details", h.base))
            .header("X-API-Key", "abc")
            .body(r#"{"name": "boris"}"#),
    )
    .await;

    // Assert
    assert_eq!(
        anna.json,
        json!({"user_type": "STD", "account_no": "654321", "account_balance": "1200.50"})
    );
    assert_eq!(boris.json["account_balance"], "99999.00");
}

#[tokio::test]
async fn get_user_details_for_an_unknown_user_is_a_502_naming_the_crm() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = get_user_details(&h, "?name=nobody").await;

    // Assert
    assert_eq!(answer.status, 502);
    assert_eq!(answer.json["backend"], "crm");
    assert_eq!(answer.json["backend_status"], 404);
}

#[tokio::test]
async fn user_channel_notifies_fraud_detection_for_listed_user_types() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = post_user(&h, "my.user").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({"user_name": "my.user", "user_type": "RGV", "account_no": "123456", "account_balance": "357.9"})
    );
    let notified = wait_for_hits(&backends.fraud, "/fraud/notify", 1).await;
    let body: Value = serde_json::from_slice(&notified[0].body).unwrap_or_default();
    assert_eq!(
        body,
        json!({"user_name": "my.user", "account_no": "123456", "message": "User `my.user` accessed `123456`"})
    );
}

#[tokio::test]
async fn user_channel_does_not_notify_fraud_detection_for_other_types() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = post_user(&h, "anna").await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;

    // Assert
    assert_eq!(answer.json["account_balance"], "1200.50");
    assert!(hits(&backends.fraud, "/fraud/notify").await.is_empty());
}

#[tokio::test]
async fn dashboard_aggregates_four_sources_and_two_enrichments() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = get(&h, "/api/customer/C-1001/dashboard").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.json,
        json!({
            "customer": {"id": "C-1001", "name": "Ada", "email": "x@example.com", "tier": "gold", "since": "2016-09-14"},
            "summary": {"total_orders": 3, "open_tickets": 1, "account_balance": 123.45, "currency": "EUR"},
            "recent_orders": [{"id": "O1", "total": 10}, {"id": "O2", "total": 20}],
            "recent_tickets": [{"id": "K1", "status": "open", "subject": "a"}, {"id": "K2", "status": "closed", "subject": "b"}],
            "recommendations": ["gold-card"],
            "risk_score": 0.12
        })
    );
}

#[tokio::test]
async fn dashboard_degrades_failed_enrichments_to_null() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = get(&h, "/api/customer/C-1002/dashboard").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["recommendations"], Value::Null);
    assert_eq!(answer.json["risk_score"], Value::Null);
    assert_eq!(answer.json["summary"]["open_tickets"], 0);
    assert_eq!(answer.json["summary"]["total_orders"], 1);
}

#[tokio::test]
async fn notify_fans_out_to_every_backend() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;
    let message = json!({"message": "maintenance at noon"});

    // Act
    let answer = post(&h, "/api/notify", &message).await;

    // Assert
    assert_eq!(answer.status, 202);
    assert_eq!(
        answer.json,
        json!({"status": "sent", "delivered": {"crm": "queued", "billing": "queued", "payments": "queued", "fraud": "queued"}})
    );
    for server in [
        &backends.crm,
        &backends.billing,
        &backends.payments,
        &backends.fraud,
    ] {
        let sent = hits(server, "/notifications").await;
        assert_eq!(sent.len(), 1);
        let body: Value = serde_json::from_slice(&sent[0].body).unwrap_or_default();
        assert_eq!(body, message);
    }
}

#[tokio::test]
async fn account_activity_pipes_user_to_account_to_transactions() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let answer = get(&h, "/api/account-activity/Mike").await;

    // Assert
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json["account_no"], "123456");
    assert_eq!(answer.json["transaction_count"], 3);
    assert_eq!(answer.json["transactions"][0]["id"], "T1");
}

#[tokio::test]
async fn user_balance_reads_payments_or_billing_by_user_type() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let vip = get(&h, "/api/user-balance/boris").await;
    let std = get(&h, "/api/user-balance/anna").await;

    // Assert
    assert_eq!(vip.json["account_balance"], "99999.00");
    assert_eq!(vip.json["from_billing"], Value::Null);
    assert_eq!(std.json["account_balance"], "1200.50");
    assert_eq!(std.json["from_payments"], Value::Null);
}

#[tokio::test]
async fn limited_channel_refuses_the_third_request_with_retry_after() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let first = get(&h, "/api/limited/user-type/anna").await;
    let second = get(&h, "/api/limited/user-type/anna").await;
    let third = get(&h, "/api/limited/user-type/anna").await;

    // Assert
    assert_eq!((first.status, second.status, third.status), (200, 200, 429));
    assert_eq!(third.header("retry-after"), Some("3"));
}

#[tokio::test]
async fn cached_profile_reaches_the_crm_once() {
    // Arrange
    let backends = contract::start().await;
    let h = harness(&backends).await;

    // Act
    let first = get(&h, "/api/cached/customer/C-1001/profile").await;
    let second = get(&h, "/api/cached/customer/C-1001/profile").await;

    // Assert
    assert_eq!(first.json, second.json);
    assert_eq!(second.json["name"], "Ada");
    assert_eq!(
        hits(&backends.crm, "/api/customers/C-1001/profile")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn guarded_user_opens_its_breaker_after_three_failures() {
    // Arrange: a CRM that always fails
    let backends = contract::start().await;
    let failing = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(500))
        .mount(&failing)
        .await;
    let mut env = backends.env();
    env[0].1 = failing.uri();
    let toml = std::fs::read_to_string("harness.toml").unwrap_or_default();
    let h = start_config(support::config(&toml, &env)).await;

    // Act
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(get(&h, "/api/guarded/user/anna").await.status);
    }

    // Assert
    assert_eq!(statuses, vec![502, 502, 502, 503]);
    assert_eq!(hits(&failing, "/tutorial/api/get-user").await.len(), 3);
}
