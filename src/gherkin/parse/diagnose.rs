//! Parse errors as the project's diagnostics: the place, the offending line,
//! what was expected in the file's language, and a did-you-mean for a
//! misspelt keyword, tag or language.
//!
//! ```text
//! error: unknown keyword `Scenaro:`
//!  --> features/broken.feature:6:3
//!   |
//! 6 |   Scenaro: A typo in a keyword
//!   |   ^^^^^^^^
//!   = expected: a step (`Given`, `When`, `Then`, `And`, `But`), a table row (`| a | b |`), a doc string (`"""`), a tag (`@name`), `Examples:`, `Scenario:`, `Rule:` or the end of the file
//!   = help: did you mean `Scenario:`?
//! ```

use std::path::Path;
use std::sync::Arc;

use super::dialect::Dialect;
use super::error::{ErrorKind, ParseError};
use super::line::{self, is_space};
use super::parser::ParseErrors;
use super::token::{Kind, Matcher};
use crate::diag::{Diagnostic, Location};

/// One diagnostic per error, in the order found, less the errors that only
/// follow from another: a bad tag line is also an unexpected line, and after an
/// unknown language every keyword is unknown.
pub fn diagnose(errors: &ParseErrors, file: &Arc<Path>, source: &str) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut previous: Option<&ParseError> = None;
    for (i, e) in errors.errors.iter().enumerate() {
        let repeated = previous.is_some_and(|p| p.line == e.line && p.col == e.col);
        previous = Some(e);
        if repeated {
            continue;
        }
        let d = one(e, errors.dialect, file, source);
        let more = errors.errors.len() - i - 1;
        if matches!(e.kind, ErrorKind::UnknownLanguage(_)) && more > 0 {
            let s = if more == 1 { "" } else { "s" };
            out.push(d.note(format!(
                "the rest of the file was read as English: {more} more error{s} not shown"
            )));
            break;
        }
        out.push(d);
    }
    out
}

/// The candidate most like `word` (case aside), if it is like enough to be a typo.
fn similar<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn one(e: &ParseError, d: &'static Dialect, file: &Arc<Path>, source: &str) -> Diagnostic {
    let here = Location::new(file.clone(), e.line, e.col.max(1));
    match &e.kind {
        ErrorKind::UnexpectedLine { text, expected } => {
            unexpected_line(text, expected, d).into_diagnostic(here, source)
        }
        ErrorKind::UnexpectedEof {
            expected,
            open_doc_string,
        } => {
            let d0 = Diagnostic::new(match open_doc_string {
                Some(_) => "unexpected end of file: a doc string is not closed",
                None if is_tags_state(expected) => "unexpected end of file after tags",
                None => "unexpected end of file",
            })
            .at_location(here);
            match open_doc_string {
                Some((line, col, delimiter)) => d0
                    .note(format!(
                        "the doc string opened at line {line}, column {col} with `{delimiter}`"
                    ))
                    .expected(format!("a line `{delimiter}` that closes it")),
                None if is_tags_state(expected) => {
                    d0.expected(if expected.contains(&Kind::FeatureLine) {
                        format!("`{}:` after the tags", first(&d.feature))
                    } else {
                        format!(
                            "what the tags belong to after them: `{}:`, `{}:` or `{}:`",
                            scenario(d),
                            first(&d.examples),
                            first(&d.rule)
                        )
                    })
                }
                None => d0.expected(listed(expected, d)),
            }
        }
        ErrorKind::InconsistentCellCount {
            expected,
            found,
            first_row,
        } => {
            let row = source.lines().nth(e.line.saturating_sub(1)).unwrap_or("");
            let trimmed = row.trim_matches(is_space);
            let d0 = Diagnostic::new("a table row has a different number of cells")
                .at(here, source)
                .note(format!(
                    "the table's first row (line {first_row}) has {}; this row has {}",
                    cells(*expected),
                    cells(*found)
                ))
                .expected("every row to have as many cells as the first");
            if trimmed.ends_with('|') && !trimmed.ends_with("\\|") {
                d0
            } else {
                d0.help("end the row with `|`: text after the last `|` is not a cell")
            }
        }
        ErrorKind::UnknownLanguage(code) => {
            let codes: Vec<&str> = Dialect::codes().collect();
            let lower = code.to_lowercase();
            // `french` or `Français` names a language; `fre` or `en_US` is close to a code.
            let named = codes.iter().copied().find(|c| {
                Dialect::get(c).is_some_and(|x| {
                    x.name.to_lowercase() == lower || x.native.to_lowercase() == lower
                })
            });
            let base = lower.split(['-', '_']).next().unwrap_or("");
            let suggestions: Vec<&str> = named
                .or_else(|| similar(code, codes.iter().copied()))
                .or_else(|| codes.iter().copied().find(|c| *c == base))
                .into_iter()
                .collect();
            let shown: Vec<String> = suggestions
                .iter()
                .map(|c| format!("# language: {c}"))
                .collect();
            Diagnostic::new(format!("unknown language `{code}`"))
                .at(here, source)
                .expected(format!(
                    "one of the {} language codes of Cucumber's Gherkin, such as `en`, `fr`, `de`, `es`, `pt`, `zh-CN`",
                    codes.len()
                ))
                .did_you_mean(&shown)
        }
        ErrorKind::WhitespaceInTag => {
            let row = source.lines().nth(e.line.saturating_sub(1)).unwrap_or("");
            let tag: String = row
                .chars()
                .skip(e.col.saturating_sub(1))
                .take_while(|&c| c != '#')
                .collect::<String>()
                .split('@')
                .nth(1)
                .map(|t| t.trim_matches(is_space).to_owned())
                .unwrap_or_default();
            let joined = tag
                .split(is_space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>();
            Diagnostic::new("a tag may not contain whitespace")
                .at(here, source)
                .underline(tag.chars().count() + 1)
                .expected("tags separated by spaces, each starting with `@`")
                .did_you_mean(&[format!("@{}", joined.join("_"))])
        }
    }
}

/// Whether the expected kinds are those after tags (no end of file allowed).
fn is_tags_state(expected: &[Kind]) -> bool {
    expected.contains(&Kind::TagLine) && !expected.contains(&Kind::Eof)
}

fn cells(n: usize) -> String {
    if n == 1 {
        "1 cell".to_owned()
    } else {
        format!("{n} cells")
    }
}

/// A diagnostic for an unexpected line, before it is placed.
struct Unexpected {
    title: String,
    underline: Option<usize>,
    notes: Vec<String>,
    expected: String,
    suggestions: Vec<String>,
}

impl Unexpected {
    fn into_diagnostic(self, here: Location, source: &str) -> Diagnostic {
        let mut d = Diagnostic::new(self.title).at(here, source);
        if let Some(n) = self.underline {
            d = d.underline(n);
        }
        for note in self.notes {
            d = d.note(note);
        }
        d.expected(self.expected).did_you_mean(&self.suggestions)
    }
}

fn unexpected_line(text: &str, expected: &[Kind], d: &'static Dialect) -> Unexpected {
    let mut out = Unexpected {
        title: "unexpected line".to_owned(),
        underline: None,
        notes: Vec::new(),
        expected: listed(expected, d),
        suggestions: Vec::new(),
    };
    if expected.contains(&Kind::FeatureLine) {
        out.title = format!("expected `{}:`", first(&d.feature));
        out.notes.push(format!(
            "a feature file starts with `{}:`, after an optional `# language:` line, tags and comments",
            first(&d.feature)
        ));
    }
    let matcher = Matcher {
        dialect: d,
        open_doc_string: None,
    };
    let Some(l) = line::lines(text).next() else {
        return out;
    };
    // A line that is valid Gherkin, in the wrong place.
    if let Some(kind) = [
        Kind::FeatureLine,
        Kind::BackgroundLine,
        Kind::RuleLine,
        Kind::ScenarioLine,
        Kind::ExamplesLine,
        Kind::StepLine,
        Kind::TableRow,
        Kind::DocStringSeparator,
    ]
    .into_iter()
    .find(|k| matcher.is(*k, &l))
    {
        if let Some(note) = misplaced(kind, d) {
            out.title = "this line is not allowed here".to_owned();
            out.notes.push(note);
        }
        return out;
    }
    // A misspelt keyword: `Scenaro:` or `Gvien`.
    if let Some((word, _)) = text.split_once(':')
        && !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'')
    {
        let candidates = title_keywords(expected, d);
        if let Some(k) = similar(word, candidates.iter().map(String::as_str)) {
            out.title = format!("unknown keyword `{word}:`");
            out.underline = Some(word.chars().count() + 1);
            out.suggestions = vec![format!("{k}:")];
        }
        return out;
    }
    if expected.contains(&Kind::StepLine) {
        let word = text.split(is_space).next().unwrap_or("");
        let keywords = step_keywords(d);
        if let Some(k) = similar(word, keywords.iter().copied()) {
            out.title = format!("unknown step keyword `{word}`");
            out.underline = Some(word.chars().count());
            out.suggestions = vec![k.to_owned()];
        }
    }
    out
}

/// Why a valid line of `kind` is not allowed where it is.
fn misplaced(kind: Kind, d: &Dialect) -> Option<String> {
    Some(match kind {
        Kind::FeatureLine => format!("a file holds one `{}:`", first(&d.feature)),
        Kind::BackgroundLine => format!(
            "a `{}:` comes right after the `{}:` or `{}:` line and its description, before any scenario; there is at most one",
            first(&d.background),
            first(&d.feature),
            first(&d.rule)
        ),
        Kind::ExamplesLine => format!(
            "`{}:` follows the steps of a scenario outline",
            first(&d.examples)
        ),
        Kind::StepLine => {
            "a step belongs to a scenario or a background, after its title line".to_owned()
        }
        Kind::TableRow => format!(
            "a table follows a step or an `{}:` line",
            first(&d.examples)
        ),
        Kind::DocStringSeparator => {
            "a step takes at most one doc string (and one table), right after it".to_owned()
        }
        Kind::ScenarioLine | Kind::RuleLine => "tags must be followed by what they tag".to_owned(),
        _ => return None,
    })
}

/// The title keywords allowed where the error is, each as written before `:`.
fn title_keywords(expected: &[Kind], d: &Dialect) -> Vec<String> {
    let mut out = Vec::new();
    for kind in expected {
        let lists: &[&Vec<String>] = match kind {
            Kind::FeatureLine => &[&d.feature],
            Kind::RuleLine => &[&d.rule],
            Kind::BackgroundLine => &[&d.background],
            Kind::ScenarioLine => &[&d.scenario, &d.scenario_outline],
            Kind::ExamplesLine => &[&d.examples],
            _ => &[],
        };
        out.extend(lists.iter().flat_map(|l| l.iter().cloned()));
    }
    out
}

/// The step keywords, trimmed, without `*`.
fn step_keywords(d: &Dialect) -> Vec<&str> {
    d.step_keywords()
        .map(|k| k.trim_matches(is_space))
        .filter(|k| *k != "*" && !k.is_empty())
        .collect()
}

fn first(list: &[String]) -> &str {
    list.first().map_or("", String::as_str)
}

/// The usual name for a scenario (`Scenario`, not its synonym `Example`).
fn scenario(d: &Dialect) -> &str {
    d.scenario.last().map_or("", String::as_str)
}

/// The kinds a user can write, in words and in the file's language.
fn listed(expected: &[Kind], d: &Dialect) -> String {
    let steps = [&d.given, &d.when, &d.then, &d.and, &d.but]
        .iter()
        .filter_map(|l| l.iter().find(|k| k.trim() != "*"))
        .map(|k| format!("`{}`", k.trim_matches(is_space)))
        .collect::<Vec<_>>()
        .join(", ");
    // In the order a user reads a file, not the grammar's.
    let order = [
        Kind::FeatureLine,
        Kind::BackgroundLine,
        Kind::StepLine,
        Kind::TableRow,
        Kind::DocStringSeparator,
        Kind::TagLine,
        Kind::ExamplesLine,
        Kind::ScenarioLine,
        Kind::RuleLine,
    ];
    let mut words: Vec<String> = order
        .iter()
        .filter(|k| expected.contains(k))
        .map(|k| match k {
            Kind::StepLine => format!("a step ({steps})"),
            Kind::TableRow => "a table row (`| a | b |`)".to_owned(),
            Kind::DocStringSeparator => "a doc string (`\"\"\"`)".to_owned(),
            Kind::TagLine => "a tag (`@name`)".to_owned(),
            Kind::FeatureLine => format!("`{}:`", first(&d.feature)),
            Kind::BackgroundLine => format!("`{}:`", first(&d.background)),
            Kind::ExamplesLine => format!("`{}:`", first(&d.examples)),
            Kind::ScenarioLine => format!("`{}:`", scenario(d)),
            _ => format!("`{}:`", first(&d.rule)),
        })
        .collect();
    if expected.contains(&Kind::Eof) {
        words.push("the end of the file".to_owned());
    }
    match words.split_last() {
        None => "nothing more".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gherkin::parse::feature;

    fn rendered(source: &str) -> String {
        let file: Arc<Path> = Path::new("f.feature").into();
        let errors = feature(source).expect_err("does not parse");
        diagnose(&errors, &file, source)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_misspelt_keyword_gets_a_suggestion() {
        let out = rendered("Feature: F\n  Scenario: S\n    Given x\n  Scenaro: T\n");
        assert!(
            out.starts_with("error: unknown keyword `Scenaro:`\n --> f.feature:4:3\n"),
            "{out}"
        );
        assert!(out.contains("did you mean `Scenario:`?"), "{out}");
    }

    #[test]
    fn a_misspelt_step_keyword_gets_a_suggestion() {
        let out = rendered("Feature: F\n  Scenario: S\n    Given x\n    Thn y\n");
        assert!(out.contains("unknown step keyword `Thn`"), "{out}");
        assert!(out.contains("did you mean `Then`?"), "{out}");
    }

    #[test]
    fn an_unknown_language_suggests_close_codes_and_names() {
        let out = rendered("# language: french\nFeature: F\n");
        assert!(out.contains("unknown language `french`"), "{out}");
        assert!(out.contains("`# language: fr`"), "{out}");
    }

    #[test]
    fn a_tag_with_a_space_suggests_underscores() {
        let out = rendered("Feature: F\n  Scenario: S\n    Given x\n  @a tag\n  Scenario: T\n");
        assert!(out.contains("did you mean `@a_tag`?"), "{out}");
    }

    #[test]
    fn an_unclosed_doc_string_names_where_it_opened() {
        let out = rendered("Feature: F\n  Scenario: S\n    Given x\n      ```\n      text\n");
        assert!(out.contains("a doc string is not closed"), "{out}");
        assert!(out.contains("line 4, column 7"), "{out}");
    }
}
