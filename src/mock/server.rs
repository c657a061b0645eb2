//! Running a backend: a front on `127.0.0.1`, and `wiremock` behind it.
//!
//! ```text
//! client ──► front (hyper, 127.0.0.1:PORT)
//!             │ records the request in the journal
//!             │ decides (mock::table): stateless ──► answers in-process ─┐
//!             │                        stateful ──► wiremock MockServer ─┤ (127.0.0.1:random)
//!             │                                      per-scenario overrides (priority 1)
//!             │                                      stub mappings (their priorities)
//!             │                                      catch-all JSON 404 (priority 255)
//!             └ makes faults at the socket, waits out delays ◄───────────┘
//! ```
//!
//! The front exists because `wiremock` can only answer with well-formed HTTP: faults
//! are made at the socket ([`crate::mock::fault`]). It answers itself the requests
//! whose answer does not depend on state, and passes the rest to `wiremock`, whose
//! single lock makes a match and its state change one step (see
//! [`crate::mock::table`] for the rule and why). A client connection that needs
//! `wiremock` gets its own keep-alive connection to it, opened on first use.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Request, Response, StatusCode, header};
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
use crate::mock::answer::{Rendered, not_found};
use crate::mock::fault::{Fault, FaultIo, FaultSlot};
use crate::mock::journal::{Journal, Outcome, RecordedRequest};
use crate::mock::matchers::{AnyRequest, OverrideMatcher, ScenarioStateMatcher, StubMatcher};
use crate::mock::respond::{
    FAULT_MARKER, NotFoundResponder, OverrideResponder, SERVED_BY_MARKER, SERVED_BY_NOTHING,
    StubResponder,
};
use crate::mock::scoped::{Controls, Scoped};
use crate::mock::stub::{Mapping, StubSet};
use crate::mock::table::{Decision, Routing, Table};
use crate::mock::view::{HOP_BY_HOP, RequestView, TARGET_MARKER};

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

/// Serves `stubs` on `127.0.0.1:port` (`None`: a free port), stateless requests
/// answered by the front.
pub async fn serve(stubs: StubSet, port: Option<u16>) -> Result<RunningBackend, Error> {
    serve_with(stubs, port, Routing::default()).await
}

/// Serves `stubs` on `127.0.0.1:port` (`None`: a free port), with `routing`.
pub async fn serve_with(
    stubs: StubSet,
    port: Option<u16>,
    routing: Routing,
) -> Result<RunningBackend, Error> {
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
    let mappings = stubs.mappings.len();
    let table = Table::new(stubs);
    mount(&wiremock, &table, &controls).await;

    let journal = Arc::new(Journal::default());
    let name = table.name().to_owned();
    let front = Arc::new(Front {
        upstream: *wiremock.address(),
        journal: journal.clone(),
        controls: controls.clone(),
        table,
        routing,
    });
    let (shutdown, signal) = watch::channel(false);
    let task = tokio::spawn(accept_loop(listener, front, signal));
    Ok(RunningBackend {
        name,
        addr,
        mappings,
        controls,
        journal,
        shutdown,
        task: Some(task),
        wiremock: Some(wiremock),
    })
}

/// Mounts overrides first, then the stubs in the table's order (which `wiremock`'s
/// stable sort by priority keeps), then the catch-all.
async fn mount(server: &MockServer, table: &Table, controls: &Arc<Controls>) {
    Mock::given(OverrideMatcher(controls.clone()))
        .respond_with(OverrideResponder(controls.clone()))
        .with_priority(1)
        .named("per-scenario overrides")
        .mount(server)
        .await;
    for mapping in table.entries() {
        stub_mock(mapping, controls).mount(server).await;
    }
    Mock::given(AnyRequest)
        .respond_with(NotFoundResponder {
            backend: table.name().to_owned(),
            controls: controls.clone(),
        })
        .with_priority(u8::MAX)
        .named("catch-all 404")
        .mount(server)
        .await;
}

fn stub_mock(mapping: &Arc<Mapping>, controls: &Arc<Controls>) -> Mock {
    let mut mock = Mock::given(StubMatcher(mapping.clone()));
    if let Some(rule) = &mapping.scenario
        && let Some(state) = &rule.required_state
    {
        mock = mock.and(ScenarioStateMatcher {
            controls: controls.clone(),
            scenario: rule.name.clone(),
            state: state.clone(),
        });
    }
    mock.respond_with(StubResponder {
        mapping: mapping.clone(),
        controls: controls.clone(),
        served_by: served_by_value(&mapping.name),
    })
    .with_priority(mapping.priority)
    .named(mapping.name.clone())
}

fn served_by_value(name: &str) -> HeaderValue {
    HeaderValue::from_str(name).unwrap_or(HeaderValue::from_static("stub"))
}

struct Front {
    upstream: SocketAddr,
    journal: Arc<Journal>,
    controls: Arc<Controls>,
    table: Table,
    routing: Routing,
}

/// A client connection's own connection to `wiremock`, opened on first use.
type Link = Arc<tokio::sync::Mutex<Option<Sender>>>;

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
            let link = Link::default();
            let service =
                service_fn(move |req| handle(req, front.clone(), link.clone(), slot.clone()));
            let conn = http1::Builder::new().serve_connection(TokioIo::new(io), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = signal.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
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

/// Sends `request` to wiremock on the client connection's own link, connecting
/// (with a spawned driver) on first use or when wiremock closed it.
async fn send_upstream(
    front: &Front,
    link: &tokio::sync::Mutex<Option<Sender>>,
    request: Request<Full<Bytes>>,
) -> Result<Response<Incoming>, String> {
    let mut guard = link.lock().await;
    if guard.as_ref().is_none_or(Sender::is_closed) {
        let stream = tokio::net::TcpStream::connect(front.upstream)
            .await
            .map_err(|e| e.to_string())?;
        let _ = stream.set_nodelay(true);
        let (sender, driver) = upstream_http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
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

/// What a request got, before it is sent: a response, or a fault to make.
struct Answer {
    rendered: Rendered,
    fault: Option<Fault>,
    served_by: String,
}

async fn handle(
    request: Request<Incoming>,
    front: Arc<Front>,
    link: Link,
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
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let view = RequestView::new(parts.method.as_str(), target, &parts.headers, &body);
    let entry = front.journal.record(RecordedRequest::new(
        parts.method.to_string(),
        view.path.to_owned(),
        view.query.map(str::to_owned),
        parts
            .headers
            .iter()
            .map(|(n, v)| {
                let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (n.as_str().to_owned(), value)
            })
            .collect(),
        body.clone(),
        view.correlation_id().map(str::to_owned),
    ));
    let decision = match front.routing {
        Routing::InProcess => front.table.decide(&view, &front.controls),
        Routing::Wiremock => Decision::Wiremock,
    };
    let answer = match decision {
        Decision::Stub(mapping) => {
            let r = &mapping.response;
            let rendered = r.render(&view);
            if let Some(delay) = r.delay {
                tokio::time::sleep(delay).await;
            }
            Answer {
                rendered,
                fault: r.fault,
                served_by: mapping.name.clone(),
            }
        }
        Decision::NotFound => Answer {
            rendered: not_found(front.table.name(), &view),
            fault: None,
            served_by: SERVED_BY_NOTHING.to_owned(),
        },
        Decision::Wiremock => match forward(&front, &link, &parts, target, body).await {
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
        },
    };
    entry.set_outcome(Outcome {
        status: answer
            .fault
            .is_none()
            .then_some(answer.rendered.status.as_u16()),
        served_by: answer.served_by,
        fault: answer.fault,
    });
    if let Some(fault) = answer.fault {
        if let Ok(mut armed) = slot.lock() {
            *armed = Some(fault);
        }
        return Ok(Response::new(Full::new(Bytes::new())));
    }
    let mut response = Response::new(Full::new(answer.rendered.body));
    *response.status_mut() = answer.rendered.status;
    *response.headers_mut() = answer.rendered.headers;
    Ok(response)
}

/// Passes the request to wiremock and reads its answer (and the markers it carries).
async fn forward(
    front: &Front,
    link: &tokio::sync::Mutex<Option<Sender>>,
    parts: &http::request::Parts,
    target: &str,
    body: Bytes,
) -> Result<Answer, String> {
    let mut forward = Request::builder().method(parts.method.clone()).uri(target);
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(&name.as_str()) && name != TARGET_MARKER {
            forward = forward.header(name, value);
        }
    }
    if !parts.headers.contains_key(header::HOST) {
        forward = forward.header(header::HOST, front.upstream.to_string());
    }
    if let Ok(value) = HeaderValue::from_str(target) {
        forward = forward.header(HeaderName::from_static(TARGET_MARKER), value);
    }
    let request = forward.body(Full::new(body)).map_err(|e| e.to_string())?;
    let (mut parts, body) = send_upstream(front, link, request).await?.into_parts();
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
    Ok(Answer {
        rendered: Rendered {
            status: parts.status,
            headers: parts.headers,
            body,
        },
        fault,
        served_by,
    })
}
