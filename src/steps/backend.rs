//! Fake backends, controlled and verified from steps, scoped to the scenario.
//!
//! Every change and every count applies to the requests that carry this
//! scenario's `X-Correlation-ID` (which the system under test must propagate),
//! so scenarios running in parallel against one backend never see each other.
//! In a feature tagged `@serial` (for services that do not propagate the header)
//! counts cover every request the backend received during the scenario.

use std::time::Duration;

use serde_json::Value;

use super::request::step;
use super::{Args, StepDef};
use crate::mock::{Fault, Reply, RequestFilter, RunningBackend};
use crate::runner::scenario::Scenario;
use crate::runner::{StepError, fail, input_error};

type StepResult = Result<(), StepError>;

/// Fake-backend steps.
pub(super) const STEPS: &[StepDef] = &[
    step!(
        Backend,
        r#"backend "{name}" responds to "{method}" "{path}" with status "{status}""#,
        "For this scenario, the backend answers the route with the status and no body.",
        r#"Given backend "crm" responds to "GET" "/tutorial/api/get-user" with status "503""#,
        |s, a| {
            let status: u16 = number(s, a.get(3), "a status")?;
            respond(s, a, Reply::status(status))
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" responds to "{method}" "{path}" with JSON "{json}""#,
        "For this scenario, the backend answers the route with 200 and the JSON document.",
        r#"Given backend "billing" responds to "POST" "/tutorial/api/balance/get" with JSON "{"ACC_BALANCE": "0.00"}""#,
        |s, a| {
            let body = json(s, a.get(3))?;
            respond(s, a, Reply::json(200, body))
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" responds to "{method}" "{path}" with status "{status}" and JSON "{json}""#,
        "For this scenario, the backend answers the route with the status and the JSON document.",
        r#"Given backend "crm" responds to "GET" "/tutorial/api/get-user" with status "404" and JSON "{"error": "user not found"}""#,
        |s, a| {
            let status: u16 = number(s, a.get(3), "a status")?;
            let body = json(s, a.get(4))?;
            respond(s, a, Reply::json(status, body))
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" responds to "{method}" "{path}" with body from "{file}""#,
        "For this scenario, the backend answers the route with 200 and a body from `features/json/response/<file>` (JSON files are sent as JSON).",
        r#"Given backend "crm" responds to "GET" "/tutorial/api/get-user" with body from "demo.json""#,
        |s, a| {
            let name = s.text(a.get(3))?;
            let text = s.read_data_file(crate::http::Format::Json, "response", &name)?;
            let reply = match serde_json::from_str::<Value>(&text) {
                Ok(body) => Reply::json(200, body),
                Err(_) => Reply::text(200, text),
            };
            respond(s, a, reply)
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" responds to "{method}" "{path}" "{times}" times with status "{status}""#,
        "For this scenario, the next N requests to the route get the status; later ones are answered as stubbed (for retry tests).",
        r#"Given backend "crm" responds to "GET" "/tutorial/api/get-user" "2" times with status "503""#,
        |s, a| {
            let times: usize = number(s, a.get(3), "a count")?;
            let status: u16 = number(s, a.get(4), "a status")?;
            with_route(s, a, |b, method, path| {
                b.respond_times(method, path, times, Reply::status(status))
            })
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" delays "{method}" "{path}" by "{ms}" ms"#,
        "For this scenario, the backend answers the route as stubbed, but only after the delay.",
        r#"Given backend "billing" delays "POST" "/tutorial/api/balance/get" by "300" ms"#,
        |s, a| {
            let ms: u64 = number(s, a.get(3), "milliseconds")?;
            with_route(s, a, |b, method, path| {
                b.delay(method, path, Duration::from_millis(ms))
            })
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" fails "{method}" "{path}" with "{fault}""#,
        "For this scenario, the backend breaks the connection: `connection reset`, `empty response` or `malformed response`.",
        r#"Given backend "payments" fails "POST" "/balance/get" with "connection reset""#,
        |s, a| {
            let text = s.text(a.get(3))?;
            let fault = match text.to_ascii_lowercase().replace(['_', '-'], " ").as_str() {
                "connection reset" | "connection reset by peer" => Fault::ConnectionReset,
                "empty response" => Fault::EmptyResponse,
                "malformed response" | "malformed response chunk" => Fault::MalformedResponse,
                "random data then close" => Fault::RandomDataThenClose,
                _ => {
                    return input_error(format!(
                        "unknown fault `{text}`; expected `connection reset`, `empty response` or `malformed response`"
                    ));
                }
            };
            with_route(s, a, |b, method, path| b.fail(method, path, fault))
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" received "{count}" requests"#,
        "The backend received exactly N requests in this scenario.",
        r#"Then backend "fraud" received "0" requests"#,
        |s, a| {
            let expected: usize = number(s, a.get(1), "a count")?;
            count_check(s, a.get(0), expected, RequestFilter::any(), "requests")
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" received "{count}" requests to "{method}" "{path}""#,
        "The backend received exactly N requests to the route in this scenario.",
        r#"Then backend "crm" received "1" requests to "GET" "/tutorial/api/get-user""#,
        |s, a| {
            let expected: usize = number(s, a.get(1), "a count")?;
            let (method, path) = (s.text(a.get(2))?, s.text(a.get(3))?);
            count_check(
                s,
                a.get(0),
                expected,
                RequestFilter::route(&method, &path),
                &format!("requests to {method} {path}"),
            )
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" received a request with path "{pointer}" is "{value}""#,
        "The backend received a JSON request whose value at the pointer is the value (a lone `#var` keeps its type).",
        r#"Then backend "payments" received a request with path "/ACC_NUM" is "123456""#,
        |s, a| {
            let (pointer, value) = (s.text(a.get(1))?, s.value(a.get(2))?);
            let filter = RequestFilter::any().json_at(&pointer, value.clone());
            at_least_one(
                s,
                a.get(0),
                filter,
                &format!("a JSON request with {pointer} = {value}"),
            )
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" received header "{header}""#,
        "The backend received a request carrying the header.",
        r#"Then backend "crm" received header "X-Correlation-ID""#,
        |s, a| {
            let header = s.text(a.get(1))?;
            at_least_one(
                s,
                a.get(0),
                RequestFilter::any().header(&header, None),
                &format!("a request with header `{header}`"),
            )
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" received header "{header}" is "{value}""#,
        "The backend received a request carrying the header with the value.",
        r#"Then backend "crm" received header "Accept" is "application/json""#,
        |s, a| {
            let (header, value) = (s.text(a.get(1))?, s.text(a.get(2))?);
            at_least_one(
                s,
                a.get(0),
                RequestFilter::any().header(&header, Some(&value)),
                &format!("a request with header `{header}: {value}`"),
            )
        }
    ),
    step!(
        Backend,
        r#"backend "{name}" delays "{method}" "{path}" "{times}" times by "{ms}" ms"#,
        "For this scenario, the next N requests to the route are delayed; later ones are answered at once.",
        r#"Given backend "billing" delays "POST" "/tutorial/api/balance/get" "1" times by "300" ms"#,
        |s, a| {
            let times: usize = number(s, a.get(3), "a count")?;
            let ms: u64 = number(s, a.get(4), "milliseconds")?;
            with_route(s, a, |b, method, path| {
                b.delay_times(method, path, times, Duration::from_millis(ms))
            })
        }
    ),
];

fn number<T: std::str::FromStr>(s: &Scenario, raw: &str, what: &str) -> Result<T, StepError> {
    let text = s.text(raw)?;
    text.trim()
        .parse()
        .map_err(|_| StepError::Input(format!("`{text}` is not {what}")))
}

fn json(s: &Scenario, raw: &str) -> Result<Value, StepError> {
    let text = s.text(raw)?;
    serde_json::from_str(&text)
        .map_err(|e| StepError::Input(format!("not valid JSON ({e}): {text}")))
}

/// The named backend, or an error listing the ones that run.
fn backend<'a>(s: &'a Scenario, raw: &str) -> Result<&'a RunningBackend, StepError> {
    let name = s.text(raw)?;
    s.env.backends.iter().find(|b| b.name() == name).ok_or_else(|| {
        let names: Vec<&str> = s.env.backends.iter().map(|b| b.name()).collect();
        StepError::Input(if names.is_empty() {
            format!("unknown backend `{name}`: no backends run (declare them in apitest.toml under [backends.NAME])")
        } else {
            let hint = crate::diag::closest(&name, names.iter().copied(), 1)
                .first()
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            format!("unknown backend `{name}` (running: {}){hint}", names.join(", "))
        })
    })
}

fn with_route(
    s: &Scenario,
    a: &Args,
    f: impl FnOnce(&crate::mock::Scoped, &str, &str),
) -> StepResult {
    let backend = backend(s, a.get(0))?;
    let (method, path) = (s.text(a.get(1))?, s.text(a.get(2))?);
    f(&backend.scoped(&s.correlation_id), &method, &path);
    Ok(())
}

fn respond(s: &Scenario, a: &Args, reply: Reply) -> StepResult {
    with_route(s, a, |b, method, path| b.respond(method, path, reply))
}

/// Requests this scenario caused that pass `filter`.
fn matching(
    s: &Scenario,
    raw_name: &str,
    filter: &RequestFilter,
) -> Result<(usize, String), StepError> {
    let backend = backend(s, raw_name)?;
    let count = if s.serial {
        backend
            .journal()
            .count(crate::mock::JournalScope::All, filter)
    } else {
        backend.scoped(&s.correlation_id).count(filter)
    };
    Ok((count, backend.name().to_owned()))
}

/// When nothing carried our correlation id but requests without one arrived,
/// the system under test does not propagate it: say so rather than miscount.
fn propagation_hint(s: &Scenario, raw_name: &str) -> String {
    match backend(s, raw_name) {
        Ok(b) if !s.serial && b.uncorrelated_count() > 0 => format!(
            "\n  hint: {} received {} requests without an X-Correlation-ID header: the system under test does not propagate it, so counts cannot be scoped to this scenario; propagate the header, or tag the feature @serial to run it alone and count every request",
            b.name(),
            b.uncorrelated_count()
        ),
        _ => String::new(),
    }
}

fn count_check(
    s: &Scenario,
    raw_name: &str,
    expected: usize,
    filter: RequestFilter,
    what: &str,
) -> StepResult {
    let (count, name) = matching(s, raw_name, &filter)?;
    if count == expected {
        Ok(())
    } else {
        let hint = if count < expected {
            propagation_hint(s, raw_name)
        } else {
            String::new()
        };
        fail(format!(
            "expected backend `{name}` to receive {expected} {what}, it received {count}{hint}"
        ))
    }
}

fn at_least_one(s: &Scenario, raw_name: &str, filter: RequestFilter, what: &str) -> StepResult {
    let (count, name) = matching(s, raw_name, &filter)?;
    if count > 0 {
        return Ok(());
    }
    let (all, _) = matching(s, raw_name, &RequestFilter::any())?;
    fail(format!(
        "expected backend `{name}` to receive {what}; of the {all} requests it received in this scenario, none matched{}",
        propagation_hint(s, raw_name)
    ))
}
