//! The response document of a channel, built from the flow context.
//!
//! ```toml
//! [channels.response]
//! customer = { id = "/input/customer_id", name = "/calls/profile/name" }  # nested objects
//! source = { const = "harness" }                                        # a constant
//! total_orders = { count = "/calls/orders/orders" }                     # array length
//! open_tickets = { count_where = "/calls/tickets/tickets", field = "/status", equals = "open" }
//! recent_orders = { first = 2, of = "/calls/orders/orders" }            # first N items
//! balance_any = { coalesce = ["/calls/payments/ACC_BALANCE", "/calls/billing/ACC_BALANCE"] }
//! has_access_card = { exists = "/calls/card" }                          # true unless missing or null
//! balance = "/calls/balance/balance"                                    # copy by pointer
//! ```
//!
//! In a mapping table the keys `const`, `count`, `count_where`, `first`, `of`,
//! `field`, `equals`, `coalesce` and `exists` make an operation; any other table is a nested object.
//! Strings follow [`super::template`] rules.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::template::{Template, check_pointer};

/// The keys that make a mapping table an operation.
const OPERATION_KEYS: [&str; 9] = [
    "const",
    "count",
    "count_where",
    "first",
    "of",
    "field",
    "equals",
    "coalesce",
    "exists",
];

/// How one response value is built.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapping {
    /// A pointer, text or literal, as in [`Template`].
    Value(Template),
    /// `{ const = ... }`: a constant, even a string starting with `/`.
    Const(Value),
    /// `{ count = "/ptr" }`: the length of an array (or object).
    Count(String),
    /// `{ count_where = "/ptr", field = "/status", equals = "open" }`.
    CountWhere {
        /// The array.
        of: String,
        /// A pointer inside each item.
        field: String,
        /// The value counted items hold there.
        equals: Value,
    },
    /// `{ first = N, of = "/ptr" }`: the first N items of an array.
    First {
        /// How many.
        n: usize,
        /// The array.
        of: String,
    },
    /// `{ coalesce = ["/a", "/b"] }`: the first value that is not `null`.
    Coalesce(Vec<String>),
    /// `{ exists = "/ptr" }`: whether there is a value that is not `null`.
    Exists(String),
    /// A nested object.
    Object(Vec<(String, Mapping)>),
}

impl Mapping {
    /// The value in `ctx`.
    pub fn eval(&self, ctx: &Value) -> Value {
        match self {
            Mapping::Value(t) => t.render(ctx),
            Mapping::Const(v) => v.clone(),
            Mapping::Count(of) => match ctx.pointer(of) {
                Some(Value::Array(items)) => Value::from(items.len()),
                Some(Value::Object(fields)) => Value::from(fields.len()),
                _ => Value::Null,
            },
            Mapping::CountWhere { of, field, equals } => match ctx.pointer(of) {
                Some(Value::Array(items)) => Value::from(
                    items
                        .iter()
                        .filter(|item| item.pointer(field) == Some(equals))
                        .count(),
                ),
                _ => Value::Null,
            },
            Mapping::First { n, of } => match ctx.pointer(of) {
                Some(Value::Array(items)) => Value::Array(items.iter().take(*n).cloned().collect()),
                _ => Value::Null,
            },
            Mapping::Coalesce(pointers) => pointers
                .iter()
                .filter_map(|p| ctx.pointer(p))
                .find(|v| !v.is_null())
                .cloned()
                .unwrap_or(Value::Null),
            Mapping::Exists(of) => Value::Bool(ctx.pointer(of).is_some_and(|v| !v.is_null())),
            Mapping::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, m)| (k.clone(), m.eval(ctx)))
                    .collect(),
            ),
        }
    }

    /// Every pointer into the flow context this mapping reads.
    pub fn pointers(&self) -> Vec<&str> {
        match self {
            Mapping::Value(t) => t.pointers(),
            Mapping::Const(_) => Vec::new(),
            Mapping::Count(of)
            | Mapping::CountWhere { of, .. }
            | Mapping::First { of, .. }
            | Mapping::Exists(of) => vec![of.as_str()],
            Mapping::Coalesce(pointers) => pointers.iter().map(String::as_str).collect(),
            Mapping::Object(fields) => fields.iter().flat_map(|(_, m)| m.pointers()).collect(),
        }
    }

    /// Builds an operation from the entries of one table.
    fn operation(entries: Vec<(String, Value)>) -> Result<Mapping, String> {
        let get = |key: &str| {
            entries
                .iter()
                .position(|(k, _)| k == key)
                .map(|i| entries[i].1.clone())
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        let pointer = |key: &str, v: Option<Value>| -> Result<String, String> {
            match v {
                Some(Value::String(s)) => check_pointer(&s).map(|()| s),
                Some(_) => Err(format!("`{key}` must be a JSON pointer string")),
                None => Err(format!("missing `{key}`")),
            }
        };
        let only = |allowed: &[&str]| -> Result<(), String> {
            match keys.iter().find(|k| !allowed.contains(k)) {
                Some(extra) => Err(format!(
                    "unexpected key `{extra}` in this mapping operation (it takes {})",
                    allowed
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                None => Ok(()),
            }
        };
        if keys.contains(&"const") {
            only(&["const"])?;
            return Ok(Mapping::Const(get("const").unwrap_or(Value::Null)));
        }
        if keys.contains(&"count") {
            only(&["count"])?;
            return Ok(Mapping::Count(pointer("count", get("count"))?));
        }
        if keys.contains(&"count_where") {
            only(&["count_where", "field", "equals"])?;
            return Ok(Mapping::CountWhere {
                of: pointer("count_where", get("count_where"))?,
                field: pointer("field", get("field"))?,
                equals: get("equals").ok_or("missing `equals`")?,
            });
        }
        if keys.contains(&"first") {
            only(&["first", "of"])?;
            let n = get("first")
                .and_then(|v| v.as_u64())
                .and_then(|n| usize::try_from(n).ok())
                .ok_or("`first` must be a non-negative whole number")?;
            return Ok(Mapping::First {
                n,
                of: pointer("of", get("of"))?,
            });
        }
        if keys.contains(&"coalesce") {
            only(&["coalesce"])?;
            let Some(Value::Array(items)) = get("coalesce") else {
                return Err("`coalesce` must be an array of JSON pointers".into());
            };
            let pointers = items
                .into_iter()
                .map(|item| pointer("coalesce", Some(item)))
                .collect::<Result<_, _>>()?;
            return Ok(Mapping::Coalesce(pointers));
        }
        if keys.contains(&"exists") {
            only(&["exists"])?;
            return Ok(Mapping::Exists(pointer("exists", get("exists"))?));
        }
        Err(format!(
            "`{}` needs an operation key: `const`, `count`, `count_where`, `first`, `coalesce` or `exists`",
            keys.first().copied().unwrap_or_default()
        ))
    }
}

impl<'de> Deserialize<'de> for Mapping {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MappingVisitor)
    }
}

struct MappingVisitor;

impl MappingVisitor {
    fn value<E: de::Error>(template: Result<Template, String>) -> Result<Mapping, E> {
        template.map(Mapping::Value).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for MappingVisitor {
    type Value = Mapping;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a pointer, a constant, a table of fields or a mapping operation")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Mapping, E> {
        Self::value(Ok(Template::Literal(Value::Bool(v))))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Mapping, E> {
        Self::value(Ok(Template::Literal(Value::from(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Mapping, E> {
        Self::value(Ok(Template::Literal(Value::from(v))))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Mapping, E> {
        Self::value(Ok(Template::Literal(Value::from(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Mapping, E> {
        Self::value(Template::parse(v))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Mapping, A::Error> {
        let template = Template::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Mapping::Value(template))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Mapping, A::Error> {
        let Some(first) = map.next_key::<String>()? else {
            return Ok(Mapping::Object(Vec::new()));
        };
        if OPERATION_KEYS.contains(&first.as_str()) {
            let mut entries = vec![(first, map.next_value::<Value>()?)];
            while let Some(key) = map.next_key::<String>()? {
                entries.push((key, map.next_value::<Value>()?));
            }
            return Mapping::operation(entries).map_err(de::Error::custom);
        }
        let mut fields = vec![(first, map.next_value::<Mapping>()?)];
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value::<Mapping>()?;
            fields.push((key, value));
        }
        Ok(Mapping::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> Value {
        json!({"calls": {"t": {"tickets": [{"status": "open"}, {"status": "closed"}]},
                         "o": {"orders": [1, 2, 3]}}})
    }

    fn mapping(toml_text: &str) -> Result<Mapping, toml::de::Error> {
        #[derive(Deserialize)]
        struct Doc {
            m: Mapping,
        }
        toml::from_str::<Doc>(toml_text).map(|d| d.m)
    }

    #[test]
    fn count_where_counts_matching_items() {
        let m = mapping(
            r#"m = { count_where = "/calls/t/tickets", field = "/status", equals = "open" }"#,
        )
        .unwrap();
        assert_eq!(m.eval(&ctx()), json!(1));
    }

    #[test]
    fn first_and_count_read_arrays() {
        let m = mapping(r#"m = { a = { first = 2, of = "/calls/o/orders" }, b = { count = "/calls/o/orders" } }"#).unwrap();
        assert_eq!(m.eval(&ctx()), json!({"a": [1, 2], "b": 3}));
    }

    #[test]
    fn exists_says_whether_a_value_is_there() {
        let m = mapping(r#"m = { a = { exists = "/calls/o" }, b = { exists = "/calls/none" } }"#)
            .unwrap();
        assert_eq!(m.eval(&ctx()), json!({"a": true, "b": false}));
    }

    #[test]
    fn const_keeps_pointer_looking_strings() {
        let m = mapping(r#"m = { const = "/x" }"#).unwrap();
        assert_eq!(m.eval(&ctx()), json!("/x"));
    }

    #[test]
    fn unexpected_key_in_an_operation_is_an_error() {
        let err = mapping(r#"m = { count = "/a", equals = 1 }"#).unwrap_err();
        assert!(err.message().contains("unexpected key `equals`"), "{err}");
    }
}
