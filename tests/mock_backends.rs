//! The shipped backends in `mocks/` serve the contract in `mocks/README.md`:
//! every endpoint, every known id, and JSON 404s for unknown ids.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use apitest::mock::{self, RunningBackend};
use serde_json::{Value, json};

async fn start(name: &str) -> RunningBackend {
    mock::start(name, &Path::new("mocks").join(format!("{name}.json")), None)
        .await
        .unwrap()
}

async fn call(b: &RunningBackend, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", b.url());
    let mut req = match method {
        "POST" => client.post(url),
        _ => client.get(url),
    };
    if let Some(body) = body {
        req = req
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let is_json = r
        .headers()
        .get("content-type")
        .is_some_and(|v| v.to_str().unwrap().starts_with("application/json"));
    let text = r.text().await.unwrap();
    assert!(is_json, "{method} {path} must answer JSON, got {text:?}");
    (status, serde_json::from_str(&text).unwrap())
}

const USERS: [(&str, &str, &str, &str); 5] = [
    ("partner", "RGV", "123456", "357.9"),
    ("Mike", "RGV", "123456", "357.9"),
    ("my.user", "RGV", "123456", "357.9"),
    ("anna", "STD", "654321", "1200.50"),
    ("boris", "VIP", "777001", "99999.00"),
];

#[tokio::test]
async fn crm_get_user_answers_every_known_user_and_404s_unknown_ones() {
    let crm = start("crm").await;
    for (user, kind, account, _) in USERS {
        let got = call(
            &crm,
            "GET",
            &format!("/tutorial/api/get-user?UserName={user}"),
            None,
        )
        .await;
        assert_eq!(
            got,
            (
                200,
                json!({"UserName": user, "UserType": kind, "AccountNumber": account})
            )
        );
    }
    let got = call(&crm, "GET", "/tutorial/api/get-user?UserName=nobody", None).await;
    assert_eq!(
        got,
        (
            404,
            json!({"error": "user not found", "UserName": "nobody"})
        )
    );
}

#[tokio::test]
async fn crm_customer_profile_tickets_and_recommendations_follow_the_contract() {
    let crm = start("crm").await;
    for id in ["C-1001", "C-1002"] {
        let (status, body) = call(&crm, "GET", &format!("/api/customers/{id}/profile"), None).await;
        assert_eq!(status, 200);
        assert_eq!(body["customer_id"], id);
        for field in ["name", "email", "tier"] {
            assert!(body[field].is_string(), "{id} profile has {field}");
        }
    }
    let (status, body) = call(&crm, "GET", "/api/customers/C-1001/tickets", None).await;
    assert_eq!(status, 200);
    let tickets = body["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 2);
    assert_eq!(tickets.iter().filter(|t| t["status"] == "open").count(), 1);
    assert!(
        tickets
            .iter()
            .all(|t| t["id"].is_string() && t["subject"].is_string())
    );
    assert_eq!(
        call(&crm, "GET", "/api/customers/C-1002/tickets", None).await,
        (200, json!({"tickets": []}))
    );
    let (status, body) = call(&crm, "GET", "/api/customers/C-1001/recommendations", None).await;
    assert_eq!(status, 200);
    assert!(!body["items"].as_array().unwrap().is_empty());
    assert_eq!(
        call(&crm, "GET", "/api/customers/C-1002/recommendations", None)
            .await
            .0,
        500
    );
    for what in ["profile", "tickets", "recommendations"] {
        let got = call(&crm, "GET", &format!("/api/customers/C-9999/{what}"), None).await;
        assert_eq!(
            got,
            (
                404,
                json!({"error": "customer not found", "customer_id": "C-9999"})
            )
        );
    }
}

#[tokio::test]
async fn billing_balances_follow_the_contract() {
    let billing = start("billing").await;
    for (user, _, _, balance) in USERS {
        let got = call(
            &billing,
            "POST",
            &format!("/tutorial/api/balance/get?USER={user}"),
            None,
        )
        .await;
        assert_eq!(got, (200, json!({"ACC_BALANCE": balance})));
    }
    let got = call(
        &billing,
        "POST",
        "/tutorial/api/balance/get?USER=nobody",
        None,
    )
    .await;
    assert_eq!(
        got,
        (404, json!({"error": "account not found", "USER": "nobody"}))
    );
    for id in ["C-1001", "C-1002"] {
        let got = call(
            &billing,
            "GET",
            &format!("/api/customers/{id}/balance"),
            None,
        )
        .await;
        assert_eq!(
            got,
            (
                200,
                json!({"customer_id": id, "balance": 123.45, "currency": "EUR"})
            )
        );
    }
    assert_eq!(
        call(&billing, "GET", "/api/customers/C-9/balance", None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn payments_balance_accounts_transactions_and_orders_follow_the_contract() {
    let payments = start("payments").await;
    for (user, _, account, balance) in USERS {
        let got = call(
            &payments,
            "POST",
            &format!("/balance/get?USER={user}"),
            Some(json!({"ACC_NUM": account})),
        )
        .await;
        assert_eq!(got, (200, json!({"ACC_BALANCE": balance})));
    }
    assert_eq!(
        call(&payments, "POST", "/balance/get?USER=anna", Some(json!({})))
            .await
            .0,
        400
    );
    let got = call(
        &payments,
        "POST",
        "/balance/get?USER=nobody",
        Some(json!({"ACC_NUM": "1"})),
    )
    .await;
    assert_eq!(
        got,
        (404, json!({"error": "account not found", "USER": "nobody"}))
    );
    for account in ["123456", "654321", "777001"] {
        let (status, body) = call(&payments, "GET", &format!("/accounts/{account}"), None).await;
        assert_eq!(status, 200);
        assert_eq!(body["account_no"], account);
        for field in ["owner", "currency", "status"] {
            assert!(body[field].is_string());
        }
        let (status, body) = call(
            &payments,
            "GET",
            &format!("/accounts/{account}/transactions"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(body["account_no"], account);
        let txs = body["transactions"].as_array().unwrap();
        assert!(!txs.is_empty());
        assert!(txs.iter().all(|t| t["id"].is_string()
            && t["amount"].is_number()
            && t["currency"].is_string()
            && t["booked_at"].is_string()));
    }
    let (_, body) = call(&payments, "GET", "/accounts/123456/transactions", None).await;
    assert!(body["transactions"].as_array().unwrap().len() >= 3);
    let got = call(&payments, "GET", "/accounts/999/transactions", None).await;
    assert_eq!(
        got,
        (
            404,
            json!({"error": "account not found", "account_no": "999"})
        )
    );
    assert_eq!(call(&payments, "GET", "/accounts/999", None).await.0, 404);
    for (id, n) in [("C-1001", 3), ("C-1002", 1)] {
        let (status, body) = call(
            &payments,
            "GET",
            &format!("/api/customers/{id}/orders"),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let orders = body["orders"].as_array().unwrap();
        assert_eq!(orders.len(), n);
        assert!(
            orders
                .iter()
                .all(|o| o["id"].is_string() && o["total"].is_number() && o["status"].is_string())
        );
    }
    assert_eq!(
        call(&payments, "GET", "/api/customers/C-3/orders", None)
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn fraud_notify_and_risk_follow_the_contract() {
    let fraud = start("fraud").await;
    let notice = json!({"user_name": "partner", "account_no": "123456", "message": "check"});
    assert_eq!(
        call(&fraud, "POST", "/fraud/notify", Some(notice)).await,
        (202, json!({"status": "accepted"}))
    );
    assert_eq!(
        call(&fraud, "GET", "/api/risk/C-1001", None).await,
        (200, json!({"customer_id": "C-1001", "score": 0.12}))
    );
    assert_eq!(call(&fraud, "GET", "/api/risk/C-1002", None).await.0, 503);
    assert_eq!(call(&fraud, "GET", "/api/risk/C-7", None).await.0, 404);
}

#[tokio::test]
async fn every_backend_queues_notifications_and_names_itself() {
    let all = mock::start_dir(Path::new("mocks")).await.unwrap();
    let names: Vec<&str> = all.iter().map(|b| b.name()).collect();
    assert_eq!(names, ["billing", "crm", "fraud", "payments"]);
    for b in &all {
        let got = call(b, "POST", "/notifications", Some(json!({"event": "x"}))).await;
        assert_eq!(got, (202, json!({"status": "queued", "backend": b.name()})));
    }
    for b in all {
        b.stop().await;
    }
}
