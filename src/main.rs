//! The `apitest` command-line entry point.
fn main() {}
