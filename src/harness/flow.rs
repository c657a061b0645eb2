//! Running a channel's calls in its mode, building the flow context:
//!
//! ```json
//! {"input": {"name": "partner"}, "vars": {"fraud_user_types": ["RGV"]},
//!  "calls": {"crm": {"UserType": "RGV", ...}, "billing": {"ACC_BALANCE": "357.9"}},
//!  "previous": {"ACC_BALANCE": "357.9"}, "correlation_id": "..."}
//! ```
//!
//! Every mode is one scheduler: a call starts once the calls it must wait for
//! have finished (its `after`, fixed at load time) and there is room under
//! `max_concurrent`.
//!
//! * sequential, pipeline, conditional: each call waits for the one before;
//!   pipeline sets `/previous` (and the default body) to the last output and
//!   answers with it; in conditional mode calls sharing a `branch` form an
//!   if / else-if chain.
//! * parallel: at once; fanout: at once, the input as every call's default body.
//! * hybrid: each call waits for its `depends_on`.
//!
//! A call whose `depends_on` failed (leaving `null`) does not run. A call with
//! `for_each` runs once per item of a list, at most `max_concurrent` at once,
//! and its result is the list of results. A skipped, optional-and-failed or
//! fire-and-forget call leaves `null` (or its `fallback`). A failed required
//! call stops the flow (`fail_fast`, the default), or with `fail_fast = false`
//! every call runs and all failures are reported; with `error_threshold` the
//! flow answers unless more than that share of required calls failed.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use serde_json::{Map, Value};
use tracing::Instrument;

use super::call::{CallRuntime, Caller, Shared, execute};
use super::channel_config::Mode;
use super::failure::CallError;
use super::plan::ChannelPlan;

/// The context a flow starts from.
pub(crate) fn context(
    input: Map<String, Value>,
    vars: &Value,
    caller: &Caller,
    calls: &[Arc<CallRuntime>],
) -> Value {
    let input = Value::Object(input);
    let calls: Map<String, Value> = calls
        .iter()
        .map(|c| (c.plan.name.clone(), Value::Null))
        .collect();
    serde_json::json!({
        "input": input.clone(),
        "vars": vars.clone(),
        "calls": calls,
        "previous": input,
        "correlation_id": caller.correlation.id,
    })
}

/// The response document: the mapping, or the default for the mode.
pub(crate) fn respond(channel: &ChannelPlan, ctx: &Value) -> Value {
    match (&channel.response, channel.mode) {
        (Some(mapping), _) => mapping.eval(ctx),
        (None, Mode::Pipeline) => ctx.get("previous").cloned().unwrap_or(Value::Null),
        (None, _) => ctx.get("calls").cloned().unwrap_or(Value::Null),
    }
}

/// How one call ended, for the calls that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting,
    Running,
    /// It left a result (a success, a fallback, a list).
    Done,
    /// It left nothing: skipped by its condition, or failed.
    Skipped,
    Failed,
}

/// A finished call: its value and the failures of its executions (one, or
/// one per `for_each` item).
struct Finished {
    value: Value,
    failures: Vec<CallError>,
    executions: usize,
    /// Whether it produced a result despite failures (fallbacks, a list).
    has_result: bool,
}

type Running<'a> = Pin<Box<dyn Future<Output = (usize, Finished)> + Send + 'a>>;

/// Runs every call; returns the final context, or the failures of required calls.
pub(crate) async fn run(
    channel: &ChannelPlan,
    calls: &[Arc<CallRuntime>],
    mut ctx: Value,
    caller: &Caller,
    shared: &Shared,
) -> Result<Value, Vec<CallError>> {
    let mut state = vec![State::Waiting; calls.len()];
    let mut branches_taken: HashSet<&str> = HashSet::new();
    let mut running: FuturesUnordered<Running<'_>> = FuturesUnordered::new();
    let mut errors = Vec::new();
    let (mut executed, mut failed) = (0usize, 0usize);
    loop {
        // Calls started now share one copy of the context; it changes only
        // when a call finishes.
        let mut snapshot: Option<Arc<Value>> = None;
        let mut progress = true;
        while progress {
            progress = false;
            for (i, call) in calls.iter().enumerate() {
                if state[i] != State::Waiting || running.len() >= channel.max_concurrent {
                    continue;
                }
                let plan = &call.plan;
                if !plan.after.iter().all(|&j| finished(state[j])) {
                    continue;
                }
                progress = true;
                if let Some(&j) = plan.needs.iter().find(|&&j| state[j] == State::Failed) {
                    tracing::info!(call = %plan.name, dependency = %calls[j].plan.name, "dependency failed: call skipped");
                    state[i] = State::Skipped;
                    continue;
                }
                let branch_taken = plan
                    .branch
                    .as_deref()
                    .is_some_and(|b| branches_taken.contains(b));
                if branch_taken || !plan.conditions.iter().all(|c| c.holds(&ctx)) {
                    tracing::debug!(call = %plan.name, "condition not met: call skipped");
                    state[i] = State::Skipped;
                    continue;
                }
                if let Some(branch) = plan.branch.as_deref() {
                    branches_taken.insert(branch);
                }
                let body = default_body(channel.mode, call, &ctx);
                let snapshot = Arc::clone(snapshot.get_or_insert_with(|| Arc::new(ctx.clone())));
                if plan.fire_and_forget {
                    fire(
                        call,
                        &snapshot,
                        body,
                        caller,
                        shared,
                        channel.max_concurrent,
                    );
                    state[i] = State::Done;
                    continue;
                }
                state[i] = State::Running;
                running.push(Box::pin(async move {
                    let finished = run_call(
                        call,
                        &snapshot,
                        body.as_ref(),
                        caller,
                        shared,
                        channel.max_concurrent,
                    )
                    .await;
                    (i, finished)
                }));
            }
        }
        let Some((i, finished)) = running.next().await else {
            break;
        };
        let plan = &calls[i].plan;
        set(&mut ctx, &plan.name, finished.value.clone());
        let optional = plan.optional || plan.fallback.is_some();
        if !optional {
            executed += finished.executions;
            failed += finished.failures.len();
        }
        state[i] = if finished.failures.is_empty() || finished.has_result {
            State::Done
        } else {
            State::Failed
        };
        if state[i] == State::Done
            && channel.mode.in_order()
            && let Some(previous) = ctx.get_mut("previous")
        {
            *previous = finished.value;
        }
        if finished.failures.is_empty() {
            continue;
        }
        if optional {
            tracing::warn!(call = %plan.name, failures = finished.failures.len(), "optional call failed: fallback or null");
            continue;
        }
        errors.extend(finished.failures);
        if channel.fail_fast && channel.error_threshold.is_none() {
            return Err(errors);
        }
    }
    match channel.error_threshold {
        _ if errors.is_empty() => Ok(ctx),
        Some(threshold) if executed > 0 && (failed as f64 / executed as f64) <= threshold => {
            tracing::warn!(
                failed,
                executed,
                threshold,
                "failures within the error threshold"
            );
            Ok(ctx)
        }
        _ => Err(errors),
    }
}

/// Whether a call has finished, one way or another.
fn finished(state: State) -> bool {
    matches!(state, State::Done | State::Skipped | State::Failed)
}

fn set(ctx: &mut Value, name: &str, value: Value) {
    if let Some(calls) = ctx.get_mut("calls").and_then(Value::as_object_mut) {
        calls.insert(name.to_owned(), value);
    }
}

/// The body a call sends when it defines none.
fn default_body(mode: Mode, call: &CallRuntime, ctx: &Value) -> Option<Value> {
    match mode {
        Mode::Pipeline => ctx.get("previous").cloned(),
        Mode::Fanout => ctx.get("input").cloned(),
        _ if call.plan.method.is_none() => ctx.get("input").cloned(),
        _ => None,
    }
}

/// Runs one call (once, or once per `for_each` item), turning failures into
/// fallbacks where the call has one.
async fn run_call(
    call: &CallRuntime,
    ctx: &Value,
    body: Option<&Value>,
    caller: &Caller,
    shared: &Shared,
    max_concurrent: usize,
) -> Finished {
    let Some(list) = &call.plan.for_each else {
        return match execute(call, ctx, body, caller, shared).await {
            Ok(value) => Finished {
                value,
                failures: Vec::new(),
                executions: 1,
                has_result: true,
            },
            Err(e) => Finished {
                value: fallback(call, ctx, &e),
                has_result: call.plan.fallback.is_some(),
                failures: vec![e],
                executions: 1,
            },
        };
    };
    let items = match ctx.pointer(list) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => {
            let e = CallError::Request {
                backend: call.backend.plan.name.clone(),
                detail: format!("`for_each` value `{list}` is not a list"),
            };
            return Finished {
                value: fallback(call, ctx, &e),
                has_result: call.plan.fallback.is_some(),
                failures: vec![e],
                executions: 1,
            };
        }
    };
    let executions = items.len();
    let outcomes: Vec<_> = futures::stream::iter(items.into_iter().enumerate())
        .map(|(index, item)| {
            let mut item_ctx = ctx.clone();
            if let Some(fields) = item_ctx.as_object_mut() {
                fields.insert("item".into(), item);
                fields.insert("index".into(), Value::from(index));
            }
            async move {
                let result = execute(call, &item_ctx, body, caller, shared).await;
                (item_ctx, result)
            }
        })
        .buffered(max_concurrent.max(1))
        .collect()
        .await;
    let mut values = Vec::with_capacity(executions);
    let mut failures = Vec::new();
    for (item_ctx, result) in outcomes {
        match result {
            Ok(value) => values.push(value),
            Err(e) => {
                values.push(fallback(call, &item_ctx, &e));
                failures.push(e);
            }
        }
    }
    Finished {
        value: Value::Array(values),
        failures,
        executions,
        has_result: true,
    }
}

/// A failed call's result: its `fallback` rendered with `/error`, or `null`.
fn fallback(call: &CallRuntime, ctx: &Value, error: &CallError) -> Value {
    let Some(template) = &call.plan.fallback else {
        return Value::Null;
    };
    let mut ctx = ctx.clone();
    if let Some(fields) = ctx.as_object_mut() {
        fields.insert("error".into(), error.as_context());
    }
    template.render(&ctx)
}

/// Sends a call (and every `for_each` item) without waiting for it.
fn fire(
    call: &Arc<CallRuntime>,
    ctx: &Arc<Value>,
    body: Option<Value>,
    caller: &Caller,
    shared: &Shared,
    max_concurrent: usize,
) {
    let (call, ctx, caller, shared) = (
        Arc::clone(call),
        Arc::clone(ctx),
        caller.clone(),
        shared.clone(),
    );
    let span = tracing::Span::current();
    tokio::spawn(
        async move {
            // Failures are logged by `execute`; nobody waits for the result.
            run_call(&call, &ctx, body.as_ref(), &caller, &shared, max_concurrent).await;
        }
        .instrument(span),
    );
}
