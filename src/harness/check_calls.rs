//! Checking one `[[channels.calls]]` entry and the JSON pointers it reads:
//!
//! ```text
//! error: `{customer}` in the path is not a key of `params`
//!   --> harness.toml:31:8
//!    |
//! 31 | path = "/customers/{customer}/orders"
//!    |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//!    = expected: one of `customer_id`, `status`
//!    = help: did you mean `customer_id`?
//! ```

use std::collections::BTreeMap;
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use http::{HeaderName, StatusCode};
use indexmap::IndexMap;
use toml::Spanned;

use super::channel_config::{CallSection, Mode};
use super::check::Checker;
use super::plan::{CallPlan, ConnectionPlan, StatusMap, bounded};
use super::request::CallPath;
use super::retry::RetryPolicy;
use super::template::{Template, check_pointer};
use crate::diag::{Diagnostic, closest};

/// The first segments a flow-context pointer may start with anywhere.
const ROOTS: [&str; 5] = ["input", "vars", "calls", "previous", "correlation_id"];

/// The names pointers may refer to in one channel.
pub(crate) struct Known {
    pub inputs: Vec<String>,
    pub calls: Vec<String>,
    pub vars: Vec<String>,
}

/// Every pointer a call reads to build its request or decide whether it
/// runs, with the span of the key it is written in.
pub(crate) fn reads(c: &CallSection) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut add = |pointers: Vec<&str>, span: Range<usize>| {
        out.extend(pointers.into_iter().map(|p| (p.to_owned(), span.clone())));
    };
    if let Ok(path) = CallPath::parse(c.path.get_ref()) {
        add(path.pointers().collect(), c.path.span());
    }
    for t in c
        .params
        .values()
        .chain(c.query.values())
        .chain(c.headers.values())
        .chain(c.json.iter())
        .chain(c.form.iter().flat_map(|f| f.get_ref().values()))
        .chain(c.fallback.iter())
    {
        add(t.get_ref().pointers(), t.span());
    }
    if let Some(conditions) = &c.condition {
        add(
            conditions
                .get_ref()
                .0
                .iter()
                .flat_map(|c| c.pointers())
                .collect(),
            conditions.span(),
        );
    }
    if let Some(list) = &c.for_each {
        add(vec![list.get_ref().as_str()], list.span());
    }
    out
}

fn pairs(map: &IndexMap<String, Spanned<Template>>) -> Vec<(String, Template)> {
    map.iter()
        .map(|(k, t)| (k.clone(), t.get_ref().clone()))
        .collect()
}

fn listed(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Checker<'_, '_> {
    /// Checks a call; `after` and `needs` are left empty for `order.rs`.
    pub(crate) fn call(
        &mut self,
        c: &CallSection,
        mode: Mode,
        connections: &BTreeMap<String, Arc<ConnectionPlan>>,
        known: &Known,
    ) -> Option<CallPlan> {
        let call_name = c.name.get_ref();
        let conn_name = c.connection.get_ref();
        let connection = connections.get(conn_name);
        if connection.is_none() {
            let names: Vec<&str> = connections.keys().map(String::as_str).collect();
            let d = self
                .at(
                    format!("unknown connection `{conn_name}`"),
                    c.connection.span(),
                )
                .expected(if names.is_empty() {
                    "a connection defined under `[connections.NAME]`".to_owned()
                } else {
                    format!("one of {}", listed(&names))
                })
                .did_you_mean(&closest(conn_name, names.iter().copied(), 1));
            self.error(d);
        }
        let path = self.call_path(c);
        let item_roots: &[&str] = if c.for_each.is_some() {
            &["item", "index"]
        } else {
            &[]
        };
        for (pointer, span) in reads(c) {
            let in_fallback = c.fallback.as_ref().is_some_and(|f| f.span() == span);
            let mut extra = item_roots.to_vec();
            if in_fallback {
                extra.push("error");
            }
            self.references(vec![pointer.as_str()], known, span, &extra);
        }
        if let Some(list) = &c.for_each
            && let Err(e) = check_pointer(list.get_ref()).and_then(|()| {
                if list.get_ref().is_empty() {
                    Err("it is empty".to_owned())
                } else {
                    Ok(())
                }
            })
        {
            self.error(
                self.at("`for_each` must be a JSON pointer to a list", list.span())
                    .expected("a pointer such as `/calls/employees/items`")
                    .note(e),
            );
        }
        if let Some(conditions) = &c.condition
            && (conditions.get_ref().0.is_empty()
                || conditions.get_ref().0.iter().any(|c| c.is_empty()))
        {
            self.error(self.at("a condition needs a test", conditions.span()).expected(
                "one of `in`, `not_in`, `equals`, `not_equals`, `exists`, `contains`, `greater_than`, `less_than`",
            ));
        }
        if let Some(branch) = &c.branch
            && mode != Mode::Conditional
        {
            self.error(
                self.at(
                    "`branch` only chains calls in conditional mode",
                    branch.span(),
                )
                .help("set `mode = \"conditional\"` on the channel, or remove `branch`"),
            );
        }
        if let (Some(_), Some(form)) = (&c.json, &c.form) {
            self.error(self.at(
                format!("call `{call_name}` has both `json` and `form` bodies"),
                form.span(),
            ));
        }
        let mut headers = Vec::new();
        for (k, t) in &c.headers {
            match HeaderName::from_str(k) {
                Ok(name) => headers.push((name, t.get_ref().clone())),
                Err(_) => self.error(self.at(format!("invalid header name `{k}`"), t.span())),
            }
        }
        for value in [&c.timeout_ms, &c.cache_ttl_ms].into_iter().flatten() {
            if *value.get_ref() == 0 {
                self.error(
                    self.at(
                        format!("call `{call_name}`: the value must be at least 1"),
                        value.span(),
                    )
                    .expected("a number of milliseconds of at least 1"),
                );
            }
        }
        let status_map = self.status_map(c);
        let connection = connection?;
        let path = path?;
        let in_path: Vec<&str> = path.params().collect();
        let (params_path, params_query) = pairs(&c.params)
            .into_iter()
            .partition(|(k, _)| in_path.contains(&k.as_str()));
        Some(CallPlan {
            name: call_name.clone(),
            connection: conn_name.clone(),
            method: c.method.fixed(),
            path,
            params_path,
            params_query,
            query: pairs(&c.query),
            headers,
            json: c.json.as_ref().map(|t| t.get_ref().clone()),
            form: c.form.as_ref().map(|f| pairs(f.get_ref())),
            optional: c.optional || c.fallback.is_some(),
            fallback: c.fallback.as_ref().map(|t| t.get_ref().clone()),
            conditions: c
                .condition
                .as_ref()
                .map(|s| s.get_ref().0.clone())
                .unwrap_or_default(),
            branch: c.branch.as_ref().map(|b| b.get_ref().clone()),
            after: Vec::new(),
            needs: Vec::new(),
            for_each: c.for_each.as_ref().map(|f| f.get_ref().clone()),
            fire_and_forget: c.fire_and_forget,
            retry: c
                .retry
                .as_ref()
                .map_or_else(|| connection.retry.clone(), RetryPolicy::from),
            retry_non_idempotent: c
                .retry_non_idempotent
                .unwrap_or(connection.retry_non_idempotent),
            timeout: c
                .timeout_ms
                .as_ref()
                .map_or(connection.timeout, |ms| bounded((*ms.get_ref()).max(1))),
            cache_ttl: c
                .cache_ttl_ms
                .as_ref()
                .map(|ms| bounded((*ms.get_ref()).max(1))),
            cache_per: c.cache_per,
            status_map,
        })
    }

    /// The call's path: parsed, starting with `/`, every `{name}` a `params` key.
    fn call_path(&mut self, c: &CallSection) -> Option<CallPath> {
        let text = c.path.get_ref();
        if !text.is_empty() && !text.starts_with('/') {
            self.error(self.at("a call path must start with `/`", c.path.span()));
            return None;
        }
        let path = self.check(
            CallPath::parse(text),
            "invalid call path",
            c.path.span(),
            |d| d,
        )?;
        let keys: Vec<&str> = c.params.keys().map(String::as_str).collect();
        for name in path.params() {
            if !keys.contains(&name) {
                let mut d = self.at(
                    format!("`{{{name}}}` in the path is not a key of `params`"),
                    c.path.span(),
                );
                d = if keys.is_empty() {
                    d.expected(format!("`params = {{ {name} = \"/input/...\" }}`"))
                } else {
                    d.expected(format!("one of {}", listed(&keys)))
                        .did_you_mean(&closest(name, keys.iter().copied(), 1))
                };
                self.error(d);
            }
        }
        for (key, t) in &c.query {
            if c.params.contains_key(key) && !path.params().any(|p| p == key) {
                self.error(self.at(
                    format!("query parameter `{key}` is also in `params`"),
                    t.span(),
                ));
            }
        }
        Some(path)
    }

    /// `status_map = { 404 = 404, other = 500 }`: failing backend statuses to
    /// the caller's error statuses.
    fn status_map(&mut self, c: &CallSection) -> StatusMap {
        let mut map = StatusMap::default();
        let Some(section) = &c.status_map else {
            return map;
        };
        for (key, to) in section.get_ref() {
            let target = StatusCode::from_u16(*to.get_ref())
                .ok()
                .filter(|s| s.is_client_error() || s.is_server_error());
            if target.is_none() {
                self.error(
                    self.at(
                        format!("`{}` is not an error status", to.get_ref()),
                        to.span(),
                    )
                    .expected("a status from 400 to 599 for the caller"),
                );
            }
            let from = if key == "other" {
                None
            } else {
                match key.parse::<u16>() {
                    Ok(n) if (300..=599).contains(&n) => Some(n),
                    _ => {
                        self.error(
                            self.at(format!("`{key}` is not a failing status"), to.span())
                                .expected("a backend status from 300 to 599, or `other`"),
                        );
                        continue;
                    }
                }
            };
            let Some(target) = target else { continue };
            match from {
                Some(n) => map.exact.push((n, target)),
                None => map.other = Some(target),
            }
        }
        map
    }

    /// Checks that each pointer names a known root (`extra` adds `item`,
    /// `index` or `error` where they exist) and, under `input`, `calls` and
    /// `vars`, a known name.
    pub(crate) fn references(
        &mut self,
        pointers: Vec<&str>,
        known: &Known,
        span: Range<usize>,
        extra: &[&str],
    ) {
        let roots: Vec<&str> = ROOTS.iter().chain(extra).copied().collect();
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
                r if roots.contains(&r) => continue,
                _ => {
                    let d = self.unknown_root(&root, pointer, &roots, span.clone());
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

    fn unknown_root(
        &self,
        root: &str,
        pointer: &str,
        roots: &[&str],
        span: Range<usize>,
    ) -> Diagnostic {
        let mut d = self
            .at(
                format!("unknown reference root `{root}` in `{pointer}`"),
                span,
            )
            .expected(format!(
                "a pointer starting with one of {}",
                roots
                    .iter()
                    .map(|r| format!("`/{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .did_you_mean(
                &closest(root, roots.iter().copied(), 1)
                    .into_iter()
                    .map(|r| format!("/{r}"))
                    .collect::<Vec<_>>(),
            );
        if matches!(root, "item" | "index") {
            d = d.note("`/item` and `/index` exist only in a call with `for_each`");
        } else if root == "error" {
            d = d.note("`/error` exists only in a call's `fallback`");
        }
        d.help(format!(
            "for the literal text `{pointer}`, write `={pointer}`"
        ))
    }
}
