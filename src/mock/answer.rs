//! What a mapping answers to one request, rendered: the same status, headers and
//! bytes whether the front sends them or `wiremock` does.
//!
//! A body without templates was serialised once, when the stub file loaded
//! ([`crate::mock::stub::Body`]); rendering it is a reference-count increment.

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde_json::json;

use crate::mock::stub::{Body, ResponseDef};
use crate::mock::template::render_json;
use crate::mock::view::RequestView;

/// A response ready to send.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The status.
    pub status: StatusCode,
    /// The headers, in order.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl ResponseDef {
    /// This response for `request` (templates rendered).
    pub fn render(&self, request: &RequestView<'_>) -> Rendered {
        let templates = self.template.as_ref();
        let mut headers = HeaderMap::with_capacity(self.headers.len());
        for (i, (name, value)) in self.headers.iter().enumerate() {
            let rendered = templates
                .and_then(|t| t.headers.iter().find(|(at, _)| *at == i))
                .and_then(|(_, t)| HeaderValue::from_str(&t.render(request)).ok());
            headers.append(name.clone(), rendered.unwrap_or_else(|| value.clone()));
        }
        let body = match &self.body {
            Body::Empty => Bytes::new(),
            Body::Json(value) => Bytes::from(render_json(value, request).to_string()),
            Body::Bytes(bytes) => match templates.and_then(|t| t.body.as_ref()) {
                Some(t) => Bytes::from(t.render(request)),
                None => bytes.clone(),
            },
        };
        Rendered {
            status: self.status,
            headers,
            body,
        }
    }
}

/// The catch-all's answer: a JSON 404 naming what was asked for.
pub fn not_found(backend: &str, request: &RequestView<'_>) -> Rendered {
    let body = json!({
        "error": "not found",
        "message": "no stub matched the request",
        "backend": backend,
        "method": request.method,
        "path": request.path,
    });
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Rendered {
        status: StatusCode::NOT_FOUND,
        headers,
        body: Bytes::from(body.to_string()),
    }
}
