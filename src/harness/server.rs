//! The HTTP server: `/health`, `/metrics`, and every configured channel.
//!
//! ```text
//! GET /health                          → 200 {"status": "ok"}
//! GET /metrics                         → 200 Prometheus text
//! GET /tutorial/api/get-user-details   → the channel's flow
//!     X-API-Key: abc
//!     X-Correlation-ID: scenario-7      (echoed back, sent to every backend; generated when absent)
//! ```
//!
//! A request goes: correlation id → channel match (404/405) → auth (401) →
//! rate limit (429) → input (400) → flow under `total_timeout_ms` (504) →
//! response mapping.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderValue, StatusCode, header};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tracing::Instrument;

use super::cache::CallCache;
use super::call::{Backend, CORRELATION_HEADER, CallRuntime, Correlation, Shared};
use super::flow;
use super::input;
use super::metrics::Metrics;
use super::plan::{ChannelPlan, Config};
use super::ratelimit::Limiter;
use super::reply;
use crate::error::Error;

/// The largest request body accepted.
const MAX_BODY: usize = 1024 * 1024;

/// Serves `config` on `listener` until Ctrl-C or SIGTERM, then shuts down
/// gracefully (in-flight requests finish).
pub async fn serve(config: Config, listener: TcpListener) -> Result<(), Error> {
    serve_with_shutdown(config, listener, shutdown_signal()).await
}

/// Serves `config` on `listener` until `shutdown` completes, then shuts down
/// gracefully. Use port 0 and `listener.local_addr()` to run it in-process.
pub async fn serve_with_shutdown<F>(
    config: Config,
    listener: TcpListener,
    shutdown: F,
) -> Result<(), Error>
where
    F: Future<Output = ()> + Send + 'static,
{
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot read the listening address: {e}")))?;
    let app = Arc::new(App::new(config)?);
    let router = Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .fallback(dispatch)
        .layer(middleware::from_fn(correlate))
        .with_state(app);
    tracing::info!(%addr, "orchestrator listening");
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Error::Runtime(format!("server on {addr} failed: {e}")))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Live state: channels with their calls, limiters and caches.
struct App {
    vars: Value,
    channels: Vec<ChannelRuntime>,
    shared: Shared,
}

struct ChannelRuntime {
    plan: Arc<ChannelPlan>,
    calls: Vec<Arc<CallRuntime>>,
    limiter: Option<Limiter>,
}

impl App {
    fn new(config: Config) -> Result<App, Error> {
        let client = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| Error::Runtime(format!("cannot create the HTTP client: {e}")))?;
        let metrics = Arc::new(Metrics::new());
        let backends: std::collections::BTreeMap<String, Arc<Backend>> = config
            .connections
            .iter()
            .map(|(name, plan)| (name.clone(), Arc::new(Backend::new(Arc::clone(plan)))))
            .collect();
        for backend in backends.values() {
            if let Some(breaker) = &backend.breaker {
                metrics.breaker(&backend.plan.name, breaker.state().code());
            }
        }
        let mut channels = Vec::new();
        for plan in &config.channels {
            let mut calls = Vec::new();
            for call in &plan.calls {
                let backend = backends.get(&call.connection).ok_or_else(|| {
                    Error::Runtime(format!(
                        "call `{}` names unknown connection `{}`",
                        call.name, call.connection
                    ))
                })?;
                calls.push(Arc::new(CallRuntime {
                    plan: Arc::clone(call),
                    backend: Arc::clone(backend),
                    cache: call.cache_ttl.map(CallCache::new),
                }));
            }
            channels.push(ChannelRuntime {
                plan: Arc::clone(plan),
                calls,
                limiter: plan.rate_limit.map(Limiter::new),
            });
        }
        Ok(App {
            vars: config.vars,
            channels,
            shared: Shared { client, metrics },
        })
    }
}

/// Takes `X-Correlation-ID` (or makes one), logs under it and echoes it.
async fn correlate(mut request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(CORRELATION_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 200 && v.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned);
    let correlation = match given {
        Some(id) => Correlation { id, given: true },
        None => Correlation {
            id: uuid::Uuid::new_v4().to_string(),
            given: false,
        },
    };
    let cid = correlation.id.clone();
    request.extensions_mut().insert(correlation);
    let span = tracing::info_span!(
        "request",
        cid = %cid,
        method = %request.method(),
        path = %request.uri().path(),
        channel = tracing::field::Empty,
    );
    let mut response = next.run(request).instrument(span).await;
    if let Ok(value) = HeaderValue::from_str(&cid) {
        response.headers_mut().insert(CORRELATION_HEADER, value);
    }
    response
}

async fn health() -> Response {
    axum::Json(json!({"status": "ok"})).into_response()
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.shared.metrics.render(),
    )
        .into_response()
}

/// Finds the channel for the request and runs it.
async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    let correlation = request
        .extensions()
        .get::<Correlation>()
        .cloned()
        .unwrap_or_else(|| Correlation {
            id: uuid::Uuid::new_v4().to_string(),
            given: false,
        });
    let cid = correlation.id.clone();
    let path = request.uri().path().to_owned();
    let matching: Vec<_> = app
        .channels
        .iter()
        .filter_map(|c| c.plan.route.matches(&path).map(|params| (c, params)))
        .collect();
    let Some((channel, params)) = matching
        .iter()
        .find(|(c, _)| c.plan.methods.contains(request.method()))
    else {
        if matching.is_empty() {
            return reply::error(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no channel at `{path}`"),
                &cid,
                Map::new(),
            );
        }
        let allow: Vec<String> = matching
            .iter()
            .flat_map(|(c, _)| c.plan.methods.iter().map(ToString::to_string))
            .collect();
        let mut response = reply::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            format!("`{path}` accepts {}", allow.join(", ")),
            &cid,
            Map::new(),
        );
        if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return response;
    };
    tracing::Span::current().record("channel", channel.plan.name.as_str());
    let started = Instant::now();
    let response = run_channel(&app, channel, params, request, &correlation).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    app.shared
        .metrics
        .request(&channel.plan.name, status, elapsed);
    tracing::info!(channel = %channel.plan.name, status, elapsed_ms = elapsed.as_millis() as u64, "request served");
    response
}

async fn run_channel(
    app: &App,
    channel: &ChannelRuntime,
    params: &[(String, String)],
    request: Request,
    correlation: &Correlation,
) -> Response {
    let plan = &channel.plan;
    let cid = correlation.id.as_str();
    if let Some(auth) = &plan.auth
        && let Err(failure) = super::auth::check(auth, request.headers())
    {
        tracing::warn!(channel = %plan.name, reason = %failure.message, "unauthorized");
        let mut response = reply::error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            failure.message,
            cid,
            Map::new(),
        );
        if let Some(challenge) = failure.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        return response;
    }
    if let Some(limiter) = &channel.limiter
        && let Err(wait) = limiter.check(correlation.scope_key())
    {
        app.shared
            .metrics
            .rate_limited(&format!("channel:{}", plan.name));
        let message = format!("rate limit of channel `{}` exceeded", plan.name);
        return reply::rate_limited(message, wait, cid, Map::new());
    }
    let query = request.uri().query().map(str::to_owned);
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let message =
                format!("the request body is larger than {MAX_BODY} bytes or was cut short");
            return reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                message,
                cid,
                Map::new(),
            );
        }
    };
    let input = match input::collect(plan, params, query.as_deref(), &body, form) {
        Ok(input) => input,
        Err(e) => {
            let mut extra = Map::new();
            if let Some(field) = e.field {
                extra.insert("field".into(), Value::String(field));
            }
            return reply::error(StatusCode::BAD_REQUEST, "bad_input", e.message, cid, extra);
        }
    };
    let ctx = flow::context(input, &app.vars, correlation, &channel.calls);
    let run = flow::run(plan, &channel.calls, ctx, correlation, &app.shared);
    let outcome = match plan.total_timeout {
        Some(limit) => match tokio::time::timeout(limit, run).await {
            Ok(outcome) => outcome,
            Err(_) => return total_timeout(plan, limit, cid),
        },
        None => run.await,
    };
    match outcome {
        Ok(ctx) => {
            let document = flow::respond(plan, &ctx);
            (plan.status, axum::Json(document)).into_response()
        }
        Err(errors) => reply::call_failures(&errors, cid),
    }
}

fn total_timeout(plan: &ChannelPlan, limit: Duration, cid: &str) -> Response {
    tracing::warn!(channel = %plan.name, limit_ms = limit.as_millis() as u64, "total timeout");
    let mut extra = Map::new();
    extra.insert("timeout_ms".into(), json!(limit.as_millis() as u64));
    let message = format!(
        "channel `{}` did not finish within {} ms",
        plan.name,
        limit.as_millis()
    );
    reply::error(StatusCode::GATEWAY_TIMEOUT, "timeout", message, cid, extra)
}
