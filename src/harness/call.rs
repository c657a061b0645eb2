//! One backend call: build the request from the flow context, consult the
//! cache, the connection's rate limit and circuit breaker, send it with a
//! timeout, retry as the policy says, and record metrics.
//!
//! ```toml
//! [[channels.calls]]
//! name = "payments"
//! connection = "payments"
//! method = "POST"
//! path = "/balance/get"
//! query = { USER = "/input/user_name" }
//! json = { ACC_NUM = "/calls/crm/AccountNumber" }
//! retry = { attempts = 2, backoff_ms = 20 }
//! timeout_ms = 500
//! ```
//!
//! Every attempt carries the request's `X-Correlation-ID`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use url::Url;

use super::breaker::Breaker;
use super::cache::CallCache;
use super::config::Scope;
use super::metrics::Metrics;
use super::plan::{CallPlan, ConnectionPlan};
use super::ratelimit::Limiter;
use super::template::scalar_text;

/// The header carrying the correlation id.
pub const CORRELATION_HEADER: &str = "x-correlation-id";

/// Characters left as they are in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request's correlation id, and whether the caller sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correlation {
    /// The id: the caller's `X-Correlation-ID`, or a generated UUID.
    pub id: String,
    /// Whether the caller sent it.
    pub given: bool,
}

impl Correlation {
    /// The key of quotas and caches kept per correlation id: the caller's id,
    /// or one shared key for every request that came without one.
    pub fn scope_key(&self) -> &str {
        if self.given { &self.id } else { "" }
    }
}

/// What calls share: the HTTP client and the metrics.
#[derive(Debug, Clone)]
pub(crate) struct Shared {
    pub client: reqwest::Client,
    pub metrics: Arc<Metrics>,
}

/// An outgoing connection with its live breaker and rate limiter.
#[derive(Debug)]
pub(crate) struct Backend {
    pub plan: Arc<ConnectionPlan>,
    pub breaker: Option<Breaker>,
    pub limiter: Option<Limiter>,
}

impl Backend {
    /// The live state of a checked connection.
    pub fn new(plan: Arc<ConnectionPlan>) -> Self {
        Self {
            breaker: plan.breaker.map(|(n, open)| Breaker::new(n, open)),
            limiter: plan.rate_limit.map(Limiter::new),
            plan,
        }
    }
}

/// A call with its backend and cache.
#[derive(Debug)]
pub(crate) struct CallRuntime {
    pub plan: Arc<CallPlan>,
    pub backend: Arc<Backend>,
    pub cache: Option<CallCache>,
}

/// Why a call failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CallError {
    /// The backend answered with a status outside 2xx.
    Status {
        backend: String,
        status: u16,
        body: Value,
    },
    /// The backend could not be reached.
    Transport { backend: String, message: String },
    /// No answer within the timeout.
    Timeout { backend: String },
    /// The connection's circuit breaker is open; nothing was sent.
    CircuitOpen { backend: String },
    /// The connection's rate limit is exhausted; nothing was sent.
    RateLimited {
        backend: String,
        retry_after: Duration,
    },
    /// The request could not be built from the flow context.
    Request { backend: String, message: String },
}

impl CallError {
    /// The connection name.
    pub fn backend(&self) -> &str {
        match self {
            CallError::Status { backend, .. }
            | CallError::Transport { backend, .. }
            | CallError::Timeout { backend }
            | CallError::CircuitOpen { backend }
            | CallError::RateLimited { backend, .. }
            | CallError::Request { backend, .. } => backend,
        }
    }

    /// A sentence for logs and error bodies.
    pub fn describe(&self) -> String {
        match self {
            CallError::Status {
                backend, status, ..
            } => {
                format!("backend `{backend}` answered HTTP {status}")
            }
            CallError::Transport { backend, message } => {
                format!("backend `{backend}` is unreachable: {message}")
            }
            CallError::Timeout { backend } => format!("backend `{backend}` did not answer in time"),
            CallError::CircuitOpen { backend } => {
                format!("circuit breaker for backend `{backend}` is open")
            }
            CallError::RateLimited { backend, .. } => {
                format!("rate limit for backend `{backend}` exceeded")
            }
            CallError::Request { backend, message } => {
                format!("cannot build the request to backend `{backend}`: {message}")
            }
        }
    }
}

/// A request ready to send (again).
struct Prepared {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Body,
}

enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
}

impl Prepared {
    fn cache_key(&self) -> String {
        let body = match &self.body {
            Body::None => String::new(),
            Body::Json(v) => v.to_string(),
            Body::Form(pairs) => format!("{pairs:?}"),
        };
        format!("{} {} {body}", self.method, self.url)
    }
}

/// Runs `call` in `ctx`; `default_body` is sent when the call defines none
/// (fan-out and pipeline modes) and its method carries a body.
pub(crate) async fn execute(
    call: &CallRuntime,
    ctx: &Value,
    default_body: Option<&Value>,
    cid: &Correlation,
    shared: &Shared,
) -> Result<Value, CallError> {
    let backend = &call.backend;
    let name = backend.plan.name.as_str();
    let prepared = prepare(call, ctx, default_body, cid)?;
    let key = call.cache.as_ref().map(|_| {
        let scope = match call.plan.cache_per {
            Scope::Global => "",
            Scope::CorrelationId => cid.scope_key(),
        };
        format!("{scope} {}", prepared.cache_key())
    });
    if let (Some(cache), Some(key)) = (&call.cache, &key) {
        let hit = cache.get(key).await;
        shared.metrics.cache(&call.plan.name, hit.is_some());
        if let Some(value) = hit {
            tracing::info!(call = %call.plan.name, backend = name, "cache hit");
            return Ok(value);
        }
    }
    let policy = &call.plan.retry;
    let mut retry = 0;
    loop {
        if let Some(limiter) = &backend.limiter
            && let Err(wait) = limiter.check(cid.scope_key())
        {
            shared.metrics.rate_limited(&format!("connection:{name}"));
            shared.metrics.backend_call(name, "rate_limited", None);
            return Err(CallError::RateLimited {
                backend: name.to_owned(),
                retry_after: wait,
            });
        }
        if let Some(breaker) = &backend.breaker {
            let allowed = breaker.try_acquire();
            shared.metrics.breaker(name, breaker.state().code());
            if !allowed {
                shared.metrics.backend_call(name, "circuit_open", None);
                tracing::warn!(backend = name, "circuit open: call not sent");
                return Err(CallError::CircuitOpen {
                    backend: name.to_owned(),
                });
            }
        }
        let started = Instant::now();
        let outcome = send_once(&prepared, call, shared).await;
        let elapsed = started.elapsed();
        let (error, retryable, failed) = match outcome {
            Ok((status, body)) if (200..300).contains(&status) => {
                record(backend, shared, &status.to_string(), elapsed, false);
                tracing::info!(backend = name, method = %prepared.method, url = %prepared.url, status, elapsed_ms = elapsed.as_millis() as u64, "backend call");
                if let (Some(cache), Some(key)) = (&call.cache, key) {
                    cache.insert(key, body.clone()).await;
                }
                return Ok(body);
            }
            Ok((status, body)) => {
                let failed = status >= 500;
                record(backend, shared, &status.to_string(), elapsed, failed);
                let error = CallError::Status {
                    backend: name.to_owned(),
                    status,
                    body,
                };
                (error, policy.retries_status(status), failed)
            }
            Err(Attempt::Timeout) => {
                record(backend, shared, "timeout", elapsed, true);
                let error = CallError::Timeout {
                    backend: name.to_owned(),
                };
                (error, policy.on_connect_error, true)
            }
            Err(Attempt::Transport(message)) => {
                record(backend, shared, "error", elapsed, true);
                let error = CallError::Transport {
                    backend: name.to_owned(),
                    message,
                };
                (error, policy.on_connect_error, true)
            }
        };
        tracing::warn!(backend = name, method = %prepared.method, url = %prepared.url, retry, failed, error = %error.describe(), "backend call failed");
        if !retryable || retry >= policy.retries {
            return Err(error);
        }
        tokio::time::sleep(policy.delay(retry)).await;
        shared.metrics.retry(name);
        retry += 1;
    }
}

/// Updates the breaker and metrics after an attempt.
fn record(backend: &Backend, shared: &Shared, outcome: &str, elapsed: Duration, failed: bool) {
    shared
        .metrics
        .backend_call(&backend.plan.name, outcome, Some(elapsed));
    if let Some(breaker) = &backend.breaker {
        if failed {
            breaker.record_failure();
        } else {
            breaker.record_success();
        }
        shared
            .metrics
            .breaker(&backend.plan.name, breaker.state().code());
    }
}

enum Attempt {
    Timeout,
    Transport(String),
}

/// One attempt: the status and the body (JSON, else text, else `null`).
async fn send_once(
    prepared: &Prepared,
    call: &CallRuntime,
    shared: &Shared,
) -> Result<(u16, Value), Attempt> {
    let plan = &call.backend.plan;
    let request = shared
        .client
        .request(prepared.method.clone(), prepared.url.clone())
        .headers(prepared.headers.clone());
    let request = super::auth::apply(request, plan.auth.as_ref());
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
        let bytes: axum::body::Bytes = response.bytes().await?;
        Ok::<_, reqwest::Error>((status, parse_body(&bytes)))
    };
    match tokio::time::timeout(call.plan.timeout, attempt).await {
        Err(_) => Err(Attempt::Timeout),
        Ok(Err(e)) if e.is_timeout() => Err(Attempt::Timeout),
        Ok(Err(e)) => Err(Attempt::Transport(error_chain(&e))),
        Ok(Ok(answer)) => Ok(answer),
    }
}

/// An error and its causes on one line.
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

/// Builds the URL, headers and body of a call.
fn prepare(
    call: &CallRuntime,
    ctx: &Value,
    default_body: Option<&Value>,
    cid: &Correlation,
) -> Result<Prepared, CallError> {
    let plan = &call.plan;
    let conn = &call.backend.plan;
    let fail = |message: String| CallError::Request {
        backend: conn.name.clone(),
        message,
    };
    let path = plan
        .path
        .render_with(ctx, |v| utf8_percent_encode(v, SEGMENT).to_string())
        .map_err(|pointer| fail(format!("`{pointer}` has no value for the path")))?;
    let base = conn.base_url.as_str().trim_end_matches('/');
    let mut url = Url::parse(&format!("{base}{path}")).map_err(|e| fail(e.to_string()))?;
    let query: Vec<(String, String)> = plan
        .query
        .iter()
        .filter_map(|(k, t)| match t.render(ctx) {
            Value::Null => None,
            v => Some((k.clone(), scalar_text(&v))),
        })
        .collect();
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    let mut headers = HeaderMap::new();
    for (name, value) in &conn.headers {
        headers.insert(name.clone(), value.clone());
    }
    for (name, template) in &plan.headers {
        let text = scalar_text(&template.render(ctx));
        let value = HeaderValue::from_str(&text)
            .map_err(|_| fail(format!("header `{name}` has an invalid value")))?;
        headers.insert(name.clone(), value);
    }
    if let Ok(value) = HeaderValue::from_str(&cid.id) {
        headers.insert(CORRELATION_HEADER, value);
    }
    let carries_body = matches!(plan.method, Method::POST | Method::PUT | Method::PATCH);
    let body = match (&plan.json, &plan.form, default_body) {
        (Some(json), _, _) => Body::Json(json.render(ctx)),
        (None, Some(form), _) => Body::Form(
            form.iter()
                .map(|(k, t)| (k.clone(), scalar_text(&t.render(ctx))))
                .collect(),
        ),
        (None, None, Some(body)) if carries_body => Body::Json(body.clone()),
        _ => Body::None,
    };
    Ok(Prepared {
        method: plan.method.clone(),
        url,
        headers,
        body,
    })
}
