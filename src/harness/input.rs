//! A channel's input: declared fields read from the path, the query string or
//! the body (in that order), checked and defaulted. The body is read in the
//! channel's `data_format` — a JSON object by default, or form fields — whatever
//! the request's `Content-Type` says (`curl -d '{"a": 1}'` sends JSON labelled
//! as a form), and a body that cannot be read that way is a 400, never ignored.
//!
//! ```toml
//! [[channels]]
//! data_format = "json"                                        # or "form"
//! input.name = { type = "string", default = "partner" }       # ?name=Mike or {"name": "Mike"}
//! input.user_name = { required = true, type = "string", pattern = "^[A-Za-z.]+$" }
//! input.limit = { type = "integer", default = 3 }             # "?limit=5" becomes 5
//! ```
//!
//! Every field of the body is part of the input as well, so fan-out
//! channels forward bodies as they came. A body that is not a JSON object, a
//! missing required field or a value of the wrong type or shape is a 400. So is
//! a path parameter, or an input a backend path is built from, that is `.` or
//! `..`: a value stays inside its own path segment.

use serde_json::{Map, Value};

use super::channel_config::{DataFormat, InputType};
use super::plan::{ChannelPlan, InputPlan};
use super::request::is_dot_segment;

/// Why the input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// A sentence for the JSON error body.
    pub message: String,
    /// The field at fault, when there is one.
    pub field: Option<String>,
}

fn bad(message: String, field: Option<&str>) -> InputError {
    InputError {
        message,
        field: field.map(str::to_owned),
    }
}

/// Collects and checks the input of one request, reading the body in the
/// channel's data format.
pub(crate) fn collect(
    channel: &ChannelPlan,
    params: &[(String, String)],
    query: Option<&str>,
    body: &[u8],
) -> Result<Map<String, Value>, InputError> {
    let pairs = |bytes: &[u8]| -> Vec<(String, String)> {
        url::form_urlencoded::parse(bytes).into_owned().collect()
    };
    for (name, value) in params {
        if is_dot_segment(value) {
            return Err(bad(
                format!("path parameter `{name}` cannot be `{value}`"),
                Some(name),
            ));
        }
    }
    let query = query.map(|q| pairs(q.as_bytes())).unwrap_or_default();
    let (mut input, form_fields) = match channel.data_format {
        DataFormat::Form => (Map::new(), pairs(body)),
        DataFormat::Json => (parse_body(body)?, Vec::new()),
    };
    for (k, v) in &form_fields {
        input.insert(k.clone(), Value::String(v.clone()));
    }
    for field in &channel.inputs {
        let from_text = params
            .iter()
            .chain(query.iter())
            .chain(form_fields.iter())
            .find(|(k, _)| *k == field.name)
            .map(|(_, v)| v.as_str());
        let value = match from_text {
            Some(text) => Some(coerce(field, text)?),
            None => input.get(&field.name).filter(|v| !v.is_null()).cloned(),
        };
        match value.or_else(|| field.default.clone()) {
            Some(value) => {
                check(field, &value)?;
                if channel.segment_inputs.contains(&field.name)
                    && let Some(text) = value.as_str()
                    && (text.is_empty() || is_dot_segment(text))
                {
                    return Err(bad(
                        format!(
                            "input `{}` cannot be `{text}`: a backend path segment is made of it",
                            field.name
                        ),
                        Some(&field.name),
                    ));
                }
                input.insert(field.name.clone(), value);
            }
            None if field.required => {
                return Err(bad(
                    format!("missing required input `{}`", field.name),
                    Some(&field.name),
                ));
            }
            None => {}
        }
    }
    Ok(input)
}

fn parse_body(body: &[u8]) -> Result<Map<String, Value>, InputError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err(bad("the request body must be a JSON object".into(), None)),
        Err(e) => Err(bad(
            format!("the request body is not valid JSON: {e}"),
            None,
        )),
    }
}

/// A path or query string as the field's type.
fn coerce(field: &InputPlan, text: &str) -> Result<Value, InputError> {
    let wrong = || {
        bad(
            format!(
                "input `{}` must be {}, not `{text}`",
                field.name,
                describe(field.kind)
            ),
            Some(&field.name),
        )
    };
    Ok(match field.kind {
        None | Some(InputType::String) => Value::String(text.to_owned()),
        Some(InputType::Integer) => Value::from(text.parse::<i64>().map_err(|_| wrong())?),
        Some(InputType::Number) => {
            let n = text.parse::<f64>().map_err(|_| wrong())?;
            serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or_else(wrong)?
        }
        Some(InputType::Boolean) => Value::Bool(text.parse::<bool>().map_err(|_| wrong())?),
        Some(InputType::Object | InputType::Array) => return Err(wrong()),
    })
}

/// Checks a value's type and pattern (also used on defaults at load time).
pub(crate) fn check(field: &InputPlan, value: &Value) -> Result<(), InputError> {
    let type_ok = match field.kind {
        None => true,
        Some(InputType::String) => value.is_string(),
        Some(InputType::Integer) => value.is_i64() || value.is_u64(),
        Some(InputType::Number) => value.is_number(),
        Some(InputType::Boolean) => value.is_boolean(),
        Some(InputType::Object) => value.is_object(),
        Some(InputType::Array) => value.is_array(),
    };
    if !type_ok {
        return Err(bad(
            format!("input `{}` must be {}", field.name, describe(field.kind)),
            Some(&field.name),
        ));
    }
    if let (Some(pattern), Some(text)) = (&field.pattern, value.as_str())
        && !pattern.is_match(text)
    {
        return Err(bad(
            format!(
                "input `{}` does not match `{}`",
                field.name,
                pattern.as_str()
            ),
            Some(&field.name),
        ));
    }
    Ok(())
}

fn describe(kind: Option<InputType>) -> &'static str {
    match kind {
        None => "a value",
        Some(InputType::String) => "a string",
        Some(InputType::Integer) => "an integer",
        Some(InputType::Number) => "a number",
        Some(InputType::Boolean) => "a boolean",
        Some(InputType::Object) => "a JSON object",
        Some(InputType::Array) => "a JSON array",
    }
}
