//! Running one scenario, step by step.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt;

use super::StepError;
use super::scenario::{RequestState, RunEnv, Scenario};
use super::vars::{Stored, UnknownVariable};
use crate::error::panic_message;
use crate::gherkin::{self, Compiled};
use crate::report::{ErrorKind, Outcome, ScenarioResult};
use crate::steps::Exec;

/// What the scenarios of one feature that run in order share: the stored
/// variables, and which scenarios did not pass (a later scenario that needs a
/// variable one of them stores is skipped, naming it, rather than reported as
/// an unknown variable).
#[derive(Default)]
pub struct Relay {
    /// Variables stored with `I store ... under "name"`.
    pub stored: Stored,
    /// Indices (in the feature) of the scenarios that did not pass, in order.
    not_passed: Vec<usize>,
}

/// Why a scenario that misses `#name` is skipped: the latest scenario that did
/// not pass and has a step storing `#name`, named. `None` when there is no such
/// scenario (then the variable is simply unknown).
fn skip_reason(
    not_passed: &[usize],
    feature: &gherkin::Feature,
    missing: &UnknownVariable,
) -> Option<String> {
    let name = missing.written.strip_prefix('#')?;
    let culprit = not_passed.iter().rev().find_map(|&i| {
        let scenario = feature.scenarios.get(i)?;
        scenario
            .steps
            .iter()
            .any(|step| match &step.compiled {
                Compiled::Step(def, args) => def.stores && args.values.iter().any(|v| v == name),
                Compiled::Invalid(_) => false,
            })
            .then_some(scenario)
    })?;
    Some(format!(
        "it needs `{}`, which scenario \"{}\" ({}) stores, but that scenario did not pass",
        missing.written, culprit.name, culprit.location
    ))
}

/// Runs a scenario's steps in order; after the first step that does not pass,
/// the rest are skipped. A scenario with an undefined or ambiguous step sends
/// nothing: that step is an error and every other step is skipped. A step that
/// panics is a runtime error carrying the panic's message.
pub async fn run_scenario(
    feature: &gherkin::Feature,
    (feature_index, scenario_index, seq): (usize, usize, usize),
    env: &RunEnv,
    relay: &mut Relay,
) -> ScenarioResult {
    let started = Instant::now();
    let spec = &feature.scenarios[scenario_index];
    let mut outcomes = Vec::with_capacity(spec.steps.len());
    let mut notes = Vec::new();
    let mut skipped = None;
    let correlation_id = format!("{}-{seq}", env.run_id);

    if spec.invalid_step().is_some() {
        outcomes.extend(spec.steps.iter().map(|step| match &step.compiled {
            Compiled::Invalid(message) => Outcome::Error(ErrorKind::Input, message.clone()),
            Compiled::Step(..) => Outcome::Skipped,
        }));
    } else {
        let Relay { stored, not_passed } = &mut *relay;
        let mut scenario = Scenario {
            request: RequestState::default(),
            response: None,
            stored,
            env,
            features_dir: Arc::clone(&feature.features_dir),
            correlation_id: correlation_id.clone(),
            serial: feature.serial,
            notes: Vec::new(),
        };
        if feature.serial {
            // Alone in the run: every request the backends receive is this scenario's.
            env.backends
                .iter()
                .for_each(crate::mock::RunningBackend::reset);
        }
        let secret_variables = env.secrets.variables();
        let mut stopped = false;
        for step in &spec.steps {
            if stopped {
                outcomes.push(Outcome::Skipped);
                continue;
            }
            let Compiled::Step(def, args) = &step.compiled else {
                outcomes.push(Outcome::Skipped);
                continue;
            };
            let result = AssertUnwindSafe(run_step(def.exec, &mut scenario, args))
                .catch_unwind()
                .await
                .unwrap_or_else(|payload| {
                    Err(StepError::Runtime(format!(
                        "apitest failed inside this step (a bug; please report it): {}",
                        panic_message(payload.as_ref())
                    )))
                });
            // A value stored under a secret name is a secret from now on.
            for name in &secret_variables {
                if let Some(value) = scenario.stored.get(name) {
                    env.secrets.add(&crate::runner::vars::value_text(value));
                }
            }
            let index = outcomes.len();
            notes.extend(scenario.notes.drain(..).map(|n| (index, n)));
            let outcome = match result {
                Ok(()) => Outcome::Passed,
                Err(StepError::Failed(m)) => Outcome::Failed(m),
                Err(StepError::Input(m)) => Outcome::Error(ErrorKind::Input, m),
                Err(StepError::Runtime(m)) => Outcome::Error(ErrorKind::Runtime, m),
                Err(StepError::UnknownVariable(missing)) => {
                    match skip_reason(not_passed, feature, &missing) {
                        Some(reason) => {
                            skipped = Some(reason);
                            Outcome::Skipped
                        }
                        None => Outcome::Error(ErrorKind::Input, missing.to_string()),
                    }
                }
            };
            stopped = outcome != Outcome::Passed;
            outcomes.push(outcome);
        }
    }
    // Forget this scenario's backend overrides and journal entries.
    for backend in &env.backends {
        backend.scoped(&correlation_id).reset();
    }
    let result = ScenarioResult {
        feature: feature_index,
        scenario: scenario_index,
        seq,
        steps: outcomes,
        notes,
        duration: started.elapsed(),
        skipped,
        error: None,
    };
    if result.status() != crate::report::Status::Passed {
        relay.not_passed.push(scenario_index);
    }
    result
}

/// Runs one step.
async fn run_step(
    exec: Exec,
    scenario: &mut Scenario<'_>,
    args: &crate::steps::Args,
) -> Result<(), StepError> {
    match exec {
        Exec::Sync(f) => f(scenario, args),
        Exec::Invoke => invoke(scenario).await,
        Exec::Sleep => {
            let duration = crate::steps::sleep_seconds(&scenario.text(args.get(0))?)?;
            tokio::time::sleep(duration).await;
            Ok(())
        }
        Exec::OAuthToken => oauth_token(scenario, args).await,
    }
}

async fn invoke(scenario: &mut Scenario<'_>) -> Result<(), StepError> {
    let response = crate::http::send(
        &scenario.env.client,
        &scenario.request,
        &scenario.correlation_id,
        &scenario.env.secrets,
    )
    .await?;
    if scenario.env.verbose {
        scenario
            .notes
            .push(crate::http::exchange_text(&response, &scenario.env.secrets));
    }
    scenario.response = Some(response);
    Ok(())
}

async fn oauth_token(
    scenario: &mut Scenario<'_>,
    args: &crate::steps::Args,
) -> Result<(), StepError> {
    let name = scenario.text(args.get(0))?;
    let token = crate::http::oauth::fetch_token(
        &scenario.env.client,
        &scenario.request.oauth,
        &scenario.env.secrets,
    )
    .await?;
    scenario
        .stored
        .insert(name, serde_json::Value::String(token));
    Ok(())
}
