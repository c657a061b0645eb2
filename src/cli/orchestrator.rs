//! The orchestration harness's command line, shared by the `orchestrator`
//! binary and `apitest orchestrator`:
//! `orchestrator --config FILE [--listen 127.0.0.1:PORT] [--json-logs]`.
//! Prints `listening on http://ADDR` once ready; `SIGHUP` reloads the file
//! (a file that does not load is logged and the running configuration stays).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::error::Error;
use crate::harness::reload::on_sighup;
use crate::harness::{load_config, serve_with_reloads, shutdown_signal};

/// The orchestration harness: API channels orchestrating backend calls.
#[derive(Debug, Parser)]
#[command(name = "orchestrator", version)]
pub struct OrchestratorArgs {
    /// The harness configuration (TOML).
    #[arg(long, short)]
    pub config: PathBuf,
    /// Where to listen (default: `[server] listen`, else 127.0.0.1:17010).
    #[arg(long, short)]
    pub listen: Option<SocketAddr>,
    /// Log as JSON lines instead of text (filter with RUST_LOG).
    #[arg(long)]
    pub json_logs: bool,
}

/// `orchestrator ...` (the binary's own command line).
pub fn main() -> ExitCode {
    ExitCode::from(run_args(OrchestratorArgs::parse()))
}

/// Runs the harness until Ctrl-C or SIGTERM; the exit code is 3 for a bad
/// config file and 4 when the address cannot be bound.
pub fn run_args(args: OrchestratorArgs) -> u8 {
    init_logs(args.json_logs);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&Error::Runtime(format!("cannot start the runtime: {e}"))),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => crate::error::exit::OK,
        Err(e) => fail(&e),
    }
}

async fn run(args: OrchestratorArgs) -> Result<(), Error> {
    let config = load_config(&args.config)?;
    let addr = args
        .listen
        .or(config.listen())
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 17010)));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Error::Runtime(format!("cannot listen on {addr}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Runtime(format!("cannot read the listening address: {e}")))?;
    // Listen for SIGHUP before saying we are ready: its default action ends the process.
    let reloads = on_sighup(args.config.clone());
    let mut stdout = std::io::stdout();
    // A closed stdout must not stop the server.
    let _ = writeln!(stdout, "listening on http://{bound}").and_then(|()| stdout.flush());
    serve_with_reloads(config, listener, shutdown_signal(), reloads).await
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn fail(error: &Error) -> u8 {
    let _ = write!(std::io::stderr(), "{error}");
    error.exit_code()
}
