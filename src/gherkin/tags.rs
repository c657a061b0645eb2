//! Tag expressions (`--tags "@smoke and not @slow"`), parsed by the `gherkin`
//! crate's own tag-expression grammar.

use gherkin::tagexpr::TagOperation;

/// A parsed tag expression.
#[derive(Debug, Clone)]
pub struct TagFilter(TagOperation);

impl TagFilter {
    /// Parses an expression such as `@a and (@b or not @c)`. A bare list of tags
    /// separated by spaces or commas (`@a @b`, as zato-apitest's
    /// `Zato_API_Test_Tags` holds) means any of them.
    pub fn parse(expression: &str) -> Result<TagFilter, String> {
        let trimmed = expression.trim();
        let words: Vec<&str> = trimmed
            .split([' ', ','])
            .filter(|w| !w.is_empty())
            .collect();
        let is_list = words.len() > 1 && words.iter().all(|w| w.starts_with('@'));
        let normalised = if is_list {
            words.join(" or ")
        } else {
            trimmed.to_owned()
        };
        normalised
            .parse::<TagOperation>()
            .map(TagFilter)
            .map_err(|e| {
                format!(
                    "invalid tag expression `{expression}`: {e} (example: `@smoke and not @slow`)"
                )
            })
    }

    /// Whether a scenario with these tags (without `@`) is selected.
    pub fn matches(&self, tags: &[String]) -> bool {
        eval(&self.0, tags)
    }
}

fn eval(op: &TagOperation, tags: &[String]) -> bool {
    match op {
        TagOperation::And(a, b) => eval(a, tags) && eval(b, tags),
        TagOperation::Or(a, b) => eval(a, tags) || eval(b, tags),
        TagOperation::Not(a) => !eval(a, tags),
        TagOperation::Tag(t) => {
            let t = t.strip_prefix('@').unwrap_or(t);
            tags.iter().any(|x| x == t)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn and_or_not_select_scenarios() {
        let f = TagFilter::parse("@smoke and not @slow").unwrap();
        assert!(f.matches(&tags(&["smoke"])));
        assert!(!f.matches(&tags(&["smoke", "slow"])));
        assert!(!f.matches(&tags(&["other"])));
    }

    #[test]
    fn a_plain_list_means_any_of_them() {
        let f = TagFilter::parse("@a @b").unwrap();
        assert!(f.matches(&tags(&["b"])));
        assert!(!f.matches(&tags(&["c"])));
    }

    #[test]
    fn a_bad_expression_is_an_error() {
        assert!(TagFilter::parse("@a and and").is_err());
    }
}
