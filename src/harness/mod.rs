//! The orchestration harness: an API orchestration service, the system under test.
