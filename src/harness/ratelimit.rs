//! Rate limits on channels (exceeded → 429 with `Retry-After`) and on outgoing
//! connections, backed by `governor`.
//!
//! ```toml
//! rate_limit = { requests = 2, period_ms = 1000 }            # 2 per second, burst 2
//! rate_limit = { requests = 100, period_ms = 60000, burst = 10 }
//! ```

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use super::config::RateLimitSection;
use super::plan::bounded;

/// The quota of a `rate_limit` section; the error says what is wrong with it.
pub(crate) fn quota(section: &RateLimitSection) -> Result<Quota, String> {
    let requests = NonZeroU32::new(section.requests).ok_or("`requests` must be at least 1")?;
    let burst = NonZeroU32::new(section.burst.unwrap_or(section.requests))
        .ok_or("`burst` must be at least 1")?;
    let period = bounded(section.period_ms) / requests.get();
    Quota::with_period(period)
        .map(|q| q.allow_burst(burst))
        .ok_or_else(|| "`period_ms` must be long enough for one request per nanosecond".to_owned())
}

/// A shared rate limiter.
#[derive(Debug)]
pub struct Limiter {
    inner: DefaultDirectRateLimiter,
}

impl Limiter {
    /// A limiter enforcing `quota`.
    pub fn new(quota: Quota) -> Self {
        Self {
            inner: RateLimiter::direct(quota),
        }
    }

    /// Takes one request's share, or says how long until one is free.
    pub fn check(&self) -> Result<(), Duration> {
        self.inner
            .check()
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
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
    fn limiter_refuses_past_the_burst_and_says_how_long_to_wait() {
        let section = RateLimitSection {
            requests: 2,
            period_ms: 1000,
            burst: None,
        };
        let limiter = Limiter::new(quota(&section).unwrap());
        assert!(limiter.check().is_ok());
        assert!(limiter.check().is_ok());
        let wait = limiter.check().unwrap_err();
        assert!(wait <= Duration::from_millis(500), "{wait:?}");
        assert_eq!(retry_after_secs(wait).max(1), 1);
    }

    #[test]
    fn zero_requests_is_an_error() {
        let section = RateLimitSection {
            requests: 0,
            period_ms: 1000,
            burst: None,
        };
        assert!(quota(&section).is_err());
    }
}
