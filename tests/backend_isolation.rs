//! Scenarios running in parallel against one fake backend never see each
//! other's overrides or requests.

use std::fmt::Write as _;

#[test]
fn eight_parallel_scenarios_change_the_same_backend_route_without_interfering() {
    // Arrange: 8 scenarios, each giving the same route its own answer and delay.
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::write(
        dir.path().join("apitest.toml"),
        format!("[backends.crm]\nstubs = \"{root}/mocks/crm.json\"\n"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("features")).unwrap();
    let mut feature = String::from("Feature: Isolation\n");
    for i in 0..8 {
        let _ = write!(
            feature,
            "\n  Scenario: Scenario {i} sees only its own answer\n    \
             Given backend \"crm\" responds to \"GET\" \"/tutorial/api/get-user\" with JSON \"{{\"UserType\": \"T{i}\"}}\"\n    \
             And backend \"crm\" delays \"GET\" \"/tutorial/api/get-user\" by \"{}\" ms\n    \
             And address \"@backends.crm.url\"\n    \
             And URL path \"/tutorial/api/get-user\"\n    \
             When the URL is invoked\n    \
             Then path \"/UserType\" is \"T{i}\"\n    \
             And backend \"crm\" received \"1\" requests\n    \
             When the URL is invoked\n    \
             Then backend \"crm\" received \"2\" requests to \"GET\" \"/tutorial/api/get-user\"\n",
            (8 - i) * 15
        );
    }
    std::fs::write(dir.path().join("features/isolation.feature"), feature).unwrap();

    // Act
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_apitest"))
        .args(["run", ".", "-j", "8", "--format", "progress"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("8 scenarios (8 passed)"), "{stdout}");
}
