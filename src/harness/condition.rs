//! When a call runs.
//!
//! ```toml
//! condition = { value = "/calls/crm/UserType", in = "/vars/fraud_user_types" }
//! condition = { value = "/calls/crm/UserType", in = ["RGV", "VIP"] }
//! condition = { value = "/input/express", equals = true }
//! condition = { value = "/calls/crm/Email", exists = true }
//! condition = { value = "/calls/course/notify_on_completion", contains = "HR" }
//! condition = [{ value = "/calls/course/notify_on_completion", contains = "Jira" },
//!              { value = "/calls/completion/ticket", exists = true }]   # a list: all hold
//! condition = { value = "/input/amount", greater_than = 100 }           # numbers only
//! ```
//!
//! Every test given must hold.

use serde::Deserialize;
use serde_json::Value;

use super::template::Template;

/// A test on one value of the flow context.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The value tested (usually a pointer).
    pub value: Template,
    /// It is one of these (an array, or a pointer to one).
    #[serde(rename = "in")]
    pub one_of: Option<Template>,
    /// It is none of these (an array, or a pointer to one).
    pub not_in: Option<Template>,
    /// It equals this.
    pub equals: Option<Template>,
    /// It is not this.
    pub not_equals: Option<Template>,
    /// It is a list holding this item, or a string holding this text.
    pub contains: Option<Template>,
    /// It is a number greater than this.
    pub greater_than: Option<Template>,
    /// It is a number less than this.
    pub less_than: Option<Template>,
    /// It is present and not `null` (`true`) or absent or `null` (`false`).
    pub exists: Option<bool>,
}

impl Condition {
    /// Whether it holds in `ctx`.
    pub fn holds(&self, ctx: &Value) -> bool {
        let value = self.value.render(ctx);
        let contains = |list: &Template| match list.render(ctx) {
            Value::Array(items) => items.contains(&value),
            other => other == value,
        };
        self.one_of.as_ref().is_none_or(contains)
            && self.not_in.as_ref().is_none_or(|l| !contains(l))
            && self.equals.as_ref().is_none_or(|e| e.render(ctx) == value)
            && self
                .not_equals
                .as_ref()
                .is_none_or(|e| e.render(ctx) != value)
            && self.exists.is_none_or(|want| want != value.is_null())
            && self
                .contains
                .as_ref()
                .is_none_or(|c| holds_item(&value, &c.render(ctx)))
            && self.greater_than.as_ref().is_none_or(|n| {
                compare(&value, &n.render(ctx)) == Some(std::cmp::Ordering::Greater)
            })
            && self
                .less_than
                .as_ref()
                .is_none_or(|n| compare(&value, &n.render(ctx)) == Some(std::cmp::Ordering::Less))
    }

    /// Whether it tests anything at all.
    pub fn is_empty(&self) -> bool {
        self.one_of.is_none()
            && self.not_in.is_none()
            && self.equals.is_none()
            && self.not_equals.is_none()
            && self.exists.is_none()
            && self.contains.is_none()
            && self.greater_than.is_none()
            && self.less_than.is_none()
    }

    /// Every pointer it reads.
    pub fn pointers(&self) -> Vec<&str> {
        let mut out = self.value.pointers();
        for t in [
            &self.one_of,
            &self.not_in,
            &self.equals,
            &self.not_equals,
            &self.contains,
            &self.greater_than,
            &self.less_than,
        ]
        .into_iter()
        .flatten()
        {
            out.extend(t.pointers());
        }
        out
    }
}

/// How two numbers compare; `None` unless both are numbers.
fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// Whether a list holds `item`, or a string holds it as text.
fn holds_item(value: &Value, item: &Value) -> bool {
    match (value, item) {
        (Value::Array(items), _) => items.contains(item),
        (Value::String(text), Value::String(part)) => text.contains(part.as_str()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn condition(text: &str) -> Condition {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn in_reads_a_list_from_vars() {
        let c = condition(
            r#"value = "/calls/crm/UserType"
in = "/vars/types""#,
        );
        let ctx = json!({"vars": {"types": ["RGV"]}, "calls": {"crm": {"UserType": "RGV"}}});
        assert!(c.holds(&ctx));
        let ctx = json!({"vars": {"types": ["RGV"]}, "calls": {"crm": {"UserType": "STD"}}});
        assert!(!c.holds(&ctx));
    }

    #[test]
    fn contains_looks_into_lists_and_strings() {
        let c = condition("value = \"/calls/c/notify\"\ncontains = \"HR\"");
        assert!(c.holds(&json!({"calls": {"c": {"notify": ["HR", "Jira"]}}})));
        assert!(!c.holds(&json!({"calls": {"c": {"notify": ["Jira"]}}})));
        assert!(c.holds(&json!({"calls": {"c": {"notify": "HR, Jira"}}})));
        assert!(!c.holds(&json!({"calls": {"c": {}}})));
    }

    #[test]
    fn greater_and_less_than_compare_numbers_only() {
        let c = condition("value = \"/input/amount\"\ngreater_than = 100");
        assert!(c.holds(&json!({"input": {"amount": 250.5}})));
        assert!(!c.holds(&json!({"input": {"amount": 100}})));
        assert!(!c.holds(&json!({"input": {"amount": "250"}})));
        let c = condition("value = \"/input/amount\"\nless_than = 10");
        assert!(c.holds(&json!({"input": {"amount": 9}})));
    }

    #[test]
    fn exists_and_equals_combine() {
        let c = condition("value = \"/input/x\"\nexists = true\nnot_equals = 0");
        assert!(c.holds(&json!({"input": {"x": 1}})));
        assert!(!c.holds(&json!({"input": {"x": 0}})));
        assert!(!c.holds(&json!({"input": {}})));
    }
}
