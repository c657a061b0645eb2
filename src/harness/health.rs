//! `GET /health`: the harness answers, and says which backends answer too.
//! Every connection's base URL is pinged at once (`HEAD`, as Zato pings its
//! outgoing connections): any HTTP answer means `up`; no connection, a broken
//! one or no answer within the connection's timeout (at most one second)
//! means `down`, with a kind. The status is `degraded` when a backend is down;
//! the HTTP status stays 200, since the harness itself serves.
//!
//! ```json
//! {"status": "degraded",
//!  "backends": {"crm": {"status": "up", "latency_ms": 2},
//!               "billing": {"status": "down", "kind": "unreachable"}}}
//! ```

use std::time::Duration;

use serde_json::{Map, Value, json};

use super::app::App;
use super::transport::Attempt;

/// The longest a ping may take.
const PING_TIMEOUT: Duration = Duration::from_secs(1);

/// The health document, after pinging every backend.
pub(crate) async fn report(app: &App, correlation_id: &str) -> Value {
    let pings = app.backends.values().map(|backend| async move {
        let timeout = backend.plan.timeout.min(PING_TIMEOUT);
        let outcome = backend
            .transport
            .ping(&backend.plan.base_url, correlation_id, timeout)
            .await;
        (backend.plan.name.as_str(), outcome)
    });
    let mut backends = Map::new();
    let mut all_up = true;
    for (name, outcome) in futures::future::join_all(pings).await {
        let entry = match outcome {
            Ok(latency) => json!({"status": "up", "latency_ms": latency.as_millis() as u64}),
            Err(attempt) => {
                all_up = false;
                let (kind, detail) = match attempt {
                    Attempt::Timeout => ("timeout", String::new()),
                    Attempt::Unreachable(d) => ("unreachable", d),
                    Attempt::Broken(d) => ("connection_broken", d),
                };
                tracing::warn!(backend = name, kind, detail = %detail, "health: backend down");
                json!({"status": "down", "kind": kind})
            }
        };
        backends.insert(name.to_owned(), entry);
    }
    json!({
        "status": if all_up { "ok" } else { "degraded" },
        "backends": backends,
    })
}
