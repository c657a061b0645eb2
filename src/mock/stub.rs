//! The stub model: what a backend's stub file says, after validation.
//!
//! A stub file is a subset of WireMock's JSON mapping format. A file holds either
//! `{"mappings": [...]}` or a single mapping:
//!
//! ```json
//! {
//!   "mappings": [
//!     {
//!       "name": "known user",
//!       "priority": 1,
//!       "request": {
//!         "method": "GET",
//!         "urlPath": "/tutorial/api/get-user",
//!         "queryParameters": { "UserName": { "equalTo": "partner" } },
//!         "headers": { "Accept": { "contains": "json" } }
//!       },
//!       "response": {
//!         "status": 200,
//!         "headers": { "Cache-Control": "no-store" },
//!         "jsonBody": { "UserName": "partner", "UserType": "RGV", "AccountNumber": "123456" }
//!       }
//!     },
//!     {
//!       "request": { "method": "POST", "urlPathPattern": "/orders/[0-9]+",
//!                    "bodyPatterns": [ { "matchesJsonPath": "$.items[0]" } ] },
//!       "response": { "status": 201, "bodyFileName": "order.json",
//!                     "fixedDelayMilliseconds": 50 },
//!       "scenarioName": "order", "requiredScenarioState": "Started",
//!       "newScenarioState": "placed"
//!     }
//!   ]
//! }
//! ```
//!
//! The rules of the subset, as WireMock has them:
//!
//! * a request matches a mapping when every condition it names holds;
//! * the lowest `priority` wins (1 is the highest; absent means 5); between equal
//!   priorities the mapping defined later wins;
//! * a mapping with `requiredScenarioState` only matches while its scenario is in that
//!   state (every scenario starts in `Started`), and a served mapping with
//!   `newScenarioState` moves its scenario on. Scenario state is kept per correlation id
//!   (see [`crate::mock::CORRELATION_HEADER`]), so parallel test scenarios never see
//!   each other's state.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, StatusCode};
use regex::Regex;
use serde_json::Value;

use crate::mock::fault::Fault;
use crate::mock::template::Template;

/// A backend's stubs, in file order.
#[derive(Debug, Clone)]
pub struct StubSet {
    /// The backend's name (the file or folder name without `.json`).
    pub name: String,
    /// Every mapping, in the order the files define them.
    pub mappings: Vec<Mapping>,
}

/// The default WireMock priority of a mapping that names none.
pub const DEFAULT_PRIORITY: u8 = 5;

/// One request → response mapping.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// A human name: the mapping's `name`, else its `id`, else `<file>#<index>`.
    pub name: String,
    /// 1 (highest) to 255.
    pub priority: u8,
    /// What a request must look like.
    pub request: RequestPattern,
    /// What to send back.
    pub response: ResponseDef,
    /// Scenario state conditions and transitions, if any.
    pub scenario: Option<ScenarioRule>,
}

/// A mapping's `scenarioName`, `requiredScenarioState` and `newScenarioState`.
#[derive(Debug, Clone)]
pub struct ScenarioRule {
    /// The scenario this mapping belongs to.
    pub name: String,
    /// The mapping only matches while the scenario is in this state.
    pub required_state: Option<String>,
    /// After serving, the scenario moves to this state.
    pub new_state: Option<String>,
}

/// The request half of a mapping.
#[derive(Debug, Clone, Default)]
pub struct RequestPattern {
    /// An upper-case HTTP method, or `None` for any (`ANY` or absent).
    pub method: Option<String>,
    /// How the URL must look.
    pub url: Option<UrlPattern>,
    /// Conditions on query parameters, by name.
    pub query: Vec<(String, StringMatcher)>,
    /// Conditions on headers, by (case-insensitive) name; `basicAuthCredentials`
    /// is one on `Authorization`, as in WireMock.
    pub headers: Vec<(HeaderName, StringMatcher)>,
    /// Conditions on cookies, by name.
    pub cookies: Vec<(String, StringMatcher)>,
    /// Conditions on the body; all must hold.
    pub body: Vec<BodyPattern>,
}

/// The four ways WireMock matches a URL.
#[derive(Debug, Clone)]
pub enum UrlPattern {
    /// `url`: path and query, exactly.
    Exact(String),
    /// `urlPattern`: a regex over path and query, matching the whole text.
    Regex(Regex),
    /// `urlPath`: the path, exactly.
    Path(String),
    /// `urlPathPattern`: a regex over the path, matching the whole path.
    PathRegex(Regex),
}

/// A condition on a string (a header, a query parameter, a JSON path result).
#[derive(Debug, Clone)]
pub enum StringMatcher {
    /// `equalTo` (with `caseInsensitive`).
    EqualTo {
        /// The expected text.
        value: String,
        /// `caseInsensitive: true`.
        case_insensitive: bool,
    },
    /// `contains`.
    Contains(String),
    /// `doesNotContain`.
    DoesNotContain(String),
    /// `matches`: a regex that must match the whole value.
    Matches(Regex),
    /// `doesNotMatch`.
    DoesNotMatch(Regex),
    /// `absent: true` (the value must be missing) or `absent: false` (present).
    Absent(bool),
}

/// A condition on the request body.
#[derive(Debug, Clone)]
pub enum BodyPattern {
    /// `equalToJson`, with `ignoreArrayOrder` and `ignoreExtraElements`.
    EqualToJson {
        /// The expected document.
        expected: Value,
        /// Arrays match in any order.
        ignore_array_order: bool,
        /// Objects in the body may have more members than expected.
        ignore_extra_elements: bool,
    },
    /// `matchesJsonPath`: the expression finds something (for a definite path such as
    /// `$.name`: a value that is not `null`, `[]` or `{}`, as in WireMock), and when a
    /// sub-matcher is given, one found value (as text) satisfies it.
    MatchesJsonPath {
        /// The parsed expression.
        path: serde_json_path::JsonPath,
        /// True when the expression names at most one value (no `..`, `*`, filter,
        /// slice or union): WireMock's "definite" path.
        definite: bool,
        /// The condition on found values, if any.
        matcher: Option<StringMatcher>,
    },
    /// `equalToXml`: the body is the same XML document, ignoring whitespace between
    /// elements, comments, attribute order and namespace prefixes.
    EqualToXml(crate::mock::XmlTree),
    /// `matchesXPath`: the XPath selects at least one node, and when a sub-matcher is
    /// given, one selected node's text satisfies it.
    MatchesXPath {
        /// The expression.
        xpath: String,
        /// `xPathNamespaces`: prefix → namespace URI.
        namespaces: Vec<(String, String)>,
        /// The condition on the selected nodes' text, if any.
        matcher: Option<StringMatcher>,
    },
    /// `contains`, `equalTo`, `matches`, … on the body as text.
    Text(StringMatcher),
}

/// The response half of a mapping.
#[derive(Debug, Clone)]
pub struct ResponseDef {
    /// The status code.
    pub status: StatusCode,
    /// Response headers, in order (a name may repeat).
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The body.
    pub body: Body,
    /// `fixedDelayMilliseconds`.
    pub delay: Option<Duration>,
    /// `fault`: break the connection instead of answering.
    pub fault: Option<Fault>,
    /// `transformers: ["response-template"]`: the templates in the body and headers.
    pub template: Option<ResponseTemplates>,
}

/// A response body. `jsonBody` is serialised once, when the file loads (and sent as
/// `application/json` unless a header says otherwise).
#[derive(Debug, Clone, Default)]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// A `jsonBody` whose strings hold templates: rendered for each request.
    Json(Value),
    /// `body`, `base64Body`, the contents of `bodyFileName`, or a serialised
    /// `jsonBody`.
    Bytes(Bytes),
}

/// The parsed templates of a response that uses `response-template`.
#[derive(Debug, Clone)]
pub struct ResponseTemplates {
    /// The body, when it is text (`body` or a body file).
    pub body: Option<Template>,
    /// Header values that hold `{{…}}`, by index into the response's headers.
    pub headers: Vec<(usize, Template)>,
}
