//! The response half of a mapping: status, headers, body (inline, JSON, base64 or a
//! file from `__files/`), delay, fault and response templating.

use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue, StatusCode};

use crate::diag::closest;
use crate::mock::fault::Fault;
use crate::mock::fields::{RESPONSE_FIELDS, RESPONSE_UNSUPPORTED, TEMPLATE_TRANSFORMER};
use crate::mock::parse::{FileParser, list};
use crate::mock::spanned::{Kind, Node};
use crate::mock::stub::{Body, ResponseDef, ResponseTemplates};
use crate::mock::template::Template;

impl FileParser<'_> {
    /// The `response` object of a mapping.
    pub(crate) fn response(&mut self, node: &Node) -> Option<ResponseDef> {
        if !self.check_fields(node, "a response", RESPONSE_FIELDS, RESPONSE_UNSUPPORTED) {
            return None;
        }
        let before = self.diagnostic_count();
        let status = match node.get("status") {
            Some(s) => self.status(s),
            None => Some(StatusCode::OK),
        };
        let mut headers = node
            .get("headers")
            .map(|h| self.response_headers(h))
            .unwrap_or_default();
        let templating = node
            .get("transformers")
            .is_some_and(|t| self.transformers(t));
        let bodies: Vec<(&str, &Node)> = ["body", "jsonBody", "base64Body", "bodyFileName"]
            .into_iter()
            .filter_map(|f| node.get(f).map(|v| (f, v)))
            .collect();
        if let [(first, _), (second, value), ..] = bodies.as_slice() {
            let d = self
                .error_at(
                    value.start,
                    1,
                    format!("\"{second}\" conflicts with \"{first}\""),
                )
                .expected(format!(
                    "one of {}",
                    list(&["body", "jsonBody", "base64Body", "bodyFileName"])
                ));
            self.push(d);
        }
        let body = match bodies.first() {
            None => Some(Body::Empty),
            Some(("jsonBody", value)) => {
                let json = value.value(self.source);
                if templating && let Some((at, expr)) = first_bad_template(value) {
                    self.unsupported_template(at, &expr);
                }
                if !headers.iter().any(|(n, _)| n == CONTENT_TYPE) {
                    headers.push((CONTENT_TYPE, HeaderValue::from_static("application/json")));
                }
                if templating && has_template(value) {
                    Some(Body::Json(json))
                } else {
                    Some(Body::Bytes(Bytes::from(json.to_string())))
                }
            }
            Some(("body", value)) => match value.as_str() {
                Some(s) => Some(Body::Bytes(Bytes::from(s.to_owned()))),
                None => {
                    self.wrong_type(value, "body", "a string (use \"jsonBody\" for JSON)");
                    None
                }
            },
            Some(("base64Body", value)) => {
                let decoded = value
                    .as_str()
                    .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok());
                if decoded.is_none() {
                    self.wrong_type(value, "base64Body", "a base64 string");
                }
                decoded.map(|b| Body::Bytes(Bytes::from(b)))
            }
            Some((_, value)) => self.body_file(value).map(Body::Bytes),
        };
        let templates = if templating {
            // A `jsonBody`'s templates are in its strings, rendered as JSON.
            let body_node = bodies
                .first()
                .filter(|(field, _)| *field != "jsonBody")
                .map(|(_, v)| *v);
            Some(self.templates(&body, body_node, &headers, node))
        } else {
            None
        };
        let delay = node
            .get("fixedDelayMilliseconds")
            .and_then(|d| self.delay(d));
        let fault = node.get("fault").and_then(|f| self.fault(f));
        if self.diagnostic_count() != before {
            return None;
        }
        Some(ResponseDef {
            status: status?,
            headers,
            body: body?,
            delay,
            fault,
            template: templates,
        })
    }

    fn unsupported_template(&mut self, node: &Node, expr: &str) {
        let d = self
            .error_node(node, format!("unsupported template expression `{expr}`"))
            .note("the fakes understand request.query.NAME, request.headers.NAME, request.path.[N], request.path, request.url, request.method, request.body and jsonPath request.body '$.x'")
            .expected("a supported expression, or no \"response-template\" transformer");
        self.push(d);
    }

    fn templates(
        &mut self,
        body: &Option<Body>,
        body_node: Option<&Node>,
        headers: &[(HeaderName, HeaderValue)],
        node: &Node,
    ) -> ResponseTemplates {
        let mut out = ResponseTemplates {
            body: None,
            headers: Vec::new(),
        };
        if let (Some(Body::Bytes(bytes)), Some(body_node)) = (body, body_node)
            && let Ok(text) = std::str::from_utf8(bytes)
            && Template::is_template(text)
        {
            match Template::parse(text) {
                Ok(t) => out.body = Some(t),
                Err(expr) => self.unsupported_template(body_node, &expr),
            }
        }
        for (i, (_, value)) in headers.iter().enumerate() {
            let Ok(text) = value.to_str() else { continue };
            if Template::is_template(text) {
                match Template::parse(text) {
                    Ok(t) => out.headers.push((i, t)),
                    Err(expr) => {
                        let at = node.get("headers").unwrap_or(node);
                        self.unsupported_template(at, &expr);
                    }
                }
            }
        }
        out
    }

    /// Reads `bodyFileName` from the `__files` folder.
    pub(crate) fn body_file(&mut self, node: &Node) -> Option<Bytes> {
        let Some(name) = node.as_str() else {
            self.wrong_type(node, "bodyFileName", "a file name (string)");
            return None;
        };
        if Template::is_template(name) {
            let d = self
                .error_node(node, format!("templated file names are not supported: \"{name}\""))
                .note("the fakes read each body file once, when the stub file loads; WireMock's `{{…}}` in \"bodyFileName\" picks a file per request")
                .expected("a fixed file name, with one mapping per file (e.g. a `urlPath` per id)");
            self.push(d);
            return None;
        }
        let path = self.files_dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => Some(Bytes::from(bytes)),
            Err(e) => {
                let d = self
                    .error_node(node, format!("body file not found: \"{name}\""))
                    .note(format!("looked for {}: {}", path.display(), io_reason(&e)))
                    .expected("a file in the backend's `__files/` folder");
                self.push(d);
                None
            }
        }
    }

    /// Checks `fault`.
    pub(crate) fn fault(&mut self, node: &Node) -> Option<Fault> {
        let name = node.as_str();
        let fault = name.and_then(Fault::from_name);
        if fault.is_none() {
            let names: Vec<&str> = Fault::ALL.iter().map(|(n, _)| *n).collect();
            let near = closest(name.unwrap_or_default(), names.iter().copied(), 1);
            let d = self
                .error_node(node, "unknown \"fault\"")
                .expected(format!("one of {}", list(&names)))
                .did_you_mean(&near);
            self.push(d);
        }
        fault
    }

    /// Checks `transformers`; true when it asks for response templating.
    pub(crate) fn transformers(&mut self, node: &Node) -> bool {
        let Kind::Array(items) = &node.kind else {
            self.wrong_type(node, "transformers", "an array of transformer names");
            return false;
        };
        let mut templating = false;
        for item in items {
            match item.as_str() {
                Some(TEMPLATE_TRANSFORMER) => templating = true,
                other => {
                    let d = self
                        .error_node(
                            item,
                            format!(
                                "unsupported WireMock feature \"transformers\": {}",
                                other.map_or_else(|| item.type_name().to_owned(), |o| format!("\"{o}\""))
                            ),
                        )
                        .note("the only transformer the fakes run is \"response-template\" (a subset)")
                        .expected("\"transformers\": [\"response-template\"]");
                    self.push(d);
                }
            }
        }
        templating
    }

    /// `fixedDelayMilliseconds`.
    pub(crate) fn delay(&mut self, node: &Node) -> Option<Duration> {
        self.integer(node, "fixedDelayMilliseconds", 0, 600_000)
            .map(Duration::from_millis)
    }

    /// `status`.
    pub(crate) fn status(&mut self, node: &Node) -> Option<StatusCode> {
        self.integer(node, "status", 100, 599)
            .and_then(|s| u16::try_from(s).ok())
            .and_then(|s| StatusCode::from_u16(s).ok())
    }

    /// Response `headers`: `{"Name": "value"}` or `{"Name": ["v1", "v2"]}`.
    pub(crate) fn response_headers(&mut self, node: &Node) -> Vec<(HeaderName, HeaderValue)> {
        let Some(members) = node.members() else {
            self.wrong_type(node, "headers", "an object of header name → value");
            return Vec::new();
        };
        let mut out = Vec::new();
        for member in members {
            let Ok(name) = HeaderName::from_bytes(member.key.as_bytes()) else {
                let d = self.error_at(
                    member.key_start,
                    member.key.len() + 2,
                    format!("invalid header name \"{}\"", member.key),
                );
                self.push(d);
                continue;
            };
            let values: Vec<&Node> = match &member.value.kind {
                Kind::Array(items) => items.iter().collect(),
                _ => vec![&member.value],
            };
            for value in values {
                let text = match &value.kind {
                    Kind::String(s) => s.clone(),
                    Kind::Number | Kind::Bool(_) => self
                        .source
                        .get(value.start..value.end)
                        .unwrap_or_default()
                        .to_owned(),
                    _ => {
                        self.wrong_type(value, &member.key, "a string or an array of strings");
                        continue;
                    }
                };
                match HeaderValue::from_str(&text) {
                    Ok(v) => out.push((name.clone(), v)),
                    Err(_) => {
                        let d = self.error_node(
                            value,
                            format!("invalid value for header \"{}\"", member.key),
                        );
                        self.push(d);
                    }
                }
            }
        }
        out
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        _ => e.to_string(),
    }
}

/// Whether any string in a `jsonBody` holds a template.
fn has_template(node: &Node) -> bool {
    match &node.kind {
        Kind::String(s) => Template::is_template(s),
        Kind::Array(items) => items.iter().any(has_template),
        Kind::Object(members) => members.iter().any(|m| has_template(&m.value)),
        _ => false,
    }
}

/// The first string in a `jsonBody` whose template is outside the subset.
fn first_bad_template(node: &Node) -> Option<(&Node, String)> {
    match &node.kind {
        Kind::String(s) if Template::is_template(s) => {
            Template::parse(s).err().map(|expr| (node, expr))
        }
        Kind::Array(items) => items.iter().find_map(first_bad_template),
        Kind::Object(members) => members.iter().find_map(|m| first_bad_template(&m.value)),
        _ => None,
    }
}
