//! JUnit XML, written with `quick-xml`'s writer (which escapes attributes and
//! splits `]]>` in CDATA): one `<testsuite>` per feature (its file in
//! `package`), one `<testcase>` per scenario (outline rows are distinct cases);
//! `<failure>` for assertions, `<error>` for runtime and input errors (an
//! undefined step, a file that cannot be parsed), `<skipped>` for scenarios that
//! did not run. Text from servers has its control characters escaped (XML 1.0
//! forbids most of them). The file validates against the JUnit XSD and is
//! written when the run ends, also when it fails or is interrupted.
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites>
//!   <testsuite id="0" name="Zato API Testing Demo" package="features/demo.feature" tests="2"
//!              failures="1" errors="0" skipped="0" hostname="localhost"
//!              timestamp="2026-11-23T19:00:00" time="0.012">
//!     <properties/>
//!     <testcase name="*** REST API Demo ***" classname="Zato API Testing Demo" time="0.004"/>
//!     <testcase name="Wrong greeting" classname="Zato API Testing Demo" time="0.003">
//!       <failure type="assertion" message="Then path &quot;/action/msg&quot; is &quot;Hello&quot;: ..."><![CDATA[features/demo.feature:27:5: Then path "/action/msg" is "Hello"
//! path "/action/msg": expected string "Hello", got string "How do you do?"]]></failure>
//!     </testcase>
//!     <system-out/>
//!     <system-err/>
//!   </testsuite>
//! </testsuites>
//! ```

use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, Event as Xml};

use super::{ErrorKind, Event, Outcome, Reporter, Results, ScenarioResult, Status, write_report};
use crate::gherkin::{Feature, Suite};
use crate::secrets::Secrets;
use crate::text::printable;

/// Collects results and writes the JUnit file at the end of the run.
pub struct JUnit {
    suite: Arc<Suite>,
    path: PathBuf,
    secrets: Secrets,
    results: Results,
    timestamp: String,
}

/// What a test case says about its scenario.
enum Verdict {
    Passed,
    /// `<failure>` or `<error>`: the element, its type, message and text.
    Problem(&'static str, &'static str, String, String),
    /// `<skipped message="...">`.
    Skipped(String),
}

impl JUnit {
    /// A reporter that writes `path` when the run finishes; `secrets` are masked.
    pub fn new(suite: Arc<Suite>, path: PathBuf, secrets: Secrets) -> Self {
        let results = Results::new(&suite);
        Self {
            suite,
            path,
            secrets,
            results,
            // The schema's timestamp has no zone.
            timestamp: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }

    /// The report as XML text; `not_run` says why a scenario without a result
    /// did not run.
    pub fn xml(&self, not_run: &str) -> io::Result<String> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Xml::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.write_event(Xml::Start(BytesStart::new("testsuites")))?;
        for (f, feature) in self.suite.features.iter().enumerate() {
            let verdicts: Vec<Verdict> = (0..feature.scenarios.len())
                .map(|s| match self.results.get(f, s) {
                    Some(result) => verdict(feature, result),
                    None => Verdict::Skipped(not_run.to_owned()),
                })
                .collect();
            self.write_suite(&mut w, f, feature, &verdicts)?;
        }
        w.write_event(Xml::End(BytesEnd::new("testsuites")))?;
        let mut xml = String::from_utf8(w.into_inner())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        xml.push('\n');
        Ok(xml)
    }

    fn write_suite(
        &self,
        w: &mut Writer<Vec<u8>>,
        f: usize,
        feature: &Feature,
        verdicts: &[Verdict],
    ) -> io::Result<()> {
        let count = |want: fn(&Verdict) -> bool| verdicts.iter().filter(|v| want(v)).count();
        let time: f64 = (0..feature.scenarios.len())
            .filter_map(|s| self.results.get(f, s))
            .map(|r| r.duration.as_secs_f64())
            .sum();
        let mut start = BytesStart::new("testsuite");
        let attributes = [
            ("id", f.to_string()),
            ("name", printable(&feature.name).into_owned()),
            (
                "package",
                printable(&feature.path.display().to_string()).into_owned(),
            ),
            ("tests", verdicts.len().to_string()),
            (
                "failures",
                count(|v| matches!(v, Verdict::Problem("failure", ..))).to_string(),
            ),
            (
                "errors",
                count(|v| matches!(v, Verdict::Problem("error", ..))).to_string(),
            ),
            (
                "skipped",
                count(|v| matches!(v, Verdict::Skipped(_))).to_string(),
            ),
            ("hostname", "localhost".to_owned()),
            ("timestamp", self.timestamp.clone()),
            ("time", format!("{time:.3}")),
        ];
        for (key, value) in &attributes {
            start.push_attribute((*key, value.as_str()));
        }
        w.write_event(Xml::Start(start))?;
        w.write_event(Xml::Empty(BytesStart::new("properties")))?;
        for ((s, scenario), verdict) in feature.scenarios.iter().enumerate().zip(verdicts) {
            let time = self
                .results
                .get(f, s)
                .map_or(0.0, |r| r.duration.as_secs_f64());
            let mut case = BytesStart::new("testcase");
            case.push_attribute(("name", printable(&scenario.name).as_ref()));
            case.push_attribute(("classname", printable(&feature.name).as_ref()));
            case.push_attribute(("time", format!("{time:.3}").as_str()));
            match verdict {
                Verdict::Passed => w.write_event(Xml::Empty(case))?,
                Verdict::Skipped(message) => {
                    w.write_event(Xml::Start(case))?;
                    let mut skipped = BytesStart::new("skipped");
                    skipped.push_attribute(("message", printable(message).as_ref()));
                    w.write_event(Xml::Empty(skipped))?;
                    w.write_event(Xml::End(BytesEnd::new("testcase")))?;
                }
                Verdict::Problem(element, kind, message, text) => {
                    w.write_event(Xml::Start(case))?;
                    let mut problem = BytesStart::new(*element);
                    problem.push_attribute(("type", *kind));
                    problem.push_attribute(("message", printable(message).as_ref()));
                    w.write_event(Xml::Start(problem))?;
                    for part in BytesCData::escaped(&printable(text)) {
                        w.write_event(Xml::CData(part))?;
                    }
                    w.write_event(Xml::End(BytesEnd::new(*element)))?;
                    w.write_event(Xml::End(BytesEnd::new("testcase")))?;
                }
            }
        }
        // The schema requires both, even empty.
        w.write_event(Xml::Empty(BytesStart::new("system-out")))?;
        w.write_event(Xml::Empty(BytesStart::new("system-err")))?;
        w.write_event(Xml::End(BytesEnd::new("testsuite")))?;
        Ok(())
    }

    fn write(&self, not_run: &str) {
        match self.xml(not_run) {
            Ok(xml) => write_report(&self.path, "JUnit", &xml, &self.secrets),
            Err(e) => eprintln!(
                "error: cannot write the JUnit report {}: {e}",
                self.path.display()
            ),
        }
    }
}

fn verdict(feature: &Feature, result: &ScenarioResult) -> Verdict {
    let scenario = &feature.scenarios[result.scenario];
    let kind_name = |kind: &ErrorKind| match kind {
        ErrorKind::Input => "input",
        ErrorKind::Runtime => "runtime",
    };
    if let Some((kind, message)) = &result.error {
        return Verdict::Problem(
            "error",
            kind_name(kind),
            first_line(message).to_owned(),
            format!("{}: {message}", scenario.location),
        );
    }
    if let (Status::Skipped, Some(reason)) = (result.status(), &result.skipped) {
        return Verdict::Skipped(format!("skipped: {reason}"));
    }
    let Some((index, outcome)) = result.first_problem() else {
        return Verdict::Passed;
    };
    let step = &scenario.steps[index];
    let headline = format!("{} {}", step.keyword, step.text);
    let text = |message: &str| format!("{}: {headline}\n{message}", step.location);
    let message = |message: &str| format!("{headline}: {}", first_line(message));
    match outcome {
        Outcome::Failed(m) => Verdict::Problem("failure", "assertion", message(m), text(m)),
        Outcome::Error(kind, m) => Verdict::Problem("error", kind_name(kind), message(m), text(m)),
        Outcome::Passed | Outcome::Skipped => Verdict::Passed,
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or_default()
}

impl Reporter for JUnit {
    fn on_event(&mut self, event: &Event) {
        match event {
            Event::ScenarioFinished(result) => {
                self.results.record(result);
            }
            Event::Finished {
                interrupted,
                stopped,
                ..
            } => self.write(super::not_run_reason(*interrupted, *stopped)),
            Event::Started { .. } => {}
        }
    }
}
