//! Python literals as zato-apitest's `(with literal_eval)` steps write them,
//! read into JSON: `[1, 'a', None]` → `[1, "a", null]`.
//!
//! Accepted: numbers, single- or double-quoted strings (with `\` escapes), `True`,
//! `False`, `None`, lists `[...]`, tuples `(...)` (as lists) and dicts `{k: v}`
//! with string, number or boolean keys (keys become strings).

use serde_json::{Map, Value};

/// Parses one Python literal into JSON, or says where it went wrong.
pub fn parse_python_literal(text: &str) -> Result<Value, String> {
    let mut parser = Parser {
        chars: text.char_indices().peekable(),
        text,
    };
    let value = parser.value()?;
    parser.skip_ws();
    match parser.chars.peek() {
        None => Ok(value),
        Some(&(i, c)) => Err(parser.error(i, &format!("unexpected `{c}` after the value"))),
    }
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
}

impl Parser<'_> {
    fn error(&self, at: usize, what: &str) -> String {
        format!(
            "`{}` is not a Python literal: {what} at character {}",
            self.text,
            at + 1
        )
    }

    fn skip_ws(&mut self) {
        while self.chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
    }

    fn value(&mut self) -> Result<Value, String> {
        self.skip_ws();
        let Some(&(start, c)) = self.chars.peek() else {
            return Err(self.error(self.text.len(), "expected a value"));
        };
        match c {
            '[' | '(' => {
                self.chars.next();
                let close = if c == '[' { ']' } else { ')' };
                self.sequence(close).map(Value::Array)
            }
            '{' => {
                self.chars.next();
                self.dict()
            }
            '\'' | '"' => self.string().map(Value::String),
            _ if c == '-' || c == '+' || c == '.' || c.is_ascii_digit() => self.number(start),
            _ if c.is_alphabetic() => {
                let word = self.word();
                match word.as_str() {
                    "True" => Ok(Value::Bool(true)),
                    "False" => Ok(Value::Bool(false)),
                    "None" => Ok(Value::Null),
                    _ => Err(self.error(
                        start,
                        &format!("unknown name `{word}` (expected True, False or None)"),
                    )),
                }
            }
            _ => Err(self.error(start, &format!("unexpected `{c}`"))),
        }
    }

    fn word(&mut self) -> String {
        let mut word = String::new();
        while let Some((_, c)) = self
            .chars
            .next_if(|(_, c)| c.is_alphanumeric() || *c == '_')
        {
            word.push(c);
        }
        word
    }

    fn sequence(&mut self, close: char) -> Result<Vec<Value>, String> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.chars.next_if(|(_, c)| *c == close).is_some() {
                return Ok(items);
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.chars.next() {
                Some((_, ',')) => {}
                Some((_, c)) if c == close => return Ok(items),
                Some((i, c)) => {
                    return Err(self.error(i, &format!("expected `,` or `{close}`, found `{c}`")));
                }
                None => return Err(self.error(self.text.len(), &format!("missing `{close}`"))),
            }
        }
    }

    fn dict(&mut self) -> Result<Value, String> {
        let mut map = Map::new();
        loop {
            self.skip_ws();
            if self.chars.next_if(|(_, c)| *c == '}').is_some() {
                return Ok(Value::Object(map));
            }
            let key = match self.value()? {
                Value::String(s) => s,
                other => other.to_string(),
            };
            self.skip_ws();
            match self.chars.next() {
                Some((_, ':')) => {}
                Some((i, c)) => return Err(self.error(i, &format!("expected `:`, found `{c}`"))),
                None => return Err(self.error(self.text.len(), "missing `:`")),
            }
            let value = self.value()?;
            map.insert(key, value);
            self.skip_ws();
            match self.chars.next() {
                Some((_, ',')) => {}
                Some((_, '}')) => return Ok(Value::Object(map)),
                Some((i, c)) => {
                    return Err(self.error(i, &format!("expected `,` or `}}`, found `{c}`")));
                }
                None => return Err(self.error(self.text.len(), "missing `}`")),
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        let Some((start, quote)) = self.chars.next() else {
            return Err(self.error(self.text.len(), "expected a string"));
        };
        let mut out = String::new();
        while let Some((_, c)) = self.chars.next() {
            match c {
                '\\' => match self.chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                _ if c == quote => return Ok(out),
                _ => out.push(c),
            }
        }
        Err(self.error(start, "unterminated string"))
    }

    fn number(&mut self, start: usize) -> Result<Value, String> {
        let mut text = String::new();
        while let Some((_, c)) = self
            .chars
            .next_if(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_'))
        {
            if c != '_' {
                text.push(c);
            }
        }
        // Kept exactly, as Python keeps its integers (`.5` and `5.` are floats).
        crate::assert::parse_number(&text)
            .map(Value::Number)
            .ok_or_else(|| self.error(start, &format!("`{text}` is not a number")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_lists_strings_none_and_booleans() {
        assert_eq!(
            parse_python_literal("[1, 'a', None]").unwrap(),
            json!([1, "a", null])
        );
        assert_eq!(parse_python_literal("True").unwrap(), json!(true));
        assert_eq!(parse_python_literal("(1, 2.5)").unwrap(), json!([1, 2.5]));
        assert_eq!(
            parse_python_literal("[18446744073709551617, .5]")
                .unwrap()
                .to_string(),
            "[18446744073709551617,0.5]"
        );
        assert_eq!(
            parse_python_literal("{'a': {'b': [\"x\"]}, 1: False}").unwrap(),
            json!({"a": {"b": ["x"]}, "1": false})
        );
    }

    #[test]
    fn says_where_a_literal_is_wrong() {
        assert_eq!(
            parse_python_literal("[1, 2").unwrap_err(),
            "`[1, 2` is not a Python literal: missing `]` at character 6"
        );
        assert_eq!(
            parse_python_literal("nil").unwrap_err(),
            "`nil` is not a Python literal: unknown name `nil` (expected True, False or None) at character 1"
        );
    }
}
