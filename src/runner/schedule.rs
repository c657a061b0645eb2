//! The scheduler: scenarios run in parallel on tokio's worker threads, at most
//! `jobs` at a time. A feature whose steps store variables runs its scenarios in
//! order on one task (they relay values); every other scenario is its own task.
//! Features tagged `@serial` run last, one scenario at a time, alone.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tokio::sync::{Semaphore, mpsc};

use super::execute::run_scenario;
use super::scenario::RunEnv;
use super::vars::Stored;
use crate::gherkin::Suite;
use crate::report::{Event, Reporter, Status};

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

/// Runs the suite, feeding every event to the reporters. Returns whether the
/// run was interrupted.
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

    let (tx, mut rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(false));
    let jobs = u32::try_from(options.jobs.clamp(1, Semaphore::MAX_PERMITS)).unwrap_or(u32::MAX);
    let semaphore = Arc::new(Semaphore::new(jobs as usize));
    let fail_fast = options.fail_fast;
    let spawner = {
        let (suite, env, stop) = (Arc::clone(&suite), Arc::clone(&env), Arc::clone(&stop));
        tokio::spawn(async move {
            for chain in chains(&suite) {
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
                    let mut stored = Stored::new();
                    for (scenario, seq) in chain.scenarios {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let result = run_scenario(
                            feature,
                            (chain.feature, scenario, seq),
                            &env,
                            &mut stored,
                        )
                        .await;
                        // Set before the permit is released, so the spawner sees it.
                        if fail_fast && result.status() != Status::Passed {
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

    let mut interrupted = false;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        tokio::select! {
            received = rx.recv() => match received {
                Some(result) => {
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
    emit(
        reporters,
        Event::Finished {
            wall: started.elapsed(),
            interrupted,
        },
    );
    interrupted
}
