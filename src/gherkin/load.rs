//! Loading: parse `.feature` files with the `gherkin` crate, fold in
//! backgrounds, expand outlines, filter, and compile every step.
//!
//! Nothing invalid stops the run: an undefined or ambiguous step makes its
//! scenario an error, and a file that cannot be parsed, that has no scenario or
//! that apitest failed to load (a panic) becomes a feature with one scenario
//! that is an error at the file's place ([`super::invalid`]). The rest runs;
//! each problem is also a diagnostic.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

use regex::Regex;

use super::discover::FeatureFile;
use super::invalid::{invalid_feature, no_scenario};
use super::model::{Compiled, Feature, Scenario, Step, Suite};
use super::tags::TagFilter;
use crate::diag::{Diagnostic, Location, display_path};
use crate::error::panic_message;
use crate::steps::{Args, Match, Registry};

/// What to load and which scenarios to keep.
#[derive(Default)]
pub struct LoadOptions {
    /// Only scenarios whose tags satisfy this expression.
    pub tags: Option<TagFilter>,
    /// Only scenarios whose name matches.
    pub name: Option<Regex>,
}

/// A loaded suite and the problems found in it that do not stop a run.
pub struct Loaded {
    /// The suite.
    pub suite: Suite,
    /// Undefined and ambiguous steps and invalid files, rendered like compiler errors.
    pub problems: Vec<Diagnostic>,
    /// How many scenarios the files hold, and how many each filter keeps.
    pub selection: Selection,
}

/// Scenario counts before filtering, to say which filter emptied a selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// Scenarios in the valid files (each outline row counts).
    pub total: usize,
    /// Of those, how many the tag filter keeps (all without one).
    pub tags: usize,
    /// Of those, how many the name filter keeps (all without one).
    pub name: usize,
}

impl Selection {
    fn add(&mut self, other: Selection) {
        self.total += other.total;
        self.tags += other.tags;
        self.name += other.name;
    }
}

/// One file, loaded.
struct LoadedFile {
    feature: Feature,
    problems: Vec<Diagnostic>,
    selection: Selection,
}

/// Parses and compiles every file, in parallel across cores. A file that
/// fails to load is a feature whose one scenario is that error; its
/// diagnostic joins the problems.
pub fn load(files: &[FeatureFile], options: &LoadOptions) -> Loaded {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    let results: Vec<Result<LoadedFile, Vec<Diagnostic>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                let handle = scope.spawn(move || {
                    let mut interner = Interner::default();
                    part.iter()
                        .map(|f| guarded(f, || load_one(f, options, &mut interner)))
                        .collect::<Vec<_>>()
                });
                (part, handle)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|(part, handle)| {
                handle.join().unwrap_or_else(|payload| {
                    let message = panic_message(payload.as_ref());
                    part.iter()
                        .map(|f| Err(vec![crashed(f, &message)]))
                        .collect()
                })
            })
            .collect()
    });
    let mut features = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    let mut selection = Selection::default();
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(mut loaded) => {
                features.push(loaded.feature);
                problems.append(&mut loaded.problems);
                selection.add(loaded.selection);
            }
            Err(mut diagnostics) => {
                if let Some(first) = diagnostics.first() {
                    features.push(invalid_feature(file, first));
                }
                problems.append(&mut diagnostics);
            }
        }
    }
    Loaded {
        suite: Suite { features },
        problems,
        selection,
    }
}

/// Runs `load` for one file; a panic becomes that file's error.
fn guarded(
    file: &FeatureFile,
    load: impl FnOnce() -> Result<LoadedFile, Vec<Diagnostic>>,
) -> Result<LoadedFile, Vec<Diagnostic>> {
    std::panic::catch_unwind(AssertUnwindSafe(load))
        .unwrap_or_else(|payload| Err(vec![crashed(file, &panic_message(payload.as_ref()))]))
}

/// The error of a file apitest failed to load.
fn crashed(file: &FeatureFile, message: &str) -> Diagnostic {
    Diagnostic::new(format!(
        "apitest failed while loading this file (a bug; please report it): {message}"
    ))
    .at_location(Location::new(display_path(&file.path), 1, 1))
}

fn load_one(
    file: &FeatureFile,
    options: &LoadOptions,
    interner: &mut Interner,
) -> Result<LoadedFile, Vec<Diagnostic>> {
    let shown: Arc<Path> = display_path(&file.path).into();
    let source = std::fs::read_to_string(&file.path).map_err(|e| {
        vec![Diagnostic::new(format!(
            "cannot read {}: {e}",
            shown.display()
        ))]
    })?;
    let parsed = super::parse::feature(&source)
        .map_err(|e| parse_error(&shown, &source, &e))?
        .unwrap_or_else(super::parse::empty);
    let mut builder = Builder {
        file: shown.clone(),
        source: &source,
        problems: Vec::new(),
        options,
        interner,
        selection: Selection::default(),
    };
    let feature_tags = parsed.tags.clone();
    let feature_background = parsed
        .background
        .as_ref()
        .map(|b| b.steps.as_slice())
        .unwrap_or_default();
    let mut scenarios = Vec::new();
    for scenario in &parsed.scenarios {
        builder.expand(
            scenario,
            &[feature_background],
            &feature_tags,
            &mut scenarios,
        );
    }
    for rule in &parsed.rules {
        let tags: Vec<String> = feature_tags.iter().chain(&rule.tags).cloned().collect();
        let rule_background = rule
            .background
            .as_ref()
            .map(|b| b.steps.as_slice())
            .unwrap_or_default();
        for scenario in &rule.scenarios {
            builder.expand(
                scenario,
                &[feature_background, rule_background],
                &tags,
                &mut scenarios,
            );
        }
    }
    if builder.selection.total == 0 {
        return Err(vec![no_scenario(&shown, &source, parsed.position.line)]);
    }
    let ordered = scenarios.iter().any(|s: &Scenario| {
        s.steps
            .iter()
            .any(|step| matches!(step.compiled, Compiled::Step(def, _) if def.stores))
    });
    let name: Arc<str> = if parsed.name.trim().is_empty() {
        shown.display().to_string().into()
    } else {
        parsed.name.trim().into()
    };
    Ok(LoadedFile {
        feature: Feature {
            name,
            path: shown,
            line: parsed.position.line,
            features_dir: file.features_dir.clone().into(),
            scenarios,
            ordered,
            serial: feature_tags.iter().any(|t| t == "serial"),
        },
        problems: builder.problems,
        selection: builder.selection,
    })
}

/// Turns a file's parse errors into diagnostics, one per error.
fn parse_error(
    file: &Arc<Path>,
    source: &str,
    errors: &super::parse::ParseErrors,
) -> Vec<Diagnostic> {
    super::parse::diagnose(errors, file, source)
}

struct Builder<'a> {
    file: Arc<Path>,
    source: &'a str,
    problems: Vec<Diagnostic>,
    options: &'a LoadOptions,
    interner: &'a mut Interner,
    selection: Selection,
}

/// Step texts repeat a lot (`When the URL is invoked`, the same address in every
/// scenario): each loader thread matches a text once, and equal steps share
/// their text, keyword and arguments.
#[derive(Default)]
struct Interner {
    steps: HashMap<String, (Arc<str>, Match)>,
    args: HashMap<Arc<str>, Arc<Args>>,
    keywords: HashMap<String, Arc<str>>,
}

impl Interner {
    fn keyword(&mut self, keyword: &str) -> Arc<str> {
        if let Some(k) = self.keywords.get(keyword) {
            return Arc::clone(k);
        }
        let k: Arc<str> = keyword.into();
        self.keywords.insert(keyword.to_owned(), Arc::clone(&k));
        k
    }

    fn step(&mut self, text: &str) -> (Arc<str>, Match) {
        if let Some((shared, found)) = self.steps.get(text) {
            return (Arc::clone(shared), found.clone());
        }
        let shared: Arc<str> = text.into();
        let found = Registry::global().find(text);
        self.steps
            .insert(text.to_owned(), (Arc::clone(&shared), found.clone()));
        (shared, found)
    }

    fn args(&mut self, text: &Arc<str>, values: Vec<String>) -> Arc<Args> {
        Arc::clone(self.args.entry(Arc::clone(text)).or_insert_with(|| {
            Arc::new(Args {
                values,
                docstring: None,
                table: None,
            })
        }))
    }
}

impl Builder<'_> {
    fn expand(
        &mut self,
        scenario: &gherkin::Scenario,
        backgrounds: &[&[gherkin::Step]],
        inherited_tags: &[String],
        out: &mut Vec<Scenario>,
    ) {
        let tags: Vec<String> = inherited_tags
            .iter()
            .chain(&scenario.tags)
            .cloned()
            .collect();
        let examples: Vec<&gherkin::Examples> = scenario
            .examples
            .iter()
            .filter(|e| e.table.is_some())
            .collect();
        if examples.is_empty() {
            self.push(
                scenario.name.trim().to_owned(),
                scenario,
                backgrounds,
                tags,
                &[],
                out,
            );
            return;
        }
        for example in examples {
            let Some(table) = &example.table else {
                continue;
            };
            let Some((header, rows)) = table.rows.split_first() else {
                continue;
            };
            let tags: Vec<String> = tags.iter().chain(&example.tags).cloned().collect();
            for row in rows {
                let pairs: Vec<(&str, &str)> = header
                    .iter()
                    .map(String::as_str)
                    .zip(row.iter().map(String::as_str))
                    .collect();
                let templated = substitute(scenario.name.trim(), &pairs);
                let values = pairs
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let name = if templated == scenario.name.trim() {
                    format!("{templated} ({values})")
                } else {
                    templated
                };
                self.push(name, scenario, backgrounds, tags.clone(), &pairs, out);
            }
        }
    }

    fn push(
        &mut self,
        name: String,
        scenario: &gherkin::Scenario,
        backgrounds: &[&[gherkin::Step]],
        tags: Vec<String>,
        pairs: &[(&str, &str)],
        out: &mut Vec<Scenario>,
    ) {
        let tags_ok = self.options.tags.as_ref().is_none_or(|f| f.matches(&tags));
        let name_ok = self
            .options
            .name
            .as_ref()
            .is_none_or(|re| re.is_match(&name));
        self.selection.add(Selection {
            total: 1,
            tags: usize::from(tags_ok),
            name: usize::from(name_ok),
        });
        if !(tags_ok && name_ok) {
            return;
        }
        let steps = backgrounds
            .iter()
            .flat_map(|b| b.iter())
            .chain(&scenario.steps)
            .map(|s| self.compile(s, pairs))
            .collect();
        out.push(Scenario {
            name,
            location: Location::new(
                self.file.clone(),
                scenario.position.line,
                scenario.position.col,
            ),
            steps,
        });
    }

    fn compile(&mut self, step: &gherkin::Step, pairs: &[(&str, &str)]) -> Step {
        let text = substitute(step.value.trim(), pairs);
        let location = Location::new(self.file.clone(), step.position.line, step.position.col);
        let keyword = self.interner.keyword(step.keyword.trim());
        let (text, found) = self.interner.step(&text);
        let compiled = match found {
            Match::Found { def, values } => {
                let args = if step.docstring.is_none() && step.table.is_none() {
                    self.interner.args(&text, values)
                } else {
                    Arc::new(Args {
                        values,
                        docstring: step.docstring.as_deref().map(|d| substitute(d, pairs)),
                        table: step.table.as_ref().map(|t| {
                            t.rows
                                .iter()
                                .map(|r| r.iter().map(|c| substitute(c, pairs)).collect())
                                .collect()
                        }),
                    })
                };
                Compiled::Step(def, args)
            }
            Match::Undefined { suggestions } => {
                let listed = backticked(&suggestions);
                let short = if listed.is_empty() {
                    "undefined step (`apitest steps` lists the vocabulary)".to_owned()
                } else {
                    format!("undefined step; did you mean {listed}?")
                };
                let d = Diagnostic::new("undefined step")
                    .at(location.clone(), self.source)
                    .expected("a sentence from the step catalogue (`apitest steps` lists them)")
                    .did_you_mean(&suggestions);
                self.invalid(d, short)
            }
            Match::Ambiguous { patterns } => {
                let listed = backticked(&patterns);
                let d = Diagnostic::new("ambiguous step")
                    .at(location.clone(), self.source)
                    .note(format!("it matches {listed} equally well"));
                self.invalid(d, format!("ambiguous step: it matches {listed}"))
            }
        };
        Step {
            keyword,
            text,
            location,
            compiled,
        }
    }

    /// Records the full diagnostic once per place; the scenario carries the short form.
    fn invalid(&mut self, d: Diagnostic, short: String) -> Compiled {
        if !self.problems.iter().any(|p| p.location == d.location) {
            self.problems.push(d);
        }
        Compiled::Invalid(short)
    }
}

/// `` `a`, `b` or `c` ``
fn backticked(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Replaces `<name>` placeholders with an outline row's values.
fn substitute(text: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() || !text.contains('<') {
        return text.to_owned();
    }
    pairs.iter().fold(text.to_owned(), |acc, (k, v)| {
        acc.replace(&format!("<{k}>"), v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_loading_a_file_is_that_files_error() {
        let file = FeatureFile {
            path: "features/a.feature".into(),
            features_dir: "features".into(),
        };
        let err = guarded(&file, || panic!("the parser tripped")).err();
        let d = err
            .and_then(|mut d| d.pop())
            .expect("an error, not a lost file");
        assert_eq!(
            d.title,
            "apitest failed while loading this file (a bug; please report it): the parser tripped"
        );
        assert_eq!(
            d.location.map(|l| l.to_string()).as_deref(),
            Some("features/a.feature:1:1")
        );
        let feature = invalid_feature(&file, &crashed(&file, "boom"));
        assert_eq!(feature.scenarios.len(), 1);
    }
}
