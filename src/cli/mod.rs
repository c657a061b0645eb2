//! The command-line interface: parse, dispatch, render errors, exit codes.
//!
//! Commands print with `outln!` and `errln!`, which ignore a closed output:
//! `apitest steps | head -1` ends quietly with the command's own exit code.

/// `println!` that ignores a closed stdout.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that ignores a closed stderr.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod args;
mod behave;
mod demo;
mod environment;
mod init;
pub mod orchestrator;
mod run;
mod settings;

use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
use args::Command;

use crate::error::{Error, exit};

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    match dispatch(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            use std::io::Write as _;
            let _ = write!(std::io::stderr().lock(), "{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn dispatch(command: Command) -> Result<u8, Error> {
    match command {
        Command::Run(args) => {
            settings::set_color(args.color);
            let settings = settings::RunSettings::from_args(&args)?;
            run::run(settings)
        }
        Command::Check(args) => run::check(&args.paths),
        Command::Orchestrator(args) => Ok(orchestrator::run_args(args)),
        Command::Mock { dir } => environment::serve_mocks(dir),
        Command::Report {
            action: args::ReportAction::Merge { output, inputs },
        } => {
            let suites = crate::report::merge::merge(&output, &inputs)?;
            outln!(
                "Merged {suites} test suites from {} reports into {}.",
                inputs.len(),
                output.display()
            );
            Ok(exit::OK)
        }
        Command::Steps { markdown } => {
            if markdown {
                use std::io::Write as _;
                let _ = write!(std::io::stdout().lock(), "{}", crate::steps::markdown());
            } else {
                for def in crate::steps::all() {
                    outln!("{:<60}  {}", def.pattern, def.summary);
                }
            }
            Ok(exit::OK)
        }
        Command::Init { dir } => {
            init::init(&dir)?;
            outln!("OK, initialized {}.", dir.display());
            outln!("Run it with: apitest run {}", dir.display());
            Ok(exit::OK)
        }
        Command::Demo(args) => {
            settings::set_color(args.color);
            let dir = demo::project_dir(args.dir)?;
            demo::write_project(&dir)?;
            outln!(
                "Demo project: {} (the fake backends, the orchestration harness and its features/)\n",
                dir.display()
            );
            let reports = dir.join("reports");
            let argv = [
                "apitest".as_ref(),
                "run".as_ref(),
                dir.as_os_str(),
                "--junit".as_ref(),
                reports.join("junit.xml").as_os_str(),
                "--html".as_ref(),
                reports.join("report.html").as_os_str(),
            ]
            .map(std::ffi::OsStr::to_os_string);
            let Ok(Cli {
                command: Command::Run(run_args),
            }) = Cli::try_parse_from(argv)
            else {
                return Err(Error::Usage(
                    "the demo's run options do not parse".to_owned(),
                ));
            };
            run::run(settings::RunSettings::from_args(&run_args)?)
        }
    }
}
