//! The harness configuration file, as written (TOML). Unknown keys are errors.
//!
//! ```toml
//! [server]
//! listen = "127.0.0.1:17010"
//!
//! [vars]                                   # values flows refer to as `/vars/...`
//! fraud_user_types = ["RGV"]
//!
//! [connections.crm]                        # a named outgoing connection
//! base_url = "${CRM_URL:-http://127.0.0.1:18081}"
//! timeout_ms = 2000
//! auth = { api_key = { header = "X-Backend-Key", value = "k" } }   # or basic / bearer
//! retry = { attempts = 2, backoff_ms = 20, on_status = [502, 503] }
//! breaker = { failure_threshold = 3, open_ms = 500 }
//! rate_limit = { requests = 100, period_ms = 1000 }        # per = "correlation_id" to split it
//!
//! [[channels]]
//! name = "get-user-details"
//! path = "/tutorial/api/get-user-details"
//! methods = ["GET", "POST"]
//! auth = { api_key = { header = "X-API-Key", value = "abc" } }
//! mode = "sequential"                      # parallel | fanout | pipeline | conditional
//! total_timeout_ms = 5000
//! input.name = { type = "string", default = "partner" }
//!
//! [[channels.calls]]
//! name = "crm"
//! connection = "crm"
//! path = "/tutorial/api/get-user"
//! query = { UserName = "/input/name" }     # a string starting with `/` is a JSON pointer
//!
//! [channels.response]
//! user_type = "/calls/crm/UserType"
//! ```
//!
//! The structs here mirror the file; loading checks them and turns them
//! into the validated [`super::Config`].

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use super::condition::Condition;
use super::mapping::Mapping;
use super::template::Template;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    /// `[server]`: where to listen.
    #[serde(default)]
    pub server: ServerSection,
    /// `[vars]`: user configuration visible to flows under `/vars`.
    #[serde(default)]
    pub vars: IndexMap<String, serde_json::Value>,
    /// `[connections.NAME]`: outgoing connections.
    #[serde(default)]
    pub connections: BTreeMap<String, ConnectionSection>,
    /// `[[channels]]`: the exposed API endpoints.
    #[serde(default)]
    pub channels: Vec<ChannelSection>,
}

/// `[server]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServerSection {
    /// `listen = "127.0.0.1:17010"`.
    pub listen: Option<Spanned<String>>,
}

/// `[connections.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConnectionSection {
    /// Scheme, host, port and an optional path prefix.
    pub base_url: Spanned<String>,
    /// Per-attempt timeout for calls on this connection.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Credentials sent on every call.
    pub auth: Option<OutgoingAuth>,
    /// Headers sent on every call.
    #[serde(default)]
    pub headers: IndexMap<String, Spanned<String>>,
    /// The default retry policy of calls on this connection.
    pub retry: Option<RetrySection>,
    /// The circuit breaker guarding this connection.
    pub breaker: Option<Spanned<BreakerSection>>,
    /// How many calls this connection may carry.
    pub rate_limit: Option<Spanned<RateLimitSection>>,
}

fn default_timeout_ms() -> u64 {
    5000
}

/// Credentials for an outgoing connection (secrets are redacted from `Debug`).
#[derive(Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum OutgoingAuth {
    /// A key in a header.
    ApiKey {
        /// The header name.
        header: String,
        /// The key.
        value: String,
    },
    /// HTTP Basic Auth.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// `Authorization: Bearer TOKEN`.
    Bearer {
        /// The token.
        token: String,
    },
}

/// `retry = { ... }` on a connection or a call.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RetrySection {
    /// Retries after the first attempt.
    pub attempts: u32,
    /// The first backoff; it doubles on each retry.
    #[serde(default = "default_backoff_ms")]
    pub backoff_ms: u64,
    /// The longest backoff.
    #[serde(default = "default_max_backoff_ms")]
    pub max_backoff_ms: u64,
    /// Randomise each backoff between half and all of it.
    #[serde(default = "yes")]
    pub jitter: bool,
    /// Response statuses worth another attempt.
    #[serde(default = "default_retry_statuses")]
    pub on_status: Vec<u16>,
    /// Retry when the backend cannot be reached or does not answer in time.
    #[serde(default = "yes")]
    pub on_connect_error: bool,
}

fn default_backoff_ms() -> u64 {
    100
}

fn default_max_backoff_ms() -> u64 {
    2000
}

fn default_retry_statuses() -> Vec<u16> {
    vec![500, 502, 503, 504]
}

fn yes() -> bool {
    true
}

/// `breaker = { failure_threshold = 5, open_ms = 10000 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BreakerSection {
    /// Consecutive failed attempts that open the breaker.
    pub failure_threshold: u32,
    /// How long it stays open before one probe is let through.
    pub open_ms: u64,
}

/// `rate_limit = { requests = 10, period_ms = 1000, burst = 10 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RateLimitSection {
    /// Requests allowed per period.
    pub requests: u32,
    /// The period.
    #[serde(default = "default_period_ms")]
    pub period_ms: u64,
    /// Requests allowed at once (default: `requests`).
    pub burst: Option<u32>,
    /// Whether the limit is shared by every request (default) or kept per
    /// correlation id, so parallel test scenarios do not use up each other's quota.
    #[serde(default)]
    pub per: Scope,
}

/// Who shares a rate limit or a cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every request.
    #[default]
    Global,
    /// Requests with the same `X-Correlation-ID`; requests sent without one
    /// share a single quota or cache.
    CorrelationId,
}

fn default_period_ms() -> u64 {
    1000
}

/// An HTTP method, as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum HttpMethod {
    /// GET
    #[serde(rename = "GET")]
    Get,
    /// POST
    #[serde(rename = "POST")]
    Post,
    /// PUT
    #[serde(rename = "PUT")]
    Put,
    /// PATCH
    #[serde(rename = "PATCH")]
    Patch,
    /// DELETE
    #[serde(rename = "DELETE")]
    Delete,
    /// HEAD
    #[serde(rename = "HEAD")]
    Head,
    /// OPTIONS
    #[serde(rename = "OPTIONS")]
    Options,
}

impl HttpMethod {
    /// The `http` crate's method.
    pub fn to_http(self) -> http::Method {
        match self {
            HttpMethod::Get => http::Method::GET,
            HttpMethod::Post => http::Method::POST,
            HttpMethod::Put => http::Method::PUT,
            HttpMethod::Patch => http::Method::PATCH,
            HttpMethod::Delete => http::Method::DELETE,
            HttpMethod::Head => http::Method::HEAD,
            HttpMethod::Options => http::Method::OPTIONS,
        }
    }
}

/// How a channel runs its calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// One after another; each call sees the results of earlier ones.
    #[default]
    Sequential,
    /// All at once (at most `max_concurrent`), each seeing only the input.
    Parallel,
    /// All at once, each sent the channel input as its body by default.
    Fanout,
    /// One after another; each call's default body and `/previous` is the
    /// output of the call before it, and the result is the last output.
    Pipeline,
    /// Unconditional calls run in order; of the calls with a `condition`,
    /// only the first whose condition holds runs (an if / else-if chain).
    Conditional,
}

/// `[[channels]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChannelSection {
    /// A short name for logs and metrics.
    pub name: Spanned<String>,
    /// The URL path, with `{param}` segments.
    pub path: Spanned<String>,
    /// Accepted methods (default: GET).
    #[serde(default = "default_methods")]
    pub methods: Vec<HttpMethod>,
    /// Who may call it.
    pub auth: Option<ChannelAuth>,
    /// Declared input fields, from the path, the query string or a JSON body.
    #[serde(default)]
    pub input: IndexMap<String, Spanned<InputSection>>,
    /// How the calls run.
    #[serde(default)]
    pub mode: Mode,
    /// The most calls in flight at once in parallel and fan-out modes.
    #[serde(default = "default_max_concurrent")]
    pub max_concurrent: usize,
    /// The whole flow's deadline (exceeded → 504).
    pub total_timeout_ms: Option<u64>,
    /// Stop at the first failed required call (default) or run every call and
    /// report all failures.
    #[serde(default = "yes")]
    pub fail_fast: bool,
    /// Requests the channel accepts (exceeded → 429 with Retry-After).
    pub rate_limit: Option<Spanned<RateLimitSection>>,
    /// The status of a successful response.
    #[serde(default = "default_status")]
    pub status: u16,
    /// The flow.
    #[serde(default)]
    pub calls: Vec<CallSection>,
    /// The response document (default: every call's result by name, or the
    /// last output in pipeline mode).
    pub response: Option<IndexMap<String, Spanned<Mapping>>>,
}

fn default_methods() -> Vec<HttpMethod> {
    vec![HttpMethod::Get]
}

fn default_max_concurrent() -> usize {
    8
}

fn default_status() -> u16 {
    200
}

/// Who may call a channel (secrets are redacted from `Debug`).
#[derive(Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ChannelAuth {
    /// A key in a header, e.g. `X-API-Key: abc`.
    ApiKey {
        /// The header name.
        header: String,
        /// The expected key.
        value: String,
    },
    /// HTTP Basic Auth.
    Basic {
        /// The expected user name.
        username: String,
        /// The expected password.
        password: String,
    },
}

/// `input.NAME = { ... }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct InputSection {
    /// Missing → 400.
    #[serde(default)]
    pub required: bool,
    /// The value when missing.
    pub default: Option<serde_json::Value>,
    /// The JSON type the value must have (query and path strings are
    /// converted to numbers and booleans).
    #[serde(rename = "type")]
    pub kind: Option<InputType>,
    /// A regular expression a string value must match.
    pub pattern: Option<Spanned<String>>,
}

/// The JSON type of an input field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputType {
    /// A JSON string.
    String,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
}

/// `[[channels.calls]]`: one backend call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CallSection {
    /// The name its result is stored under (`/calls/NAME`).
    pub name: Spanned<String>,
    /// The outgoing connection.
    pub connection: Spanned<String>,
    /// The method (default GET).
    #[serde(default = "default_method")]
    pub method: HttpMethod,
    /// The path below the connection's base URL; `{/pointer}` inserts a value.
    #[serde(default = "default_path")]
    pub path: Spanned<String>,
    /// Query parameters.
    #[serde(default)]
    pub query: IndexMap<String, Spanned<Template>>,
    /// Extra headers.
    #[serde(default)]
    pub headers: IndexMap<String, Spanned<Template>>,
    /// A JSON body.
    pub json: Option<Spanned<Template>>,
    /// A form body (`application/x-www-form-urlencoded`).
    pub form: Option<IndexMap<String, Spanned<Template>>>,
    /// A failure leaves `null` in place of the result and the flow goes on.
    #[serde(default)]
    pub optional: bool,
    /// The call runs only when this holds.
    pub condition: Option<Spanned<Condition>>,
    /// Send it without waiting for the answer; its result is `null`.
    #[serde(default)]
    pub fire_and_forget: bool,
    /// Overrides the connection's retry policy.
    pub retry: Option<RetrySection>,
    /// Overrides the connection's per-attempt timeout.
    pub timeout_ms: Option<u64>,
    /// Keep successful results this long; hits never reach the backend.
    pub cache_ttl_ms: Option<u64>,
    /// Whether cached results are shared by every request (default) or kept
    /// per correlation id, so parallel test scenarios do not see each other's.
    #[serde(default)]
    pub cache_per: Scope,
}

fn default_method() -> HttpMethod {
    HttpMethod::Get
}

fn default_path() -> Spanned<String> {
    Spanned::new(0..0, String::new())
}

const REDACTED: &str = "<redacted>";

impl std::fmt::Debug for OutgoingAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutgoingAuth::ApiKey { header, .. } => f
                .debug_struct("ApiKey")
                .field("header", header)
                .field("value", &REDACTED)
                .finish(),
            OutgoingAuth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &REDACTED)
                .finish(),
            OutgoingAuth::Bearer { .. } => {
                f.debug_struct("Bearer").field("token", &REDACTED).finish()
            }
        }
    }
}

impl std::fmt::Debug for ChannelAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChannelAuth::ApiKey { header, .. } => f
                .debug_struct("ApiKey")
                .field("header", header)
                .field("value", &REDACTED)
                .finish(),
            ChannelAuth::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", &REDACTED)
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secrets() {
        let auth = ChannelAuth::Basic {
            username: "api".into(),
            password: "hunter2".into(),
        };
        let bearer = OutgoingAuth::Bearer {
            token: "t0k".into(),
        };
        let text = format!("{auth:?} {bearer:?}");
        assert!(!text.contains("hunter2") && !text.contains("t0k"), "{text}");
        assert!(text.contains("api"), "{text}");
    }
}
