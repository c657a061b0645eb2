//! What the parser reports as it reads a file, in the file's order: each
//! element once it is complete, borrowing text from the source where it can.
//!
//! ```text
//! @smoke                      ┐
//! Feature: Users              ├ feature(header)        (tags, name, description)
//!   Lists the users.          ┘
//!   Scenario: Listing         ─ scenario(header)
//!     Given address "x"       ─ step(step)
//!     Then status is "200"    ─ step(step)
//!   Rule: Admins              ─ rule(header)           (what follows is the rule's)
//! ```
//!
//! A [`Sink`] turns the events into a model: [`super::Model`] builds the
//! `gherkin` crate's `Feature`; the conformance tests build Cucumber's AST.

use super::dialect::KeywordType;
pub use super::line::Cell;

/// A tag, without its `@`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the `@`.
    pub column: usize,
    /// The name.
    pub name: &'a str,
}

/// The head of a feature, rule, background, scenario or examples block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The keyword, without its colon (`Scenario Outline`).
    pub keyword: &'static str,
    /// The text after the colon, trimmed.
    pub name: &'a str,
    /// The lines of free text under the keyword line, as written (comments and
    /// trailing blank lines left out).
    pub description: Vec<&'a str>,
    /// The tags on the lines above (none for a background).
    pub tags: Vec<Tag<'a>>,
    /// 1-based line of the keyword.
    pub line: usize,
    /// 1-based column of the keyword.
    pub column: usize,
    /// Byte offset of the keyword.
    pub start: usize,
    /// Byte offset of the end of the last line of the header or its description.
    pub end: usize,
}

/// A step with its argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step<'a> {
    /// The keyword, with its trailing space where the language has one (`Given `).
    pub keyword: &'static str,
    /// What kind of step the keyword starts.
    pub keyword_type: KeywordType,
    /// The text after the keyword, trimmed.
    pub text: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the keyword.
    pub column: usize,
    /// Byte offset of the keyword.
    pub start: usize,
    /// Byte offset of the end of the step's last line (its argument's, if any).
    pub end: usize,
    /// A doc string argument.
    pub doc_string: Option<DocString<'a>>,
    /// A data table argument.
    pub data_table: Option<Table>,
}

/// A doc string: the lines between two `"""` (or `` ``` ``) lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocString<'a> {
    /// `"""` or `` ``` ``.
    pub delimiter: &'static str,
    /// The text after the opening delimiter (`json`), empty if none.
    pub media_type: &'a str,
    /// The lines, less the opening delimiter's indentation, joined with `\n`;
    /// an escaped delimiter (`\"\"\"`) unescaped.
    pub content: String,
    /// 1-based line of the opening delimiter.
    pub line: usize,
    /// 1-based column of the opening delimiter.
    pub column: usize,
}

/// A data table or an examples table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The rows; every row has as many cells as the first.
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line.
    pub line: usize,
    /// 1-based column of its first `|`.
    pub column: usize,
    /// Byte offset of its first `|`.
    pub start: usize,
    /// Byte offset of the end of its line.
    pub end: usize,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// Receives a document's elements in order. A rule's header comes before its
/// background and scenarios; a scenario's header before its steps and examples.
pub trait Sink<'a> {
    /// The feature's header; `language` is the file's language code.
    fn feature(&mut self, header: Header<'a>, language: &'static str);
    /// A rule's header: the background and scenarios that follow are the rule's.
    fn rule(&mut self, header: Header<'a>);
    /// A background's header: the steps that follow are the background's.
    fn background(&mut self, header: Header<'a>);
    /// A scenario's (or outline's) header: the steps and examples that follow are its.
    fn scenario(&mut self, header: Header<'a>);
    /// A step of the background or scenario that came last.
    fn step(&mut self, step: Step<'a>);
    /// An examples block of the scenario that came last.
    fn examples(&mut self, header: Header<'a>, table: Option<Table>);
}
