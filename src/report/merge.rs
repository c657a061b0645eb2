//! `apitest report merge OUT IN...`: joins the JUnit reports of CI shards into
//! one, every `<testsuite>` of every input in order, numbered again:
//!
//! ```xml
//! <?xml version="1.0" encoding="utf-8"?>
//! <testsuites>
//!   <testsuite id="0" name="Shard 1's first feature" ...>...</testsuite>
//!   <testsuite id="1" name="Shard 2's first feature" ...>...</testsuite>
//! </testsuites>
//! ```
//!
//! An input may hold `<testsuites>` or a single `<testsuite>` root.

use std::path::Path;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};

use crate::diag::{Diagnostic, Location};
use crate::error::Error;

/// Merges the JUnit files `inputs` into `output`; returns how many test suites
/// it holds.
pub fn merge(output: &Path, inputs: &[impl AsRef<Path>]) -> Result<usize, Error> {
    let mut writer = Writer::new(Vec::new());
    let io = |e: std::io::Error| Error::Runtime(format!("cannot write {}: {e}", output.display()));
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))
        .map_err(io)?;
    writer
        .write_event(Event::Start(BytesStart::new("testsuites")))
        .map_err(io)?;
    let mut suites = 0;
    for input in inputs {
        let input = input.as_ref();
        let text = std::fs::read_to_string(input)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", input.display())))?;
        copy_suites(input, &text, &mut writer, &mut suites)?;
    }
    writer
        .write_event(Event::End(BytesEnd::new("testsuites")))
        .map_err(io)?;
    let mut xml = writer.into_inner();
    xml.push(b'\n');
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(output, xml).map_err(io)?;
    Ok(suites)
}

/// Copies every `<testsuite>` element of one input, giving each the next id.
fn copy_suites(
    path: &Path,
    text: &str,
    writer: &mut Writer<Vec<u8>>,
    suites: &mut usize,
) -> Result<(), Error> {
    let mut reader = Reader::from_str(text);
    let mut depth = 0usize; // > 0 while inside a <testsuite>
    loop {
        let event = reader.read_event().map_err(|e| {
            let (line, col) = crate::config::line_col(
                text,
                usize::try_from(reader.error_position()).unwrap_or(0),
            );
            Error::from(
                Diagnostic::new("not a well-formed JUnit report")
                    .at(Location::new(path, line, col), text)
                    .note(e),
            )
        })?;
        let write = |writer: &mut Writer<Vec<u8>>, event: Event<'_>| {
            writer
                .write_event(event)
                .map_err(|e| Error::Runtime(format!("cannot merge {}: {e}", path.display())))
        };
        match event {
            Event::Eof => break,
            Event::Start(start) | Event::Empty(start)
                if depth == 0 && start.name().as_ref() == b"testsuites" => {}
            Event::End(end) if depth == 0 && end.name().as_ref() == b"testsuites" => {}
            Event::Start(start) if depth == 0 && start.name().as_ref() == b"testsuite" => {
                write(writer, Event::Start(renumbered(&start, *suites)))?;
                *suites += 1;
                depth = 1;
            }
            Event::Empty(start) if depth == 0 && start.name().as_ref() == b"testsuite" => {
                write(writer, Event::Empty(renumbered(&start, *suites)))?;
                *suites += 1;
            }
            Event::Start(start) if depth > 0 => {
                depth += 1;
                write(writer, Event::Start(start))?;
            }
            Event::End(end) if depth > 0 => {
                depth -= 1;
                write(writer, Event::End(end))?;
            }
            other if depth > 0 => write(writer, other)?,
            _ => {} // the declaration, comments and white space between suites
        }
    }
    Ok(())
}

/// The same start tag with `id` set to `id`.
fn renumbered(start: &BytesStart<'_>, id: usize) -> BytesStart<'static> {
    let mut tag = BytesStart::new("testsuite");
    let id = id.to_string();
    tag.push_attribute(("id", id.as_str()));
    for attribute in start.attributes().flatten() {
        if attribute.key.as_ref() != b"id" {
            tag.push_attribute(attribute);
        }
    }
    tag.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_of_every_input_are_joined_and_numbered_again() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xml");
        let b = dir.path().join("b.xml");
        std::fs::write(&a, r#"<?xml version="1.0"?><testsuites><testsuite id="0" name="A"><properties/><testcase name="x &amp; y" classname="A"/></testsuite></testsuites>"#).unwrap();
        std::fs::write(&b, r#"<testsuite id="0" name="B"><testcase name="z" classname="B"><failure type="assertion" message="m"><![CDATA[detail]]></failure></testcase></testsuite>"#).unwrap();
        let out = dir.path().join("out/merged.xml");
        assert_eq!(merge(&out, &[&a, &b]).unwrap(), 2);
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><testsuites><testsuite id=\"0\" name=\"A\"><properties/><testcase name=\"x &amp; y\" classname=\"A\"/></testsuite><testsuite id=\"1\" name=\"B\"><testcase name=\"z\" classname=\"B\"><failure type=\"assertion\" message=\"m\"><![CDATA[detail]]></failure></testcase></testsuite></testsuites>\n"
        );
    }

    #[test]
    fn a_broken_input_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.xml");
        std::fs::write(&a, "<testsuites>\n<testsuite id=\"0\">\n</testsuites>\n").unwrap();
        let err = merge(&dir.path().join("o.xml"), &[&a])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("error: not a well-formed JUnit report\n"),
            "{err}"
        );
        assert!(err.contains("a.xml:3:"), "{err}");
    }
}
