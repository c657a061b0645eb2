//! Running one scenario, step by step.

use std::sync::Arc;
use std::time::Instant;

use super::StepError;
use super::scenario::{RequestState, RunEnv, Scenario};
use super::vars::Stored;
use crate::gherkin::{self, Compiled};
use crate::report::{ErrorKind, Outcome, ScenarioResult};
use crate::steps::Exec;

/// Runs a scenario's steps in order; after the first step that does not pass,
/// the rest are skipped. A scenario with an undefined or ambiguous step sends
/// nothing: that step is an error and every other step is skipped.
pub async fn run_scenario(
    feature: &gherkin::Feature,
    (feature_index, scenario_index, seq): (usize, usize, usize),
    env: &RunEnv,
    stored: &mut Stored,
) -> ScenarioResult {
    let started = Instant::now();
    let spec = &feature.scenarios[scenario_index];
    let mut outcomes = Vec::with_capacity(spec.steps.len());
    let mut notes = Vec::new();
    let correlation_id = format!("{}-{seq}", env.run_id);

    if spec.invalid_step().is_some() {
        outcomes.extend(spec.steps.iter().map(|step| match &step.compiled {
            Compiled::Invalid(message) => Outcome::Error(ErrorKind::Input, message.clone()),
            Compiled::Step(..) => Outcome::Skipped,
        }));
    } else {
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
            let result = match def.exec {
                Exec::Sync(f) => f(&mut scenario, args),
                Exec::Invoke => invoke(&mut scenario).await,
                Exec::Sleep => match scenario
                    .text(args.get(0))
                    .and_then(|t| crate::steps::sleep_seconds(&t))
                {
                    Ok(duration) => {
                        tokio::time::sleep(duration).await;
                        Ok(())
                    }
                    Err(e) => Err(e),
                },
                Exec::OAuthToken => oauth_token(&mut scenario, args).await,
            };
            let index = outcomes.len();
            notes.extend(scenario.notes.drain(..).map(|n| (index, n)));
            let outcome = match result {
                Ok(()) => Outcome::Passed,
                Err(StepError::Failed(m)) => Outcome::Failed(m),
                Err(StepError::Input(m)) => Outcome::Error(ErrorKind::Input, m),
                Err(StepError::Runtime(m)) => Outcome::Error(ErrorKind::Runtime, m),
            };
            stopped = outcome != Outcome::Passed;
            outcomes.push(outcome);
        }
    }
    // Forget this scenario's backend overrides and journal entries.
    for backend in &env.backends {
        backend.scoped(&correlation_id).reset();
    }
    ScenarioResult {
        feature: feature_index,
        scenario: scenario_index,
        seq,
        steps: outcomes,
        notes,
        duration: started.elapsed(),
    }
}

async fn invoke(scenario: &mut Scenario<'_>) -> Result<(), StepError> {
    let response = crate::http::send(
        &scenario.env.client,
        &scenario.request,
        &scenario.correlation_id,
    )
    .await?;
    if scenario.env.verbose {
        scenario.notes.push(crate::http::exchange_text(&response));
    }
    scenario.response = Some(response);
    Ok(())
}

async fn oauth_token(
    scenario: &mut Scenario<'_>,
    args: &crate::steps::Args,
) -> Result<(), StepError> {
    let name = scenario.text(args.get(0))?;
    let token =
        crate::http::oauth::fetch_token(&scenario.env.client, &scenario.request.oauth).await?;
    scenario
        .stored
        .insert(name, serde_json::Value::String(token));
    Ok(())
}
