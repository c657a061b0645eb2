//! How a prepared call reaches its backend: the transport of a connection.
//!
//! Everything around a call — building it from the flow, the cache, rate
//! limits, the circuit breaker, retries, metrics and logs (`call.rs`) — is
//! the same whatever carries it. Only this module speaks a protocol, behind
//! [`Transport`]:
//!
//! ```text
//! call.rs: execute ─ cache ─ limits ─ breaker ─┬─ Transport::Http  → reqwest
//!                                              └─ (another kind, e.g. AMQP: a new variant)
//! health.rs: ping ─────────────────────────────┘
//! ```
//!
//! A second connection kind adds a variant here with its own `send` and
//! `ping`, a `kind` key on `[connections.NAME]` choosing it, and nothing else
//! in the flow changes: a fire-and-forget notification stays a call.

use std::time::{Duration, Instant};

use http::Method;
use serde_json::Value;
use url::Url;

use super::call::CORRELATION_HEADER;
use super::config::OutgoingAuth;
use super::request::{Body, Prepared};

/// How one attempt went wrong.
#[derive(Debug)]
pub(crate) enum Attempt {
    /// No answer in time.
    Timeout,
    /// No connection could be made: the request was never written, so any
    /// method may be sent again.
    Unreachable(String),
    /// The connection broke after the request may have been written, or the
    /// answer was not HTTP.
    Broken(String),
}

/// What carries a connection's calls.
#[derive(Debug, Clone)]
pub(crate) enum Transport {
    /// HTTP(S) through one shared `reqwest` client.
    Http(reqwest::Client),
}

impl Transport {
    /// Sends one attempt and reads the status and the body (JSON, else
    /// text, else `null`).
    pub async fn send(
        &self,
        prepared: &Prepared,
        auth: Option<&OutgoingAuth>,
        timeout: Duration,
    ) -> Result<(u16, Value), Attempt> {
        match self {
            Transport::Http(client) => http_send(client, prepared, auth, timeout).await,
        }
    }

    /// Whether the backend at `base_url` answers at all (any status counts,
    /// as Zato's HEAD ping does), and how long it took.
    pub async fn ping(
        &self,
        base_url: &Url,
        correlation_id: &str,
        timeout: Duration,
    ) -> Result<Duration, Attempt> {
        match self {
            Transport::Http(client) => {
                let started = Instant::now();
                let request = client
                    .request(Method::HEAD, base_url.clone())
                    .header(CORRELATION_HEADER, correlation_id)
                    .send();
                match tokio::time::timeout(timeout, request).await {
                    Err(_) => Err(Attempt::Timeout),
                    Ok(Err(e)) => Err(classify(&e)),
                    Ok(Ok(_)) => Ok(started.elapsed()),
                }
            }
        }
    }
}

async fn http_send(
    client: &reqwest::Client,
    prepared: &Prepared,
    auth: Option<&OutgoingAuth>,
    timeout: Duration,
) -> Result<(u16, Value), Attempt> {
    let request = client
        .request(prepared.method.clone(), prepared.url.clone())
        .headers(prepared.headers.clone());
    let request = super::auth::apply(request, auth);
    let request = match &prepared.body {
        Body::None => request,
        Body::Json(v) => request
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(v.to_string()),
        Body::Form(pairs) => request.form(pairs),
    };
    let attempt = async {
        let response = request.send().await?;
        let status = response.status().as_u16();
        let bytes = response.bytes().await?;
        Ok::<_, reqwest::Error>((status, parse_body(&bytes)))
    };
    match tokio::time::timeout(timeout, attempt).await {
        Err(_) => Err(Attempt::Timeout),
        Ok(Err(e)) => Err(classify(&e)),
        Ok(Ok(answer)) => Ok(answer),
    }
}

/// Sorts a client error by whether the request could have reached the backend.
fn classify(e: &reqwest::Error) -> Attempt {
    if e.is_timeout() {
        Attempt::Timeout
    } else if e.is_connect() {
        Attempt::Unreachable(error_chain(e))
    } else {
        Attempt::Broken(error_chain(e))
    }
}

/// An error and its causes on one line (for the log only).
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A response body as JSON when it is JSON, else as a string.
fn parse_body(bytes: &[u8]) -> Value {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Value::Null;
    }
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}
