//! Loading: find `.feature` files, parse them with the `gherkin` crate, fold in
//! backgrounds, expand outlines, filter, and compile every step.
//!
//! Parse errors stop the run before anything is sent. Undefined and ambiguous
//! steps do not: their scenarios are reported as errors and the rest runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use super::model::{Compiled, Feature, Scenario, Step, Suite};
use super::tags::TagFilter;
use crate::diag::{Diagnostic, Location, display_path};
use crate::error::Error;
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
    /// Undefined and ambiguous steps, rendered like compiler errors.
    pub problems: Vec<Diagnostic>,
}

/// A `.feature` file and the `features/` directory its data files live in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureFile {
    /// The file.
    pub path: PathBuf,
    /// Its `features/` directory.
    pub features_dir: PathBuf,
}

/// Finds the feature files under the given paths: a project directory (with
/// `features/`), a features directory (searched recursively) or `.feature` files.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<FeatureFile>, Error> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            if path.extension().is_none_or(|e| e != "feature") {
                return Err(Error::Usage(format!(
                    "`{}` is not a .feature file",
                    path.display()
                )));
            }
            let features_dir = path
                .ancestors()
                .skip(1)
                .find(|a| a.file_name().is_some_and(|n| n == "features"))
                .or_else(|| path.parent())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            files.push(FeatureFile {
                path: path.clone(),
                features_dir,
            });
        } else if path.is_dir() {
            let features_dir = if path.join("features").is_dir() {
                path.join("features")
            } else {
                path.clone()
            };
            let mut found = Vec::new();
            walk(&features_dir, &mut found).map_err(|e| {
                Error::Runtime(format!("cannot read {}: {e}", features_dir.display()))
            })?;
            found.sort();
            files.extend(found.into_iter().map(|p| FeatureFile {
                path: p,
                features_dir: features_dir.clone(),
            }));
        } else {
            return Err(Error::Usage(format!(
                "`{}` does not exist (expected a project directory, a features directory or a .feature file)",
                path.display()
            )));
        }
    }
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(Error::Usage(format!(
            "no .feature files found in {}",
            shown.join(", ")
        )));
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses and compiles every file, in parallel across cores.
#[allow(clippy::type_complexity)]
pub fn load(files: &[FeatureFile], options: &LoadOptions) -> Result<Loaded, Error> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    let results: Vec<Result<(Feature, Vec<Diagnostic>), Vec<Diagnostic>>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        let mut interner = Interner::default();
                        part.iter()
                            .map(|f| load_one(f, options, &mut interner))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
    let mut features = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    let mut parse_errors = Vec::new();
    for result in results {
        match result {
            Ok((feature, mut p)) => {
                features.push(feature);
                problems.append(&mut p);
            }
            Err(mut d) => parse_errors.append(&mut d),
        }
    }
    if !parse_errors.is_empty() {
        return Err(Error::Input(parse_errors));
    }
    Ok(Loaded {
        suite: Suite { features },
        problems,
    })
}

#[allow(clippy::type_complexity)]
fn load_one(
    file: &FeatureFile,
    options: &LoadOptions,
    interner: &mut Interner,
) -> Result<(Feature, Vec<Diagnostic>), Vec<Diagnostic>> {
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
    Ok((
        Feature {
            name,
            path: shown,
            line: parsed.position.line,
            features_dir: file.features_dir.clone().into(),
            scenarios,
            ordered,
            serial: feature_tags.iter().any(|t| t == "serial"),
        },
        builder.problems,
    ))
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
        if let Some(filter) = &self.options.tags
            && !filter.matches(&tags)
        {
            return;
        }
        if let Some(re) = &self.options.name
            && !re.is_match(&name)
        {
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
