//! Secrets: values no output may show. The run collects them where they come
//! into being, and every output (the terminal, stderr, each report file)
//! passes through [`Secrets::mask`], which writes `***` in their place:
//!
//! ```text
//! > authorization: Bearer eyJhbGciOi…      →   > authorization: ***
//! < {"echo": "s3cr3t-passw0rd"}            →   < {"echo": "***"}
//! ```
//!
//! Collected: the values of the `Authorization`, `Proxy-Authorization`,
//! `Cookie`, `Set-Cookie` and `X-API-Key` headers (and of the headers named in
//! `[run] secret_headers`) as sent and received, with the credentials after
//! their scheme and each cookie's value; Basic Auth passwords (and their Base64
//! form); OAuth2 passwords, client secrets and tokens; the values of the
//! variables named by `--secret NAME` (`[run] secrets`). Each is also masked in
//! the forms the outputs encode it in (JSON, XML and HTML escapes, URL
//! encoding). A value shorter than [`MIN_LEN`] characters is masked where it is
//! a secret header's value, not searched for in other text (it would hide
//! every `1` or `ab` of the output).

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::{Arc, RwLock};

use base64::Engine;

/// Headers whose values are always secret.
pub const SECRET_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

/// Values shorter than this are not searched for in free text.
pub const MIN_LEN: usize = 4;

/// What replaces a secret.
pub const MASK: &str = "***";

/// The run's secrets; clones share them.
#[derive(Clone, Default)]
pub struct Secrets {
    inner: Arc<RwLock<Inner>>,
}

#[derive(Default)]
struct Inner {
    /// Lower-case header names beyond [`SECRET_HEADERS`].
    headers: Vec<String>,
    /// Variable names whose values are secret (no sigil).
    variables: Vec<String>,
    /// Every form of every value, longest first.
    values: Vec<String>,
}

impl Secrets {
    /// Secrets with more secret header names and the secret variable names
    /// (`--secret NAME`; a leading `$`, `#` or `@` is ignored).
    pub fn new(headers: &[String], variables: &[String]) -> Self {
        let inner = Inner {
            headers: headers
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
            variables: variables
                .iter()
                .map(|v| v.trim().trim_start_matches(['$', '#', '@']).to_owned())
                .filter(|v| !v.is_empty())
                .collect(),
            values: Vec::new(),
        };
        Self {
            inner: Arc::new(RwLock::new(inner)),
        }
    }

    /// Whether a header's value is secret.
    pub fn is_secret_header(&self, name: &str) -> bool {
        let name = name.trim().to_ascii_lowercase();
        SECRET_HEADERS.contains(&name.as_str())
            || self
                .inner
                .read()
                .is_ok_and(|inner| inner.headers.contains(&name))
    }

    /// The names of the secret variables.
    pub fn variables(&self) -> Vec<String> {
        self.inner
            .read()
            .map(|inner| inner.variables.clone())
            .unwrap_or_default()
    }

    /// Whether a variable's value is secret.
    pub fn is_secret_variable(&self, name: &str) -> bool {
        let name = name.trim_start_matches(['$', '#', '@']);
        self.inner
            .read()
            .is_ok_and(|inner| inner.variables.iter().any(|v| v == name))
    }

    /// Adds a secret value (and its encoded forms).
    pub fn add(&self, value: &str) {
        let value = value.trim();
        if value.chars().count() < MIN_LEN {
            return;
        }
        let Ok(mut inner) = self.inner.write() else {
            return;
        };
        for form in forms(value) {
            if !inner.values.contains(&form) {
                inner.values.push(form);
            }
        }
        inner
            .values
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    }

    /// Adds a header's value when the header is secret: the whole value, the
    /// credentials after a scheme (`Bearer xyz` → `xyz`), and each cookie's
    /// value (`Set-Cookie`: the first pair's).
    pub fn add_header(&self, name: &str, value: &str) {
        if !self.is_secret_header(name) {
            return;
        }
        self.add(value);
        if let Some((scheme, credentials)) = value.trim().split_once(' ')
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            self.add(credentials);
        }
        let lower = name.to_ascii_lowercase();
        if lower == "cookie" || lower == "set-cookie" {
            let pairs: Vec<&str> = value.split(';').collect();
            let pairs = if lower == "set-cookie" {
                &pairs[..pairs.len().min(1)]
            } else {
                &pairs[..]
            };
            for pair in pairs {
                if let Some((_, v)) = pair.split_once('=') {
                    self.add(v);
                }
            }
        }
    }

    /// Adds a Basic Auth password, with the `Authorization` value it makes.
    pub fn add_basic_auth(&self, user: &str, password: &str) {
        self.add(password);
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.add(&encoded);
    }

    /// The text with every secret replaced by `***`.
    pub fn mask<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let Ok(inner) = self.inner.read() else {
            return Cow::Borrowed(text);
        };
        let mut out = Cow::Borrowed(text);
        for value in &inner.values {
            if out.contains(value.as_str()) {
                out = Cow::Owned(out.replace(value.as_str(), MASK));
            }
        }
        out
    }

    /// A header's value as outputs show it: `***` for a secret header.
    pub fn header_value<'v>(&self, name: &str, value: &'v str) -> Cow<'v, str> {
        if self.is_secret_header(name) {
            Cow::Borrowed(MASK)
        } else {
            self.mask(value)
        }
    }

    /// A writer that masks every line before passing it on (a line is written
    /// when it ends, or on `flush`).
    pub fn writer<W: Write>(&self, inner: W) -> MaskedWriter<W> {
        MaskedWriter {
            secrets: self.clone(),
            inner,
            line: Vec::new(),
        }
    }
}

/// The forms an output may write a value in: as it is, escaped for JSON,
/// XML/HTML, for a terminal, and URL-encoded.
fn forms(value: &str) -> Vec<String> {
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json
        .strip_prefix('"')
        .and_then(|j| j.strip_suffix('"'))
        .unwrap_or(&json)
        .to_owned();
    let xml = value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut forms = vec![
        value.to_owned(),
        json,
        xml.replace('\'', "&apos;"),
        xml.replace('\'', "&#39;"),
        crate::text::printable(value).into_owned(),
        url::form_urlencoded::byte_serialize(value.as_bytes()).collect(),
        percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    ];
    forms.sort();
    forms.dedup();
    forms
}

/// See [`Secrets::writer`].
pub struct MaskedWriter<W: Write> {
    secrets: Secrets,
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> MaskedWriter<W> {
    fn write_line(&mut self) -> io::Result<()> {
        let text = String::from_utf8_lossy(&self.line).into_owned();
        self.line.clear();
        self.inner.write_all(self.secrets.mask(&text).as_bytes())
    }
}

impl<W: Write> Write for MaskedWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for chunk in buf.split_inclusive(|b| *b == b'\n') {
            self.line.extend_from_slice(chunk);
            if chunk.ends_with(b"\n") {
                self.write_line()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.line.is_empty() {
            self.write_line()?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for MaskedWriter<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_headers_mask_their_credentials_everywhere() {
        let secrets = Secrets::new(&["X-Auth".to_owned()], &[]);
        secrets.add_header("Authorization", "Bearer tok-123456");
        secrets.add_header("x-auth", "abcdef");
        secrets.add_header("Content-Type", "application/json");
        assert_eq!(
            secrets.mask("a: Bearer tok-123456, b: tok-123456, c: abcdef, d: application/json"),
            "a: ***, b: ***, c: ***, d: application/json"
        );
        assert_eq!(secrets.header_value("X-API-Key", "k"), "***");
    }

    #[test]
    fn encoded_forms_and_cookies_are_masked() {
        let secrets = Secrets::new(&[], &[]);
        secrets.add_header("Set-Cookie", "sid=a&b<\"c d; Path=/; HttpOnly");
        assert_eq!(
            secrets.mask("x=a&amp;b&lt;&quot;c d y=a&b<\\\"c d z=a%26b%3C%22c+d"),
            "x=*** y=*** z=***"
        );
        assert_eq!(secrets.mask("path /"), "path /");
    }

    #[test]
    fn short_values_are_not_searched_for_and_basic_auth_is() {
        let secrets = Secrets::new(&[], &["#token".to_owned()]);
        secrets.add("abc");
        secrets.add_basic_auth("user", "pass-word");
        assert_eq!(
            secrets.mask("abc pass-word dXNlcjpwYXNzLXdvcmQ="),
            "abc *** ***"
        );
        assert!(secrets.is_secret_variable("@token"));
    }

    #[test]
    fn the_writer_masks_whole_lines() {
        let secrets = Secrets::new(&[], &[]);
        secrets.add("hunter22");
        let mut out = Vec::new();
        {
            let mut w = secrets.writer(&mut out);
            write!(w, "pass: hun").unwrap();
            writeln!(w, "ter22!").unwrap();
            write!(w, "tail hunter22").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "pass: ***!\ntail ***");
    }
}
