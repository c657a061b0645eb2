//! The step registry: every sentence apitest understands, compiled once.
//!
//! Each [`StepDef`] is one catalogue entry. Its pattern is written the way users
//! read it, with each argument as `"{name}"`:
//!
//! ```text
//! path "{path}" is an integer "{value}"
//! [REST|HTTP] method "{method}"
//! ```
//!
//! `[a|b]` lists alternative wordings. Two old zato-apitest wordings are accepted
//! everywhere without being spelled out: a leading `path` also matches
//! `JSON Pointer`, and `is not` / `does not` also match `isn't` / `doesn't`.
//!
//! Matching is a [`regex::RegexSet`] pass over all patterns, then the one winning
//! pattern's captures. When several patterns match (`header "{h}" "{v}"` also
//! matches `header "X" is "y"`), the most specific one wins: the one with the most
//! literal characters. A tie is an ambiguity error.

mod backend;
mod context;
pub use context::sleep_seconds;
mod dates;
mod json;
mod json_files;
mod json_formats;
mod literal;
mod oauth;
mod request;
mod response;
mod setters;
mod variables;
mod xml;

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};

use crate::runner::StepError;
use crate::runner::scenario::Scenario;

pub use literal::parse_python_literal;

/// What a step does when it runs.
#[derive(Clone, Copy)]
pub enum Exec {
    /// A synchronous change to the scenario or a check of its response.
    Sync(fn(&mut Scenario, &Args) -> Result<(), StepError>),
    /// Sends the request (`When the URL is invoked`).
    Invoke,
    /// Waits for the number of seconds in the first argument.
    Sleep,
    /// Asks the OAuth2 token endpoint for a bearer token and stores it under
    /// the name in the first argument.
    OAuthToken,
}

/// A family of steps, used to group the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// Address, path, method, headers, auth.
    Request,
    /// Request bodies and values set inside them.
    Body,
    /// Sending the request.
    Invoke,
    /// Status and header checks.
    Response,
    /// Checks of values in a JSON response.
    Json,
    /// XML and SOAP: namespaces, XPath setters and checks.
    Xml,
    /// Variables, context and utilities.
    Context,
    /// Fake backends: per-scenario behaviour and verification.
    Backend,
}

impl Family {
    /// The family's heading in the catalogue.
    pub fn title(self) -> &'static str {
        match self {
            Family::Request => "Request setup",
            Family::Body => "Request body",
            Family::Invoke => "Invocation",
            Family::Response => "Status and headers",
            Family::Json => "JSON response",
            Family::Xml => "XML and SOAP",
            Family::Context => "Variables and context",
            Family::Backend => "Fake backends",
        }
    }
}

/// One sentence of the vocabulary.
pub struct StepDef {
    /// The sentence with `"{arg}"` placeholders and `[a|b]` alternatives.
    pub pattern: &'static str,
    /// Which catalogue section it belongs to.
    pub family: Family,
    /// One line on what it does.
    pub summary: &'static str,
    /// A full example line (keyword included) that must match this definition.
    pub example: &'static str,
    /// What running it does.
    pub exec: Exec,
    /// Whether it writes stored (`#name`) variables, which keeps a feature's
    /// scenarios in order.
    pub stores: bool,
}

/// The arguments of a matched step: captured strings, plus the step's doc
/// string and data table.
#[derive(Debug, Clone, Default)]
pub struct Args {
    /// The captured `"{...}"` arguments, raw (variables are resolved when the step runs).
    pub values: Vec<String>,
    /// A doc string attached to the step.
    pub docstring: Option<String>,
    /// A data table attached to the step, row by row.
    pub table: Option<Vec<Vec<String>>>,
}

impl Args {
    /// The `i`-th captured argument (empty when out of range, which the
    /// registry's tests rule out).
    pub fn get(&self, i: usize) -> &str {
        self.values.get(i).map_or("", String::as_str)
    }
}

/// Every step definition, in catalogue order.
pub fn all() -> impl Iterator<Item = &'static StepDef> {
    [
        request::STEPS,
        oauth::STEPS,
        request::BODY_STEPS,
        request::GENERATED_STEPS,
        request::INVOKE_STEPS,
        response::STEPS,
        json::STEPS,
        json_formats::STEPS,
        json_files::STEPS,
        xml::REQUEST_STEPS,
        xml::GENERATED_STEPS,
        xml::CHECK_STEPS,
        context::STEPS,
        backend::STEPS,
        variables::STORE_STEPS,
        variables::CHECK_STEPS,
    ]
    .into_iter()
    .flatten()
}

/// The compiled registry.
pub struct Registry {
    defs: Vec<&'static StepDef>,
    sources: Vec<String>,
    /// Patterns grouped by the first word a matching text can start with; each
    /// group's `RegexSet` is compiled when a step first needs it, so start-up
    /// compiles only the groups a suite uses.
    groups: HashMap<&'static str, Group>,
    regexes: Vec<OnceLock<Regex>>,
    specificity: Vec<usize>,
}

/// The patterns that share a first word.
struct Group {
    members: Vec<usize>,
    set: OnceLock<RegexSet>,
}

/// The result of matching one step text.
#[derive(Clone)]
pub enum Match {
    /// Exactly one definition matched (or one was most specific).
    Found {
        /// The definition.
        def: &'static StepDef,
        /// The captured arguments.
        values: Vec<String>,
    },
    /// No definition matched; the closest sentences are suggested.
    Undefined {
        /// Catalogue patterns closest to the text, best first.
        suggestions: Vec<&'static str>,
    },
    /// Several definitions matched equally well.
    Ambiguous {
        /// The patterns that matched.
        patterns: Vec<&'static str>,
    },
}

impl Registry {
    /// The registry, compiled on first use.
    pub fn global() -> &'static Registry {
        static REGISTRY: OnceLock<Registry> = OnceLock::new();
        REGISTRY.get_or_init(Registry::compile)
    }

    fn compile() -> Registry {
        let defs: Vec<&'static StepDef> = all().collect();
        let sources: Vec<String> = defs.iter().map(|d| pattern_regex(d.pattern)).collect();
        let mut groups: HashMap<&'static str, Group> = HashMap::new();
        for (i, def) in defs.iter().enumerate() {
            for word in first_words(def.pattern) {
                groups
                    .entry(word)
                    .or_insert_with(|| Group {
                        members: Vec::new(),
                        set: OnceLock::new(),
                    })
                    .members
                    .push(i);
            }
        }
        let regexes = defs.iter().map(|_| OnceLock::new()).collect();
        let specificity = defs.iter().map(|d| literal_len(d.pattern)).collect();
        Registry {
            defs,
            sources,
            groups,
            regexes,
            specificity,
        }
    }

    /// The compiled regex of definition `i`.
    fn regex(&self, i: usize) -> &Regex {
        // The patterns are compile-time constants; a test compiles every one.
        #[allow(clippy::expect_used)]
        self.regexes[i].get_or_init(|| Regex::new(&self.sources[i]).expect("step pattern compiles"))
    }

    /// Every definition in catalogue order.
    pub fn defs(&self) -> &[&'static StepDef] {
        &self.defs
    }

    /// Matches one step text (without its keyword).
    pub fn find(&self, text: &str) -> Match {
        let text = text.trim();
        let first = text.split(' ').next().unwrap_or_default();
        let matches: Vec<usize> = match self.groups.get(first) {
            Some(group) => {
                // As above: constant patterns, all compiled by a test.
                #[allow(clippy::expect_used)]
                let set = group.set.get_or_init(|| {
                    RegexSet::new(group.members.iter().map(|&i| &self.sources[i]))
                        .expect("step patterns compile")
                });
                set.matches(text)
                    .into_iter()
                    .map(|m| group.members[m])
                    .collect()
            }
            None => Vec::new(),
        };
        let Some(best) = matches.iter().map(|&i| self.specificity[i]).max() else {
            return Match::Undefined {
                suggestions: self.suggest(text),
            };
        };
        let winners: Vec<usize> = matches
            .into_iter()
            .filter(|&i| self.specificity[i] == best)
            .collect();
        if let [only] = winners[..] {
            let values = self
                .regex(only)
                .captures(text)
                .map(|c| {
                    c.iter()
                        .skip(1)
                        .flatten()
                        .map(|m| m.as_str().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            Match::Found {
                def: self.defs[only],
                values,
            }
        } else {
            Match::Ambiguous {
                patterns: winners.into_iter().map(|i| self.defs[i].pattern).collect(),
            }
        }
    }

    /// Up to three catalogue patterns that read most like `text`.
    fn suggest(&self, text: &str) -> Vec<&'static str> {
        let shape = sentence_shape(text);
        let mut scored: Vec<(f64, &'static str)> = self
            .defs
            .iter()
            .map(|d| {
                let candidate = sentence_shape(d.pattern);
                (
                    strsim::normalized_levenshtein(&shape, &candidate),
                    d.pattern,
                )
            })
            .filter(|(score, _)| *score >= 0.5)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.dedup_by(|a, b| a.1 == b.1);
        // Only those nearly as close as the best one.
        let best = scored.first().map_or(0.0, |s| s.0);
        scored
            .into_iter()
            .take_while(|(score, _)| *score >= best - 0.08)
            .take(3)
            .map(|(_, p)| p)
            .collect()
    }
}

/// The words of a step with every quoted argument replaced by `""`, lower-cased,
/// so that suggestions compare wording rather than values.
fn sentence_shape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_quotes = false;
    for ch in text.chars() {
        match ch {
            '"' => {
                if !in_quotes {
                    out.push_str("\"\"");
                }
                in_quotes = !in_quotes;
            }
            _ if in_quotes => {}
            _ => out.extend(ch.to_lowercase()),
        }
    }
    out
}

/// The words a text matching `pattern` can start with: the first literal word,
/// each alternative of a leading `[a|b]`, and `JSON` for the `JSON Pointer`
/// wording of `path` steps.
fn first_words(pattern: &'static str) -> Vec<&'static str> {
    let mut words = Vec::new();
    if let Some(rest) = pattern.strip_prefix('[') {
        let group = rest.split(']').next().unwrap_or_default();
        words.extend(group.split('|').filter_map(|alt| alt.split(' ').next()));
    } else {
        words.extend(pattern.split(' ').next());
    }
    if pattern.starts_with("path \"") {
        words.push("JSON");
    }
    words
}

/// Number of literal (non-placeholder) characters in a pattern.
fn literal_len(pattern: &str) -> usize {
    let mut len = 0;
    let mut chars = pattern.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            '[' => {
                // Count the first alternative.
                let mut first = true;
                for c in chars.by_ref() {
                    match c {
                        ']' => break,
                        '|' => first = false,
                        _ if first => len += 1,
                        _ => {}
                    }
                }
            }
            _ => len += 1,
        }
    }
    len
}

/// Turns a catalogue pattern into an anchored regex.
fn pattern_regex(pattern: &str) -> String {
    let mut re = String::from("^");
    let mut rest = pattern;
    if let Some(tail) = rest.strip_prefix("path \"") {
        re.push_str("(?:path|JSON Pointer) \"");
        rest = tail;
    }
    let mut chars = rest.chars().peekable();
    let mut literal = String::new();
    let flush = |literal: &mut String, re: &mut String| {
        let escaped = regex::escape(literal);
        let escaped = escaped
            .replace("is not", "(?:is not|isn't)")
            .replace("does not", "(?:does not|doesn't)");
        re.push_str(&escaped);
        literal.clear();
    };
    while let Some(ch) = chars.next() {
        match ch {
            '{' => {
                flush(&mut literal, &mut re);
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                re.push_str("(.*?)");
            }
            '[' => {
                flush(&mut literal, &mut re);
                let mut group = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    group.push(c);
                }
                let alternatives: Vec<String> = group.split('|').map(regex::escape).collect();
                re.push_str(&format!("(?:{})", alternatives.join("|")));
            }
            _ => literal.push(ch),
        }
    }
    flush(&mut literal, &mut re);
    re.push('$');
    re
}

/// The example lines of every step with its keyword stripped, for tests and docs.
pub fn example_text(def: &StepDef) -> &str {
    let example = def.example.trim();
    ["Given ", "When ", "Then ", "And ", "But ", "* "]
        .iter()
        .find_map(|k| example.strip_prefix(k))
        .unwrap_or(example)
}

/// The catalogue as Markdown (the content of `steps/README.md`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# Step catalogue\n\n\
         Generated by `apitest steps --markdown` from the step registry; do not edit by hand.\n\n\
         Any keyword (`Given`, `When`, `Then`, `And`, `But`, `*`) may start any step. \
         Arguments are written in double quotes. `[a|b]` means either wording. \
         Every `path` step also accepts the old `JSON Pointer` wording, and `is not` / \
         `does not` also accept `isn't` / `doesn't`.\n",
    );
    let mut family = None;
    for def in all() {
        if family != Some(def.family) {
            family = Some(def.family);
            out.push_str(&format!(
                "\n## {}\n\n| Step | What it does | Example |\n|---|---|---|\n",
                def.family.title()
            ));
        }
        out.push_str(&format!(
            "| `{}` | {} | `{}` |\n",
            def.pattern.replace('|', "\\|"),
            def.summary,
            def.example.replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_matches_its_own_definition_and_no_other() {
        let registry = Registry::global();
        for def in registry.defs() {
            match registry.find(example_text(def)) {
                Match::Found { def: found, .. } => assert_eq!(
                    found.pattern, def.pattern,
                    "example `{}` matched `{}`",
                    def.example, found.pattern
                ),
                Match::Undefined { .. } => panic!("example `{}` is undefined", def.example),
                Match::Ambiguous { patterns } => {
                    panic!("example `{}` is ambiguous: {patterns:?}", def.example)
                }
            }
        }
    }

    #[test]
    fn every_pattern_compiles_alone_and_in_its_groups() {
        let registry = Registry::global();
        for i in 0..registry.defs.len() {
            assert!(
                Regex::new(&registry.sources[i]).is_ok(),
                "{}",
                registry.defs[i].pattern
            );
        }
        for (word, group) in &registry.groups {
            let sources = group.members.iter().map(|&i| &registry.sources[i]);
            assert!(RegexSet::new(sources).is_ok(), "group `{word}`");
        }
    }

    #[test]
    fn every_pattern_is_listed_once() {
        let mut patterns: Vec<&str> = all().map(|d| d.pattern).collect();
        let count = patterns.len();
        patterns.sort();
        patterns.dedup();
        assert_eq!(patterns.len(), count);
    }

    #[test]
    fn old_json_pointer_and_isnt_wording_match_the_new_sentences() {
        let registry = Registry::global();
        let Match::Found { def, values } = registry.find(r#"JSON Pointer "/a" isn't empty"#) else {
            panic!("old wording did not match");
        };
        assert_eq!(def.pattern, r#"path "{path}" is not empty"#);
        assert_eq!(values, vec!["/a"]);
    }

    #[test]
    fn inline_json_with_quotes_is_one_argument() {
        let registry = Registry::global();
        let Match::Found { values, .. } = registry.find(r#"request is "{"x": "y"}""#) else {
            panic!("no match");
        };
        assert_eq!(values, vec![r#"{"x": "y"}"#]);
    }

    #[test]
    fn an_undefined_step_gets_the_closest_sentences() {
        let registry = Registry::global();
        let Match::Undefined { suggestions } = registry.find(r#"adress "http://x""#) else {
            panic!("unexpected match");
        };
        assert_eq!(suggestions.first(), Some(&r#"address "{address}""#));
    }
}
