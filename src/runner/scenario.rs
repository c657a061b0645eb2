//! The state one scenario owns while it runs: the request being built, the last
//! response, and access to variables.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::StepError;
use super::vars::{Lookup, Stored};
use crate::http::{Format, Response};

/// What every scenario of a run shares: the HTTP client and settings.
pub struct RunEnv {
    /// The one HTTP client of the run (connection reuse).
    pub client: reqwest::Client,
    /// `@name` variables: `features/config.ini` `[user]`, `apitest.toml` `[vars]`,
    /// `--var K=V` (later sources win).
    pub config_vars: BTreeMap<String, String>,
    /// A random prefix for correlation ids, unique per run.
    pub run_id: String,
    /// The fake backends of the run.
    pub backends: Vec<crate::mock::RunningBackend>,
    /// Whether to record every request and response as a note (`-v`).
    pub verbose: bool,
    /// The run's secrets: steps and HTTP add them, outputs mask them.
    pub secrets: crate::secrets::Secrets,
}

/// The body of the request being built.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Body {
    /// No body.
    #[default]
    None,
    /// A JSON document (serialised when sent).
    Json(Value),
    /// Text sent as it is (RAW and XML formats).
    Text(String),
}

/// The request a scenario builds step by step.
#[derive(Debug, Clone)]
pub struct RequestState {
    /// Scheme, host and port, e.g. `http://127.0.0.1:8080`.
    pub address: String,
    /// The URL path (default `/`).
    pub url_path: String,
    /// The query string, `?` included, appended verbatim.
    pub query: String,
    /// The HTTP method (default `GET`).
    pub method: String,
    /// Headers in the order they were set; a later value for the same name replaces.
    pub headers: Vec<(String, String)>,
    /// The request format (default JSON).
    pub format: Format,
    /// How to read the response, when it differs from the request format.
    pub response_format: Option<Format>,
    /// The body.
    pub body: Body,
    /// Form fields, in order; a repeated name becomes a repeated field.
    pub form: Vec<(String, String)>,
    /// Basic Auth user name and password.
    pub basic_auth: Option<(String, String)>,
    /// Files for a multipart upload: (field name, path of the file).
    pub files: Vec<(String, PathBuf)>,
    /// XML namespace prefixes for XPath steps: (prefix, namespace URI).
    pub namespaces: Vec<(String, String)>,
    /// Date format names registered with `date format`, as Arrow formats.
    pub date_formats: BTreeMap<String, String>,
    /// OAuth2 token request settings.
    pub oauth: OAuthSettings,
}

/// How to ask for an OAuth2 bearer token (zato-apitest 24.x steps).
#[derive(Debug, Clone)]
pub struct OAuthSettings {
    /// The token URL.
    pub endpoint: String,
    /// The user name (or client id) and password (or client secret).
    pub credentials: Option<(String, String)>,
    /// Sent as the field `scopes` when set.
    pub scopes: Option<String>,
    /// The `grant_type` field (default `password`).
    pub grant_type: String,
    /// More fields, in order.
    pub extra_fields: Vec<(String, String)>,
    /// The field name of the user name (default `username`).
    pub client_id_field: String,
    /// The field name of the password (default `password`).
    pub client_secret_field: String,
    /// Whether the token request is sent as JSON (else as a form).
    pub json: bool,
    /// A bearer token sent as `Authorization: Bearer <token>` with every later
    /// request of the scenario.
    pub bearer: Option<String>,
}

impl Default for OAuthSettings {
    fn default() -> Self {
        Self {
            endpoint: String::new(),
            credentials: None,
            scopes: None,
            grant_type: "password".to_owned(),
            extra_fields: Vec::new(),
            client_id_field: "username".to_owned(),
            client_secret_field: "password".to_owned(),
            json: false,
            bearer: None,
        }
    }
}

impl Default for RequestState {
    fn default() -> Self {
        Self {
            address: String::new(),
            url_path: "/".to_owned(),
            query: String::new(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            format: Format::Json,
            response_format: None,
            body: Body::None,
            form: Vec::new(),
            basic_auth: None,
            files: Vec::new(),
            namespaces: Vec::new(),
            date_formats: BTreeMap::new(),
            oauth: OAuthSettings::default(),
        }
    }
}

impl RequestState {
    /// Sets a header, replacing an earlier value of the same name (case-insensitive).
    pub fn set_header(&mut self, name: String, value: String) {
        if let Some(slot) = self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
        {
            slot.1 = value;
        } else {
            self.headers.push((name, value));
        }
    }
}

/// One running scenario.
pub struct Scenario<'a> {
    /// The request being built.
    pub request: RequestState,
    /// The last response, once the URL was invoked.
    pub response: Option<Response>,
    /// Stored variables (shared in order by the scenarios of one feature).
    pub stored: &'a mut Stored,
    /// The run's shared settings.
    pub env: &'a RunEnv,
    /// The `features/` directory data files are read from.
    pub features_dir: Arc<Path>,
    /// The correlation id sent with every request of this scenario.
    pub correlation_id: String,
    /// Whether the scenario runs alone (`@serial`): backend checks then count
    /// every request, not only those with this scenario's correlation id.
    pub serial: bool,
    /// Lines the current step wants shown with its outcome (`context is
    /// logged`, `-v` exchanges); the runner collects them after each step.
    pub notes: Vec<String>,
}

impl Scenario<'_> {
    fn lookup(&self) -> Lookup<'_> {
        Lookup {
            stored: self.stored,
            config: &self.env.config_vars,
        }
    }

    /// An argument as text, variables resolved.
    pub fn text(&self, raw: &str) -> Result<String, StepError> {
        Ok(self.lookup().text(raw)?)
    }

    /// An argument as a value: a lone `#name` keeps its JSON type.
    pub fn value(&self, raw: &str) -> Result<Value, StepError> {
        Ok(self.lookup().value(raw)?)
    }

    /// The response, or an error saying the URL was not invoked yet.
    pub fn response(&self) -> Result<&Response, StepError> {
        self.response.as_ref().ok_or_else(|| {
            StepError::Input(
                "no response yet: add `When the URL is invoked` before checking the response"
                    .to_owned(),
            )
        })
    }

    /// The format the response is read in: `response format`, else `format`.
    pub fn response_format(&self) -> Format {
        self.request.response_format.unwrap_or(self.request.format)
    }

    /// The response body as JSON, or a failure saying what it is instead.
    pub fn json(&self) -> Result<&Value, StepError> {
        self.response()?.json().map_err(StepError::Failed)
    }

    /// The path of a data file: `features/<format>/<kind>/<name>`.
    pub fn data_file(&self, format: Format, kind: &str, name: &str) -> PathBuf {
        self.features_dir
            .join(format.dir_name())
            .join(kind)
            .join(name)
    }

    /// Reads a data file, or says where it was looked for.
    pub fn read_data_file(
        &self,
        format: Format,
        kind: &str,
        name: &str,
    ) -> Result<String, StepError> {
        let path = self.data_file(format, kind, name);
        std::fs::read_to_string(&path).map_err(|e| {
            StepError::Input(format!(
                "cannot read {} file `{name}`: {} ({e})",
                kind,
                crate::diag::display_path(&path).display()
            ))
        })
    }
}
