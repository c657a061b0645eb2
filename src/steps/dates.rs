//! Dates: Arrow format strings (zato-apitest's `YYYY-MM-DDTHH:mm:ss` tokens)
//! rendered with chrono, named formats (`date format "name" "format"`, built-in
//! `default`), and the dates the request setters write.
//!
//! | Arrow | chrono | example |
//! |---|---|---|
//! | `YYYY` `YY` | `%Y` `%y` | `2026` `26` |
//! | `MMMM` `MMM` `MM` `M` | `%B` `%b` `%m` `%-m` | `January` `Jan` `01` `1` |
//! | `DDDD` `DDD` `DD` `D` `Do` | `%j` `%-j` `%d` `%-d` | `005` `5` `05` `5` `5th` |
//! | `dddd` `ddd` `d` | `%A` `%a` `%u` | `Monday` `Mon` `1` |
//! | `HH` `H` `hh` `h` `A` `a` | `%H` `%-H` `%I` `%-I` `%p` `%P` | `13` `13` `01` `1` `PM` `pm` |
//! | `mm` `m` `ss` `s` `S`… | `%M` `%-M` `%S` `%-S` fraction digits | `07` `7` `09` `9` `123` |
//! | `ZZZ` `ZZ` `Z` | `%Z` `%:z` `%z` | `UTC` `+00:00` `+0000` |
//! | `X` `x` `W` | seconds, microseconds since 1970, ISO week | `1767225600` … `2026-W01-4` |
//! | `[text]` | the text | `[T]` → `T` |
//!
//! Any other character is written as it is.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Local, NaiveDate, NaiveDateTime, Utc};
use rand::RngExt;

use super::Args;
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, input_error};

/// The built-in format name and its Arrow format.
pub const DEFAULT_FORMAT: (&str, &str) = ("default", "YYYY-MM-DDTHH:mm:ss");

/// Which date a setter writes.
#[derive(Debug, Clone, Copy)]
pub(super) enum DateKind {
    /// A random moment between 1970 and 2100; arguments: format.
    Random,
    /// Local time now; arguments: format.
    Now,
    /// UTC now; arguments: format.
    UtcNow,
    /// UTC now minus one hour; arguments: format.
    UtcNowMinusHour,
    /// 0 to 100000 days after a date; arguments: date, format.
    After,
    /// 0 to 100000 days before a date; arguments: date, format.
    Before,
    /// A random day from the first date to the second; arguments: start, end, format.
    Between,
}

/// The formatted date of `kind`, reading its arguments from `a` starting at
/// `first` (the argument after the path).
pub(super) fn date_text(
    s: &Scenario,
    kind: DateKind,
    a: &Args,
    first: usize,
) -> Result<String, StepError> {
    let date_arg = |i: usize| -> Result<DateTime<FixedOffset>, StepError> {
        let text = s.text(a.get(first + i))?;
        parse_date(&text)
    };
    let (date, format_at) = match kind {
        DateKind::Random => {
            let seconds = rand::rng().random_range(0..4_102_444_800_i64);
            (from_timestamp(seconds)?, 0)
        }
        DateKind::Now => (Local::now().fixed_offset(), 0),
        DateKind::UtcNow => (Utc::now().fixed_offset(), 0),
        DateKind::UtcNowMinusHour => ((Utc::now() - Duration::hours(1)).fixed_offset(), 0),
        DateKind::After => (shift_days(date_arg(0)?, random_days())?, 1),
        DateKind::Before => (shift_days(date_arg(0)?, -random_days())?, 1),
        DateKind::Between => {
            let (start, end) = (date_arg(0)?, date_arg(1)?);
            if end < start {
                return input_error(format!(
                    "the random date range ends before it starts: {} is after {}",
                    a.get(first),
                    a.get(first + 1)
                ));
            }
            let days = (end - start).num_days();
            (shift_days(start, rand::rng().random_range(0..=days))?, 2)
        }
    };
    let name = s.text(a.get(first + format_at))?;
    let format = named_format(s, &name)?;
    Ok(format_arrow(&date, &format))
}

fn random_days() -> i64 {
    rand::rng().random_range(0..=100_000)
}

fn from_timestamp(seconds: i64) -> Result<DateTime<FixedOffset>, StepError> {
    DateTime::from_timestamp(seconds, 0)
        .map(|d| d.fixed_offset())
        .ok_or_else(|| StepError::Input(format!("{seconds} is not a valid timestamp")))
}

fn shift_days(date: DateTime<FixedOffset>, days: i64) -> Result<DateTime<FixedOffset>, StepError> {
    date.checked_add_signed(Duration::days(days))
        .filter(|d| (1..=9999).contains(&d.year()))
        .ok_or_else(|| StepError::Input(format!("{date} moved by {days} days is out of range")))
}

/// The Arrow format registered under `name` (`default` is built in).
pub(super) fn named_format(s: &Scenario, name: &str) -> Result<String, StepError> {
    if let Some(format) = s.request.date_formats.get(name) {
        return Ok(format.clone());
    }
    if name == DEFAULT_FORMAT.0 {
        return Ok(DEFAULT_FORMAT.1.to_owned());
    }
    let mut known: Vec<&str> = vec![DEFAULT_FORMAT.0];
    known.extend(s.request.date_formats.keys().map(String::as_str));
    input_error(format!(
        "unknown date format name `{name}` (defined: {}); register it first, e.g. `Given date format \"{name}\" \"YYYY-MM-DD\"`\n  hint: date formats last one scenario; register shared ones in the Background",
        known.join(", ")
    ))
}

/// Parses a date as users write them: RFC 3339, RFC 2822, `YYYY-MM-DD` with an
/// optional `THH:MM[:SS[.f]]` or ` HH:MM[:SS[.f]]` (UTC when no offset is given).
pub fn parse_date(text: &str) -> Result<DateTime<FixedOffset>, StepError> {
    let text = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(text) {
        return Ok(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(text) {
        return Ok(d);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(d.and_utc().fixed_offset());
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(text, format) {
            return Ok(d.and_time(chrono::NaiveTime::MIN).and_utc().fixed_offset());
        }
    }
    input_error(format!(
        "`{text}` is not a date; write it like 2026-01-31, 2026-01-31T13:45:00 or 2026-01-31T13:45:00+02:00"
    ))
}

/// One piece of a translated Arrow format.
#[derive(Debug, PartialEq)]
enum Piece {
    /// A chrono format string.
    Chrono(String),
    /// The day of the month with an English ordinal suffix (`Do`).
    Ordinal,
    /// The fraction of a second with this many digits (`S`…).
    Fraction(usize),
    /// Microseconds since 1970 (`x`).
    Micros,
}

const TOKENS: &[(&str, &str)] = &[
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("M", "%-m"),
    ("DDDD", "%j"),
    ("DDD", "%-j"),
    ("Do", ""),
    ("DD", "%d"),
    ("D", "%-d"),
    ("dddd", "%A"),
    ("ddd", "%a"),
    ("d", "%u"),
    ("HH", "%H"),
    ("H", "%-H"),
    ("hh", "%I"),
    ("h", "%-I"),
    ("mm", "%M"),
    ("m", "%-M"),
    ("ss", "%S"),
    ("s", "%-S"),
    ("ZZZ", "%Z"),
    ("ZZ", "%:z"),
    ("Z", "%z"),
    ("a", "%P"),
    ("A", "%p"),
    ("X", "%s"),
    ("x", ""),
    ("W", "%G-W%V-%u"),
];

/// Translates an Arrow format into chrono pieces.
fn translate(format: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut chrono = String::new();
    let mut rest = format;
    let flush = |chrono: &mut String, pieces: &mut Vec<Piece>| {
        if !chrono.is_empty() {
            pieces.push(Piece::Chrono(std::mem::take(chrono)));
        }
    };
    while let Some(ch) = rest.chars().next() {
        if ch == '['
            && let Some(end) = rest.find(']')
        {
            chrono.push_str(&rest[1..end].replace('%', "%%"));
            rest = &rest[end + 1..];
            continue;
        }
        if ch == 'S' {
            let digits = rest.chars().take_while(|c| *c == 'S').count().min(9);
            flush(&mut chrono, &mut pieces);
            pieces.push(Piece::Fraction(digits));
            rest = &rest[digits..];
            continue;
        }
        if let Some((token, replacement)) = TOKENS.iter().find(|(t, _)| rest.starts_with(t)) {
            match *token {
                "Do" => {
                    flush(&mut chrono, &mut pieces);
                    pieces.push(Piece::Ordinal);
                }
                "x" => {
                    flush(&mut chrono, &mut pieces);
                    pieces.push(Piece::Micros);
                }
                _ => chrono.push_str(replacement),
            }
            rest = &rest[token.len()..];
            continue;
        }
        if ch == '%' {
            chrono.push_str("%%");
        } else {
            chrono.push(ch);
        }
        rest = &rest[ch.len_utf8()..];
    }
    flush(&mut chrono, &mut pieces);
    pieces
}

/// Formats a date with an Arrow format string.
pub fn format_arrow(date: &DateTime<FixedOffset>, format: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for piece in translate(format) {
        match piece {
            Piece::Chrono(f) => {
                let items = chrono::format::StrftimeItems::new(&f);
                // An invalid chrono item cannot arise: every `%` we emit is valid.
                if write!(out, "{}", date.format_with_items(items)).is_err() {
                    out.push_str(&f);
                }
            }
            Piece::Ordinal => {
                let day = date.day();
                let suffix = match (day % 10, day % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                out.push_str(&format!("{day}{suffix}"));
            }
            Piece::Fraction(digits) => {
                let nanos = format!("{:09}", date.timestamp_subsec_nanos().min(999_999_999));
                out.push_str(&nanos[..digits]);
            }
            Piece::Micros => out.push_str(&date.timestamp_micros().to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-03-05T14:07:09.123456+00:00").unwrap()
    }

    #[test]
    fn the_default_arrow_format_gives_an_iso_date_without_offset() {
        assert_eq!(
            format_arrow(&date(), DEFAULT_FORMAT.1),
            "2026-03-05T14:07:09"
        );
    }

    #[test]
    fn arrow_tokens_names_ordinals_fractions_and_escapes_are_translated() {
        assert_eq!(
            format_arrow(&date(), "dddd, MMMM Do YYYY h:mm A [at] ZZ"),
            "Thursday, March 5th 2026 2:07 PM at +00:00"
        );
        assert_eq!(
            format_arrow(&date(), "YY/M/D H:m:s.SSS"),
            "26/3/5 14:7:9.123"
        );
        assert_eq!(format_arrow(&date(), "X 100%"), "1772719629 100%");
    }

    #[test]
    fn dates_are_read_in_the_usual_forms() {
        assert_eq!(parse_date("2026-03-05").unwrap().day(), 5);
        assert_eq!(parse_date("2026-03-05 10:00").unwrap().hour_of_day(), 10);
        assert!(parse_date("5th of March").is_err());
    }

    trait Hour {
        fn hour_of_day(&self) -> u32;
    }
    impl Hour for DateTime<FixedOffset> {
        fn hour_of_day(&self) -> u32 {
            chrono::Timelike::hour(self)
        }
    }
}
