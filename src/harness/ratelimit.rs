//! Rate limits on channels (exceeded → 429 with `Retry-After`) and on outgoing
//! connections, backed by `governor`.
//!
//! ```toml
//! rate_limit = { requests = 2, period_ms = 1000 }            # 2 per second, burst 2
//! rate_limit = { requests = 100, period_ms = 60000, burst = 10 }
//! rate_limit = { requests = 2, period_ms = 5000, per = "correlation_id" }  # a quota per X-Correlation-ID
//! ```

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::config::{RateLimitSection, Scope};
use super::plan::bounded;

/// A checked `rate_limit` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitPlan {
    /// The quota.
    pub quota: Quota,
    /// Who shares it.
    pub scope: Scope,
}

/// The checked form of a `rate_limit` section; the error says what is wrong with it.
pub(crate) fn plan(section: &RateLimitSection) -> Result<LimitPlan, String> {
    Ok(LimitPlan {
        quota: quota(section)?,
        scope: section.per,
    })
}

/// The quota of a `rate_limit` section.
fn quota(section: &RateLimitSection) -> Result<Quota, String> {
    let requests = NonZeroU32::new(section.requests).ok_or("`requests` must be at least 1")?;
    let burst = NonZeroU32::new(section.burst.unwrap_or(section.requests))
        .ok_or("`burst` must be at least 1")?;
    let period = bounded(section.period_ms) / requests.get();
    Quota::with_period(period)
        .map(|q| q.allow_burst(burst))
        .ok_or_else(|| "`period_ms` must be long enough for one request per nanosecond".to_owned())
}

/// Keys kept by a per-correlation-id limiter before idle ones are dropped.
const MAX_KEYS: usize = 10_000;

/// A shared rate limiter.
#[derive(Debug)]
pub enum Limiter {
    /// One quota for everyone.
    Global(DefaultDirectRateLimiter),
    /// A quota per correlation id.
    PerKey(DefaultKeyedRateLimiter<String>),
}

impl Limiter {
    /// A limiter enforcing `plan`.
    pub fn new(plan: LimitPlan) -> Self {
        match plan.scope {
            Scope::Global => Limiter::Global(RateLimiter::direct(plan.quota)),
            Scope::CorrelationId => Limiter::PerKey(RateLimiter::keyed(plan.quota)),
        }
    }

    /// Takes one request's share (of `key`'s quota when kept per key), or
    /// says how long until one is free.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        match self {
            Limiter::Global(limiter) => limiter.check().map_err(|n| n.wait_time_from(now)),
            Limiter::PerKey(limiter) => {
                if limiter.len() > MAX_KEYS {
                    limiter.retain_recent();
                }
                limiter
                    .check_key(&key.to_owned())
                    .map_err(|n| n.wait_time_from(now))
            }
        }
    }
}

/// Whole seconds for a `Retry-After` header (at least 1).
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_key_limiter_keeps_a_quota_per_correlation_id() {
        let section = RateLimitSection {
            requests: 1,
            period_ms: 60_000,
            burst: None,
            per: Scope::CorrelationId,
        };
        let limiter = Limiter::new(plan(&section).unwrap());
        assert!(limiter.check("scenario-1").is_ok());
        assert!(limiter.check("scenario-2").is_ok());
        assert!(limiter.check("scenario-1").is_err());
    }

    #[test]
    fn limiter_refuses_past_the_burst_and_says_how_long_to_wait() {
        let section = RateLimitSection {
            requests: 2,
            period_ms: 1000,
            burst: None,
            per: Scope::Global,
        };
        let limiter = Limiter::new(plan(&section).unwrap());
        assert!(limiter.check("a").is_ok());
        assert!(limiter.check("b").is_ok());
        let wait = limiter.check("c").unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert_eq!(retry_after_secs(wait).max(1), 1);
    }

    #[test]
    fn zero_requests_is_an_error() {
        let section = RateLimitSection {
            requests: 0,
            period_ms: 1000,
            burst: None,
            per: Scope::Global,
        };
        assert!(plan(&section).is_err());
    }
}
