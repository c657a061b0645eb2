//! `bodyPatterns`: each entry → a [`BodyPattern`], every problem located.
//!
//! ```json
//! "bodyPatterns": [
//!   { "equalToJson": { "id": 7 }, "ignoreExtraElements": true },
//!   { "matchesJsonPath": "$.items[0]" },
//!   { "matchesJsonPath": { "expression": "$.user.name", "equalTo": "anna" } },
//!   { "equalToXml": "<order><id>7</id></order>" },
//!   { "matchesXPath": { "expression": "//p:id/text()", "equalTo": "7" },
//!     "xPathNamespaces": { "p": "urn:orders" } },
//!   { "contains": "anna" }
//! ]
//! ```

use crate::mock::fields::{BODY_FIELDS, BODY_UNSUPPORTED, JSON_PATH_FIELDS, STRING_UNSUPPORTED};
use crate::mock::parse::FileParser;
use crate::mock::spanned::{Kind, Node, excerpt};
use crate::mock::stub::{BodyPattern, StringMatcher};
use crate::mock::xml_body::XmlTree;
use crate::xpath::XPathError;

impl FileParser<'_> {
    /// One entry of `bodyPatterns`.
    pub(crate) fn body_pattern(&mut self, node: &Node) -> Option<BodyPattern> {
        if !self.check_fields(node, "a body pattern", BODY_FIELDS, BODY_UNSUPPORTED) {
            return None;
        }
        if let Some(expected) = node.get("equalToJson") {
            let value = match &expected.kind {
                Kind::String(s) => match serde_json::from_str(s) {
                    Ok(v) => v,
                    Err(e) => {
                        let d = self
                            .error_node(expected, "\"equalToJson\" holds a string that is not JSON")
                            .note(e.to_string());
                        self.push(d);
                        return None;
                    }
                },
                _ => expected.value(self.source),
            };
            return Some(BodyPattern::EqualToJson {
                expected: value,
                ignore_array_order: self.opt_bool(node, "ignoreArrayOrder"),
                ignore_extra_elements: self.opt_bool(node, "ignoreExtraElements"),
            });
        }
        if let Some(path) = node.get("matchesJsonPath") {
            return self.json_path(path);
        }
        if let Some(expected) = node.get("equalToXml") {
            return self.equal_to_xml(expected);
        }
        if let Some(path) = node.get("matchesXPath") {
            return self.xpath(node, path);
        }
        if let Some(namespaces) = node.get("xPathNamespaces") {
            let d = self
                .error_node(namespaces, "\"xPathNamespaces\" without \"matchesXPath\"")
                .expected(
                    "{\"matchesXPath\": \"//p:name\", \"xPathNamespaces\": {\"p\": \"urn:...\"}}",
                );
            self.push(d);
            return None;
        }
        self.matcher_in(node, "the body", true)
            .map(BodyPattern::Text)
    }

    /// `"$.x"` or `{"expression": "$.x", MATCHER}`, and the node holding the expression.
    fn expression<'n>(
        &mut self,
        node: &'n Node,
        field: &str,
        example: &str,
    ) -> Option<(&'n Node, Option<StringMatcher>)> {
        match &node.kind {
            Kind::String(_) => Some((node, None)),
            Kind::Object(_) => {
                let context = format!("\"{field}\"");
                if !self.check_fields(node, &context, JSON_PATH_FIELDS, STRING_UNSUPPORTED) {
                    return None;
                }
                let Some(expr) = node.get("expression") else {
                    let d = self
                        .error_node(node, format!("\"{field}\" without \"expression\""))
                        .expected(format!(
                            "{{\"expression\": \"{example}\", \"equalTo\": \"...\"}}"
                        ));
                    self.push(d);
                    return None;
                };
                if expr.as_str().is_none() {
                    self.wrong_type(expr, "expression", "a string");
                    return None;
                }
                Some((expr, self.matcher_in(node, field, false)))
            }
            _ => {
                let expected = format!("a string or {{\"expression\": \"{example}\", …}}");
                self.wrong_type(node, field, &expected);
                None
            }
        }
    }

    fn json_path(&mut self, node: &Node) -> Option<BodyPattern> {
        let (expr_node, matcher) = self.expression(node, "matchesJsonPath", "$.field")?;
        let source = expr_node.as_str()?;
        match serde_json_path::JsonPath::parse(source) {
            Ok(path) => Some(BodyPattern::MatchesJsonPath {
                path,
                definite: is_definite(source),
                matcher,
            }),
            Err(e) => {
                // The parser's position is a 0-based byte offset into the expression.
                // Point at it in the file when the string holds no escapes (so that
                // its offsets are the file's).
                let at = e.position().min(source.len());
                let raw = self.source.get(expr_node.start + 1..expr_node.end - 1);
                let offset = match raw {
                    Some(raw) if raw == source => expr_node.start + 1 + at,
                    _ => expr_node.start,
                };
                let shown = excerpt(source, at);
                let mut d = self
                    .error_at(offset, 1, "invalid JSONPath in \"matchesJsonPath\"")
                    .note(format!(
                        "`{source}` cannot be read from character {} ({shown}): {}",
                        at + 1,
                        json_path_reason(source, e.message())
                    ))
                    .expected(
                        "an RFC 9535 JSONPath, e.g. `$.items[0].id` or `$.items[?@.id == 7]`",
                    );
                if let Some(help) = jayway_help(source) {
                    d = d.help(help);
                }
                self.push(d);
                None
            }
        }
    }

    fn equal_to_xml(&mut self, node: &Node) -> Option<BodyPattern> {
        let Some(text) = node.as_str() else {
            self.wrong_type(node, "equalToXml", "an XML document (string)");
            return None;
        };
        match XmlTree::parse(text) {
            Ok(tree) => Some(BodyPattern::EqualToXml(tree)),
            Err(reason) => {
                let d = self
                    .error_node(node, "\"equalToXml\" holds a string that is not XML")
                    .note(reason)
                    .expected("a well-formed XML document, e.g. \"<order><id>7</id></order>\"");
                self.push(d);
                None
            }
        }
    }

    fn xpath(&mut self, pattern: &Node, node: &Node) -> Option<BodyPattern> {
        let (expr_node, matcher) = self.expression(node, "matchesXPath", "//order/id/text()")?;
        let xpath = expr_node.as_str()?.to_owned();
        let namespaces = match pattern.get("xPathNamespaces") {
            None => Vec::new(),
            Some(n) => self.namespaces(n)?,
        };
        let problem = match crate::xpath::check(&xpath, &namespaces) {
            Ok(()) => {
                return Some(BodyPattern::MatchesXPath {
                    xpath,
                    namespaces,
                    matcher,
                });
            }
            Err(XPathError::UndeclaredPrefix(prefix)) => self
                .error_node(
                    expr_node,
                    format!("XPath uses the prefix `{prefix}`, which is not declared"),
                )
                .expected(format!(
                    "\"xPathNamespaces\": {{\"{prefix}\": \"<namespace URI>\"}} next to \"matchesXPath\""
                )),
            Err(XPathError::Invalid(reason) | XPathError::Evaluation(reason)) => self
                .error_node(expr_node, "invalid XPath in \"matchesXPath\"")
                .note(reason)
                .expected("an XPath 1.0 expression, e.g. `//order/id`"),
            Err(XPathError::Empty | XPathError::EngineFailed) => self
                .error_node(expr_node, "invalid XPath in \"matchesXPath\"")
                .expected("an XPath 1.0 expression, e.g. `//order/id`"),
        };
        self.push(problem);
        None
    }

    fn namespaces(&mut self, node: &Node) -> Option<Vec<(String, String)>> {
        let Some(members) = node.members() else {
            self.wrong_type(
                node,
                "xPathNamespaces",
                "an object of prefix → namespace URI",
            );
            return None;
        };
        let mut out = Vec::new();
        for member in members {
            match member.value.as_str() {
                Some(uri) => out.push((member.key.clone(), uri.to_owned())),
                None => self.wrong_type(&member.value, &member.key, "a namespace URI (string)"),
            }
        }
        (out.len() == members.len()).then_some(out)
    }
}

/// The JSONPath parser's reason in plain words.
fn json_path_reason(source: &str, message: &str) -> String {
    if !source.starts_with('$') {
        return "a JSONPath starts with `$` (the whole document)".to_owned();
    }
    let reason = message
        .replace("in long-hand segment", "in a bracketed segment `[…]`")
        .replace("in dot member name", "in a `.name` segment")
        .replace(
            "must start with lowercase alpha or '_'",
            "a name must start with a letter or '_'",
        );
    match reason.strip_suffix("parser error") {
        Some(context) => format!("{context}this is not valid JSONPath syntax"),
        None => reason,
    }
}

/// A hint for Jayway JsonPath forms (WireMock's engine) that RFC 9535 writes
/// differently.
fn jayway_help(source: &str) -> Option<&'static str> {
    let jayway = [
        "=~",
        " in ",
        " nin ",
        " size ",
        " empty ",
        " anyof ",
        " subsetof ",
    ];
    (jayway.iter().any(|j| source.contains(j)) || source.ends_with("()")).then_some(
        "WireMock's Jayway JsonPath also accepts `=~ /re/`, `in [...]` and `.length()`; in RFC 9535 write `match(@.x, 're')`, `@.x == 'a' || @.x == 'b'` and `length(@.x)`",
    )
}

/// Whether a JSONPath names at most one value, as Jayway JsonPath (WireMock's) has
/// it: no deep scan (`..`), wildcard, filter, slice or union outside quotes.
fn is_definite(path: &str) -> bool {
    let mut quote = None;
    let mut previous = ' ';
    for c in path.chars() {
        match quote {
            Some(q) if c == q && previous != '\\' => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '*' | '?' | ':' | ',' => return false,
                '.' if previous == '.' => return false,
                _ => {}
            },
        }
        previous = c;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::{is_definite, json_path_reason};

    #[test]
    fn json_path_reasons_are_plain_words() {
        assert_eq!(
            json_path_reason("$.a[", "parser error"),
            "this is not valid JSONPath syntax"
        );
        assert_eq!(
            json_path_reason("$.a[?(@.b", "in long-hand segment, parser error"),
            "in a bracketed segment `[…]`, this is not valid JSONPath syntax"
        );
        assert_eq!(
            json_path_reason("name", "parser error"),
            "a JSONPath starts with `$` (the whole document)"
        );
    }

    #[test]
    fn definite_paths_name_one_value() {
        for path in [
            "$.name",
            "$.items[0].id",
            "$['a.b']",
            "$[\"x,y\"]",
            "$['*']",
        ] {
            assert!(is_definite(path), "{path}");
        }
        for path in [
            "$..name",
            "$.items[*]",
            "$.items[?@.id == 1]",
            "$.a[0,1]",
            "$.a[1:]",
            "$.*",
        ] {
            assert!(!is_definite(path), "{path}");
        }
    }
}
