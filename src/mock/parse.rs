//! The spanned JSON tree of one stub file → [`Mapping`]s, checking every field.
//!
//! Three kinds of field problems, each pointing at the key:
//!
//! * a field of the supported subset with a wrong value ("expected an integer from
//!   100 to 599 for `status`, found a string");
//! * a WireMock field outside the subset (`proxyBaseUrl`, `transformers` other than
//!   `response-template`, …): named as unsupported;
//! * anything else: an unknown field, with the nearest valid names.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use http::HeaderName;
use regex::Regex;

use crate::diag::{Diagnostic, Location, closest};
use crate::mock::fields::{
    BASIC_AUTH_FIELDS, FILE_FIELDS, MAPPING_FIELDS, MAPPING_UNSUPPORTED, REQUEST_FIELDS,
    REQUEST_UNSUPPORTED, STRING_FIELDS, STRING_UNSUPPORTED,
};
use crate::mock::spanned::{Kind, Node, line_col};
use crate::mock::stub::{
    DEFAULT_PRIORITY, Mapping, RequestPattern, ScenarioRule, StringMatcher, UrlPattern,
};

/// Turns one file's tree into mappings, collecting every problem on the way.
pub struct FileParser<'a> {
    pub(crate) path: Arc<Path>,
    pub(crate) source: &'a str,
    pub(crate) files_dir: PathBuf,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> FileParser<'a> {
    /// A parser for `source`, shown to users as `path`.
    pub fn new(path: &Path, source: &'a str, files_dir: &Path) -> Self {
        Self {
            path: Arc::from(path),
            source,
            files_dir: files_dir.to_path_buf(),
            diagnostics: Vec::new(),
        }
    }

    /// How many problems were found so far.
    pub(crate) fn diagnostic_count(&self) -> usize {
        self.diagnostics.len()
    }

    /// The problems found so far.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// A diagnostic at byte `offset`, underlining `len` bytes (at most to the line end).
    pub(crate) fn error_at(
        &self,
        offset: usize,
        len: usize,
        title: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = line_col(self.source, offset);
        let text = self.source.get(offset..).unwrap_or_default();
        let first_line = text.lines().next().unwrap_or_default();
        let shown = text
            .get(..len.min(first_line.len()))
            .map_or(1, |s| s.chars().count());
        Diagnostic::new(title)
            .at(Location::new(self.path.clone(), line, col), self.source)
            .underline(shown)
    }

    /// Records a problem.
    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn error_node(&mut self, node: &Node, title: impl Into<String>) -> Diagnostic {
        self.error_at(node.start, node.end - node.start, title)
    }

    pub(crate) fn wrong_type(&mut self, node: &Node, field: &str, expected: &str) {
        let d = self
            .error_node(node, format!("wrong type for \"{field}\""))
            .expected(expected)
            .note(format!("found {}", node.type_name()));
        self.push(d);
    }

    /// Reports unknown and unsupported members of the object `node`; false (and a
    /// diagnostic) when `node` is not an object.
    pub(crate) fn check_fields(
        &mut self,
        node: &Node,
        what: &str,
        known: &[&str],
        unsupported: &[&str],
    ) -> bool {
        let Some(members) = node.members() else {
            self.wrong_type(node, what, "an object");
            return false;
        };
        for member in members {
            let key = member.key.as_str();
            let len = member.key.len() + 2;
            if known.contains(&key) {
                continue;
            }
            let d = if unsupported.contains(&key) {
                self.error_at(
                    member.key_start,
                    len,
                    format!("unsupported WireMock feature \"{key}\" in {what}"),
                )
                .note("the fakes serve a subset of WireMock's mapping format (see mocks/README.md)")
                .expected(format!("one of {}", list(known)))
            } else {
                let near = closest(key, known.iter().copied(), 1);
                self.error_at(
                    member.key_start,
                    len,
                    format!("unknown field \"{key}\" in {what}"),
                )
                .expected(format!("one of {}", list(known)))
                .did_you_mean(&near)
            };
            self.push(d);
        }
        true
    }

    /// The whole file: `{"mappings": [...]}` or one mapping.
    pub fn file(&mut self, root: &Node) -> Vec<Mapping> {
        let Some(members) = root.members() else {
            let d = self
                .error_node(root, "a stub file must hold a JSON object")
                .expected("`{\"mappings\": [...]}` or one mapping");
            self.push(d);
            return Vec::new();
        };
        let is_list = members.iter().any(|m| m.key == "mappings");
        if !is_list {
            return self.mapping(root, 0).into_iter().collect();
        }
        self.check_fields(root, "the stub file", FILE_FIELDS, &[]);
        let Some(list) = root.get("mappings") else {
            return Vec::new();
        };
        let Kind::Array(items) = &list.kind else {
            self.wrong_type(list, "mappings", "an array of mappings");
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| self.mapping(item, i))
            .collect()
    }

    fn mapping(&mut self, node: &Node, index: usize) -> Option<Mapping> {
        let before = self.diagnostics.len();
        if !self.check_fields(node, "a mapping", MAPPING_FIELDS, MAPPING_UNSUPPORTED) {
            return None;
        }
        let name = self
            .opt_string(node, "name")
            .or_else(|| self.opt_string(node, "id"))
            .unwrap_or_else(|| {
                let file = self
                    .path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned());
                format!("{}#{}", file.unwrap_or_default(), index + 1)
            });
        let priority = self.priority(node);
        let request = match node.get("request") {
            Some(r) => self.request(r),
            None => {
                let d = self
                    .error_at(node.start, 1, "a mapping without \"request\"")
                    .expected("\"request\": { \"method\": ..., \"urlPath\": ... }");
                self.push(d);
                None
            }
        };
        let response = match node.get("response") {
            Some(r) => self.response(r),
            None => {
                let d = self
                    .error_at(node.start, 1, "a mapping without \"response\"")
                    .expected("\"response\": { \"status\": ... }");
                self.push(d);
                None
            }
        };
        let scenario = self.scenario(node);
        let (request, response) = (request?, response?);
        (self.diagnostics.len() == before).then_some(Mapping {
            name,
            priority,
            request,
            response,
            scenario,
        })
    }

    pub(crate) fn opt_string(&mut self, node: &Node, field: &str) -> Option<String> {
        let value = node.get(field)?;
        match value.as_str() {
            Some(s) => Some(s.to_owned()),
            None => {
                self.wrong_type(value, field, "a string");
                None
            }
        }
    }

    pub(crate) fn opt_bool(&mut self, node: &Node, field: &str) -> bool {
        match node.get(field).map(|v| (v, &v.kind)) {
            None => false,
            Some((_, Kind::Bool(b))) => *b,
            Some((v, _)) => {
                self.wrong_type(v, field, "true or false");
                false
            }
        }
    }

    /// An integer in `range`, or a diagnostic.
    pub(crate) fn integer(&mut self, node: &Node, field: &str, min: u64, max: u64) -> Option<u64> {
        let n = node
            .value(self.source)
            .as_u64()
            .filter(|n| (min..=max).contains(n));
        if n.is_none() {
            let d = self
                .error_node(node, format!("invalid \"{field}\""))
                .expected(format!("an integer from {min} to {max}"))
                .note(format!(
                    "found {}",
                    self.source.get(node.start..node.end).unwrap_or_default()
                ));
            self.push(d);
        }
        n
    }

    fn priority(&mut self, node: &Node) -> u8 {
        let Some(value) = node.get("priority") else {
            return DEFAULT_PRIORITY;
        };
        self.integer(value, "priority", 1, u64::from(u32::MAX))
            .map_or(DEFAULT_PRIORITY, |p| u8::try_from(p).unwrap_or(u8::MAX))
    }

    fn scenario(&mut self, node: &Node) -> Option<ScenarioRule> {
        let name = self.opt_string(node, "scenarioName");
        let required_state = self.opt_string(node, "requiredScenarioState");
        let new_state = self.opt_string(node, "newScenarioState");
        if name.is_none() && (required_state.is_some() || new_state.is_some()) {
            let d = self
                .error_at(node.start, 1, "scenario state without \"scenarioName\"")
                .expected(
                    "\"scenarioName\" next to \"requiredScenarioState\" / \"newScenarioState\"",
                );
            self.push(d);
        }
        Some(ScenarioRule {
            name: name?,
            required_state,
            new_state,
        })
    }

    /// A regex that must match the whole text, as in WireMock.
    pub(crate) fn regex(&mut self, node: &Node, field: &str) -> Option<Regex> {
        let Some(pattern) = node.as_str() else {
            self.wrong_type(node, field, "a regular expression (string)");
            return None;
        };
        match Regex::new(&format!("^(?:{pattern})$")) {
            Ok(r) => Some(r),
            Err(e) => {
                let reason = e.to_string();
                let reason = reason
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or_default()
                    .trim()
                    .trim_start_matches("error: ")
                    .to_owned();
                let d = self
                    .error_node(node, format!("invalid regular expression in \"{field}\""))
                    .note(reason)
                    .expected("a regular expression (Rust `regex` syntax)");
                self.push(d);
                None
            }
        }
    }

    fn request(&mut self, node: &Node) -> Option<RequestPattern> {
        if !self.check_fields(node, "a request", REQUEST_FIELDS, REQUEST_UNSUPPORTED) {
            return None;
        }
        let mut request = RequestPattern {
            method: self.method(node),
            ..RequestPattern::default()
        };
        let urls: Vec<_> = ["url", "urlPath", "urlPathPattern", "urlPattern"]
            .into_iter()
            .filter_map(|f| node.get(f).map(|v| (f, v)))
            .collect();
        if let [_, (second, value), ..] = urls.as_slice() {
            let d = self
                .error_at(
                    value.start,
                    1,
                    format!("more than one URL condition (\"{second}\")"),
                )
                .expected("one of \"url\", \"urlPath\", \"urlPathPattern\", \"urlPattern\"");
            self.push(d);
        }
        if let Some((field, value)) = urls.first() {
            request.url = match *field {
                "url" | "urlPath" => match value.as_str() {
                    Some(s) if *field == "url" => Some(UrlPattern::Exact(s.to_owned())),
                    Some(s) => Some(UrlPattern::Path(s.to_owned())),
                    None => {
                        self.wrong_type(value, field, "a string");
                        None
                    }
                },
                "urlPathPattern" => self.regex(value, field).map(UrlPattern::PathRegex),
                _ => self.regex(value, field).map(UrlPattern::Regex),
            };
        }
        if let Some(params) = node.get("queryParameters") {
            request.query = self.named_matchers(params, "queryParameters");
        }
        if let Some(headers) = node.get("headers") {
            for (name, matcher) in self.named_matchers(headers, "headers") {
                match HeaderName::from_bytes(name.as_bytes()) {
                    Ok(h) => request.headers.push((h, matcher)),
                    Err(_) => {
                        let d = self.error_node(headers, format!("invalid header name \"{name}\""));
                        self.push(d);
                    }
                }
            }
        }
        if let Some(cookies) = node.get("cookies") {
            request.cookies = self.named_matchers(cookies, "cookies");
        }
        if let Some(expected) = self.basic_auth(node) {
            request
                .headers
                .push((http::header::AUTHORIZATION, expected));
        }
        if let Some(patterns) = node.get("bodyPatterns") {
            match &patterns.kind {
                Kind::Array(items) => {
                    request.body = items.iter().filter_map(|p| self.body_pattern(p)).collect();
                }
                _ => self.wrong_type(patterns, "bodyPatterns", "an array of body patterns"),
            }
        }
        Some(request)
    }

    /// `basicAuthCredentials` (or `basicAuth`, the key WireMock's parser reads):
    /// as in WireMock, the `Authorization` header must equal
    /// `Basic base64(username:password)`.
    fn basic_auth(&mut self, node: &Node) -> Option<StringMatcher> {
        let given: Vec<_> = ["basicAuthCredentials", "basicAuth"]
            .into_iter()
            .filter_map(|f| node.get(f).map(|v| (f, v)))
            .collect();
        let (field, value) = match given.as_slice() {
            [] => return None,
            [one] => *one,
            [_, (second, value), ..] => {
                let d = self
                    .error_node(
                        value,
                        format!("\"{second}\" repeats \"basicAuthCredentials\""),
                    )
                    .expected(
                        "one of \"basicAuthCredentials\" and \"basicAuth\" (they mean the same)",
                    );
                self.push(d);
                return None;
            }
        };
        let before = self.diagnostic_count();
        if !self.check_fields(value, &format!("\"{field}\""), BASIC_AUTH_FIELDS, &[]) {
            return None;
        }
        let mut parts = Vec::new();
        for name in BASIC_AUTH_FIELDS {
            if value.get(name).is_none() {
                let d = self
                    .error_at(value.start, 1, format!("\"{field}\" without \"{name}\""))
                    .expected("{\"username\": \"...\", \"password\": \"...\"}");
                self.push(d);
            }
            parts.push(self.opt_string(value, name));
        }
        let [Some(username), Some(password)] = parts.as_slice() else {
            return None;
        };
        if self.diagnostic_count() != before {
            return None;
        }
        let token =
            base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
        Some(StringMatcher::EqualTo {
            value: format!("Basic {token}"),
            case_insensitive: false,
        })
    }

    fn method(&mut self, node: &Node) -> Option<String> {
        let value = node.get("method")?;
        let method = self.opt_string(node, "method")?;
        let valid = !method.is_empty() && method.chars().all(|c| c.is_ascii_alphabetic());
        if !valid {
            let d = self
                .error_node(value, format!("invalid HTTP method \"{method}\""))
                .expected("GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY");
            self.push(d);
            return None;
        }
        let upper = method.to_ascii_uppercase();
        (upper != "ANY").then_some(upper)
    }

    fn named_matchers(&mut self, node: &Node, field: &str) -> Vec<(String, StringMatcher)> {
        let Some(members) = node.members() else {
            self.wrong_type(node, field, "an object of name → matcher");
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|m| {
                let matcher =
                    self.string_matcher(&m.value, &m.key, STRING_FIELDS, STRING_UNSUPPORTED)?;
                Some((m.key.clone(), matcher))
            })
            .collect()
    }

    /// `{"equalTo": ...}` and friends; `fields` are the keys allowed around it.
    fn string_matcher(
        &mut self,
        node: &Node,
        what: &str,
        fields: &[&str],
        unsupported: &[&str],
    ) -> Option<StringMatcher> {
        let context = format!("the matcher for \"{what}\"");
        let before = self.diagnostic_count();
        if !self.check_fields(node, &context, fields, unsupported) {
            return None;
        }
        // After an unknown field, "no condition" would only repeat the problem.
        let required = self.diagnostic_count() == before;
        self.matcher_in(node, what, required)
    }

    /// The string condition held by `node` (an object already field-checked).
    pub(crate) fn matcher_in(
        &mut self,
        node: &Node,
        what: &str,
        required: bool,
    ) -> Option<StringMatcher> {
        let ops = [
            "equalTo",
            "contains",
            "doesNotContain",
            "matches",
            "doesNotMatch",
            "absent",
        ];
        let present: Vec<_> = ops.iter().filter(|op| node.get(op).is_some()).collect();
        match present.as_slice() {
            [] if !required => None,
            [] => {
                let d = self
                    .error_node(node, format!("no condition for \"{what}\""))
                    .expected(format!("one of {}", list(&ops)));
                self.push(d);
                None
            }
            [op] => {
                let op = **op;
                let value = node.get(op)?;
                let text = || value.as_str().map(str::to_owned);
                let matcher = match op {
                    "absent" => match value.kind {
                        Kind::Bool(b) => Some(StringMatcher::Absent(b)),
                        _ => None,
                    },
                    "matches" => return self.regex(value, op).map(StringMatcher::Matches),
                    "doesNotMatch" => {
                        return self.regex(value, op).map(StringMatcher::DoesNotMatch);
                    }
                    "contains" => text().map(StringMatcher::Contains),
                    "doesNotContain" => text().map(StringMatcher::DoesNotContain),
                    _ => text().map(|v| StringMatcher::EqualTo {
                        value: v,
                        case_insensitive: false,
                    }),
                };
                let matcher = match matcher {
                    Some(StringMatcher::EqualTo { value, .. }) => Some(StringMatcher::EqualTo {
                        value,
                        case_insensitive: self.opt_bool(node, "caseInsensitive"),
                    }),
                    other => other,
                };
                if matcher.is_none() {
                    let expected = if op == "absent" {
                        "true or false"
                    } else {
                        "a string"
                    };
                    self.wrong_type(value, op, expected);
                }
                matcher
            }
            [_, second, ..] => {
                let value = node.get(second)?;
                let d = self
                    .error_at(value.start, 1, format!("more than one condition for \"{what}\""))
                    .expected("exactly one of equalTo, contains, doesNotContain, matches, doesNotMatch, absent");
                self.push(d);
                None
            }
        }
    }
}

/// `a`, `b`, `c` for an expected-one-of line.
pub(crate) fn list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
