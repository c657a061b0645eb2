//! A circuit breaker per outgoing connection.
//!
//! ```toml
//! breaker = { failure_threshold = 3, open_ms = 500 }
//! ```
//!
//! Closed: calls pass; `failure_threshold` consecutive failed attempts (transport
//! errors, timeouts, 5xx) open it. Open: calls fail at once without reaching the
//! backend (503 with `Retry-After`: the time left). After `open_ms` one probe is
//! let through (half-open): success closes the breaker, failure opens it again.
//! The state reads half-open as soon as the open period is over, even before a
//! call comes (the `harness_breaker_state` gauge is read at each scrape).

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The breaker state, also exported as the `harness_breaker_state` gauge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls pass (gauge 0).
    Closed,
    /// Calls are refused (gauge 1).
    Open,
    /// One probe is in flight (gauge 2).
    HalfOpen,
}

impl BreakerState {
    /// The gauge value.
    pub fn code(self) -> i64 {
        match self {
            BreakerState::Closed => 0,
            BreakerState::Open => 1,
            BreakerState::HalfOpen => 2,
        }
    }
}

#[derive(Debug)]
enum State {
    Closed { failures: u32 },
    Open { until: Instant },
    HalfOpen { since: Instant },
}

/// A circuit breaker.
#[derive(Debug)]
pub struct Breaker {
    threshold: u32,
    open_for: Duration,
    state: Mutex<State>,
}

impl Breaker {
    /// A closed breaker opening after `threshold` consecutive failures for `open_for`.
    pub fn new(threshold: u32, open_for: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            open_for,
            state: Mutex::new(State::Closed { failures: 0 }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether an attempt may go out now. When the open period is over the
    /// first caller becomes the half-open probe; a probe that never reports
    /// (e.g. cancelled) is replaced after another open period.
    pub fn try_acquire(&self) -> bool {
        let mut state = self.lock();
        let now = Instant::now();
        match *state {
            State::Closed { .. } => true,
            State::Open { until } | State::HalfOpen { since: until } if now >= until => {
                *state = State::HalfOpen {
                    since: now + self.open_for,
                };
                true
            }
            State::Open { .. } | State::HalfOpen { .. } => false,
        }
    }

    /// The attempt succeeded (or the backend answered below 500).
    pub fn record_success(&self) {
        *self.lock() = State::Closed { failures: 0 };
    }

    /// The attempt failed.
    pub fn record_failure(&self) {
        let mut state = self.lock();
        let now = Instant::now();
        *state = match *state {
            State::Closed { failures } if failures + 1 < self.threshold => State::Closed {
                failures: failures + 1,
            },
            _ => State::Open {
                until: now + self.open_for,
            },
        };
    }

    /// The current state: an open breaker whose open period is over reads
    /// half-open (the next call is the probe).
    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { until } if Instant::now() < until => BreakerState::Open,
            State::Open { .. } | State::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// How long until a call may be let through again (zero when it may now).
    pub fn retry_after(&self) -> Duration {
        let now = Instant::now();
        match *self.lock() {
            State::Closed { .. } => Duration::ZERO,
            State::Open { until } | State::HalfOpen { since: until } => {
                until.saturating_duration_since(now)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_and_recovers_through_a_probe() {
        let b = Breaker::new(2, Duration::from_millis(20));
        b.record_failure();
        assert!(b.try_acquire());
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Open);
        assert!(!b.try_acquire());
        assert!(b.retry_after() > Duration::ZERO);
        std::thread::sleep(Duration::from_millis(25));
        assert_eq!(b.state(), BreakerState::HalfOpen, "the open period is over");
        assert_eq!(b.retry_after(), Duration::ZERO);
        assert!(b.try_acquire(), "probe");
        assert!(!b.try_acquire(), "only one probe");
        b.record_success();
        assert_eq!(b.state(), BreakerState::Closed);
    }

    #[test]
    fn failed_probe_opens_again() {
        let b = Breaker::new(1, Duration::from_millis(10));
        b.record_failure();
        std::thread::sleep(Duration::from_millis(15));
        assert!(b.try_acquire());
        b.record_failure();
        assert!(!b.try_acquire());
    }
}
