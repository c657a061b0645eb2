//! Builds the `gherkin` crate's model (`gherkin::Feature` and what it holds)
//! from the parser's events, so the loader reads what the crate's own parser
//! produced, with positions and text as Cucumber's official parsers give them.
//!
//! Where the crate's model has no room for something (a doc string's media type
//! and delimiter, tag and cell positions) it is left out; the events carry it.
//! Tags are named without their `@`; `And`/`But` (and `*`) steps take the kind
//! of the step before them in their scenario or background (`Given` if first).

use gherkin::{Background, Examples, Feature, LineCol, Rule, Scenario, Span, Step, StepType};

use super::dialect::KeywordType;
use super::event::{self, Header, Sink};

/// A [`Sink`] that builds a `gherkin::Feature`.
#[derive(Default)]
pub struct Model {
    feature: Option<Feature>,
    /// Whether a background's steps (not a scenario's) are being read.
    in_background: bool,
    /// The kind of the step before, for `And` and `But`.
    last: Option<StepType>,
    /// How many steps the scenario before had: room made for as many.
    steps_before: usize,
}

impl Model {
    /// The feature, if the file had one (a file may hold only comments).
    pub fn finish(self) -> Option<Feature> {
        self.feature
    }
}

/// The feature of a file that has none (empty, or only comments): no name, no
/// scenarios.
pub fn empty() -> Feature {
    Feature {
        keyword: String::new(),
        name: String::new(),
        description: None,
        background: None,
        scenarios: Vec::new(),
        rules: Vec::new(),
        tags: Vec::new(),
        span: Span::default(),
        position: LineCol::default(),
        path: None,
    }
}

fn description(header: &Header<'_>) -> Option<String> {
    (!header.description.is_empty()).then(|| header.description.join("\n"))
}

fn tags(header: &Header<'_>) -> Vec<String> {
    header.tags.iter().map(|t| t.name.to_owned()).collect()
}

fn position(line: usize, col: usize) -> LineCol {
    LineCol { line, col }
}

fn span(header: &Header<'_>) -> Span {
    Span {
        start: header.start,
        end: header.end,
    }
}

fn table(table: event::Table) -> gherkin::Table {
    let (position, start) = table.rows.first().map_or((LineCol::default(), 0), |r| {
        (position(r.line, r.column), r.start)
    });
    let end = table.rows.last().map_or(start, |r| r.end);
    gherkin::Table {
        rows: table
            .rows
            .into_iter()
            .map(|r| r.cells.into_iter().map(|c| c.value).collect())
            .collect(),
        span: Span { start, end },
        position,
    }
}

impl Model {
    /// The rule being read, if any.
    fn rule(&mut self) -> Option<&mut Rule> {
        self.feature.as_mut().and_then(|f| f.rules.last_mut())
    }

    fn scenarios(&mut self) -> Option<&mut Vec<Scenario>> {
        if self.rule().is_some() {
            return self.rule().map(|r| &mut r.scenarios);
        }
        self.feature.as_mut().map(|f| &mut f.scenarios)
    }

    fn background_slot(&mut self) -> Option<&mut Option<Background>> {
        if self.rule().is_some() {
            return self.rule().map(|r| &mut r.background);
        }
        self.feature.as_mut().map(|f| &mut f.background)
    }

    /// Widens the spans of the feature and rule to reach `end`.
    fn reach(&mut self, end: usize) {
        if let Some(f) = &mut self.feature {
            f.span.end = f.span.end.max(end);
        }
        if let Some(r) = self.rule() {
            r.span.end = r.span.end.max(end);
        }
    }
}

impl<'a> Sink<'a> for Model {
    fn feature(&mut self, header: Header<'a>, _language: &'static str) {
        self.feature = Some(Feature {
            keyword: header.keyword.to_owned(),
            name: header.name.to_owned(),
            description: description(&header),
            background: None,
            scenarios: Vec::new(),
            rules: Vec::new(),
            tags: tags(&header),
            span: span(&header),
            position: position(header.line, header.column),
            path: None,
        });
    }

    fn rule(&mut self, header: Header<'a>) {
        self.reach(header.end);
        if let Some(f) = &mut self.feature {
            f.rules.push(Rule {
                keyword: header.keyword.to_owned(),
                name: header.name.to_owned(),
                description: description(&header),
                background: None,
                scenarios: Vec::new(),
                tags: tags(&header),
                span: span(&header),
                position: position(header.line, header.column),
            });
        }
    }

    fn background(&mut self, header: Header<'a>) {
        self.reach(header.end);
        self.in_background = true;
        self.last = None;
        if let Some(slot) = self.background_slot() {
            *slot = Some(Background {
                keyword: header.keyword.to_owned(),
                name: header.name.to_owned(),
                description: description(&header),
                steps: Vec::new(),
                span: span(&header),
                position: position(header.line, header.column),
            });
        }
    }

    fn scenario(&mut self, header: Header<'a>) {
        self.reach(header.end);
        self.in_background = false;
        self.last = None;
        let room = self.steps_before;
        if let Some(scenarios) = self.scenarios() {
            scenarios.push(Scenario {
                keyword: header.keyword.to_owned(),
                name: header.name.to_owned(),
                description: description(&header),
                steps: Vec::with_capacity(room),
                examples: Vec::new(),
                tags: tags(&header),
                span: span(&header),
                position: position(header.line, header.column),
            });
        }
    }

    fn step(&mut self, step: event::Step<'a>) {
        self.reach(step.end);
        let ty = match step.keyword_type {
            KeywordType::Context => StepType::Given,
            KeywordType::Action => StepType::When,
            KeywordType::Outcome => StepType::Then,
            KeywordType::Conjunction | KeywordType::Unknown => self.last.unwrap_or(StepType::Given),
        };
        self.last = Some(ty);
        let built = Step {
            keyword: step.keyword.to_owned(),
            ty,
            value: step.text.to_owned(),
            docstring: step.doc_string.map(|d| d.content),
            table: step.data_table.map(table),
            span: Span {
                start: step.start,
                end: step.end,
            },
            position: position(step.line, step.column),
        };
        if self.in_background {
            if let Some(Some(background)) = self.background_slot() {
                background.span.end = background.span.end.max(built.span.end);
                background.steps.push(built);
            }
        } else if let Some(scenario) = self.scenarios().and_then(|s| s.last_mut()) {
            scenario.span.end = scenario.span.end.max(built.span.end);
            scenario.steps.push(built);
            let count = scenario.steps.len();
            self.steps_before = count;
        }
    }

    fn examples(&mut self, header: Header<'a>, rows: Option<event::Table>) {
        self.reach(header.end);
        let examples = Examples {
            keyword: header.keyword.to_owned(),
            name: (!header.name.is_empty()).then(|| header.name.to_owned()),
            description: description(&header),
            table: rows.map(table),
            tags: tags(&header),
            span: span(&header),
            position: position(header.line, header.column),
        };
        if let Some(scenario) = self.scenarios().and_then(|s| s.last_mut()) {
            scenario.span.end = scenario.span.end.max(examples.span.end);
            scenario.examples.push(examples);
        }
    }
}
