//! `wiremock` matchers for the stub model: one small newtype per condition, each
//! implementing [`wiremock::Match`].

use std::sync::Arc;

use http::HeaderName;
use serde_json::Value;
use wiremock::{Match, Request};

use crate::mock::CORRELATION_HEADER;
use crate::mock::scoped::{Controls, Target};
use crate::mock::stub::{BodyPattern, StringMatcher, UrlPattern};
use crate::mock::template::value_text;

/// The correlation id a request carries, if any.
pub fn correlation_id(request: &Request) -> Option<&str> {
    request
        .headers
        .get(CORRELATION_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}

impl StringMatcher {
    /// Whether the values found (none when missing) satisfy the condition: for a
    /// present value, any one of them may match.
    pub fn matches_any<'a>(&self, mut values: impl Iterator<Item = &'a str>) -> bool {
        match self {
            StringMatcher::Absent(absent) => values.next().is_none() == *absent,
            _ => values.any(|v| self.matches(v)),
        }
    }

    /// Whether one present value satisfies the condition.
    pub fn matches(&self, value: &str) -> bool {
        match self {
            StringMatcher::EqualTo {
                value: want,
                case_insensitive: true,
            } => want.to_lowercase() == value.to_lowercase(),
            StringMatcher::EqualTo { value: want, .. } => want == value,
            StringMatcher::Contains(part) => value.contains(part.as_str()),
            StringMatcher::DoesNotContain(part) => !value.contains(part.as_str()),
            StringMatcher::Matches(re) => re.is_match(value),
            StringMatcher::DoesNotMatch(re) => !re.is_match(value),
            StringMatcher::Absent(absent) => !absent,
        }
    }
}

/// `method`.
pub struct MethodMatcher(pub String);

impl Match for MethodMatcher {
    fn matches(&self, request: &Request) -> bool {
        request.method.as_str().eq_ignore_ascii_case(&self.0)
    }
}

/// `url`, `urlPattern`, `urlPath` or `urlPathPattern`.
pub struct UrlMatcher(pub UrlPattern);

impl Match for UrlMatcher {
    fn matches(&self, request: &Request) -> bool {
        let path = request.url.path();
        match &self.0 {
            UrlPattern::Path(want) => want == path,
            UrlPattern::PathRegex(re) => re.is_match(path),
            UrlPattern::Exact(_) | UrlPattern::Regex(_) => {
                let full = match request.url.query() {
                    Some(q) => format!("{path}?{q}"),
                    None => path.to_owned(),
                };
                match &self.0 {
                    UrlPattern::Regex(re) => re.is_match(&full),
                    UrlPattern::Exact(want) => *want == full,
                    _ => false,
                }
            }
        }
    }
}

/// One entry of `queryParameters`.
pub struct QueryMatcher(pub String, pub StringMatcher);

impl Match for QueryMatcher {
    fn matches(&self, request: &Request) -> bool {
        let values: Vec<String> = request
            .url
            .query_pairs()
            .filter(|(k, _)| *k == self.0)
            .map(|(_, v)| v.into_owned())
            .collect();
        self.1.matches_any(values.iter().map(String::as_str))
    }
}

/// One entry of `headers`.
pub struct HeaderMatcher(pub HeaderName, pub StringMatcher);

impl Match for HeaderMatcher {
    fn matches(&self, request: &Request) -> bool {
        let values = request
            .headers
            .get_all(&self.0)
            .iter()
            .filter_map(|v| v.to_str().ok());
        self.1.matches_any(values)
    }
}

/// One entry of `bodyPatterns`.
pub struct BodyMatcher(pub BodyPattern);

impl Match for BodyMatcher {
    fn matches(&self, request: &Request) -> bool {
        match &self.0 {
            BodyPattern::Text(m) => match std::str::from_utf8(&request.body) {
                Ok(text) => m.matches(text),
                Err(_) => false,
            },
            BodyPattern::EqualToJson {
                expected,
                ignore_array_order,
                ignore_extra_elements,
            } => serde_json::from_slice::<Value>(&request.body).is_ok_and(|actual| {
                json_equal(
                    expected,
                    &actual,
                    *ignore_array_order,
                    *ignore_extra_elements,
                )
            }),
            BodyPattern::MatchesJsonPath { path, matcher, .. } => {
                let Ok(doc) = serde_json::from_slice::<Value>(&request.body) else {
                    return false;
                };
                let found = path.query(&doc).all();
                match matcher {
                    None => !found.is_empty(),
                    Some(m) => {
                        let texts: Vec<String> = found.into_iter().map(value_text).collect();
                        m.matches_any(texts.iter().map(String::as_str))
                    }
                }
            }
        }
    }
}

/// `requiredScenarioState`: the request's scenario (by correlation id) is in `state`.
pub struct ScenarioStateMatcher {
    /// Shared state of the backend.
    pub(crate) controls: Arc<Controls>,
    /// `scenarioName`.
    pub scenario: String,
    /// `requiredScenarioState`.
    pub state: String,
}

impl Match for ScenarioStateMatcher {
    fn matches(&self, request: &Request) -> bool {
        self.controls
            .states
            .get(correlation_id(request), &self.scenario)
            == self.state
    }
}

/// Matches when a per-scenario reply override waits for the request.
pub struct OverrideMatcher(pub(crate) Arc<Controls>);

impl Match for OverrideMatcher {
    fn matches(&self, request: &Request) -> bool {
        correlation_id(request).is_some_and(|id| {
            self.0.has_reply(&Target {
                id,
                method: request.method.as_str(),
                path: request.url.path(),
                query: request.url.query(),
            })
        })
    }
}

/// Every request (the catch-all at the lowest priority).
pub struct AnyRequest;

impl Match for AnyRequest {
    fn matches(&self, _: &Request) -> bool {
        true
    }
}

/// JSON equality as `equalToJson` has it: numbers by value, optionally ignoring array
/// order and extra object members / array items.
pub fn json_equal(expected: &Value, actual: &Value, any_order: bool, extra: bool) -> bool {
    match (expected, actual) {
        (Value::Number(a), Value::Number(b)) => crate::assert::numbers_equal(a, b),
        (Value::Object(want), Value::Object(got)) => {
            (extra || want.len() == got.len())
                && want.iter().all(|(k, v)| {
                    got.get(k)
                        .is_some_and(|g| json_equal(v, g, any_order, extra))
                })
        }
        (Value::Array(want), Value::Array(got)) => {
            if !(extra || want.len() == got.len()) || want.len() > got.len() {
                return false;
            }
            if !any_order {
                // With `extra`, more items may follow the expected ones.
                return want
                    .iter()
                    .zip(got)
                    .all(|(w, g)| json_equal(w, g, any_order, extra));
            }
            let mut used = vec![false; got.len()];
            want.iter().all(|w| {
                let hit = got
                    .iter()
                    .enumerate()
                    .find(|(i, g)| !used[*i] && json_equal(w, g, any_order, extra));
                match hit {
                    Some((i, _)) => {
                        used[i] = true;
                        true
                    }
                    None => false,
                }
            })
        }
        _ => expected == actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_equal_compares_numbers_by_value_and_honours_the_ignore_flags() {
        assert!(json_equal(
            &json!({"a": 1}),
            &json!({"a": 1.0}),
            false,
            false
        ));
        assert!(!json_equal(&json!([1, 2]), &json!([2, 1]), false, false));
        assert!(json_equal(&json!([1, 2]), &json!([2, 1]), true, false));
        assert!(!json_equal(
            &json!({"a": 1}),
            &json!({"a": 1, "b": 2}),
            false,
            false
        ));
        assert!(json_equal(
            &json!({"a": 1}),
            &json!({"a": 1, "b": 2}),
            false,
            true
        ));
        assert!(json_equal(
            &json!([{"x": 1}]),
            &json!([{"x": 1, "y": 2}, 3]),
            true,
            true
        ));
        assert!(!json_equal(&json!([1, 1]), &json!([1, 2]), true, false));
    }

    #[test]
    fn string_matchers_treat_missing_values_as_wiremock_does() {
        let absent = StringMatcher::Absent(true);
        assert!(absent.matches_any(std::iter::empty()));
        assert!(!absent.matches_any(["x"].into_iter()));
        let equal = StringMatcher::EqualTo {
            value: "Anna".into(),
            case_insensitive: true,
        };
        assert!(equal.matches_any(["x", "anna"].into_iter()));
        assert!(!equal.matches_any(std::iter::empty()));
        assert!(StringMatcher::DoesNotContain("x".into()).matches("abc"));
    }
}
