//! Variables and interpolation.
//!
//! Three sources, each with a sigil:
//!
//! | sigil | source | example |
//! |---|---|---|
//! | `$` | the process environment | `"$API_ADDRESS"`, `"${HOME}/x"` |
//! | `#` | values stored with `I store ... under "name"` | `"#token"`, `"Bearer #{token}"` |
//! | `@` | `features/config.ini` `[user]`, `apitest.toml` `[vars]`, `--var K=V` | `"@base"`, `"@{base}/x"` |
//!
//! A whole argument that is a sigil plus a name (`"#count"`) is replaced by the
//! stored value itself, keeping its JSON type. Inside longer text, `${X}`,
//! `#{x}` and `@{x}` are replaced by the value's text. Doubling the sigil writes it
//! literally: `"##hash"` is the text `#hash`, `"$${X}"` is the text `${X}`.

use std::collections::BTreeMap;

use serde_json::Value;

/// Values stored by steps, shared by the scenarios of one feature in order.
pub type Stored = BTreeMap<String, Value>;

/// Where to look up variables.
pub struct Lookup<'a> {
    /// Stored variables (`#`).
    pub stored: &'a Stored,
    /// Configuration variables (`@`).
    pub config: &'a BTreeMap<String, String>,
}

/// A variable that could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariable {
    /// The variable as written, sigil included (`#tok`).
    pub written: String,
    /// What is defined in the same namespace, to help the user.
    pub known: Vec<String>,
    /// The namespace's description (`stored variables`).
    pub namespace: &'static str,
}

impl std::fmt::Display for UnknownVariable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sigil = self.written.chars().next().unwrap_or('#');
        let name = &self.written[sigil.len_utf8()..];
        write!(f, "unknown variable `{}`", self.written)?;
        if sigil == '$' {
            write!(f, ": the environment has no variable {name}")?;
        } else if self.known.is_empty() {
            write!(f, " (no {} are defined)", self.namespace)?;
        } else {
            write!(
                f,
                " (defined {}: {})",
                self.namespace,
                self.known.join(", ")
            )?;
            let similar = crate::diag::closest(name, self.known.iter().map(String::as_str), 1);
            if let Some(best) = similar.first() {
                write!(f, "; did you mean `{sigil}{best}`?")?;
            }
        }
        write!(
            f,
            "\n  hint: to write a literal `{sigil}`, double it: `{sigil}{}`",
            self.written
        )
    }
}

/// A variable name: a letter or `_`, then letters, digits and `_`, with inner
/// dots allowed (`services.api.url`).
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && !s.ends_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

impl Lookup<'_> {
    fn get(&self, sigil: char, name: &str) -> Result<Value, UnknownVariable> {
        let unknown = |known: Vec<String>, namespace| UnknownVariable {
            written: format!("{sigil}{name}"),
            known,
            namespace,
        };
        match sigil {
            '$' => std::env::var(name)
                .map(Value::String)
                .map_err(|_| unknown(Vec::new(), "environment variables")),
            '#' => {
                self.stored.get(name).cloned().ok_or_else(|| {
                    unknown(self.stored.keys().cloned().collect(), "stored variables")
                })
            }
            _ => self
                .config
                .get(name)
                .map(|v| Value::String(v.clone()))
                .ok_or_else(|| unknown(self.config.keys().cloned().collect(), "config variables")),
        }
    }

    /// Resolves a whole argument: a lone `#name` keeps the stored value's JSON
    /// type; anything else is interpolated text.
    pub fn value(&self, raw: &str) -> Result<Value, UnknownVariable> {
        let mut chars = raw.chars();
        if let Some(sigil @ ('$' | '#' | '@')) = chars.next() {
            let rest = chars.as_str();
            if is_name(rest) {
                return self.get(sigil, rest);
            }
        }
        self.text(raw).map(Value::String)
    }

    /// Resolves an argument to text: a lone `#name` gives the value's text
    /// (strings unquoted), and `${X}` / `#{x}` / `@{x}` are interpolated.
    pub fn text(&self, raw: &str) -> Result<String, UnknownVariable> {
        let mut chars = raw.chars();
        if let Some(sigil @ ('$' | '#' | '@')) = chars.next() {
            let rest = chars.as_str();
            if is_name(rest) {
                return self.get(sigil, rest).map(|v| value_text(&v));
            }
            if let Some(escaped) = rest.strip_prefix(sigil)
                && (is_name(escaped) || escaped.starts_with('{'))
            {
                // `##hash` and `$${X}`: the doubled sigil is a literal one, and
                // the rest is still interpolated.
                return Ok(format!("{sigil}{}", self.interpolate(escaped)?));
            }
        }
        self.interpolate(raw)
    }

    fn interpolate(&self, raw: &str) -> Result<String, UnknownVariable> {
        if !raw.contains('{') {
            return Ok(raw.to_owned());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(pos) = rest.find(['$', '#', '@']) {
            let (before, from) = rest.split_at(pos);
            out.push_str(before);
            let sigil = from.chars().next().unwrap_or('$');
            let after = &from[1..];
            if let Some(escaped) = after.strip_prefix(sigil)
                && escaped.starts_with('{')
            {
                // `$${X}` is the literal text `${X}`.
                out.push(sigil);
                out.push('{');
                rest = &escaped[1..];
                continue;
            }
            if let Some(body) = after.strip_prefix('{')
                && let Some(end) = body.find('}')
                && is_name(&body[..end])
            {
                out.push_str(&value_text(&self.get(sigil, &body[..end])?));
                rest = &body[end + 1..];
                continue;
            }
            out.push(sigil);
            rest = after;
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// A value as text: strings without quotes, everything else as JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lookup_with<'a>(stored: &'a Stored, config: &'a BTreeMap<String, String>) -> Lookup<'a> {
        Lookup { stored, config }
    }

    #[test]
    fn a_lone_stored_variable_keeps_its_json_type() {
        let stored = Stored::from([("n".to_owned(), json!(7))]);
        let config = BTreeMap::new();
        assert_eq!(lookup_with(&stored, &config).value("#n"), Ok(json!(7)));
    }

    #[test]
    fn interpolation_mixes_all_three_sources() {
        let stored = Stored::from([("id".to_owned(), json!("abc"))]);
        let config = BTreeMap::from([("sample".to_owned(), "Hello".to_owned())]);
        // SAFETY of the test: PATH is always set for the test process.
        let path = std::env::var("PATH").unwrap_or_default();
        let text = lookup_with(&stored, &config)
            .text("pre-#{id}-@{sample}-${PATH}")
            .unwrap();
        assert_eq!(text, format!("pre-abc-Hello-{path}"));
    }

    #[test]
    fn a_doubled_sigil_is_literal() {
        let stored = Stored::new();
        let config = BTreeMap::new();
        let l = lookup_with(&stored, &config);
        assert_eq!(l.text("##hash").unwrap(), "#hash");
        assert_eq!(l.text("$${HOME}").unwrap(), "${HOME}");
        assert_eq!(l.text("a $${HOME} b").unwrap(), "a ${HOME} b");
        assert_eq!(l.value("@@team").unwrap(), json!("@team"));
    }

    #[test]
    fn text_that_is_not_a_variable_is_left_alone() {
        let stored = Stored::new();
        let config = BTreeMap::new();
        let l = lookup_with(&stored, &config);
        assert_eq!(l.text("user@example.com").unwrap(), "user@example.com");
        assert_eq!(l.text("$5.00").unwrap(), "$5.00");
        assert_eq!(l.text("#").unwrap(), "#");
    }

    #[test]
    fn an_unknown_variable_names_the_defined_ones() {
        let stored = Stored::from([("a".to_owned(), json!(1)), ("b".to_owned(), json!(2))]);
        let config = BTreeMap::new();
        let err = lookup_with(&stored, &config).value("#tok").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown variable `#tok` (defined stored variables: a, b)\n  hint: to write a literal `#`, double it: `##tok`"
        );
    }
}
