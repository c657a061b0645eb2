//! Where the parser is in Cucumber's Gherkin grammar, and which kinds of line
//! may come next, in the order the grammar tries them.
//!
//! ```text
//! GherkinDocument := Feature?
//! Feature         := FeatureHeader Background? ScenarioDefinition* Rule*
//! FeatureHeader   := #Language? Tags? #FeatureLine DescriptionHelper
//! Rule            := RuleHeader Background? ScenarioDefinition*
//! Background      := #BackgroundLine DescriptionHelper Step*
//! Scenario        := Tags? #ScenarioLine DescriptionHelper Step* ExamplesDefinition*
//! Examples        := Tags? #ExamplesLine DescriptionHelper (#TableRow #TableRow*)?
//! Step            := #StepLine (DataTable DocString? | DocString DataTable?)?
//! ```
//!
//! A rule's states are the feature's: the same lines may follow, and the model
//! knows that a scenario after a `Rule:` line is the rule's.

use super::token::Kind::{self, *};

/// Whose steps are being read: examples may follow a scenario's, not a background's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The steps of a background.
    Background,
    /// The steps of a scenario.
    Scenario,
}

/// A place in the grammar, after the line just read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Before the feature: blank lines and comments.
    Start,
    /// After `# language:`.
    Language,
    /// After the feature's tags.
    FeatureTags,
    /// After a `Feature:` or `Rule:` line (and blank lines).
    Header,
    /// In the feature's or rule's description.
    HeaderDescription,
    /// After tags that belong to a rule.
    RuleTags,
    /// After a `Background:` line.
    Background,
    /// In a background's description.
    BackgroundDescription,
    /// After tags that belong to a scenario.
    ScenarioTags,
    /// After a `Scenario:` line.
    Scenario,
    /// In a scenario's description.
    ScenarioDescription,
    /// After a step line.
    Step(Owner),
    /// In a step's data table; `true` when it follows the step's doc string.
    Table(Owner, bool),
    /// In a step's doc string; `true` when it follows the step's data table.
    DocString(Owner, bool),
    /// After a step's doc string; `true` when it followed the step's data table.
    DocStringEnd(Owner, bool),
    /// After tags that belong to an examples block.
    ExamplesTags,
    /// After an `Examples:` line.
    Examples,
    /// In an examples block's description.
    ExamplesDescription,
    /// In an examples table.
    ExamplesTable,
    /// After the end of the file.
    End,
}

impl State {
    /// The kinds of line that may come next, in the order they are tried.
    pub fn expected(self) -> &'static [Kind] {
        use Owner::{Background as B, Scenario as S};
        match self {
            State::Start => &[Eof, Language, TagLine, FeatureLine, Comment, Empty],
            State::Language | State::FeatureTags => &[TagLine, FeatureLine, Comment, Empty],
            State::Header => &[
                Eof,
                Empty,
                Comment,
                BackgroundLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::HeaderDescription => &[
                Eof,
                Comment,
                BackgroundLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::RuleTags => &[TagLine, RuleLine, Comment, Empty],
            State::Background => &[
                Eof,
                Empty,
                Comment,
                StepLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::BackgroundDescription => &[
                Eof,
                Comment,
                StepLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::ScenarioTags => &[TagLine, ScenarioLine, Comment, Empty],
            State::Scenario => &[
                Eof,
                Empty,
                Comment,
                StepLine,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::ScenarioDescription => &[
                Eof,
                Comment,
                StepLine,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::Step(B) | State::Table(B, false) => &[
                Eof,
                TableRow,
                DocStringSeparator,
                StepLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::Step(S) | State::Table(S, false) => &[
                Eof,
                TableRow,
                DocStringSeparator,
                StepLine,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::Table(B, true) | State::DocStringEnd(B, false) => &[
                Eof,
                TableRow,
                StepLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::Table(S, true) | State::DocStringEnd(S, false) => &[
                Eof,
                TableRow,
                StepLine,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::DocStringEnd(B, true) => &[
                Eof,
                StepLine,
                TagLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::DocStringEnd(S, true) => &[
                Eof,
                StepLine,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::DocString(..) => &[DocStringSeparator, Other],
            State::ExamplesTags => &[TagLine, ExamplesLine, Comment, Empty],
            State::Examples => &[
                Eof,
                Empty,
                Comment,
                TableRow,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::ExamplesDescription => &[
                Eof,
                Comment,
                TableRow,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Other,
            ],
            State::ExamplesTable => &[
                Eof,
                TableRow,
                TagLine,
                ExamplesLine,
                ScenarioLine,
                RuleLine,
                Comment,
                Empty,
            ],
            State::End => &[],
        }
    }

    /// The description state of a state that starts one, if it does.
    pub fn description(self) -> Option<State> {
        match self {
            State::Header | State::HeaderDescription => Some(State::HeaderDescription),
            State::Background | State::BackgroundDescription => Some(State::BackgroundDescription),
            State::Scenario | State::ScenarioDescription => Some(State::ScenarioDescription),
            State::Examples | State::ExamplesDescription => Some(State::ExamplesDescription),
            _ => None,
        }
    }

    /// Whose steps a state is among, if it is among steps.
    pub fn owner(self) -> Option<Owner> {
        match self {
            State::Background | State::BackgroundDescription => Some(Owner::Background),
            State::Scenario | State::ScenarioDescription => Some(Owner::Scenario),
            State::Step(o) | State::Table(o, _) | State::DocString(o, _) => Some(o),
            State::DocStringEnd(o, _) => Some(o),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_may_follow_a_scenario_s_steps_but_not_a_background_s() {
        assert!(
            State::Step(Owner::Scenario)
                .expected()
                .contains(&ExamplesLine)
        );
        assert!(
            !State::Step(Owner::Background)
                .expected()
                .contains(&ExamplesLine)
        );
    }

    #[test]
    fn a_step_takes_one_doc_string_and_one_table_in_either_order() {
        let s = Owner::Scenario;
        assert!(
            State::Table(s, false)
                .expected()
                .contains(&DocStringSeparator)
        );
        assert!(
            !State::Table(s, true)
                .expected()
                .contains(&DocStringSeparator)
        );
        assert!(State::DocStringEnd(s, false).expected().contains(&TableRow));
        assert!(!State::DocStringEnd(s, true).expected().contains(&TableRow));
    }

    #[test]
    fn only_a_description_takes_any_line() {
        for state in [
            State::Header,
            State::Background,
            State::Scenario,
            State::Examples,
        ] {
            assert!(state.expected().contains(&Other));
            assert!(state.description().is_some());
        }
        assert!(!State::Step(Owner::Scenario).expected().contains(&Other));
    }
}
