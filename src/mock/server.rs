//! Running a backend: `wiremock` behind a small front on `127.0.0.1`.
//!
//! ```text
//! client ──► front (hyper, 127.0.0.1:PORT) ──► wiremock MockServer (127.0.0.1:random)
//!             │ records the request in the journal          │ per-scenario overrides (priority 1)
//!             │ makes faults at the socket                  │ stub mappings (their priorities)
//!             └ strips internal headers                     └ catch-all JSON 404 (priority 255)
//! ```
//!
//! The front exists because `wiremock` can only answer with well-formed HTTP; every
//! decision about what to answer is still `wiremock`'s. Each client connection gets
//! its own keep-alive connection to `wiremock`, driven in the same task. The hop costs
//! throughput (see `bench/mocks.sh`), and it is the only way to make socket-level faults.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::client::conn::http1 as upstream_http1;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use wiremock::{Mock, MockServer};

use crate::error::Error;
use crate::mock::CORRELATION_HEADER;
use crate::mock::fault::{Fault, FaultIo, FaultSlot};
use crate::mock::journal::{Journal, Outcome, RecordedRequest};
use crate::mock::matchers::{
    AnyRequest, BodyMatcher, HeaderMatcher, MethodMatcher, OverrideMatcher, QueryMatcher,
    ScenarioStateMatcher, UrlMatcher,
};
use crate::mock::respond::{
    FAULT_MARKER, NotFoundResponder, OverrideResponder, SERVED_BY_MARKER, StubResponder,
};
use crate::mock::scoped::{Controls, Scoped};
use crate::mock::stub::{Mapping, StubSet};

/// The largest request body the front accepts (larger ones get `413`).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How long [`RunningBackend::stop`] lets in-flight requests finish.
const GRACE: Duration = Duration::from_secs(1);

/// A fake backend serving its stubs on `127.0.0.1`. Stop it with
/// [`RunningBackend::stop`]; dropping it also shuts it down, without waiting.
pub struct RunningBackend {
    name: String,
    addr: SocketAddr,
    mappings: usize,
    controls: Arc<Controls>,
    journal: Arc<Journal>,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    wiremock: Option<MockServer>,
}

impl std::fmt::Debug for RunningBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningBackend")
            .field("name", &self.name)
            .field("url", &self.url())
            .field("mappings", &self.mappings)
            .finish()
    }
}

impl RunningBackend {
    /// The backend's name, e.g. `crm`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The base URL, e.g. `http://127.0.0.1:43117` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the backend listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many stub mappings it serves.
    pub fn mapping_count(&self) -> usize {
        self.mappings
    }

    /// A handle for one test scenario: overrides and request counts for requests
    /// carrying `X-Correlation-ID: correlation_id` only.
    pub fn scoped(&self, correlation_id: &str) -> Scoped {
        Scoped::new(correlation_id, self.controls.clone(), self.journal.clone())
    }

    /// Every request received, for queries across correlation ids.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// How many requests arrived without `X-Correlation-ID`. Non-zero while the
    /// runner sends the header means the system under test does not propagate it.
    pub fn uncorrelated_count(&self) -> u64 {
        self.journal.uncorrelated_count()
    }

    /// Drops every override, scenario state and recorded request.
    pub fn reset(&self) {
        self.controls.clear();
        self.journal.clear();
    }

    /// Stops accepting, lets in-flight requests finish (up to a second), and shuts
    /// `wiremock` down.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Some(server) = self.wiremock.take() {
            // Dropping a MockServer blocks on its verification; keep that off the runtime.
            let _ = tokio::task::spawn_blocking(move || drop(server)).await;
        }
    }
}

impl Drop for RunningBackend {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// Serves `stubs` on `127.0.0.1:port` (`None`: a free port).
pub async fn serve(stubs: StubSet, port: Option<u16>) -> Result<RunningBackend, Error> {
    let bind = SocketAddr::from((Ipv4Addr::LOCALHOST, port.unwrap_or(0)));
    let listener = TcpListener::bind(bind).await.map_err(|e| {
        Error::Runtime(format!(
            "cannot start backend `{}` on {bind}: {e}",
            stubs.name
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("backend `{}`: {e}", stubs.name)))?;

    let controls = Arc::new(Controls::default());
    // Bound here so that a failure is an error, not a panic inside `wiremock`.
    let inner = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| Error::Runtime(format!("cannot start backend `{}`: {e}", stubs.name)))?;
    let wiremock = MockServer::builder()
        .listener(inner)
        .disable_request_recording()
        .start()
        .await;
    mount(&wiremock, &stubs, &controls).await;

    let journal = Arc::new(Journal::default());
    let front = Arc::new(Front {
        upstream: *wiremock.address(),
        journal: journal.clone(),
    });
    let (shutdown, signal) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, front, signal));
    Ok(RunningBackend {
        name: stubs.name,
        addr,
        mappings: stubs.mappings.len(),
        controls,
        journal,
        shutdown,
        task: Some(task),
        wiremock: Some(wiremock),
    })
}

/// Mounts overrides first, then the stubs (later mappings first, so that between
/// equal priorities the later one wins, as in WireMock), then the catch-all.
async fn mount(server: &MockServer, stubs: &StubSet, controls: &Arc<Controls>) {
    Mock::given(OverrideMatcher(controls.clone()))
        .respond_with(OverrideResponder(controls.clone()))
        .with_priority(1)
        .named("per-scenario overrides")
        .mount(server)
        .await;
    for mapping in stubs.mappings.iter().rev() {
        stub_mock(mapping, controls).mount(server).await;
    }
    Mock::given(AnyRequest)
        .respond_with(NotFoundResponder {
            backend: stubs.name.clone(),
            controls: controls.clone(),
        })
        .with_priority(u8::MAX)
        .named("catch-all 404")
        .mount(server)
        .await;
}

fn stub_mock(mapping: &Mapping, controls: &Arc<Controls>) -> Mock {
    let r = &mapping.request;
    let mut mock = match &r.method {
        Some(m) => Mock::given(MethodMatcher(m.clone())),
        None => Mock::given(AnyRequest),
    };
    if let Some(url) = &r.url {
        mock = mock.and(UrlMatcher(url.clone()));
    }
    for (name, m) in &r.query {
        mock = mock.and(QueryMatcher(name.clone(), m.clone()));
    }
    for (name, m) in &r.headers {
        mock = mock.and(HeaderMatcher(name.clone(), m.clone()));
    }
    for pattern in &r.body {
        mock = mock.and(BodyMatcher(pattern.clone()));
    }
    if let Some(rule) = &mapping.scenario
        && let Some(state) = &rule.required_state
    {
        mock = mock.and(ScenarioStateMatcher {
            controls: controls.clone(),
            scenario: rule.name.clone(),
            state: state.clone(),
        });
    }
    let served_by =
        HeaderValue::from_str(&mapping.name).unwrap_or(HeaderValue::from_static("stub"));
    mock.respond_with(StubResponder {
        response: mapping.response.clone(),
        scenario: mapping.scenario.clone(),
        controls: controls.clone(),
        served_by,
    })
    .with_priority(mapping.priority)
    .named(mapping.name.clone())
}

struct Front {
    upstream: SocketAddr,
    journal: Arc<Journal>,
}

async fn accept_loop(listener: TcpListener, front: Arc<Front>, mut signal: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // E.g. out of file descriptors: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = signal.changed() => break,
        };
        let _ = stream.set_nodelay(true);
        let (io, slot) = FaultIo::new(stream);
        let front = front.clone();
        let mut signal = signal.clone();
        connections.spawn(async move {
            // Each client connection has its own connection to wiremock, driven in
            // this same task: no pool, no hand-off between tasks per request.
            let (sender, driver) = match connect_upstream(front.upstream).await {
                Ok((sender, driver)) => (Some(sender), Some(driver)),
                Err(_) => (None, None),
            };
            let link = Arc::new(tokio::sync::Mutex::new(sender));
            let service =
                service_fn(move |req| handle(req, front.clone(), link.clone(), slot.clone()));
            let conn = http1::Builder::new().serve_connection(TokioIo::new(io), service);
            tokio::pin!(conn);
            let driver = async move {
                if let Some(driver) = driver {
                    let _ = driver.await;
                }
                std::future::pending::<()>().await;
            };
            tokio::pin!(driver);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = driver.as_mut() => {}
                _ = signal.changed() => {
                    conn.as_mut().graceful_shutdown();
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = driver.as_mut() => {}
                    }
                }
            }
        });
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
}

type Sender = upstream_http1::SendRequest<Full<Bytes>>;
type Driver = upstream_http1::Connection<TokioIo<tokio::net::TcpStream>, Full<Bytes>>;

/// One HTTP/1 connection to wiremock: the sender and the future that drives it.
async fn connect_upstream(addr: SocketAddr) -> Result<(Sender, Driver), String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    upstream_http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())
}

/// Sends `request` to wiremock on the client connection's own link, reconnecting
/// (with a spawned driver) if wiremock closed it.
async fn send_upstream(
    front: &Front,
    link: &tokio::sync::Mutex<Option<Sender>>,
    request: Request<Full<Bytes>>,
) -> Result<Response<Incoming>, String> {
    let mut guard = link.lock().await;
    if guard.as_ref().is_none_or(Sender::is_closed) {
        let (sender, driver) = connect_upstream(front.upstream).await?;
        tokio::spawn(driver);
        *guard = Some(sender);
    }
    let Some(sender) = guard.as_mut() else {
        return Err("no connection to wiremock".to_owned());
    };
    sender.ready().await.map_err(|e| e.to_string())?;
    sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "upgrade",
    "proxy-connection",
];

async fn handle(
    request: Request<Incoming>,
    front: Arc<Front>,
    link: Arc<tokio::sync::Mutex<Option<Sender>>>,
    slot: FaultSlot,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            let body =
                json!({"error": "request body unreadable or too large", "detail": e.to_string()});
            return Ok(json_response(StatusCode::PAYLOAD_TOO_LARGE, body));
        }
    };
    let correlation_id = parts
        .headers
        .get(CORRELATION_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_owned);
    let headers = parts
        .headers
        .iter()
        .map(|(n, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (n.as_str().to_owned(), value)
        })
        .collect();
    let entry = front.journal.record(RecordedRequest::new(
        parts.method.to_string(),
        parts.uri.path().to_owned(),
        parts.uri.query().map(str::to_owned),
        headers,
        body.clone(),
        correlation_id,
    ));

    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut forward = Request::builder()
        .method(parts.method.clone())
        .uri(path_and_query);
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            forward = forward.header(name, value);
        }
    }
    if !parts.headers.contains_key(header::HOST) {
        forward = forward.header(header::HOST, front.upstream.to_string());
    }
    let answer = match forward.body(Full::new(body)) {
        Ok(forward) => send_upstream(&front, &link, forward).await,
        Err(e) => Err(e.to_string()),
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(detail) => {
            entry.set_outcome(Outcome {
                status: Some(502),
                served_by: "front".to_owned(),
                fault: None,
            });
            let body = json!({"error": "fake backend failed", "detail": detail});
            return Ok(json_response(StatusCode::BAD_GATEWAY, body));
        }
    };
    let (mut parts, body) = answer.into_parts();
    let body = body
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let fault = parts
        .headers
        .remove(FAULT_MARKER)
        .and_then(|v| v.to_str().ok().and_then(Fault::from_name));
    let served_by = parts
        .headers
        .remove(SERVED_BY_MARKER)
        .and_then(|v| v.to_str().ok().map(str::to_owned))
        .unwrap_or_default();
    entry.set_outcome(Outcome {
        status: fault.is_none().then_some(parts.status.as_u16()),
        served_by,
        fault,
    });
    if let Some(fault) = fault {
        if let Ok(mut armed) = slot.lock() {
            *armed = Some(fault);
        }
        return Ok(Response::new(Full::new(Bytes::new())));
    }
    Ok(Response::from_parts(parts, Full::new(body)))
}
