//! Building one backend request from the flow context: the method, the URL
//! (the call's path with its holes filled, then the query string), the headers
//! and the body.
//!
//! ```toml
//! [[channels.calls]]
//! name = "orders"
//! connection = "orders_api"
//! path = "/customers/{customer_id}/orders"     # {name}: from `params`; {/pointer}: from the context
//! params = { customer_id = "/input/customer_id", status = "/input/status" }
//! ```
//!
//! ```text
//! input {"customer_id": "12345", "status": "pending"}
//!   → GET {base_url}/customers/12345/orders?status=pending
//! input {"customer_id": "a/b?c"}
//!   → GET {base_url}/customers/a%2Fb%3Fc/orders         (a value stays in its segment)
//! input {"customer_id": ".."}
//!   → refused: a value is never a `.` or `..` segment
//! ```

use http::{HeaderMap, HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use url::Url;

use super::call::{CORRELATION_HEADER, CallRuntime, Caller};
use super::template::{Template, check_pointer, scalar_text};

/// Characters left as they are in a path segment; everything else, `/`, `?`,
/// `#` and `%` included, is percent-encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Whether `segment` would be read as `.` or `..` by a URL parser (which
/// also decodes `%2e`), and so would move the request to another path.
pub(crate) fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    )
}

/// A call's path: literal text, `{name}` holes filled from `params` and
/// `{/pointer}` holes filled from the flow context.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct CallPath(Vec<PathPart>);

#[derive(Debug, Clone, PartialEq)]
enum PathPart {
    Literal(String),
    Pointer(String),
    Param(String),
}

/// Why a path could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathError {
    /// The hole's value is missing, `null` or empty.
    Missing(String),
    /// A segment would be `.` or `..` (the call's path, as written).
    Unsafe(String),
}

impl CallPath {
    /// Parses `/a/{name}/{/pointer}`; the error names the problem.
    pub fn parse(text: &str) -> Result<CallPath, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find('{') {
            if at > 0 {
                parts.push(PathPart::Literal(rest[..at].to_owned()));
            }
            let after = &rest[at + 1..];
            let Some(end) = after.find('}') else {
                return Err(format!("unterminated `{{` in `{text}`"));
            };
            let inner = &after[..end];
            if inner.starts_with('/') {
                check_pointer(inner)?;
                parts.push(PathPart::Pointer(inner.to_owned()));
            } else if !inner.is_empty()
                && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                parts.push(PathPart::Param(inner.to_owned()));
            } else {
                return Err(format!(
                    "`{{{inner}}}` is neither a `{{param}}` (letters, digits, `_`) nor a `{{/pointer}}`"
                ));
            }
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        Ok(CallPath(parts))
    }

    /// The `{name}` holes.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            PathPart::Param(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// The `{/pointer}` holes.
    pub fn pointers(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            PathPart::Pointer(p) => Some(p.as_str()),
            _ => None,
        })
    }

    /// The path with every hole filled and percent-encoded as one segment.
    pub fn render(&self, ctx: &Value, params: &[(String, Template)]) -> Result<String, PathError> {
        let mut out = String::new();
        for part in &self.0 {
            let (label, value) = match part {
                PathPart::Literal(text) => {
                    out.push_str(text);
                    continue;
                }
                PathPart::Pointer(p) => (p.clone(), ctx.pointer(p).cloned()),
                PathPart::Param(name) => (
                    format!("{{{name}}}"),
                    params
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, t)| t.render(ctx)),
                ),
            };
            let text = match value {
                None | Some(Value::Null) => return Err(PathError::Missing(label)),
                Some(v) => scalar_text(&v),
            };
            if text.is_empty() {
                return Err(PathError::Missing(label));
            }
            out.push_str(&utf8_percent_encode(&text, SEGMENT).to_string());
        }
        // Only `.` is left unencoded that could make a dot segment: check the
        // segments as built (`{a}{b}` could spell `..` together).
        if out.split('/').any(is_dot_segment) {
            return Err(PathError::Unsafe(self.to_string()));
        }
        Ok(out)
    }
}

impl std::fmt::Display for CallPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for part in &self.0 {
            match part {
                PathPart::Literal(text) => f.write_str(text)?,
                PathPart::Pointer(p) => write!(f, "{{{p}}}")?,
                PathPart::Param(name) => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

/// A request ready to send (again).
#[derive(Debug)]
pub(crate) struct Prepared {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Body,
}

/// A request body.
#[derive(Debug)]
pub(crate) enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
}

impl Prepared {
    /// What identifies the request for the cache: method, URL and body.
    pub fn cache_key(&self) -> String {
        let body = match &self.body {
            Body::None => String::new(),
            Body::Json(v) => v.to_string(),
            Body::Form(pairs) => format!("{pairs:?}"),
        };
        format!("{} {} {body}", self.method, self.url)
    }
}

/// Builds the method, URL, headers and body of a call in `ctx`; the error is
/// a sentence for the log (the caller only learns that the request could
/// not be built).
pub(crate) fn prepare(
    call: &CallRuntime,
    ctx: &Value,
    default_body: Option<&Value>,
    caller: &Caller,
) -> Result<Prepared, String> {
    let plan = &call.plan;
    let conn = &call.backend.plan;
    let method = plan.method.clone().unwrap_or_else(|| caller.method.clone());
    let path = plan
        .path
        .render(ctx, &plan.params_path)
        .map_err(|e| match e {
            PathError::Missing(hole) => format!("`{hole}` has no value for the path"),
            PathError::Unsafe(path) => {
                format!("a value in `{path}` would leave its path segment (`.` or `..`)")
            }
        })?;
    let base = conn.base_url.as_str().trim_end_matches('/');
    let mut url = Url::parse(&format!("{base}{path}")).map_err(|e| e.to_string())?;
    let query: Vec<(String, String)> = plan
        .params_query
        .iter()
        .chain(&plan.query)
        .filter_map(|(k, t)| match t.render(ctx) {
            Value::Null => None,
            v => Some((k.clone(), scalar_text(&v))),
        })
        .collect();
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    let mut headers = HeaderMap::new();
    for (name, value) in &conn.headers {
        headers.insert(name.clone(), value.clone());
    }
    for (name, template) in &plan.headers {
        let text = scalar_text(&template.render(ctx));
        let value = HeaderValue::from_str(&text)
            .map_err(|_| format!("header `{name}` has an invalid value"))?;
        headers.insert(name.clone(), value);
    }
    if let Ok(value) = HeaderValue::from_str(&caller.correlation.id) {
        headers.insert(CORRELATION_HEADER, value);
    }
    let carries_body = matches!(method, Method::POST | Method::PUT | Method::PATCH);
    let body = match (&plan.json, &plan.form, default_body) {
        (Some(json), _, _) => Body::Json(json.render(ctx)),
        (None, Some(form), _) => Body::Form(
            form.iter()
                .map(|(k, t)| (k.clone(), scalar_text(&t.render(ctx))))
                .collect(),
        ),
        (None, None, Some(body)) if carries_body => Body::Json(body.clone()),
        _ => Body::None,
    };
    Ok(Prepared {
        method,
        url,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Value {
        json!({"input": {"id": "12345", "dots": "..", "slash": "a/b?c#d", "status": "pending"}})
    }

    #[test]
    fn params_and_pointers_fill_their_holes() {
        let path = CallPath::parse("/customers/{customer_id}/orders/{/input/status}").unwrap();
        let params = vec![(
            "customer_id".to_owned(),
            Template::parse("/input/id").unwrap(),
        )];
        assert_eq!(
            path.render(&ctx(), &params).as_deref(),
            Ok("/customers/12345/orders/pending")
        );
        assert_eq!(path.params().collect::<Vec<_>>(), vec!["customer_id"]);
    }

    #[test]
    fn a_value_stays_inside_its_segment() {
        let path = CallPath::parse("/customers/{/input/slash}/profile").unwrap();
        assert_eq!(
            path.render(&ctx(), &[]).as_deref(),
            Ok("/customers/a%2Fb%3Fc%23d/profile")
        );
        let dots = CallPath::parse("/customers/{/input/dots}/profile").unwrap();
        assert_eq!(
            dots.render(&ctx(), &[]),
            Err(PathError::Unsafe("/customers/{/input/dots}/profile".into()))
        );
    }

    #[test]
    fn dot_segments_are_recognised_in_every_spelling() {
        for s in [".", "..", "%2e", "%2E%2e", ".%2E", "%2e."] {
            assert!(is_dot_segment(s), "{s}");
        }
        for s in ["...", "a..", ".a", "%2f"] {
            assert!(!is_dot_segment(s), "{s}");
        }
    }

    #[test]
    fn holes_side_by_side_cannot_spell_a_dot_segment() {
        let ctx = json!({"input": {"a": ".", "b": ".x"}});
        let path = CallPath::parse("/x/{/input/a}{/input/a}/y").unwrap();
        assert!(matches!(path.render(&ctx, &[]), Err(PathError::Unsafe(_))));
        let fine = CallPath::parse("/x/{/input/a}{/input/b}/y").unwrap();
        assert_eq!(fine.render(&ctx, &[]).as_deref(), Ok("/x/..x/y"));
    }

    #[test]
    fn bad_holes_are_errors() {
        assert!(CallPath::parse("/a/{b c}").is_err());
        assert!(CallPath::parse("/a/{b").is_err());
        assert!(CallPath::parse("/a/{/x~2}").is_err());
    }
}
