//! Stored variables: generated values, Base64, named date formats, and checks
//! of a variable's value or type (`variable "#x" is an integer "7"`).

use base64::Engine;
use serde_json::Value;

use super::dates::DateKind;
use super::{Args, Exec, Family, StepDef};
use crate::assert::{describe, is_integer_value, json_equal, parse_integer, parse_number};
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, fail, input_error};

type StepResult = Result<(), StepError>;

macro_rules! store {
    ($pattern:expr, $summary:expr, $example:expr, $f:expr) => {
        StepDef {
            pattern: $pattern,
            family: Family::Context,
            summary: $summary,
            example: $example,
            exec: Exec::Sync($f),
            stores: true,
        }
    };
}

macro_rules! check {
    ($pattern:expr, $summary:expr, $example:expr, $f:expr) => {
        $crate::steps::request::step!(Context, $pattern, $summary, $example, $f)
    };
}

/// Generated values, Base64 and date formats.
pub(super) const STORE_STEPS: &[StepDef] = &[
    store!(
        r#"I store a random string under "{name}""#,
        "Stores a random string (`a` + 32 hex digits) as `#name`.",
        r#"Given I store a random string under "rnd_s""#,
        |s, a| store_value(s, a, super::setters::random_string())
    ),
    store!(
        r#"I store a random integer under "{name}""#,
        "Stores a random integer from 0 to 99 as `#name`.",
        r#"Given I store a random integer under "rnd_i""#,
        |s, a| store_value(s, a, super::setters::random_integer())
    ),
    store!(
        r#"I store a random float under "{name}""#,
        "Stores a random number from 0 to 100 as `#name`.",
        r#"Given I store a random float under "rnd_f""#,
        |s, a| store_value(s, a, super::setters::random_float())
    ),
    store!(
        r#"I store a random date under "{name}", format "{format}""#,
        "Stores a random date between 1970 and 2100 in a named format as `#name`.",
        r#"Given I store a random date under "rnd_d", format "default""#,
        |s, a| {
            let text = super::dates::date_text(s, DateKind::Random, a, 1)?;
            store_value(s, a, Value::String(text))
        }
    ),
    store!(
        r#"I encode "{value}" using Base64 under "{name}""#,
        "Stores the Base64 encoding of the text as `#name`.",
        r#"Given I encode "api:secret" using Base64 under "basic""#,
        |s, a| {
            let text = s.text(a.get(0))?;
            let name = s.text(a.get(1))?;
            let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
            s.stored.insert(name, Value::String(encoded));
            Ok(())
        }
    ),
    StepDef {
        pattern: r#"date format "{name}" "{format}""#,
        family: Family::Context,
        summary: "Names an Arrow date format (`YYYY-MM-DD HH:mm:ss`) for the date steps; `default` is built in.",
        example: r#"Given date format "day" "YYYY-MM-DD""#,
        exec: Exec::Sync(|s, a| {
            let (name, format) = (s.text(a.get(0))?, s.text(a.get(1))?);
            if format.trim().is_empty() {
                return input_error(format!("date format `{name}` is empty"));
            }
            s.request.date_formats.insert(name, format);
            Ok(())
        }),
        stores: false,
    },
];

/// Checks of a variable's value or type.
pub(super) const CHECK_STEPS: &[StepDef] = &[
    check!(
        r#"variable "{variable}" is a string "{value}""#,
        "The variable is this string.",
        r##"Then variable "#cust_name" is a string "Maria Garcia""##,
        |s, a| {
            let expected = Value::String(s.text(a.get(1))?);
            equals(s, a, &expected)
        }
    ),
    check!(
        r#"variable "{variable}" is an integer "{value}""#,
        "The variable is this integer.",
        r##"Then variable "#count" is an integer "7""##,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(n) = parse_integer(&text) else {
                return input_error(format!("`{text}` is not an integer"));
            };
            equals(s, a, &Value::Number(n))
        }
    ),
    check!(
        r#"variable "{variable}" is a float "{value}""#,
        "The variable is this number.",
        r##"Then variable "#price" is a float "1.5""##,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(number) = parse_number(&text) else {
                return input_error(format!("`{text}` is not a number"));
            };
            equals(s, a, &Value::Number(number))
        }
    ),
    check!(
        r#"variable "{variable}" is a list "{value}""#,
        "The variable equals the Python list literal (`[1, 'a']`).",
        r##"Then variable "#flow" is a list "['Ack', 'Done']""##,
        |s, a| {
            let text = s.text(a.get(1))?;
            let expected = super::parse_python_literal(&text).map_err(StepError::Input)?;
            equals(s, a, &expected)
        }
    ),
    check!(
        r#"variable "{variable}" is an empty list"#,
        "The variable is `[]`.",
        r##"Then variable "#errors" is an empty list"##,
        |s, a| equals(s, a, &Value::Array(Vec::new()))
    ),
    check!(
        r#"variable "{variable}" is True"#,
        "The variable is true.",
        r##"Then variable "#active" is True"##,
        |s, a| equals(s, a, &Value::Bool(true))
    ),
    check!(
        r#"variable "{variable}" is False"#,
        "The variable is false.",
        r##"Then variable "#blocked" is False"##,
        |s, a| equals(s, a, &Value::Bool(false))
    ),
    check!(
        r#"variable "{variable}" is any string"#,
        "The variable is a string.",
        r##"Then variable "#rnd_s" is any string"##,
        |s, a| type_check(s, a, "a string", Value::is_string)
    ),
    check!(
        r#"variable "{variable}" is any list"#,
        "The variable is a list.",
        r##"Then variable "#flow" is any list"##,
        |s, a| type_check(s, a, "a list", Value::is_array)
    ),
    check!(
        r#"variable "{variable}" is any dict"#,
        "The variable is an object.",
        r##"Then variable "#action" is any dict"##,
        |s, a| type_check(s, a, "an object", Value::is_object)
    ),
    check!(
        r#"variable "{variable}" is any integer"#,
        "The variable is an integer (a number without fraction or exponent, of any size).",
        r##"Then variable "#rnd_i" is any integer"##,
        |s, a| type_check(s, a, "an integer", is_integer_value)
    ),
    check!(
        r#"variable "{variable}" is any float"#,
        "The variable is a number with a fraction.",
        r##"Then variable "#rnd_f" is any float"##,
        |s, a| type_check(s, a, "a float", crate::assert::is_float_value)
    ),
    check!(
        r#"variable "{variable}" is any Boolean"#,
        "The variable is true or false.",
        r##"Then variable "#active" is any Boolean"##,
        |s, a| type_check(s, a, "a boolean", Value::is_boolean)
    ),
    check!(
        r#"variable "{variable}" is any UUID4"#,
        "The variable is a version-4 UUID (with or without dashes).",
        r##"Then variable "#request_id" is any UUID4"##,
        |s, a| {
            type_check(s, a, "a version-4 UUID", |v| {
                v.as_str()
                    .and_then(|t| uuid::Uuid::parse_str(t).ok())
                    .is_some_and(|u| u.get_version_num() == 4)
            })
        }
    ),
];

fn store_value(s: &mut Scenario, a: &Args, value: Value) -> StepResult {
    let name = s.text(a.get(0))?;
    s.stored.insert(name, value);
    Ok(())
}

fn equals(s: &Scenario, a: &Args, expected: &Value) -> StepResult {
    let actual = s.value(a.get(0))?;
    if json_equal(expected, &actual) && same_kind(expected, &actual) {
        Ok(())
    } else {
        fail(format!(
            "variable \"{}\": expected {}, got {}",
            a.get(0),
            describe(expected),
            describe(&actual)
        ))
    }
}

/// An integer expected (`is an integer "7"`) is not met by a float (`7.0`).
fn same_kind(expected: &Value, actual: &Value) -> bool {
    !is_integer_value(expected) || is_integer_value(actual)
}

fn type_check(s: &Scenario, a: &Args, what: &str, ok: fn(&Value) -> bool) -> StepResult {
    let actual = s.value(a.get(0))?;
    if ok(&actual) {
        Ok(())
    } else {
        fail(format!(
            "variable \"{}\": expected {what}, got {}",
            a.get(0),
            describe(&actual)
        ))
    }
}
