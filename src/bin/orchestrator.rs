//! `orchestrator --config FILE [--listen 127.0.0.1:PORT]`: the orchestration
//! harness on its own. Prints `listening on http://ADDR` once ready.
//!
//! Exit codes: 3 for a bad config file, 4 when the address cannot be bound.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use apitest::error::Error;
use apitest::harness::{load_config, serve};
use clap::Parser;

/// The orchestration harness: API channels orchestrating backend calls.
#[derive(Debug, Parser)]
#[command(name = "orchestrator", version)]
struct Args {
    /// The harness configuration (TOML).
    #[arg(long, short)]
    config: PathBuf,
    /// Where to listen (default: `[server] listen`, else 127.0.0.1:17010).
    #[arg(long, short)]
    listen: Option<SocketAddr>,
    /// Log as JSON lines instead of text (filter with RUST_LOG).
    #[arg(long)]
    json_logs: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    init_logs(args.json_logs);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&Error::Runtime(format!("cannot start the runtime: {e}"))),
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

async fn run(args: Args) -> Result<(), Error> {
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
    let mut stdout = std::io::stdout();
    // A closed stdout must not stop the server.
    let _ = writeln!(stdout, "listening on http://{bound}").and_then(|()| stdout.flush());
    serve(config, listener).await
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn fail(error: &Error) -> ExitCode {
    let _ = write!(std::io::stderr(), "{error}");
    ExitCode::from(error.exit_code())
}
