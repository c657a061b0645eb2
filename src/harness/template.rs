//! Values built from the request and earlier results: JSON pointers into the
//! flow context, text with `{/pointer}` holes, and constants.
//!
//! ```toml
//! query = { UserName = "/input/name" }                 # the value at a pointer
//! json  = { ACC_NUM = "/calls/crm/AccountNumber", source = "harness" }
//! json  = { message = "User {/input/user_name} accessed {/calls/crm/AccountNumber}" }
//! path  = "/accounts/{/previous/account_no}/transactions"
//! json  = { note = "=/not/a/pointer" }                 # a leading `=` makes a literal
//! ```
//!
//! The context a pointer reads is
//! `{"input": {...}, "vars": {...}, "calls": {"NAME": result, ...}, "previous": ..., "correlation_id": "..."}`.
//! A pointer that leads nowhere yields `null`.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// A value computed from the flow context.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    /// A constant.
    Literal(Value),
    /// The value at a JSON pointer.
    Pointer(String),
    /// Text with `{/pointer}` holes.
    Text(Text),
    /// An array of templates.
    Array(Vec<Template>),
    /// An object of templates.
    Object(Vec<(String, Template)>),
}

/// Text with `{/pointer}` holes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Text(Vec<Part>);

/// One piece of [`Text`].
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Literal(String),
    Pointer(String),
}

impl Text {
    /// Parses `a {/x} b`; the error names the problem.
    pub fn parse(text: &str) -> Result<Text, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find("{/") {
            if at > 0 {
                parts.push(Part::Literal(rest[..at].to_owned()));
            }
            let after = &rest[at + 1..];
            let Some(end) = after.find('}') else {
                return Err(format!("unterminated `{{/` in `{text}`"));
            };
            let pointer = &after[..end];
            check_pointer(pointer)?;
            parts.push(Part::Pointer(pointer.to_owned()));
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_owned()));
        }
        Ok(Text(parts))
    }

    /// The pointers in the holes.
    pub fn pointers(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Part::Pointer(p) => Some(p.as_str()),
            Part::Literal(_) => None,
        })
    }

    /// The text with each hole filled by `fill(value)`; `None` when a hole
    /// leads nowhere, naming the pointer.
    pub fn render_with(
        &self,
        ctx: &Value,
        fill: impl Fn(&str) -> String,
    ) -> Result<String, String> {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Pointer(p) => match ctx.pointer(p) {
                    None | Some(Value::Null) => return Err(p.clone()),
                    Some(v) => out.push_str(&fill(&scalar_text(v))),
                },
            }
        }
        Ok(out)
    }

    /// The text with holes filled verbatim (a missing value becomes empty).
    pub fn render(&self, ctx: &Value) -> String {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Literal(s) => out.push_str(s),
                Part::Pointer(p) => {
                    out.push_str(&ctx.pointer(p).map(scalar_text).unwrap_or_default())
                }
            }
        }
        out
    }
}

/// A value as text: strings bare, `null` empty, anything else as JSON.
pub fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Checks JSON pointer syntax: empty, or `/` segments with `~0`/`~1` escapes.
pub fn check_pointer(pointer: &str) -> Result<(), String> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "`{pointer}` is not a JSON pointer (it must start with `/`)"
        ));
    }
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err(format!(
                "`{pointer}` is not a JSON pointer (`~` must be followed by `0` or `1`)"
            ));
        }
    }
    Ok(())
}

impl Template {
    /// Reads a string: `=literal`, `/pointer`, text with holes, or plain text.
    pub fn parse(text: &str) -> Result<Template, String> {
        if let Some(literal) = text.strip_prefix('=') {
            return Ok(Template::Literal(Value::String(literal.to_owned())));
        }
        if text.starts_with('/') {
            check_pointer(text)?;
            return Ok(Template::Pointer(text.to_owned()));
        }
        if text.contains("{/") {
            return Ok(Template::Text(Text::parse(text)?));
        }
        Ok(Template::Literal(Value::String(text.to_owned())))
    }

    /// The value in `ctx`.
    pub fn render(&self, ctx: &Value) -> Value {
        match self {
            Template::Literal(v) => v.clone(),
            Template::Pointer(p) => ctx.pointer(p).cloned().unwrap_or(Value::Null),
            Template::Text(t) => Value::String(t.render(ctx)),
            Template::Array(items) => Value::Array(items.iter().map(|t| t.render(ctx)).collect()),
            Template::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, t)| (k.clone(), t.render(ctx)))
                    .collect(),
            ),
        }
    }

    /// Every pointer this template reads.
    pub fn pointers(&self) -> Vec<&str> {
        match self {
            Template::Literal(_) => Vec::new(),
            Template::Pointer(p) => vec![p.as_str()],
            Template::Text(t) => t.pointers().collect(),
            Template::Array(items) => items.iter().flat_map(Template::pointers).collect(),
            Template::Object(fields) => fields.iter().flat_map(|(_, t)| t.pointers()).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TemplateVisitor)
    }
}

struct TemplateVisitor;

impl<'de> Visitor<'de> for TemplateVisitor {
    type Value = Template;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, a `/json/pointer` or text with `{/pointer}` holes")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Template, E> {
        Ok(Template::Literal(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Template, E> {
        Ok(Template::Literal(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Template, E> {
        Ok(Template::Literal(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Template, E> {
        Ok(Template::Literal(Value::from(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Template, E> {
        Template::parse(v).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Template, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Template>()? {
            items.push(item);
        }
        Ok(Template::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Template, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Template>()?;
            fields.push((key, value));
        }
        Ok(Template::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Value {
        json!({"input": {"name": "Mike"}, "calls": {"crm": {"AccountNumber": "123456", "n": 3}}})
    }

    #[test]
    fn pointer_strings_read_the_context() {
        let t = Template::parse("/calls/crm/AccountNumber").unwrap();
        assert_eq!(t.render(&ctx()), json!("123456"));
    }

    #[test]
    fn missing_pointer_yields_null() {
        let t = Template::parse("/calls/billing/x").unwrap();
        assert_eq!(t.render(&ctx()), Value::Null);
    }

    #[test]
    fn text_holes_are_filled() {
        let t = Template::parse("User {/input/name} has {/calls/crm/n}").unwrap();
        assert_eq!(t.render(&ctx()), json!("User Mike has 3"));
    }

    #[test]
    fn equals_prefix_makes_a_literal() {
        let t = Template::parse("=/x").unwrap();
        assert_eq!(t.render(&ctx()), json!("/x"));
    }

    #[test]
    fn bad_escape_and_unterminated_hole_are_errors() {
        assert!(Template::parse("/a~2").is_err());
        assert!(Template::parse("x {/a").is_err());
    }
}
