//! Diagnostics for bad user input: a title, the place, the offending line, what was
//! expected and the nearest valid alternatives.
//!
//! Every input error (a feature file, a stub file, a config file) renders the same way:
//!
//! ```text
//! error: undefined step
//!   --> features/demo.feature:5:5
//!    |
//!  5 |     Given adress "http://localhost"
//!    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//!    = expected: a sentence from the step catalogue (see `apitest steps`)
//!    = help: did you mean `address "{address}"`?
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A position in a user's file: 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub file: Arc<Path>,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column number.
    pub col: usize,
}

impl Location {
    /// A location in `file` at `line:col`.
    pub fn new(file: impl Into<Arc<Path>>, line: usize, col: usize) -> Self {
        Self {
            file: file.into(),
            line,
            col,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.col)
    }
}

/// One user-facing error about input, rendered like a compiler message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The short title after `error: `.
    pub title: String,
    /// Where the problem is, when it has a place.
    pub location: Option<Location>,
    /// The text of the offending line (without its newline).
    pub source_line: Option<String>,
    /// How many characters to underline from the column (at least one).
    pub underline: usize,
    /// `= expected: ...`, `= note: ...` lines, in order.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A diagnostic with a title and nothing else yet.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            location: None,
            source_line: None,
            underline: 1,
            notes: Vec::new(),
        }
    }

    /// Points the diagnostic at `location`, quoting that line of `source` and
    /// underlining the rest of the line from the column.
    pub fn at(mut self, location: Location, source: &str) -> Self {
        let line = source
            .lines()
            .nth(location.line.saturating_sub(1))
            .map(str::to_owned);
        if let Some(text) = &line {
            let rest = text
                .chars()
                .skip(location.col.saturating_sub(1))
                .collect::<String>();
            self.underline = rest.trim_end().chars().count().max(1);
        }
        self.source_line = line;
        self.location = Some(location);
        self
    }

    /// Points at a location whose source text is not at hand.
    pub fn at_location(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    /// Sets how many characters to underline.
    pub fn underline(mut self, len: usize) -> Self {
        self.underline = len.max(1);
        self
    }

    /// Adds `= expected: {text}`.
    pub fn expected(mut self, text: impl fmt::Display) -> Self {
        self.notes.push(format!("expected: {text}"));
        self
    }

    /// Adds `= note: {text}`.
    pub fn note(mut self, text: impl fmt::Display) -> Self {
        self.notes.push(format!("note: {text}"));
        self
    }

    /// Adds `= help: {text}`.
    pub fn help(mut self, text: impl fmt::Display) -> Self {
        self.notes.push(format!("help: {text}"));
        self
    }

    /// Adds `= help: did you mean ...?` when there are suggestions; each is
    /// wrapped in backticks.
    pub fn did_you_mean<S: AsRef<str>>(self, suggestions: &[S]) -> Self {
        match suggestions {
            [] => self,
            [one] => self.help(format!("did you mean `{}`?", one.as_ref())),
            many => {
                let list = many
                    .iter()
                    .map(|s| format!("\n           `{}`", s.as_ref()))
                    .collect::<String>();
                self.help(format!("did you mean one of:{list}"))
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.title)?;
        let gutter = self
            .location
            .as_ref()
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(location) = &self.location {
            writeln!(f, "{pad}--> {location}")?;
            if let Some(line) = &self.source_line {
                writeln!(f, "{pad} |")?;
                writeln!(f, "{} | {}", location.line, line.trim_end())?;
                let lead = " ".repeat(location.col.saturating_sub(1));
                writeln!(f, "{pad} | {lead}{}", "^".repeat(self.underline))?;
            }
        }
        for note in &self.notes {
            writeln!(f, "{pad} = {note}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Up to `max` candidates closest to `word`, best first, among those close enough
/// to be a plausible typo (normalised Levenshtein similarity of at least 0.6, or
/// the candidate contains the word or vice versa).
pub fn closest<'a, I>(word: &str, candidates: I, max: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let cl = c.to_lowercase();
            let score = strsim::normalized_levenshtein(&lower, &cl);
            let contains = !lower.is_empty() && (cl.contains(&lower) || lower.contains(&cl));
            // `bodyJson` for `jsonBody`: the same words in another order.
            let score = if word_set(word) == word_set(c) {
                1.0
            } else {
                score
            };
            (score >= 0.6 || contains).then_some((score, c))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// The lower-cased words of a camelCase, snake_case or spaced name, sorted.
fn word_set(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for ch in name.chars() {
        if ch == '_' || ch == '-' || ch == ' ' {
            words.push(std::mem::take(&mut current));
        } else {
            if ch.is_uppercase() && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.extend(ch.to_lowercase());
        }
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    words.sort();
    words
}

/// A path shown relative to the current directory when it is below it.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_title_location_line_underline_and_help() {
        let source = "Feature: x\n  Scenario: y\n    Given adress \"a\"\n";
        let d = Diagnostic::new("undefined step")
            .at(Location::new(Path::new("f.feature"), 3, 5), source)
            .expected("a step")
            .did_you_mean(&["address \"{address}\""]);
        assert_eq!(
            d.to_string(),
            "error: undefined step\n --> f.feature:3:5\n  |\n3 |     Given adress \"a\"\n  |     ^^^^^^^^^^^^^^^^\n  = expected: a step\n  = help: did you mean `address \"{address}\"`?\n"
        );
    }

    #[test]
    fn closest_finds_typos_and_ignores_unrelated_words() {
        let c = closest("bodyJson", ["jsonBody", "body", "status", "headers"], 3);
        assert_eq!(c, vec!["jsonBody", "body"]);
        let c = closest("staus", ["jsonBody", "body", "status", "headers"], 3);
        assert_eq!(c, vec!["status"]);
    }
}
