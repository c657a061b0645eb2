//! Terminal output: scenarios in suite order (whatever order they finish in),
//! the failing step with its message, and a summary. Text from servers has its
//! control characters escaped ([`printable`]): no escape sequence a server
//! sends reaches the terminal.
//!
//! ```text
//! Feature: Zato API Testing Demo
//!   ✓ *** REST API Demo ***
//!   ✗ Wrong greeting  # features/demo.feature:24
//!       ✗ Then path "/action/msg" is "Hello"  # features/demo.feature:27
//!         path "/action/msg": expected string "Hello", got string "How do you do?"
//!
//! Failing scenarios:
//!   features/demo.feature:24  Wrong greeting
//!
//! 1 feature (1 failed)
//! 2 scenarios (1 passed, 1 failed)
//! 21 steps (20 passed, 1 failed)
//! Took 0.012s
//! ```

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

use colored::Colorize;

use super::{Counts, Event, Outcome, Reporter, ScenarioResult, Status, Tally};
use crate::gherkin::Suite;
use crate::text::printable;

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Every scenario on its own line, failures in detail.
    Pretty,
    /// One character per scenario, failures in detail at the end.
    Progress,
    /// Only failures and the summary.
    Quiet,
}

/// The terminal reporter.
pub struct Terminal {
    suite: Arc<Suite>,
    style: Style,
    tally: Tally,
    out: Box<dyn Write + Send>,
    pending: BTreeMap<usize, ScenarioResult>,
    next_seq: usize,
    last_feature: Option<usize>,
    failing: Vec<ScenarioResult>,
}

impl Terminal {
    /// A reporter writing to `out` (give it a buffered writer: it flushes
    /// whenever the runner has no more results waiting, and at the end);
    /// `tally` must be fed the same events first.
    pub fn new(suite: Arc<Suite>, style: Style, tally: Tally, out: Box<dyn Write + Send>) -> Self {
        Self {
            suite,
            style,
            tally,
            out,
            pending: BTreeMap::new(),
            next_seq: 0,
            last_feature: None,
            failing: Vec::new(),
        }
    }

    fn print_in_order(&mut self, result: ScenarioResult) {
        self.pending.insert(result.seq, result);
        while let Some(result) = self.pending.remove(&self.next_seq) {
            self.next_seq += 1;
            self.print_scenario(&result);
        }
    }

    fn print_scenario(&mut self, result: &ScenarioResult) {
        let feature = &self.suite.features[result.feature];
        if self.last_feature != Some(result.feature) {
            self.last_feature = Some(result.feature);
            let _ = writeln!(
                self.out,
                "{} {}",
                "Feature:".bold(),
                printable(&feature.name)
            );
        }
        let scenario = &feature.scenarios[result.scenario];
        if result.status() == Status::Passed {
            let _ = writeln!(self.out, "  {} {}", "✓".green(), printable(&scenario.name));
            self.print_notes(result);
        } else {
            self.print_problem(result);
        }
    }

    fn print_problem(&mut self, result: &ScenarioResult) {
        let scenario = &self.suite.features[result.feature].scenarios[result.scenario];
        let mark = if result.status() == Status::Skipped {
            "-".yellow().bold()
        } else {
            "✗".red().bold()
        };
        let _ = writeln!(
            self.out,
            "  {mark} {}  {}",
            printable(&scenario.name).bold(),
            format!("# {}", scenario.location).dimmed()
        );
        print_notes(&mut self.out, result);
        if let Some((_, message)) = &result.error {
            self.print_message(&format!("! error: {message}"), 6);
            return;
        }
        if let Some(reason) = &result.skipped {
            let line = format!("skipped: {}", printable(reason));
            let _ = writeln!(self.out, "      {}", line.yellow());
            return;
        }
        let Some((index, outcome)) = result.first_problem() else {
            return;
        };
        let step = &scenario.steps[index];
        let (mark, message) = match outcome {
            Outcome::Failed(m) => ("✗".red().bold(), m.clone()),
            Outcome::Error(_, m) => ("!".yellow().bold(), format!("error: {m}")),
            Outcome::Passed | Outcome::Skipped => return,
        };
        let _ = writeln!(
            self.out,
            "      {mark} {} {}  {}",
            step.keyword,
            printable(&step.text),
            format!("# {}", step.location).dimmed()
        );
        self.print_message(&message, 8);
        let skipped = result
            .steps
            .iter()
            .filter(|o| **o == Outcome::Skipped)
            .count();
        if skipped > 0 {
            let noun = if skipped == 1 { "step" } else { "steps" };
            let _ = writeln!(
                self.out,
                "        {}",
                format!("({skipped} more {noun} skipped)").dimmed()
            );
        }
    }

    /// Lines recorded by steps (`context is logged`, `-v`), under the scenario.
    fn print_notes(&mut self, result: &ScenarioResult) {
        print_notes(&mut self.out, result);
    }

    /// A message, each line indented, control characters escaped.
    fn print_message(&mut self, message: &str, indent: usize) {
        let pad = " ".repeat(indent);
        for line in printable(message.trim_end()).lines() {
            let _ = writeln!(self.out, "{pad}{}", line.red());
        }
    }

    fn print_summary(&mut self, wall: std::time::Duration, interrupted: bool, stopped: bool) {
        // Print whatever is still buffered (an interrupted run leaves gaps).
        let rest: Vec<ScenarioResult> = std::mem::take(&mut self.pending).into_values().collect();
        for result in rest {
            if self.style == Style::Pretty {
                self.print_scenario(&result);
            }
        }
        if self.style == Style::Progress {
            let _ = writeln!(self.out);
        }
        if self.style != Style::Pretty {
            let failing = std::mem::take(&mut self.failing);
            for result in &failing {
                self.print_problem(result);
            }
            self.failing = failing;
        }
        let mut failing = std::mem::take(&mut self.failing);
        failing.retain(|r| r.status() != Status::Skipped);
        failing.sort_by_key(|r| r.seq);
        if !failing.is_empty() {
            let _ = writeln!(self.out, "\n{}", "Failing scenarios:".red().bold());
            for result in &failing {
                let scenario = &self.suite.features[result.feature].scenarios[result.scenario];
                let _ = writeln!(
                    self.out,
                    "  {}  {}",
                    scenario.location,
                    printable(&scenario.name)
                );
            }
        }
        let totals = self.tally.totals();
        let _ = writeln!(self.out);
        let _ = writeln!(
            self.out,
            "{}",
            counts_line(totals.features, "feature", "features")
        );
        let _ = writeln!(
            self.out,
            "{}",
            counts_line(totals.scenarios, "scenario", "scenarios")
        );
        let _ = writeln!(self.out, "{}", counts_line(totals.steps, "step", "steps"));
        if interrupted {
            let _ = writeln!(
                self.out,
                "{}",
                format!("Interrupted: {} not run", plural(totals.not_run))
                    .yellow()
                    .bold()
            );
        } else if stopped {
            let _ = writeln!(self.out, "{} not run (--fail-fast)", plural(totals.not_run));
        } else if totals.not_run > 0 {
            let _ = writeln!(self.out, "{} not run", plural(totals.not_run));
        }
        let _ = writeln!(self.out, "Took {:.3}s", wall.as_secs_f64());
        let _ = self.out.flush();
    }
}

/// `1 scenario`, `2 scenarios`.
fn plural(n: usize) -> String {
    format!("{n} {}", if n == 1 { "scenario" } else { "scenarios" })
}

fn print_notes(out: &mut Box<dyn Write + Send>, result: &ScenarioResult) {
    for (_, note) in &result.notes {
        for line in printable(note.trim_end()).lines() {
            let _ = writeln!(out, "      {}", line.dimmed());
        }
    }
}

/// `3 scenarios (2 passed, 1 failed)`, leaving out zero counts.
fn counts_line(c: Counts, one: &str, many: &str) -> String {
    let total = c.total();
    let noun = if total == 1 { one } else { many };
    let mut parts = Vec::new();
    if c.passed > 0 {
        parts.push(format!("{} passed", c.passed).green().to_string());
    }
    if c.failed > 0 {
        parts.push(format!("{} failed", c.failed).red().to_string());
    }
    if c.errors > 0 {
        let noun = if c.errors == 1 { "error" } else { "errors" };
        parts.push(format!("{} {noun}", c.errors).yellow().to_string());
    }
    if c.skipped > 0 {
        parts.push(format!("{} skipped", c.skipped).dimmed().to_string());
    }
    if parts.is_empty() {
        format!("{total} {noun}")
    } else {
        format!("{total} {noun} ({})", parts.join(", "))
    }
}

impl Reporter for Terminal {
    fn on_event(&mut self, event: &Event) {
        match event {
            Event::Started { .. } => {}
            Event::ScenarioFinished(result) => {
                if result.status() != Status::Passed {
                    self.failing.push(result.clone());
                }
                match self.style {
                    Style::Pretty => self.print_in_order(result.clone()),
                    Style::Progress => {
                        let mark = match result.status() {
                            Status::Passed => ".".green(),
                            Status::Failed => "F".red().bold(),
                            Status::Error(_) => "E".yellow().bold(),
                            Status::Skipped => "-".yellow(),
                        };
                        let _ = write!(self.out, "{mark}");
                    }
                    Style::Quiet => {}
                }
            }
            Event::Finished {
                wall,
                interrupted,
                stopped,
                ..
            } => self.print_summary(*wall, *interrupted, *stopped),
        }
    }

    fn idle(&mut self) {
        let _ = self.out.flush();
    }
}
