//! `${VAR}` and `${VAR:-default}` in configuration string values.
//!
//! ```toml
//! base_url = "${CRM_URL:-http://127.0.0.1:18081}"   # CRM_URL, or the default when unset or empty
//! password = "${HARNESS_API_PASSWORD}"              # an error when unset
//! literal  = "costs $${PRICE}"                      # `$${` stands for a literal `${`
//! ```

/// Looks an environment variable up by name.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, for [`crate::harness::parse_config`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Replaces every `${VAR}` / `${VAR:-default}` in `text`; the error says what
/// is wrong with the first bad reference.
pub(crate) fn expand(text: &str, env: EnvLookup<'_>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
        } else if let Some(after) = tail.strip_prefix("${") {
            let Some(end) = after.find('}') else {
                return Err(format!("unterminated `${{` in `{text}`"));
            };
            out.push_str(&resolve(&after[..end], env)?);
            rest = &after[end + 1..];
        } else {
            out.push('$');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// The value of one reference body: `VAR` or `VAR:-default`.
fn resolve(body: &str, env: EnvLookup<'_>) -> Result<String, String> {
    let (name, default) = match body.split_once(":-") {
        Some((name, default)) => (name, Some(default)),
        None => (body, None),
    };
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "`${{{body}}}` is not a valid environment reference (expected `${{NAME}}` or `${{NAME:-default}}`)"
        ));
    }
    match (env(name), default) {
        (Some(value), Some(default)) if value.is_empty() => Ok(default.to_owned()),
        (Some(value), _) => Ok(value),
        (None, Some(default)) => Ok(default.to_owned()),
        (None, None) => Err(format!(
            "environment variable `{name}` is not set (write `${{{name}:-default}}` to give a default)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "CRM_URL" => Some("http://127.0.0.1:9".into()),
            "EMPTY" => Some(String::new()),
            _ => None,
        }
    }

    #[test]
    fn set_variable_wins_over_default() {
        assert_eq!(
            expand("${CRM_URL:-http://x}/a", &env).as_deref(),
            Ok("http://127.0.0.1:9/a")
        );
    }

    #[test]
    fn unset_or_empty_variable_takes_default() {
        assert_eq!(expand("${NOPE:-d}", &env).as_deref(), Ok("d"));
        assert_eq!(expand("${EMPTY:-d}", &env).as_deref(), Ok("d"));
    }

    #[test]
    fn unset_variable_without_default_is_an_error() {
        let err = expand("${NOPE}", &env).unwrap_err();
        assert!(err.contains("`NOPE` is not set"), "{err}");
    }

    #[test]
    fn dollars_without_braces_and_escapes_stay_literal() {
        assert_eq!(expand("a$b $${X}", &env).as_deref(), Ok("a$b ${X}"));
    }

    #[test]
    fn unterminated_reference_is_an_error() {
        assert!(expand("${CRM_URL", &env).is_err());
    }
}
