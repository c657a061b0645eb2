//! A request as the stub matchers and templates see it, whichever server received
//! it: the front (hyper parts) or `wiremock` (a [`wiremock::Request`]).
//!
//! Both see the same facts: the target exactly as the client sent it (the front
//! passes it to `wiremock` in [`TARGET_MARKER`], since `wiremock` re-parses URLs and
//! would normalise them), the headers without the hop-by-hop ones (which the front
//! does not forward), and the body. The query, the cookies and the body as JSON are
//! decoded at most once per request, however many mappings look at them.

use std::borrow::Cow;
use std::cell::OnceCell;

use http::HeaderMap;
use serde_json::Value;

use crate::mock::CORRELATION_HEADER;

/// Internal header: the request target (path and query) as the client sent it.
pub const TARGET_MARKER: &str = "x-apitest-target";

/// Headers that belong to one connection: the front neither forwards nor matches them.
pub const HOP_BY_HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "upgrade",
    "proxy-connection",
];

/// One request, borrowed; the decoded parts are computed on first use.
pub struct RequestView<'a> {
    /// The method, e.g. `GET`.
    pub method: &'a str,
    /// The path as sent (percent-encoded).
    pub path: &'a str,
    /// The raw query, without `?`.
    pub query: Option<&'a str>,
    headers: &'a HeaderMap,
    /// The body.
    pub body: &'a [u8],
    pairs: OnceCell<Vec<(Cow<'a, str>, Cow<'a, str>)>>,
    cookies: OnceCell<Vec<(&'a str, &'a str)>>,
    json: OnceCell<Option<Value>>,
}

impl<'a> RequestView<'a> {
    /// A view of a request received by the front.
    pub fn new(method: &'a str, target: &'a str, headers: &'a HeaderMap, body: &'a [u8]) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        Self {
            method,
            path,
            query,
            headers,
            body,
            pairs: OnceCell::new(),
            cookies: OnceCell::new(),
            json: OnceCell::new(),
        }
    }

    /// A view of a request received by `wiremock` (forwarded by the front).
    pub fn of_wiremock(request: &'a wiremock::Request) -> Self {
        let target = request
            .headers
            .get(TARGET_MARKER)
            .and_then(|v| v.to_str().ok());
        let mut view = Self::new(
            request.method.as_str(),
            target.unwrap_or(request.url.path()),
            &request.headers,
            &request.body,
        );
        if target.is_none() {
            view.query = request.url.query();
        }
        view
    }

    /// Every value of header `name` (case-insensitive) that is text.
    pub fn header_values(&self, name: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        let hop = HOP_BY_HOP.iter().any(|h| h.eq_ignore_ascii_case(name));
        let headers: &'a HeaderMap = self.headers;
        let values = (!hop).then(|| headers.get_all(name).iter());
        values.into_iter().flatten().filter_map(|v| v.to_str().ok())
    }

    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.header_values(name).next()
    }

    /// The correlation id the request carries, if any.
    pub fn correlation_id(&self) -> Option<&'a str> {
        self.header(CORRELATION_HEADER).filter(|v| !v.is_empty())
    }

    /// The query parameters, decoded, in order.
    pub fn query_pairs(&self) -> &[(Cow<'a, str>, Cow<'a, str>)] {
        self.pairs.get_or_init(|| {
            url::form_urlencoded::parse(self.query.unwrap_or_default().as_bytes()).collect()
        })
    }

    /// Every value of query parameter `name`.
    pub fn query_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> {
        self.query_pairs()
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Every value of cookie `name` (from every `Cookie` header).
    pub fn cookie_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.cookies
            .get_or_init(|| {
                self.header_values("cookie")
                    .flat_map(|line| line.split(';'))
                    .filter_map(|pair| {
                        let (k, v) = pair.split_once('=')?;
                        Some((k.trim(), v.trim()))
                    })
                    .collect()
            })
            .iter()
            .filter(move |(k, _)| *k == name)
            .map(|(_, v)| *v)
    }

    /// The body as text, when it is UTF-8.
    pub fn text(&self) -> Option<&'a str> {
        std::str::from_utf8(self.body).ok()
    }

    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<&Value> {
        self.json
            .get_or_init(|| serde_json::from_slice(self.body).ok())
            .as_ref()
    }

    /// The path segments after the leading `/`, as sent.
    pub fn segments(&self) -> impl Iterator<Item = &'a str> {
        let path: &'a str = self.path;
        path.strip_prefix('/').unwrap_or(path).split('/')
    }
}
