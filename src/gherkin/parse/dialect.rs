//! Gherkin's keywords in every language Cucumber supports, chosen with a
//! `# language: fr` line at the top of a file (English otherwise).
//!
//! The data is `languages.json` beside this file: Cucumber's own
//! `gherkin-languages.json` (MIT licence, cucumber/gherkin), unchanged, so that
//! a language file update is a file copy. It is read once, on first use.
//!
//! ```text
//! "fr": { "feature": ["Fonctionnalité"], "given": ["* ", "Soit ", "Sachant que ", ...], ... }
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The language of a file without a `# language:` line.
pub const DEFAULT: &str = "en";

const LANGUAGES: &str = include_str!("languages.json");

/// What kind of step a step keyword starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordType {
    /// `Given`: a precondition.
    Context,
    /// `When`: an action.
    Action,
    /// `Then`: an expected outcome.
    Outcome,
    /// `And`, `But`: the same kind as the step before.
    Conjunction,
    /// A keyword of several kinds (`*`, or one word for two kinds in a language).
    Unknown,
}

/// The keywords of one language.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialect {
    /// The language's English name.
    pub name: String,
    /// The language's own name for itself.
    pub native: String,
    /// `Feature:` and its synonyms (without the colon).
    pub feature: Vec<String>,
    /// `Rule:` and its synonyms.
    pub rule: Vec<String>,
    /// `Background:` and its synonyms.
    pub background: Vec<String>,
    /// `Scenario:` and its synonyms.
    pub scenario: Vec<String>,
    /// `Scenario Outline:` and its synonyms.
    pub scenario_outline: Vec<String>,
    /// `Examples:` and its synonyms.
    pub examples: Vec<String>,
    /// `Given ` and its synonyms (with their trailing space, where the language has one).
    pub given: Vec<String>,
    /// `When ` and its synonyms.
    pub when: Vec<String>,
    /// `Then ` and its synonyms.
    pub then: Vec<String>,
    /// `And ` and its synonyms.
    pub and: Vec<String>,
    /// `But ` and its synonyms.
    pub but: Vec<String>,
    /// The language's code (`en`, `fr`).
    #[serde(skip)]
    pub code: String,
    /// Every step keyword with its kind, longest first.
    #[serde(skip)]
    steps: Vec<(String, KeywordType)>,
}

impl Dialect {
    /// The language with this code (`en`, `fr`, `zh-CN`, ...).
    pub fn get(code: &str) -> Option<&'static Dialect> {
        all().get(code)
    }

    /// English, the language of a file without a `# language:` line.
    pub fn english() -> &'static Dialect {
        // The data is part of the binary; a test loads every language.
        #[allow(clippy::expect_used)]
        Dialect::get(DEFAULT).expect("the embedded Gherkin keywords include English")
    }

    /// The code of every supported language.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        all().keys().map(String::as_str)
    }

    /// The longest step keyword that starts `text`, with its kind.
    pub fn step_keyword(&self, text: &str) -> Option<(&str, KeywordType)> {
        let first = text.as_bytes().first()?;
        self.steps
            .iter()
            .find(|(k, _)| k.as_bytes().first() == Some(first) && text.starts_with(k.as_str()))
            .map(|(k, t)| (k.as_str(), *t))
    }

    /// The step keywords, longest first.
    pub fn step_keywords(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|(k, _)| k.as_str())
    }

    fn index_steps(&mut self) {
        let lists = [
            (&self.given, KeywordType::Context),
            (&self.when, KeywordType::Action),
            (&self.then, KeywordType::Outcome),
            (&self.and, KeywordType::Conjunction),
            (&self.but, KeywordType::Conjunction),
        ];
        let mut steps: Vec<(String, KeywordType)> = Vec::new();
        for (list, kind) in lists {
            for keyword in list {
                // A keyword listed more than once (`* ` in every list) has no one kind.
                match steps.iter_mut().find(|(k, _)| k == keyword) {
                    Some(seen) => seen.1 = KeywordType::Unknown,
                    None => steps.push((keyword.clone(), kind)),
                }
            }
        }
        steps.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        self.steps = steps;
    }
}

/// Languages are equal when their codes are.
impl PartialEq for Dialect {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Eq for Dialect {}

fn all() -> &'static BTreeMap<String, Dialect> {
    static ALL: OnceLock<BTreeMap<String, Dialect>> = OnceLock::new();
    ALL.get_or_init(|| {
        // The file is part of the binary and checked by the tests below.
        #[allow(clippy::expect_used)]
        let mut all: BTreeMap<String, Dialect> =
            serde_json::from_str(LANGUAGES).expect("the embedded Gherkin keywords parse");
        for (code, dialect) in &mut all {
            dialect.code.clone_from(code);
            dialect.index_steps();
        }
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_of_the_data_file_loads() {
        let raw: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(LANGUAGES).expect("languages.json is JSON");
        assert_eq!(Dialect::codes().count(), raw.len());
        assert!(raw.len() >= 80, "{} languages", raw.len());
        let fr = Dialect::get("fr").expect("French");
        assert!(fr.feature.iter().any(|k| k == "Fonctionnalité"));
        assert!(Dialect::get("no-such").is_none());
    }

    #[test]
    fn step_keywords_match_longest_first_with_their_kind() {
        let en = Dialect::get(DEFAULT).expect("English");
        assert_eq!(
            en.step_keyword("Given a thing"),
            Some(("Given ", KeywordType::Context))
        );
        assert_eq!(en.step_keyword("* x"), Some(("* ", KeywordType::Unknown)));
        assert_eq!(
            en.step_keyword("But not"),
            Some(("But ", KeywordType::Conjunction))
        );
        assert_eq!(en.step_keyword("Givenx"), None);
        let fr = Dialect::get("fr").expect("French");
        assert_eq!(
            fr.step_keyword("Etant donné qu'il"),
            Some(("Etant donné qu'", KeywordType::Context))
        );
    }
}
