//! The scheduler: scenarios run in parallel on tokio's worker threads, at most
//! `jobs` at a time. A feature whose steps store variables runs its scenarios in
//! order on one task (they relay values); every other scenario is its own task.
//! Features tagged `@serial` run last, one scenario at a time, alone.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use futures::FutureExt;
use tokio::sync::{Semaphore, mpsc};

use super::execute::{Relay, run_scenario};
use super::scenario::RunEnv;
use crate::error::panic_message;
use crate::gherkin::Suite;
use crate::report::{ErrorKind, Event, Reporter, ScenarioResult, Status};

/// How to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// At most this many scenarios at once.
    pub jobs: usize,
    /// Start no new scenario after the first one that does not pass.
    pub fail_fast: bool,
}

/// A unit of scheduling: scenarios that run in order on one task.
struct Chain {
    feature: usize,
    /// Runs alone, after every parallel chain.
    serial: bool,
    /// (scenario index in the feature, sequence number in the suite)
    scenarios: Vec<(usize, usize)>,
}

fn chains(suite: &Suite) -> Vec<Chain> {
    let mut chains = Vec::new();
    let mut seq = 0;
    for (f, feature) in suite.features.iter().enumerate() {
        let numbered = (0..feature.scenarios.len()).map(|s| {
            seq += 1;
            (s, seq - 1)
        });
        let serial = feature.serial;
        if feature.ordered || serial {
            chains.push(Chain {
                feature: f,
                serial,
                scenarios: numbered.collect(),
            });
        } else {
            chains.extend(numbered.map(|pair| Chain {
                feature: f,
                serial,
                scenarios: vec![pair],
            }));
        }
    }
    // Parallel chains first, serial ones last (a stable sort keeps load order).
    chains.sort_by_key(|c| c.serial);
    chains
}

/// Runs the suite, feeding every event to the reporters. Every scenario yields
/// exactly one result: a scenario whose task fails (a panic) gets an error
/// result carrying the panic's message, and only `--fail-fast` or Ctrl-C leave
/// scenarios without one ("not run"). Returns whether the run was interrupted.
pub async fn run(
    suite: Arc<Suite>,
    env: Arc<RunEnv>,
    options: &RunOptions,
    reporters: &mut [Box<dyn Reporter>],
) -> bool {
    let started = Instant::now();
    let emit = |reporters: &mut [Box<dyn Reporter>], event: Event| {
        for r in reporters.iter_mut() {
            r.on_event(&event);
        }
    };
    emit(
        reporters,
        Event::Started {
            features: suite.features.len(),
            scenarios: suite.scenario_count(),
        },
    );

    let plan = chains(&suite);
    // (feature, scenario) by sequence number, for results no task sent.
    let mut places = vec![(0, 0); suite.scenario_count()];
    for chain in &plan {
        for &(scenario, seq) in &chain.scenarios {
            places[seq] = (chain.feature, scenario);
        }
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(false));
    let jobs = u32::try_from(options.jobs.clamp(1, Semaphore::MAX_PERMITS)).unwrap_or(u32::MAX);
    let semaphore = Arc::new(Semaphore::new(jobs as usize));
    let fail_fast = options.fail_fast;
    let spawner = {
        let (suite, env, stop) = (Arc::clone(&suite), Arc::clone(&env), Arc::clone(&stop));
        tokio::spawn(async move {
            for chain in plan {
                // A serial chain takes every permit: it runs alone.
                let permits = if chain.serial { jobs } else { 1 };
                let Ok(permit) = Arc::clone(&semaphore).acquire_many_owned(permits).await else {
                    break;
                };
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let (suite, env, tx, stop) = (
                    Arc::clone(&suite),
                    Arc::clone(&env),
                    tx.clone(),
                    Arc::clone(&stop),
                );
                tokio::spawn(async move {
                    let feature = &suite.features[chain.feature];
                    let mut relay = Relay::default();
                    for (scenario, seq) in chain.scenarios {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let place = (chain.feature, scenario, seq);
                        let result = AssertUnwindSafe(run_scenario(feature, place, &env, &mut relay))
                            .catch_unwind()
                            .await
                            .unwrap_or_else(|payload| {
                                ScenarioResult::aborted(
                                    place,
                                    feature.scenarios[scenario].steps.len(),
                                    ErrorKind::Runtime,
                                    format!(
                                        "apitest failed while running this scenario (a bug; please report it): {}",
                                        panic_message(payload.as_ref())
                                    ),
                                )
                            });
                        // Set before the permit is released, so the spawner sees it.
                        if fail_fast && !matches!(result.status(), Status::Passed | Status::Skipped)
                        {
                            stop.store(true, Ordering::Relaxed);
                        }
                        if tx.send(result).is_err() {
                            break;
                        }
                    }
                    drop(permit);
                });
            }
        })
    };

    let mut reported = vec![false; places.len()];
    let mut interrupted = false;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            received = rx.recv() => match received {
                Some(result) => {
                    // One result per scenario, whatever a task sends.
                    if reported.get(result.seq).copied().unwrap_or(true) {
                        continue;
                    }
                    reported[result.seq] = true;
                    emit(reporters, Event::ScenarioFinished(result));
                    if rx.is_empty() {
                        reporters.iter_mut().for_each(|r| r.idle());
                    }
                }
                None => break,
            },
            _ = &mut ctrl_c => {
                interrupted = true;
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
    }
    spawner.abort();
    let stopped = !interrupted && stop.load(Ordering::Relaxed);
    if !interrupted && !stopped {
        // Every task ended: a scenario still without a result lost it.
        for (seq, &(feature, scenario)) in places.iter().enumerate() {
            if !reported[seq] {
                let steps = suite.features[feature].scenarios[scenario].steps.len();
                let result = ScenarioResult::aborted(
                    (feature, scenario, seq),
                    steps,
                    ErrorKind::Runtime,
                    "apitest lost this scenario's result (a bug; please report it)".to_owned(),
                );
                emit(reporters, Event::ScenarioFinished(result));
            }
        }
    }
    emit(
        reporters,
        Event::Finished {
            wall: started.elapsed(),
            interrupted,
            stopped,
            nothing_selected: false,
        },
    );
    interrupted
}
