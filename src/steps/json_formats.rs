//! JSON checks of string forms: prefixes, UUIDs and Crockford's Base32.

use serde_json::Value;

use super::StepDef;
use super::json::check;
use super::request::{csv, step};
use crate::assert::describe;
use crate::runner::input_error;

/// String-form checks.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Json,
        r#"path "{path}" starts with any of "{values}""#,
        "The value is a string that starts with one of the comma-separated values.",
        r#"Then path "/string" starts with any of "Hi,How,Hello""#,
        |s, a| {
            let text = s.text(a.get(1))?;
            check(s, a, |actual| match actual {
                Value::String(v) if csv(&text).any(|p| v.starts_with(p)) => Ok(()),
                _ => Err(format!(
                    "expected a string starting with any of {}, got {}",
                    csv(&text).collect::<Vec<_>>().join(", "),
                    describe(actual)
                )),
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is not a string "{value}""#,
        "The value is anything but this string.",
        r#"Then path "/string" is not a string "Goodbye""#,
        |s, a| {
            let unexpected = s.text(a.get(1))?;
            check(s, a, |actual| match actual {
                Value::String(v) if *v == unexpected => Err(format!(
                    "expected anything but string {unexpected:?}, got it"
                )),
                _ => Ok(()),
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is a uuid"#,
        "The value is a string that parses as a UUID (any version, with or without dashes).",
        r#"Then path "/uuid" is a uuid"#,
        |s, a| {
            check(s, a, |actual| match actual {
                Value::String(v) if uuid::Uuid::parse_str(v).is_ok() => Ok(()),
                _ => Err(format!("expected a UUID, got {}", describe(actual))),
            })
        }
    ),
    step!(
        Json,
        r#"path "{path}" is a BASE32 Crockford, checksum "{checksum}""#,
        "The value is Crockford Base32 (dashes ignored); with checksum \"true\" its last symbol is the mod-37 check symbol.",
        r#"Then path "/code" is a BASE32 Crockford, checksum "true""#,
        |s, a| {
            let flag = s.text(a.get(1))?;
            let checksum = match flag.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => true,
                "false" | "no" | "0" => false,
                _ => {
                    return input_error(format!(
                        "checksum must be \"true\" or \"false\", got `{flag}`"
                    ));
                }
            };
            check(s, a, |actual| match actual {
                Value::String(v) => crockford(v, checksum).map_err(|why| {
                    format!("expected Crockford Base32, got {}: {why}", describe(actual))
                }),
                _ => Err(format!(
                    "expected Crockford Base32, got {}",
                    describe(actual)
                )),
            })
        }
    ),
];

const DIGITS: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK_SYMBOLS: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

/// Checks Crockford Base32 text as the `base32-crockford` Python package decodes
/// it: dashes dropped, case ignored, `I`/`L` read as 1 and `O` as 0.
fn crockford(text: &str, checksum: bool) -> Result<(), String> {
    let normalised: String = text
        .chars()
        .filter(|c| *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        })
        .collect();
    let (body, check) = if checksum {
        let mut chars = normalised.chars();
        let check = chars.next_back();
        (chars.as_str().to_owned(), check)
    } else {
        (normalised.clone(), None)
    };
    if body.is_empty() {
        return Err("no symbols".to_owned());
    }
    let mut remainder = 0u32;
    for c in body.chars() {
        let Some(digit) = DIGITS.find(c) else {
            return Err(format!("`{c}` is not a Crockford Base32 symbol"));
        };
        remainder = (remainder * 32 + digit as u32) % 37;
    }
    if let Some(check) = check {
        let Some(expected) = CHECK_SYMBOLS.find(check) else {
            return Err(format!("`{check}` is not a check symbol"));
        };
        if expected as u32 != remainder {
            return Err(format!(
                "the check symbol is `{check}` but the value's is `{}`",
                CHECK_SYMBOLS.chars().nth(remainder as usize).unwrap_or('?')
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::crockford;

    #[test]
    fn crockford_values_are_checked_with_and_without_checksum() {
        // 1234 = 16*32*2 + 4*32 + 18 → "16J"; 1234 % 37 = 13 → check symbol "D".
        assert!(crockford("16J", false).is_ok());
        assert!(crockford("16-jD", true).is_ok());
        assert!(crockford("16JE", true).is_err());
        assert!(crockford("16U!", false).is_err());
    }
}
