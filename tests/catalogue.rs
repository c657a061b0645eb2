//! The step catalogue: its generated README is current, every step has an
//! example in `steps/examples/`, and those examples pass against a real server.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use apitest::gherkin::{Compiled, LoadOptions, discover, load};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn steps_readme_is_generated_from_the_registry() {
    let on_disk = std::fs::read_to_string(root().join("steps/README.md")).unwrap_or_default();
    let generated = apitest::steps::markdown();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(root().join("steps/README.md"), &generated).unwrap();
        return;
    }
    assert!(
        on_disk == generated,
        "steps/README.md is stale: run `cargo run -- steps --markdown > steps/README.md`"
    );
}

#[test]
fn every_step_of_the_catalogue_is_used_in_steps_examples() {
    let files = discover(&[root().join("steps/examples")]).unwrap();
    let loaded = load(&files.files, &LoadOptions::default());
    assert!(loaded.problems.is_empty(), "examples have undefined steps");
    let used: BTreeSet<&str> = loaded
        .suite
        .features
        .iter()
        .flat_map(|f| &f.scenarios)
        .flat_map(|s| &s.steps)
        .filter_map(|s| match &s.compiled {
            Compiled::Step(def, _) => Some(def.pattern),
            Compiled::Invalid(_) => None,
        })
        .collect();
    let missing: Vec<&str> = apitest::steps::all()
        .map(|d| d.pattern)
        .filter(|p| !used.contains(p))
        .collect();
    assert!(
        missing.is_empty(),
        "steps without an example in steps/examples: {missing:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn steps_examples_pass_against_a_real_server() {
    // Arrange
    let server = common::start_target().await;
    let target = server.uri();

    // Act
    let output = tokio::task::spawn_blocking(move || {
        common::apitest(
            &root(),
            &["run", "steps/examples", "--format", "progress"],
            &target,
        )
    })
    .await
    .unwrap();

    // Assert
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("scenarios (") && !stdout.contains("failed"),
        "{stdout}"
    );
}
