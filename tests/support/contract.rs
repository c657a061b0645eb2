//! Fake CRM, Billing, Payments and Fraud backends serving the backend contract
//! (`notes/contract.md`) that the shipped `harness.toml` calls.

use serde_json::{Value, json};
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The four fakes.
pub struct Backends {
    pub crm: MockServer,
    pub billing: MockServer,
    pub payments: MockServer,
    pub fraud: MockServer,
}

impl Backends {
    /// `CRM_URL` etc. pointing at the fakes.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("CRM_URL", self.crm.uri()),
            ("BILLING_URL", self.billing.uri()),
            ("PAYMENTS_URL", self.payments.uri()),
            ("FRAUD_URL", self.fraud.uri()),
        ]
    }
}

fn json_response(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

const USERS: [(&str, &str, &str, &str); 5] = [
    ("partner", "RGV", "123456", "357.9"),
    ("Mike", "RGV", "123456", "357.9"),
    ("my.user", "RGV", "123456", "357.9"),
    ("anna", "STD", "654321", "1200.50"),
    ("boris", "VIP", "777001", "99999.00"),
];

/// Starts the four fakes with the contract's data.
pub async fn start() -> Backends {
    let b = Backends {
        crm: MockServer::start().await,
        billing: MockServer::start().await,
        payments: MockServer::start().await,
        fraud: MockServer::start().await,
    };
    for (name, user_type, account, balance) in USERS {
        Mock::given(method("GET"))
            .and(path("/tutorial/api/get-user"))
            .and(query_param("UserName", name))
            .respond_with(json_response(
                200,
                json!({"UserName": name, "UserType": user_type, "AccountNumber": account}),
            ))
            .mount(&b.crm)
            .await;
        Mock::given(method("POST"))
            .and(path("/tutorial/api/balance/get"))
            .and(query_param("USER", name))
            .respond_with(json_response(200, json!({"ACC_BALANCE": balance})))
            .mount(&b.billing)
            .await;
        Mock::given(method("POST"))
            .and(path("/balance/get"))
            .and(query_param("USER", name))
            .and(wiremock::matchers::body_json(json!({"ACC_NUM": account})))
            .respond_with(json_response(200, json!({"ACC_BALANCE": balance})))
            .mount(&b.payments)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/accounts/{account}")))
            .respond_with(json_response(
                200,
                json!({"account_no": account, "owner": name, "currency": "EUR", "status": "active"}),
            ))
            .mount(&b.payments)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/accounts/{account}/transactions")))
            .respond_with(json_response(
                200,
                json!({"account_no": account, "transactions": [
                    {"id": "T1", "amount": "10.00", "currency": "EUR", "booked_at": "2026-01-01"},
                    {"id": "T2", "amount": "-4.50", "currency": "EUR", "booked_at": "2026-01-02"},
                    {"id": "T3", "amount": "99.90", "currency": "EUR", "booked_at": "2026-01-03"}
                ]}),
            ))
            .mount(&b.payments)
            .await;
    }
    Mock::given(path("/tutorial/api/get-user"))
        .respond_with(json_response(404, json!({"error": "user not found"})))
        .with_priority(10)
        .mount(&b.crm)
        .await;
    for (id, name, tickets, recommendations, orders, risk) in [
        (
            "C-1001",
            "Ada",
            json!([{"id": "K1", "status": "open", "subject": "a"}, {"id": "K2", "status": "closed", "subject": "b"}]),
            json_response(200, json!({"items": ["gold-card"]})),
            json!([{"id": "O1", "total": 10}, {"id": "O2", "total": 20}, {"id": "O3", "total": 30}]),
            json_response(200, json!({"customer_id": "C-1001", "score": 0.12})),
        ),
        (
            "C-1002",
            "Bob",
            json!([]),
            ResponseTemplate::new(500),
            json!([{"id": "O9", "total": 5}]),
            ResponseTemplate::new(503),
        ),
    ] {
        let base = format!("/api/customers/{id}");
        Mock::given(path(format!("{base}/profile")))
            .respond_with(json_response(
                200,
                json!({"customer_id": id, "name": name, "email": "x@example.com", "tier": "gold", "created_at": "2016-09-14"}),
            ))
            .mount(&b.crm)
            .await;
        Mock::given(path(format!("{base}/tickets")))
            .respond_with(json_response(200, json!({"tickets": tickets})))
            .mount(&b.crm)
            .await;
        Mock::given(path(format!("{base}/recommendations")))
            .respond_with(recommendations)
            .mount(&b.crm)
            .await;
        Mock::given(path(format!("{base}/balance")))
            .respond_with(json_response(
                200,
                json!({"customer_id": id, "balance": 123.45, "currency": "EUR"}),
            ))
            .mount(&b.billing)
            .await;
        Mock::given(path(format!("{base}/orders")))
            .respond_with(json_response(200, json!({"orders": orders})))
            .mount(&b.payments)
            .await;
        Mock::given(path(format!("/api/risk/{id}")))
            .respond_with(risk)
            .mount(&b.fraud)
            .await;
    }
    Mock::given(path_regex("^/api/customers/[^/]+/profile$"))
        .respond_with(json_response(404, json!({"error": "customer not found"})))
        .with_priority(10)
        .mount(&b.crm)
        .await;
    Mock::given(method("POST"))
        .and(path("/fraud/notify"))
        .respond_with(json_response(202, json!({"status": "accepted"})))
        .mount(&b.fraud)
        .await;
    for (server, name) in [
        (&b.crm, "crm"),
        (&b.billing, "billing"),
        (&b.payments, "payments"),
        (&b.fraud, "fraud"),
    ] {
        Mock::given(method("POST"))
            .and(path("/notifications"))
            .respond_with(json_response(
                202,
                json!({"status": "queued", "backend": name}),
            ))
            .mount(server)
            .await;
    }
    b
}
