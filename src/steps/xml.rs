//! XML and SOAP (zato-apitest before 2021): the SOAPAction header, namespace
//! prefixes, values written into an XML request by XPath, and XPath checks of
//! an XML response. Every XPath must select exactly one node.

use serde_json::Value;

use super::request::{csv, step};
use super::{Args, StepDef};
use crate::assert::{numbers_equal, parse_integer, parse_number};
use crate::runner::scenario::{Body, Scenario};
use crate::runner::{StepError, fail, input_error};
use crate::xml::XmlError;

type StepResult = Result<(), StepError>;

/// SOAP action, namespaces and XPath setters.
pub(super) const REQUEST_STEPS: &[StepDef] = &[
    step!(
        Xml,
        r#"SOAP action "{value}""#,
        "Sets the `SOAPAction` header.",
        r#"Given SOAP action "demo:xml""#,
        |s, a| {
            let value = s.text(a.get(0))?;
            s.request.set_header("SOAPAction".to_owned(), value);
            Ok(())
        }
    ),
    step!(
        Xml,
        r#"namespace prefix "{prefix}" of "{namespace}""#,
        "Declares a namespace prefix for the XPath steps.",
        r#"Given namespace prefix "demo" of "http://example.com/demo""#,
        |s, a| {
            let (prefix, uri) = (s.text(a.get(0))?, s.text(a.get(1))?);
            s.request.namespaces.retain(|(p, _)| p != &prefix);
            s.request.namespaces.push((prefix, uri));
            Ok(())
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" in request is "{value}""#,
        "Sets the text of the one node the XPath selects in the XML request.",
        r#"Given XPath "//howdy" in request is "partner""#,
        |s, a| {
            let value = s.value(a.get(1))?;
            set_in_xml(s, a.get(0), value)
        }
    ),
];

/// Generated values written by XPath.
pub(super) const GENERATED_STEPS: &[StepDef] =
    &super::setters::generated_setters!(Xml, r#"XPath "{xpath}""#, r#"XPath "//x""#, set_in_xml);

/// XPath checks of an XML response.
pub(super) const CHECK_STEPS: &[StepDef] = &[
    step!(
        Xml,
        r#"XPath "{xpath}" is "{value}""#,
        "The text of the one node the XPath selects in the response is this.",
        r#"Then XPath "//demo:action/demo:msg" is "How do you do?""#,
        |s, a| {
            let expected = s.text(a.get(1))?;
            check(s, a, |actual| {
                if actual == expected {
                    Ok(())
                } else {
                    Err(format!("expected {expected:?}, got {actual:?}"))
                }
            })
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" is an integer "{value}""#,
        "The text is this integer (both sides read as integers).",
        r#"Then XPath "//demo:action/demo:code" is an integer "0""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(expected) = parse_integer(&text) else {
                return input_error(format!("`{text}` is not an integer"));
            };
            check(s, a, |actual| match parse_integer(actual) {
                Some(n) if numbers_equal(&n, &expected) => Ok(()),
                Some(n) => Err(format!("expected integer {expected}, got {n}")),
                None => Err(format!(
                    "expected integer {expected}, got {actual:?}, not an integer"
                )),
            })
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" is a float "{value}""#,
        "The text is this number (both sides read as numbers).",
        r#"Then XPath "//price" is a float "9.5""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(expected) = parse_number(&text) else {
                return input_error(format!("`{text}` is not a number"));
            };
            check(s, a, |actual| match parse_number(actual) {
                Some(n) if numbers_equal(&n, &expected) => Ok(()),
                Some(n) => Err(format!("expected number {expected}, got {n}")),
                None => Err(format!(
                    "expected number {expected}, got {actual:?}, not a number"
                )),
            })
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" is empty"#,
        "The node's text is empty.",
        r#"Then XPath "//note" is empty"#,
        |s, a| {
            check(s, a, |actual| {
                if actual.is_empty() {
                    Ok(())
                } else {
                    Err(format!("expected empty text, got {actual:?}"))
                }
            })
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" is not empty"#,
        "The node's text is not empty.",
        r#"Then XPath "//demo:action/demo:msg" is not empty"#,
        |s, a| {
            check(s, a, |actual| {
                if actual.is_empty() {
                    Err("expected text, got \"\"".to_owned())
                } else {
                    Ok(())
                }
            })
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" is one of "{values}""#,
        "The node's text is one of the comma-separated values.",
        r#"Then XPath "//status" is one of "new,open,closed""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            check(s, a, |actual| {
                if csv(&text).any(|v| v == actual) {
                    Ok(())
                } else {
                    Err(format!(
                        "expected one of {}, got {actual:?}",
                        csv(&text).collect::<Vec<_>>().join(", ")
                    ))
                }
            })
        }
    ),
    step!(
        Xml,
        r#"XPath "{xpath}" is not one of "{values}""#,
        "The node's text is none of the comma-separated values.",
        r#"Then XPath "//status" is not one of "deleted,banned""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            check(s, a, |actual| {
                if csv(&text).any(|v| v == actual) {
                    Err(format!(
                        "expected none of {}, got {actual:?}",
                        csv(&text).collect::<Vec<_>>().join(", ")
                    ))
                } else {
                    Ok(())
                }
            })
        }
    ),
];

/// Writes `value`'s text into the XML request body at `raw_xpath`.
fn set_in_xml(s: &mut Scenario, raw_xpath: &str, value: Value) -> StepResult {
    let xpath = s.text(raw_xpath)?;
    let Body::Text(xml) = &s.request.body else {
        return input_error(format!(
            "XPath \"{xpath}\" in request needs an XML request body: add `Given format \"XML\"` and `Given request \"file.xml\"` first"
        ));
    };
    let text = crate::runner::vars::value_text(&value);
    let updated =
        crate::xml::set_text(xml, &xpath, &s.request.namespaces, &text).map_err(|e| match e {
            XmlError::NotXml(m) | XmlError::BadXPath(m) | XmlError::NotOne(m) => {
                StepError::Input(m)
            }
        })?;
    s.request.body = Body::Text(updated);
    Ok(())
}

/// Runs `predicate` on the text of the one node the step's XPath (argument 0)
/// selects in the response; no node or several are a failure.
fn check(s: &Scenario, a: &Args, predicate: impl FnOnce(&str) -> Result<(), String>) -> StepResult {
    let xpath = s.text(a.get(0))?;
    let actual = response_text(s, &xpath)?;
    predicate(&actual).or_else(|m| fail(format!("XPath \"{xpath}\": {m}")))
}

/// The text of the one node `xpath` selects in the response: not XML, no node
/// or several are failures, a bad XPath is an input error.
pub(super) fn response_text(s: &Scenario, xpath: &str) -> Result<String, StepError> {
    let body = s.response()?.text();
    crate::xml::text_at(&body, xpath, &s.request.namespaces, "the response").or_else(|e| match e {
        XmlError::NotXml(m) | XmlError::NotOne(m) => fail(m),
        XmlError::BadXPath(m) => input_error(m),
    })
}
