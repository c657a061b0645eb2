//! Cucumber JSON (`--cucumber-json FILE`), the format Cucumber's own tools and
//! most CI dashboards read: one element per feature, one per scenario, a result
//! per step. Undefined steps are `undefined`, steps after a failure `skipped`;
//! an error of a scenario as a whole (apitest failed while running it, the
//! services did not start) is a failed `before` hook of the scenario.
//!
//! ```json
//! [{"uri": "features/demo.feature", "id": "zato-api-testing-demo", "keyword": "Feature",
//!   "name": "Zato API Testing Demo", "line": 1, "tags": [],
//!   "elements": [{"id": "zato-api-testing-demo;rest-api-demo", "keyword": "Scenario",
//!     "type": "scenario", "name": "*** REST API Demo ***", "line": 3, "tags": [],
//!     "steps": [{"keyword": "Given ", "name": "address \"http://127.0.0.1:8587\"", "line": 4,
//!                "result": {"status": "passed"}}, ...]}]}]
//! ```

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{Event, Outcome, Reporter, Results, write_report};
use crate::gherkin::{Compiled, Suite};
use crate::secrets::Secrets;

/// Collects results and writes the Cucumber JSON file when the run finishes.
pub struct CucumberJson {
    suite: Arc<Suite>,
    path: PathBuf,
    secrets: Secrets,
    results: Results,
}

impl CucumberJson {
    /// A reporter that writes `path` when the run finishes; `secrets` are masked.
    pub fn new(suite: Arc<Suite>, path: PathBuf, secrets: Secrets) -> Self {
        let results = Results::new(&suite);
        Self {
            suite,
            path,
            secrets,
            results,
        }
    }

    /// The report as a JSON document.
    pub fn document(&self) -> Value {
        let features: Vec<Value> = self
            .suite
            .features
            .iter()
            .enumerate()
            .map(|(f, feature)| {
                let feature_id = slug(&feature.name);
                let elements: Vec<Value> = feature
                    .scenarios
                    .iter()
                    .enumerate()
                    .map(|(s, scenario)| {
                        let result = self.results.get(f, s);
                        let steps: Vec<Value> = scenario
                            .steps
                            .iter()
                            .enumerate()
                            .map(|(i, step)| {
                                let outcome = result.and_then(|r| r.steps.get(i));
                                let mut step_result = match (outcome, &step.compiled) {
                                    (_, Compiled::Invalid(_)) => json!({"status": "undefined"}),
                                    (Some(Outcome::Passed), _) => json!({"status": "passed"}),
                                    (Some(Outcome::Failed(m) | Outcome::Error(_, m)), _) => {
                                        json!({"status": "failed", "error_message": m})
                                    }
                                    (Some(Outcome::Skipped) | None, _) => {
                                        json!({"status": "skipped"})
                                    }
                                };
                                if let (Some(Outcome::Error(_, m)), Compiled::Invalid(_)) =
                                    (outcome, &step.compiled)
                                {
                                    step_result["error_message"] = json!(m);
                                }
                                json!({
                                    "keyword": format!("{} ", step.keyword),
                                    "name": &*step.text,
                                    "line": step.location.line,
                                    "result": step_result,
                                })
                            })
                            .collect();
                        let mut element = json!({
                            "id": format!("{feature_id};{}", slug(&scenario.name)),
                            "keyword": "Scenario",
                            "type": "scenario",
                            "name": scenario.name,
                            "line": scenario.location.line,
                            "tags": [],
                            "steps": steps,
                        });
                        if let Some((_, message)) = result.and_then(|r| r.error.as_ref()) {
                            element["before"] = json!([{
                                "match": {"location": "apitest"},
                                "result": {"status": "failed", "error_message": message},
                            }]);
                        }
                        element
                    })
                    .collect();
                json!({
                    "uri": feature.path.display().to_string(),
                    "id": feature_id,
                    "keyword": "Feature",
                    "name": &*feature.name,
                    "line": feature.line,
                    "tags": [],
                    "elements": elements,
                })
            })
            .collect();
        Value::Array(features)
    }
}

/// Cucumber's ids: lower case, runs of other characters as one `-`.
fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

impl Reporter for CucumberJson {
    fn on_event(&mut self, event: &Event) {
        match event {
            Event::ScenarioFinished(result) => self.results.record(result),
            Event::Finished { .. } => {
                let text = serde_json::to_string_pretty(&self.document()).unwrap_or_default();
                write_report(
                    &self.path,
                    "Cucumber JSON",
                    &format!("{text}\n"),
                    &self.secrets,
                );
            }
            Event::Started { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("*** REST API Demo ***"), "rest-api-demo");
        assert_eq!(slug("Get /a (p=1)"), "get-a-p-1");
    }
}
