//! Fake backends: file-defined stubs served by `wiremock`.
