//! The order a channel's calls run in, fixed at load time, and the check that
//! every call only reads results that exist by the time it runs:
//!
//! ```text
//! error: call `billing` reads `/calls/crm/AccountNumber`, but `crm` runs after it
//!   --> harness.toml:40:9
//!    |
//! 40 | query = { ACC = "/calls/crm/AccountNumber" }
//!    |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
//!    = help: declare `crm` before `billing`
//! ```
//!
//! * sequential, pipeline, conditional: each call starts after the one before
//!   it, so it may read any earlier call; `depends_on` may name earlier calls.
//! * parallel, fanout: every call starts at once, so none may read another
//!   (use hybrid mode and `depends_on`).
//! * hybrid: a call starts after its `depends_on`, and may read those and what
//!   they depend on; the dependencies must not form a cycle.
//!
//! Everywhere: a call cannot read its own result, nor a fire-and-forget
//! call's (always `null`). The response may read every call.

use std::collections::HashMap;

use super::channel_config::{CallSection, ChannelSection, Mode};
use super::check::Checker;
use super::check_calls::reads;
use crate::diag::closest;

/// For each call, in order: the calls it starts after and the calls it needs
/// (its `depends_on`), as indices. Problems become diagnostics.
pub(crate) fn resolve(
    ck: &mut Checker<'_, '_>,
    s: &ChannelSection,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    let calls = &s.calls;
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, c) in calls.iter().enumerate() {
        index.entry(c.name.get_ref().as_str()).or_insert(i);
    }
    let needs: Vec<Vec<usize>> = calls
        .iter()
        .enumerate()
        .map(|(i, c)| dependencies(ck, s.mode, calls, &index, i, c))
        .collect();
    if s.mode == Mode::Hybrid {
        report_cycle(ck, calls, &needs);
    }
    for (i, c) in calls.iter().enumerate() {
        check_reads(ck, s.mode, calls, &index, &needs, i, c);
    }
    needs
        .into_iter()
        .enumerate()
        .map(|(i, needs)| {
            let after = match s.mode {
                m if m.in_order() => i.checked_sub(1).into_iter().collect(),
                Mode::Hybrid => needs.clone(),
                _ => Vec::new(),
            };
            (after, needs)
        })
        .collect()
}

/// The call's `depends_on`, checked against the mode.
fn dependencies(
    ck: &mut Checker<'_, '_>,
    mode: Mode,
    calls: &[CallSection],
    index: &HashMap<&str, usize>,
    i: usize,
    c: &CallSection,
) -> Vec<usize> {
    let name = c.name.get_ref();
    let mut out = Vec::new();
    for dep in &c.depends_on {
        let dep_name = dep.get_ref();
        let Some(&j) = index.get(dep_name.as_str()) else {
            let names: Vec<&str> = calls.iter().map(|c| c.name.get_ref().as_str()).collect();
            ck.error(
                ck.at(
                    format!("`depends_on` names unknown call `{dep_name}`"),
                    dep.span(),
                )
                .did_you_mean(&closest(dep_name, names.iter().copied(), 1)),
            );
            continue;
        };
        if j == i {
            ck.error(ck.at(format!("call `{name}` cannot depend on itself"), dep.span()));
        } else if matches!(mode, Mode::Parallel | Mode::Fanout) {
            ck.error(
                ck.at("`depends_on` orders calls only in hybrid mode", dep.span())
                    .note("in parallel and fanout modes every call starts at once")
                    .help("set `mode = \"hybrid\"` on the channel"),
            );
        } else if mode.in_order() && j > i {
            ck.error(
                ck.at(
                    format!("call `{name}` depends on `{dep_name}`, which runs after it"),
                    dep.span(),
                )
                .help(format!("declare `{dep_name}` before `{name}`")),
            );
        } else {
            out.push(j);
        }
    }
    out
}

/// Reports one dependency cycle of hybrid mode, if there is one.
fn report_cycle(ck: &mut Checker<'_, '_>, calls: &[CallSection], needs: &[Vec<usize>]) {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut mark = vec![0u8; calls.len()];
    let mut path = Vec::new();
    for start in 0..calls.len() {
        if let Some(cycle) = visit(start, needs, &mut mark, &mut path) {
            let names: Vec<&str> = cycle
                .iter()
                .map(|&i| calls[i].name.get_ref().as_str())
                .collect();
            let first = &calls[cycle[0]];
            let span = first
                .depends_on
                .first()
                .map_or_else(|| first.name.span(), |d| d.span());
            ck.error(
                ck.at(
                    format!(
                        "calls depend on each other in a cycle: {}",
                        names.join(" → ")
                    ),
                    span,
                )
                .note("no call of a cycle could ever start"),
            );
            return;
        }
    }
}

fn visit(
    i: usize,
    needs: &[Vec<usize>],
    mark: &mut [u8],
    path: &mut Vec<usize>,
) -> Option<Vec<usize>> {
    match mark[i] {
        2 => return None,
        1 => {
            let from = path.iter().position(|&p| p == i).unwrap_or(0);
            let mut cycle = path[from..].to_vec();
            cycle.push(i);
            return Some(cycle);
        }
        _ => {}
    }
    mark[i] = 1;
    path.push(i);
    for &j in &needs[i] {
        if let Some(cycle) = visit(j, needs, mark, path) {
            return Some(cycle);
        }
    }
    path.pop();
    mark[i] = 2;
    None
}

/// Whether call `j` has finished whenever call `i` starts in hybrid mode.
fn waits_for(i: usize, j: usize, needs: &[Vec<usize>]) -> bool {
    let mut stack = needs[i].clone();
    let mut seen = vec![false; needs.len()];
    while let Some(k) = stack.pop() {
        if k == j {
            return true;
        }
        if !std::mem::replace(&mut seen[k], true) {
            stack.extend(&needs[k]);
        }
    }
    false
}

/// Checks that every `/calls/NAME` the call reads exists when it runs.
fn check_reads(
    ck: &mut Checker<'_, '_>,
    mode: Mode,
    calls: &[CallSection],
    index: &HashMap<&str, usize>,
    needs: &[Vec<usize>],
    i: usize,
    c: &CallSection,
) {
    let name = c.name.get_ref();
    for (pointer, span) in reads(c) {
        let Some(target) = pointer.strip_prefix("/calls/").map(|rest| {
            rest.split('/')
                .next()
                .unwrap_or_default()
                .replace("~1", "/")
                .replace("~0", "~")
        }) else {
            continue;
        };
        // Unknown names are reported by the reference check.
        let Some(&j) = index.get(target.as_str()) else {
            continue;
        };
        let problem = if j == i {
            Some((
                format!("call `{name}` reads its own result `{pointer}`"),
                "a call's result exists only after it ran; read it in `[channels.response]`"
                    .to_owned(),
            ))
        } else if calls[j].fire_and_forget {
            Some((
                format!("call `{name}` reads `{pointer}`, but `{target}` is fire-and-forget"),
                format!(
                    "the result of `{target}` is always null; remove `fire_and_forget` to wait for it"
                ),
            ))
        } else if mode.in_order() && j > i {
            Some((
                format!("call `{name}` reads `{pointer}`, but `{target}` runs after it"),
                format!("declare `{target}` before `{name}`"),
            ))
        } else if matches!(mode, Mode::Parallel | Mode::Fanout) {
            Some((
                format!("call `{name}` reads `{pointer}`, but `{target}` runs at the same time"),
                format!("use `mode = \"hybrid\"` and `depends_on = [\"{target}\"]` on `{name}`"),
            ))
        } else if mode == Mode::Hybrid && !waits_for(i, j, needs) {
            Some((
                format!("call `{name}` reads `{pointer}`, but does not wait for `{target}`"),
                format!("add `depends_on = [\"{target}\"]` to `{name}`"),
            ))
        } else {
            None
        };
        if let Some((title, help)) = problem {
            ck.error(ck.at(title, span).help(help));
        }
    }
}
