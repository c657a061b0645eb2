//! Retry policy: how many more attempts, after which outcomes, and how long to
//! wait between them (exponential backoff with jitter).
//!
//! ```toml
//! retry = { attempts = 3, backoff_ms = 50, max_backoff_ms = 1000, jitter = true,
//!           on_status = [500, 502, 503, 504], on_connect_error = true }
//! ```
//!
//! With `backoff_ms = 50` the waits are 50, 100, 200 … ms (capped at
//! `max_backoff_ms`); with jitter each is drawn between half and all of that.

use std::time::Duration;

use super::config::RetrySection;
use super::plan::bounded;

/// When and how a failed call is tried again.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RetryPolicy {
    /// Attempts after the first one.
    pub retries: u32,
    /// The first wait.
    pub backoff: Duration,
    /// The longest wait.
    pub max_backoff: Duration,
    /// Randomise each wait between half and all of it.
    pub jitter: bool,
    /// Statuses worth another attempt.
    pub on_status: Vec<u16>,
    /// Retry transport errors and timeouts.
    pub on_connect_error: bool,
}

impl From<&RetrySection> for RetryPolicy {
    fn from(s: &RetrySection) -> Self {
        Self {
            retries: s.attempts,
            backoff: bounded(s.backoff_ms),
            max_backoff: bounded(s.max_backoff_ms.max(s.backoff_ms)),
            jitter: s.jitter,
            on_status: s.on_status.clone(),
            on_connect_error: s.on_connect_error,
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (0 for the first retry).
    pub fn delay(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.min(20));
        let full = self.backoff.saturating_mul(factor).min(self.max_backoff);
        if self.jitter && !full.is_zero() {
            let nanos = u64::try_from(full.as_nanos()).unwrap_or(u64::MAX);
            Duration::from_nanos(rand::random_range(nanos / 2..=nanos))
        } else {
            full
        }
    }

    /// Whether a response with `status` is worth another attempt.
    pub fn retries_status(&self, status: u16) -> bool {
        self.on_status.contains(&status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(jitter: bool) -> RetryPolicy {
        RetryPolicy {
            retries: 5,
            backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(35),
            jitter,
            on_status: vec![503],
            on_connect_error: true,
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = policy(false);
        let waits: Vec<u128> = (0..4).map(|i| p.delay(i).as_millis()).collect();
        assert_eq!(waits, vec![10, 20, 35, 35]);
    }

    #[test]
    fn jitter_stays_between_half_and_all_of_the_wait() {
        let p = policy(true);
        for _ in 0..50 {
            let d = p.delay(1).as_millis();
            assert!((10..=20).contains(&d), "{d}");
        }
    }
}
