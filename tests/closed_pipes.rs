//! Every command ends quietly when its output is closed (`apitest steps | head
//! -1`): no panic, no "failed printing to stdout", and the command's own exit
//! code.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs apitest in `dir` with stdout (or stderr) a pipe whose reading end is
/// already closed, so every write to it fails.
fn run_with_closed(dir: &Path, args: &[&str], close_stderr: bool) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = Command::new(env!("CARGO_BIN_EXE_apitest"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    if close_stderr {
        command.stderr(writer).stdout(Stdio::null());
        let status = command.status().unwrap();
        (status.code(), String::new())
    } else {
        command.stdout(writer).stderr(Stdio::piped());
        let output = command.output().unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

#[test]
fn every_command_ends_quietly_when_its_output_is_closed() {
    // Arrange: a passing and a failing feature, and a JUnit report to merge.
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "pass/features/a.feature",
        "Feature: A\n  Scenario: S\n    Given I store \"1\" under \"x\"\n    Then variable \"#x\" is a string \"1\"\n",
    );
    write(
        "fail/features/b.feature",
        "Feature: B\n  Scenario: S\n    Given I store \"1\" under \"x\"\n    Then variable \"#x\" is a string \"2\"\n  Scenario: T\n    Given adress \"x\"\n",
    );
    write(
        "shard.xml",
        r#"<testsuites><testsuite id="0" name="A" package="a.feature" tests="0" failures="0" errors="0" hostname="h" timestamp="2026-01-01T00:00:00" time="0"><properties/><system-out/><system-err/></testsuite></testsuites>"#,
    );
    let cases: &[(&[&str], i32)] = &[
        (&["steps"], 0),
        (&["steps", "--markdown"], 0),
        (&["--help"], 0),
        (&["--version"], 0),
        (&["check", "pass"], 0),
        (&["check", "fail"], 3),
        (&["init", "new-project"], 0),
        (&["run", "pass"], 0),
        (&["run", "pass", "-v", "--format", "progress"], 0),
        (&["run", "fail", "--junit", "junit.xml"], 3),
        (&["run", "pass", "--tags", "@none"], 5),
        (&["report", "merge", "merged.xml", "shard.xml"], 0),
        (&["report", "merge", "merged.xml", "missing.xml"], 2),
    ];

    for (args, code) in cases {
        // Act
        let (status, stderr) = run_with_closed(dir.path(), args, false);

        // Assert
        assert_eq!(status, Some(*code), "apitest {args:?}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("failed printing"),
            "apitest {args:?}: {stderr}"
        );
    }
    assert!(
        dir.path().join("junit.xml").is_file(),
        "the report is still written"
    );
    // With stderr closed, diagnostics and the failure summary go nowhere, quietly.
    let (status, _) = run_with_closed(dir.path(), &["run", "fail"], true);
    assert_eq!(status, Some(3));
    let (status, _) = run_with_closed(dir.path(), &["report", "merge", "m.xml", "pass"], true);
    assert_eq!(status, Some(2));
}
