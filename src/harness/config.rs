//! The harness configuration file, as written (TOML). Unknown keys are errors.
//!
//! ```toml
//! [server]
//! listen = "127.0.0.1:17010"
//! test_mode = false                        # true only for a test suite: see `test_mode`
//! global_rate_limit = { requests = 100, period_ms = 1000, max_wait_ms = 500 }
//!
//! [vars]                                   # values flows refer to as `/vars/...`
//! fraud_user_types = ["RGV"]
//!
//! [connections.crm]                        # a named outgoing connection
//! base_url = "${CRM_URL:-http://127.0.0.1:18081}"
//! timeout_ms = 2000
//! auth = { api_key = { header = "X-Backend-Key", value = "k" } }   # or basic / bearer
//! headers = { X-Client-Version = "2.0" }
//! retry = { attempts = 2, backoff_ms = 20, on_status = [502, 503] }
//! retry_non_idempotent = false             # POST/PATCH are not re-sent after a timeout or reset
//! breaker = { failure_threshold = 3, open_ms = 500 }
//! rate_limit = { requests = 100, period_ms = 1000, per = "caller", max_wait_ms = 200 }
//! ```
//!
//! Channels and their calls are described in [`super::channel_config`]. The
//! structs here mirror the file; loading checks them and turns them into the
//! validated [`super::Config`].

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use toml::Spanned;

use super::channel_config::ChannelSection;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigFile {
    /// `[server]`: where to listen, test mode, the global rate limit.
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
    /// Test mode: every rate limit and cache is also kept per
    /// `X-Correlation-ID`, so the scenarios of a test suite running in parallel
    /// do not share quotas or cached answers. Any caller could then escape a
    /// limit by sending a new id each time: never enable it in production.
    /// `true`, `false`, or a string such as `"${HARNESS_TEST_MODE:-false}"`.
    #[serde(default)]
    pub test_mode: Switch,
    /// A rate limit on every backend call of every channel, next to the
    /// connections' own.
    pub global_rate_limit: Option<Spanned<RateLimitSection>>,
}

/// A boolean that may also be written as the string `"true"` / `"false"`
/// (or empty, meaning false), so that an environment reference can set it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Switch(pub bool);

impl<'de> Deserialize<'de> for Switch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Switch;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`true` or `false` (also as a string)")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Switch, E> {
                Ok(Switch(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Switch, E> {
                match v.trim() {
                    "true" => Ok(Switch(true)),
                    "false" | "" => Ok(Switch(false)),
                    other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `[connections.NAME]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConnectionSection {
    /// Scheme, host, port and an optional path prefix.
    pub base_url: Spanned<String>,
    /// Per-attempt timeout for calls on this connection.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: Spanned<u64>,
    /// Credentials sent on every call.
    pub auth: Option<Spanned<OutgoingAuth>>,
    /// Headers sent on every call.
    #[serde(default)]
    pub headers: IndexMap<String, Spanned<String>>,
    /// The default retry policy of calls on this connection.
    pub retry: Option<RetrySection>,
    /// Re-send POST and PATCH calls after a timeout or a connection broken
    /// once the request was written (default: only idempotent methods are).
    #[serde(default)]
    pub retry_non_idempotent: bool,
    /// The circuit breaker guarding this connection.
    pub breaker: Option<Spanned<BreakerSection>>,
    /// How many calls this connection may carry.
    pub rate_limit: Option<Spanned<RateLimitSection>>,
}

fn default_timeout_ms() -> Spanned<u64> {
    Spanned::new(0..0, 5000)
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

pub(crate) fn yes() -> bool {
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

/// `rate_limit = { requests = 10, period_ms = 1000, burst = 10, per = "caller", max_wait_ms = 0 }`.
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
    /// Who shares the quota (default: everyone).
    #[serde(default)]
    pub per: Scope,
    /// How long a request over the quota waits for it before it is refused
    /// (default 0: refused at once).
    #[serde(default)]
    pub max_wait_ms: u64,
}

/// Who shares a rate limit or a cache. In test mode (`[server] test_mode`)
/// each is also split by `X-Correlation-ID`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Every request.
    #[default]
    Global,
    /// The caller: the credentials the channel checked (its API key or Basic
    /// Auth user), else the client's IP address.
    Caller,
    /// The client's IP address.
    ClientAddress,
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

pub(crate) const REDACTED: &str = "<redacted>";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_outgoing_secrets() {
        let bearer = OutgoingAuth::Bearer {
            token: "t0k".into(),
        };
        let text = format!("{bearer:?}");
        assert!(!text.contains("t0k"), "{text}");
    }

    #[test]
    fn a_switch_reads_booleans_and_their_strings() {
        #[derive(Deserialize)]
        struct Doc {
            a: Switch,
            b: Switch,
            c: Switch,
        }
        let doc: Doc = toml::from_str("a = true\nb = \"true\"\nc = \"\"").unwrap();
        assert_eq!(
            (doc.a, doc.b, doc.c),
            (Switch(true), Switch(true), Switch(false))
        );
        assert!(toml::from_str::<Doc>("a = \"yes\"\nb = true\nc = true").is_err());
    }
}
