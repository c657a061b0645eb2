//! The OAuth2 token request of `I store an OAuth2 bearer token under "name"`.
//!
//! The fields are zato-apitest 24.x's: `grant_type` (default `password`), the
//! user name and password under their configured field names (default
//! `username` / `password`), `scopes` (not the RFC's `scope`) when set, then the
//! extra fields. They go as a form, or as JSON with `OAuth2 request format "JSON"`.

use serde_json::{Map, Value};

use crate::runner::StepError;
use crate::runner::scenario::OAuthSettings;

/// The fields of the token request, in the order they are sent.
pub fn token_fields(settings: &OAuthSettings) -> Result<Vec<(String, String)>, StepError> {
    let Some((user, password)) = &settings.credentials else {
        return Err(StepError::Input(
            "no OAuth2 credentials: add `Given OAuth2 credentials \"user\" \"password\"`"
                .to_owned(),
        ));
    };
    let mut fields = vec![
        ("grant_type".to_owned(), settings.grant_type.clone()),
        (settings.client_id_field.clone(), user.clone()),
        (settings.client_secret_field.clone(), password.clone()),
    ];
    if let Some(scopes) = &settings.scopes {
        fields.push(("scopes".to_owned(), scopes.clone()));
    }
    for (name, value) in &settings.extra_fields {
        match fields.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value.clone(),
            None => fields.push((name.clone(), value.clone())),
        }
    }
    Ok(fields)
}

/// POSTs the token request and returns the `access_token` of a 2xx reply; any
/// other reply is a runtime error naming the status and the body. The password
/// (or client secret), secret-looking extra fields and the token join `secrets`.
pub async fn fetch_token(
    client: &reqwest::Client,
    settings: &OAuthSettings,
    secrets: &crate::secrets::Secrets,
) -> Result<String, StepError> {
    if settings.endpoint.is_empty() {
        return Err(StepError::Input(
            "no OAuth2 endpoint: add `Given OAuth2 endpoint \"http://host/token\"`".to_owned(),
        ));
    }
    let url = reqwest::Url::parse(&settings.endpoint).map_err(|e| {
        StepError::Input(format!(
            "invalid OAuth2 endpoint `{}`: {e}",
            settings.endpoint
        ))
    })?;
    let fields = token_fields(settings)?;
    if let Some((_, password)) = &settings.credentials {
        secrets.add(password);
    }
    for (name, value) in &settings.extra_fields {
        let name = name.to_ascii_lowercase();
        if ["secret", "password", "token", "assertion"]
            .iter()
            .any(|w| name.contains(w))
        {
            secrets.add(value);
        }
    }
    let builder = client.post(url);
    let builder = if settings.json {
        let body: Map<String, Value> = fields
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        let bytes = serde_json::to_vec(&Value::Object(body))
            .map_err(|e| StepError::Input(e.to_string()))?;
        builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(bytes)
    } else {
        builder.form(&fields)
    };
    let response = builder
        .send()
        .await
        .map_err(|e| super::transport_error(&settings.endpoint, &e))?;
    let status = response.status();
    let body = response
        .bytes()
        .await
        .map_err(|e| super::transport_error(&settings.endpoint, &e))?;
    if !status.is_success() {
        return Err(StepError::Runtime(format!(
            "the OAuth2 token request to {} was refused: status {}; body: {}",
            settings.endpoint,
            status.as_u16(),
            super::body_start(&body)
        )));
    }
    let token =
        serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|v| match v.get("access_token") {
                Some(Value::String(s)) => Some(s.clone()),
                _ => None,
            });
    if let Some(token) = &token {
        secrets.add(token);
    }
    token.ok_or_else(|| {
        StepError::Runtime(format!(
            "the OAuth2 token reply from {} has no string `access_token`; body: {}",
            settings.endpoint,
            super::body_start(&body)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_fields_follow_zato_apitest_with_renamed_credentials_and_extra_fields_last() {
        let settings = OAuthSettings {
            credentials: Some(("api".to_owned(), "secret".to_owned())),
            scopes: Some("read write".to_owned()),
            client_id_field: "client_id".to_owned(),
            extra_fields: vec![
                ("audience".to_owned(), "x".to_owned()),
                ("grant_type".to_owned(), "client_credentials".to_owned()),
            ],
            ..OAuthSettings::default()
        };
        let fields = token_fields(&settings).unwrap();
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("grant_type", "client_credentials"),
                ("client_id", "api"),
                ("password", "secret"),
                ("scopes", "read write"),
                ("audience", "x"),
            ]
        );
    }

    #[test]
    fn token_fields_need_credentials() {
        let err = token_fields(&OAuthSettings::default()).unwrap_err();
        assert!(err.message().contains("OAuth2 credentials"), "{err}");
    }
}
