//! Per-call response cache (`cache_ttl_ms`), backed by `moka`.
//!
//! ```toml
//! [[channels.calls]]
//! name = "profile"
//! connection = "crm"
//! path = "/api/customers/{/input/id}/profile"
//! cache_ttl_ms = 60000      # identical requests within a minute never reach the backend
//! cache_per = "caller"      # optional: each caller its own answers (default: shared)
//! ```
//!
//! The key is the method, the full URL and the body, and with `cache_per` who
//! the caller is (see [`super::config::Scope`]); in `[server] test_mode` also
//! the correlation id. Only successful results are stored.

use std::time::Duration;

use moka::future::Cache;
use serde_json::Value;

/// A time-bounded cache of call results.
#[derive(Debug, Clone)]
pub struct CallCache {
    inner: Cache<String, Value>,
}

impl CallCache {
    /// A cache keeping entries for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            inner: Cache::builder()
                .max_capacity(10_000)
                .time_to_live(ttl)
                .build(),
        }
    }

    /// The stored result for `key`.
    pub async fn get(&self, key: &str) -> Option<Value> {
        self.inner.get(key).await
    }

    /// Stores a result.
    pub async fn insert(&self, key: String, value: Value) {
        self.inner.insert(key, value).await;
    }
}
