//! A self-contained HTML report (`--html FILE`): totals at the top, then each
//! feature with its scenarios; a scenario that did not pass is open and shows
//! every step, the failing one with its message. No scripts, no external files.
//! Control characters in messages are shown as escapes.
//!
//! ```html
//! <h1>apitest report <span class="badge failed">1 failed</span></h1>
//! <p class="totals">2 features · 5 scenarios (4 passed, 1 failed) · 41 steps · 0.120 s</p>
//! <section class="feature"><h2>Tutorial: get user details <small>features/tutorial.feature</small></h2>
//!   <details class="scenario failed" open><summary>✗ Unknown user is a 502 …</summary>
//!     <ol class="steps"><li class="passed">Given address "@services.orchestrator.url"</li> …
//!       <li class="failed">Then status is "404"<pre>expected status 404, got 502 …</pre></li></ol>
//!   </details>
//! </section>
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::{
    Counts, Event, Outcome, Reporter, Results, ScenarioResult, Status, Tally, write_report,
};
use crate::gherkin::Suite;
use crate::secrets::Secrets;

/// Collects results and writes the HTML file when the run finishes.
pub struct Html {
    suite: Arc<Suite>,
    path: PathBuf,
    tally: Tally,
    secrets: Secrets,
    results: Results,
}

impl Html {
    /// A reporter that writes `path`; `tally` must be fed the same events
    /// first; `secrets` are masked.
    pub fn new(suite: Arc<Suite>, path: PathBuf, tally: Tally, secrets: Secrets) -> Self {
        let results = Results::new(&suite);
        Self {
            suite,
            path,
            tally,
            secrets,
            results,
        }
    }

    /// The report as HTML text.
    pub fn render(&self, wall: Duration, interrupted: bool) -> String {
        let totals = self.tally.totals();
        let (badge, label) = match totals.exit_code {
            0 => ("passed", "passed".to_owned()),
            130 => ("error", "interrupted".to_owned()),
            5 => ("error", "nothing selected".to_owned()),
            code => {
                let mut parts = Vec::new();
                if totals.scenarios.errors > 0 {
                    parts.push(format!("{} errors", totals.scenarios.errors));
                }
                if totals.scenarios.failed > 0 {
                    parts.push(format!("{} failed", totals.scenarios.failed));
                }
                (if code == 1 { "failed" } else { "error" }, parts.join(", "))
            }
        };
        let mut out = String::with_capacity(16 * 1024);
        out.push_str(HEAD);
        let _ = write!(
            out,
            "<h1>apitest report <span class=\"badge {badge}\">{}</span></h1>\n<p class=\"totals\">{} · {} · {} · {:.3} s{}</p>\n",
            escape(&label),
            counts(totals.features, "feature", "features"),
            counts(totals.scenarios, "scenario", "scenarios"),
            counts(totals.steps, "step", "steps"),
            wall.as_secs_f64(),
            if interrupted { " · interrupted" } else { "" }
        );
        for (f, feature) in self.suite.features.iter().enumerate() {
            let _ = writeln!(
                out,
                "<section class=\"feature\"><h2>{} <small>{}</small></h2>",
                escape(&feature.name),
                escape(&feature.path.display().to_string())
            );
            for (s, scenario) in feature.scenarios.iter().enumerate() {
                let result = self.results.get(f, s);
                let (class, mark) = match result.map(ScenarioResult::status) {
                    None => ("skipped", "–"),
                    Some(Status::Passed) => ("passed", "✓"),
                    Some(Status::Failed) => ("failed", "✗"),
                    Some(Status::Error(_)) => ("error", "!"),
                    Some(Status::Skipped) => ("skipped", "–"),
                };
                let open = if matches!(class, "failed" | "error") {
                    " open"
                } else {
                    ""
                };
                let time = result.map_or(String::new(), |r| {
                    format!("{:.3} s", r.duration.as_secs_f64())
                });
                let _ = write!(
                    out,
                    "<details class=\"scenario {class}\"{open}><summary><span class=\"mark\">{mark}</span> {} <small>{} · {time}</small></summary>\n<ol class=\"steps\">\n",
                    escape(&scenario.name),
                    escape(&scenario.location.to_string())
                );
                let whole = result.and_then(|r| {
                    r.error
                        .as_ref()
                        .map(|(_, m)| ("error", format!("error: {m}")))
                        .or_else(|| {
                            r.skipped
                                .as_ref()
                                .map(|m| ("skipped", format!("skipped: {m}")))
                        })
                });
                if let Some((class, message)) = whole {
                    let _ = writeln!(out, "<pre class=\"{class}\">{}</pre>", escape(&message));
                }
                for (i, step) in scenario.steps.iter().enumerate() {
                    let outcome = result
                        .and_then(|r| r.steps.get(i))
                        .unwrap_or(&Outcome::Skipped);
                    let (class, message) = match outcome {
                        Outcome::Passed => ("passed", None),
                        Outcome::Failed(m) => ("failed", Some(m)),
                        Outcome::Error(_, m) => ("error", Some(m)),
                        Outcome::Skipped => ("skipped", None),
                    };
                    let _ = write!(
                        out,
                        "<li class=\"{class}\"><b>{}</b> {}",
                        escape(&step.keyword),
                        escape(&step.text)
                    );
                    if let Some(message) = message {
                        let _ = write!(out, "<pre>{}</pre>", escape(message));
                    }
                    out.push_str("</li>\n");
                }
                out.push_str("</ol></details>\n");
            }
            out.push_str("</section>\n");
        }
        out.push_str("</body></html>\n");
        out
    }
}

fn counts(c: Counts, one: &str, many: &str) -> String {
    let total = c.total();
    let mut parts = vec![format!("{} passed", c.passed)];
    if c.failed > 0 {
        parts.push(format!("{} failed", c.failed));
    }
    if c.errors > 0 {
        parts.push(format!("{} errors", c.errors));
    }
    if c.skipped > 0 {
        parts.push(format!("{} skipped", c.skipped));
    }
    format!(
        "{total} {} ({})",
        if total == 1 { one } else { many },
        parts.join(", ")
    )
}

/// Escapes text for HTML element content and attribute values (control
/// characters written as escapes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in crate::text::printable(text).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>apitest report</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem;margin:0 0 .3rem} h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
small{color:#6e6e73;font-weight:normal} .totals{color:#424245;margin:0 0 1rem}
.badge{font-size:.9rem;padding:.15rem .6rem;border-radius:1rem;color:#fff;vertical-align:middle}
.badge.passed{background:#1a7f37} .badge.failed{background:#cf222e} .badge.error{background:#9a6700}
details.scenario{border:1px solid #d0d7de;border-radius:6px;margin:.35rem 0;padding:.35rem .7rem}
details.failed{border-color:#cf222e;background:#fff5f5} details.error{border-color:#9a6700;background:#fff8e5}
summary{cursor:pointer} .mark{display:inline-block;width:1.1rem;font-weight:bold}
details.passed .mark{color:#1a7f37} details.failed .mark{color:#cf222e} details.error .mark{color:#9a6700}
ol.steps{margin:.4rem 0 .2rem 1.2rem;padding:0;font:13px/1.5 ui-monospace,monospace}
li.failed{color:#cf222e} li.error{color:#9a6700} li.skipped{color:#8c959f}
pre{white-space:pre-wrap;background:#f6f8fa;border-radius:4px;padding:.5rem;margin:.3rem 0;color:#1d1d1f}
</style></head><body>
"#;

impl Reporter for Html {
    fn on_event(&mut self, event: &Event) {
        match event {
            Event::ScenarioFinished(result) => {
                self.results.record(result);
            }
            Event::Finished {
                wall, interrupted, ..
            } => {
                let html = self.render(*wall, *interrupted);
                write_report(&self.path, "HTML", &html, &self.secrets);
            }
            Event::Started { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("\u{1b}[1m"), "\\u{1b}[1m");
    }
}
