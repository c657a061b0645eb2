//! Variables, context and utilities.

use super::{Exec, Family, StepDef};
use crate::assert::lookup;
use crate::runner::StepError;
use crate::runner::scenario::RequestState;

/// Variables, context and utilities.
pub(super) const STEPS: &[StepDef] = &[
    StepDef {
        pattern: r#"I store "{path}" from response under "{name}""#,
        family: Family::Context,
        summary: "Stores the response value at the path (keeping its JSON type) as `#name`; a missing path fails.",
        example: r#"Then I store "/action/code" from response under "code""#,
        exec: Exec::Sync(|s, a| {
            let (path, name) = (s.text(a.get(0))?, s.text(a.get(1))?);
            let pointer = super::json::parse_pointer(&path)?;
            let value = lookup(s.json()?, pointer)
                .map_err(|why| StepError::Failed(format!("path \"{path}\" not found: {why}")))?
                .clone();
            s.stored.insert(name, value);
            Ok(())
        }),
        stores: true,
    },
    StepDef {
        pattern: r#"I store "{path}" from response under "{name}", default "{default}""#,
        family: Family::Context,
        summary: "As above, storing the default (a string) when the path is missing.",
        example: r#"Then I store "/next" from response under "next", default "none""#,
        exec: Exec::Sync(|s, a| {
            let (path, name) = (s.text(a.get(0))?, s.text(a.get(1))?);
            let default = s.value(a.get(2))?;
            let pointer = super::json::parse_pointer(&path)?;
            let value = lookup(s.json()?, pointer).cloned().unwrap_or(default);
            s.stored.insert(name, value);
            Ok(())
        }),
        stores: true,
    },
    StepDef {
        pattern: r#"I store "{value}" under "{name}""#,
        family: Family::Context,
        summary: "Stores a value as `#name` (a lone `#other` keeps its type).",
        example: r#"Given I store "Maria Garcia" under "cust_name""#,
        exec: Exec::Sync(|s, a| {
            let value = s.value(a.get(0))?;
            let name = s.text(a.get(1))?;
            s.stored.insert(name, value);
            Ok(())
        }),
        stores: true,
    },
    StepDef {
        pattern: "context is cleaned up",
        family: Family::Context,
        summary: "Resets the request (address, headers, body, auth, formats) and forgets stored variables.",
        example: "Then context is cleaned up",
        exec: Exec::Sync(|s, _| {
            s.request = RequestState::default();
            s.response = None;
            s.stored.clear();
            Ok(())
        }),
        stores: true,
    },
    StepDef {
        pattern: r#"I sleep for "{seconds}""#,
        family: Family::Context,
        summary: "Waits for the number of seconds (fractions allowed).",
        example: r#"Then I sleep for "0.01""#,
        exec: Exec::Sleep,
        stores: false,
    },
];

/// Parses the seconds argument of `I sleep for`.
pub fn sleep_seconds(text: &str) -> Result<std::time::Duration, StepError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| StepError::Input(format!("`{text}` is not a number of seconds")))
}
