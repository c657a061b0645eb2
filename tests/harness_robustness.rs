//! No configuration a user can write makes the harness panic: mutations of the
//! shipped `harness.toml` either load and serve, or fail with diagnostics.

mod support;

use std::path::Path;

use apitest::harness::parse_config;
use support::{client, start_config};

fn shipped() -> String {
    std::fs::read_to_string("harness.toml").unwrap_or_default()
}

/// Every backend on a port nobody listens on.
fn closed_port_env() -> Vec<(&'static str, String)> {
    let url = support::closed_port_url();
    [
        "CRM_URL",
        "BILLING_URL",
        "PAYMENTS_URL",
        "FRAUD_URL",
        "WORKPLACE_URL",
        "COMMERCE_URL",
    ]
    .into_iter()
    .map(|k| (k, url.clone()))
    .collect()
}

#[test]
fn deleting_any_line_never_panics() {
    // Arrange
    let text = shipped();
    let lines: Vec<&str> = text.lines().collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());

    // Act and assert, each worker taking every `workers`-th line
    std::thread::scope(|scope| {
        for first in 0..workers {
            let lines = &lines;
            scope.spawn(move || {
                for skip in (first..lines.len()).step_by(workers) {
                    // Deleting a comment or a blank line changes nothing.
                    let line = lines[skip].trim_start();
                    if line.is_empty() || line.starts_with('#') {
                        continue;
                    }
                    let mutated: String = lines
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i != skip)
                        .map(|(_, l)| format!("{l}\n"))
                        .collect();
                    let result = parse_config(&mutated, Path::new("harness.toml"), &|_| None);
                    // An error always renders with a place.
                    if let Err(e) = result {
                        assert!(e.to_string().contains("harness.toml:"), "line {skip}: {e}");
                    }
                }
            });
        }
    });
}

#[tokio::test]
async fn extreme_numbers_load_and_serve_or_fail_cleanly() {
    // Arrange
    let text = shipped();
    let env = closed_port_env();
    let lookup = |name: &str| env.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone());
    let numbers: Vec<(usize, usize)> = text
        .match_indices(|c: char| c.is_ascii_digit())
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || !text.as_bytes()[i - 1].is_ascii_digit())
        .map(|start| {
            let len = text[start..]
                .chars()
                .take_while(char::is_ascii_digit)
                .count();
            (start, start + len)
        })
        .filter(|&(start, _)| {
            text[..start]
                .lines()
                .last()
                .is_some_and(|l| l.contains(" = ") && !l.contains('"'))
        })
        .collect();
    assert!(numbers.len() > 20, "found only {} numbers", numbers.len());

    for (start, end) in numbers {
        for replacement in ["0", "18446744073709551615"] {
            let mutated = format!("{}{replacement}{}", &text[..start], &text[end..]);

            // Act
            let Ok(config) = parse_config(&mutated, Path::new("harness.toml"), &lookup) else {
                continue;
            };
            let h = start_config(config).await;
            let health = client()
                .get(format!("{}/health", h.base))
                .send()
                .await
                .unwrap();
            let dashboard = client()
                .get(format!("{}/api/customer/C-1/dashboard", h.base))
                .send()
                .await
                .unwrap();

            // Assert
            assert_eq!(health.status(), 200, "{replacement} at {start}");
            assert!(
                dashboard.status().as_u16() >= 400,
                "{replacement} at {start}"
            );
        }
    }
}
