//! Running a channel's calls in its mode, building the flow context:
//!
//! ```json
//! {"input": {"name": "partner"}, "vars": {"fraud_user_types": ["RGV"]},
//!  "calls": {"crm": {"UserType": "RGV", ...}, "billing": {"ACC_BALANCE": "357.9"}},
//!  "previous": {"ACC_BALANCE": "357.9"}, "correlation_id": "..."}
//! ```
//!
//! * sequential: in order; each call sees earlier results.
//! * parallel: at once (at most `max_concurrent`); each sees only the input.
//! * fanout: as parallel, and the input is the default body of every call.
//! * pipeline: in order; `/previous` (and the default body) is the output of
//!   the call before; the response defaults to the last output.
//! * conditional: unconditional calls in order; of the calls with a condition
//!   only the first that holds.
//!
//! A skipped, optional-and-failed or fire-and-forget call leaves `null`.
//! `fail_fast = false` runs every call before reporting the failures.

use std::sync::Arc;

use futures::StreamExt;
use serde_json::{Map, Value};
use tracing::Instrument;

use super::call::{CallError, CallRuntime, Correlation, Shared, execute};
use super::config::Mode;
use super::plan::ChannelPlan;

/// The context a flow starts from.
pub(crate) fn context(
    input: Map<String, Value>,
    vars: &Value,
    cid: &Correlation,
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
        "correlation_id": cid.id,
    })
}

/// Runs every call; returns the final context, or the failures of required calls.
pub(crate) async fn run(
    channel: &ChannelPlan,
    calls: &[Arc<CallRuntime>],
    ctx: Value,
    cid: &Correlation,
    shared: &Shared,
) -> Result<Value, Vec<CallError>> {
    match channel.mode {
        Mode::Parallel | Mode::Fanout => concurrent(channel, calls, ctx, cid, shared).await,
        Mode::Sequential | Mode::Pipeline | Mode::Conditional => {
            in_order(channel, calls, ctx, cid, shared).await
        }
    }
}

/// The response document: the mapping, or the default for the mode.
pub(crate) fn respond(channel: &ChannelPlan, ctx: &Value) -> Value {
    match (&channel.response, channel.mode) {
        (Some(mapping), _) => mapping.eval(ctx),
        (None, Mode::Pipeline) => ctx.get("previous").cloned().unwrap_or(Value::Null),
        (None, _) => ctx.get("calls").cloned().unwrap_or(Value::Null),
    }
}

fn set(ctx: &mut Value, name: &str, value: Value) {
    if let Some(calls) = ctx.get_mut("calls").and_then(Value::as_object_mut) {
        calls.insert(name.to_owned(), value);
    }
}

/// Sends a call without waiting for it.
fn fire(
    call: &Arc<CallRuntime>,
    ctx: &Value,
    default_body: Option<&Value>,
    cid: &Correlation,
    shared: &Shared,
) {
    let (call, ctx, body, cid, shared) = (
        Arc::clone(call),
        ctx.clone(),
        default_body.cloned(),
        cid.clone(),
        shared.clone(),
    );
    let span = tracing::Span::current();
    tokio::spawn(
        async move {
            if let Err(e) = execute(&call, &ctx, body.as_ref(), &cid, &shared).await {
                tracing::warn!(call = %call.plan.name, error = %e.describe(), "fire-and-forget call failed");
            }
        }
        .instrument(span),
    );
}

async fn in_order(
    channel: &ChannelPlan,
    calls: &[Arc<CallRuntime>],
    mut ctx: Value,
    cid: &Correlation,
    shared: &Shared,
) -> Result<Value, Vec<CallError>> {
    let mut errors = Vec::new();
    let mut branch_taken = false;
    for call in calls {
        let plan = &call.plan;
        if let Some(condition) = &plan.condition {
            let skip =
                (channel.mode == Mode::Conditional && branch_taken) || !condition.holds(&ctx);
            if skip {
                tracing::debug!(call = %plan.name, "condition not met: call skipped");
                continue;
            }
            branch_taken = true;
        }
        let previous = ctx.get("previous").cloned();
        let default_body = match channel.mode {
            Mode::Pipeline => previous.as_ref(),
            _ => None,
        };
        if plan.fire_and_forget {
            fire(call, &ctx, default_body, cid, shared);
            continue;
        }
        match execute(call, &ctx, default_body, cid, shared).await {
            Ok(value) => {
                set(&mut ctx, &plan.name, value.clone());
                if let Some(previous) = ctx.get_mut("previous") {
                    *previous = value;
                }
            }
            Err(e) if plan.optional => {
                tracing::warn!(call = %plan.name, error = %e.describe(), "optional call failed: null");
            }
            Err(e) => {
                errors.push(e);
                if channel.fail_fast {
                    break;
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(ctx)
    } else {
        Err(errors)
    }
}

/// A call in flight with its outcome.
type Pending<'a> = std::pin::Pin<
    Box<dyn Future<Output = (&'a Arc<CallRuntime>, Result<Value, CallError>)> + Send + 'a>,
>;

async fn concurrent(
    channel: &ChannelPlan,
    calls: &[Arc<CallRuntime>],
    mut ctx: Value,
    cid: &Correlation,
    shared: &Shared,
) -> Result<Value, Vec<CallError>> {
    let snapshot = ctx.clone();
    let input = snapshot.get("input").cloned().unwrap_or(Value::Null);
    let default_body = (channel.mode == Mode::Fanout).then_some(&input);
    let mut runnable = Vec::new();
    for call in calls {
        if call
            .plan
            .condition
            .as_ref()
            .is_some_and(|c| !c.holds(&snapshot))
        {
            continue;
        }
        if call.plan.fire_and_forget {
            fire(call, &snapshot, default_body, cid, shared);
        } else {
            runnable.push(call);
        }
    }
    let snapshot = &snapshot;
    let pending: Vec<_> = runnable
        .into_iter()
        .map(|call| {
            Box::pin(async move {
                (
                    call,
                    execute(call, snapshot, default_body, cid, shared).await,
                )
            }) as Pending<'_>
        })
        .collect();
    let mut results = futures::stream::iter(pending).buffer_unordered(channel.max_concurrent);
    let mut errors = Vec::new();
    while let Some((call, result)) = results.next().await {
        match result {
            Ok(value) => set(&mut ctx, &call.plan.name, value),
            Err(e) if call.plan.optional => {
                tracing::warn!(call = %call.plan.name, error = %e.describe(), "optional call failed: null");
            }
            Err(e) => {
                errors.push(e);
                if channel.fail_fast {
                    break;
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(ctx)
    } else {
        Err(errors)
    }
}
