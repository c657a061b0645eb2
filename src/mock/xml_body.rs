//! XML body patterns: `equalToXml` and `matchesXPath`.
//!
//! ```json
//! { "bodyPatterns": [
//!     { "equalToXml": "<order><id>7</id><note/></order>" },
//!     { "matchesXPath": "//order/id" },
//!     { "matchesXPath": { "expression": "//d:code/text()", "equalTo": "0" },
//!       "xPathNamespaces": { "d": "http://example.com/demo" } } ] }
//! ```
//!
//! `equalToXml` compares documents as WireMock's default does: element names by
//! namespace and local name (prefixes may differ), attributes in any order, child
//! elements in order, text trimmed; whitespace between elements and comments are
//! ignored. Its options (`enablePlaceholders`, `ignoreOrderOfSameNode`, …) are not
//! supported.
//!
//! `matchesXPath` is XPath 1.0 (the engine of the XPath steps, [`crate::xpath`]);
//! with a matcher, a text or attribute node is compared by its value and an element
//! by its text (WireMock compares an element's serialised XML: select `/text()` for
//! stubs that behave the same in both).

use sxd_document::dom::{ChildOfElement, ChildOfRoot, Element};
use sxd_xpath::Value;
use sxd_xpath::nodeset::Node;

use crate::mock::spanned::excerpt;

/// A parsed XML document, in the form `equalToXml` compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlTree(XmlNode);

#[derive(Debug, Clone, PartialEq, Eq)]
enum XmlNode {
    Element {
        namespace: Option<String>,
        name: String,
        /// `(namespace, name, value)`, sorted.
        attributes: Vec<(Option<String>, String, String)>,
        children: Vec<XmlNode>,
    },
    Text(String),
}

impl XmlTree {
    /// Parses `text`; the error says where and why it is not XML.
    pub fn parse(text: &str) -> Result<Self, String> {
        let package = sxd_document::parser::parse(text).map_err(|e| not_xml(text, &e))?;
        let document = package.as_document();
        let root = document
            .root()
            .children()
            .into_iter()
            .find_map(|c| match c {
                ChildOfRoot::Element(e) => Some(e),
                _ => None,
            });
        root.map(|e| Self(element(e)))
            .ok_or_else(|| "no root element".to_owned())
    }
}

/// Where and why `text` is not XML, in words. The parser names its reasons only in
/// its `Display` text (`XML parsing error at 17: {UnclosedElement}`).
fn not_xml(text: &str, error: &sxd_document::parser::Error) -> String {
    let shown = error.to_string();
    let names = shown
        .rsplit_once('{')
        .and_then(|(_, rest)| rest.strip_suffix('}'))
        .unwrap_or_default();
    let reasons: Vec<&str> = names
        .split(", ")
        .map(|name| match name.split('(').next().unwrap_or_default() {
            "UnclosedElement" => "an element is not closed",
            "MismatchedElementEndName" => "an end tag does not match its start tag",
            "ExpectedElement" | "ExpectedElementName" => "expected an element",
            "ExpectedElementEnd" | "ExpectedElementSelfClosed" => "expected `>` or `/>`",
            "ExpectedClosingQuote" | "ExpectedOpeningQuote" => "an attribute value lacks a quote",
            "ExpectedAttribute" | "ExpectedAttributeValue" => "expected an attribute",
            "DuplicateAttribute" => "an attribute is repeated",
            "UnknownNamespacePrefix" => "a namespace prefix is not declared",
            "UnknownNamedReference" => "an unknown entity (`&name;`)",
            _ => "not well-formed",
        })
        .collect();
    let mut reasons = reasons;
    reasons.dedup();
    let at = error.location().min(text.len());
    format!(
        "not well-formed XML at {}: {}",
        excerpt(text, at),
        reasons.join("; ")
    )
}

fn element(e: Element<'_>) -> XmlNode {
    let mut attributes: Vec<_> = e
        .attributes()
        .into_iter()
        .map(|a| {
            let name = a.name();
            (
                name.namespace_uri().map(str::to_owned),
                name.local_part().to_owned(),
                a.value().to_owned(),
            )
        })
        .collect();
    attributes.sort();
    let mut children = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, children: &mut Vec<XmlNode>| {
        let trimmed = text.trim();
        if !trimmed.is_empty() {
            children.push(XmlNode::Text(trimmed.to_owned()));
        }
        text.clear();
    };
    for child in e.children() {
        match child {
            ChildOfElement::Element(inner) => {
                flush(&mut text, &mut children);
                children.push(element(inner));
            }
            ChildOfElement::Text(t) => text.push_str(t.text()),
            ChildOfElement::Comment(_) | ChildOfElement::ProcessingInstruction(_) => {}
        }
    }
    flush(&mut text, &mut children);
    let name = e.name();
    XmlNode::Element {
        namespace: name.namespace_uri().map(str::to_owned),
        name: name.local_part().to_owned(),
        attributes,
        children,
    }
}

/// Whether `body` is the XML document `expected`.
pub fn equal(expected: &XmlTree, body: Option<&str>) -> bool {
    body.and_then(|b| XmlTree::parse(b).ok())
        .is_some_and(|actual| actual == *expected)
}

/// The text of every node `xpath` selects in `body`; `None` when the body is not
/// XML or the XPath does not select nodes.
pub fn select(
    body: Option<&str>,
    xpath: &str,
    namespaces: &[(String, String)],
) -> Option<Vec<String>> {
    let package = sxd_document::parser::parse(body?).ok()?;
    let document = package.as_document();
    match crate::xpath::evaluate(&document, xpath, namespaces).ok()? {
        Value::Nodeset(nodes) => Some(
            nodes
                .document_order()
                .iter()
                .map(Node::string_value)
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_xml_ignores_whitespace_comments_attribute_order_and_prefixes() {
        let expected =
            XmlTree::parse(r#"<a:order xmlns:a="urn:o" id="7" kind="x"><item>1</item></a:order>"#)
                .unwrap();
        let same = r#"<?xml version="1.0"?>
            <b:order kind="x" id="7" xmlns:b="urn:o"> <!-- c -->
              <item> 1 </item>
            </b:order>"#;
        assert!(equal(&expected, Some(same)));
        assert!(!equal(
            &expected,
            Some(r#"<order xmlns="urn:o" id="7" kind="x"><item>2</item></order>"#)
        ));
        assert!(!equal(
            &expected,
            Some(r#"<order id="7" kind="x"><item>1</item></order>"#)
        ));
        assert!(!equal(&expected, Some("not xml")));
    }

    #[test]
    fn select_gives_the_text_of_every_selected_node() {
        let body = Some("<r><i a='1'>x</i><i>y</i></r>");
        assert_eq!(select(body, "//i", &[]).unwrap(), ["x", "y"]);
        assert_eq!(select(body, "//i/@a", &[]).unwrap(), ["1"]);
        assert_eq!(select(body, "count(//i)", &[]), None);
        assert_eq!(select(Some("{}"), "//i", &[]), None);
    }
}
