//! `apitest report merge OUT IN...`: joins the JUnit reports of CI shards into
//! one. The suites of one feature (the same `package` and `name`: a feature
//! whose scenarios were dealt to several shards) become one suite, its counts
//! and time summed; every other suite is copied in order, numbered again:
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites>
//!   <testsuite id="0" name="Orders" package="features/orders.feature" tests="4" ...>
//!     <properties/>
//!     <testcase name="Scenario 1 (from shard 1)" .../>
//!     <testcase name="Scenario 2 (from shard 2)" .../>
//!     ...
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! An input may hold `<testsuites>` or a single `<testsuite>` root. An input
//! that is not a JUnit report, or not well-formed XML, is rejected naming the
//! file (exit 3) and nothing is written.

use std::path::Path;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

use crate::diag::{Diagnostic, Location};
use crate::error::Error;

/// Merges the JUnit files `inputs` into `output`; returns how many test suites
/// it holds.
pub fn merge(output: &Path, inputs: &[impl AsRef<Path>]) -> Result<usize, Error> {
    let mut suites: Vec<Suite> = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        let text = std::fs::read_to_string(input)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", input.display())))?;
        for suite in Input::new(input, &text).suites()? {
            match suites.iter_mut().find(|s| s.key() == suite.key()) {
                Some(same) => same.absorb(suite),
                None => suites.push(suite),
            }
        }
    }
    let io = |e: std::io::Error| Error::Runtime(format!("cannot write {}: {e}", output.display()));
    let xml = write_suites(&suites).map_err(io)?;
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(output, xml).map_err(io)?;
    Ok(suites.len())
}

/// One `<testsuite>`: its attributes (unescaped) and the events inside its
/// children, copied as they are.
struct Suite {
    attributes: Vec<(String, String)>,
    properties: Vec<Event<'static>>,
    testcases: Vec<Vec<Event<'static>>>,
    system_out: Vec<Event<'static>>,
    system_err: Vec<Event<'static>>,
}

impl Suite {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn key(&self) -> (Option<&str>, Option<&str>) {
        (self.attribute("package"), self.attribute("name"))
    }

    /// Takes in the test cases and output of the same feature's suite from
    /// another shard.
    fn absorb(&mut self, other: Suite) {
        let time = |s: &Suite| {
            s.attribute("time")
                .and_then(|t| t.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let total = time(self) + time(&other);
        let earliest = match (self.attribute("timestamp"), other.attribute("timestamp")) {
            (Some(a), Some(b)) => Some(a.min(b).to_owned()),
            (a, b) => a.or(b).map(str::to_owned),
        };
        self.set("time", format!("{total:.3}"));
        if let Some(timestamp) = earliest {
            self.set("timestamp", timestamp);
        }
        for property in other.properties {
            if !self.properties.contains(&property) {
                self.properties.push(property);
            }
        }
        self.testcases.extend(other.testcases);
        self.system_out.extend(other.system_out);
        self.system_err.extend(other.system_err);
    }

    fn set(&mut self, key: &str, value: String) {
        match self.attributes.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.attributes.push((key.to_owned(), value)),
        }
    }

    /// How many of its test cases hold a `<child>` element.
    fn cases_with(&self, child: &[u8]) -> usize {
        self.testcases
            .iter()
            .filter(|events| {
                events.iter().skip(1).any(|e| {
                    matches!(e, Event::Start(s) | Event::Empty(s) if s.name().as_ref() == child)
                })
            })
            .count()
    }
}

/// An input being read: its events (owned), errors that name it.
struct Input<'t> {
    path: &'t Path,
    text: &'t str,
    reader: Reader<&'t [u8]>,
}

impl<'t> Input<'t> {
    fn new(path: &'t Path, text: &'t str) -> Self {
        Self {
            path,
            text,
            reader: Reader::from_str(text),
        }
    }

    /// The next event, or where the XML is broken.
    fn next(&mut self) -> Result<Event<'static>, Error> {
        self.reader
            .read_event()
            .map(Event::into_owned)
            .map_err(|e| {
                let (line, col) = crate::config::line_col(
                    self.text,
                    usize::try_from(self.reader.error_position()).unwrap_or(0),
                );
                Error::from(
                    Diagnostic::new(format!("{} is not well-formed XML", self.path.display()))
                        .at(Location::new(self.path, line, col), self.text)
                        .note(e),
                )
            })
    }

    /// The error for an input that is XML but not a JUnit report.
    fn not_junit(&self, why: &str) -> Error {
        Error::from(
            Diagnostic::new(format!("{} is not a JUnit report", self.path.display()))
                .at_location(Location::new(self.path, 1, 1))
                .note(why)
                .expected(
                    "a <testsuites> or <testsuite> root element, as `apitest run --junit` writes",
                ),
        )
    }

    /// Every `<testsuite>` of the input.
    fn suites(mut self) -> Result<Vec<Suite>, Error> {
        let mut suites = Vec::new();
        let mut root: Option<&str> = None;
        let mut closed = false;
        loop {
            let event = self.next()?;
            match event {
                Event::Eof => break,
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                _ if closed => return Err(self.not_junit("there is more after its root element")),
                Event::Start(s) if root.is_none() && s.name().as_ref() == b"testsuites" => {
                    root = Some("testsuites");
                }
                Event::Empty(s) if root.is_none() && s.name().as_ref() == b"testsuites" => {
                    root = Some("testsuites");
                    closed = true;
                }
                Event::End(e)
                    if root == Some("testsuites") && e.name().as_ref() == b"testsuites" =>
                {
                    closed = true;
                }
                Event::Start(s) if s.name().as_ref() == b"testsuite" => {
                    closed = root.is_none();
                    root.get_or_insert("testsuite");
                    let mut suite = self.suite_from(&s)?;
                    self.read_suite(&mut suite)?;
                    suites.push(suite);
                }
                Event::Empty(s) if s.name().as_ref() == b"testsuite" => {
                    closed = root.is_none();
                    root.get_or_insert("testsuite");
                    suites.push(self.suite_from(&s)?);
                }
                Event::Start(s) | Event::Empty(s) => {
                    let name = String::from_utf8_lossy(s.name().as_ref()).into_owned();
                    return Err(self.not_junit(&match root {
                        None => format!("its root element is <{name}>"),
                        Some(_) => format!("<testsuites> holds a <{name}> element"),
                    }));
                }
                _ => return Err(self.not_junit("it holds text outside of any test suite")),
            }
        }
        match (root, closed) {
            (None, _) => Err(self.not_junit("it has no root element")),
            (Some(name), false) => {
                Err(self.not_junit(&format!("it ends before its <{name}> element is closed")))
            }
            (Some(_), true) => Ok(suites),
        }
    }

    /// A suite with its attributes (unescaped) and no children yet.
    fn suite_from(&self, start: &BytesStart<'_>) -> Result<Suite, Error> {
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute
                .map_err(|e| self.not_junit(&format!("a <testsuite> attribute is broken: {e}")))?;
            let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| {
                    self.not_junit(&format!("the <testsuite> attribute `{key}` is broken: {e}"))
                })?
                .into_owned();
            attributes.push((key, value));
        }
        Ok(Suite {
            attributes,
            properties: Vec::new(),
            testcases: Vec::new(),
            system_out: Vec::new(),
            system_err: Vec::new(),
        })
    }

    /// Reads a `<testsuite>` element's children, up to its end.
    fn read_suite(&mut self, suite: &mut Suite) -> Result<(), Error> {
        loop {
            let event = self.next()?;
            let (child, empty) = match &event {
                Event::End(_) => return Ok(()),
                Event::Eof => return Err(self.not_junit("it ends inside a <testsuite>")),
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => continue,
                Event::Comment(_) => continue,
                Event::Start(s) => (s.name().as_ref().to_vec(), false),
                Event::Empty(s) => (s.name().as_ref().to_vec(), true),
                _ => return Err(self.not_junit("a <testsuite> holds text outside its elements")),
            };
            let inner = if empty {
                Vec::new()
            } else {
                self.read_element()?
            };
            match child.as_slice() {
                b"properties" => suite.properties.extend(inner),
                b"system-out" => suite.system_out.extend(inner),
                b"system-err" => suite.system_err.extend(inner),
                b"testcase" => {
                    let mut events = vec![event];
                    if !empty {
                        events.extend(inner);
                        events.push(Event::End(BytesEnd::new("testcase")));
                    }
                    suite.testcases.push(events);
                }
                other => {
                    return Err(self.not_junit(&format!(
                        "a <testsuite> holds a <{}> element",
                        String::from_utf8_lossy(other)
                    )));
                }
            }
        }
    }

    /// The events inside an element whose start was just read, up to (not
    /// including) its end; white space between elements is dropped.
    fn read_element(&mut self) -> Result<Vec<Event<'static>>, Error> {
        let mut events = Vec::new();
        let mut depth = 0usize;
        loop {
            let event = self.next()?;
            match &event {
                Event::Eof => return Err(self.not_junit("it ends inside an element")),
                Event::End(_) if depth == 0 => return Ok(events),
                Event::End(_) => depth -= 1,
                Event::Start(_) => depth += 1,
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => continue,
                _ => {}
            }
            events.push(event);
        }
    }
}

/// The merged document.
fn write_suites(suites: &[Suite]) -> std::io::Result<Vec<u8>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("testsuites")))?;
    for (id, suite) in suites.iter().enumerate() {
        let counts = [
            ("id", id.to_string()),
            ("tests", suite.testcases.len().to_string()),
            ("failures", suite.cases_with(b"failure").to_string()),
            ("errors", suite.cases_with(b"error").to_string()),
            ("skipped", suite.cases_with(b"skipped").to_string()),
        ];
        let mut start = BytesStart::new("testsuite");
        let count = |key: &str| counts.iter().find(|(k, _)| *k == key).map(|(_, v)| v);
        for (key, value) in &suite.attributes {
            start.push_attribute((key.as_str(), count(key).unwrap_or(value).as_str()));
        }
        for (key, value) in &counts {
            if suite.attribute(key).is_none() {
                start.push_attribute((*key, value.as_str()));
            }
        }
        w.write_event(Event::Start(start))?;
        write_element(&mut w, "properties", &suite.properties)?;
        for case in &suite.testcases {
            for event in case {
                w.write_event(event.borrow())?;
            }
        }
        write_element(&mut w, "system-out", &suite.system_out)?;
        write_element(&mut w, "system-err", &suite.system_err)?;
        w.write_event(Event::End(BytesEnd::new("testsuite")))?;
    }
    w.write_event(Event::End(BytesEnd::new("testsuites")))?;
    let mut xml = w.into_inner();
    xml.push(b'\n');
    Ok(xml)
}

fn write_element(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    inner: &[Event<'static>],
) -> std::io::Result<()> {
    if inner.is_empty() {
        w.write_event(Event::Empty(BytesStart::new(name)))?;
        return Ok(());
    }
    w.write_event(Event::Start(BytesStart::new(name)))?;
    for event in inner {
        w.write_event(event.borrow())?;
    }
    w.write_event(Event::End(BytesEnd::new(name)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merged(inputs: &[&str]) -> Result<String, String> {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<_> = inputs
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("in{i}.xml"));
                std::fs::write(&path, text).unwrap();
                path
            })
            .collect();
        let out = dir.path().join("out/merged.xml");
        merge(&out, &paths)
            .map(|_| std::fs::read_to_string(&out).unwrap())
            .map_err(|e| {
                e.to_string()
                    .replace(&dir.path().display().to_string(), "DIR")
            })
    }

    #[test]
    fn suites_of_every_input_are_joined_and_numbered_again() {
        let xml = merged(&[
            r#"<?xml version="1.0"?><testsuites><testsuite id="0" name="A" package="a.feature"><properties/><testcase name="x &amp; y" classname="A"/></testsuite></testsuites>"#,
            r#"<testsuite id="0" name="B" package="b.feature"><testcase name="z" classname="B"><failure type="assertion" message="m"><![CDATA[detail ]]]]><![CDATA[>]]></failure></testcase></testsuite>"#,
        ])
        .unwrap();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite id=\"0\" name=\"A\" package=\"a.feature\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"0\">\n    <properties/>\n    <testcase name=\"x &amp; y\" classname=\"A\"/>\n    <system-out/>\n    <system-err/>\n  </testsuite>\n  <testsuite id=\"1\" name=\"B\" package=\"b.feature\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\">\n    <properties/>\n    <testcase name=\"z\" classname=\"B\">\n      <failure type=\"assertion\" message=\"m\"><![CDATA[detail ]]]]><![CDATA[>]]></failure>\n    </testcase>\n    <system-out/>\n    <system-err/>\n  </testsuite>\n</testsuites>\n"
        );
    }

    #[test]
    fn suites_of_one_feature_from_several_shards_become_one() {
        let shard = |case: &str, time: &str, stamp: &str| {
            format!(
                r#"<testsuites><testsuite id="0" name="F" package="f.feature" tests="1" failures="0" errors="0" hostname="h" timestamp="{stamp}" time="{time}"><properties/>{case}<system-out/><system-err/></testsuite></testsuites>"#
            )
        };
        let xml = merged(&[
            &shard(r#"<testcase name="1" classname="F" time="0.5"/>"#, "0.5", "2026-01-01T10:00:01"),
            &shard(
                r#"<testcase name="2" classname="F" time="0.25"><error type="runtime" message="e"/></testcase>"#,
                "0.25",
                "2026-01-01T10:00:00",
            ),
        ])
        .unwrap();
        assert_eq!(xml.matches("<testsuite ").count(), 1, "{xml}");
        assert!(
            xml.contains(r#"<testsuite id="0" name="F" package="f.feature" tests="2" failures="0" errors="1" hostname="h" timestamp="2026-01-01T10:00:00" time="0.750" skipped="0">"#),
            "{xml}"
        );
    }

    #[test]
    fn input_that_is_not_junit_is_rejected_naming_the_file() {
        let cases = [
            ("<html><body>hi</body></html>", "its root element is <html>"),
            ("", "it has no root element"),
            (
                "<testsuites><testsuite name=\"a\">",
                "it ends inside a <testsuite>",
            ),
            (
                "<testsuites></testsuites><testsuites/>",
                "there is more after its root element",
            ),
            (
                "<testsuites><other/></testsuites>",
                "<testsuites> holds a <other> element",
            ),
        ];
        for (text, why) in cases {
            let err = merged(&[text]).unwrap_err();
            assert!(
                err.starts_with("error: DIR/in0.xml is not a JUnit report\n") && err.contains(why),
                "{text}: {err}"
            );
        }
    }

    #[test]
    fn a_broken_input_is_located() {
        let err = merged(&["<testsuites>\n<testsuite id=\"0\">\n</testsuites>\n"]).unwrap_err();
        assert!(
            err.starts_with("error: DIR/in0.xml is not well-formed XML\n"),
            "{err}"
        );
        assert!(err.contains("in0.xml:3:"), "{err}");
    }
}
