//! Cucumber's AST (the `gherkinDocument` message, without ids and comments)
//! built from the parser's events, and the `gherkin` crate model compared with
//! it field by field.

use apitest::gherkin::parse::event::{self, Header, Sink};
use apitest::gherkin::parse::{self, KeywordType, ParseErrors};
use serde_json::{Map, Value, json};

/// The AST of a source, as Cucumber's parsers give it.
pub fn document(source: &str) -> Result<Value, ParseErrors> {
    let mut ast = Ast::default();
    parse::parse(source, &mut ast)?;
    Ok(match ast.feature {
        Some(f) => json!({ "feature": f }),
        None => json!({}),
    })
}

#[derive(Default)]
struct Ast {
    feature: Option<Value>,
}

fn location(line: usize, column: usize) -> Value {
    json!({ "line": line, "column": column })
}

fn tags(header: &Header<'_>) -> Value {
    header
        .tags
        .iter()
        .map(|t| json!({ "location": location(t.line, t.column), "name": format!("@{}", t.name) }))
        .collect()
}

fn head(header: &Header<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("location".into(), location(header.line, header.column));
    m.insert("keyword".into(), header.keyword.into());
    m.insert("name".into(), header.name.into());
    m.insert("description".into(), header.description.join("\n").into());
    m
}

fn row(r: &event::Row) -> Value {
    let cells: Vec<Value> = r
        .cells
        .iter()
        .map(|c| json!({ "location": location(r.line, c.column), "value": c.value }))
        .collect();
    json!({ "location": location(r.line, r.column), "cells": cells })
}

fn keyword_type(t: KeywordType) -> &'static str {
    match t {
        KeywordType::Context => "Context",
        KeywordType::Action => "Action",
        KeywordType::Outcome => "Outcome",
        KeywordType::Conjunction => "Conjunction",
        KeywordType::Unknown => "Unknown",
    }
}

impl Ast {
    /// The children of the rule being read, or of the feature.
    fn children(&mut self) -> Option<&mut Vec<Value>> {
        let children = self.feature.as_mut()?.get_mut("children")?.as_array_mut()?;
        let in_rule = children.last().is_some_and(|c| c.get("rule").is_some());
        if in_rule {
            return children
                .last_mut()?
                .get_mut("rule")?
                .get_mut("children")?
                .as_array_mut();
        }
        Some(children)
    }

    /// The background or scenario read last.
    fn last(&mut self) -> Option<&mut Map<String, Value>> {
        let child = self.children()?.last_mut()?.as_object_mut()?;
        child.values_mut().next()?.as_object_mut()
    }
}

impl<'a> Sink<'a> for Ast {
    fn feature(&mut self, header: Header<'a>, language: &'static str) {
        let mut m = head(&header);
        m.insert("tags".into(), tags(&header));
        m.insert("language".into(), language.into());
        m.insert("children".into(), json!([]));
        self.feature = Some(Value::Object(m));
    }

    fn rule(&mut self, header: Header<'a>) {
        let mut m = head(&header);
        m.insert("tags".into(), tags(&header));
        m.insert("children".into(), json!([]));
        let feature = self.feature.as_mut().and_then(|f| f.get_mut("children"));
        if let Some(Value::Array(children)) = feature {
            children.push(json!({ "rule": m }));
        }
    }

    fn background(&mut self, header: Header<'a>) {
        let mut m = head(&header);
        m.insert("steps".into(), json!([]));
        if let Some(c) = self.children() {
            c.push(json!({ "background": m }));
        }
    }

    fn scenario(&mut self, header: Header<'a>) {
        let mut m = head(&header);
        m.insert("tags".into(), tags(&header));
        m.insert("steps".into(), json!([]));
        m.insert("examples".into(), json!([]));
        if let Some(c) = self.children() {
            c.push(json!({ "scenario": m }));
        }
    }

    fn step(&mut self, step: event::Step<'a>) {
        let mut m = Map::new();
        m.insert("location".into(), location(step.line, step.column));
        m.insert("keyword".into(), step.keyword.into());
        m.insert("keywordType".into(), keyword_type(step.keyword_type).into());
        m.insert("text".into(), step.text.into());
        if let Some(d) = &step.doc_string {
            let mut doc = Map::new();
            doc.insert("location".into(), location(d.line, d.column));
            doc.insert("content".into(), d.content.clone().into());
            doc.insert("delimiter".into(), d.delimiter.into());
            if !d.media_type.is_empty() {
                doc.insert("mediaType".into(), d.media_type.into());
            }
            m.insert("docString".into(), Value::Object(doc));
        }
        if let Some(t) = &step.data_table {
            let first = &t.rows[0];
            let rows: Vec<Value> = t.rows.iter().map(row).collect();
            m.insert(
                "dataTable".into(),
                json!({ "location": location(first.line, first.column), "rows": rows }),
            );
        }
        if let Some(Value::Array(steps)) = self.last().and_then(|l| l.get_mut("steps")) {
            steps.push(Value::Object(m));
        }
    }

    fn examples(&mut self, header: Header<'a>, table: Option<event::Table>) {
        let mut m = head(&header);
        m.insert("tags".into(), tags(&header));
        let rows: Vec<Value> = table.iter().flat_map(|t| t.rows.iter().map(row)).collect();
        let mut rows = rows.into_iter();
        if let Some(h) = rows.next() {
            m.insert("tableHeader".into(), h);
        }
        m.insert("tableBody".into(), rows.collect());
        if let Some(Value::Array(examples)) = self.last().and_then(|l| l.get_mut("examples")) {
            examples.push(Value::Object(m));
        }
    }
}

/// The fields the `gherkin` crate's model holds, from the official AST.
fn project_official(doc: &Value) -> Value {
    let Some(f) = doc.get("feature") else {
        return Value::Null;
    };
    let children = f["children"].as_array().cloned().unwrap_or_default();
    let (background, scenarios) = split(&children);
    let rules: Vec<Value> = children
        .iter()
        .filter_map(|c| c.get("rule"))
        .map(|r| {
            let children = r["children"].as_array().cloned().unwrap_or_default();
            let (background, scenarios) = split(&children);
            json!({
                "head": official_head(r), "tags": official_tags(r),
                "background": background, "scenarios": scenarios,
            })
        })
        .collect();
    json!({
        "head": official_head(f), "tags": official_tags(f),
        "background": background, "scenarios": scenarios, "rules": rules,
    })
}

fn split(children: &[Value]) -> (Value, Vec<Value>) {
    let background = children.iter().find_map(|c| c.get("background")).map_or(
        Value::Null,
        |b| json!({ "head": official_head(b), "steps": official_steps(&b["steps"]) }),
    );
    let scenarios = children
        .iter()
        .filter_map(|c| c.get("scenario"))
        .map(|s| {
            let examples: Vec<Value> = s["examples"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    let mut rows: Vec<Value> = e.get("tableHeader").into_iter().cloned().collect();
                    rows.extend(e["tableBody"].as_array().into_iter().flatten().cloned());
                    let name = e["name"].as_str().filter(|n| !n.is_empty());
                    json!({
                        "head": official_head(e), "name": name, "tags": official_tags(e),
                        "table": official_table(&rows),
                    })
                })
                .collect();
            json!({
                "head": official_head(s), "tags": official_tags(s),
                "steps": official_steps(&s["steps"]), "examples": examples,
            })
        })
        .collect();
    (background, scenarios)
}

fn official_head(v: &Value) -> Value {
    let d = v["description"].as_str().filter(|d| !d.is_empty());
    json!([
        v["keyword"],
        v["name"],
        d,
        v["location"]["line"],
        v["location"]["column"]
    ])
}

fn official_tags(v: &Value) -> Vec<String> {
    v["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| {
            t["name"]
                .as_str()
                .unwrap_or("")
                .trim_start_matches('@')
                .to_owned()
        })
        .collect()
}

fn official_table(rows: &[Value]) -> Value {
    let Some(first) = rows.first() else {
        return Value::Null;
    };
    let cells: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| {
            r["cells"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| c["value"].clone())
                .collect()
        })
        .collect();
    json!([
        cells,
        first["location"]["line"],
        first["location"]["column"]
    ])
}

fn official_steps(steps: &Value) -> Vec<Value> {
    let mut last = "Given";
    steps
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let ty = match s["keywordType"].as_str() {
                Some("Context") => "Given",
                Some("Action") => "When",
                Some("Outcome") => "Then",
                _ => last,
            };
            last = ty;
            let rows = s["dataTable"]["rows"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            json!([
                s["keyword"],
                ty,
                s["text"],
                s["docString"]["content"],
                official_table(&rows),
                s["location"]["line"],
                s["location"]["column"],
            ])
        })
        .collect()
}

/// The same fields, from the model.
fn project_model(f: Option<&gherkin::Feature>) -> Value {
    let Some(f) = f else {
        return Value::Null;
    };
    let rules: Vec<Value> = f
        .rules
        .iter()
        .map(|r| {
            json!({
                "head": head_of(&r.keyword, &r.name, &r.description, r.position),
                "tags": r.tags, "background": background_of(r.background.as_ref()),
                "scenarios": r.scenarios.iter().map(scenario_of).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "head": head_of(&f.keyword, &f.name, &f.description, f.position), "tags": f.tags,
        "background": background_of(f.background.as_ref()),
        "scenarios": f.scenarios.iter().map(scenario_of).collect::<Vec<_>>(), "rules": rules,
    })
}

fn head_of(keyword: &str, name: &str, description: &Option<String>, p: gherkin::LineCol) -> Value {
    json!([keyword, name, description, p.line, p.col])
}

fn background_of(b: Option<&gherkin::Background>) -> Value {
    b.map_or(Value::Null, |b| {
        json!({
            "head": head_of(&b.keyword, &b.name, &b.description, b.position),
            "steps": b.steps.iter().map(step_of).collect::<Vec<_>>(),
        })
    })
}

fn scenario_of(s: &gherkin::Scenario) -> Value {
    let examples: Vec<Value> = s
        .examples
        .iter()
        .map(|e| {
            json!({
                "head": head_of(&e.keyword, e.name.as_deref().unwrap_or(""), &e.description, e.position),
                "name": e.name, "tags": e.tags, "table": table_of(e.table.as_ref()),
            })
        })
        .collect();
    json!({
        "head": head_of(&s.keyword, &s.name, &s.description, s.position), "tags": s.tags,
        "steps": s.steps.iter().map(step_of).collect::<Vec<_>>(), "examples": examples,
    })
}

fn table_of(t: Option<&gherkin::Table>) -> Value {
    t.map_or(Value::Null, |t| {
        json!([t.rows, t.position.line, t.position.col])
    })
}

fn step_of(s: &gherkin::Step) -> Value {
    let ty = format!("{:?}", s.ty);
    json!([
        s.keyword,
        ty,
        s.value,
        s.docstring,
        table_of(s.table.as_ref()),
        s.position.line,
        s.position.col,
    ])
}

/// Why the model differs from the official AST, if it does.
pub fn model_mismatch(model: Option<&gherkin::Feature>, official: &Value) -> Option<String> {
    let (ours, theirs) = (project_model(model), project_official(official));
    (ours != theirs).then(|| {
        format!(
            "the gherkin model differs\n--- official\n{}\n+++ model\n{}",
            serde_json::to_string_pretty(&theirs).unwrap_or_default(),
            serde_json::to_string_pretty(&ours).unwrap_or_default()
        )
    })
}
