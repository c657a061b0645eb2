//! The command-line interface: parse, dispatch, render errors, exit codes.

mod args;
mod behave;
mod demo;
mod environment;
mod init;
pub mod orchestrator;
mod run;

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
            eprint!("{e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn dispatch(command: Command) -> Result<u8, Error> {
    match command {
        Command::Run(args) => {
            run::set_color(args.color);
            let settings = run::RunSettings::from_args(&args)?;
            run::run(settings)
        }
        Command::Check(args) => run::check(&args.paths),
        Command::Orchestrator(args) => Ok(orchestrator::run_args(args)),
        Command::Mock { dir } => environment::serve_mocks(dir),
        Command::Report {
            action: args::ReportAction::Merge { output, inputs },
        } => {
            let suites = crate::report::merge::merge(&output, &inputs)?;
            println!(
                "Merged {suites} test suites from {} reports into {}.",
                inputs.len(),
                output.display()
            );
            Ok(exit::OK)
        }
        Command::Steps { markdown } => {
            if markdown {
                print!("{}", crate::steps::markdown());
            } else {
                for def in crate::steps::all() {
                    println!("{:<60}  {}", def.pattern, def.summary);
                }
            }
            Ok(exit::OK)
        }
        Command::Init { dir } => {
            init::init(&dir)?;
            println!("OK, initialized {}.", dir.display());
            println!("Run it with: apitest run {}", dir.display());
            Ok(exit::OK)
        }
        Command::Demo(args) => {
            run::set_color(args.color);
            let dir = demo::project_dir(args.dir)?;
            demo::write_project(&dir)?;
            println!(
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
            run::run(run::RunSettings::from_args(&run_args)?)
        }
    }
}
