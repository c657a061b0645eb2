//! `orchestrator --config FILE [--listen 127.0.0.1:PORT]`: the orchestration
//! harness on its own. Prints `listening on http://ADDR` once ready.
//!
//! Exit codes: 3 for a bad config file, 4 when the address cannot be bound.

fn main() -> std::process::ExitCode {
    apitest::cli::orchestrator::main()
}
