//! OAuth2 (zato-apitest 24.x): the token request's settings, fetching a bearer
//! token into a variable, and sending it with every later request.

use super::request::step;
use super::{Exec, Family, StepDef};
use crate::runner::{StepError, input_error};

/// OAuth2 settings and tokens.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Request,
        r#"OAuth2 endpoint "{address}""#,
        "The token URL that `I store an OAuth2 bearer token` POSTs to.",
        r#"Given OAuth2 endpoint "http://127.0.0.1:8080/token""#,
        |s, a| {
            s.request.oauth.endpoint = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 credentials "{username}" "{password}""#,
        "The user name (client id) and password (client secret) of the token request.",
        r#"Given OAuth2 credentials "api" "secret""#,
        |s, a| {
            s.request.oauth.credentials = Some((s.text(a.get(0))?, s.text(a.get(1))?));
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 scopes "{scopes}""#,
        "Sent as the field `scopes`, as written.",
        r#"Given OAuth2 scopes "read write""#,
        |s, a| {
            s.request.oauth.scopes = Some(s.text(a.get(0))?);
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 grant type "{grant_type}""#,
        "The `grant_type` field (default `password`).",
        r#"Given OAuth2 grant type "client_credentials""#,
        |s, a| {
            s.request.oauth.grant_type = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 extra fields "{fields}""#,
        "More fields of the token request, written `k=v, k2=v2`.",
        r#"Given OAuth2 extra fields "audience=api, tenant=7""#,
        |s, a| {
            let text = s.text(a.get(0))?;
            for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let Some((k, v)) = pair.split_once('=') else {
                    return input_error(format!(
                        "OAuth2 extra field `{pair}` is not `name=value` (write them `k=v, k2=v2`)"
                    ));
                };
                s.request
                    .oauth
                    .extra_fields
                    .push((k.trim().to_owned(), v.trim().to_owned()));
            }
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 client ID field "{field}""#,
        "The field name of the user name / client id (default `username`).",
        r#"Given OAuth2 client ID field "client_id""#,
        |s, a| {
            s.request.oauth.client_id_field = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 client secret field "{field}""#,
        "The field name of the password / client secret (default `password`).",
        r#"Given OAuth2 client secret field "client_secret""#,
        |s, a| {
            s.request.oauth.client_secret_field = s.text(a.get(0))?;
            Ok(())
        }
    ),
    step!(
        Request,
        r#"OAuth2 request format "{format}""#,
        "`JSON` sends the token request as JSON; anything else as a form.",
        r#"Given OAuth2 request format "JSON""#,
        |s, a| {
            s.request.oauth.json = s.text(a.get(0))?.eq_ignore_ascii_case("JSON");
            Ok(())
        }
    ),
    StepDef {
        pattern: r#"I store an OAuth2 bearer token under "{name}""#,
        family: Family::Request,
        summary: "POSTs to the OAuth2 endpoint and stores the reply's `access_token` as `#name`; a non-2xx reply is an error.",
        example: r#"Given I store an OAuth2 bearer token under "token""#,
        exec: Exec::OAuthToken,
        stores: true,
    },
    step!(
        Request,
        r#"OAuth2 bearer token "{token}""#,
        "Sends `Authorization: Bearer <token>` with every later request of the scenario.",
        r##"Given OAuth2 bearer token "#token""##,
        |s, a| {
            let token = s.text(a.get(0))?;
            if token.is_empty() {
                return Err(StepError::Input(
                    "the OAuth2 bearer token is empty".to_owned(),
                ));
            }
            s.request.oauth.bearer = Some(token);
            Ok(())
        }
    ),
];
