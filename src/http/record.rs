//! What was sent and received, written out for `-v` (verbose) runs:
//!
//! ```text
//! > POST http://127.0.0.1:8080/echo
//! > content-type: application/json
//! >
//! > {"a":1}
//! < 200
//! < content-type: application/json
//! <
//! < {"ok":true}
//! ```

use super::Response;
use crate::secrets::Secrets;

/// The request as it was sent.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// Every header set on the request, in order.
    pub headers: Vec<(String, String)>,
    /// The body (a description for multipart forms).
    pub body: Vec<u8>,
    /// The Basic Auth user, when set (the password is never written).
    pub basic_auth: Option<String>,
}

/// Bodies longer than this are cut in logs.
const BODY_LIMIT: usize = 4096;

fn push_body(out: &mut String, mark: &str, body: &[u8]) {
    if body.is_empty() {
        return;
    }
    out.push_str(mark);
    out.push('\n');
    let text = String::from_utf8_lossy(body);
    let mut shown: String = text.chars().take(BODY_LIMIT).collect();
    if shown.len() < text.len() {
        shown.push_str(&format!("… ({} bytes)", body.len()));
    }
    for line in shown.lines() {
        out.push_str(mark);
        out.push(' ');
        out.push_str(line);
        out.push('\n');
    }
}

/// The request and response of one exchange as text, `>` lines sent and `<`
/// lines received; secret headers show `***`.
pub fn exchange_text(response: &Response, secrets: &Secrets) -> String {
    let mut out = String::new();
    if let Some(sent) = &response.sent {
        out.push_str(&format!("> {} {}\n", sent.method, sent.url));
        for (name, value) in &sent.headers {
            out.push_str(&format!("> {name}: {value}\n"));
        }
        if let Some(user) = &sent.basic_auth {
            out.push_str(&format!("> authorization: Basic ({user}:…)\n"));
        }
        push_body(&mut out, ">", &sent.body);
    }
    out.push_str(&format!("< {}\n", response.status));
    for (name, value) in &response.headers {
        out.push_str(&format!(
            "< {name}: {}\n",
            secrets.header_value(name.as_str(), &String::from_utf8_lossy(value.as_bytes()))
        ));
    }
    push_body(&mut out, "<", &response.body);
    out
}
