//! Status and header checks. A missing header is a failure, not an error.

use super::request::step;
use super::{Args, StepDef};
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, fail, input_error};

type StepResult = Result<(), StepError>;

/// Status and header checks.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Response,
        r#"status is "{status}""#,
        "The response status code equals the number.",
        r#"Then status is "200""#,
        |s, a| {
            let text = s.text(a.get(0))?;
            let Ok(expected) = text.trim().parse::<u16>() else {
                return input_error(format!("`{text}` is not a status code"));
            };
            let response = s.response()?;
            if response.status == expected {
                Ok(())
            } else {
                fail(format!(
                    "expected status {expected}, got {}; body: {}",
                    response.status,
                    crate::http::body_start(&response.body)
                ))
            }
        }
    ),
    step!(
        Response,
        r#"header "{name}" is "{value}""#,
        "The header's value equals the text.",
        r#"Then header "Content-Type" is "application/json""#,
        |s, a| { header_check(s, a, "to be", |actual, expected| actual == expected) }
    ),
    step!(
        Response,
        r#"header "{name}" is not "{value}""#,
        "The header's value differs from the text.",
        r#"Then header "Server" is not "nginx""#,
        |s, a| { header_check(s, a, "not to be", |actual, expected| actual != expected) }
    ),
    step!(
        Response,
        r#"header "{name}" contains "{value}""#,
        "The header's value contains the text.",
        r#"Then header "Content-Type" contains "json""#,
        |s, a| {
            header_check(s, a, "to contain", |actual, expected| {
                actual.contains(expected)
            })
        }
    ),
    step!(
        Response,
        r#"header "{name}" does not contain "{value}""#,
        "The header's value does not contain the text.",
        r#"Then header "Content-Type" does not contain "xml""#,
        |s, a| {
            header_check(s, a, "not to contain", |actual, expected| {
                !actual.contains(expected)
            })
        }
    ),
    step!(
        Response,
        r#"header "{name}" starts with "{value}""#,
        "The header's value starts with the text.",
        r#"Then header "Content-Type" starts with "application/""#,
        |s, a| {
            header_check(s, a, "to start with", |actual, expected| {
                actual.starts_with(expected)
            })
        }
    ),
    step!(
        Response,
        r#"header "{name}" does not start with "{value}""#,
        "The header's value does not start with the text.",
        r#"Then header "Content-Type" does not start with "text/""#,
        |s, a| {
            header_check(s, a, "not to start with", |actual, expected| {
                !actual.starts_with(expected)
            })
        }
    ),
    step!(
        Response,
        r#"header "{name}" ends with "{value}""#,
        "The header's value ends with the text.",
        r#"Then header "Content-Type" ends with "json""#,
        |s, a| {
            header_check(s, a, "to end with", |actual, expected| {
                actual.ends_with(expected)
            })
        }
    ),
    step!(
        Response,
        r#"header "{name}" does not end with "{value}""#,
        "The header's value does not end with the text.",
        r#"Then header "Content-Type" does not end with "xml""#,
        |s, a| {
            header_check(s, a, "not to end with", |actual, expected| {
                !actual.ends_with(expected)
            })
        }
    ),
    step!(
        Response,
        r#"header "{name}" exists"#,
        "The response has the header.",
        r#"Then header "Server" exists"#,
        |s, a| {
            let name = s.text(a.get(0))?;
            header(s, &name).map(drop)
        }
    ),
    step!(
        Response,
        r#"header "{name}" does not exist"#,
        "The response does not have the header.",
        r#"Then header "X-Debug" does not exist"#,
        |s, a| {
            let name = s.text(a.get(0))?;
            match s.response()?.headers.get(name.as_str()) {
                None => Ok(()),
                Some(v) => fail(format!(
                    "expected no header `{name}`, got {:?}",
                    String::from_utf8_lossy(v.as_bytes())
                )),
            }
        }
    ),
    step!(
        Response,
        r#"header "{name}" is empty"#,
        "The header exists and its value is empty.",
        r#"Then header "X-Empty" is empty"#,
        |s, a| {
            let name = s.text(a.get(0))?;
            let value = header(s, &name)?;
            if value.is_empty() {
                Ok(())
            } else {
                fail(format!(
                    "expected header `{name}` to be empty, got {value:?}"
                ))
            }
        }
    ),
    step!(
        Response,
        r#"header "{name}" is not empty"#,
        "The header exists and its value is not empty.",
        r#"Then header "Server" is not empty"#,
        |s, a| {
            let name = s.text(a.get(0))?;
            let value = header(s, &name)?;
            if value.is_empty() {
                fail(format!(
                    "expected header `{name}` not to be empty, got \"\""
                ))
            } else {
                Ok(())
            }
        }
    ),
    step!(
        Response,
        r#"response is equal to that from "{file}""#,
        "The body equals `features/<format>/response/<file>` (as JSON for JSON, as text otherwise).",
        r#"Then response is equal to that from "demo.json""#,
        |s, a| {
            let name = s.text(a.get(0))?;
            let format = s.request.response_format.unwrap_or(s.request.format);
            let expected = s.read_data_file(format, "response", &name)?;
            super::json::body_equals(s, &expected, &name)
        }
    ),
    step!(
        Response,
        r#"response is equal to "{body}""#,
        "The body equals the text (compared as JSON when both sides are JSON).",
        r#"Then response is equal to "{"ok": true}""#,
        |s, a| {
            let expected = s.text(a.get(0))?;
            super::json::body_equals(s, &expected, "the expected text")
        }
    ),
    step!(
        Response,
        r#"response contains "{text}""#,
        "The response body, as text, contains the text.",
        r#"Then response contains "How do you do?""#,
        |s, a| body_text_check(s, a, true)
    ),
    step!(
        Response,
        r#"response does not contain "{text}""#,
        "The response body, as text, does not contain the text.",
        r#"Then response does not contain "Traceback""#,
        |s, a| body_text_check(s, a, false)
    ),
    step!(
        Response,
        r#"response time is less than "{ms}" ms"#,
        "The exchange (request sent to body received) took less than the milliseconds.",
        r#"Then response time is less than "30000" ms"#,
        |s, a| {
            let text = s.text(a.get(0))?;
            let Ok(limit) = text.trim().parse::<u64>() else {
                return input_error(format!("`{text}` is not a number of milliseconds"));
            };
            let took = s.response()?.elapsed;
            if took.as_millis() < u128::from(limit) {
                Ok(())
            } else {
                fail(format!(
                    "expected a response in less than {limit} ms, it took {} ms",
                    took.as_millis()
                ))
            }
        }
    ),
];

/// A header's value, or a failure listing the headers that were received.
fn header(s: &Scenario, name: &str) -> Result<String, StepError> {
    let response = s.response()?;
    match response.headers.get(name) {
        Some(value) => Ok(String::from_utf8_lossy(value.as_bytes()).into_owned()),
        None => {
            let mut names: Vec<&str> = response.headers.keys().map(|k| k.as_str()).collect();
            names.sort_unstable();
            fail(format!(
                "expected header `{name}`, but the response has no such header (received: {})",
                names.join(", ")
            ))
        }
    }
}

fn header_check(s: &Scenario, a: &Args, verb: &str, ok: fn(&str, &str) -> bool) -> StepResult {
    let (name, expected) = (s.text(a.get(0))?, s.text(a.get(1))?);
    let actual = header(s, &name)?;
    if ok(&actual, &expected) {
        Ok(())
    } else {
        fail(format!(
            "expected header `{name}` {verb} {expected:?}, got {actual:?}"
        ))
    }
}

fn body_text_check(s: &Scenario, a: &Args, want: bool) -> StepResult {
    let expected = s.text(a.get(0))?;
    let response = s.response()?;
    if response.text().contains(&expected) == want {
        Ok(())
    } else {
        let verb = if want { "to contain" } else { "not to contain" };
        fail(format!(
            "expected the response {verb} {expected:?}; body: {}",
            crate::http::body_start(&response.body)
        ))
    }
}
