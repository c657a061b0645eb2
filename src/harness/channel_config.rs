//! Channels and their calls, as written in the configuration file.
//!
//! ```toml
//! [[channels]]
//! name = "get-user-details"
//! path = "/tutorial/api/get-user-details"
//! methods = "any"                          # or a list: ["GET", "POST"] (default ["GET"])
//! data_format = "json"                     # how the body is read, whatever its Content-Type
//! auth = { api_key = { header = "X-API-Key", value = "abc" } }
//! mode = "sequential"                      # parallel | fanout | pipeline | conditional | hybrid
//! total_timeout_ms = 5000
//! rate_limit = { requests = 2, period_ms = 5000, per = "caller" }
//! input.name = { type = "string", default = "partner" }
//!
//! [[channels.calls]]
//! name = "crm"
//! connection = "crm"
//! path = "/customers/{customer_id}/orders" # `{name}`: a `params` key; `{/pointer}`: a value
//! params = { customer_id = "/input/customer_id", status = "/input/status" }  # the rest: query
//! query = { UserName = "/input/name" }     # a string starting with `/` is a JSON pointer
//! depends_on = ["auth"]                    # hybrid mode: starts once `auth` has finished
//! for_each = "/calls/employees/items"      # once per item (`/item`, `/index`); the result is a list
//! condition = { value = "/calls/crm/UserType", in = "/vars/fraud_user_types" }
//! branch = "balance"                       # conditional mode: an if / else-if chain
//! fallback = { status = "down", kind = "/error/kind" }   # the result when it fails
//! status_map = { 404 = 404, other = 500 }  # a failed answer's status → the caller's status
//!
//! [channels.response]
//! user_type = "/calls/crm/UserType"
//! ```

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use toml::Spanned;

use super::condition::Condition;
use super::config::{HttpMethod, REDACTED, RateLimitSection, RetrySection, Scope};
use super::mapping::Mapping;
use super::template::Template;

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
    /// One after another; a call with a `condition` is an independent `if`,
    /// and calls sharing a `branch` form an if / else-if chain of which only
    /// the first that holds runs (one without a condition is the `else`).
    Conditional,
    /// Calls start as soon as the calls named in their `depends_on` have
    /// finished (those without dependencies at once): fetch a list, then fan
    /// out over it.
    Hybrid,
}

impl Mode {
    /// Whether calls run one after another, in file order.
    pub fn in_order(self) -> bool {
        matches!(self, Mode::Sequential | Mode::Pipeline | Mode::Conditional)
    }
}

/// How a channel reads a request body, whatever its `Content-Type` says
/// (as Zato channels do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataFormat {
    /// A JSON object (the default); anything else is a 400.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded` fields.
    Form,
}

/// The methods a channel accepts: `"any"` or a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Methods {
    /// Every method.
    Any,
    /// These.
    List(Vec<HttpMethod>),
}

impl<'de> Deserialize<'de> for Methods {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Methods;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("`\"any\"` or a list of methods such as `[\"GET\", \"POST\"]`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Methods, E> {
                if v.eq_ignore_ascii_case("any") {
                    Ok(Methods::Any)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(v), &self))
                }
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Methods, A::Error> {
                let mut methods = Vec::new();
                while let Some(m) = seq.next_element::<HttpMethod>()? {
                    methods.push(m);
                }
                Ok(Methods::List(methods))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `[[channels]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChannelSection {
    /// A short name for logs and metrics.
    pub name: Spanned<String>,
    /// The URL path, with `{param}` segments.
    pub path: Spanned<String>,
    /// Accepted methods (default: GET; a GET channel also answers HEAD).
    #[serde(default = "default_methods")]
    pub methods: Spanned<Methods>,
    /// How the request body is read.
    #[serde(default)]
    pub data_format: DataFormat,
    /// Who may call it.
    pub auth: Option<Spanned<ChannelAuth>>,
    /// Declared input fields, from the path, the query string or the body.
    #[serde(default)]
    pub input: IndexMap<String, Spanned<InputSection>>,
    /// How the calls run.
    #[serde(default)]
    pub mode: Mode,
    /// The most calls (and `for_each` items of one call) in flight at once.
    #[serde(default = "default_max_concurrent")]
    pub max_concurrent: Spanned<usize>,
    /// The whole flow's deadline (exceeded → 504).
    pub total_timeout_ms: Option<Spanned<u64>>,
    /// Stop at the first failed required call (default) or run every call and
    /// report all failures.
    pub fail_fast: Option<Spanned<bool>>,
    /// The share (0 to 1) of failed required calls the channel tolerates: it
    /// runs every call and fails only when more than this share failed; the
    /// failed ones leave their `fallback` or `null`.
    pub error_threshold: Option<Spanned<f64>>,
    /// Requests the channel accepts (exceeded → 429 with Retry-After).
    pub rate_limit: Option<Spanned<RateLimitSection>>,
    /// The status of a successful response.
    #[serde(default = "default_status")]
    pub status: Spanned<u16>,
    /// The flow.
    #[serde(default)]
    pub calls: Vec<CallSection>,
    /// The response document (default: every call's result by name, or the
    /// last output in pipeline mode).
    pub response: Option<IndexMap<String, Spanned<Mapping>>>,
}

fn default_methods() -> Spanned<Methods> {
    Spanned::new(0..0, Methods::List(vec![HttpMethod::Get]))
}

fn default_max_concurrent() -> Spanned<usize> {
    Spanned::new(0..0, 8)
}

fn default_status() -> Spanned<u16> {
    Spanned::new(0..0, 200)
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

/// The method of a call, as written: a fixed one, or `SAME` for the caller's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) enum CallMethodSection {
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
    /// The caller's own method.
    #[serde(rename = "SAME")]
    Same,
}

impl CallMethodSection {
    /// The fixed method, or `None` for `SAME`.
    pub fn fixed(self) -> Option<http::Method> {
        Some(match self {
            CallMethodSection::Get => http::Method::GET,
            CallMethodSection::Post => http::Method::POST,
            CallMethodSection::Put => http::Method::PUT,
            CallMethodSection::Patch => http::Method::PATCH,
            CallMethodSection::Delete => http::Method::DELETE,
            CallMethodSection::Head => http::Method::HEAD,
            CallMethodSection::Options => http::Method::OPTIONS,
            CallMethodSection::Same => return None,
        })
    }
}

/// One condition or a list of them (every one must hold).
#[derive(Debug, Clone)]
pub(crate) struct Conditions(pub Vec<Condition>);

impl<'de> Deserialize<'de> for Conditions {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Conditions;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a condition table, or a list of them that must all hold")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Conditions, A::Error> {
                let one = Condition::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Conditions(vec![one]))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Conditions, A::Error> {
                let mut all = Vec::new();
                while let Some(c) = seq.next_element::<Condition>()? {
                    all.push(c);
                }
                Ok(Conditions(all))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `[[channels.calls]]`: one backend call.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CallSection {
    /// The name its result is stored under (`/calls/NAME`).
    pub name: Spanned<String>,
    /// The outgoing connection.
    pub connection: Spanned<String>,
    /// The method (default GET), or `"SAME"` for the caller's.
    #[serde(default = "default_method")]
    pub method: CallMethodSection,
    /// The path below the connection's base URL; `{name}` is a `params` key,
    /// `{/pointer}` inserts a value. Either stays inside its path segment.
    #[serde(default = "default_path")]
    pub path: Spanned<String>,
    /// Parameters: those the path names fill it, the rest become the query
    /// string (`null` ones are left out).
    #[serde(default)]
    pub params: IndexMap<String, Spanned<Template>>,
    /// Query parameters.
    #[serde(default)]
    pub query: IndexMap<String, Spanned<Template>>,
    /// Extra headers.
    #[serde(default)]
    pub headers: IndexMap<String, Spanned<Template>>,
    /// A JSON body.
    pub json: Option<Spanned<Template>>,
    /// A form body (`application/x-www-form-urlencoded`).
    pub form: Option<Spanned<IndexMap<String, Spanned<Template>>>>,
    /// A failure leaves `null` (or the `fallback`) in place of the result and
    /// the flow goes on.
    #[serde(default)]
    pub optional: bool,
    /// The result when the call fails (the call is then optional); `/error`
    /// holds `{"backend", "kind", "status"}`.
    pub fallback: Option<Spanned<Template>>,
    /// The call runs only when this holds (every one of a list).
    pub condition: Option<Spanned<Conditions>>,
    /// Conditional mode: calls sharing a branch form an if / else-if chain.
    pub branch: Option<Spanned<String>>,
    /// Calls that must have finished first (hybrid mode: the start order; in
    /// other modes they must be earlier calls). A call whose dependency failed
    /// does not run.
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    /// A pointer to a list: the call runs once per item, with the item at
    /// `/item` and its position at `/index`; its result is the list of results.
    pub for_each: Option<Spanned<String>>,
    /// Send it without waiting for the answer; its result is `null`.
    #[serde(default)]
    pub fire_and_forget: bool,
    /// Overrides the connection's retry policy.
    pub retry: Option<RetrySection>,
    /// Overrides the connection's `retry_non_idempotent`.
    pub retry_non_idempotent: Option<bool>,
    /// Overrides the connection's per-attempt timeout.
    pub timeout_ms: Option<Spanned<u64>>,
    /// Keep successful results this long; hits never reach the backend.
    pub cache_ttl_ms: Option<Spanned<u64>>,
    /// Who shares cached results (default: everyone).
    #[serde(default)]
    pub cache_per: Scope,
    /// The caller's status when the backend answers a failing status:
    /// `{ 404 = 404, other = 500 }` (default: 502).
    pub status_map: Option<Spanned<IndexMap<String, Spanned<u16>>>>,
}

fn default_method() -> CallMethodSection {
    CallMethodSection::Get
}

fn default_path() -> Spanned<String> {
    Spanned::new(0..0, String::new())
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
    fn debug_output_hides_channel_secrets() {
        let auth = ChannelAuth::Basic {
            username: "api".into(),
            password: "hunter2".into(),
        };
        let text = format!("{auth:?}");
        assert!(!text.contains("hunter2") && text.contains("api"), "{text}");
    }

    #[test]
    fn methods_are_any_or_a_list() {
        #[derive(Deserialize)]
        struct Doc {
            m: Methods,
        }
        let any: Doc = toml::from_str("m = \"any\"").unwrap();
        assert_eq!(any.m, Methods::Any);
        let list: Doc = toml::from_str("m = [\"GET\", \"PUT\"]").unwrap();
        assert_eq!(
            list.m,
            Methods::List(vec![HttpMethod::Get, HttpMethod::Put])
        );
        assert!(toml::from_str::<Doc>("m = \"all\"").is_err());
    }

    #[test]
    fn a_condition_is_one_table_or_a_list() {
        #[derive(Deserialize)]
        struct Doc {
            c: Conditions,
        }
        let one: Doc = toml::from_str("c = { value = \"/input/x\", exists = true }").unwrap();
        assert_eq!(one.c.0.len(), 1);
        let two: Doc = toml::from_str(
            "c = [{ value = \"/input/x\", exists = true }, { value = \"/input/y\", equals = 1 }]",
        )
        .unwrap();
        assert_eq!(two.c.0.len(), 2);
    }
}
