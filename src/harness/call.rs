//! One backend call: build the request from the flow context, consult the
//! cache, the connection's and the global rate limits and the circuit
//! breaker, send it with a timeout, retry as the policy says, and record
//! metrics and logs.
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
//! retry_non_idempotent = true     # a read sent as POST: safe to send again
//! timeout_ms = 500
//! ```
//!
//! A failing status listed in `on_status` is retried for every method. A
//! timeout, or a connection broken once the request was written, is retried
//! only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE) unless the
//! call or its connection sets `retry_non_idempotent = true`: a slow
//! `POST /notifications` is delivered once. A connection that could not be
//! made at all is retried whatever the method. Every attempt carries the
//! request's `X-Correlation-ID`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::Method;
use serde_json::Value;

use super::breaker::Breaker;
use super::cache::CallCache;
use super::config::Scope;
use super::failure::CallError;
use super::metrics::Metrics;
use super::plan::{CallPlan, ConnectionPlan};
use super::ratelimit::{Admission, Limiter};
use super::request::prepare;
use super::transport::{Attempt, Transport};

/// The header carrying the correlation id.
pub const CORRELATION_HEADER: &str = "x-correlation-id";

/// A request's correlation id, and whether the caller sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correlation {
    /// The id: the caller's `X-Correlation-ID`, or a generated UUID.
    pub id: String,
    /// Whether the caller sent it.
    pub given: bool,
}

/// What a flow knows about the request it serves.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The correlation id.
    pub correlation: Correlation,
    /// Who is calling: `key:HASH` (the API key a channel checked, hashed),
    /// `user:NAME` (the Basic Auth user a channel checked) or `addr:IP`.
    pub identity: String,
    /// The client's IP address (empty when unknown).
    pub address: String,
    /// The method the channel runs the request as.
    pub method: Method,
    /// `[server] test_mode`: keys also carry the correlation id.
    pub test_mode: bool,
}

impl Caller {
    /// The key of a quota or cache shared by `scope`: who the caller is, never
    /// a value the caller picks freely, except that in test mode the
    /// correlation id (when the caller sent one) is added.
    pub fn key(&self, scope: Scope) -> String {
        let who = match scope {
            Scope::Global => "",
            Scope::Caller => &self.identity,
            Scope::ClientAddress => &self.address,
        };
        if self.test_mode && self.correlation.given {
            format!("{who}|{}", self.correlation.id)
        } else {
            who.to_owned()
        }
    }
}

/// What calls share: the metrics and the global rate limit.
#[derive(Debug, Clone)]
pub(crate) struct Shared {
    pub metrics: Arc<Metrics>,
    pub global_limit: Option<Arc<Limiter>>,
}

/// An outgoing connection with its transport, breaker and rate limiter.
#[derive(Debug)]
pub(crate) struct Backend {
    pub plan: Arc<ConnectionPlan>,
    pub transport: Transport,
    pub breaker: Option<Breaker>,
    pub limiter: Option<Limiter>,
}

impl Backend {
    /// The live state of a checked connection.
    pub fn new(plan: Arc<ConnectionPlan>, transport: Transport) -> Self {
        Self {
            transport,
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

/// Whether sending `method` twice does what sending it once does.
fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
    )
}

/// Runs `call` once in `ctx`; `default_body` is sent when the call defines
/// none (fan-out, pipeline, `method = "SAME"`) and its method carries a body.
pub(crate) async fn execute(
    call: &CallRuntime,
    ctx: &Value,
    default_body: Option<&Value>,
    caller: &Caller,
    shared: &Shared,
) -> Result<Value, CallError> {
    let result = attempts(call, ctx, default_body, caller, shared).await;
    if let Err(e) = &result {
        tracing::warn!(
            call = %call.plan.name,
            backend = e.backend(),
            kind = e.kind(),
            error = %e.describe(),
            detail = %e.detail(),
            "backend call failed"
        );
    }
    result
}

async fn attempts(
    call: &CallRuntime,
    ctx: &Value,
    default_body: Option<&Value>,
    caller: &Caller,
    shared: &Shared,
) -> Result<Value, CallError> {
    let backend = &call.backend;
    let name = backend.plan.name.as_str();
    let prepared =
        prepare(call, ctx, default_body, caller).map_err(|detail| CallError::Request {
            backend: name.to_owned(),
            detail,
        })?;
    let key = call.cache.as_ref().map(|_| {
        format!(
            "{} {}",
            caller.key(call.plan.cache_per),
            prepared.cache_key()
        )
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
    let resend_unsafe = idempotent(&prepared.method) || call.plan.retry_non_idempotent;
    let mut retry = 0;
    loop {
        admit(backend, caller, shared).await?;
        if let Some(breaker) = &backend.breaker {
            let allowed = breaker.try_acquire();
            shared.metrics.breaker(name, breaker.state().code());
            if !allowed {
                shared.metrics.backend_call(name, "circuit_open", None);
                return Err(CallError::CircuitOpen {
                    backend: name.to_owned(),
                    retry_after: breaker.retry_after(),
                });
            }
        }
        let started = Instant::now();
        let outcome = backend
            .transport
            .send(&prepared, backend.plan.auth.as_ref(), call.plan.timeout)
            .await;
        let elapsed = started.elapsed();
        let (error, retryable) = match outcome {
            Ok((status, body)) if (200..300).contains(&status) => {
                record(backend, shared, &status.to_string(), elapsed, false);
                tracing::info!(backend = name, method = %prepared.method, url = %prepared.url, status, elapsed_ms = elapsed.as_millis() as u64, "backend call");
                if let (Some(cache), Some(key)) = (&call.cache, key) {
                    cache.insert(key, body.clone()).await;
                }
                return Ok(body);
            }
            Ok((status, body)) => {
                record(backend, shared, &status.to_string(), elapsed, status >= 500);
                let error = CallError::Status {
                    backend: name.to_owned(),
                    status,
                    body,
                    mapped: call.plan.status_map.get(status),
                };
                (error, policy.retries_status(status))
            }
            Err(attempt) => {
                let outcome = if matches!(attempt, Attempt::Timeout) {
                    "timeout"
                } else {
                    "error"
                };
                record(backend, shared, outcome, elapsed, true);
                let backend = name.to_owned();
                // Only a connection that was never made certainly sent nothing.
                let (error, maybe_sent) = match attempt {
                    Attempt::Timeout => (CallError::Timeout { backend }, true),
                    Attempt::Broken(detail) => (CallError::Broken { backend, detail }, true),
                    Attempt::Unreachable(detail) => {
                        (CallError::Unreachable { backend, detail }, false)
                    }
                };
                let retryable = policy.on_connect_error && (resend_unsafe || !maybe_sent);
                (error, retryable)
            }
        };
        tracing::debug!(backend = name, method = %prepared.method, url = %prepared.url, retry, retryable, error = %error.describe(), detail = %error.detail(), "attempt failed");
        if !retryable || retry >= policy.retries {
            return Err(error);
        }
        tokio::time::sleep(policy.delay(retry)).await;
        shared.metrics.retry(name);
        retry += 1;
    }
}

/// Takes the call's turn at the connection's rate limit, then at the global
/// one, waiting as each allows.
async fn admit(backend: &Backend, caller: &Caller, shared: &Shared) -> Result<(), CallError> {
    let name = backend.plan.name.as_str();
    let limits = [
        (backend.limiter.as_ref(), format!("connection:{name}")),
        (shared.global_limit.as_deref(), "global".to_owned()),
    ];
    for (limiter, scope) in limits {
        let Some(limiter) = limiter else { continue };
        match limiter.acquire(&caller.key(limiter.scope())).await {
            Ok(Admission::Now) => {}
            Ok(Admission::Waited) => shared.metrics.rate_limit_waited(&scope),
            Err(wait) => {
                shared.metrics.rate_limited(&scope);
                shared.metrics.backend_call(name, "rate_limited", None);
                return Err(CallError::RateLimited {
                    backend: name.to_owned(),
                    retry_after: wait,
                });
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(given: bool, test_mode: bool) -> Caller {
        Caller {
            correlation: Correlation {
                id: "scenario-1".into(),
                given,
            },
            identity: "user:api".into(),
            address: "127.0.0.1".into(),
            method: Method::GET,
            test_mode,
        }
    }

    #[test]
    fn keys_follow_the_caller_not_its_correlation_id() {
        let c = caller(true, false);
        assert_eq!(c.key(Scope::Global), "");
        assert_eq!(c.key(Scope::Caller), "user:api");
        assert_eq!(c.key(Scope::ClientAddress), "127.0.0.1");
    }

    #[test]
    fn test_mode_adds_the_correlation_id_when_the_caller_sent_one() {
        assert_eq!(caller(true, true).key(Scope::Caller), "user:api|scenario-1");
        assert_eq!(caller(false, true).key(Scope::Caller), "user:api");
        assert_eq!(caller(true, true).key(Scope::Global), "|scenario-1");
    }

    #[test]
    fn only_safe_methods_are_idempotent() {
        assert!(idempotent(&Method::GET) && idempotent(&Method::PUT));
        assert!(!idempotent(&Method::POST) && !idempotent(&Method::PATCH));
    }
}
