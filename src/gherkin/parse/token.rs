//! What a line is, as the grammar sees it: the token kinds of Cucumber's
//! Gherkin grammar and the tests that decide whether a line is of a kind.
//!
//! A line can be of several kinds (any line is `Other`, `# language: fr` is also
//! a `Comment`): the parser asks for the kinds its state allows, in order, and
//! takes the first that matches.

use super::dialect::{Dialect, KeywordType};
use super::line::{Line, trim};

/// A token kind of the Gherkin grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The end of the file.
    Eof,
    /// A blank line.
    Empty,
    /// `# ...`.
    Comment,
    /// `@tag @tag`.
    TagLine,
    /// `Feature: name`.
    FeatureLine,
    /// `Rule: name`.
    RuleLine,
    /// `Background: name`.
    BackgroundLine,
    /// `Scenario: name` or `Scenario Outline: name`.
    ScenarioLine,
    /// `Examples: name`.
    ExamplesLine,
    /// `Given text`.
    StepLine,
    /// `"""` or `` ``` ``, opening or closing a doc string.
    DocStringSeparator,
    /// `| cell | cell |`.
    TableRow,
    /// `# language: fr`, on the first line that is not blank or a comment.
    Language,
    /// Any other line: description text, doc string content.
    Other,
}

impl Kind {
    /// The name Cucumber's parsers give the kind in their messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Eof => "#EOF",
            Kind::Empty => "#Empty",
            Kind::Comment => "#Comment",
            Kind::TagLine => "#TagLine",
            Kind::FeatureLine => "#FeatureLine",
            Kind::RuleLine => "#RuleLine",
            Kind::BackgroundLine => "#BackgroundLine",
            Kind::ScenarioLine => "#ScenarioLine",
            Kind::ExamplesLine => "#ExamplesLine",
            Kind::StepLine => "#StepLine",
            Kind::DocStringSeparator => "#DocStringSeparator",
            Kind::TableRow => "#TableRow",
            Kind::Language => "#Language",
            Kind::Other => "#Other",
        }
    }
}

/// The two doc string delimiters.
pub const DELIMITERS: [&str; 2] = ["\"\"\"", "```"];

/// Decides the kinds of lines in the current language and doc string.
pub struct Matcher {
    /// The file's language.
    pub dialect: &'static Dialect,
    /// The delimiter of the doc string being read, if one is open.
    pub open_doc_string: Option<&'static str>,
}

impl Matcher {
    /// Whether `line` is of kind `kind` (never `Eof`: the end of the file is not a line).
    #[inline]
    pub fn is(&self, kind: Kind, line: &Line<'_>) -> bool {
        let t = line.trimmed;
        match kind {
            Kind::Eof => false,
            Kind::Empty => t.is_empty(),
            Kind::Comment => t.starts_with('#'),
            Kind::TagLine => t.starts_with('@'),
            Kind::TableRow => t.starts_with('|'),
            Kind::FeatureLine => self.title(&self.dialect.feature, line).is_some(),
            Kind::RuleLine => self.title(&self.dialect.rule, line).is_some(),
            Kind::BackgroundLine => self.title(&self.dialect.background, line).is_some(),
            Kind::ScenarioLine => self.scenario(line).is_some(),
            Kind::ExamplesLine => self.title(&self.dialect.examples, line).is_some(),
            Kind::StepLine => self.dialect.step_keyword(t).is_some(),
            Kind::DocStringSeparator => self.delimiter(line).is_some(),
            Kind::Language => language(line).is_some(),
            Kind::Other => true,
        }
    }

    /// The keyword of a title line (`Feature: x`) among `keywords`: the first
    /// one the line starts with, followed by a colon.
    pub fn title<'k>(&self, keywords: &'k [String], line: &Line<'_>) -> Option<&'k str> {
        let first = line.trimmed.as_bytes().first()?;
        keywords
            .iter()
            .find(|k| {
                k.as_bytes().first() == Some(first)
                    && line
                        .trimmed
                        .strip_prefix(k.as_str())
                        .is_some_and(|rest| rest.starts_with(':'))
            })
            .map(String::as_str)
    }

    /// The keyword of a scenario line: `Scenario` (or a synonym) first, then
    /// `Scenario Outline` (or a synonym).
    pub fn scenario(&self, line: &Line<'_>) -> Option<&'static str> {
        let d = self.dialect;
        self.title(&d.scenario, line)
            .or_else(|| self.title(&d.scenario_outline, line))
    }

    /// The step keyword a line starts with, and its kind.
    pub fn step(&self, line: &Line<'_>) -> Option<(&'static str, KeywordType)> {
        self.dialect.step_keyword(line.trimmed)
    }

    /// The delimiter a line opens or closes a doc string with: while one is
    /// open, only its own delimiter closes it.
    pub fn delimiter(&self, line: &Line<'_>) -> Option<&'static str> {
        match self.open_doc_string {
            Some(open) => line.trimmed.starts_with(open).then_some(open),
            None => DELIMITERS.into_iter().find(|d| line.trimmed.starts_with(d)),
        }
    }
}

/// The language code of a `# language: xx` line.
pub fn language<'a>(line: &Line<'a>) -> Option<&'a str> {
    let rest = trim(line.trimmed.strip_prefix('#')?);
    let rest = trim(rest.strip_prefix("language")?);
    let code = trim(rest.strip_prefix(':')?);
    let valid = !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_');
    valid.then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gherkin::parse::dialect::DEFAULT;
    use crate::gherkin::parse::line::lines;

    fn english() -> Matcher {
        Matcher {
            dialect: Dialect::get(DEFAULT).expect("English"),
            open_doc_string: None,
        }
    }

    fn kinds(text: &str) -> Vec<Kind> {
        let m = english();
        let line = lines(text).next().expect("a line");
        [
            Kind::Empty,
            Kind::Comment,
            Kind::TagLine,
            Kind::FeatureLine,
            Kind::RuleLine,
            Kind::BackgroundLine,
            Kind::ScenarioLine,
            Kind::ExamplesLine,
            Kind::StepLine,
            Kind::DocStringSeparator,
            Kind::TableRow,
            Kind::Language,
        ]
        .into_iter()
        .filter(|k| m.is(*k, &line))
        .collect()
    }

    #[test]
    fn lines_are_classified_by_their_first_characters() {
        assert_eq!(kinds("  Feature: x"), [Kind::FeatureLine]);
        assert_eq!(kinds("Scenario Outline: x"), [Kind::ScenarioLine]);
        assert_eq!(kinds("Scenario:x"), [Kind::ScenarioLine]);
        assert_eq!(kinds("Scenario x"), []);
        assert_eq!(kinds("\tGiven x"), [Kind::StepLine]);
        assert_eq!(kinds("# language: fr"), [Kind::Comment, Kind::Language]);
        assert_eq!(kinds("  \"\"\"json"), [Kind::DocStringSeparator]);
        assert_eq!(kinds("| a |"), [Kind::TableRow]);
        assert_eq!(kinds("@a"), [Kind::TagLine]);
    }

    #[test]
    fn the_language_line_allows_spaces_around_its_parts() {
        let first = |text| lines(text).next().expect("a line");
        assert_eq!(
            language(&first("  #  language  :   en-lol ")),
            Some("en-lol")
        );
        assert_eq!(language(&first("# language: fr x")), None);
        assert_eq!(language(&first("# languages: fr")), None);
    }

    #[test]
    fn an_open_doc_string_closes_only_with_its_own_delimiter() {
        let mut m = english();
        m.open_doc_string = Some("```");
        let first = |text| lines(text).next().expect("a line");
        assert_eq!(m.delimiter(&first("\"\"\"")), None);
        assert_eq!(m.delimiter(&first("  ```")), Some("```"));
    }
}
