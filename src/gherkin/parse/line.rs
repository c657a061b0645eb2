//! Lines of a feature file: where each starts, its indentation, and the pieces a
//! table row or a tag line is made of.
//!
//! Columns count characters (Unicode scalar values), 1-based, as Cucumber's
//! parsers do. Whitespace is what Cucumber's reference implementation trims
//! (`\s` of JavaScript), so a line indented with a no-break space is indented.

/// One line of the source, without its line break (`\n` or `\r\n`).
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// The whole line.
    pub text: &'a str,
    /// The line without its leading whitespace.
    pub trimmed: &'a str,
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line's start in the source.
    pub offset: usize,
    /// How many whitespace characters precede the text.
    pub indent: usize,
}

impl<'a> Line<'a> {
    fn new(text: &'a str, number: usize, offset: usize) -> Self {
        let (indent, trimmed) = split_indent(text);
        Line {
            text,
            trimmed,
            number,
            offset,
            indent,
        }
    }

    /// The column of the first non-blank character.
    pub fn column(&self) -> usize {
        self.indent + 1
    }

    /// Whether the line holds only whitespace.
    pub fn is_empty(&self) -> bool {
        self.trimmed.is_empty()
    }

    /// Byte offset of the first non-blank character.
    pub fn start(&self) -> usize {
        self.offset + (self.text.len() - self.trimmed.len())
    }

    /// Byte offset of the line's end (before its line break).
    pub fn end(&self) -> usize {
        self.offset + self.text.len()
    }

    /// The text after a prefix of `len` bytes of the trimmed line, trimmed.
    pub fn rest(&self, len: usize) -> &'a str {
        trim(self.trimmed.get(len..).unwrap_or(""))
    }

    /// The line with up to `indent` characters of indentation removed: all of
    /// it when the line is indented less (how doc string lines are dedented).
    pub fn dedented(&self, indent: usize) -> &'a str {
        if indent > self.indent {
            return self.trimmed;
        }
        let cut = self
            .text
            .char_indices()
            .nth(indent)
            .map_or(self.text.len(), |(i, _)| i);
        &self.text[cut..]
    }
}

/// The lines of a source: split at `\n` and `\r\n`; a last line that is only
/// whitespace is not a line (the end of the file comes right after the last
/// line that has text or after a final line break). Cloning is cheap: that is
/// how the parser looks ahead.
pub fn lines(source: &str) -> Lines<'_> {
    Lines {
        source,
        offset: 0,
        number: 0,
    }
}

/// The lines of a source, read one at a time.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    source: &'a str,
    /// Byte offset of the next line; past the end once the last line is read.
    offset: usize,
    /// How many lines were read.
    number: usize,
}

impl Lines<'_> {
    /// How many lines were read so far.
    pub fn count_read(&self) -> usize {
        self.number
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        let rest = self.source.get(self.offset..)?;
        let (raw, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(i) => (&rest[..i], i + 1),
            None if trim(rest).is_empty() => {
                self.offset = self.source.len() + 1;
                return None;
            }
            None => (rest, rest.len() + 1),
        };
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        self.number += 1;
        let line = Line::new(text, self.number, self.offset);
        self.offset += advance;
        Some(line)
    }
}

/// The indentation (in characters) and the rest of a line.
fn split_indent(text: &str) -> (usize, &str) {
    let bytes = text.as_bytes();
    let ascii = bytes
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t'))
        .unwrap_or(bytes.len());
    match bytes.get(ascii) {
        // Another blank (`\r`, a no-break space, ...): count characters.
        Some(b) if *b >= 0x80 || b.is_ascii_whitespace() || *b == 0x0b => {
            let rest = text[ascii..].trim_start_matches(is_space);
            let more = text[ascii..text.len() - rest.len()].chars().count();
            (ascii + more, rest)
        }
        _ => (ascii, &text[ascii..]),
    }
}

/// A text without the whitespace at its ends.
pub fn trim(text: &str) -> &str {
    trim_end(split_indent(text).1)
}

/// A text without the whitespace at its end.
pub fn trim_end(text: &str) -> &str {
    let bytes = text.as_bytes();
    let kept = bytes
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(0, |i| i + 1);
    match bytes.get(kept.wrapping_sub(1)) {
        Some(b) if *b >= 0x80 || b.is_ascii_whitespace() || *b == 0x0b => {
            text[..kept].trim_end_matches(is_space)
        }
        _ => &text[..kept],
    }
}

/// Whitespace as JavaScript's `\s` and `trim()` know it.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// What a table cell's value is trimmed of (no line breaks: `\n` escapes stay).
fn is_cell_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{a0}'
    )
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// 1-based column of the value's first character.
    pub column: usize,
    /// The value, trimmed, with `\|`, `\\` and `\n` unescaped.
    pub value: String,
}

/// The cells of a table row (a line whose text starts with `|`). Text before
/// the first `|` and after the last one is not a cell.
pub fn cells(line: &Line<'_>) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut chars = line.trimmed.chars();
    // Position (0-based, in characters) of the next character in `trimmed`.
    let mut col = 0;
    let mut start = 1;
    let mut cell = String::new();
    let mut first = true;
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '|' => {
                if first {
                    first = false;
                } else {
                    let value = cell.trim_start_matches(is_cell_space);
                    let skipped = cell.len() - value.len();
                    let lead = cell[..skipped].chars().count();
                    cells.push(Cell {
                        column: line.indent + start + lead,
                        value: value.trim_end_matches(is_cell_space).to_owned(),
                    });
                }
                cell.clear();
                start = col + 1;
            }
            '\\' => match chars.next() {
                Some(next) => {
                    col += 1;
                    match next {
                        'n' => cell.push('\n'),
                        '|' | '\\' => cell.push(next),
                        other => {
                            cell.push('\\');
                            cell.push(other);
                        }
                    }
                }
                // A backslash ends the line: the cell is never closed.
                None => break,
            },
            other => cell.push(other),
        }
    }
    cells
}

/// One tag of a tag line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// 1-based column of its `@`.
    pub column: usize,
    /// The name after `@`.
    pub name: &'a str,
}

/// The tags of a tag line (whose text starts with `@`): `@a @b #comment`. A
/// tag with whitespace inside (`@a tag`) is an error at its column.
pub fn tags<'a>(line: &Line<'a>) -> Result<Vec<Tag<'a>>, usize> {
    let uncommented = strip_comment(line.trimmed);
    let mut column = line.indent + 1;
    let mut tags = Vec::new();
    for item in uncommented.split('@') {
        let name = trim_end(item);
        if name.is_empty() {
            // As the reference implementation does, an empty item (the text
            // before the first `@`, or `@@`) does not move the column on.
            continue;
        }
        if name.contains(is_space) {
            return Err(column);
        }
        tags.push(Tag { column, name });
        column += item.chars().count() + 1;
    }
    Ok(tags)
}

/// A tag line without its trailing comment: text from the first whitespace
/// followed by `#`.
fn strip_comment(text: &str) -> &str {
    let mut previous_space = false;
    for (i, c) in text.char_indices() {
        if c == '#' && previous_space {
            let before = text[..i].char_indices().next_back().map_or(0, |(j, _)| j);
            return &text[..before];
        }
        previous_space = is_space(c);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line<'_> {
        Line::new(text, 1, 0)
    }

    #[test]
    fn lines_split_at_lf_and_crlf_and_drop_a_blank_last_line() {
        let all: Vec<Line<'_>> = lines("a\r\n  b\n\n  \t").collect();
        let texts: Vec<&str> = all.iter().map(|l| l.text).collect();
        assert_eq!(texts, ["a", "  b", ""]);
        assert_eq!(all[1].offset, 3);
        assert_eq!(all[1].indent, 2);
        assert_eq!(all[1].column(), 3);
        assert_eq!(lines("").count(), 0);
        let mut read = lines("a\n");
        assert!(read.next().is_some() && read.next().is_none());
        assert_eq!(read.count_read(), 1);
    }

    #[test]
    fn trimming_knows_ascii_and_unicode_blanks() {
        assert_eq!(trim(" \t a b \r"), "a b");
        assert_eq!(trim("\u{a0}a\u{3000}"), "a");
        assert_eq!(trim_end("a \u{2003}"), "a");
        assert_eq!(trim("   "), "");
        assert_eq!(trim(""), "");
    }

    #[test]
    fn indentation_counts_characters_and_unicode_spaces() {
        let l = line("\u{a0}\u{3000}Feature: x");
        assert_eq!(l.indent, 2);
        assert_eq!(l.trimmed, "Feature: x");
        assert_eq!(l.start(), "\u{a0}\u{3000}".len());
    }

    #[test]
    fn cells_are_trimmed_unescaped_and_located() {
        let l = line("    | a |  b\\|c | \\n\\\\ |x\\y|");
        let got: Vec<(usize, String)> =
            cells(&l).into_iter().map(|c| (c.column, c.value)).collect();
        let want = [(7, "a"), (12, "b|c"), (19, "\n\\"), (25, "x\\y")];
        assert_eq!(got, want.map(|(c, v)| (c, v.to_owned())));
    }

    #[test]
    fn text_outside_the_bars_and_an_unclosed_cell_are_not_cells() {
        assert_eq!(cells(&line("| a | b")).len(), 1);
        assert_eq!(cells(&line("| a | b \\")).len(), 1);
        assert_eq!(cells(&line("|")).len(), 0);
    }

    #[test]
    fn tags_are_split_at_at_signs_and_stop_at_a_comment() {
        let l = line("  @a @b@c   #not @d");
        let got: Vec<(usize, &str)> = tags(&l)
            .unwrap()
            .iter()
            .map(|t| (t.column, t.name))
            .collect();
        assert_eq!(got, [(3, "a"), (6, "b"), (8, "c")]);
        assert_eq!(tags(&line("@a#b")).unwrap()[0].name, "a#b");
    }

    #[test]
    fn a_tag_with_whitespace_is_an_error_at_its_column() {
        assert_eq!(tags(&line("  @ok @a tag")), Err(7));
    }

    #[test]
    fn dedenting_removes_at_most_the_given_indentation() {
        assert_eq!(line("      text").dedented(4), "  text");
        assert_eq!(line("  text").dedented(4), "text");
    }
}
