//! `wiremock` responders: a stub mapping's response, a per-scenario override, and the
//! catch-all 404.
//!
//! Responders run inside `wiremock`'s request handling, which matches and responds
//! under one lock: using up an override or moving a scenario state is atomic with the
//! match that chose it. Faults and the name of the answering mapping travel to the
//! front in internal headers ([`FAULT_MARKER`], [`SERVED_BY_MARKER`]), which the front
//! removes before anything reaches the client.

use std::sync::Arc;
use std::time::Duration;

use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue, StatusCode};
use wiremock::{Request, Respond, ResponseTemplate};

use crate::mock::answer::{Rendered, not_found};
use crate::mock::fault::Fault;
use crate::mock::scoped::{Controls, Reply, ReplyBody, Target};
use crate::mock::stub::Mapping;
use crate::mock::view::RequestView;

/// Internal header: the fault the front must make instead of answering.
pub const FAULT_MARKER: &str = "x-apitest-fault";
/// Internal header: the mapping that answered.
pub const SERVED_BY_MARKER: &str = "x-apitest-served-by";
/// [`SERVED_BY_MARKER`] of per-scenario overrides.
pub const SERVED_BY_OVERRIDE: &str = "override";
/// [`SERVED_BY_MARKER`] of the catch-all 404.
pub const SERVED_BY_NOTHING: &str = "no stub matched";

/// The template `wiremock` sends, with the fault marker, the delay (the mapping's
/// plus the scenario's extra one) and the served-by marker.
fn template(
    rendered: Rendered,
    fault: Option<Fault>,
    delay: Option<Duration>,
    controls: &Controls,
    request: &RequestView<'_>,
    served_by: HeaderValue,
) -> ResponseTemplate {
    let mut template = ResponseTemplate::new(rendered.status);
    for (name, value) in &rendered.headers {
        template = template.append_header(name.clone(), value.clone());
    }
    template = template.set_body_bytes(rendered.body.to_vec());
    if let Some(fault) = fault {
        template = template.insert_header(
            HeaderName::from_static(FAULT_MARKER),
            HeaderValue::from_static(fault.name()),
        );
    }
    let extra = Target::of(request).and_then(|t| controls.take_delay(&t));
    let total = match (delay, extra) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    };
    if let Some(total) = total {
        template = template.set_delay(total);
    }
    template.insert_header(HeaderName::from_static(SERVED_BY_MARKER), served_by)
}

/// Answers with a stub mapping's response.
pub struct StubResponder {
    pub(crate) mapping: Arc<Mapping>,
    pub(crate) controls: Arc<Controls>,
    pub(crate) served_by: HeaderValue,
}

impl Respond for StubResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let view = RequestView::of_wiremock(request);
        if let Some(rule) = &self.mapping.scenario
            && let Some(next) = &rule.new_state
        {
            self.controls
                .states
                .set(view.correlation_id(), &rule.name, next);
        }
        let r = &self.mapping.response;
        template(
            r.render(&view),
            r.fault,
            r.delay,
            &self.controls,
            &view,
            self.served_by.clone(),
        )
    }
}

/// Answers with the per-scenario override waiting for the request.
pub struct OverrideResponder(pub(crate) Arc<Controls>);

impl Respond for OverrideResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let view = RequestView::of_wiremock(request);
        let reply = Target::of(&view).and_then(|t| self.0.take_reply(&t));
        let served_by = HeaderValue::from_static(SERVED_BY_OVERRIDE);
        match reply {
            Some(reply) => template(
                rendered(&reply),
                reply.fault,
                reply.delay,
                &self.0,
                &view,
                served_by,
            ),
            // The matcher saw an override under the same lock; this cannot happen.
            None => ResponseTemplate::new(StatusCode::INTERNAL_SERVER_ERROR),
        }
    }
}

fn rendered(reply: &Reply) -> Rendered {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers = http::HeaderMap::new();
    for (name, value) in &reply.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.append(n, v);
        }
    }
    let body = match &reply.body {
        ReplyBody::Empty => bytes::Bytes::new(),
        ReplyBody::Json(v) => {
            if !headers.contains_key(CONTENT_TYPE) {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            bytes::Bytes::from(v.to_string())
        }
        ReplyBody::Text(t) => bytes::Bytes::from(t.clone()),
    };
    Rendered {
        status,
        headers,
        body,
    }
}

/// The catch-all: a JSON 404 naming what was asked for.
pub struct NotFoundResponder {
    pub(crate) backend: String,
    pub(crate) controls: Arc<Controls>,
}

impl Respond for NotFoundResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let view = RequestView::of_wiremock(request);
        template(
            not_found(&self.backend, &view),
            None,
            None,
            &self.controls,
            &view,
            HeaderValue::from_static(SERVED_BY_NOTHING),
        )
    }
}
