//! Request setup: address, path, query, method, headers, auth, formats, bodies.

use serde_json::Value;

use super::{Args, Exec, Family, StepDef};
use crate::http::Format;
use crate::runner::scenario::{Body, Scenario};
use crate::runner::{StepError, input_error};

type StepResult = Result<(), StepError>;

macro_rules! step {
    ($family:ident, $pattern:expr, $summary:expr, $example:expr, $f:expr) => {
        $crate::steps::StepDef {
            pattern: $pattern,
            family: $crate::steps::Family::$family,
            summary: $summary,
            example: $example,
            exec: $crate::steps::Exec::Sync($f),
            stores: false,
        }
    };
}
pub(super) use step;

/// Address, path, query, method, headers, auth and formats.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Request,
        r#"address "{address}""#,
        "Scheme, host and port of the target; the URL is address + URL path + query string.",
        r#"Given address "http://127.0.0.1:8080""#,
        |s, a| {
            s.request.address = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"URL path "{path}""#,
        "The URL path (default `/`).",
        r#"Given URL path "/demo/rest""#,
        |s, a| {
            s.request.url_path = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"query string "{query}""#,
        "The query string, `?` included, appended verbatim.",
        r#"Given query string "?demo=1""#,
        |s, a| {
            s.request.query = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"[REST|HTTP] method "{method}""#,
        "The HTTP method (default GET).",
        r#"Given REST method "POST""#,
        |s, a| {
            s.request.method = s.text(a.get(0))?.to_ascii_uppercase();
            Ok(())
        }
    ),
    step!(
        Request,
        r#"header "{name}" "{value}""#,
        "Sets a request header (a later value replaces an earlier one).",
        r#"Given header "X-Custom-Header" "MyValue""#,
        |s, a| {
            let (name, value) = (s.text(a.get(0))?, s.text(a.get(1))?);
            s.request.set_header(name, value);
            Ok(())
        }
    ),
    step!(
        Request,
        r#"user agent is "{value}""#,
        "Sets the User-Agent header (default `apitest/<version>`).",
        r#"Given user agent is "my-client/1.0""#,
        |s, a| {
            let value = s.text(a.get(0))?;
            s.request.set_header("User-Agent".to_owned(), value);
            Ok(())
        }
    ),
    step!(
        Request,
        r#"Basic Auth "{user}" "{password}""#,
        "HTTP Basic authentication.",
        r#"Given Basic Auth "api" "secret""#,
        |s, a| {
            s.request.basic_auth = Some((s.text(a.get(0))?, s.text(a.get(1))?));
            Ok(())
        }
    ),
    step!(
        Request,
        r#"[format|request format] "{format}""#,
        "Request body encoding (JSON, XML, RAW, FORM); also the default response format.",
        r#"Given format "JSON""#,
        |s, a| {
            s.request.format = format_arg(s, a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"response format "{format}""#,
        "How to read the response, when it differs from the request format.",
        r#"Given response format "RAW""#,
        |s, a| {
            s.request.response_format = Some(format_arg(s, a.get(0))?);
            Ok(())
        }
    ),
    step!(
        Request,
        r#"form field "{name}" is "{value}""#,
        "Adds a form field (FORM format); a repeated name sends the field again.",
        r#"Given form field "tag" is "a""#,
        add_form_field
    ),
    step!(
        Request,
        r#"request param "{name}" is "{value}""#,
        "Old wording of `form field`.",
        r#"Given request param "tag" is "a""#,
        add_form_field
    ),
    step!(
        Request,
        r#"request file "{name}" is "{file}""#,
        "Uploads `features/form/request/<file>` as the form field (sent as multipart/form-data).",
        r#"Given request file "attachment" is "hello.txt""#,
        |s, a| {
            let (name, file) = (s.text(a.get(0))?, s.text(a.get(1))?);
            let path = s.data_file(Format::Form, "request", &file);
            if !path.is_file() {
                return input_error(format!(
                    "no file `{file}` to upload: {} does not exist",
                    crate::diag::display_path(&path).display()
                ));
            }
            s.request.files.push((name, path));
            Ok(())
        }
    ),
];

/// Request bodies and values set inside them.
pub(super) const BODY_STEPS: &[StepDef] = &[
    step!(
        Body,
        r#"request is "{body}""#,
        "An inline request body, read by the request format.",
        r#"Given request is "{"customer": {"id": 1}}""#,
        |s, a| {
            let text = s.text(a.get(0))?;
            s.request.body = parse_body(s.request.format, &text, "the inline request")?;
            Ok(())
        }
    ),
    step!(
        Body,
        "request is:",
        "A multi-line request body from the step's doc string.",
        "Given request is:",
        |s, a| {
            let Some(doc) = &a.docstring else {
                return input_error(
                    "`request is:` needs a doc string (lines between \"\"\" marks) under it",
                );
            };
            let text = s.text(doc)?;
            s.request.body = parse_body(s.request.format, &text, "the doc string")?;
            Ok(())
        }
    ),
    step!(
        Body,
        r#"request "{file}""#,
        "A request body from `features/<format>/request/<file>`.",
        r#"Given request "demo.json""#,
        |s, a| {
            let name = s.text(a.get(0))?;
            let text = s.read_data_file(s.request.format, "request", &name)?;
            s.request.body = parse_body(s.request.format, &text, &name)?;
            Ok(())
        }
    ),
    step!(
        Body,
        r#"path "{path}" in request is "{value}""#,
        "Sets a string inside the JSON request body; missing parents are created.",
        r#"Given path "/a" in request is "abc""#,
        |s, a| {
            let value = s.value(a.get(1))?;
            set_in_request(s, a.get(0), value)
        }
    ),
    step!(
        Body,
        r#"path "{path}" in request is "{value}" (with literal_eval)"#,
        "Sets a Python literal (`[1, 'a', None]`, `True`, `3.5`) as JSON.",
        r#"Given path "/items" in request is "[1, 'a', None]" (with literal_eval)"#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let value = super::parse_python_literal(&text).map_err(StepError::Input)?;
            set_in_request(s, a.get(0), value)
        }
    ),
    step!(
        Body,
        r#"path "{path}" in request is an integer "{value}""#,
        "Sets an integer.",
        r#"Given path "/foo" in request is an integer "7""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let n = crate::assert::parse_integer(&text)
                .ok_or_else(|| StepError::Input(format!("`{text}` is not an integer")))?;
            set_in_request(s, a.get(0), Value::Number(n))
        }
    ),
    step!(
        Body,
        r#"path "{path}" in request is a float "{value}""#,
        "Sets a floating-point number.",
        r#"Given path "/price" in request is a float "9.99""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            let Some(number) = crate::assert::parse_number(&text) else {
                return input_error(format!("`{text}` is not a number"));
            };
            set_in_request(s, a.get(0), Value::Number(number))
        }
    ),
    step!(
        Body,
        r#"path "{path}" in request is a list "{values}""#,
        "Sets a list of strings from comma-separated values.",
        r#"Given path "/bar" in request is a list "1,2,3""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            set_in_request(
                s,
                a.get(0),
                Value::Array(csv(&text).map(Value::from).collect()),
            )
        }
    ),
    step!(
        Body,
        r#"path "{path}" in request is True"#,
        "Sets `true`.",
        r#"Given path "/active" in request is True"#,
        |s, a| set_in_request(s, a.get(0), Value::Bool(true))
    ),
    step!(
        Body,
        r#"path "{path}" in request is False"#,
        "Sets `false`.",
        r#"Given path "/active" in request is False"#,
        |s, a| set_in_request(s, a.get(0), Value::Bool(false))
    ),
    step!(
        Body,
        r#"path "{path}" in request is a [UUID4|UUID]"#,
        "Sets a random UUID4 (32 hex digits, no dashes, as zato-apitest).",
        r#"Given path "/id" in request is a UUID4"#,
        |s, a| {
            set_in_request(
                s,
                a.get(0),
                Value::from(uuid::Uuid::new_v4().simple().to_string()),
            )
        }
    ),
];

/// Generated values at a JSON Pointer in the request body.
pub(super) const GENERATED_STEPS: &[StepDef] =
    &super::setters::generated_setters!(Body, r#"path "{path}""#, r#"path "/x""#, set_in_request);

/// Sending the request.
pub(super) const INVOKE_STEPS: &[StepDef] = &[StepDef {
    pattern: "the URL is invoked",
    family: Family::Invoke,
    summary: "Sends the request; the response is kept for the checks that follow.",
    example: "When the URL is invoked",
    exec: Exec::Invoke,
    stores: false,
}];

fn add_form_field(s: &mut Scenario, a: &Args) -> StepResult {
    let (name, value) = (s.text(a.get(0))?, s.text(a.get(1))?);
    s.request.form.push((name, value));
    Ok(())
}

fn format_arg(s: &Scenario, raw: &str) -> Result<Format, StepError> {
    let name = s.text(raw)?;
    Format::parse(&name).ok_or_else(|| {
        StepError::Input(format!(
            "unknown format `{name}`; expected one of {}",
            Format::NAMES.join(", ")
        ))
    })
}

/// Comma-separated values, each trimmed; empty input gives no values.
pub(super) fn csv(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

fn parse_body(format: Format, text: &str, what: &str) -> Result<Body, StepError> {
    match format {
        Format::Json => serde_json::from_str(text)
            .map(Body::Json)
            .map_err(|e| StepError::Input(format!("{what} is not valid JSON: {e}"))),
        Format::Xml | Format::Raw | Format::Form => Ok(Body::Text(text.to_owned())),
    }
}

/// Writes `value` at a JSON Pointer in the request body, creating the body and
/// any missing parents.
pub(super) fn set_in_request(s: &mut Scenario, raw_path: &str, value: Value) -> StepResult {
    use jsonptr::assign::Assign;
    let path = s.text(raw_path)?;
    let pointer = super::json::parse_pointer(&path)?;
    if matches!(s.request.body, Body::None) {
        s.request.body = Body::Json(Value::Object(serde_json::Map::new()));
    }
    let Body::Json(body) = &mut s.request.body else {
        return input_error(format!(
            "path \"{path}\" in request needs a JSON body, but the request body is {} text",
            s.request.format
        ));
    };
    body.assign(pointer, value)
        .map(drop)
        .map_err(|e| StepError::Input(format!("cannot set path \"{path}\" in the request: {e}")))
}
