//! The command-line interface: parse, dispatch, render errors, exit codes.

mod args;
mod environment;
mod init;
pub mod orchestrator;
mod run;

use std::process::ExitCode;

use clap::Parser;

pub use args::Cli;
use args::{ColorArg, Command, FormatArg, RunArgs};

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
            let dir = init::demo_dir(args.dir)?;
            init::init(&dir)?;
            let address = init::start_demo_server()?;
            println!("Demo project: {}", dir.display());
            println!("Demo server:  {address}/demo/rest\n");
            let junit = dir.join("reports").join("junit.xml");
            let run_args = RunArgs {
                paths: vec![dir.clone()],
                jobs: None,
                tags: None,
                name: None,
                fail_fast: false,
                timeout: None,
                vars: vec![format!("demo_address={address}")],
                junit: Some(junit),
                format: FormatArg::Pretty,
                color: ColorArg::Auto,
            };
            run::run(run::RunSettings::from_args(&run_args)?)
        }
    }
}
