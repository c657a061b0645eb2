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
use serde_json::json;
use wiremock::{Request, Respond, ResponseTemplate};

use crate::mock::matchers::correlation_id;
use crate::mock::scoped::{Controls, Reply, ReplyBody, Target};
use crate::mock::stub::{Body, ResponseDef, ScenarioRule};
use crate::mock::template::render_json;

/// Internal header: the fault the front must make instead of answering.
pub const FAULT_MARKER: &str = "x-apitest-fault";
/// Internal header: the mapping that answered.
pub const SERVED_BY_MARKER: &str = "x-apitest-served-by";
/// [`SERVED_BY_MARKER`] of per-scenario overrides.
pub const SERVED_BY_OVERRIDE: &str = "override";
/// [`SERVED_BY_MARKER`] of the catch-all 404.
pub const SERVED_BY_NOTHING: &str = "no stub matched";

fn target(request: &Request) -> Option<Target<'_>> {
    Some(Target {
        id: correlation_id(request)?,
        method: request.method.as_str(),
        path: request.url.path(),
        query: request.url.query(),
    })
}

/// Adds the per-scenario extra delay and the served-by marker.
fn finish(
    mut template: ResponseTemplate,
    delay: Option<Duration>,
    controls: &Controls,
    request: &Request,
    served_by: HeaderValue,
) -> ResponseTemplate {
    let extra = target(request).and_then(|t| controls.take_delay(&t));
    let total = match (delay, extra) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or_default() + b.unwrap_or_default()),
    };
    if let Some(total) = total {
        template = template.set_delay(total);
    }
    template.insert_header(HeaderName::from_static(SERVED_BY_MARKER), served_by)
}

fn json_content_type(template: ResponseTemplate, has_type: bool) -> ResponseTemplate {
    if has_type {
        template
    } else {
        template.insert_header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
    }
}

/// Answers with a stub mapping's response.
pub struct StubResponder {
    pub(crate) response: ResponseDef,
    pub(crate) scenario: Option<ScenarioRule>,
    pub(crate) controls: Arc<Controls>,
    pub(crate) served_by: HeaderValue,
}

impl Respond for StubResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(rule) = &self.scenario
            && let Some(next) = &rule.new_state
        {
            self.controls
                .states
                .set(correlation_id(request), &rule.name, next);
        }
        let r = &self.response;
        let mut template = ResponseTemplate::new(r.status);
        let templates = r.template.as_ref();
        for (i, (name, value)) in r.headers.iter().enumerate() {
            let rendered = templates
                .and_then(|t| t.headers.iter().find(|(at, _)| *at == i))
                .and_then(|(_, t)| HeaderValue::from_str(&t.render(request)).ok());
            template =
                template.append_header(name.clone(), rendered.unwrap_or_else(|| value.clone()));
        }
        let has_type = r.headers.iter().any(|(n, _)| n == CONTENT_TYPE);
        template = match &r.body {
            Body::Empty => template,
            Body::Json(value) => {
                let value = if templates.is_some() {
                    render_json(value, request)
                } else {
                    value.clone()
                };
                json_content_type(
                    template.set_body_bytes(value.to_string().into_bytes()),
                    has_type,
                )
            }
            Body::Bytes(bytes) => match templates.and_then(|t| t.body.as_ref()) {
                Some(t) => template.set_body_bytes(t.render(request).into_bytes()),
                None => template.set_body_bytes(bytes.to_vec()),
            },
        };
        if let Some(fault) = r.fault {
            template = template.insert_header(
                HeaderName::from_static(FAULT_MARKER),
                HeaderValue::from_static(fault.name()),
            );
        }
        finish(
            template,
            r.delay,
            &self.controls,
            request,
            self.served_by.clone(),
        )
    }
}

/// Answers with the per-scenario override waiting for the request.
pub struct OverrideResponder(pub(crate) Arc<Controls>);

impl Respond for OverrideResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let reply = target(request).and_then(|t| self.0.take_reply(&t));
        let delay = reply.as_ref().and_then(|r| r.delay);
        let template = match reply {
            Some(reply) => reply_template(&reply),
            // The matcher saw an override under the same lock; this cannot happen.
            None => ResponseTemplate::new(StatusCode::INTERNAL_SERVER_ERROR),
        };
        finish(
            template,
            delay,
            &self.0,
            request,
            HeaderValue::from_static(SERVED_BY_OVERRIDE),
        )
    }
}

fn reply_template(reply: &Reply) -> ResponseTemplate {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut template = ResponseTemplate::new(status);
    for (name, value) in &reply.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            template = template.append_header(n, v);
        }
    }
    let has_type = reply
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"));
    template = match &reply.body {
        ReplyBody::Empty => template,
        ReplyBody::Json(v) => json_content_type(
            template.set_body_bytes(v.to_string().into_bytes()),
            has_type,
        ),
        ReplyBody::Text(t) => template.set_body_bytes(t.clone().into_bytes()),
    };
    if let Some(fault) = reply.fault {
        template = template.insert_header(
            HeaderName::from_static(FAULT_MARKER),
            HeaderValue::from_static(fault.name()),
        );
    }
    template
}

/// The catch-all: a JSON 404 naming what was asked for.
pub struct NotFoundResponder {
    pub(crate) backend: String,
    pub(crate) controls: Arc<Controls>,
}

impl Respond for NotFoundResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = json!({
            "error": "not found",
            "message": "no stub matched the request",
            "backend": self.backend,
            "method": request.method.as_str(),
            "path": request.url.path(),
        });
        let template = ResponseTemplate::new(StatusCode::NOT_FOUND)
            .set_body_bytes(body.to_string().into_bytes());
        finish(
            json_content_type(template, false),
            None,
            &self.controls,
            request,
            HeaderValue::from_static(SERVED_BY_NOTHING),
        )
    }
}
