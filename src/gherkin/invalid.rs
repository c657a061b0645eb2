//! Files that cannot run: one that does not parse, that has no scenario, or
//! that apitest failed to load. Such a file is invalid input (exit 3), but it
//! does not stop the run: it becomes a feature with one scenario whose one step
//! is the error at the file's place, so every report shows it (a JUnit
//! `<error>` naming file:line) while the other features run.
//!
//! A file without scenarios often has a misspelt keyword, which Gherkin reads
//! as description text; the error points at it:
//!
//! ```text
//! error: no scenario in this feature file
//!  --> features/orders.feature:3:3
//!   |
//! 3 |   Scenaro: Create an order
//!   |   ^^^^^^^^
//!   = note: a line that starts like a keyword but is not one is read as description text
//!   = help: did you mean `Scenario:`?
//! ```

use std::path::Path;
use std::sync::Arc;

use super::discover::FeatureFile;
use super::model::{Compiled, Feature, Scenario, Step};
use crate::diag::{Diagnostic, Location, closest, display_path};

/// Block keywords of English Gherkin, for spotting a misspelt one.
const KEYWORDS: &[&str] = &[
    "Feature",
    "Rule",
    "Background",
    "Scenario",
    "Scenario Outline",
    "Scenario Template",
    "Example",
    "Examples",
    "Scenarios",
];

/// The error of a file with no scenario, pointing at the first description
/// line that looks like a misspelt keyword (`Scenaro:`, `Backgroud:`), else at
/// its `Feature:` line.
pub(super) fn no_scenario(file: &Arc<Path>, source: &str, feature_line: usize) -> Diagnostic {
    let title = "no scenario in this feature file";
    let mut misspelt = source.lines().enumerate().filter_map(|(i, line)| {
        let word = line.trim().split_once(':')?.0.trim_end();
        let looks_like_keyword = !word.is_empty()
            && word.chars().all(|c| c.is_alphabetic() || c == ' ')
            && !KEYWORDS.contains(&word);
        let suggestion = closest(word, KEYWORDS.iter().copied(), 1)
            .into_iter()
            .next()?;
        looks_like_keyword.then_some((i + 1, line, word, suggestion))
    });
    match misspelt.next() {
        Some((line, text, word, suggestion)) => {
            let col = text.len() - text.trim_start().len() + 1;
            let mut d = Diagnostic::new(title)
                .at(Location::new(file.clone(), line, col), source)
                .underline(word.chars().count() + 1)
                .note(
                    "a line that starts like a keyword but is not one is read as description text",
                )
                .did_you_mean(&[format!("{suggestion}:")]);
            for (line, _, word, suggestion) in misspelt {
                d = d.help(format!(
                    "line {line}: `{word}:`, did you mean `{suggestion}:`?"
                ));
            }
            d
        }
        None => {
            let line = feature_line.max(1);
            let text = source.lines().nth(line - 1).unwrap_or("");
            let col = text.len() - text.trim_start().len() + 1;
            Diagnostic::new(title)
                .at(Location::new(file.clone(), line, col), source)
                .expected(
                    "at least one `Scenario:` (or a `Scenario Outline:` with `Examples:` rows)",
                )
        }
    }
}

/// The feature that stands for an invalid file in the suite: named after the
/// file, with one scenario (the diagnostic's title) whose one step is the
/// offending line, an error carrying the diagnostic's notes.
pub(super) fn invalid_feature(file: &FeatureFile, d: &Diagnostic) -> Feature {
    let shown: Arc<Path> = display_path(&file.path).into();
    let location = d
        .location
        .clone()
        .unwrap_or_else(|| Location::new(shown.clone(), 1, 1));
    let line = d.source_line.as_deref().map(str::trim).unwrap_or_default();
    let (keyword, text) = match line.split_once(char::is_whitespace) {
        Some((keyword, text)) => (keyword, text.trim()),
        None if !line.is_empty() => (line, ""),
        None => ("File", ""),
    };
    let text = if line.is_empty() {
        shown.display().to_string()
    } else {
        text.to_owned()
    };
    let message = std::iter::once(d.title.as_str())
        .chain(d.notes.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("\n");
    Feature {
        name: shown.display().to_string().into(),
        path: shown,
        line: 1,
        features_dir: file.features_dir.clone().into(),
        scenarios: vec![Scenario {
            name: d.title.clone(),
            location: location.clone(),
            steps: vec![Step {
                keyword: keyword.into(),
                text: text.into(),
                location,
                compiled: Compiled::Invalid(message),
            }],
        }],
        ordered: false,
        serial: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_scenario_keyword_is_pointed_at() {
        let file: Arc<Path> = Path::new("f.feature").into();
        let d = no_scenario(
            &file,
            "Feature: F\n\n  Scenario Outine: x\n    Given a\n",
            1,
        );
        assert_eq!(
            d.to_string(),
            "error: no scenario in this feature file\n --> f.feature:3:3\n  |\n3 |   Scenario Outine: x\n  |   ^^^^^^^^^^^^^^^^\n  = note: a line that starts like a keyword but is not one is read as description text\n  = help: did you mean `Scenario Outline:`?\n"
        );
    }

    #[test]
    fn without_a_likely_typo_the_feature_line_is_shown() {
        let file: Arc<Path> = Path::new("f.feature").into();
        let d = no_scenario(&file, "# c\nFeature: F\n  As a user: I want\n", 2);
        assert_eq!(d.location, Some(Location::new(file.clone(), 2, 1)));
        assert!(d.notes[0].starts_with("expected: at least one `Scenario:`"));
    }

    #[test]
    fn an_invalid_file_is_one_failing_scenario_at_its_place() {
        let file = FeatureFile {
            path: "features/b.feature".into(),
            features_dir: "features".into(),
        };
        let d = Diagnostic::new("cannot parse the feature file")
            .at(
                Location::new(Path::new("features/b.feature"), 2, 3),
                "Feature: F\n  Scenaro: x\n",
            )
            .did_you_mean(&["Scenario:"]);
        let feature = invalid_feature(&file, &d);
        let scenario = &feature.scenarios[0];
        assert_eq!(scenario.name, "cannot parse the feature file");
        assert_eq!(scenario.location.to_string(), "features/b.feature:2:3");
        assert_eq!(&*scenario.steps[0].keyword, "Scenaro:");
        assert_eq!(&*scenario.steps[0].text, "x");
        assert!(matches!(
            &scenario.steps[0].compiled,
            Compiled::Invalid(m) if m == "cannot parse the feature file\nhelp: did you mean `Scenario:`?"
        ));
    }
}
