//! Checks of values in a JSON response, addressed by JSON Pointer (RFC 6901).
//!
//! Comparisons are typed: `path "/price" is "1.5"` expects the *string* "1.5" and
//! fails on the number 1.5 with a hint to write `is a float "1.5"`; the items of
//! `is a list "a,b"` are strings too. Numbers compare exactly
//! ([`crate::assert::number`]). A missing path is a failure that says which key
//! or index is missing.

use serde_json::Value;

use super::request::{csv, step};
use super::{Args, StepDef};
use crate::assert::{
    describe, diff, is_integer, json_equal, lookup, numbers_equal, parse_integer, parse_number,
    scalar_matches, type_name,
};
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, fail, input_error};

type StepResult = Result<(), StepError>;

/// Checks of values in a JSON response.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Json,
        r#"path "{path}" is "{value}""#,
        "The value is the string (a lone `#var` compares with its stored type).",
        r#"Then path "/action/msg" is "How do you do?""#,
        |s, a| {
            let expected = s.value(a.get(1))?;
            check(s, a, |actual| {
                if json_equal(actual, &expected) {
                    return Ok(());
                }
                let mut message =
                    format!("expected {}, got {}", describe(&expected), describe(actual));
                if let Value::String(text) = &expected
                    && let Some(hint) = typed_hint(actual, text)
                {
                    message.push_str(&format!("\n  hint: {hint}"));
                }
                Err(message)
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is not "{value}""#,
        "The value is anything but the string (nor a number or boolean that reads as it).",
        r#"Then path "/action/msg" is not "Goodbye""#,
        |s, a| {
            let unexpected = s.value(a.get(1))?;
            check(s, a, |actual| {
                if json_equal(actual, &unexpected) {
                    return Err(format!(
                        "expected anything but {}, got it",
                        describe(&unexpected)
                    ));
                }
                match unexpected.as_str() {
                    // Neither reading may hold: the number 7 reads as "7".
                    Some(text) if !actual.is_string() && scalar_matches(actual, text) => {
                        Err(format!(
                            "expected anything but {}, got {}\n  hint: {}",
                            describe(&unexpected),
                            describe(actual),
                            reads_as(actual, text)
                        ))
                    }
                    _ => Ok(()),
                }
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is "{value}" (with literal_eval)"#,
        "The value equals a Python literal (`[1, 'a', None]`, `True`, `3.5`).",
        r#"Then path "/action/flow" is "['Ack', 'Done']" (with literal_eval)"#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let expected = super::parse_python_literal(&text).map_err(StepError::Input)?;
            check(s, a, |actual| equal_documents(&expected, actual))
        }
    ),
    step!(
        Json,
        r#"path "{path}" is JSON "{json}""#,
        "The value equals the JSON document.",
        r#"Then path "/action" is JSON "{"code": 0, "msg": "How do you do?", "flow": ["Ack", "Done"]}""#,
        |s, a| {
            let expected = json_arg(s, a.get(1))?;
            check(s, a, |actual| equal_documents(&expected, actual))
        }
    ),
    step!(
        Json,
        r#"path "{path}" is an integer "{value}""#,
        "The value is the integer.",
        r#"Then path "/action/code" is an integer "0""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(expected) = parse_integer(&text) else {
                return input_error(format!("`{text}` is not an integer"));
            };
            check(s, a, |actual| match actual {
                Value::Number(n) if is_integer(n) && numbers_equal(n, &expected) => Ok(()),
                _ => Err(format!(
                    "expected number {expected}, got {}",
                    describe(actual)
                )),
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is a float "{value}""#,
        "The value is the number.",
        r#"Then path "/price" is a float "9.99""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(expected) = parse_number(&text) else {
                return input_error(format!("`{text}` is not a number"));
            };
            check(s, a, |actual| match actual {
                Value::Number(n) if numbers_equal(n, &expected) => Ok(()),
                _ => Err(format!(
                    "expected number {expected}, got {}",
                    describe(actual)
                )),
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is any string"#,
        "The value is a string.",
        r#"Then path "/action/msg" is any string"#,
        |s, a| type_check(s, a, "a string", Value::is_string)
    ),
    step!(
        Json,
        r#"path "{path}" is any integer"#,
        "The value is an integer (a number without fraction or exponent, of any size).",
        r#"Then path "/action/code" is any integer"#,
        |s, a| type_check(s, a, "an integer", crate::assert::is_integer_value)
    ),
    step!(
        Json,
        r#"path "{path}" is any float"#,
        "The value is a number with a fraction or exponent.",
        r#"Then path "/price" is any float"#,
        |s, a| type_check(s, a, "a float", crate::assert::is_float_value)
    ),
    step!(
        Json,
        r#"path "{path}" is any bool"#,
        "The value is true or false.",
        r#"Then path "/active" is any bool"#,
        |s, a| type_check(s, a, "a boolean", Value::is_boolean)
    ),
    step!(
        Json,
        r#"path "{path}" is a list "{values}""#,
        "The value is a list of exactly these comma-separated strings (typed lists: `is JSON \"[1, 2]\"`).",
        r#"Then path "/action/flow" is a list "Ack,Done""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let expected: Vec<&str> = csv(&text).collect();
            check(s, a, |actual| list_check(actual, &expected))
        }
    ),
    step!(
        Json,
        r#"path "{path}" is empty"#,
        "The value is an empty string, list or object.",
        r#"Then path "/note" is empty"#,
        |s, a| {
            check(s, a, |actual| {
                if is_empty(actual) {
                    Ok(())
                } else {
                    Err(format!("expected an empty value, got {}", describe(actual)))
                }
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is not empty"#,
        "The value exists and is not null, \"\", [] or {}.",
        r#"Then path "/action/msg" is not empty"#,
        |s, a| {
            check(s, a, |actual| {
                if is_empty(actual) || actual.is_null() {
                    Err(format!(
                        "expected a non-empty value, got {}",
                        describe(actual)
                    ))
                } else {
                    Ok(())
                }
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is null"#,
        "The value is null.",
        r#"Then path "/deleted_at" is null"#,
        |s, a| equals(s, a, Value::Null)
    ),
    step!(
        Json,
        r#"path "{path}" is True"#,
        "The value is true.",
        r#"Then path "/active" is True"#,
        |s, a| equals(s, a, Value::Bool(true))
    ),
    step!(
        Json,
        r#"path "{path}" is False"#,
        "The value is false.",
        r#"Then path "/blocked" is False"#,
        |s, a| equals(s, a, Value::Bool(false))
    ),
    step!(
        Json,
        r#"path "{path}" is an empty list"#,
        "The value is `[]`.",
        r#"Then path "/errors" is an empty list"#,
        |s, a| equals(s, a, Value::Array(Vec::new()))
    ),
    step!(
        Json,
        r#"path "{path}" is not an empty list"#,
        "The value is a list with at least one item.",
        r#"Then path "/action/flow" is not an empty list"#,
        |s, a| {
            check(s, a, |actual| match actual {
                Value::Array(items) if !items.is_empty() => Ok(()),
                _ => Err(format!(
                    "expected a non-empty list, got {}",
                    describe(actual)
                )),
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is an empty dict"#,
        "The value is `{}`.",
        r#"Then path "/meta" is an empty dict"#,
        |s, a| equals(s, a, Value::Object(serde_json::Map::new()))
    ),
    step!(
        Json,
        r#"path "{path}" is one of "{values}""#,
        "The value is one of the comma-separated strings.",
        r#"Then path "/status" is one of "new,open,closed""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            check(s, a, |actual| {
                if csv(&text).any(|e| actual.as_str() == Some(e)) {
                    return Ok(());
                }
                let mut message = format!(
                    "expected one of {}, got {}",
                    csv(&text).collect::<Vec<_>>().join(", "),
                    describe(actual)
                );
                if let Some(item) = csv(&text).find(|e| scalar_matches(actual, e)) {
                    message.push_str(&format!("\n  hint: {}", reads_as(actual, item)));
                }
                Err(message)
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is not one of "{values}""#,
        "The value is none of the comma-separated strings (nor a number or boolean that reads as one).",
        r#"Then path "/status" is not one of "deleted,banned""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            check(s, a, |actual| {
                match csv(&text).find(|e| scalar_matches(actual, e)) {
                    None => Ok(()),
                    Some(item) => {
                        let mut message = format!(
                            "expected none of {}, got {}",
                            csv(&text).collect::<Vec<_>>().join(", "),
                            describe(actual)
                        );
                        if !actual.is_string() {
                            message.push_str(&format!("\n  hint: {}", reads_as(actual, item)));
                        }
                        Err(message)
                    }
                }
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" starts with "{value}""#,
        "The value is a string that starts with the text.",
        r#"Then path "/action/msg" starts with "How""#,
        |s, a| {
            string_check(s, a, "starting with", |actual, expected| {
                actual.starts_with(expected)
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" ends with "{value}""#,
        "The value is a string that ends with the text.",
        r#"Then path "/action/msg" ends with "?""#,
        |s, a| {
            string_check(s, a, "ending with", |actual, expected| {
                actual.ends_with(expected)
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" contains "{value}""#,
        "A list holds an item equal to the JSON value, or a string contains the text.",
        r#"Then path "/action/flow" contains "Ack""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let expected = serde_json::from_str::<Value>(&text)
                .unwrap_or_else(|_| Value::String(text.clone()));
            check(s, a, |actual| {
                // Inline text also counts as a substring (`contains "1"` in "a1").
                let as_text = Value::String(text.clone());
                if actual.is_string() && contains(actual, &as_text) {
                    return Ok(());
                }
                contains_check(actual, &expected)
            })
        }
    ),
    step!(
        Json,
        r#"JSON response is equal to "{json}""#,
        "The whole body equals the JSON document.",
        r#"Then JSON response is equal to "{"action": {"code": 0, "msg": "How do you do?", "flow": ["Ack", "Done"]}}""#,
        |s, a| {
            let expected = json_arg(s, a.get(0))?;
            let actual = s.json()?;
            equal_documents(&expected, actual).or_else(fail)
        }
    ),
    step!(
        Json,
        r#"path "{path}" exists"#,
        "The response has a value (even null) at the path.",
        r#"Then path "/action/flow" exists"#,
        |s, a| check(s, a, |_| Ok(()))
    ),
    step!(
        Json,
        r#"path "{path}" does not exist"#,
        "The response has no value at the path.",
        r#"Then path "/action/missing" does not exist"#,
        |s, a| {
            let path = s.text(a.get(0))?;
            let pointer = parse_pointer(&path)?;
            match lookup(s.json()?, pointer) {
                Err(_) => Ok(()),
                Ok(actual) => fail(format!(
                    "expected no value at path \"{path}\", got {}",
                    describe(actual)
                )),
            }
        }
    ),
];

/// Parses a JSON Pointer argument, explaining the syntax when it is wrong.
pub(crate) fn parse_pointer(path: &str) -> Result<&jsonptr::Pointer, StepError> {
    jsonptr::Pointer::parse(path).map_err(|e| {
        StepError::Input(format!(
            "`{path}` is not a JSON Pointer ({e}); a pointer starts with `/`, e.g. `/{}`",
            path.trim_start_matches(['$', '.', '/'])
        ))
    })
}

/// Runs `predicate` on the value at the step's path (argument 0); a missing
/// path is a failure.
pub(super) fn check(
    s: &Scenario,
    a: &Args,
    predicate: impl FnOnce(&Value) -> Result<(), String>,
) -> StepResult {
    let path = s.text(a.get(0))?;
    let pointer = parse_pointer(&path)?;
    let document = s.json()?;
    let actual = lookup(document, pointer)
        .or_else(|why| fail(format!("path \"{path}\" not found: {why}")))?;
    predicate(actual).or_else(|message| fail(format!("path \"{path}\": {message}")))
}

fn equals(s: &Scenario, a: &Args, expected: Value) -> StepResult {
    check(s, a, |actual| {
        if json_equal(actual, &expected) {
            Ok(())
        } else {
            Err(format!(
                "expected {}, got {}",
                describe(&expected),
                describe(actual)
            ))
        }
    })
}

/// Why a number, boolean or null that reads as `item` is not the string `item`.
fn reads_as(actual: &Value, item: &str) -> String {
    let what = match actual {
        Value::Null => "null".to_owned(),
        other => format!("the {} {other}", type_name(other)),
    };
    format!(
        "the value is {what}, which reads as `{item}`; this step compares strings, so write a typed check (`is JSON \"{actual}\"`)"
    )
}

/// `is a list "a,b"`: a list of exactly these strings, as zato-apitest compares
/// them. A list of other types that reads the same gets a hint to compare it
/// typed.
fn list_check(actual: &Value, expected: &[&str]) -> Result<(), String> {
    let Value::Array(items) = actual else {
        return Err(format!(
            "expected {}, got {}",
            describe(&Value::from(expected.to_vec())),
            describe(actual)
        ));
    };
    let same_length = items.len() == expected.len();
    if same_length
        && items
            .iter()
            .zip(expected)
            .all(|(i, e)| i.as_str() == Some(*e))
    {
        return Ok(());
    }
    let mut message = format!(
        "expected {}, got {}",
        describe(&Value::from(expected.to_vec())),
        describe(actual)
    );
    if same_length
        && items
            .iter()
            .zip(expected)
            .all(|(i, e)| scalar_matches(i, e))
    {
        let typed: Vec<String> = items.iter().map(Value::to_string).collect();
        message.push_str(&format!(
            "\n  hint: the list's items are not all strings; to compare typed values write `is JSON \"[{}]\"`",
            typed.join(", ")
        ));
    }
    Err(message)
}

fn type_check(s: &Scenario, a: &Args, what: &str, ok: fn(&Value) -> bool) -> StepResult {
    check(s, a, |actual| {
        if ok(actual) {
            Ok(())
        } else {
            Err(format!("expected {what}, got {}", describe(actual)))
        }
    })
}

fn string_check(s: &Scenario, a: &Args, verb: &str, ok: fn(&str, &str) -> bool) -> StepResult {
    let expected = s.text(a.get(1))?;
    check(s, a, |actual| match actual {
        Value::String(text) if ok(text, &expected) => Ok(()),
        _ => Err(format!(
            "expected a string {verb} {expected:?}, got {}",
            describe(actual)
        )),
    })
}

fn json_arg(s: &Scenario, raw: &str) -> Result<Value, StepError> {
    let text = s.text(raw)?;
    serde_json::from_str(&text)
        .map_err(|e| StepError::Input(format!("expected value is not valid JSON ({e}): {text}")))
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Whether `actual` contains `expected`, as zato-apitest's `contains` reads it:
/// a list item equal to it (numbers by value), a key of an object, or a
/// substring of a string.
pub(super) fn contains(actual: &Value, expected: &Value) -> bool {
    match actual {
        Value::Array(items) => items.iter().any(|i| json_equal(expected, i)),
        Value::String(s) => expected.as_str().is_some_and(|e| s.contains(e)),
        // Python iterates a dict's keys.
        Value::Object(map) => expected.as_str().is_some_and(|k| map.contains_key(k)),
        _ => false,
    }
}

/// [`contains`] as a check with a message.
pub(super) fn contains_check(actual: &Value, expected: &Value) -> Result<(), String> {
    if contains(actual, expected) {
        Ok(())
    } else {
        Err(format!(
            "expected {} to contain {}",
            describe(actual),
            describe(expected)
        ))
    }
}

/// `Ok` when two documents are equal, else the differences by pointer.
pub(super) fn equal_documents(expected: &Value, actual: &Value) -> Result<(), String> {
    if json_equal(expected, actual) {
        return Ok(());
    }
    Err(format!(
        "the documents differ:\n  {}",
        diff(expected, actual, 20).join("\n  ")
    ))
}

/// A hint when a string expectation would hold with a typed step.
fn typed_hint(actual: &Value, expected: &str) -> Option<String> {
    match actual {
        Value::Number(n) if parse_number(expected).is_some_and(|e| numbers_equal(n, &e)) => {
            Some(if is_integer(n) {
                format!(
                    "the value is a number; to compare numbers write `is an integer \"{expected}\"`"
                )
            } else {
                format!(
                    "the value is a number; to compare numbers write `is a float \"{expected}\"`"
                )
            })
        }
        Value::Bool(b) if expected.eq_ignore_ascii_case(&b.to_string()) => Some(format!(
            "the value is a boolean; write `is {}`",
            if *b { "True" } else { "False" }
        )),
        Value::Null if matches!(expected, "null" | "None") => {
            Some("the value is null; write `is null`".to_owned())
        }
        Value::Array(_) | Value::Object(_) => Some(format!(
            "the value is {} {}; compare it with `is JSON \"...\"`",
            if actual.is_array() { "a" } else { "an" },
            type_name(actual)
        )),
        _ => None,
    }
}

/// Compares the response body with expected text: as JSON documents when the
/// response format is JSON and the expected text is JSON, else as text.
pub(super) fn body_equals(s: &Scenario, expected_text: &str, what: &str) -> StepResult {
    let response = s.response()?;
    let format = s.request.response_format.unwrap_or(s.request.format);
    if format == crate::http::Format::Json
        && let Ok(expected) = serde_json::from_str::<Value>(expected_text)
    {
        let actual = response.json().map_err(StepError::Failed)?;
        return equal_documents(&expected, actual)
            .or_else(|e| fail(format!("response differs from {what}: {e}")));
    }
    let actual = response.text();
    if actual.trim_end() == expected_text.trim_end() {
        Ok(())
    } else {
        fail(format!(
            "response differs from {what}:\n  expected: {:?}\n  got:      {}",
            expected_text,
            crate::http::body_start(&response.body)
        ))
    }
}
