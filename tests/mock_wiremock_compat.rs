//! WireMock request matchers beyond the basics, served over real HTTP: basic auth
//! (`basicAuthCredentials` and `basicAuth`), `cookies`, `equalToXml`, `matchesXPath`,
//! and `matchesJsonPath` as WireMock has it for `null`, `[]` and `{}`.

// Test code: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used)]

use apitest::mock::{self, RunningBackend};
use serde_json::{Value, json};

/// Serves `mappings`, each answering its own `name` as the body.
async fn serve(mappings: Value) -> (RunningBackend, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("svc.json");
    std::fs::write(&path, json!({ "mappings": mappings }).to_string()).unwrap();
    (mock::start("svc", &path, None).await.unwrap(), dir)
}

/// The body of the answer (the mapping's name), or the status when it is not 200.
async fn answer(request: reqwest::RequestBuilder) -> String {
    let response = request.send().await.unwrap();
    match response.status().as_u16() {
        200 => response.text().await.unwrap(),
        other => other.to_string(),
    }
}

fn mapping(name: &str, request: Value) -> Value {
    json!({"name": name, "request": request, "response": {"body": name}})
}

#[tokio::test]
async fn basic_auth_credentials_and_basic_auth_match_the_authorization_header() {
    // Arrange
    let (b, _d) = serve(json!([
        mapping("docs-key", json!({"urlPath": "/a", "basicAuthCredentials": {"username": "anna", "password": "s3cret"}})),
        mapping("parser-key", json!({"urlPath": "/b", "basicAuth": {"username": "anna", "password": "s3cret"}})),
    ]))
    .await;
    let c = reqwest::Client::new();
    // Act
    let a_right = answer(
        c.get(format!("{}/a", b.url()))
            .basic_auth("anna", Some("s3cret")),
    )
    .await;
    let a_wrong = answer(
        c.get(format!("{}/a", b.url()))
            .basic_auth("anna", Some("guess")),
    )
    .await;
    let a_none = answer(c.get(format!("{}/a", b.url()))).await;
    let b_right = answer(
        c.get(format!("{}/b", b.url()))
            .basic_auth("anna", Some("s3cret")),
    )
    .await;
    // Assert
    assert_eq!(a_right, "docs-key");
    assert_eq!(a_wrong, "404");
    assert_eq!(a_none, "404");
    assert_eq!(b_right, "parser-key");
    b.stop().await;
}

#[tokio::test]
async fn cookies_match_by_name_across_cookie_headers() {
    // Arrange
    let (b, _d) = serve(json!([
        mapping(
            "session",
            json!({"urlPath": "/c", "cookies": {"session": {"matches": "s-[0-9]+"}}})
        ),
        mapping(
            "anonymous",
            json!({"urlPath": "/d", "cookies": {"session": {"absent": true}}})
        ),
    ]))
    .await;
    let c = reqwest::Client::new();
    let get = |path: &str, cookie: Option<&str>| {
        let request = c.get(format!("{}{path}", b.url()));
        match cookie {
            Some(cookie) => request.header("Cookie", cookie),
            None => request,
        }
    };
    // Act
    let with = answer(get("/c", Some("theme=dark; session=s-42"))).await;
    let wrong = answer(get("/c", Some("session=guest"))).await;
    let without = answer(get("/c", None)).await;
    let absent = answer(get("/d", Some("theme=dark"))).await;
    let present = answer(get("/d", Some("session=s-1"))).await;
    // Assert
    assert_eq!(
        [with, wrong, without, absent, present],
        ["session", "404", "404", "anonymous", "404"]
    );
    b.stop().await;
}

#[tokio::test]
async fn equal_to_xml_matches_the_same_document_whatever_its_layout() {
    // Arrange
    let (b, _d) = serve(json!([mapping(
        "order",
        json!({"method": "POST", "urlPath": "/x", "bodyPatterns": [
            {"equalToXml": "<o:order xmlns:o=\"urn:o\" id=\"7\" kind=\"k\"><item>1</item></o:order>"}]})
    )]))
    .await;
    let c = reqwest::Client::new();
    let post = |body: &'static str| c.post(format!("{}/x", b.url())).body(body);
    // Act
    let same = answer(post(
        "<?xml version=\"1.0\"?>\n<p:order xmlns:p=\"urn:o\" kind=\"k\" id=\"7\">\n  <!-- note -->\n  <item> 1 </item>\n</p:order>",
    ))
    .await;
    let other_text = answer(post(
        "<o:order xmlns:o=\"urn:o\" id=\"7\" kind=\"k\"><item>2</item></o:order>",
    ))
    .await;
    // A default namespace also puts <item> in it: another document.
    let other_namespace = answer(post(
        "<order xmlns=\"urn:o\" id=\"7\" kind=\"k\"><item>1</item></order>",
    ))
    .await;
    let not_xml = answer(post("{\"order\": 7}")).await;
    // Assert
    assert_eq!(
        [same, other_text, other_namespace, not_xml],
        ["order", "404", "404", "404"]
    );
    b.stop().await;
}

#[tokio::test]
async fn matches_xpath_selects_nodes_with_declared_namespaces_and_an_optional_matcher() {
    // Arrange
    let (b, _d) = serve(json!([
        mapping(
            "any-order",
            json!({"method": "POST", "urlPath": "/any", "bodyPatterns": [
            {"matchesXPath": "//order/id"}]})
        ),
        mapping(
            "code-zero",
            json!({"method": "POST", "urlPath": "/soap", "bodyPatterns": [
            {"matchesXPath": {"expression": "//d:code/text()", "equalTo": "0"},
             "xPathNamespaces": {"d": "http://example.com/demo"}}]})
        ),
    ]))
    .await;
    let c = reqwest::Client::new();
    let post = |path: &str, body: &'static str| c.post(format!("{}{path}", b.url())).body(body);
    let soap = |code: &str| {
        format!(
            "<e:Envelope xmlns:e=\"urn:e\"><e:Body><x:action xmlns:x=\"http://example.com/demo\"><x:code>{code}</x:code></x:action></e:Body></e:Envelope>"
        )
    };
    // Act
    let found = answer(post("/any", "<order><id>7</id></order>")).await;
    let missing = answer(post("/any", "<order><name>7</name></order>")).await;
    let zero = answer(c.post(format!("{}/soap", b.url())).body(soap("0"))).await;
    let one = answer(c.post(format!("{}/soap", b.url())).body(soap("1"))).await;
    // Assert
    assert_eq!(
        [found, missing, zero, one],
        ["any-order", "404", "code-zero", "404"]
    );
    b.stop().await;
}

#[tokio::test]
async fn matches_json_path_does_not_match_null_or_empty_values_as_in_wiremock() {
    // Arrange
    let (b, _d) = serve(json!([mapping(
        "named",
        json!({"method": "POST", "urlPath": "/j", "bodyPatterns": [{"matchesJsonPath": "$.name"}]})
    )]))
    .await;
    let c = reqwest::Client::new();
    // Act
    let mut seen = Vec::new();
    for body in [
        r#"{"name": "anna"}"#,
        r#"{"name": ""}"#,
        r#"{"name": 0}"#,
        r#"{"name": [1]}"#,
        r#"{"name": null}"#,
        r#"{"name": []}"#,
        r#"{"name": {}}"#,
        r#"{"other": 1}"#,
    ] {
        seen.push(answer(c.post(format!("{}/j", b.url())).body(body)).await);
    }
    // Assert
    assert_eq!(
        seen,
        [
            "named", "named", "named", "named", "404", "404", "404", "404"
        ]
    );
    b.stop().await;
}
