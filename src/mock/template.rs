//! The subset of WireMock response templating (`"transformers": ["response-template"]`)
//! that the fakes understand: enough to echo a request value into a response.
//!
//! ```json
//! { "status": 404, "transformers": ["response-template"],
//!   "jsonBody": { "error": "user not found", "UserName": "{{request.query.UserName}}" } }
//! ```
//!
//! Supported expressions: `request.query.NAME`, `request.headers.NAME`,
//! `request.path.[N]` / `request.pathSegments.[N]` (0-based segment), `request.path`,
//! `request.url`, `request.method`, `request.body` and `jsonPath request.body '$.x'`.
//! Anything else is an unsupported-feature error when the stub file loads.

use serde_json::Value;
use serde_json_path::JsonPath;

use crate::mock::view::RequestView;

/// A string with `{{…}}` expressions, parsed.
#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Expr(Expr),
}

#[derive(Debug, Clone)]
enum Expr {
    Query(String),
    Header(String),
    Segment(usize),
    Path,
    Url,
    Method,
    Body,
    JsonPath(JsonPath),
}

impl Template {
    /// Parses `text`; the error is the first expression outside the subset, as written.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let after = &rest[open + 2..];
            let Some(close) = after.find("}}") else {
                return Err(format!("{{{{{after}"));
            };
            let expr = after[..close].trim();
            parts.push(Part::Expr(
                parse_expr(expr).ok_or_else(|| format!("{{{{{expr}}}}}"))?,
            ));
            rest = &after[close + 2..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(Self { parts })
    }

    /// True when `text` holds at least one `{{`.
    pub fn is_template(text: &str) -> bool {
        text.contains("{{")
    }

    /// The text with every expression replaced by its value for `request`
    /// (missing values render as the empty string, as in WireMock).
    pub fn render(&self, request: &RequestView<'_>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Expr(e) => out.push_str(&eval(e, request)),
            }
        }
        out
    }
}

fn parse_expr(expr: &str) -> Option<Expr> {
    if let Some(rest) = expr.strip_prefix("jsonPath ") {
        let rest = rest.trim().strip_prefix("request.body")?.trim();
        let quoted = rest
            .strip_prefix('\'')
            .and_then(|r| r.strip_suffix('\''))
            .or_else(|| rest.strip_prefix('"').and_then(|r| r.strip_suffix('"')))?;
        return JsonPath::parse(quoted).ok().map(Expr::JsonPath);
    }
    let rest = expr.strip_prefix("request.")?;
    match rest {
        "path" => return Some(Expr::Path),
        "url" => return Some(Expr::Url),
        "method" => return Some(Expr::Method),
        "body" => return Some(Expr::Body),
        _ => {}
    }
    if let Some(name) = rest.strip_prefix("query.") {
        return valid_name(name).then(|| Expr::Query(name.to_owned()));
    }
    if let Some(name) = rest.strip_prefix("headers.") {
        return valid_name(name).then(|| Expr::Header(name.to_owned()));
    }
    let index = rest
        .strip_prefix("pathSegments.")
        .or_else(|| rest.strip_prefix("path."))?;
    let index = index.strip_prefix('[').and_then(|i| i.strip_suffix(']'))?;
    index.parse().ok().map(Expr::Segment)
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn eval(expr: &Expr, request: &RequestView<'_>) -> String {
    match expr {
        Expr::Query(name) => request
            .query_values(name)
            .next()
            .unwrap_or_default()
            .to_owned(),
        Expr::Header(name) => request.header(name).unwrap_or_default().to_owned(),
        Expr::Segment(i) => request.segments().nth(*i).unwrap_or_default().to_owned(),
        Expr::Path => request.path.to_owned(),
        Expr::Url => match request.query {
            Some(q) => format!("{}?{q}", request.path),
            None => request.path.to_owned(),
        },
        Expr::Method => request.method.to_owned(),
        Expr::Body => String::from_utf8_lossy(request.body).into_owned(),
        Expr::JsonPath(path) => request
            .json()
            .and_then(|doc| path.query(doc).first().map(value_text))
            .unwrap_or_default(),
    }
}

/// A JSON value as WireMock shows it in text: strings bare, the rest as JSON.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `value` with every template string rendered for `request`.
pub fn render_json(value: &Value, request: &RequestView<'_>) -> Value {
    match value {
        Value::String(s) if Template::is_template(s) => match Template::parse(s) {
            Ok(t) => Value::String(t.render(request)),
            Err(_) => value.clone(),
        },
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| render_json(v, request)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), render_json(v, request)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_the_subset_and_name_anything_else() {
        assert!(Template::parse("Hi {{request.query.name}}, {{ request.path.[0] }}").is_ok());
        assert!(Template::parse("{{jsonPath request.body '$.a.b'}}").is_ok());
        assert_eq!(Template::parse("{{now}}").err(), Some("{{now}}".to_owned()));
        assert_eq!(
            Template::parse("{{request.query.a").err(),
            Some("{{request.query.a".to_owned())
        );
    }
}
