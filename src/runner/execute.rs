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
            correlation_id: format!("{}-{seq}", env.run_id),
            serial: feature.serial,
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
            };
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
    let id = format!("{}-{seq}", env.run_id);
    for backend in &env.backends {
        backend.scoped(&id).reset();
    }
    ScenarioResult {
        feature: feature_index,
        scenario: scenario_index,
        seq,
        steps: outcomes,
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
    scenario.response = Some(response);
    Ok(())
}
