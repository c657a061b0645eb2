//! Rate limits on channels (exceeded → 429 with `Retry-After`), on outgoing
//! connections and on every backend call at once (`[server] global_rate_limit`),
//! backed by `governor`.
//!
//! ```toml
//! rate_limit = { requests = 2, period_ms = 1000 }            # 2 per second, burst 2, shared by all
//! rate_limit = { requests = 100, period_ms = 60000, burst = 10 }
//! rate_limit = { requests = 2, period_ms = 5000, per = "caller" }          # a quota per caller
//! rate_limit = { requests = 5, period_ms = 1000, max_wait_ms = 500 }       # wait up to 0.5 s for a turn
//! ```
//!
//! A request over the quota waits for its turn when that comes within
//! `max_wait_ms`, and is refused at once otherwise. Quotas kept `per` caller
//! are keyed on who the caller is (see [`super::config::Scope`]), never on
//! anything the caller can pick freely such as its `X-Correlation-ID`; only
//! `[server] test_mode` splits them by correlation id too.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::config::{RateLimitSection, Scope};
use super::plan::bounded;

/// A checked `rate_limit` section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitPlan {
    /// The quota.
    pub quota: Quota,
    /// Who shares it.
    pub scope: Scope,
    /// How long a request may wait for its turn.
    pub max_wait: Duration,
}

/// The checked form of a `rate_limit` section; the error says what is wrong with it.
pub(crate) fn plan(section: &RateLimitSection) -> Result<LimitPlan, String> {
    Ok(LimitPlan {
        quota: quota(section)?,
        scope: section.per,
        max_wait: bounded(section.max_wait_ms),
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

/// Keys kept by a keyed limiter before idle ones are dropped.
const MAX_KEYS: usize = 10_000;

/// A shared rate limiter: one quota per key (`""` when everyone shares it).
#[derive(Debug)]
pub struct Limiter {
    plan: LimitPlan,
    quotas: DefaultKeyedRateLimiter<String>,
}

/// How a request fared at a limiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// It had its turn at once.
    Now,
    /// It had its turn after waiting.
    Waited,
}

impl Limiter {
    /// A limiter enforcing `plan`.
    pub fn new(plan: LimitPlan) -> Self {
        Self {
            plan,
            quotas: RateLimiter::keyed(plan.quota),
        }
    }

    /// Who shares a quota.
    pub fn scope(&self) -> Scope {
        self.plan.scope
    }

    /// Takes one request's share of `key`'s quota at once, or says how long
    /// until one is free.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        if self.quotas.len() > MAX_KEYS {
            self.quotas.retain_recent();
        }
        self.quotas
            .check_key(&key.to_owned())
            .map_err(|n| n.wait_time_from(now))
    }

    /// Takes one request's share of `key`'s quota, waiting for it up to the
    /// plan's `max_wait`; refused, it says how long until one is free.
    pub async fn acquire(&self, key: &str) -> Result<Admission, Duration> {
        let deadline = tokio::time::Instant::now() + self.plan.max_wait;
        let mut admission = Admission::Now;
        loop {
            match self.check(key) {
                Ok(()) => return Ok(admission),
                Err(wait) => {
                    let wake = tokio::time::Instant::now() + wait.max(Duration::from_millis(1));
                    if wake > deadline {
                        return Err(wait);
                    }
                    tokio::time::sleep_until(wake).await;
                    admission = Admission::Waited;
                }
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

    fn section(requests: u32, period_ms: u64, max_wait_ms: u64) -> RateLimitSection {
        RateLimitSection {
            requests,
            period_ms,
            burst: None,
            per: Scope::Caller,
            max_wait_ms,
        }
    }

    #[test]
    fn each_key_has_its_own_quota() {
        let limiter = Limiter::new(plan(&section(1, 60_000, 0)).unwrap());
        assert!(limiter.check("caller-1").is_ok());
        assert!(limiter.check("caller-2").is_ok());
        assert!(limiter.check("caller-1").is_err());
    }

    #[test]
    fn limiter_refuses_past_the_burst_and_says_how_long_to_wait() {
        let limiter = Limiter::new(plan(&section(2, 1000, 0)).unwrap());
        assert!(limiter.check("").is_ok());
        assert!(limiter.check("").is_ok());
        let wait = limiter.check("").unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert_eq!(retry_after_secs(wait).max(1), 1);
    }

    #[tokio::test]
    async fn a_request_over_the_quota_waits_when_its_turn_comes_in_time() {
        // One per 40 ms; the second waits about 40 ms, within the 500 allowed.
        let limiter = Limiter::new(plan(&section(25, 1000, 500)).unwrap());
        let burst: Vec<_> = (0..25).map(|_| limiter.check("k")).collect();
        assert!(burst.iter().all(Result::is_ok));
        assert_eq!(limiter.acquire("k").await, Ok(Admission::Waited));
    }

    #[tokio::test]
    async fn a_request_whose_turn_is_too_far_off_is_refused_at_once() {
        let limiter = Limiter::new(plan(&section(1, 60_000, 100)).unwrap());
        assert_eq!(limiter.acquire("k").await, Ok(Admission::Now));
        let refused = limiter.acquire("k").await.unwrap_err();
        assert!(refused > Duration::from_secs(50), "{refused:?}");
    }

    #[test]
    fn zero_requests_is_an_error() {
        assert!(plan(&section(0, 1000, 0)).is_err());
    }
}
