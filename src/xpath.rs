//! Evaluating an XPath 1.0 expression with the `sxd-xpath` crate, safely: shared by
//! the XPath steps and the fake backends' `matchesXPath` stubs.
//!
//! `sxd-xpath` panics on a prefix that has no namespace, so prefixes are checked
//! first, and evaluation runs under `catch_unwind` as a safety net:
//!
//! ```
//! use apitest::xpath::{XPathError, check};
//! assert_eq!(check("//p:item", &[]), Err(XPathError::UndeclaredPrefix("p".into())));
//! assert_eq!(check("//item", &[]), Ok(()));
//! ```

use std::sync::OnceLock;

use regex::Regex;
use sxd_document::dom::Document;
use sxd_xpath::{Context, Factory, Value};

/// Why an XPath cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XPathError {
    /// The expression does not parse (the parser's reason).
    Invalid(String),
    /// The expression is empty.
    Empty,
    /// A name test uses a prefix with no declared namespace.
    UndeclaredPrefix(String),
    /// Evaluation failed (the engine's reason).
    Evaluation(String),
    /// The engine panicked on the expression.
    EngineFailed,
}

/// Whether `xpath` parses and declares every prefix it uses.
pub fn check(xpath: &str, namespaces: &[(String, String)]) -> Result<(), XPathError> {
    Factory::new()
        .build(xpath)
        .map_err(|e| XPathError::Invalid(e.to_string()))?
        .ok_or(XPathError::Empty)?;
    match undeclared_prefix(xpath, namespaces) {
        Some(prefix) => Err(XPathError::UndeclaredPrefix(prefix)),
        None => Ok(()),
    }
}

/// Evaluates `xpath` in `document` with the namespace prefixes.
pub fn evaluate<'d>(
    document: &'d Document<'d>,
    xpath: &str,
    namespaces: &[(String, String)],
) -> Result<Value<'d>, XPathError> {
    let compiled = Factory::new()
        .build(xpath)
        .map_err(|e| XPathError::Invalid(e.to_string()))?
        .ok_or(XPathError::Empty)?;
    if let Some(prefix) = undeclared_prefix(xpath, namespaces) {
        return Err(XPathError::UndeclaredPrefix(prefix));
    }
    let mut context = Context::new();
    for (prefix, uri) in namespaces {
        context.set_namespace(prefix, uri);
    }
    let evaluated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        compiled.evaluate(&context, document.root())
    }));
    match evaluated {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(XPathError::Evaluation(e.to_string())),
        Err(_) => Err(XPathError::EngineFailed),
    }
}

/// The first prefix in a name test (`p:name`, `p:*`) that has no declared
/// namespace; text in quotes and axes (`child::`) are not name tests.
fn undeclared_prefix(xpath: &str, namespaces: &[(String, String)]) -> Option<String> {
    static NAME_TEST: OnceLock<Option<Regex>> = OnceLock::new();
    let re = NAME_TEST
        .get_or_init(|| Regex::new(r"(?:^|[^:\w.-])([A-Za-z_][\w.-]*):[A-Za-z_*]").ok())
        .as_ref()?;
    static QUOTED: OnceLock<Option<Regex>> = OnceLock::new();
    let quoted = QUOTED
        .get_or_init(|| Regex::new(r#"'[^']*'|"[^"]*""#).ok())
        .as_ref()?;
    let unquoted = quoted.replace_all(xpath, "''");
    re.captures_iter(&unquoted)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_owned()))
        .find(|prefix| prefix != "xml" && !namespaces.iter().any(|(p, _)| p == prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_and_axes_are_not_prefixes() {
        assert_eq!(undeclared_prefix("//a[@b='x:y']/child::c", &[]), None);
        assert_eq!(undeclared_prefix("//e:Body", &[]), Some("e".to_owned()));
    }
}
