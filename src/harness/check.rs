//! Checking a parsed configuration file and building the [`Config`]; every
//! problem becomes a diagnostic at the offending key, with the nearest valid
//! name:
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
//!
//! Calls are checked in `check_calls.rs`, the order calls read each other's
//! results in `order.rs`.

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use http::{HeaderName, HeaderValue, StatusCode};
use regex::Regex;
use serde_json::Value;
use toml::Spanned;
use url::Url;

use super::channel_config::{ChannelAuth, ChannelSection, Methods};
use super::check_calls::Known;
use super::config::{ConfigFile, ConnectionSection, OutgoingAuth, RateLimitSection};
use super::load::Source;
use super::mapping::Mapping;
use super::order;
use super::plan::{ChannelPlan, Config, ConnectionPlan, InputPlan, MethodSet, bounded};
use super::ratelimit::{LimitPlan, plan as limit_plan};
use super::retry::RetryPolicy;
use super::route::Route;
use crate::diag::Diagnostic;

/// Paths the server itself answers.
const RESERVED_PATHS: [&str; 2] = ["/health", "/metrics"];

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
    let global_rate_limit = ck.rate_limit(file.server.global_rate_limit.as_ref());
    let connections: BTreeMap<String, Arc<ConnectionPlan>> = file
        .connections
        .iter()
        .filter_map(|(name, c)| ck.connection(name, c).map(|p| (name.clone(), Arc::new(p))))
        .collect();
    let vars = Value::Object(file.vars.clone().into_iter().collect());
    let mut seen_names = HashSet::new();
    let mut channels: Vec<(Arc<ChannelPlan>, Range<usize>)> = Vec::new();
    for section in &file.channels {
        if !seen_names.insert(section.name.get_ref().clone()) {
            ck.error(ck.src.diagnostic(
                format!("duplicate channel name `{}`", section.name.get_ref()),
                section.name.span(),
            ));
        }
        if let Some(plan) = ck.channel(section, &file, &connections) {
            if let Some((other, _)) = channels.iter().find(|(c, _)| {
                c.route.shape() == plan.route.shape() && c.methods.overlaps(&plan.methods)
            }) {
                let d = ck
                    .at(
                        format!(
                            "channel `{}` already serves `{}` for a method this channel accepts",
                            other.name, other.path
                        ),
                        section.path.span(),
                    )
                    .help("give the channels different paths or different `methods`");
                ck.error(d);
            }
            channels.push((Arc::new(plan), section.path.span()));
        }
    }
    if ck.errors.is_empty() {
        Ok(Config {
            listen,
            test_mode: file.server.test_mode.0,
            global_rate_limit,
            vars,
            connections,
            channels: channels.into_iter().map(|(c, _)| c).collect(),
        })
    } else {
        // In file order, however the checks ran.
        ck.errors
            .sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.col)));
        Err(ck.errors)
    }
}

/// Collects diagnostics while checking.
pub(crate) struct Checker<'s, 'a> {
    pub src: &'s Source<'a>,
    pub errors: Vec<Diagnostic>,
}

impl Checker<'_, '_> {
    pub fn error(&mut self, d: Diagnostic) {
        self.errors.push(d);
    }

    pub fn at(&self, title: impl Into<String>, span: Range<usize>) -> Diagnostic {
        self.src.diagnostic(title, span)
    }

    /// Keeps an `Ok` value; turns an `Err` into a diagnostic at `span`.
    pub fn check<T, E: std::fmt::Display>(
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

    /// A `rate_limit` section, checked.
    fn rate_limit(&mut self, section: Option<&Spanned<RateLimitSection>>) -> Option<LimitPlan> {
        let r = section?;
        self.check(
            limit_plan(r.get_ref()),
            "invalid rate limit",
            r.span(),
            |d| d,
        )
    }

    /// A millisecond setting that must be at least 1.
    fn positive(&mut self, value: &Spanned<u64>, what: &str) {
        if *value.get_ref() == 0 {
            self.error(
                self.at(format!("`{what}` must be at least 1"), value.span())
                    .expected("a number of milliseconds of at least 1"),
            );
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
        if let Some(auth) = &c.auth
            && let OutgoingAuth::ApiKey { header, value } = auth.get_ref()
            && (HeaderName::from_str(header).is_err() || HeaderValue::from_str(value).is_err())
        {
            self.error(
                self.at(
                    format!("connection `{name}` has an invalid API key header"),
                    auth.span(),
                )
                .expected("a header name and key of visible ASCII"),
            );
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
        let rate_limit = self.rate_limit(c.rate_limit.as_ref());
        self.positive(&c.timeout_ms, "timeout_ms");
        Some(ConnectionPlan {
            name: name.to_owned(),
            base_url: base_url?,
            timeout: bounded((*c.timeout_ms.get_ref()).max(1)),
            auth: c.auth.as_ref().map(|a| a.get_ref().clone()),
            headers,
            retry: c.retry.as_ref().map(RetryPolicy::from).unwrap_or_default(),
            retry_non_idempotent: c.retry_non_idempotent,
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
        let methods = match s.methods.get_ref() {
            Methods::Any => MethodSet::Any,
            Methods::List(list) => {
                if list.is_empty() {
                    self.error(
                        self.at(
                            format!("channel `{name}` accepts no method"),
                            s.methods.span(),
                        )
                        .expected("`\"any\"` or a list such as `[\"GET\", \"POST\"]`"),
                    );
                }
                MethodSet::List(list.iter().map(|m| m.to_http()).collect())
            }
        };
        if let Some(auth) = &s.auth
            && let ChannelAuth::ApiKey { header, .. } = auth.get_ref()
            && HeaderName::from_str(header).is_err()
        {
            self.error(self.at(
                format!("channel `{name}`: invalid API key header name `{header}`"),
                auth.span(),
            ));
        }
        let status = StatusCode::from_u16(*s.status.get_ref()).ok();
        if status.is_none() {
            self.error(
                self.at(
                    format!("channel `{name}`: invalid status {}", s.status.get_ref()),
                    s.status.span(),
                )
                .expected("an HTTP status from 100 to 999"),
            );
        }
        if *s.max_concurrent.get_ref() == 0 {
            self.error(self.at(
                format!("channel `{name}`: `max_concurrent` must be at least 1"),
                s.max_concurrent.span(),
            ));
        }
        if let Some(total) = &s.total_timeout_ms {
            self.positive(total, "total_timeout_ms");
        }
        let error_threshold = s.error_threshold.as_ref().map(|t| {
            let value = *t.get_ref();
            if !(0.0..=1.0).contains(&value) {
                self.error(
                    self.at(
                        format!("`error_threshold` {value} is not a share"),
                        t.span(),
                    )
                    .expected("a number from 0 to 1, such as `0.1` for 10%"),
                );
            }
            value
        });
        if let (Some(_), Some(ff)) = (&s.error_threshold, &s.fail_fast)
            && *ff.get_ref()
        {
            self.error(
                self.at(
                    "`fail_fast = true` contradicts `error_threshold`",
                    ff.span(),
                )
                .note("a channel with an error threshold runs every call before judging")
                .help("remove `fail_fast`"),
            );
        }
        let rate_limit = self.rate_limit(s.rate_limit.as_ref());
        let mut inputs = self.inputs(s);
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
            calls.push(self.call(call, s.mode, connections, &known));
        }
        let links = order::resolve(self, s);
        for field in s.response.iter().flat_map(|r| r.values()) {
            self.references(field.get_ref().pointers(), &known, field.span(), &[]);
        }
        let mut segment_inputs = Vec::new();
        let mut plans = Vec::new();
        for (plan, (after, needs)) in calls.into_iter().zip(links) {
            let mut plan = plan?;
            segment_inputs.extend(plan.segment_inputs());
            plan.after = after;
            plan.needs = needs;
            plans.push(Arc::new(plan));
        }
        segment_inputs.sort();
        segment_inputs.dedup();
        Some(ChannelPlan {
            name,
            path: s.path.get_ref().clone(),
            route: route?,
            methods,
            data_format: s.data_format,
            auth: s.auth.as_ref().map(|a| a.get_ref().clone()),
            inputs,
            segment_inputs,
            mode: s.mode,
            max_concurrent: (*s.max_concurrent.get_ref()).max(1),
            total_timeout: s.total_timeout_ms.as_ref().map(|t| bounded(*t.get_ref())),
            fail_fast: s.fail_fast.as_ref().is_none_or(|f| *f.get_ref()),
            error_threshold,
            rate_limit,
            status: status?,
            calls: plans,
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

    /// The declared input fields, with their patterns and defaults checked.
    fn inputs(&mut self, s: &ChannelSection) -> Vec<InputPlan> {
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
            let plan = InputPlan {
                name: field.clone(),
                required: i.required,
                default: i.default.clone(),
                kind: i.kind,
                pattern,
            };
            if let Some(default) = &plan.default
                && let Err(e) = super::input::check(&plan, default)
            {
                let d = self
                    .at(format!("invalid default for input `{field}`"), input.span())
                    .note(e.message);
                self.error(d);
            }
            inputs.push(plan);
        }
        inputs
    }
}
