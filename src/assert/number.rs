//! Exact JSON numbers. serde_json keeps each number as it was written (its
//! `arbitrary_precision` feature), and two numbers are equal when their decimal
//! values are, whatever their size or form:
//!
//! ```text
//! 9007199254740993 = 9007199254740993      9007199254740993 ≠ 9007199254740992
//! 1 = 1.0 = 1e0 = 10E-1 = 0.1e1            0.1 ≠ 0.1000000000000000055511151231257827
//! 18446744073709551617 (above u64)         -0 = 0
//! ```
//!
//! An *integer* is a number written without a fraction or an exponent (`7`,
//! `-12`, `18446744073709551617`); anything else is a *float* (`7.0`, `1e3`),
//! as Python's `json` module reads them.

use serde_json::Number;

/// A number's exact value: `0.DIGITS × 10^point`, with no leading or trailing
/// zero in `digits` (zero has no digits).
#[derive(Debug, PartialEq, Eq)]
struct Decimal {
    negative: bool,
    digits: String,
    point: i128,
}

/// Reads a decimal number: an optional sign, digits with an optional `.`
/// (digits on at least one side of it), and an optional exponent. `None` when
/// the text is not such a number, or its exponent is beyond `i128`.
fn decimal(text: &str) -> Option<Decimal> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], rest[at + 1..].parse::<i128>().ok()?),
        None => (rest, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let joined = format!("{int}{frac}");
    let significant = joined.trim_start_matches('0');
    let leading = i128::try_from(joined.len() - significant.len()).ok()?;
    let digits = significant.trim_end_matches('0').to_owned();
    if digits.is_empty() {
        return Some(Decimal {
            negative: false,
            digits,
            point: 0,
        });
    }
    let point = exponent
        .checked_add(i128::try_from(int.len()).ok()?)?
        .checked_sub(leading)?;
    Some(Decimal {
        negative,
        digits,
        point,
    })
}

/// Whether two JSON numbers have the same decimal value (`1` and `1.0` do;
/// `9007199254740993` and `9007199254740992` do not). Numbers whose exponent
/// is too large to work with are equal only when written the same way.
pub fn numbers_equal(a: &Number, b: &Number) -> bool {
    let (a, b) = (a.as_str(), b.as_str());
    a == b
        || match (decimal(a), decimal(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
}

/// Whether the number is written as an integer: no fraction, no exponent.
pub fn is_integer(n: &Number) -> bool {
    !n.as_str().contains(['.', 'e', 'E'])
}

/// Whether the number is zero (`0`, `-0`, `0.0`, `0e5`).
pub fn is_zero(n: &Number) -> bool {
    decimal(n.as_str()).is_some_and(|d| d.digits.is_empty())
}

/// A number as a user writes it in a step: JSON's forms, plus a leading `+`
/// and a bare point (`.5`, `5.`), kept exactly. `None` for anything else
/// (`1,5`, `inf`, `0x10`).
pub fn parse_number(text: &str) -> Option<Number> {
    let text = text.trim();
    decimal(text)?;
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    let (sign, body) = match unsigned.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", unsigned),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => body.split_at(at),
        None => (body, ""),
    };
    let mantissa = match mantissa.split_once('.') {
        Some((int, frac)) => format!(
            "{}.{}",
            if int.is_empty() { "0" } else { int },
            if frac.is_empty() { "0" } else { frac }
        ),
        None => mantissa.to_owned(),
    };
    // JSON allows no leading zeros (`007`): drop them, keeping one before a point.
    let trimmed = mantissa.trim_start_matches('0');
    let mantissa = if trimmed.is_empty() || trimmed.starts_with('.') {
        format!("0{trimmed}")
    } else {
        trimmed.to_owned()
    };
    format!("{sign}{mantissa}{exponent}").parse().ok()
}

/// An integer as a user writes it in a step: an optional sign and digits, of
/// any size.
pub fn parse_integer(text: &str) -> Option<Number> {
    let text = text.trim();
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_number(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        text.parse().unwrap()
    }

    #[test]
    fn integers_of_any_size_compare_exactly() {
        assert!(!numbers_equal(
            &n("9007199254740993"),
            &n("9007199254740992")
        ));
        assert!(!numbers_equal(
            &n("18446744073709551617"),
            &n("18446744073709551616")
        ));
        assert!(numbers_equal(
            &n("123456789012345678901234567890"),
            &n("1.23456789012345678901234567890e29")
        ));
    }

    #[test]
    fn decimals_compare_by_their_exact_value() {
        assert!(numbers_equal(&n("1"), &n("1.0")));
        assert!(numbers_equal(&n("1.10"), &n("1.1")));
        assert!(numbers_equal(&n("1e2"), &n("100")));
        assert!(numbers_equal(&n("10E-1"), &n("1")));
        assert!(numbers_equal(&n("-0"), &n("0.0")));
        assert!(numbers_equal(&n("0.00120"), &n("1.2e-3")));
        assert!(!numbers_equal(
            &n("0.1"),
            &n("0.1000000000000000055511151231257827")
        ));
        assert!(!numbers_equal(&n("-1"), &n("1")));
        assert!(!numbers_equal(&n("1e400"), &n("1e401")));
    }

    #[test]
    fn huge_exponents_are_equal_only_as_the_same_text() {
        let huge = "1e999999999999999999999999999999999999999999";
        assert!(numbers_equal(&n(huge), &n(huge)));
        assert!(!numbers_equal(
            &n(huge),
            &n("10e999999999999999999999999999999999999999998")
        ));
    }

    #[test]
    fn integers_are_written_without_fraction_or_exponent() {
        assert!(is_integer(&n("-18446744073709551617")));
        assert!(!is_integer(&n("1.0")));
        assert!(!is_integer(&n("1e2")));
        assert!(is_zero(&n("-0.0e7")));
        assert!(!is_zero(&n("1e-400")));
    }

    #[test]
    fn user_numbers_keep_their_digits() {
        assert_eq!(parse_number(" +.5 ").unwrap().as_str(), "0.5");
        assert_eq!(parse_number("5.").unwrap().as_str(), "5.0");
        assert_eq!(parse_number("007").unwrap().as_str(), "7");
        assert_eq!(
            parse_number("0.1000000000000000055511151231257827")
                .unwrap()
                .as_str(),
            "0.1000000000000000055511151231257827"
        );
        assert!(parse_number("1,5").is_none());
        assert!(parse_number("inf").is_none());
        assert!(parse_number("").is_none());
        assert_eq!(
            parse_integer("18446744073709551617").unwrap().as_str(),
            "18446744073709551617"
        );
        assert!(parse_integer("1.0").is_none());
    }
}
