//! The command line, as clap parses it. These types stay inside `cli/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Behaviour-driven API tests in plain English: run Gherkin `.feature` files
/// against HTTP APIs.
#[derive(Debug, Parser)]
#[command(name = "apitest", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run features: a project directory (with features/), a features directory or .feature files.
    Run(Box<RunArgs>),
    /// Parse every feature and match every step without sending anything.
    Check(CheckArgs),
    /// Print the step vocabulary.
    Steps {
        /// Print it as the Markdown of steps/README.md.
        #[arg(long)]
        markdown: bool,
    },
    /// Create a starter project (zato-apitest layout) in a new or empty directory.
    Init {
        /// The directory to create.
        dir: PathBuf,
    },
    /// The showcase: the fake backends, the orchestration harness and its features/ suite, run offline.
    Demo(DemoArgs),
    /// Work with reports.
    Report {
        /// What to do.
        #[command(subcommand)]
        action: ReportAction,
    },
    /// Serve the fake backends on their own and print their URLs (Ctrl-C stops them).
    Mock {
        /// A folder of stub files, a WireMock root (`mappings/`, `__files/`) or a stub
        /// file [default: the [backends] of apitest.toml, else mocks/]
        dir: Option<PathBuf>,
    },
    /// Run the orchestration harness (the same as the `orchestrator` binary).
    Orchestrator(super::orchestrator::OrchestratorArgs),
}

/// `apitest report ...`.
#[derive(Debug, Subcommand)]
pub enum ReportAction {
    /// Join the JUnit reports of CI shards into one.
    Merge {
        /// The merged report to write.
        output: PathBuf,
        /// The shards' JUnit reports.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
}

/// Options of `apitest check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Project directories, features directories or .feature files [default: .]
    pub paths: Vec<PathBuf>,
}

/// Options of `apitest run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Project directories, features directories or .feature files [default: .]
    pub paths: Vec<PathBuf>,
    /// Scenarios to run at once [default: 4 × cores]
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Only scenarios whose tags match, e.g. "@smoke and not @slow" or "@a @b" (either)
    #[arg(short = 't', long, env = "Zato_API_Test_Tags")]
    pub tags: Option<String>,
    /// Only scenarios whose name matches this regular expression
    #[arg(short = 'n', long)]
    pub name: Option<String>,
    /// Stop starting scenarios after the first that does not pass
    #[arg(long, visible_alias = "stop")]
    pub fail_fast: bool,
    /// Run shard I of N (e.g. 2/4) [default: GitLab's CI_NODE_INDEX/CI_NODE_TOTAL or
    /// Buildkite's BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT when set]
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Per-request timeout, e.g. 500ms, 10s, 1m [default: 30s]
    #[arg(long)]
    pub timeout: Option<String>,
    /// Set a config variable (@NAME), overriding config.ini and apitest.toml
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// A variable (@NAME, #NAME or $NAME) whose value no output shows; repeatable
    #[arg(long = "secret", value_name = "NAME")]
    pub secrets: Vec<String>,
    /// Write a JUnit XML report to this file; without a file (behave's
    /// `--junit`), to `<junit-directory>/TESTS-apitest.xml`
    #[arg(long, value_name = "FILE", num_args = 0..=1, default_missing_value = "")]
    pub junit: Option<String>,
    /// Write a self-contained HTML report to this file
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write a Cucumber JSON report to this file
    #[arg(long, value_name = "FILE")]
    pub cucumber_json: Option<PathBuf>,
    /// With a bare `--junit` (behave style), where to write the report [default: reports]
    #[arg(long, value_name = "DIR")]
    pub junit_directory: Option<PathBuf>,
    /// Terminal output style [default: pretty]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// When to use colours (NO_COLOR in the environment also turns them off)
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Show every request and response (method, URL, headers, bodies) under its scenario
    #[arg(short, long)]
    pub verbose: bool,
}

/// Options of `apitest demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo project [default: a new temporary directory]
    pub dir: Option<PathBuf>,
    /// When to use colours
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Every scenario, failures in detail.
    #[value(alias = "plain")]
    Pretty,
    /// A character per scenario.
    Progress,
    /// Failures and the summary only.
    Quiet,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colours when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
