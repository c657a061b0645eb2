//! Generated values written into the request, the same for a JSON Pointer
//! (`path "/x" in request is ...`) and an XPath (`XPath "//x" in request is ...`):
//! random strings, numbers, picks, and dates in a named Arrow format.

use rand::RngExt;
use serde_json::Value;

use super::request::csv;
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, input_error};

/// `a` followed by 32 hex digits, as zato-apitest's random strings.
pub(super) fn random_string() -> Value {
    Value::from(format!("a{}", uuid::Uuid::new_v4().simple()))
}

/// An integer from 0 to 99.
pub(super) fn random_integer() -> Value {
    Value::from(rand::rng().random_range(0..100_i64))
}

/// A number from 0 to 100 (an integer from 0 to 99 plus a fraction).
pub(super) fn random_float() -> Value {
    let n = rand::rng().random_range(0..100_i64) as f64 + rand::rng().random::<f64>();
    serde_json::Number::from_f64(n).map_or(Value::from(0.5), Value::Number)
}

/// One of the comma-separated values in argument `i`, picked at random.
pub(super) fn one_of(s: &Scenario, raw: &str) -> Result<Value, StepError> {
    let text = s.text(raw)?;
    let options: Vec<&str> = csv(&text).collect();
    if options.is_empty() {
        return input_error("`one of` needs at least one value");
    }
    Ok(Value::from(
        options[rand::rng().random_range(0..options.len())],
    ))
}

/// The generated-value setters for one kind of target: `$target` is the start
/// of the pattern (`path "{path}"`), `$example` the start of the example
/// (`path "/x"`), and `$set` writes a value at the target (argument 0).
macro_rules! generated_setters {
    ($family:ident, $target:literal, $example:literal, $set:path) => {
        [
            $crate::steps::request::step!(
                $family,
                concat!($target, " in request is a random string"),
                "Writes a random string (`a` + 32 hex digits).",
                concat!("Given ", $example, " in request is a random string"),
                |s, a| $set(s, a.get(0), $crate::steps::setters::random_string())
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, " in request is a random integer"),
                "Writes a random integer from 0 to 99.",
                concat!("Given ", $example, " in request is a random integer"),
                |s, a| $set(s, a.get(0), $crate::steps::setters::random_integer())
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, " in request is a random float"),
                "Writes a random number from 0 to 100.",
                concat!("Given ", $example, " in request is a random float"),
                |s, a| $set(s, a.get(0), $crate::steps::setters::random_float())
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is one of "{values}""#),
                "Writes one of the comma-separated values, picked at random.",
                concat!("Given ", $example, r#" in request is one of "red,green,blue""#),
                |s, a| {
                    let value = $crate::steps::setters::one_of(s, a.get(1))?;
                    $set(s, a.get(0), value)
                }
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is a random date "{format}""#),
                "Writes a random date between 1970 and 2100 in a named format (`default` is `YYYY-MM-DDTHH:mm:ss`).",
                concat!("Given ", $example, r#" in request is a random date "default""#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::Random, $set)
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is now "{format}""#),
                "Writes the local time now in a named format.",
                concat!("Given ", $example, r#" in request is now "default""#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::Now, $set)
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is UTC now "{format}""#),
                "Writes the UTC time now in a named format.",
                concat!("Given ", $example, r#" in request is UTC now "default""#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::UtcNow, $set)
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is UTC now "{format}" minus one hour"#),
                "Writes the UTC time an hour ago in a named format.",
                concat!("Given ", $example, r#" in request is UTC now "default" minus one hour"#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::UtcNowMinusHour, $set)
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is a random date after "{date}" "{format}""#),
                "Writes a date 0 to 100000 days after the date, in a named format.",
                concat!("Given ", $example, r#" in request is a random date after "2020-01-01" "default""#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::After, $set)
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is a random date before "{date}" "{format}""#),
                "Writes a date 0 to 100000 days before the date, in a named format.",
                concat!("Given ", $example, r#" in request is a random date before "2020-01-01" "default""#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::Before, $set)
            ),
            $crate::steps::request::step!(
                $family,
                concat!($target, r#" in request is a random date between "{start}" and "{end}" "{format}""#),
                "Writes a random day from the first date to the second (equal dates allowed), in a named format.",
                concat!("Given ", $example, r#" in request is a random date between "2020-01-01" and "2020-12-31" "default""#),
                |s, a| $crate::steps::setters::set_date(s, a, $crate::steps::dates::DateKind::Between, $set)
            ),
        ]
    };
}
pub(super) use generated_setters;

/// Writes a date of `kind` (its arguments follow the target) with `set`.
pub(super) fn set_date(
    s: &mut Scenario,
    a: &super::Args,
    kind: super::dates::DateKind,
    set: fn(&mut Scenario, &str, Value) -> Result<(), StepError>,
) -> Result<(), StepError> {
    let text = super::dates::date_text(s, kind, a, 1)?;
    set(s, a.get(0), Value::String(text))
}
