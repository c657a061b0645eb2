//! JSON checks against response data files (`features/json/response/<file>`)
//! and of the whole JSON response.

use serde_json::Value;

use super::StepDef;
use super::json::{check, contains_check, equal_documents};
use super::request::step;
use crate::assert::describe;
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, fail};

/// Checks against data files and of the whole response.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Json,
        r#"path "{path}" is JSON equal to that from "{file}""#,
        "The value equals the JSON document in `features/json/response/<file>`.",
        r#"Then path "/action" is JSON equal to that from "action.json""#,
        |s, a| {
            let expected = response_file(s, a.get(1))?;
            check(s, a, |actual| equal_documents(&expected, actual))
        }
    ),
    step!(
        Json,
        r#"path "{path}" contains data from "{file}""#,
        "A list holds an item equal to the JSON document in `features/json/response/<file>`.",
        r#"Then path "/objects" contains data from "item.json""#,
        |s, a| {
            let expected = response_file(s, a.get(1))?;
            check(s, a, |actual| {
                // A string is not searched for a document from a file.
                if actual.is_string() {
                    return Err(format!(
                        "expected {} to contain {}",
                        describe(actual),
                        describe(&expected)
                    ));
                }
                contains_check(actual, &expected)
            })
        }
    ),
    step!(
        Json,
        "JSON response exists",
        "The body is JSON and not empty (not null, false, 0, \"\", [] or {}).",
        "Then JSON response exists",
        |s, _| {
            let value = s.json()?;
            if truthy(value) {
                Ok(())
            } else {
                fail(format!("expected a JSON response, got {}", describe(value)))
            }
        }
    ),
    step!(
        Json,
        "JSON response does not exist",
        "The body is empty, or JSON null, false, 0, \"\", [] or {}.",
        "Then JSON response does not exist",
        |s, _| {
            let response = s.response()?;
            if response.body.iter().all(u8::is_ascii_whitespace) {
                return Ok(());
            }
            match response.json() {
                Ok(value) if !truthy(value) => Ok(()),
                Ok(value) => fail(format!(
                    "expected no JSON response, got {}",
                    describe(value)
                )),
                Err(_) => fail(format!(
                    "expected no JSON response, got a body: {}",
                    crate::http::body_start(&response.body)
                )),
            }
        }
    ),
];

/// A JSON document from `features/<response format>/response/<file>`.
fn response_file(s: &Scenario, raw: &str) -> Result<Value, StepError> {
    let name = s.text(raw)?;
    let text = s.read_data_file(s.response_format(), "response", &name)?;
    serde_json::from_str(&text)
        .map_err(|e| StepError::Input(format!("response file `{name}` is not valid JSON: {e}")))
}

/// Python's truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => !crate::assert::number::is_zero(n),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}
