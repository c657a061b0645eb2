//! Differences between two JSON documents, one line per differing pointer.

use serde_json::Value;

use super::{describe, json_equal};

/// Every difference between `expected` and `actual`, as
/// `/pointer: expected ..., got ...` lines (at most `limit`, then a count of the rest).
pub fn diff(expected: &Value, actual: &Value, limit: usize) -> Vec<String> {
    let mut out = Vec::new();
    walk(expected, actual, &mut String::new(), &mut out);
    if out.len() > limit {
        let rest = out.len() - limit;
        out.truncate(limit);
        out.push(format!("… and {rest} more differences"));
    }
    out
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "(whole document)"
    } else {
        path
    }
}

fn walk(expected: &Value, actual: &Value, path: &mut String, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let len = path.len();
                path.push('/');
                path.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match a.get(key) {
                    Some(av) => walk(ev, av, path, out),
                    None => out.push(format!(
                        "{path}: expected {}, but it is missing",
                        describe(ev)
                    )),
                }
                path.truncate(len);
            }
            for (key, av) in a {
                if !e.contains_key(key) {
                    out.push(format!(
                        "{path}/{}: not expected, got {}",
                        key.replace('~', "~0").replace('/', "~1"),
                        describe(av)
                    ));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                walk(ev, av, path, out);
                path.truncate(len);
            }
        }
        (Value::Array(e), Value::Array(a)) => out.push(format!(
            "{}: expected a list of {} items, got {} items: {}",
            at(path),
            e.len(),
            a.len(),
            describe(actual)
        )),
        _ if json_equal(expected, actual) => {}
        _ => out.push(format!(
            "{}: expected {}, got {}",
            at(path),
            describe(expected),
            describe(actual)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_each_differing_pointer_with_types() {
        let expected = json!({"action": {"code": 0, "msg": "Hello", "flow": ["Ack"]}});
        let actual =
            json!({"action": {"code": "0", "msg": "How do you do?", "flow": ["Ack"], "x": 1}});
        assert_eq!(
            diff(&expected, &actual, 10),
            vec![
                "/action/code: expected number 0, got string \"0\"",
                "/action/msg: expected string \"Hello\", got string \"How do you do?\"",
                "/action/x: not expected, got number 1",
            ]
        );
    }

    #[test]
    fn equal_documents_have_no_differences_even_with_other_number_forms() {
        assert!(diff(&json!({"a": 1.0}), &json!({"a": 1}), 10).is_empty());
    }

    #[test]
    fn numbers_beyond_f64_differ() {
        let e: Value = serde_json::from_str(r#"{"id": 9007199254740992}"#).unwrap();
        let a: Value = serde_json::from_str(r#"{"id": 9007199254740993}"#).unwrap();
        assert_eq!(
            diff(&e, &a, 10),
            vec!["/id: expected number 9007199254740992, got number 9007199254740993"]
        );
    }
}
