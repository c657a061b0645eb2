//! Does a request match a mapping? The stub model's conditions evaluated on a
//! [`RequestView`], and the `wiremock` matchers that wrap them.
//!
//! The same [`RequestPattern::matches`] decides in both places a request can be
//! answered: in the front, for stateless requests (see [`crate::mock::table`]), and
//! inside `wiremock`, through [`StubMatcher`].

use std::sync::Arc;

use serde_json::Value;
use wiremock::{Match, Request};

use crate::mock::scoped::{Controls, Target};
use crate::mock::stub::{BodyPattern, Mapping, RequestPattern, StringMatcher, UrlPattern};
use crate::mock::template::value_text;
use crate::mock::view::RequestView;
use crate::mock::xml_body;

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

impl UrlPattern {
    fn matches(&self, request: &RequestView<'_>) -> bool {
        let path = request.path;
        let full = || match request.query {
            Some(q) => format!("{path}?{q}"),
            None => path.to_owned(),
        };
        match self {
            UrlPattern::Path(want) => want == path,
            UrlPattern::PathRegex(re) => re.is_match(path),
            UrlPattern::Exact(want) => *want == full(),
            UrlPattern::Regex(re) => re.is_match(&full()),
        }
    }
}

impl RequestPattern {
    /// Whether `request` satisfies every condition (scenario state aside).
    pub fn matches(&self, request: &RequestView<'_>) -> bool {
        self.method
            .as_ref()
            .is_none_or(|m| m.eq_ignore_ascii_case(request.method))
            && self.url.as_ref().is_none_or(|u| u.matches(request))
            && self
                .query
                .iter()
                .all(|(name, m)| m.matches_any(request.query_values(name)))
            && self
                .headers
                .iter()
                .all(|(name, m)| m.matches_any(request.header_values(name.as_str())))
            && self
                .cookies
                .iter()
                .all(|(name, m)| m.matches_any(request.cookie_values(name)))
            && self.body.iter().all(|p| p.matches(request))
    }
}

impl BodyPattern {
    fn matches(&self, request: &RequestView<'_>) -> bool {
        match self {
            BodyPattern::Text(m) => request.text().is_some_and(|text| m.matches(text)),
            BodyPattern::EqualToJson {
                expected,
                ignore_array_order,
                ignore_extra_elements,
            } => request.json().is_some_and(|actual| {
                json_equal(
                    expected,
                    actual,
                    *ignore_array_order,
                    *ignore_extra_elements,
                )
            }),
            BodyPattern::MatchesJsonPath {
                path,
                definite,
                matcher,
            } => request
                .json()
                .is_some_and(|doc| json_path_matches(path, *definite, matcher.as_ref(), doc)),
            BodyPattern::EqualToXml(expected) => xml_body::equal(expected, request.text()),
            BodyPattern::MatchesXPath {
                xpath,
                namespaces,
                matcher,
            } => xml_body::select(request.text(), xpath, namespaces).is_some_and(|found| {
                match matcher {
                    None => !found.is_empty(),
                    Some(m) => !found.is_empty() && m.matches_any(found.iter().map(String::as_str)),
                }
            }),
        }
    }
}

/// `matchesJsonPath` as WireMock (Jayway JsonPath) has it: a definite path matches
/// a value that is not `null`, `[]` or `{}`; an indefinite one matches when it finds
/// anything. With a matcher, the values compared are the found value (an array's
/// items, one by one; `null` is no value) or every found value (indefinite).
fn json_path_matches(
    path: &serde_json_path::JsonPath,
    definite: bool,
    matcher: Option<&StringMatcher>,
    doc: &Value,
) -> bool {
    let found = path.query(doc).all();
    let values: Vec<&Value> = if definite {
        match found.first() {
            Some(Value::Null) | None => Vec::new(),
            Some(Value::Array(items)) if matcher.is_some() => items.iter().collect(),
            Some(value) => vec![*value],
        }
    } else {
        found
    };
    match matcher {
        None => values.iter().any(|v| !definite || !is_empty(v)),
        Some(m) => {
            let texts: Vec<String> = values.into_iter().map(value_text).collect();
            m.matches_any(texts.iter().map(String::as_str))
        }
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        Value::Null => true,
        _ => false,
    }
}

/// A mapping's request conditions, as a `wiremock` matcher.
pub struct StubMatcher(pub Arc<Mapping>);

impl Match for StubMatcher {
    fn matches(&self, request: &Request) -> bool {
        self.0.request.matches(&RequestView::of_wiremock(request))
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
        let view = RequestView::of_wiremock(request);
        self.controls
            .states
            .get(view.correlation_id(), &self.scenario)
            == self.state
    }
}

/// Matches when a per-scenario reply override waits for the request.
pub struct OverrideMatcher(pub(crate) Arc<Controls>);

impl Match for OverrideMatcher {
    fn matches(&self, request: &Request) -> bool {
        let view = RequestView::of_wiremock(request);
        Target::of(&view).is_some_and(|t| self.0.has_reply(&t))
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

    fn path_matches(
        expr: &str,
        definite: bool,
        matcher: Option<&StringMatcher>,
        doc: Value,
    ) -> bool {
        let path = serde_json_path::JsonPath::parse(expr).unwrap();
        json_path_matches(&path, definite, matcher, &doc)
    }

    #[test]
    fn a_definite_json_path_does_not_match_null_or_empty_containers() {
        for empty in [json!(null), json!([]), json!({})] {
            assert!(
                !path_matches("$.name", true, None, json!({"name": empty})),
                "{empty}"
            );
        }
        for value in [
            json!(""),
            json!(0),
            json!(false),
            json!([1]),
            json!({"a": 1}),
        ] {
            assert!(
                path_matches("$.name", true, None, json!({"name": value})),
                "{value}"
            );
        }
        assert!(!path_matches("$.name", true, None, json!({})));
        // Indefinite: anything found matches, as Jayway returns a non-empty list.
        assert!(path_matches(
            "$..name",
            false,
            None,
            json!({"a": {"name": null}})
        ));
        assert!(!path_matches("$..name", false, None, json!({"a": 1})));
    }

    #[test]
    fn a_json_path_matcher_sees_array_items_and_never_null() {
        let eq = |v: &str| StringMatcher::EqualTo {
            value: v.into(),
            case_insensitive: false,
        };
        assert!(path_matches(
            "$.tags",
            true,
            Some(&eq("b")),
            json!({"tags": ["a", "b"]})
        ));
        assert!(path_matches("$.n", true, Some(&eq("7")), json!({"n": 7})));
        assert!(path_matches(
            "$.n",
            true,
            Some(&StringMatcher::Absent(true)),
            json!({"n": null})
        ));
        assert!(!path_matches(
            "$.n",
            true,
            Some(&eq("null")),
            json!({"n": null})
        ));
    }
}
