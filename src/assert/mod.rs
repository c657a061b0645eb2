//! Predicates over JSON values: typed descriptions, pointer look-ups that explain
//! what is missing, and document diffs by JSON pointer.
//!
//! A failed comparison names both sides with their JSON types:
//!
//! ```text
//! expected string "1.5", got number 1.5
//! /action/msg: expected string "Hello", got string "How do you do?"
//! ```

mod diff;

pub use diff::diff;

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

/// Whether a scalar's text form equals `expected` (strings as they are, numbers
/// and booleans as JSON writes them). Used by comma-separated list checks.
pub fn scalar_matches(actual: &Value, expected: &str) -> bool {
    match actual {
        Value::String(s) => s == expected,
        Value::Number(n) => {
            n.to_string() == expected
                || expected
                    .parse::<f64>()
                    .ok()
                    .zip(n.as_f64())
                    .is_some_and(|(e, a)| e == a)
        }
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
    fn descriptions_carry_the_type() {
        assert_eq!(describe(&json!("1.5")), "string \"1.5\"");
        assert_eq!(describe(&json!(1.5)), "number 1.5");
        assert_eq!(describe(&json!(null)), "null");
    }
}
