//! The parser: reads a file line by line, decides each line's kind from the
//! kinds its [`State`] allows, and reports complete elements to a [`Sink`].
//!
//! It follows Cucumber's official parsers (a line scanner and a state machine
//! generated from `gherkin.berp`): the same grammar, the same one-line lookahead
//! past tags (do they tag examples, a scenario or a rule?), and the same
//! recovery: a line that is not allowed is an error and is skipped, so one run
//! reports every error of a file, up to 11. Each line is read once (lookahead
//! reads ahead over tags, blank lines and comments only), so time is linear.

use std::mem;

use super::dialect::{self, Dialect};
use super::error::{ErrorKind, ParseError};
use super::event::{DocString, Header, Row, Sink, Step, Table, Tag};
use super::line::{self, Line, Lines};
use super::state::{Owner, State};
use super::token::{self, Kind, Matcher};

/// After this many errors the parser stops, as the official parsers do.
const MAX_ERRORS: usize = 10;

/// A file's parse errors, and the language it was read in (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseErrors {
    /// The errors, in the order found.
    pub errors: Vec<ParseError>,
    /// The file's language.
    pub dialect: &'static Dialect,
}

/// Parses `source`, reporting its elements to `sink` as they complete. On
/// errors the sink has seen part of the file: discard what it built.
pub fn parse<'a, S: Sink<'a>>(source: &'a str, sink: &mut S) -> Result<(), ParseErrors> {
    let mut parser = Parser {
        lines: line::lines(source),
        matcher: Matcher {
            dialect: Dialect::english(),
            open_doc_string: None,
        },
        state: State::Start,
        errors: Vec::new(),
        sink,
        tags: Vec::new(),
        open: Open::Nothing,
        rows: Vec::new(),
        doc: None,
    };
    parser.run();
    if parser.errors.is_empty() {
        Ok(())
    } else {
        Err(ParseErrors {
            errors: parser.errors,
            dialect: parser.matcher.dialect,
        })
    }
}

/// The element being read, reported when the next one starts.
enum Open<'a> {
    Nothing,
    Header(Of, Header<'a>),
    Step(Step<'a>),
}

/// What a header heads.
#[derive(Clone, Copy)]
enum Of {
    Feature,
    Rule,
    Background,
    Scenario,
    Examples,
}

/// A doc string being read.
struct DocDraft<'a> {
    delimiter: &'static str,
    media_type: &'a str,
    line: usize,
    column: usize,
    indent: usize,
    content: String,
    lines: usize,
}

struct Parser<'a, 'k, S> {
    /// The lines after the one being read (where lookahead starts).
    lines: Lines<'a>,
    matcher: Matcher,
    state: State,
    errors: Vec<ParseError>,
    sink: &'k mut S,
    /// Tags read, waiting for what they tag.
    tags: Vec<Tag<'a>>,
    open: Open<'a>,
    /// The rows of the table being read (a step's or an examples block's).
    rows: Vec<Row>,
    doc: Option<DocDraft<'a>>,
}

impl<'a, S: Sink<'a>> Parser<'a, '_, S> {
    fn run(&mut self) {
        while self.state != State::End && self.errors.len() <= MAX_ERRORS {
            let line = self.lines.next();
            let end = line.is_none();
            self.feed(line);
            if end {
                break;
            }
        }
    }

    /// Reads one line (`None`: the end of the file).
    fn feed(&mut self, line: Option<Line<'a>>) {
        for &kind in self.state.expected() {
            let matched = match &line {
                None => kind == Kind::Eof,
                Some(l) => self.matches(kind, l),
            };
            if matched {
                self.apply(kind, line);
                return;
            }
        }
        let expected = self.state.expected().to_vec();
        match line {
            None => {
                let open_doc_string = self.doc.as_ref().map(|d| (d.line, d.column, d.delimiter));
                self.error(
                    self.lines.count_read() + 1,
                    0,
                    ErrorKind::UnexpectedEof {
                        expected,
                        open_doc_string,
                    },
                );
            }
            Some(l) => {
                let text = line::trim_end(l.trimmed).to_owned();
                self.error(
                    l.number,
                    l.column(),
                    ErrorKind::UnexpectedLine { text, expected },
                );
            }
        }
    }

    /// Whether a line is of a kind; a tag line with a blank inside a tag and an
    /// unknown language are errors, and then not of the kind.
    fn matches(&mut self, kind: Kind, l: &Line<'a>) -> bool {
        match kind {
            Kind::TagLine if l.trimmed.starts_with('@') => match line::tags(l) {
                Ok(_) => true,
                Err(col) => {
                    self.error(l.number, col, ErrorKind::WhitespaceInTag);
                    false
                }
            },
            Kind::Language => match token::language(l) {
                Some(code) if Dialect::get(code).is_none() => {
                    let kind = ErrorKind::UnknownLanguage(code.to_owned());
                    self.error(l.number, l.column(), kind);
                    false
                }
                found => found.is_some(),
            },
            _ => self.matcher.is(kind, l),
        }
    }

    fn error(&mut self, line: usize, col: usize, kind: ErrorKind) {
        let error = ParseError { line, col, kind };
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    /// Moves on after a line of `kind` (`line` is `None` only for `Eof`).
    fn apply(&mut self, kind: Kind, line: Option<Line<'a>>) {
        let Some(l) = line else {
            self.flush();
            self.state = State::End;
            return;
        };
        let state = self.state;
        match kind {
            Kind::Eof | Kind::Empty => {}
            Kind::Comment => {
                if let Some(description) = state.description() {
                    self.state = description;
                }
            }
            Kind::Language => {
                if let Some(d) = token::language(&l).and_then(Dialect::get) {
                    self.matcher.dialect = d;
                }
                self.state = State::Language;
            }
            Kind::Other => self.other(&l),
            Kind::TagLine => self.tag_line(&l),
            Kind::FeatureLine => {
                let d = self.matcher.dialect;
                self.open_header(Of::Feature, self.matcher.title(&d.feature, &l), &l);
                self.state = State::Header;
            }
            Kind::RuleLine => {
                self.flush();
                let d = self.matcher.dialect;
                self.open_header(Of::Rule, self.matcher.title(&d.rule, &l), &l);
                self.state = State::Header;
            }
            Kind::BackgroundLine => {
                self.flush();
                let d = self.matcher.dialect;
                let keyword = self.matcher.title(&d.background, &l);
                self.open_header(Of::Background, keyword, &l);
                self.state = State::Background;
            }
            Kind::ScenarioLine => {
                self.flush();
                self.open_header(Of::Scenario, self.matcher.scenario(&l), &l);
                self.state = State::Scenario;
            }
            Kind::ExamplesLine => {
                self.flush();
                let d = self.matcher.dialect;
                let keyword = self.matcher.title(&d.examples, &l);
                self.open_header(Of::Examples, keyword, &l);
                self.state = State::Examples;
            }
            Kind::StepLine => self.step_line(&l),
            Kind::TableRow => self.table_row(&l),
            Kind::DocStringSeparator => self.delimiter(&l),
        }
    }

    /// Description text, or a doc string's content.
    fn other(&mut self, l: &Line<'a>) {
        if let Some(doc) = &mut self.doc {
            let text = l.dedented(doc.indent);
            if doc.lines > 0 {
                doc.content.push('\n');
            }
            doc.lines += 1;
            let escaped = if doc.delimiter == "```" {
                "\\`\\`\\`"
            } else {
                "\\\"\\\"\\\""
            };
            if text.contains(escaped) {
                doc.content.push_str(&text.replace(escaped, doc.delimiter));
            } else {
                doc.content.push_str(text);
            }
            return;
        }
        if let Open::Header(_, header) = &mut self.open {
            header.description.push(l.text);
            if !l.is_empty() {
                header.end = l.end();
            }
        }
        if let Some(description) = self.state.description() {
            self.state = description;
        }
    }

    fn tag_line(&mut self, l: &Line<'a>) {
        let state = self.state;
        let tagging = matches!(
            state,
            State::FeatureTags | State::RuleTags | State::ScenarioTags | State::ExamplesTags
        );
        if !tagging && !matches!(state, State::Start | State::Language) {
            self.flush();
        }
        let tags = line::tags(l).unwrap_or_default();
        self.tags.extend(tags.into_iter().map(|t| Tag {
            line: l.number,
            column: t.column,
            name: t.name,
        }));
        self.state = match state {
            State::Start | State::Language => State::FeatureTags,
            s if tagging => s,
            s if s.expected().contains(&Kind::ExamplesLine)
                && self.lookahead(Kind::ExamplesLine) =>
            {
                State::ExamplesTags
            }
            _ if self.lookahead(Kind::ScenarioLine) => State::ScenarioTags,
            _ => State::RuleTags,
        };
    }

    /// Whether a line of `want` comes next, past tags, blank lines and comments.
    fn lookahead(&self, want: Kind) -> bool {
        for l in self.lines.clone() {
            if self.matcher.is(want, &l) {
                return true;
            }
            let t = l.trimmed;
            let skipped = t.is_empty()
                || t.starts_with('#')
                || (t.starts_with('@') && line::tags(&l).is_ok());
            if !skipped {
                return false;
            }
        }
        false
    }

    fn open_header(&mut self, of: Of, keyword: Option<&'static str>, l: &Line<'a>) {
        let keyword = keyword.unwrap_or_default();
        let tags = match of {
            Of::Background => Vec::new(),
            _ => mem::take(&mut self.tags),
        };
        let header = Header {
            keyword,
            name: l.rest(keyword.len() + 1),
            description: Vec::new(),
            tags,
            line: l.number,
            column: l.column(),
            start: l.start(),
            end: l.end(),
        };
        self.open = Open::Header(of, header);
    }

    fn step_line(&mut self, l: &Line<'a>) {
        let owner = self.state.owner().unwrap_or(Owner::Scenario);
        self.flush();
        let (keyword, keyword_type) = self
            .matcher
            .step(l)
            .unwrap_or(("", dialect::KeywordType::Unknown));
        self.open = Open::Step(Step {
            keyword,
            keyword_type,
            text: l.rest(keyword.len()),
            line: l.number,
            column: l.column(),
            start: l.start(),
            end: l.end(),
            doc_string: None,
            data_table: None,
        });
        self.state = State::Step(owner);
    }

    fn table_row(&mut self, l: &Line<'a>) {
        self.rows.push(Row {
            line: l.number,
            column: l.column(),
            start: l.start(),
            end: l.end(),
            cells: line::cells(l),
        });
        match &mut self.open {
            Open::Step(step) => step.end = l.end(),
            Open::Header(_, header) => header.end = l.end(),
            Open::Nothing => {}
        }
        self.state = match self.state {
            State::Step(o) | State::Table(o, false) => State::Table(o, false),
            State::Table(o, true) | State::DocStringEnd(o, false) => State::Table(o, true),
            _ => State::ExamplesTable,
        };
    }

    fn delimiter(&mut self, l: &Line<'a>) {
        match self.state {
            State::DocString(o, after_table) => {
                self.matcher.open_doc_string = None;
                if let (Some(doc), Open::Step(step)) = (self.doc.take(), &mut self.open) {
                    step.doc_string = Some(DocString {
                        delimiter: doc.delimiter,
                        media_type: doc.media_type,
                        content: doc.content,
                        line: doc.line,
                        column: doc.column,
                    });
                    step.end = l.end();
                }
                self.state = State::DocStringEnd(o, after_table);
            }
            state => {
                let after_table = matches!(state, State::Table(..));
                if after_table {
                    let table = self.close_table();
                    if let Open::Step(step) = &mut self.open {
                        step.data_table = table;
                    }
                }
                let delimiter = self.matcher.delimiter(l).unwrap_or(token::DELIMITERS[0]);
                self.matcher.open_doc_string = Some(delimiter);
                self.doc = Some(DocDraft {
                    delimiter,
                    media_type: l.rest(delimiter.len()),
                    line: l.number,
                    column: l.column(),
                    indent: l.indent,
                    content: String::new(),
                    lines: 0,
                });
                let owner = state.owner().unwrap_or(Owner::Scenario);
                self.state = State::DocString(owner, after_table);
            }
        }
    }

    /// The table being read, once every row is checked to have as many cells as the first.
    fn close_table(&mut self) -> Option<Table> {
        if self.rows.is_empty() {
            return None;
        }
        let rows = mem::take(&mut self.rows);
        let width = rows[0].cells.len();
        if let Some(bad) = rows.iter().find(|r| r.cells.len() != width) {
            let kind = ErrorKind::InconsistentCellCount {
                expected: width,
                found: bad.cells.len(),
                first_row: rows[0].line,
            };
            self.error(bad.line, bad.column, kind);
        }
        Some(Table { rows })
    }

    /// Reports the element being read: it is complete.
    fn flush(&mut self) {
        match mem::replace(&mut self.open, Open::Nothing) {
            Open::Nothing => {}
            Open::Step(mut step) => {
                if !self.rows.is_empty() {
                    step.data_table = self.close_table();
                }
                self.sink.step(step);
            }
            Open::Header(of, mut header) => {
                while header
                    .description
                    .last()
                    .is_some_and(|d| d.trim_matches(line::is_space).is_empty())
                {
                    header.description.pop();
                }
                match of {
                    Of::Feature => {
                        let code: &'static str = &self.matcher.dialect.code;
                        self.sink.feature(header, code);
                    }
                    Of::Rule => self.sink.rule(header),
                    Of::Background => self.sink.background(header),
                    Of::Scenario => self.sink.scenario(header),
                    Of::Examples => {
                        let table = self.close_table();
                        self.sink.examples(header, table);
                    }
                }
            }
        }
    }
}
