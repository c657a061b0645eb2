//! Parse errors: what is wrong and where, with the line, column and meaning that
//! Cucumber's official parsers report for the same file.
//!
//! `Display` renders an error as the official parsers word it, which is how the
//! conformance tests compare the two:
//!
//! ```text
//! (9:1): expected: #EOF, #TableRow, #DocStringSeparator, #StepLine, #TagLine, #ExamplesLine, #ScenarioLine, #RuleLine, #Comment, #Empty, got 'another invalid line here'
//! (5:0): unexpected end of file, expected: #DocStringSeparator, #Other
//! ```

use std::fmt;

use super::token::Kind;

/// One parse error. A file can have several: after an unexpected line the
/// parser goes on as if the line were not there, as the official parsers do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column; 0 at the end of the file, which has no column.
    pub col: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A line that the grammar does not allow where it is.
    UnexpectedLine {
        /// The line's text, trimmed.
        text: String,
        /// The kinds of line allowed there, in the grammar's order.
        expected: Vec<Kind>,
    },
    /// The file ends where the grammar needs more.
    UnexpectedEof {
        /// The kinds of line that could have come.
        expected: Vec<Kind>,
        /// The doc string left open: line, column and delimiter.
        open_doc_string: Option<(usize, usize, &'static str)>,
    },
    /// A table row with more or fewer cells than the table's first row.
    InconsistentCellCount {
        /// The number of cells of the first row.
        expected: usize,
        /// The number of cells of this row.
        found: usize,
        /// The line of the first row.
        first_row: usize,
    },
    /// `# language: xx` names a language that Gherkin does not know.
    UnknownLanguage(String),
    /// A tag with whitespace inside (`@a tag`).
    WhitespaceInTag,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}:{}): ", self.line, self.col)?;
        let names = |kinds: &[Kind]| {
            kinds
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &self.kind {
            ErrorKind::UnexpectedLine { text, expected } => {
                write!(f, "expected: {}, got '{text}'", names(expected))
            }
            ErrorKind::UnexpectedEof { expected, .. } => {
                write!(f, "unexpected end of file, expected: {}", names(expected))
            }
            ErrorKind::InconsistentCellCount { .. } => {
                f.write_str("inconsistent cell count within the table")
            }
            ErrorKind::UnknownLanguage(code) => write!(f, "Language not supported: {code}"),
            ErrorKind::WhitespaceInTag => f.write_str("A tag may not contain whitespace"),
        }
    }
}

impl std::error::Error for ParseError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_the_official_parsers_word_them() {
        let e = ParseError {
            line: 2,
            col: 1,
            kind: ErrorKind::UnexpectedLine {
                text: "invalid line here".into(),
                expected: vec![Kind::Eof, Kind::Language, Kind::TagLine],
            },
        };
        assert_eq!(
            e.to_string(),
            "(2:1): expected: #EOF, #Language, #TagLine, got 'invalid line here'"
        );
        let e = ParseError {
            line: 5,
            col: 0,
            kind: ErrorKind::UnexpectedEof {
                expected: vec![Kind::DocStringSeparator, Kind::Other],
                open_doc_string: Some((4, 5, "```")),
            },
        };
        assert_eq!(
            e.to_string(),
            "(5:0): unexpected end of file, expected: #DocStringSeparator, #Other"
        );
    }
}
