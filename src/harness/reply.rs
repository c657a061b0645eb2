//! The JSON error bodies the harness answers with. Every one has the same shape:
//!
//! ```json
//! {"error": "backend `crm` answered HTTP 500", "code": "backend_error",
//!  "backend": "crm", "kind": "http_status", "backend_status": 500, "correlation_id": "4f1c..."}
//! ```
//!
//! | code | status | when |
//! |---|---|---|
//! | `unauthorized` | 401 | channel credentials missing or wrong |
//! | `not_found` / `method_not_allowed` | 404 / 405 (with `Allow`) | no channel for the path / method |
//! | `bad_input` | 400 | body not readable in the channel's data format, required field missing, wrong type, a `..` path value |
//! | `payload_too_large` | 413 | body over 1 MiB |
//! | `rate_limited` | 429 (with `Retry-After`) | channel, connection or global rate limit |
//! | `backend_error` | 502, or the call's `status_map` | a required call failed (after its retries) |
//! | `circuit_open` | 503 (with `Retry-After`) | a required call's breaker is open; nothing was sent |
//! | `backend_timeout` | 504 | a required call timed out (after its retries) |
//! | `timeout` | 504 | the channel's `total_timeout_ms` passed |
//!
//! A backend's own error body, its URL and the operating system's error text
//! never reach the caller: callers get the backend's name and a `kind` (see
//! `failure.rs`), the log gets the rest under the correlation id.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde_json::{Map, Value, json};

use super::failure::CallError;
use super::ratelimit::retry_after_secs;

/// An error response with `code`, `message` and extra fields.
pub(crate) fn error(
    status: StatusCode,
    code: &str,
    message: String,
    cid: &str,
    extra: Map<String, Value>,
) -> Response {
    let mut body = Map::new();
    body.insert("error".into(), Value::String(message));
    body.insert("code".into(), Value::String(code.into()));
    body.extend(extra);
    body.insert("correlation_id".into(), Value::String(cid.into()));
    (status, Json(Value::Object(body))).into_response()
}

/// A 405 naming the accepted methods, in `Allow` too.
pub(crate) fn method_not_allowed(path: &str, allow: &[String], cid: &str) -> Response {
    let list = allow.join(", ");
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        format!("`{path}` accepts {list}"),
        cid,
        Map::new(),
    );
    if let Ok(value) = HeaderValue::from_str(&list) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// Sets `Retry-After` in whole seconds (at least 1) and returns them.
fn retry_after(response: &mut Response, wait: std::time::Duration) -> u64 {
    let secs = retry_after_secs(wait).max(1);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    secs
}

/// A 429 with `Retry-After` in whole seconds.
pub(crate) fn rate_limited(
    message: String,
    wait: std::time::Duration,
    cid: &str,
    extra: Map<String, Value>,
) -> Response {
    let secs = retry_after_secs(wait).max(1);
    let mut extra = extra;
    extra.insert("retry_after".into(), json!(secs));
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        message,
        cid,
        extra,
    );
    retry_after(&mut response, wait);
    response
}

/// The response for failed required calls; the first failure decides the status.
pub(crate) fn call_failures(errors: &[CallError], cid: &str) -> Response {
    let Some(first) = errors.first() else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "no failure to report".into(),
            cid,
            Map::new(),
        );
    };
    let mut extra = Map::new();
    extra.insert("backend".into(), Value::String(first.backend().into()));
    extra.insert("kind".into(), Value::String(first.kind().into()));
    if let Some(status) = first.status() {
        extra.insert("backend_status".into(), json!(status));
    }
    if errors.len() > 1 {
        let failures = errors
            .iter()
            .map(|e| json!({"backend": e.backend(), "kind": e.kind(), "error": e.describe()}))
            .collect();
        extra.insert("failures".into(), Value::Array(failures));
    }
    let message = first.describe();
    match first {
        CallError::RateLimited { retry_after, .. } => {
            rate_limited(message, *retry_after, cid, extra)
        }
        CallError::CircuitOpen {
            retry_after: wait, ..
        } => {
            let mut response = error(
                StatusCode::SERVICE_UNAVAILABLE,
                "circuit_open",
                message,
                cid,
                extra,
            );
            retry_after(&mut response, *wait);
            response
        }
        CallError::Timeout { .. } => error(
            StatusCode::GATEWAY_TIMEOUT,
            "backend_timeout",
            message,
            cid,
            extra,
        ),
        CallError::Status { mapped, .. } => error(
            mapped.unwrap_or(StatusCode::BAD_GATEWAY),
            "backend_error",
            message,
            cid,
            extra,
        ),
        CallError::Unreachable { .. } | CallError::Broken { .. } | CallError::Request { .. } => {
            error(
                StatusCode::BAD_GATEWAY,
                "backend_error",
                message,
                cid,
                extra,
            )
        }
    }
}
