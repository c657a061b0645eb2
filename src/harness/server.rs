//! The HTTP server: `/health`, `/metrics`, and every configured channel.
//!
//! ```text
//! GET /health                          → 200 {"status": "ok", "backends": {...}}
//! GET /metrics                         → 200 Prometheus text
//! GET /tutorial/api/get-user-details   → the channel's flow
//!     X-API-Key: abc
//!     X-Correlation-ID: scenario-7      (echoed back with X-Zato-CID, sent to every backend;
//!                                        generated when absent)
//! ```
//!
//! A request goes: correlation id → channel match (404/405; the most specific
//! path wins, a GET channel answers HEAD without a body) → auth (401) → rate
//! limit (429) → input (400) → flow under `total_timeout_ms` (504) → response
//! mapping. Every answer of a channel path, 404 and 405 included, is counted
//! in `harness_requests_total`.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use futures::stream::{BoxStream, StreamExt};
use http::{HeaderValue, Method, StatusCode, header};
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tracing::Instrument;

use super::app::{App, ChannelRuntime, Live};
use super::call::{CORRELATION_HEADER, Caller, Correlation};
use super::plan::Config;
use super::ratelimit::Admission;
use super::{flow, health, input, reply};
use crate::error::Error;

/// The largest request body accepted.
const MAX_BODY: usize = 1024 * 1024;

/// The Zato tutorial's name for the correlation id header, sent back too.
pub const ZATO_CID_HEADER: &str = "x-zato-cid";

/// The `channel` label of requests no channel serves.
const NO_CHANNEL: &str = "(none)";

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
    serve_with_reloads(
        config,
        listener,
        shutdown,
        futures::stream::pending().boxed(),
    )
    .await
}

/// Serves `config` on `listener` until `shutdown` completes; each item of
/// `reloads` (e.g. [`super::reload::on_sighup`]) replaces the configuration,
/// or, when it failed to load, is logged and counted while the running
/// configuration stays.
pub async fn serve_with_reloads<F>(
    config: Config,
    listener: TcpListener,
    shutdown: F,
    mut reloads: BoxStream<'static, Result<Config, Error>>,
) -> Result<(), Error>
where
    F: Future<Output = ()> + Send + 'static,
{
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot read the listening address: {e}")))?;
    let live = Arc::new(Live::new(config)?);
    let reloading = Arc::clone(&live);
    let reloader = tokio::spawn(async move {
        while let Some(loaded) = reloads.next().await {
            reloading.reload(loaded);
        }
    });
    let router = Router::new()
        .route("/health", any(health))
        .route("/metrics", any(metrics))
        .fallback(dispatch)
        .layer(middleware::from_fn(correlate))
        .with_state(live);
    tracing::info!(%addr, "orchestrator listening");
    let served = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .map_err(|e| Error::Runtime(format!("server on {addr} failed: {e}")));
    reloader.abort();
    served
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
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

/// Takes `X-Correlation-ID` (or makes one), logs under it and echoes it, also
/// as `X-Zato-CID`.
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
        response
            .headers_mut()
            .insert(CORRELATION_HEADER, value.clone());
        response.headers_mut().insert(ZATO_CID_HEADER, value);
    }
    response
}

fn correlation(request: &Request) -> Correlation {
    request
        .extensions()
        .get::<Correlation>()
        .cloned()
        .unwrap_or_else(|| Correlation {
            id: uuid::Uuid::new_v4().to_string(),
            given: false,
        })
}

/// An answer to HEAD: the headers of the GET answer, no body.
fn without_body(response: Response) -> Response {
    let (parts, _) = response.into_parts();
    Response::from_parts(parts, Body::empty())
}

async fn health(State(live): State<Arc<Live>>, request: Request) -> Response {
    let cid = correlation(&request).id;
    match *request.method() {
        Method::GET | Method::HEAD => {
            let document = health::report(&live.app(), &cid).await;
            let response = axum::Json(document).into_response();
            if request.method() == Method::HEAD {
                without_body(response)
            } else {
                response
            }
        }
        _ => reply::method_not_allowed("/health", &["GET".into(), "HEAD".into()], &cid),
    }
}

async fn metrics(State(live): State<Arc<Live>>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let cid = correlation(&request).id;
        return reply::method_not_allowed("/metrics", &["GET".into(), "HEAD".into()], &cid);
    }
    let app = live.app();
    for backend in app.backends.values() {
        if let Some(breaker) = &backend.breaker {
            live.metrics()
                .breaker(&backend.plan.name, breaker.state().code());
        }
    }
    let response = (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        live.metrics().render(),
    )
        .into_response();
    if request.method() == Method::HEAD {
        without_body(response)
    } else {
        response
    }
}

/// Finds the channel for the request and runs it.
async fn dispatch(State(live): State<Arc<Live>>, request: Request) -> Response {
    let started = Instant::now();
    let app = live.app();
    let correlation = correlation(&request);
    let cid = correlation.id.clone();
    let path = request.uri().path().to_owned();
    let method = request.method().clone();
    let matching: Vec<_> = app
        .channels
        .iter()
        .filter_map(|c| c.plan.route.matches(&path).map(|params| (c, params)))
        .collect();
    let chosen = matching
        .iter()
        .filter_map(|(c, params)| c.plan.methods.runs_as(&method).map(|m| (*c, params, m)))
        .reduce(|best, next| if prefer(&next, &best) { next } else { best });
    let Some((channel, params, runs_as)) = chosen else {
        let (label, response) = unserved(&matching, &path, &cid);
        live.metrics()
            .request(label, response.status().as_u16(), started.elapsed());
        return response;
    };
    tracing::Span::current().record("channel", channel.plan.name.as_str());
    let address = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string())
        .unwrap_or_default();
    let head = method == Method::HEAD;
    let params = params.clone();
    let response = run_channel(
        &app,
        channel,
        &params,
        request,
        correlation,
        address,
        runs_as,
    )
    .await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    live.metrics().request(&channel.plan.name, status, elapsed);
    tracing::info!(channel = %channel.plan.name, status, elapsed_ms = elapsed.as_millis() as u64, "request served");
    if head {
        without_body(response)
    } else {
        response
    }
}

type Candidate<'a> = (&'a ChannelRuntime, &'a Vec<(String, String)>, Method);

/// Whether `a` is preferred over `b`: the more specific path, then the
/// channel that accepts the method itself over a GET channel answering HEAD.
fn prefer(a: &Candidate<'_>, b: &Candidate<'_>) -> bool {
    let (ra, rb) = (&a.0.plan.route, &b.0.plan.route);
    if ra.more_specific_than(rb) {
        return true;
    }
    if rb.more_specific_than(ra) {
        return false;
    }
    a.0.plan.methods.accepts(&a.2) && !b.0.plan.methods.accepts(&b.2)
}

/// The 404 or 405 for a request no channel runs, with its metrics label.
fn unserved<'a>(
    matching: &[(&'a ChannelRuntime, Vec<(String, String)>)],
    path: &str,
    cid: &str,
) -> (&'a str, Response) {
    if matching.is_empty() {
        let response = reply::error(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no channel at `{path}`"),
            cid,
            Map::new(),
        );
        return (NO_CHANNEL, response);
    }
    let mut allow: Vec<String> = Vec::new();
    for (c, _) in matching {
        for m in c.plan.methods.allowed() {
            if !allow.contains(&m) {
                allow.push(m);
            }
        }
    }
    let best = matching
        .iter()
        .map(|(c, _)| *c)
        .reduce(|best, next| {
            if next.plan.route.more_specific_than(&best.plan.route) {
                next
            } else {
                best
            }
        })
        .map_or(NO_CHANNEL, |c| c.plan.name.as_str());
    (best, reply::method_not_allowed(path, &allow, cid))
}

async fn run_channel(
    app: &App,
    channel: &ChannelRuntime,
    params: &[(String, String)],
    request: Request,
    correlation: Correlation,
    address: String,
    method: Method,
) -> Response {
    let plan = &channel.plan;
    let cid = correlation.id.clone();
    if let Some(auth) = &plan.auth
        && let Err(failure) = super::auth::check(auth, request.headers())
    {
        tracing::warn!(channel = %plan.name, reason = %failure.message, "unauthorized");
        let mut response = reply::error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            failure.message,
            &cid,
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
    let caller = Caller {
        identity: super::auth::identity(plan.auth.as_ref(), request.headers(), &address),
        correlation,
        address,
        method,
        test_mode: app.test_mode,
    };
    if let Some(limiter) = &channel.limiter {
        let scope = format!("channel:{}", plan.name);
        match limiter.acquire(&caller.key(limiter.scope())).await {
            Ok(Admission::Now) => {}
            Ok(Admission::Waited) => app.shared.metrics.rate_limit_waited(&scope),
            Err(wait) => {
                app.shared.metrics.rate_limited(&scope);
                let message = format!("rate limit of channel `{}` exceeded", plan.name);
                return reply::rate_limited(message, wait, &cid, Map::new());
            }
        }
    }
    let query = request.uri().query().map(str::to_owned);
    let body = match axum::body::to_bytes(request.into_body(), MAX_BODY).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let message =
                format!("the request body is larger than {MAX_BODY} bytes or was cut short");
            return reply::error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                message,
                &cid,
                Map::new(),
            );
        }
    };
    let input = match input::collect(plan, params, query.as_deref(), &body) {
        Ok(input) => input,
        Err(e) => {
            let mut extra = Map::new();
            if let Some(field) = e.field {
                extra.insert("field".into(), Value::String(field));
            }
            return reply::error(StatusCode::BAD_REQUEST, "bad_input", e.message, &cid, extra);
        }
    };
    let ctx = flow::context(input, &app.vars, &caller, &channel.calls);
    let run = flow::run(plan, &channel.calls, ctx, &caller, &app.shared);
    let outcome = match plan.total_timeout {
        Some(limit) => match tokio::time::timeout(limit, run).await {
            Ok(outcome) => outcome,
            Err(_) => return total_timeout(&plan.name, limit, &cid),
        },
        None => run.await,
    };
    match outcome {
        Ok(ctx) => {
            let document = flow::respond(plan, &ctx);
            (plan.status, axum::Json(document)).into_response()
        }
        Err(errors) => reply::call_failures(&errors, &cid),
    }
}

fn total_timeout(channel: &str, limit: Duration, cid: &str) -> Response {
    tracing::warn!(
        channel,
        limit_ms = limit.as_millis() as u64,
        "total timeout"
    );
    let mut extra = Map::new();
    extra.insert("timeout_ms".into(), json!(limit.as_millis() as u64));
    let message = format!(
        "channel `{channel}` did not finish within {} ms",
        limit.as_millis()
    );
    reply::error(StatusCode::GATEWAY_TIMEOUT, "timeout", message, cid, extra)
}
