//! JUnit XML, written with the `junit-report` crate: one `<testsuite>` per
//! feature, one `<testcase>` per scenario (outline rows are distinct cases);
//! `<failure>` for assertions, `<error>` for runtime errors and undefined steps,
//! `<skipped>` for scenarios that never ran. The file is written when the run
//! ends, also when it fails or is interrupted.
//!
//! ```xml
//! <?xml version="1.0" encoding="utf-8"?>
//! <testsuites>
//!   <testsuite id="0" name="Zato API Testing Demo" package="testsuite/Zato API Testing Demo"
//!              tests="2" errors="0" failures="1" hostname="localhost"
//!              timestamp="2026-11-23T19:00:00" time="0.012">
//!     <properties/>
//!     <testcase name="*** REST API Demo ***" time="0.004" classname="Zato API Testing Demo"/>
//!     <testcase name="Wrong greeting" time="0.003" classname="Zato API Testing Demo">
//!       <failure type="assertion" message="Then path &quot;/action/msg&quot; is &quot;Hello&quot;: ...">
//!         <![CDATA[features/demo.feature:27: Then path "/action/msg" is "Hello" ...]]>
//!       </failure>
//!     </testcase>
//!     <system-out><![CDATA[]]></system-out>
//!     <system-err><![CDATA[]]></system-err>
//!   </testsuite>
//! </testsuites>
//! ```

use std::path::PathBuf;
use std::sync::Arc;

use junit_report::{Duration, OffsetDateTime, Report, TestCase, TestCaseBuilder, TestSuite};

use super::{ErrorKind, Event, Outcome, Reporter, Results, ScenarioResult, write_report};
use crate::gherkin::Suite;

/// Collects results and writes the JUnit file at the end of the run.
pub struct JUnit {
    suite: Arc<Suite>,
    path: PathBuf,
    results: Results,
    started: OffsetDateTime,
}

impl JUnit {
    /// A reporter that writes `path` when the run finishes.
    pub fn new(suite: Arc<Suite>, path: PathBuf) -> Self {
        let results = Results::new(&suite);
        Self {
            suite,
            path,
            results,
            started: OffsetDateTime::now_utc(),
        }
    }

    /// The report as XML text.
    pub fn xml(&self) -> Result<String, String> {
        let mut report = Report::new();
        for (f, feature) in self.suite.features.iter().enumerate() {
            let mut testsuite = TestSuite::new(&feature.name);
            testsuite.set_timestamp(self.started);
            // The schema requires both elements, even empty.
            testsuite.set_system_out("");
            testsuite.set_system_err("");
            for (s, scenario) in feature.scenarios.iter().enumerate() {
                let case = match self.results.get(f, s) {
                    Some(result) => testcase(&self.suite, result),
                    None => TestCase::skipped(&scenario.name),
                };
                let mut case = case;
                case.set_classname(&feature.name);
                testsuite.add_testcase(case);
            }
            report.add_testsuite(testsuite);
        }
        let mut buffer = Vec::new();
        report.write_xml(&mut buffer).map_err(|e| e.to_string())?;
        let xml = String::from_utf8_lossy(&buffer).into_owned();
        Ok(add_properties(&strip_timezone(&xml)))
    }

    fn write(&self) {
        match self.xml() {
            Ok(xml) => write_report(&self.path, "JUnit", &xml),
            Err(e) => eprintln!(
                "error: cannot write the JUnit report {}: {e}",
                self.path.display()
            ),
        }
    }
}

/// The JUnit schema's timestamp has no zone (`2026-11-23T19:00:00`), while
/// `junit-report` writes RFC 3339 (`...:00Z` or with fractions): keep the first 19
/// characters of each timestamp.
fn strip_timezone(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(pos) = rest.find("timestamp=\"") {
        let start = pos + "timestamp=\"".len();
        out.push_str(&rest[..start]);
        let value_end = rest[start..].find('"').map_or(rest.len(), |e| start + e);
        let value = &rest[start..value_end];
        out.push_str(value.get(..19).unwrap_or(value));
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out
}

/// The JUnit schema requires a `<properties>` element first in every
/// `<testsuite>`, which `junit-report` does not write: add an empty one.
fn add_properties(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(pos) = rest.find("<testsuite ") {
        let Some(end) = rest[pos..].find('>').map(|e| pos + e + 1) else {
            break;
        };
        out.push_str(&rest[..end]);
        out.push_str("<properties/>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn testcase(suite: &Suite, result: &ScenarioResult) -> TestCase {
    let scenario = &suite.features[result.feature].scenarios[result.scenario];
    let time = Duration::seconds_f64(result.duration.as_secs_f64());
    let Some((index, outcome)) = result.first_problem() else {
        return TestCase::success(&scenario.name, time);
    };
    let step = &scenario.steps[index];
    let headline = format!("{} {}", step.keyword, step.text);
    let detail = |message: &str| format!("{}: {headline}\n{message}", step.location);
    let first_line =
        |message: &str| format!("{headline}: {}", message.lines().next().unwrap_or_default());
    match outcome {
        Outcome::Failed(message) => {
            TestCaseBuilder::failure(&scenario.name, time, "assertion", &first_line(message))
                .set_trace(&detail(message))
                .build()
        }
        Outcome::Error(kind, message) => {
            let kind = match kind {
                ErrorKind::Input => "input",
                ErrorKind::Runtime => "runtime",
            };
            TestCaseBuilder::error(&scenario.name, time, kind, &first_line(message))
                .set_trace(&detail(message))
                .build()
        }
        Outcome::Passed | Outcome::Skipped => TestCase::success(&scenario.name, time),
    }
}

impl Reporter for JUnit {
    fn on_event(&mut self, event: &Event) {
        match event {
            Event::ScenarioFinished(result) => {
                self.results.record(result);
            }
            Event::Finished { .. } => self.write(),
            Event::Started { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_testsuite_gets_a_properties_element() {
        assert_eq!(
            add_properties(
                r#"<testsuites><testsuite id="0" name="a&gt;b"><testcase/></testsuite><testsuite id="1"></testsuite></testsuites>"#
            ),
            r#"<testsuites><testsuite id="0" name="a&gt;b"><properties/><testcase/></testsuite><testsuite id="1"><properties/></testsuite></testsuites>"#
        );
    }

    #[test]
    fn timestamps_lose_their_zone_and_fraction() {
        assert_eq!(
            strip_timezone(r#"<a timestamp="2026-11-23T19:00:00.123Z" b="1"/>"#),
            r#"<a timestamp="2026-11-23T19:00:00" b="1"/>"#
        );
    }
}
