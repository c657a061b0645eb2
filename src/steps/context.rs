//! Variables, context and utilities.

use super::{Exec, Family, StepDef};
use serde_json::Value;

use crate::assert::lookup;
use crate::http::Format;
use crate::runner::StepError;
use crate::runner::scenario::{Body, OAuthSettings, RequestState, Scenario};

/// Variables, context and utilities.
pub(super) const STEPS: &[StepDef] = &[
    StepDef {
        pattern: r#"I store "{path}" from response under "{name}""#,
        family: Family::Context,
        summary: "Stores the response value at the path (keeping its JSON type) as `#name`; a missing path fails. With an XML response the path is an XPath.",
        example: r#"Then I store "/action/code" from response under "code""#,
        exec: Exec::Sync(|s, a| {
            let (path, name) = (s.text(a.get(0))?, s.text(a.get(1))?);
            if s.response_format() == Format::Xml {
                let text = super::xml::response_text(s, &path)?;
                s.stored.insert(name, Value::String(text));
                return Ok(());
            }
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
            if s.response_format() == Format::Xml {
                let value = match super::xml::response_text(s, &path) {
                    Ok(text) => Value::String(text),
                    Err(StepError::Failed(_)) => default,
                    Err(e) => return Err(e),
                };
                s.stored.insert(name, value);
                return Ok(());
            }
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
        pattern: "form is cleaned up",
        family: Family::Context,
        summary: "Drops the form fields and files set so far.",
        example: "Then form is cleaned up",
        exec: Exec::Sync(|s, _| {
            s.request.form.clear();
            s.request.files.clear();
            Ok(())
        }),
        stores: false,
    },
    StepDef {
        pattern: "OAuth2 context is cleaned up",
        family: Family::Context,
        summary: "Forgets the OAuth2 settings and the bearer token.",
        example: "Then OAuth2 context is cleaned up",
        exec: Exec::Sync(|s, _| {
            s.request.oauth = OAuthSettings::default();
            Ok(())
        }),
        stores: false,
    },
    StepDef {
        pattern: "context is logged",
        family: Family::Context,
        summary: "Shows the request being built and the stored variables under the scenario in the output.",
        example: "Then context is logged",
        exec: Exec::Sync(|s, _| {
            let note = context_text(s);
            s.notes.push(note);
            Ok(())
        }),
        stores: false,
    },
    StepDef {
        pattern: "I proceed further",
        family: Family::Context,
        summary: "Does nothing; it makes a scenario read well.",
        example: "Then I proceed further",
        exec: Exec::Sync(|_, _| Ok(())),
        stores: false,
    },
    StepDef {
        pattern: "this scenario is invoked",
        family: Family::Context,
        summary: "Does nothing; it makes a scenario read well.",
        example: "When this scenario is invoked",
        exec: Exec::Sync(|_, _| Ok(())),
        stores: false,
    },
    StepDef {
        pattern: "this step is invoked",
        family: Family::Context,
        summary: "Does nothing; it makes a scenario read well.",
        example: "When this step is invoked",
        exec: Exec::Sync(|_, _| Ok(())),
        stores: false,
    },
    StepDef {
        pattern: r#"I sleep for "{seconds}""#,
        family: Family::Context,
        summary: "Waits for the number of seconds (fractions allowed).",
        example: r#"Then I sleep for "0.01""#,
        exec: Exec::Sleep,
        stores: false,
    },
    StepDef {
        pattern: r#"I store header "{header}" from response under "{name}""#,
        family: Family::Context,
        summary: "Stores a response header's value as `#name`; a missing header fails.",
        example: r#"Then I store header "Content-Type" from response under "type""#,
        exec: Exec::Sync(|s, a| {
            let (header, name) = (s.text(a.get(0))?, s.text(a.get(1))?);
            let value = s
                .response()?
                .headers
                .get(header.as_str())
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .ok_or_else(|| {
                    StepError::Failed(format!(
                        "expected header `{header}`, but the response has no such header"
                    ))
                })?;
            s.stored.insert(name, serde_json::Value::String(value));
            Ok(())
        }),
        stores: true,
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

/// `Context: {...}`: the request being built and the stored variables, as one
/// JSON line (the Basic Auth and OAuth2 passwords left out, secret headers and
/// variables as `***`).
fn context_text(s: &Scenario) -> String {
    let r = &s.request;
    let secrets = &s.env.secrets;
    let variables: serde_json::Map<String, Value> = s
        .stored
        .iter()
        .map(|(name, value)| {
            let shown = if secrets.is_secret_variable(name) {
                Value::from(crate::secrets::MASK)
            } else {
                value.clone()
            };
            (name.clone(), shown)
        })
        .collect();
    let body = match &r.body {
        Body::None => serde_json::Value::Null,
        Body::Json(v) => v.clone(),
        Body::Text(t) => serde_json::Value::String(t.clone()),
    };
    let context = serde_json::json!({
        "address": r.address,
        "url_path": r.url_path,
        "query_string": r.query,
        "method": r.method,
        "format": r.format.to_string(),
        "response_format": r.response_format.map(|f| f.to_string()),
        "headers": r.headers.iter().map(|(k, v)| format!("{k}: {}", secrets.header_value(k, v))).collect::<Vec<_>>(),
        "request": body,
        "form": r.form.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
        "files": r.files.iter().map(|(k, p)| format!("{k}={}", p.display())).collect::<Vec<_>>(),
        "basic_auth_user": r.basic_auth.as_ref().map(|(u, _)| u),
        "namespaces": r.namespaces.iter().map(|(p, n)| format!("{p}={n}")).collect::<Vec<_>>(),
        "date_formats": r.date_formats,
        "oauth2_endpoint": r.oauth.endpoint,
        "variables": variables,
    });
    format!("Context: {context}")
}
