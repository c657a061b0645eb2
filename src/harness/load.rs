//! Reading a configuration file: TOML syntax, `${VAR}` expansion, the schema in
//! [`super::config`], then the checks in `check.rs`. Every problem becomes a
//! [`Diagnostic`] with `file:line:col` and, for misspelt keys, the nearest valid one:
//!
//! ```text
//! error: unknown key `base_ur`
//!  --> harness.toml:2:1
//!   |
//! 2 | base_ur = "http://127.0.0.1:18081"
//!   | ^^^^^^^
//!   = expected: one of `base_url`, `timeout_ms`, `auth`, `headers`, `retry`, `breaker`, `rate_limit`
//!   = help: did you mean `base_url`?
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::check;
use super::config::ConfigFile;
use super::env::{EnvLookup, expand, process_env};
use super::plan::Config;
use crate::diag::{Diagnostic, Location, closest, display_path};
use crate::error::Error;

/// Reads, expands (from the process environment) and checks the file at `path`.
pub fn load_config(path: &Path) -> Result<Config, Error> {
    load_config_with(path, &process_env)
}

/// Reads and checks the file at `path`, reading `${VAR}` references through
/// `env` instead of the process environment (e.g. to point connections at
/// fakes started in-process).
pub fn load_config_with(path: &Path, env: EnvLookup<'_>) -> Result<Config, Error> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| Error::Runtime(format!("cannot read {}: {e}", path.display())))?;
    parse_config(&source, &display_path(path), env)
}

/// Parses and checks `source`, naming `file` in diagnostics and reading
/// `${VAR}` references through `env` (e.g. [`super::process_env`]).
pub fn parse_config(source: &str, file: &Path, env: EnvLookup<'_>) -> Result<Config, Error> {
    let src = Source::new(file, source);
    let mut table = DeTable::parse(source).map_err(|e| src.toml_error(&e))?;
    let mut errors = Vec::new();
    expand_table(table.get_mut(), env, &src, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let file_config = ConfigFile::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| src.toml_error(&e))?;
    check::build(file_config, &src).map_err(Error::Input)
}

/// Expands `${VAR}` in every string value, in place.
fn expand_table(
    table: &mut DeTable<'_>,
    env: EnvLookup<'_>,
    src: &Source<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    for (_, value) in table.iter_mut() {
        expand_value(value, env, src, errors);
    }
}

fn expand_value(
    value: &mut Spanned<DeValue<'_>>,
    env: EnvLookup<'_>,
    src: &Source<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let span = value.span();
    match value.get_mut() {
        DeValue::String(text) if text.contains('$') => match expand(text, env) {
            Ok(expanded) => *text = expanded.into(),
            Err(message) => errors.push(
                src.diagnostic("bad environment reference", span)
                    .note(message),
            ),
        },
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                expand_value(item, env, src, errors);
            }
        }
        DeValue::Table(table) => expand_table(table, env, src, errors),
        _ => {}
    }
}

/// The text of the file being read, for locating spans.
pub(crate) struct Source<'a> {
    file: Arc<Path>,
    text: &'a str,
}

impl<'a> Source<'a> {
    fn new(file: &Path, text: &'a str) -> Self {
        Self {
            file: Arc::from(PathBuf::from(file)),
            text,
        }
    }

    /// `file:line:col` of a byte offset (1-based; columns count characters).
    pub(crate) fn location(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        Location::new(self.file.clone(), line, col)
    }

    /// A diagnostic pointing at `span`, underlining it (up to the line's end).
    pub(crate) fn diagnostic(&self, title: impl Into<String>, span: Range<usize>) -> Diagnostic {
        let location = self.location(span.start);
        let len = self
            .text
            .get(span.clone())
            .map_or(1, |s| s.lines().next().unwrap_or_default().chars().count());
        Diagnostic::new(title)
            .at(location, self.text)
            .underline(len)
    }

    /// A diagnostic for a TOML syntax or schema error, with did-you-mean for
    /// unknown keys and values.
    fn toml_error(&self, error: &toml::de::Error) -> Error {
        let message = error.message().trim_end().to_owned();
        let span = error.span().unwrap_or(0..0);
        let diagnostic = match unknown_name(&message) {
            Some((title, word, candidates)) => {
                let list = candidates
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let suggestions = closest(&word, candidates.iter().map(String::as_str), 1);
                let d = self.diagnostic(title, span);
                let d = match candidates.len() {
                    0 => d,
                    1 => d.expected(list),
                    _ => d.expected(format!("one of {list}")),
                };
                d.did_you_mean(&suggestions)
            }
            None => {
                let mut lines = message.lines();
                let title = lines.next().unwrap_or("invalid configuration").to_owned();
                let mut d = self.diagnostic(title, span);
                for extra in lines.filter(|l| !l.trim().is_empty()) {
                    d = d.note(extra.trim());
                }
                d
            }
        };
        Error::Input(vec![diagnostic])
    }
}

/// Splits serde's "unknown field `x`, expected one of `a`, `b`" into a title in
/// TOML's words ("unknown key `x`", "unknown value `x`"), the word and the
/// candidates.
fn unknown_name(message: &str) -> Option<(String, String, Vec<String>)> {
    let (head, rest) = message.split_once(", ")?;
    let kind = ["unknown field", "unknown variant"]
        .into_iter()
        .find(|k| head.starts_with(k))?;
    let word = head.get(kind.len()..)?.trim().trim_matches('`').to_owned();
    let candidates = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    let noun = if kind == "unknown field" {
        "key"
    } else {
        "value"
    };
    Some((format!("unknown {noun} `{word}`"), word, candidates))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_one_based_lines_and_character_columns() {
        let src = Source::new(Path::new("f.toml"), "a = 1\nbé = 2\n");
        let loc = src.location(9);
        assert_eq!((loc.line, loc.col), (2, 3));
    }

    #[test]
    fn unknown_field_messages_split_into_word_and_candidates() {
        let (title, word, cands) =
            unknown_name("unknown field `base_ur`, expected one of `base_url`, `timeout_ms`")
                .unwrap();
        assert_eq!(title, "unknown key `base_ur`");
        assert_eq!(word, "base_ur");
        assert_eq!(cands, vec!["base_url", "timeout_ms"]);
    }
}
