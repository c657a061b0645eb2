//! Checking a parsed configuration file and building the [`Config`]; every
//! problem becomes a diagnostic at its place, with the nearest valid name:
//!
//! ```text
//! error: unknown connection `crn`
//!   --> harness.toml:14:14
//!    |
//! 14 | connection = "crn"
//!    |              ^^^^^
//!    = expected: one of `billing`, `crm`
//!    = help: did you mean `crm`?
//! ```

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use http::{HeaderName, HeaderValue, Method, StatusCode};
use regex::Regex;
use serde_json::Value;
use toml::Spanned;
use url::Url;

use super::config::{
    CallSection, ChannelAuth, ChannelSection, ConfigFile, ConnectionSection, OutgoingAuth,
};
use super::load::Source;
use super::mapping::Mapping;
use super::plan::{CallPlan, ChannelPlan, Config, ConnectionPlan, InputPlan, bounded};
use super::ratelimit::plan as limit_plan;
use super::retry::RetryPolicy;
use super::route::Route;
use super::template::{Template, Text};
use crate::diag::{Diagnostic, closest};
/// Paths the server itself answers.
const RESERVED_PATHS: [&str; 2] = ["/health", "/metrics"];

/// The first segments a flow-context pointer may start with.
const ROOTS: [&str; 5] = ["input", "vars", "calls", "previous", "correlation_id"];

/// Checks the file and builds the [`Config`], or returns every problem found.
pub(crate) fn build(file: ConfigFile, src: &Source<'_>) -> Result<Config, Vec<Diagnostic>> {
    let mut ck = Checker {
        src,
        errors: Vec::new(),
    };
    let listen = file.server.listen.as_ref().and_then(|l| {
        ck.check(
            SocketAddr::from_str(l.get_ref()),
            "invalid listen address",
            l.span(),
            |d| d.expected("an address such as `127.0.0.1:17010`"),
        )
    });
    let connections: BTreeMap<String, Arc<ConnectionPlan>> = file
        .connections
        .iter()
        .filter_map(|(name, c)| ck.connection(name, c).map(|p| (name.clone(), Arc::new(p))))
        .collect();
    let vars = Value::Object(file.vars.clone().into_iter().collect());
    let mut seen_names = HashSet::new();
    let mut seen_routes: HashSet<(String, Method)> = HashSet::new();
    let mut channels = Vec::new();
    for section in &file.channels {
        if !seen_names.insert(section.name.get_ref().clone()) {
            ck.error(ck.src.diagnostic(
                format!("duplicate channel name `{}`", section.name.get_ref()),
                section.name.span(),
            ));
        }
        if let Some(plan) = ck.channel(section, &file, &connections) {
            for method in &plan.methods {
                if !seen_routes.insert((plan.path.clone(), method.clone())) {
                    ck.error(ck.src.diagnostic(
                        format!("another channel already serves {method} {}", plan.path),
                        section.path.span(),
                    ));
                }
            }
            channels.push(Arc::new(plan));
        }
    }
    if ck.errors.is_empty() {
        Ok(Config {
            listen,
            vars,
            connections,
            channels,
        })
    } else {
        // In file order, however the checks ran.
        ck.errors
            .sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.col)));
        Err(ck.errors)
    }
}

struct Checker<'s, 'a> {
    src: &'s Source<'a>,
    errors: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    fn at(&self, title: impl Into<String>, span: Range<usize>) -> Diagnostic {
        self.src.diagnostic(title, span)
    }

    /// Keeps an `Ok` value; turns an `Err` into a diagnostic at `span`.
    fn check<T, E: std::fmt::Display>(
        &mut self,
        result: Result<T, E>,
        title: &str,
        span: Range<usize>,
        more: impl FnOnce(Diagnostic) -> Diagnostic,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                let d = more(self.at(title, span)).note(e);
                self.error(d);
                None
            }
        }
    }

    fn connection(&mut self, name: &str, c: &ConnectionSection) -> Option<ConnectionPlan> {
        let url_span = c.base_url.span();
        let base_url = self
            .check(
                Url::parse(c.base_url.get_ref()),
                "invalid base URL",
                url_span.clone(),
                |d| d.expected("an absolute URL such as `http://127.0.0.1:18081`"),
            )
            .filter(|u| {
                let ok = matches!(u.scheme(), "http" | "https");
                if !ok {
                    self.errors
                        .push(self.at("base URL must use http or https", url_span.clone()));
                }
                ok
            });
        let mut headers = Vec::new();
        for (k, v) in &c.headers {
            match (HeaderName::from_str(k), HeaderValue::from_str(v.get_ref())) {
                (Ok(name), Ok(value)) => headers.push((name, value)),
                _ => self.error(
                    self.at(format!("invalid header `{k}`"), v.span())
                        .expected("a header name and value of visible ASCII"),
                ),
            }
        }
        if let Some(OutgoingAuth::ApiKey { header, value }) = &c.auth
            && (HeaderName::from_str(header).is_err() || HeaderValue::from_str(value).is_err())
        {
            self.error(self.at(
                format!("connection `{name}` has an invalid API key header"),
                url_span.clone(),
            ));
        }
        let breaker = c.breaker.as_ref().and_then(|b| {
            let ok = b.get_ref().failure_threshold >= 1 && b.get_ref().open_ms >= 1;
            if !ok {
                self.error(
                    self.at("invalid circuit breaker", b.span())
                        .expected("`failure_threshold` and `open_ms` of at least 1"),
                );
            }
            ok.then(|| (b.get_ref().failure_threshold, bounded(b.get_ref().open_ms)))
        });
        let rate_limit = c.rate_limit.as_ref().and_then(|r| {
            let q = limit_plan(r.get_ref());
            self.check(q, "invalid rate limit", r.span(), |d| d)
        });
        if c.timeout_ms == 0 {
            self.error(self.at(
                format!("connection `{name}`: `timeout_ms` must be at least 1"),
                url_span,
            ));
        }
        Some(ConnectionPlan {
            name: name.to_owned(),
            base_url: base_url?,
            timeout: bounded(c.timeout_ms.max(1)),
            auth: c.auth.clone(),
            headers,
            retry: c.retry.as_ref().map(RetryPolicy::from).unwrap_or_default(),
            breaker,
            rate_limit,
        })
    }

    fn channel(
        &mut self,
        s: &ChannelSection,
        file: &ConfigFile,
        connections: &BTreeMap<String, Arc<ConnectionPlan>>,
    ) -> Option<ChannelPlan> {
        let name = s.name.get_ref().clone();
        let path_span = s.path.span();
        let route = self.check(
            Route::parse(s.path.get_ref()),
            "invalid channel path",
            path_span.clone(),
            |d| d.expected("a path such as `/api/customer/{customer_id}`"),
        );
        if RESERVED_PATHS.contains(&s.path.get_ref().as_str()) {
            self.error(self.at(
                format!("`{}` is served by the harness itself", s.path.get_ref()),
                path_span.clone(),
            ));
        }
        if s.methods.is_empty() {
            self.error(self.at(
                format!("channel `{name}` accepts no method"),
                path_span.clone(),
            ));
        }
        if let Some(ChannelAuth::ApiKey { header, .. }) = &s.auth
            && HeaderName::from_str(header).is_err()
        {
            self.error(self.at(
                format!("channel `{name}`: invalid API key header name `{header}`"),
                path_span.clone(),
            ));
        }
        let status = StatusCode::from_u16(s.status).ok();
        if status.is_none() {
            self.error(self.at(
                format!("channel `{name}`: invalid status {}", s.status),
                path_span.clone(),
            ));
        }
        if s.max_concurrent == 0 {
            self.error(self.at(
                format!("channel `{name}`: `max_concurrent` must be at least 1"),
                path_span.clone(),
            ));
        }
        if s.total_timeout_ms == Some(0) {
            self.error(self.at(
                format!("channel `{name}`: `total_timeout_ms` must be at least 1"),
                path_span.clone(),
            ));
        }
        let rate_limit = s.rate_limit.as_ref().and_then(|r| {
            self.check(
                limit_plan(r.get_ref()),
                "invalid rate limit",
                r.span(),
                |d| d,
            )
        });
        let mut inputs = Vec::new();
        for (field, input) in &s.input {
            let i = input.get_ref();
            let pattern = i.pattern.as_ref().and_then(|p| {
                self.check(
                    Regex::new(p.get_ref()),
                    "invalid input pattern",
                    p.span(),
                    |d| d,
                )
            });
            inputs.push(InputPlan {
                name: field.clone(),
                required: i.required,
                default: i.default.clone(),
                kind: i.kind,
                pattern,
            });
            if let Some(plan) = inputs.last()
                && let Some(default) = &plan.default
                && let Err(e) = super::input::check(plan, default)
            {
                let d = self
                    .at(format!("invalid default for input `{field}`"), input.span())
                    .note(e.message);
                self.error(d);
            }
        }
        let mut known = Known {
            inputs: inputs.iter().map(|i| i.name.clone()).collect(),
            calls: s.calls.iter().map(|c| c.name.get_ref().clone()).collect(),
            vars: file.vars.keys().cloned().collect(),
        };
        if let Some(route) = &route {
            for param in route.params() {
                if !known.inputs.iter().any(|i| i == param) {
                    known.inputs.push(param.to_owned());
                    inputs.push(InputPlan {
                        name: param.to_owned(),
                        required: true,
                        default: None,
                        kind: None,
                        pattern: None,
                    });
                }
            }
        }
        let mut seen = HashSet::new();
        let mut calls = Vec::new();
        for call in &s.calls {
            if !seen.insert(call.name.get_ref().clone()) {
                self.error(self.at(
                    format!("duplicate call name `{}`", call.name.get_ref()),
                    call.name.span(),
                ));
            }
            if let Some(plan) = self.call(call, connections, &known) {
                calls.push(Arc::new(plan));
            }
        }
        for field in s.response.iter().flat_map(|r| r.values()) {
            self.references(field.get_ref().pointers(), &known, field.span());
        }
        Some(ChannelPlan {
            name,
            path: s.path.get_ref().clone(),
            route: route?,
            methods: s.methods.iter().map(|m| m.to_http()).collect(),
            auth: s.auth.clone(),
            inputs,
            mode: s.mode,
            max_concurrent: s.max_concurrent.max(1),
            total_timeout: s.total_timeout_ms.map(bounded),
            fail_fast: s.fail_fast,
            rate_limit,
            status: status?,
            calls,
            response: s.response.as_ref().map(|fields| {
                Mapping::Object(
                    fields
                        .iter()
                        .map(|(k, m)| (k.clone(), m.get_ref().clone()))
                        .collect(),
                )
            }),
        })
    }

    fn call(
        &mut self,
        c: &CallSection,
        connections: &BTreeMap<String, Arc<ConnectionPlan>>,
        known: &Known,
    ) -> Option<CallPlan> {
        let conn_name = c.connection.get_ref();
        let connection = connections.get(conn_name);
        if connection.is_none() {
            let names: Vec<&str> = connections.keys().map(String::as_str).collect();
            let list = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let d = self
                .at(
                    format!("unknown connection `{conn_name}`"),
                    c.connection.span(),
                )
                .expected(if names.is_empty() {
                    "a connection defined under `[connections.NAME]`".to_owned()
                } else {
                    format!("one of {list}")
                })
                .did_you_mean(&closest(conn_name, names.iter().copied(), 1));
            self.error(d);
        }
        let path_text = c.path.get_ref();
        let path = if !path_text.is_empty() && !path_text.starts_with('/') {
            self.error(self.at("a call path must start with `/`", c.path.span()));
            None
        } else {
            self.check(
                Text::parse(path_text),
                "invalid call path",
                c.path.span(),
                |d| d,
            )
        };
        if let Some(p) = &path {
            self.references(p.pointers().collect(), known, c.path.span());
        }
        for t in c
            .query
            .values()
            .chain(c.headers.values())
            .chain(c.json.iter())
        {
            self.references(t.get_ref().pointers(), known, t.span());
        }
        for t in c.form.iter().flat_map(|f| f.values()) {
            self.references(t.get_ref().pointers(), known, t.span());
        }
        if let Some(cond) = &c.condition {
            if cond.get_ref().is_empty() {
                self.error(
                    self.at("a condition needs a test", cond.span())
                        .expected("one of `in`, `not_in`, `equals`, `not_equals`, `exists`"),
                );
            }
            self.references(cond.get_ref().pointers(), known, cond.span());
        }
        if c.json.is_some() && c.form.is_some() {
            self.error(self.at(
                format!(
                    "call `{}` has both `json` and `form` bodies",
                    c.name.get_ref()
                ),
                c.name.span(),
            ));
        }
        let mut headers = Vec::new();
        for (k, t) in &c.headers {
            match HeaderName::from_str(k) {
                Ok(name) => headers.push((name, t.get_ref().clone())),
                Err(_) => self.error(self.at(format!("invalid header name `{k}`"), t.span())),
            }
        }
        if c.timeout_ms == Some(0) || c.cache_ttl_ms == Some(0) {
            self.error(self.at(
                format!(
                    "call `{}`: `timeout_ms` and `cache_ttl_ms` must be at least 1",
                    c.name.get_ref()
                ),
                c.name.span(),
            ));
        }
        let connection = connection?;
        Some(CallPlan {
            name: c.name.get_ref().clone(),
            connection: conn_name.clone(),
            method: c.method.to_http(),
            path: path?,
            query: pairs(&c.query),
            headers,
            json: c.json.as_ref().map(|t| t.get_ref().clone()),
            form: c.form.as_ref().map(pairs),
            optional: c.optional,
            condition: c.condition.as_ref().map(|s| s.get_ref().clone()),
            fire_and_forget: c.fire_and_forget,
            retry: c
                .retry
                .as_ref()
                .map_or_else(|| connection.retry.clone(), RetryPolicy::from),
            timeout: c
                .timeout_ms
                .map_or(connection.timeout, |ms| bounded(ms.max(1))),
            cache_ttl: c.cache_ttl_ms.map(|ms| bounded(ms.max(1))),
            cache_per: c.cache_per,
        })
    }

    /// Checks that each pointer names a known root and, under `input`, `calls`
    /// and `vars`, a known name.
    fn references(&mut self, pointers: Vec<&str>, known: &Known, span: Range<usize>) {
        for pointer in pointers {
            if pointer.is_empty() {
                continue;
            }
            let mut segments = pointer
                .split('/')
                .skip(1)
                .map(|s| s.replace("~1", "/").replace("~0", "~"));
            let root = segments.next().unwrap_or_default();
            let (kind, names): (&str, &[String]) = match root.as_str() {
                "input" => ("input field", &known.inputs),
                "calls" => ("call", &known.calls),
                "vars" => ("var", &known.vars),
                "previous" | "correlation_id" => continue,
                _ => {
                    let d = self
                        .at(
                            format!("unknown reference root `{root}` in `{pointer}`"),
                            span.clone(),
                        )
                        .expected(format!(
                            "a pointer starting with one of {}",
                            ROOTS.map(|r| format!("`/{r}`")).join(", ")
                        ))
                        .did_you_mean(
                            &closest(&root, ROOTS, 1)
                                .into_iter()
                                .map(|r| format!("/{r}"))
                                .collect::<Vec<_>>(),
                        )
                        .help(format!(
                            "for the literal text `{pointer}`, write `={pointer}`"
                        ));
                    self.error(d);
                    continue;
                }
            };
            let Some(name) = segments.next() else {
                continue;
            };
            if !names.contains(&name) {
                let mut d = self.at(
                    format!("unknown {kind} `{name}` in `{pointer}`"),
                    span.clone(),
                );
                if !names.is_empty() {
                    d = d.expected(format!(
                        "one of {}",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                let d = d.did_you_mean(&closest(&name, names.iter().map(String::as_str), 1));
                self.error(d);
            }
        }
    }
}

/// The names pointers may refer to in one channel.
struct Known {
    inputs: Vec<String>,
    calls: Vec<String>,
    vars: Vec<String>,
}

fn pairs(map: &indexmap::IndexMap<String, Spanned<Template>>) -> Vec<(String, Template)> {
    map.iter()
        .map(|(k, t)| (k.clone(), t.get_ref().clone()))
        .collect()
}
