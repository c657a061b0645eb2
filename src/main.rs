//! The `apitest` command-line entry point; everything lives in the library.

fn main() -> std::process::ExitCode {
    apitest::cli::main()
}
