//! No output ever shows a secret: one is planted in every place the README
//! lists (the Authorization, Proxy-Authorization, Cookie, Set-Cookie and
//! X-API-Key headers, a header named in `[run] secret_headers`, Basic Auth,
//! OAuth2 credentials and token, a `--secret` variable in a URL, a stored
//! variable named in `[run] secrets`), the server echoes them back in bodies
//! and headers, the run shows them every way it can (`-v`, `context is logged`,
//! failure messages), and every byte of stdout, stderr, JUnit, HTML and
//! Cucumber JSON is searched for each of them, in every encoding.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

const FEATURE: &str = r##"Feature: Secrets stay secret

  Background:
    Given address "$TARGET"

  Scenario: Secret headers and a secret variable in the URL
    Given URL path "/echo"
    And query string "?key=@{api_key}"
    And header "Authorization" "Bearer S-bearer-0001"
    And header "Proxy-Authorization" "Basic S-proxy-0002"
    And header "Cookie" "theme=dark; sid=S-cookie-0003"
    And header "X-API-Key" "S-<&"apikey'>-0004"
    And header "X-Session" "S-session-0005"
    When the URL is invoked
    Then context is logged
    And path "/headers" is JSON "{}"

  Scenario: Basic Auth
    Given URL path "/echo"
    And Basic Auth "user" "S-basic-0006"
    When the URL is invoked
    Then path "/headers/authorization" is "nothing"

  Scenario: A cookie the server sets and a stored secret
    Given URL path "/login"
    When the URL is invoked
    Then I store "/token" from response under "session"
    And context is logged
    And status is "500"

  Scenario: OAuth2
    Given OAuth2 endpoint "${TARGET}/oauth"
    And OAuth2 credentials "client" "S-oauth-pass-0009"
    And I store an OAuth2 bearer token under "tok"
    And OAuth2 bearer token "#tok"
    And URL path "/echo"
    When the URL is invoked
    Then path "/headers" is JSON "{}"
"##;

const SECRETS: [&str; 11] = [
    "S-bearer-0001",
    "S-proxy-0002",
    "S-cookie-0003",
    "S-<&\"apikey'>-0004",
    "S-session-0005",
    "S-basic-0006",
    "S-setcookie-0007",
    "S-stored-0008",
    "S-oauth-pass-0009",
    "S-oauth-token-0010",
    "S-var-0011",
];

/// A secret as outputs could encode it.
fn encodings(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let xml = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let basic = (secret == "S-basic-0006").then(|| "dXNlcjpTLWJhc2ljLTAwMDY=".to_owned());
    [
        secret.to_owned(),
        json.trim_matches('"').to_owned(),
        xml.replace('\'', "&apos;"),
        xml.replace('\'', "&#39;"),
    ]
    .into_iter()
    .chain(basic)
    .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn no_output_shows_a_secret() {
    // Arrange
    let server = common::start_target().await;
    Mock::given(path("/login"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Set-Cookie", "sid=S-setcookie-0007; Path=/; HttpOnly")
                .set_body_json(json!({"token": "S-stored-0008", "user": "maria"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"access_token": "S-oauth-token-0010", "token_type": "bearer"}),
            ),
        )
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("features")).unwrap();
    std::fs::write(dir.path().join("features/secrets.feature"), FEATURE).unwrap();
    std::fs::write(
        dir.path().join("apitest.toml"),
        "[run]\nsecret_headers = [\"X-Session\"]\nsecrets = [\"session\"]\n",
    )
    .unwrap();
    let out = dir.path().join("reports");
    let args = [
        "run".to_owned(),
        ".".to_owned(),
        "-v".to_owned(),
        "--secret".to_owned(),
        "api_key".to_owned(),
        "--var".to_owned(),
        "api_key=S-var-0011".to_owned(),
        "--junit".to_owned(),
        out.join("junit.xml").display().to_string(),
        "--html".to_owned(),
        out.join("report.html").display().to_string(),
        "--cucumber-json".to_owned(),
        out.join("cucumber.json").display().to_string(),
    ];

    // Act
    let output = {
        let (dir, target) = (dir.path().to_path_buf(), server.uri());
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            common::apitest(&dir, &args, &target)
        })
        .await
        .unwrap()
    };

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stdout}\n{stderr}");
    let outputs = [
        ("stdout", stdout.clone()),
        ("stderr", stderr),
        (
            "junit.xml",
            std::fs::read_to_string(out.join("junit.xml")).unwrap(),
        ),
        (
            "report.html",
            std::fs::read_to_string(out.join("report.html")).unwrap(),
        ),
        (
            "cucumber.json",
            std::fs::read_to_string(out.join("cucumber.json")).unwrap(),
        ),
    ];
    for (name, text) in &outputs {
        for secret in SECRETS {
            for form in encodings(secret) {
                assert!(
                    !text.contains(&form),
                    "{name} shows the secret {secret} as `{form}`:\n{text}"
                );
            }
        }
    }
    // The run did show them, masked: -v, context is logged and the failures.
    for shown in [
        "> authorization: ***",
        "> x-session: ***",
        "< set-cookie: ***",
        "\"session\":\"***\"",
        "\"query\":\"key=***\"",
        "/authorization: not expected, got string \"***\"",
    ] {
        assert!(stdout.contains(shown), "stdout lacks `{shown}`:\n{stdout}");
    }
    assert!(stdout.contains("4 scenarios (4 failed)"), "{stdout}");
}
