//! HTTP: the shared client, sending a scenario's request, and the response record.

pub mod oauth;
mod record;

pub use record::{Sent, exchange_text};

use std::fmt;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use serde_json::Value;

use crate::runner::StepError;
use crate::runner::scenario::{Body, RequestState};
use crate::secrets::Secrets;

/// The header carrying a scenario's correlation id on every request.
pub const CORRELATION_HEADER: &str = "X-Correlation-ID";

/// The default `User-Agent`.
pub const DEFAULT_USER_AGENT: &str = concat!("apitest/", env!("CARGO_PKG_VERSION"));

/// A request or response format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON documents.
    Json,
    /// XML documents, sent and kept as text.
    Xml,
    /// Text, sent and kept as it is.
    Raw,
    /// `application/x-www-form-urlencoded` fields.
    Form,
}

impl Format {
    /// Every format name, as users write them.
    pub const NAMES: [&'static str; 4] = ["JSON", "XML", "RAW", "FORM"];

    /// Parses a format name (case-insensitive).
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_uppercase().as_str() {
            "JSON" => Some(Format::Json),
            "XML" => Some(Format::Xml),
            "RAW" => Some(Format::Raw),
            "FORM" => Some(Format::Form),
            _ => None,
        }
    }

    /// The data-file directory name under `features/` (`json`, `xml`, ...).
    pub fn dir_name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
            Format::Raw => "raw",
            Format::Form => "form",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
            Format::Raw => "RAW",
            Format::Form => "FORM",
        })
    }
}

/// Builds the run's one client: rustls, connection reuse, redirects followed
/// (up to 30, as Python's `requests` does), the given timeout per request.
pub fn client(timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(30))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}

/// A received response.
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The headers (case-insensitive lookup).
    pub headers: HeaderMap,
    /// The raw body.
    pub body: bytes::Bytes,
    /// How long the exchange took.
    pub elapsed: Duration,
    /// What was sent, for `-v` logs.
    pub sent: Option<Sent>,
    json: OnceLock<Result<Value, String>>,
}

impl Response {
    /// A response record.
    pub fn new(status: u16, headers: HeaderMap, body: bytes::Bytes, elapsed: Duration) -> Self {
        Self {
            status,
            headers,
            body,
            elapsed,
            sent: None,
            json: OnceLock::new(),
        }
    }

    /// The `Content-Type`, or `none`.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("none")
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON (once), or a message saying what it is instead.
    pub fn json(&self) -> Result<&Value, String> {
        self.json
            .get_or_init(|| {
                serde_json::from_slice(&self.body).map_err(|e| {
                    format!(
                        "response is not JSON (Content-Type {}, {e}); body: {}",
                        self.content_type(),
                        body_start(&self.body)
                    )
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The start of a body for messages: up to 120 characters on one line, then
/// `…` and the full size.
pub fn body_start(body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty body)".to_owned();
    }
    let text = String::from_utf8_lossy(body);
    let one_line = text.trim().replace(['\r', '\n'], " ");
    let start: String = one_line.chars().take(120).collect();
    if start.len() < one_line.len() {
        format!("{start}… ({} bytes)", body.len())
    } else {
        start
    }
}

/// Sends a scenario's request and records the response. The secrets it
/// carries (secret headers, Basic Auth, the bearer token, a password in the
/// URL) and those the response carries (secret headers) join `secrets`.
pub async fn send(
    client: &reqwest::Client,
    request: &RequestState,
    correlation_id: &str,
    secrets: &Secrets,
) -> Result<Response, StepError> {
    let url = format!("{}{}{}", request.address, request.url_path, request.query);
    if request.address.is_empty() {
        return Err(StepError::Input(
            "no address set: add a step like `Given address \"http://127.0.0.1:8080\"`".to_owned(),
        ));
    }
    let parsed = reqwest::Url::parse(&url)
        .map_err(|e| StepError::Input(format!("invalid URL `{url}`: {e}")))?;
    if let Some(password) = parsed.password() {
        secrets.add(password);
        if let Ok(decoded) = percent_encoding::percent_decode_str(password).decode_utf8() {
            secrets.add(&decoded);
        }
    }
    if let Some((user, password)) = &request.basic_auth {
        secrets.add_basic_auth(user, password);
    }
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| StepError::Input(format!("invalid HTTP method `{}`", request.method)))?;

    let mut headers = HeaderMap::new();
    headers.insert(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT));
    headers.insert(
        HeaderName::from_static("x-correlation-id"),
        header_value(CORRELATION_HEADER, correlation_id)?,
    );
    let mut multipart = None;
    let body = match &request.body {
        Body::Json(v) => {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            Some(serde_json::to_vec(v).map_err(|e| StepError::Input(e.to_string()))?)
        }
        Body::Text(t) => {
            if request.format == Format::Xml {
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/xml; charset=utf-8"),
                );
            }
            Some(t.clone().into_bytes())
        }
        Body::None if !request.files.is_empty() => {
            multipart = Some(multipart_form(request)?);
            None
        }
        Body::None if !request.form.is_empty() => {
            headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            let encoded = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&request.form)
                .finish();
            Some(encoded.into_bytes())
        }
        Body::None => None,
    };
    if let Some(token) = &request.oauth.bearer {
        headers.insert(
            reqwest::header::AUTHORIZATION,
            header_value("Authorization", &format!("Bearer {token}"))?,
        );
    }
    for (name, value) in &request.headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| StepError::Input(format!("invalid header name `{name}`")))?;
        headers.insert(header, header_value(name, value)?);
    }
    for (name, value) in &headers {
        secrets.add_header(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
    }

    let sent = Sent {
        method: method.to_string(),
        url: url.clone(),
        headers: headers
            .iter()
            .map(|(k, v)| {
                let value = String::from_utf8_lossy(v.as_bytes());
                (
                    k.to_string(),
                    secrets.header_value(k.as_str(), &value).into_owned(),
                )
            })
            .collect(),
        body: match (&body, &multipart) {
            (Some(bytes), _) => bytes.clone(),
            (None, Some(_)) => format!(
                "(multipart form: fields {}; files {})",
                request
                    .form
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                request
                    .files
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
            .into_bytes(),
            (None, None) => Vec::new(),
        },
        basic_auth: request.basic_auth.as_ref().map(|(u, _)| u.clone()),
    };
    let mut builder = client.request(method, parsed).headers(headers);
    if let Some((user, password)) = &request.basic_auth {
        builder = builder.basic_auth(user, Some(password));
    }
    if let Some(body) = body {
        builder = builder.body(body);
    }
    if let Some(form) = multipart {
        builder = builder.multipart(form);
    }
    let started = Instant::now();
    let response = builder
        .send()
        .await
        .map_err(|e| transport_error(&url, &e))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    for (name, value) in &headers {
        secrets.add_header(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_error(&url, &e))?;
    let mut response = Response::new(status, headers, body, started.elapsed());
    response.sent = Some(sent);
    Ok(response)
}

/// The multipart form of a request with files: its form fields, then each file
/// read from disk.
fn multipart_form(request: &RequestState) -> Result<reqwest::multipart::Form, StepError> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in &request.form {
        form = form.text(name.clone(), value.clone());
    }
    for (name, path) in &request.files {
        let bytes = std::fs::read(path).map_err(|e| {
            StepError::Input(format!(
                "cannot read the file of field `{name}`: {} ({e})",
                crate::diag::display_path(path).display()
            ))
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        form = form.part(
            name.clone(),
            reqwest::multipart::Part::bytes(bytes).file_name(file_name),
        );
    }
    Ok(form)
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, StepError> {
    HeaderValue::from_str(value)
        .map_err(|_| StepError::Input(format!("invalid value for header `{name}`: {value:?}")))
}

/// A transport failure as a runtime error that names the URL and the root cause.
pub(crate) fn transport_error(url: &str, error: &reqwest::Error) -> StepError {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let what = if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        format!("cannot connect ({cause})")
    } else {
        format!("request failed ({cause})")
    };
    StepError::Runtime(format!("{} {url}: {what}", "request to"))
}
