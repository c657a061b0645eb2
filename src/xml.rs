//! XML documents for the XPath steps (XPath 1.0, as lxml, through the pure-Rust
//! `sxd-document` and `sxd-xpath` crates): reading the one node an XPath
//! selects, and writing text into it.
//!
//! An XPath must select exactly one node; anything else is reported with what
//! it selected:
//!
//! ```text
//! XPath "//item" selects 2 nodes in the response, but it must select exactly one: <item>a</item>, <item>b</item>
//! ```
//!
//! Evaluation itself is [`crate::xpath`]'s (which guards against the engine's
//! panics).

use sxd_document::dom::Document;
use sxd_xpath::Value;
use sxd_xpath::nodeset::Node;

use crate::xpath::XPathError;

/// Why an XPath step could not read or write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlError {
    /// The text is not well-formed XML.
    NotXml(String),
    /// The XPath does not parse or uses an unknown prefix or function.
    BadXPath(String),
    /// The XPath selects no node or more than one.
    NotOne(String),
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlError::NotXml(m) | XmlError::BadXPath(m) | XmlError::NotOne(m) => f.write_str(m),
        }
    }
}

fn parse(xml: &str, place: &str) -> Result<sxd_document::Package, XmlError> {
    sxd_document::parser::parse(xml).map_err(|e| {
        XmlError::NotXml(format!(
            "{place} is not well-formed XML ({e}): {}",
            crate::http::body_start(xml.as_bytes())
        ))
    })
}

/// Evaluates `xpath` in `document` with the namespace prefixes.
fn evaluate<'d>(
    document: &'d Document<'d>,
    xpath: &str,
    namespaces: &[(String, String)],
) -> Result<Value<'d>, XmlError> {
    crate::xpath::evaluate(document, xpath, namespaces).map_err(|e| {
        XmlError::BadXPath(match e {
            XPathError::Invalid(reason) => format!("`{xpath}` is not a valid XPath: {reason}"),
            XPathError::Empty => format!("`{xpath}` is not a valid XPath: it is empty"),
            XPathError::UndeclaredPrefix(prefix) => format!(
                "XPath \"{xpath}\" uses the prefix `{prefix}`, which is not declared\n  hint: declare it first with `Given namespace prefix \"{prefix}\" of \"http://...\"`"
            ),
            XPathError::Evaluation(reason) => {
                format!("XPath \"{xpath}\" cannot be evaluated: {reason}")
            }
            XPathError::EngineFailed => {
                format!("XPath \"{xpath}\" cannot be evaluated: the XPath engine failed on it")
            }
        })
    })
}

/// A node as a short XML-like text for messages: `<name>value</name>`.
fn show(node: &Node<'_>) -> String {
    let value: String = node.string_value().chars().take(40).collect();
    match node.prefixed_name() {
        Some(name) if matches!(node, Node::Attribute(_)) => format!("@{name}=\"{value}\""),
        Some(name) => format!("<{name}>{value}</{name}>"),
        None => format!("{value:?}"),
    }
}

/// The one node `xpath` selects.
fn one_node<'d>(
    document: &'d Document<'d>,
    xpath: &str,
    namespaces: &[(String, String)],
    place: &str,
) -> Result<Node<'d>, XmlError> {
    let nodes = match evaluate(document, xpath, namespaces)? {
        Value::Nodeset(nodes) => nodes.document_order(),
        other => {
            return Err(XmlError::NotOne(format!(
                "XPath \"{xpath}\" gives the value {:?} in {place}, not a node",
                other.string()
            )));
        }
    };
    match nodes.as_slice() {
        [node] => Ok(*node),
        [] => {
            let root = document
                .root()
                .children()
                .into_iter()
                .find_map(|c| c.element())
                .map(|e| e.name().local_part().to_owned())
                .unwrap_or_default();
            let mut message = format!(
                "XPath \"{xpath}\" selects no node in {place} (the root element is <{root}>)"
            );
            if !xpath.contains(':') && document_has_namespaces(document) {
                message.push_str("\n  hint: the document uses namespaces; declare a prefix with `Given namespace prefix \"p\" of \"http://...\"` and write `//p:name`");
            }
            Err(XmlError::NotOne(message))
        }
        many => {
            let mut shown: Vec<String> = many.iter().take(3).map(show).collect();
            if many.len() > 3 {
                shown.push("…".to_owned());
            }
            Err(XmlError::NotOne(format!(
                "XPath \"{xpath}\" selects {} nodes in {place}, but it must select exactly one: {}",
                many.len(),
                shown.join(", ")
            )))
        }
    }
}

fn document_has_namespaces(document: &Document<'_>) -> bool {
    document
        .root()
        .children()
        .into_iter()
        .find_map(|c| c.element())
        .is_some_and(|e| e.name().namespace_uri().is_some())
}

/// The text of the one node `xpath` selects in `xml` (an XPath that computes a
/// string or number, like `count(//x)`, gives that value). `place` names the
/// document in messages (`the response`).
pub fn text_at(
    xml: &str,
    xpath: &str,
    namespaces: &[(String, String)],
    place: &str,
) -> Result<String, XmlError> {
    let package = parse(xml, place)?;
    let document = package.as_document();
    match evaluate(&document, xpath, namespaces)? {
        Value::Nodeset(_) => {
            one_node(&document, xpath, namespaces, place).map(|n| n.string_value())
        }
        other => Ok(other.string()),
    }
}

/// `xml` with the text of the one node `xpath` selects replaced by `value`.
pub fn set_text(
    xml: &str,
    xpath: &str,
    namespaces: &[(String, String)],
    value: &str,
) -> Result<String, XmlError> {
    let place = "the request";
    let package = parse(xml, place)?;
    let document = package.as_document();
    match one_node(&document, xpath, namespaces, place)? {
        Node::Element(e) => {
            e.set_text(value);
        }
        Node::Attribute(a) => {
            if let Some(parent) = a.parent() {
                parent.set_attribute_value(a.name(), value);
            }
        }
        Node::Text(t) => t.set_text(value),
        other => {
            return Err(XmlError::NotOne(format!(
                "XPath \"{xpath}\" selects {}, which has no text to set",
                show(&other)
            )));
        }
    }
    let mut out = Vec::new();
    sxd_document::writer::format_document(&document, &mut out)
        .map_err(|e| XmlError::NotXml(format!("cannot write the XML request: {e}")))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOAP: &str = r#"<?xml version="1.0"?><e:Envelope xmlns:e="urn:e"><e:Body><d:action xmlns:d="http://example.com/demo"><d:code>0</d:code><d:msg>Hi</d:msg></d:action><item>a</item><item>b</item></e:Body></e:Envelope>"#;

    fn ns() -> Vec<(String, String)> {
        vec![("demo".to_owned(), "http://example.com/demo".to_owned())]
    }

    #[test]
    fn a_prefixed_xpath_reads_the_one_node_it_selects() {
        assert_eq!(
            text_at(SOAP, "//demo:action/demo:code", &ns(), "the response").unwrap(),
            "0"
        );
    }

    #[test]
    fn an_xpath_selecting_two_nodes_lists_them() {
        assert_eq!(
            text_at(SOAP, "//item", &ns(), "the response")
                .unwrap_err()
                .to_string(),
            "XPath \"//item\" selects 2 nodes in the response, but it must select exactly one: <item>a</item>, <item>b</item>"
        );
    }

    #[test]
    fn setting_text_rewrites_the_document() {
        let xml = set_text("<a><howdy/></a>", "//howdy", &[], "partner").unwrap();
        assert!(xml.contains("<howdy>partner</howdy>"), "{xml}");
    }

    #[test]
    fn malformed_xml_and_xpath_are_reported() {
        assert!(matches!(
            text_at("<a>", "//a", &[], "x"),
            Err(XmlError::NotXml(_))
        ));
        assert!(matches!(
            text_at("<a/>", "//[", &[], "x"),
            Err(XmlError::BadXPath(_))
        ));
    }

    #[test]
    fn an_undeclared_prefix_is_an_error_not_a_panic() {
        let err = text_at(SOAP, "//e:Body/child::demo:action", &ns(), "x").unwrap_err();
        assert!(err.to_string().contains("uses the prefix `e`"), "{err}");
    }
}
