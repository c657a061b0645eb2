//! Serves every fake backend in a folder (default `mocks/`) and prints one line per
//! backend, `NAME URL`, then waits for Ctrl-C (or for stdin to close) and stops them.
//!
//! `SERVE_MOCKS_THREADS=N` sets the number of runtime worker threads (default: one
//! per core); `0` runs everything on the current thread.
//!
//! ```text
//! cargo run --example serve_mocks -- mocks
//! billing http://127.0.0.1:40117
//! crm http://127.0.0.1:36609
//! ...
//! ```

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use tokio::io::AsyncReadExt;

fn main() -> ExitCode {
    let threads = std::env::var("SERVE_MOCKS_THREADS")
        .ok()
        .and_then(|t| t.parse::<usize>().ok());
    let runtime = match threads {
        Some(0) => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
        Some(n) => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(n)
            .enable_all()
            .build(),
        None => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build(),
    };
    match runtime {
        Ok(runtime) => runtime.block_on(serve()),
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            ExitCode::from(apitest::error::exit::RUNTIME)
        }
    }
}

async fn serve() -> ExitCode {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "mocks".to_owned()),
    );
    let backends = match apitest::mock::start_dir(&dir).await {
        Ok(b) => b,
        Err(e) => {
            eprint!("{e}");
            return ExitCode::from(e.exit_code());
        }
    };
    let mut out = std::io::stdout().lock();
    for b in &backends {
        let _ = writeln!(out, "{} {}", b.name(), b.url());
    }
    let _ = out.flush();
    drop(out);
    let stdin_closed = async {
        let mut buf = [0u8; 64];
        let mut stdin = tokio::io::stdin();
        while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = stdin_closed => {}
    }
    for b in backends {
        b.stop().await;
    }
    ExitCode::SUCCESS
}
