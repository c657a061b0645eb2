//! The Gherkin front end: a parser that reads `.feature` files as Cucumber's
//! official parsers do (same grammar, same keywords in every language, same
//! errors at the same line and column) and builds the `gherkin` crate's model.
//!
//! ```text
//! # language: fr                    ─ keywords of any of Cucumber's 80 languages
//! @smoke
//! Fonctionnalité: Utilisateurs      ─ gherkin::Feature (tags: ["smoke"])
//!   Scénario: Lister                ─ gherkin::Scenario
//!     Soit l'adresse "x"            ─ gherkin::Step (keyword "Soit ", value "l'adresse \"x\"")
//! ```
//!
//! A file with mistakes gets every error, typed ([`ParseError`]) and rendered
//! as diagnostics ([`diagnose`]):
//!
//! ```text
//! error: unknown keyword `Scenaro:`
//!  --> features/broken.feature:6:3
//!   |
//! 6 |   Scenaro: A typo in a keyword
//!   |   ^^^^^^^^
//!   = expected: a step (`Given`, `When`, `Then`, `And`, `But`), ...
//!   = help: did you mean `Scenario:`?
//! ```
//!
//! One pass over the lines, no backtracking: linear in the file's size.

mod diagnose;
pub mod dialect;
mod error;
pub mod event;
mod line;
mod model;
mod parser;
mod state;
mod token;

pub use diagnose::diagnose;
pub use dialect::{Dialect, KeywordType};
pub use error::{ErrorKind, ParseError};
pub use model::{Model, empty};
pub use parser::{ParseErrors, parse};
pub use token::Kind;

/// Parses a feature file into the `gherkin` crate's model. `Ok(None)` is a
/// file without a feature (empty, or only comments).
pub fn feature(source: &str) -> Result<Option<gherkin::Feature>, ParseErrors> {
    let mut model = model::Model::default();
    parse(source, &mut model)?;
    Ok(model.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(source: &str) -> gherkin::Feature {
        feature(source).expect("parses").expect("has a feature")
    }

    fn errors(source: &str) -> Vec<String> {
        feature(source)
            .expect_err("does not parse")
            .errors
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_feature_with_background_scenarios_outline_and_rule_becomes_the_crate_s_model() {
        let f = parsed(
            "@f1 @f2\nFeature: F\n  about it\n\n  Background:\n    Given b\n\n  @s\n  Scenario: S\n    Given x\n    And y\n      | a | b |\n      | 1 | 2 |\n    Then z\n      \"\"\"json\n      {}\n      \"\"\"\n\n  Scenario Outline: O <v>\n    When <v>\n    @e\n    Examples: E\n      | v |\n      | 1 |\n\n  Rule: R\n    Background:\n      Given rb\n    Example: RS\n      * star\n",
        );
        assert_eq!(f.name, "F");
        assert_eq!(f.tags, ["f1", "f2"]);
        assert_eq!(f.description.as_deref(), Some("  about it"));
        assert_eq!((f.position.line, f.position.col), (2, 1));
        let bg = f.background.as_ref().expect("background");
        assert_eq!(bg.steps[0].value, "b");
        assert_eq!(f.scenarios.len(), 2);
        let s = &f.scenarios[0];
        assert_eq!(
            (s.name.as_str(), s.tags.clone()),
            ("S", vec!["s".to_owned()])
        );
        assert_eq!((s.position.line, s.position.col), (9, 3));
        let keywords: Vec<&str> = s.steps.iter().map(|s| s.keyword.as_str()).collect();
        assert_eq!(keywords, ["Given ", "And ", "Then "]);
        assert_eq!(s.steps[1].ty, gherkin::StepType::Given);
        let table = s.steps[1].table.as_ref().expect("table");
        assert_eq!(table.rows, [["a", "b"], ["1", "2"]]);
        assert_eq!((table.position.line, table.position.col), (12, 7));
        assert_eq!(s.steps[2].docstring.as_deref(), Some("{}"));
        let o = &f.scenarios[1];
        assert_eq!(o.keyword, "Scenario Outline");
        assert_eq!(o.examples[0].tags, ["e"]);
        assert_eq!(o.examples[0].name.as_deref(), Some("E"));
        let rows = &o.examples[0].table.as_ref().expect("examples table").rows;
        assert_eq!(rows, &[["v"], ["1"]]);
        let r = &f.rules[0];
        assert_eq!(r.name, "R");
        assert_eq!(
            r.background.as_ref().expect("rule background").steps[0].value,
            "rb"
        );
        assert_eq!(r.scenarios[0].steps[0].keyword, "* ");
        assert_eq!(r.scenarios[0].steps[0].ty, gherkin::StepType::Given);
    }

    #[test]
    fn an_empty_file_or_one_of_comments_has_no_feature() {
        assert_eq!(feature("").expect("parses"), None);
        assert_eq!(feature("# just a note\n\n").expect("parses"), None);
    }

    #[test]
    fn a_language_line_switches_keywords() {
        let f = parsed("# language: fr\nFonctionnalité: F\n  Scénario: S\n    Soit x\n");
        assert_eq!(f.keyword, "Fonctionnalité");
        assert_eq!(f.scenarios[0].steps[0].keyword, "Soit ");
    }

    #[test]
    fn every_error_of_a_file_is_reported_in_order() {
        assert_eq!(
            errors("\nnot gherkin\nFeature: F\n  Scenario: S\n    Given x\nstray text\n"),
            [
                "(2:1): expected: #EOF, #Language, #TagLine, #FeatureLine, #Comment, #Empty, got 'not gherkin'",
                "(6:1): expected: #EOF, #TableRow, #DocStringSeparator, #StepLine, #TagLine, #ExamplesLine, #ScenarioLine, #RuleLine, #Comment, #Empty, got 'stray text'",
            ]
        );
    }

    #[test]
    fn spans_reach_from_the_keyword_to_the_last_line() {
        let source = "Feature: F\n  Scenario: S\n    Given x\n      | a |\n";
        let f = parsed(source);
        let s = &f.scenarios[0];
        assert_eq!(
            &source[s.span.start..s.span.end],
            "Scenario: S\n    Given x\n      | a |"
        );
        assert_eq!(&source[f.span.start..f.span.end], source.trim_end());
    }
}
