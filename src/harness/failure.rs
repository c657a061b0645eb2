//! Why a backend call failed, in two registers: what the caller is told (the
//! backend's name and a kind) and what the log gets (the URL, the OS error,
//! the backend's own error body), always with the correlation id.
//!
//! ```json
//! {"error": "backend `billing` is unreachable", "code": "backend_error",
//!  "backend": "billing", "kind": "unreachable", "correlation_id": "..."}
//! ```
//!
//! | kind | when | caller status |
//! |---|---|---|
//! | `http_status` | the backend answered outside 2xx (`backend_status` says what) | 502, or the call's `status_map` |
//! | `unreachable` | no connection could be made | 502 |
//! | `connection_broken` | the connection broke after the request was sent, or the answer was garbage | 502 |
//! | `timeout` | no answer within the call's timeout | 504 |
//! | `circuit_open` | the connection's breaker is open: nothing was sent | 503 with `Retry-After` |
//! | `rate_limited` | the connection's or the global rate limit is used up | 429 with `Retry-After` |
//! | `invalid_request` | the request could not be built from the flow (e.g. a path value `..`) | 502 |

use std::time::Duration;

use http::StatusCode;
use serde_json::Value;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CallError {
    /// The backend answered with a status outside 2xx.
    Status {
        backend: String,
        status: u16,
        /// The backend's body: for the log only.
        body: Value,
        /// The caller's status from the call's `status_map`.
        mapped: Option<StatusCode>,
    },
    /// No connection could be made.
    Unreachable { backend: String, detail: String },
    /// The connection broke after the request was written, or the answer
    /// could not be read.
    Broken { backend: String, detail: String },
    /// No answer within the timeout.
    Timeout { backend: String },
    /// The connection's circuit breaker is open; nothing was sent.
    CircuitOpen {
        backend: String,
        retry_after: Duration,
    },
    /// A rate limit is used up; nothing was sent.
    RateLimited {
        backend: String,
        retry_after: Duration,
    },
    /// The request could not be built from the flow context.
    Request { backend: String, detail: String },
}

impl CallError {
    /// The connection name.
    pub fn backend(&self) -> &str {
        match self {
            CallError::Status { backend, .. }
            | CallError::Unreachable { backend, .. }
            | CallError::Broken { backend, .. }
            | CallError::Timeout { backend }
            | CallError::CircuitOpen { backend, .. }
            | CallError::RateLimited { backend, .. }
            | CallError::Request { backend, .. } => backend,
        }
    }

    /// The kind, as callers see it.
    pub fn kind(&self) -> &'static str {
        match self {
            CallError::Status { .. } => "http_status",
            CallError::Unreachable { .. } => "unreachable",
            CallError::Broken { .. } => "connection_broken",
            CallError::Timeout { .. } => "timeout",
            CallError::CircuitOpen { .. } => "circuit_open",
            CallError::RateLimited { .. } => "rate_limited",
            CallError::Request { .. } => "invalid_request",
        }
    }

    /// The backend's failing status, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            CallError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// A sentence for callers: the backend and what went wrong, nothing internal.
    pub fn describe(&self) -> String {
        match self {
            CallError::Status {
                backend, status, ..
            } => format!("backend `{backend}` answered HTTP {status}"),
            CallError::Unreachable { backend, .. } => format!("backend `{backend}` is unreachable"),
            CallError::Broken { backend, .. } => {
                format!("the connection to backend `{backend}` broke")
            }
            CallError::Timeout { backend } => format!("backend `{backend}` did not answer in time"),
            CallError::CircuitOpen { backend, .. } => {
                format!("circuit breaker for backend `{backend}` is open")
            }
            CallError::RateLimited { backend, .. } => {
                format!("rate limit for backend `{backend}` exceeded")
            }
            CallError::Request { backend, .. } => {
                format!("cannot build the request to backend `{backend}`")
            }
        }
    }

    /// What only the log gets: the OS error, the backend's body, the reason a
    /// request could not be built.
    pub fn detail(&self) -> String {
        match self {
            CallError::Status { body, .. } => format!("body: {body}"),
            CallError::Unreachable { detail, .. }
            | CallError::Broken { detail, .. }
            | CallError::Request { detail, .. } => detail.clone(),
            CallError::Timeout { .. }
            | CallError::CircuitOpen { .. }
            | CallError::RateLimited { .. } => String::new(),
        }
    }

    /// The context a `fallback` is rendered in: `{"backend", "kind", "status"}`.
    pub fn as_context(&self) -> Value {
        serde_json::json!({
            "backend": self.backend(),
            "kind": self.kind(),
            "status": self.status(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_never_see_the_detail() {
        let e = CallError::Unreachable {
            backend: "billing".into(),
            detail: "error sending request for url (http://10.0.0.7:8080/x): Connection refused (os error 111)".into(),
        };
        assert_eq!(e.describe(), "backend `billing` is unreachable");
        assert_eq!(e.kind(), "unreachable");
        assert!(e.detail().contains("os error 111"));
        assert!(!e.as_context().to_string().contains("10.0.0.7"));
    }
}
