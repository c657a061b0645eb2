//! Per-scenario control scoped by correlation id: overrides, delays, faults, the
//! request journal, and isolation between concurrent scenarios.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use apitest::mock::{
    self, CORRELATION_HEADER, Fault, JournalScope, Reply, RequestFilter, RunningBackend,
};
use serde_json::{Value, json};

async fn crm() -> RunningBackend {
    mock::start("crm", Path::new("mocks/crm.json"), None)
        .await
        .unwrap()
}

async fn get(b: &RunningBackend, id: Option<&str>, path: &str) -> (u16, Value) {
    let mut req = reqwest::Client::new().get(format!("{}{path}", b.url()));
    if let Some(id) = id {
        req = req.header(CORRELATION_HEADER, id);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

const PARTNER: &str = "/tutorial/api/get-user?UserName=partner";

#[tokio::test]
async fn respond_overrides_only_the_scenario_that_set_it() {
    // Arrange
    let b = crm().await;
    b.scoped("s1").respond(
        "GET",
        "/tutorial/api/get-user",
        Reply::json(500, json!({"error": "boom"})),
    );
    // Act
    let mine = get(&b, Some("s1"), PARTNER).await;
    let other = get(&b, Some("s2"), PARTNER).await;
    let none = get(&b, None, PARTNER).await;
    // Assert
    assert_eq!(mine, (500, json!({"error": "boom"})));
    assert_eq!(other.0, 200);
    assert_eq!(none.0, 200);
    b.stop().await;
}

#[tokio::test]
async fn respond_times_answers_n_times_then_as_stubbed() {
    let b = crm().await;
    let s = b.scoped("s");
    s.respond_times("GET", "/tutorial/api/get-user", 2, Reply::status(503));
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 503);
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 503);
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 200);
    assert_eq!(
        s.count(&RequestFilter::route("GET", "/tutorial/api/get-user")),
        3
    );
}

#[tokio::test]
async fn newer_overrides_win_and_exhausted_ones_fall_back_to_older_ones() {
    let b = crm().await;
    let s = b.scoped("s");
    s.respond("GET", PARTNER, Reply::text(418, "teapot"));
    s.respond_times("GET", PARTNER, 1, Reply::status(502));
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 502);
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 418);
    s.reset();
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 200);
}

#[tokio::test]
async fn a_route_with_a_wildcard_segment_and_a_query_selects_requests() {
    let b = crm().await;
    let s = b.scoped("s");
    s.respond("GET", "/api/customers/*/profile", Reply::status(500));
    s.respond(
        "ANY",
        "/tutorial/api/get-user?UserName=anna",
        Reply::status(409),
    );
    assert_eq!(
        get(&b, Some("s"), "/api/customers/C-1002/profile").await.0,
        500
    );
    assert_eq!(
        get(&b, Some("s"), "/tutorial/api/get-user?UserName=anna")
            .await
            .0,
        409
    );
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 200);
}

#[tokio::test]
async fn delay_slows_only_the_scenario_that_set_it() {
    let b = crm().await;
    b.scoped("slow")
        .delay("GET", "/tutorial/api/get-user", Duration::from_millis(400));
    let started = Instant::now();
    let (status, _) = get(&b, Some("fast"), PARTNER).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_millis(300));
    let started = Instant::now();
    let (status, body) = get(&b, Some("slow"), PARTNER).await;
    assert_eq!(status, 200, "a delay keeps the stubbed answer");
    assert_eq!(body["UserType"], "RGV");
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn a_delayed_request_is_counted_before_it_is_answered() {
    let b = crm().await;
    let s = b.scoped("s");
    s.delay_times(
        "GET",
        "/tutorial/api/get-user",
        1,
        Duration::from_millis(1500),
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let timed_out = client
        .get(format!("{}{PARTNER}", b.url()))
        .header(CORRELATION_HEADER, "s")
        .send()
        .await;
    assert!(timed_out.is_err());
    assert_eq!(s.count(&RequestFilter::any()), 1);
    let started = Instant::now();
    assert_eq!(get(&b, Some("s"), PARTNER).await.0, 200);
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "delay_times(1) was used up"
    );
}

#[tokio::test]
async fn fail_breaks_connections_for_one_scenario_only() {
    let b = crm().await;
    let s = b.scoped("s");
    s.fail_times("GET", "/tutorial/api/get-user", 1, Fault::ConnectionReset);
    s.fail_times(
        "GET",
        "/api/customers/C-1001/profile",
        1,
        Fault::EmptyResponse,
    );
    s.fail_times(
        "GET",
        "/api/customers/C-1001/tickets",
        1,
        Fault::MalformedResponse,
    );
    let client = reqwest::Client::new();
    for path in [
        PARTNER,
        "/api/customers/C-1001/profile",
        "/api/customers/C-1001/tickets",
    ] {
        let r = client
            .get(format!("{}{path}", b.url()))
            .header(CORRELATION_HEADER, "s")
            .send()
            .await;
        let failed = match r {
            Err(_) => true,
            Ok(r) => r.bytes().await.is_err(),
        };
        assert!(failed, "{path} must fail");
        assert_eq!(get(&b, Some("other"), path).await.0, 200);
        assert_eq!(
            get(&b, Some("s"), path).await.0,
            200,
            "the fault was used up"
        );
    }
    let outcomes: Vec<_> = s
        .requests(&RequestFilter::route("GET", PARTNER))
        .iter()
        .map(|r| r.outcome().map(|o| (o.fault, o.status)))
        .collect();
    assert_eq!(
        outcomes,
        [
            Some((Some(Fault::ConnectionReset), None)),
            Some((None, Some(200)))
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_concurrent_scenarios_override_the_same_endpoint_and_see_only_their_own() {
    // Arrange
    let b = crm().await;
    let path = "/api/customers/C-1001/profile";
    for i in 0..8u16 {
        b.scoped(&format!("scenario-{i}")).respond(
            "GET",
            path,
            Reply::json(500 + i, json!({"scenario": i})),
        );
    }
    // Act: each scenario sends i+1 requests, all at once.
    let mut tasks = Vec::new();
    for i in 0..8u16 {
        let url = format!("{}{path}", b.url());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut seen = Vec::new();
            for _ in 0..=i {
                let r = client
                    .get(&url)
                    .header(CORRELATION_HEADER, format!("scenario-{i}"))
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
                seen.push((status, body));
            }
            seen
        }));
    }
    let results = futures::future::join_all(tasks).await;
    // Assert
    for (i, seen) in results.into_iter().enumerate() {
        let i = i as u16;
        for (status, body) in seen.unwrap() {
            assert_eq!((status, body), (500 + i, json!({"scenario": i})));
        }
        let s = b.scoped(&format!("scenario-{i}"));
        assert_eq!(
            s.count(&RequestFilter::route("GET", path)),
            usize::from(i) + 1
        );
    }
    assert_eq!(
        b.journal().count(JournalScope::All, &RequestFilter::any()),
        36
    );
    assert_eq!(b.uncorrelated_count(), 0);
    b.stop().await;
}

#[tokio::test]
async fn journal_counts_by_route_json_body_and_header() {
    let payments = mock::start("payments", Path::new("mocks/payments.json"), None)
        .await
        .unwrap();
    let client = reqwest::Client::new();
    for (user, acc) in [
        ("partner", "123456"),
        ("anna", "654321"),
        ("partner", "123456"),
    ] {
        let r = client
            .post(format!("{}/balance/get?USER={user}", payments.url()))
            .header(CORRELATION_HEADER, "j")
            .header("X-Client", "orchestrator")
            .header("Content-Type", "application/json")
            .body(json!({"ACC_NUM": acc}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    let s = payments.scoped("j");
    assert_eq!(s.count(&RequestFilter::any()), 3);
    assert_eq!(
        s.count(&RequestFilter::route("POST", "/balance/get?USER=partner")),
        2
    );
    assert_eq!(
        s.count(&RequestFilter::any().json_at("/ACC_NUM", json!("654321"))),
        1
    );
    assert_eq!(s.count(&RequestFilter::any().header("x-client", None)), 3);
    assert_eq!(
        s.count(&RequestFilter::any().header("X-Client", Some("orchestrator"))),
        3
    );
    assert_eq!(
        s.count(&RequestFilter::any().header("X-Client", Some("curl"))),
        0
    );
    assert_eq!(payments.scoped("other").count(&RequestFilter::any()), 0);
    let first = &s.requests(&RequestFilter::any())[0];
    assert_eq!(first.body_json(), Some(json!({"ACC_NUM": "123456"})));
    assert_eq!(
        first.outcome().map(|o| o.served_by.as_str()),
        Some("balance partner")
    );
    s.reset();
    assert_eq!(s.count(&RequestFilter::any()), 0);
}

#[tokio::test]
async fn requests_without_a_correlation_id_are_detected() {
    let b = crm().await;
    get(&b, Some("s"), PARTNER).await;
    assert_eq!(b.uncorrelated_count(), 0);
    get(&b, None, PARTNER).await;
    get(&b, None, "/nowhere").await;
    assert_eq!(b.uncorrelated_count(), 2);
    assert_eq!(
        b.journal().count(
            JournalScope::Uncorrelated,
            &RequestFilter::route("GET", "/nowhere")
        ),
        1
    );
    assert_eq!(
        b.journal().count(JournalScope::All, &RequestFilter::any()),
        3
    );
    assert_eq!(b.journal().total_count(), 3);
    b.reset();
    assert_eq!(
        b.journal().count(JournalScope::All, &RequestFilter::any()),
        0
    );
}

#[tokio::test]
async fn overrides_can_set_headers_text_and_their_own_delay() {
    let b = crm().await;
    b.scoped("s").respond(
        "GET",
        PARTNER,
        Reply::text(200, "plain")
            .with_header("X-From", "override")
            .with_delay(Duration::from_millis(200)),
    );
    let started = Instant::now();
    let r = reqwest::Client::new()
        .get(format!("{}{PARTNER}", b.url()))
        .header(CORRELATION_HEADER, "s")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-from"], "override");
    assert_eq!(r.text().await.unwrap(), "plain");
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn respond_times_is_used_up_exactly_under_concurrent_requests() {
    // Arrange
    let b = crm().await;
    b.scoped("burst")
        .respond_times("GET", "/tutorial/api/get-user", 3, Reply::status(503));
    // Act: twelve requests of the same scenario at once.
    let url = format!("{}{PARTNER}", b.url());
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let url = url.clone();
            tokio::spawn(async move {
                let r = reqwest::Client::new()
                    .get(url)
                    .header(CORRELATION_HEADER, "burst")
                    .send()
                    .await
                    .unwrap();
                r.status().as_u16()
            })
        })
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    // Assert
    assert_eq!(statuses.iter().filter(|s| **s == 503).count(), 3);
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 9);
    assert_eq!(b.scoped("burst").count(&RequestFilter::any()), 12);
}
