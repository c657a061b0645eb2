//! Text for outputs. Messages carry bytes a server sent (a body, a header);
//! before they reach a terminal or a report file, control characters are
//! written out as escapes, so that no escape sequence from a server reaches a
//! terminal and no character that XML 1.0 forbids reaches the JUnit report:
//!
//! ```text
//! "red \x1b[31mtext\x1b[0m, NUL \0"   →   red \u{1b}[31mtext\u{1b}[0m, NUL \u{0}
//! ```

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a character is shown as an escape: control characters (C0 but tab
/// and newline, DEL, C1), the bidirectional overrides that reorder what a
/// reader sees, and the two non-characters XML forbids.
fn hidden(ch: char) -> bool {
    (ch.is_control() && ch != '\n' && ch != '\t')
        || matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The text with every hidden character written as `\u{..}`: safe for a
/// terminal, HTML and XML 1.0.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        if hidden(ch) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(ch));
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_escapes_and_the_rest_stays() {
        assert_eq!(
            printable("a\u{1b}[31mb\0c\u{1}\r\n\td\u{9b}é\u{202e}"),
            "a\\u{1b}[31mb\\u{0}c\\u{1}\\u{d}\n\td\\u{9b}é\\u{202e}"
        );
        assert!(matches!(printable("plain ünïcode"), Cow::Borrowed(_)));
    }
}
