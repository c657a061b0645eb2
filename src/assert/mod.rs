//! Predicates over JSON values: typed descriptions, pointer look-ups that explain
//! what is missing, and document diffs by JSON pointer.
//!
//! Equality is exact and the same everywhere: [`json_equal`] compares documents
//! with objects' keys in any order and numbers by their exact decimal value
//! ([`number`]).
//!
//! A failed comparison names both sides with their JSON types:
//!
//! ```text
//! expected string "1.5", got number 1.5
//! /action/msg: expected string "Hello", got string "How do you do?"
//! ```

mod diff;
pub mod number;

pub use diff::diff;
pub use number::{is_integer, numbers_equal, parse_integer, parse_number};

use serde_json::Value;

/// The JSON type of a value, as messages name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// A value with its type, shortened when long: `string "abc"`, `number 1.5`,
/// `list [1,2]`, `null`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        other => {
            let mut text = other.to_string();
            if text.chars().count() > 200 {
                text = text.chars().take(200).collect::<String>() + "…";
            }
            format!("{} {text}", type_name(other))
        }
    }
}

/// Resolves a JSON Pointer, or explains the first token that is missing and
/// what is there instead.
pub fn lookup<'v>(document: &'v Value, pointer: &jsonptr::Pointer) -> Result<&'v Value, String> {
    let mut current = document;
    let mut walked = String::new();
    for token in pointer.tokens() {
        let key = token.decoded();
        let parent = if walked.is_empty() {
            "the document".to_owned()
        } else {
            walked.clone()
        };
        let next = match current {
            Value::Object(map) => map.get(key.as_ref()).ok_or_else(|| {
                let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
                keys.truncate(20);
                if keys.is_empty() {
                    format!("{parent} is an empty object, it has no key `{key}`")
                } else {
                    format!(
                        "{parent} has no key `{key}` (its keys: {})",
                        keys.join(", ")
                    )
                }
            }),
            Value::Array(items) => key
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .ok_or_else(|| {
                    format!(
                        "{parent} is a list of {} items, it has no index `{key}`",
                        items.len()
                    )
                }),
            other => Err(format!(
                "{parent} is {}, not an object or list",
                describe(other)
            )),
        }?;
        walked.push('/');
        walked.push_str(token.encoded());
        current = next;
    }
    Ok(current)
}

/// Whether the value is a number written as an integer (any size).
pub fn is_integer_value(value: &Value) -> bool {
    matches!(value, Value::Number(n) if is_integer(n))
}

/// Whether the value is a number written with a fraction or an exponent.
pub fn is_float_value(value: &Value) -> bool {
    matches!(value, Value::Number(n) if !is_integer(n))
}

/// Whether two JSON values are equal: the same type, objects with the same
/// keys (in any order) and equal values, lists with equal items in order, and
/// numbers with the same decimal value. Every equality check of a step comes
/// down to this.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => numbers_equal(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Whether a scalar equals one comma-separated item of `is one of`: a string
/// as it is, a number read from the item (exactly), `true`/`True`,
/// `false`/`False`, `null`/`None`.
pub fn scalar_matches(actual: &Value, expected: &str) -> bool {
    match actual {
        Value::String(s) => s == expected,
        Value::Number(n) => parse_number(expected).is_some_and(|e| numbers_equal(n, &e)),
        Value::Bool(b) => expected.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        Value::Null => expected == "null" || expected == "None",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ptr(s: &str) -> &jsonptr::Pointer {
        jsonptr::Pointer::parse(s).unwrap()
    }

    #[test]
    fn a_missing_key_names_the_keys_that_exist() {
        let doc = json!({"action": {"code": 0, "msg": "hi"}});
        assert_eq!(
            lookup(&doc, ptr("/action/msgs")).unwrap_err(),
            "/action has no key `msgs` (its keys: code, msg)"
        );
    }

    #[test]
    fn an_index_past_the_end_gives_the_list_length() {
        let doc = json!({"flow": ["Ack", "Done"]});
        assert_eq!(
            lookup(&doc, ptr("/flow/5")).unwrap_err(),
            "/flow is a list of 2 items, it has no index `5`"
        );
    }

    #[test]
    fn pointer_tokens_may_contain_spaces_and_escapes() {
        let doc = json!({"places": [{"place name": "X", "a/b": 1}]});
        assert_eq!(
            lookup(&doc, ptr("/places/0/place name")).unwrap(),
            &json!("X")
        );
        assert_eq!(lookup(&doc, ptr("/places/0/a~1b")).unwrap(), &json!(1));
    }

    #[test]
    fn equality_is_exact_and_ignores_key_order() {
        let big: Value = serde_json::from_str(r#"{"id": 9007199254740993, "p": 1.10}"#).unwrap();
        let near: Value = serde_json::from_str(r#"{"p": 1.1, "id": 9007199254740992}"#).unwrap();
        let same: Value = serde_json::from_str(r#"{"p": 1.1, "id": 9007199254740993}"#).unwrap();
        assert!(!json_equal(&big, &near));
        assert!(json_equal(&big, &same));
        assert!(!json_equal(&json!([1, 2]), &json!([2, 1])));
        assert!(!json_equal(&json!({"a": 1}), &json!({"a": 1, "b": null})));
        assert!(!json_equal(&json!("1"), &json!(1)));
    }

    #[test]
    fn one_of_items_compare_numbers_exactly() {
        let n: Value = serde_json::from_str("9007199254740993").unwrap();
        assert!(!scalar_matches(&n, "9007199254740992"));
        assert!(scalar_matches(&n, "9007199254740993"));
        assert!(scalar_matches(&json!(1.5), "1.50"));
    }

    #[test]
    fn descriptions_carry_the_type() {
        assert_eq!(describe(&json!("1.5")), "string \"1.5\"");
        assert_eq!(describe(&json!(1.5)), "number 1.5");
        assert_eq!(describe(&json!(null)), "null");
    }
}
