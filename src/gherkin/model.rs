//! The loaded suite: features, runnable scenarios (backgrounds folded in, outlines
//! expanded) and compiled steps.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Location;
use crate::steps::{Args, StepDef};

/// Everything a run needs, checked before any request is sent.
pub struct Suite {
    /// The features, in path order.
    pub features: Vec<Feature>,
}

impl Suite {
    /// Keeps shard `index` (1-based) of `count`: scenarios are dealt round-robin
    /// in load order, except that a feature whose scenarios run in order (they
    /// relay stored values, or it is `@serial`) is dealt whole. The same suite
    /// always splits the same way.
    pub fn shard(&mut self, index: usize, count: usize) {
        let mut unit = 0usize;
        let mut take = || {
            unit += 1;
            (unit - 1) % count == index - 1
        };
        for feature in &mut self.features {
            if feature.ordered || feature.serial {
                if !take() {
                    feature.scenarios.clear();
                }
            } else {
                feature.scenarios.retain(|_| take());
            }
        }
        self.features.retain(|f| !f.scenarios.is_empty());
    }

    /// How many scenarios the suite runs.
    pub fn scenario_count(&self) -> usize {
        self.features.iter().map(|f| f.scenarios.len()).sum()
    }
}

/// One `.feature` file.
pub struct Feature {
    /// The feature's name (the JUnit test suite).
    pub name: Arc<str>,
    /// The file, as shown to users.
    pub path: Arc<Path>,
    /// The line of its `Feature:` keyword.
    pub line: usize,
    /// The `features/` directory that data files are read from.
    pub features_dir: Arc<Path>,
    /// The runnable scenarios (after tag and name filters).
    pub scenarios: Vec<Scenario>,
    /// Whether scenarios share stored variables, so run in order.
    pub ordered: bool,
    /// Tagged `@serial`: its scenarios run alone, after the parallel ones (for
    /// systems that do not propagate the correlation id to fake backends).
    pub serial: bool,
}

/// One runnable scenario: an outline row is one scenario.
pub struct Scenario {
    /// The name (outline rows carry their values).
    pub name: String,
    /// Where it starts.
    pub location: Location,
    /// Background steps (feature, then rule) followed by the scenario's own.
    pub steps: Vec<Step>,
}

impl Scenario {
    /// The first undefined or ambiguous step, if any.
    pub fn invalid_step(&self) -> Option<&Step> {
        self.steps
            .iter()
            .find(|s| matches!(s.compiled, Compiled::Invalid(_)))
    }
}

/// One step with its source.
pub struct Step {
    /// The keyword as written (`Given`, `And`, ...).
    pub keyword: Arc<str>,
    /// The text after the keyword.
    pub text: Arc<str>,
    /// Where it is.
    pub location: Location,
    /// What it compiled to.
    pub compiled: Compiled,
}

/// A step compiled against the registry.
pub enum Compiled {
    /// A definition and its arguments (shared by equal steps).
    Step(&'static StepDef, Arc<Args>),
    /// Undefined or ambiguous: a one-line message with suggestions.
    Invalid(String),
}
