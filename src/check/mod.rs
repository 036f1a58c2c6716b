//! Checks on the resolved model: rules that need the whole standard (parent
//! numbering, record and profile cycles, metric units, unused and deprecated
//! entities, profile selections) and the `@allow` suppressions of warnings.
//!
//! Every pass is linear in the size of the model: lookups go through the
//! resolved [`EntityRef`]s, never through scans of all entities.

mod defects;
mod error;
mod examples;

pub use defects::apply as apply_defects;
pub use error::CheckError;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{EntityKind, EntityRef, Model, Target, ids};

/// Run every check, apply suppressions and return the diagnostics.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    check_beside(model, || ()).0
}

/// [`check`], with `beside` run on the model alongside the slower checks
/// (the examples against their types, and making the findings into
/// diagnostics) when the structural checks before them found no error, so
/// that work needing a sound model (no cycles among records or profiles),
/// such as what `compile` writes, can start before every check is done.
/// `None` when `beside` did not run.
pub fn check_beside<T: Send>(
    model: &Model,
    beside: impl FnOnce() -> T + Send,
) -> (Vec<Diagnostic>, Option<T>) {
    let mut findings = Vec::new();
    parents(model, &mut findings);
    record_cycles(model, &mut findings);
    profile_cycles(model, &mut findings);
    metric_targets(model, &mut findings);
    unused_elements(model, &mut findings);
    deprecated_refs(model, &mut findings);
    profile_selections(model, &mut findings);
    event_capabilities(model, &mut findings);
    let sound = !findings
        .iter()
        .any(|f| f.code().severity() == Severity::Error);
    let rest = move || {
        examples::check(model, &mut findings);
        suppress(model, findings)
    };
    if !sound {
        return (rest(), None);
    }
    let (diagnostics, side) = rayon::join(rest, beside);
    (diagnostics, Some(side))
}

/// Drop warnings the owning entity allows; report allows that matched nothing.
fn suppress(model: &Model, findings: Vec<CheckError>) -> Vec<Diagnostic> {
    // Made into diagnostics in parallel (a model of unused data elements
    // has thousands of warnings, each with its message and help to
    // format); each comes back in place, or as the allow that silenced it.
    let results: Vec<Result<Diagnostic, (EntityRef, Code)>> = findings
        .into_par_iter()
        .map(|finding| {
            let code = finding.code();
            if code.severity() == Severity::Warning
                && let Some(owner) = finding.owner()
                && model.meta(owner).allows.iter().any(|a| a.code == code)
            {
                return Err((owner, code));
            }
            Ok(finding.into_diagnostic(model))
        })
        .collect();
    let mut used: HashSet<(EntityRef, Code)> = HashSet::new();
    let mut out = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(diagnostic) => out.push(diagnostic),
            Err(allowed) => {
                used.insert(allowed);
            }
        }
    }
    for owner in model.all_refs() {
        for allow in &model.meta(owner).allows {
            if !used.contains(&(owner, allow.code)) {
                out.push(
                    CheckError::UnusedAllow {
                        owner,
                        span: allow.span,
                        code: allow.code,
                    }
                    .into_diagnostic(model),
                );
            }
        }
    }
    out
}

/// E0303: lifecycle IDs must extend their parent's ID.
fn parents(model: &Model, out: &mut Vec<CheckError>) {
    let mut check = |child: EntityRef, parent: &crate::model::Ref| {
        let Some(target) = parent.target else { return };
        let id = model.meta(child).id();
        let parent_id = model.meta(target).id();
        if !ids::extends(id, parent_id) {
            out.push(CheckError::ParentMismatch {
                child,
                parent_ref: parent.span,
                parent: target,
            });
        }
    };
    for (i, f) in model.functions.iter().enumerate() {
        check(at(EntityKind::Function, i), &f.area);
    }
    for (i, a) in model.activities.iter().enumerate() {
        check(at(EntityKind::Activity, i), &a.function);
    }
    for (i, c) in model.capabilities.iter().enumerate() {
        if ids::is_lifecycle_capability(c.meta.id()) {
            check(at(EntityKind::Capability, i), &c.activity);
        }
    }
}

fn at(kind: EntityKind, i: usize) -> EntityRef {
    EntityRef {
        kind,
        index: i as u32,
    }
}

/// Find cycles in a graph given as adjacency lists of (target, edge span).
/// Iterative, so deeply nested input cannot overflow the stack. Returns each
/// cycle as the list of (node, span of the edge leaving it).
fn cycles<S: Copy>(edges: &[Vec<(u32, S)>]) -> Vec<Vec<(u32, S)>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut mark = vec![Mark::New; edges.len()];
    let mut found = Vec::new();
    for root in 0..edges.len() {
        if mark[root] != Mark::New {
            continue;
        }
        // (node, next edge to follow)
        let mut stack: Vec<(u32, usize)> = vec![(root as u32, 0)];
        mark[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&(to, _)) = edges[node as usize].get(*next) else {
                mark[node as usize] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match mark[to as usize] {
                Mark::New => {
                    mark[to as usize] = Mark::Active;
                    stack.push((to, 0));
                }
                Mark::Active => {
                    let start = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    let cycle = stack[start..]
                        .iter()
                        .map(|&(n, nx)| (n, edges[n as usize][nx - 1].1))
                        .collect();
                    found.push(cycle);
                }
                Mark::Done => {}
            }
        }
    }
    found
}

/// E0304: a record that contains itself, directly or through other records.
fn record_cycles(model: &Model, out: &mut Vec<CheckError>) {
    let edges: Vec<Vec<(u32, crate::source::Span)>> = model
        .records
        .iter()
        .map(|r| {
            r.fields
                .iter()
                .filter_map(|f| match f.target.target {
                    Some(t) if t.kind == EntityKind::Record => Some((t.index, f.target.span)),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let found = cycles(&edges);
    let acyclic = found.is_empty();
    for cycle in found {
        out.push(CheckError::RecordCycle { cycle });
    }
    if acyclic {
        record_depths(&edges, out);
    }
}

/// How many records deep a record may nest. Real records nest two or three
/// levels; each level is an object (and often a list) in the data, and
/// every record's schema carries the records below it.
pub const MAX_RECORD_DEPTH: usize = 16;

/// E0307: records nested more than [`MAX_RECORD_DEPTH`] levels, reported
/// once, at the outermost record of each too-deep chain. Linear: depths are
/// computed bottom-up in one pass over the (acyclic) containment graph.
fn record_depths(edges: &[Vec<(u32, crate::source::Span)>], out: &mut Vec<CheckError>) {
    let n = edges.len();
    let mut depth = vec![0usize; n];
    // Iterative post-order, so a chain of any length cannot overflow the stack.
    let mut state = vec![0u8; n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, false)];
        while let Some((r, expanded)) = stack.pop() {
            if expanded {
                depth[r] = 1 + edges[r]
                    .iter()
                    .map(|&(c, _)| depth[c as usize])
                    .max()
                    .unwrap_or(0);
                state[r] = 2;
                continue;
            }
            if state[r] != 0 {
                continue;
            }
            state[r] = 1;
            stack.push((r, true));
            for &(c, _) in &edges[r] {
                if state[c as usize] == 0 {
                    stack.push((c as usize, false));
                }
            }
        }
    }
    let mut has_deep_parent = vec![false; n];
    for (r, children) in edges.iter().enumerate() {
        if depth[r] > MAX_RECORD_DEPTH {
            for &(c, _) in children {
                has_deep_parent[c as usize] = true;
            }
        }
    }
    for r in 0..n {
        if depth[r] > MAX_RECORD_DEPTH && !has_deep_parent[r] {
            out.push(CheckError::RecordDepth {
                record: r as u32,
                depth: depth[r],
            });
        }
    }
}

/// E0306: a profile that extends itself.
fn profile_cycles(model: &Model, out: &mut Vec<CheckError>) {
    let edges: Vec<Vec<(u32, crate::source::Span)>> = model
        .profiles
        .iter()
        .map(|p| {
            p.extends
                .iter()
                .filter_map(|r| r.target.map(|t| (t.index, r.span)))
                .collect()
        })
        .collect();
    for cycle in cycles(&edges) {
        out.push(CheckError::ProfileCycle { cycle });
    }
}

/// E0305: targets and thresholds in the metric's unit and range.
fn metric_targets(model: &Model, out: &mut Vec<CheckError>) {
    let mut check = |metric: u32, target: &Target, owner: EntityRef| {
        let m = &model.metrics[metric as usize];
        if let (Some(unit), Some(tu)) = (&m.unit, &target.unit)
            && unit.value != tu.value
        {
            out.push(CheckError::TargetUnit {
                owner,
                span: tu.span,
                found: tu.value.clone(),
                metric,
            });
        }
        let unit = target
            .unit
            .as_ref()
            .or(m.unit.as_ref())
            .map(|u| u.value.as_str());
        let v = target.value.value.value;
        if unit == Some("%") && !(0.0..=100.0).contains(&v) {
            out.push(CheckError::TargetRange {
                owner,
                span: target.value.span,
                message: format!(
                    "{} % is not a percentage between 0 and 100",
                    target.value.value.text
                ),
            });
        }
    };
    for (i, m) in model.metrics.iter().enumerate() {
        if let Some(t) = &m.target {
            check(i as u32, t, at(EntityKind::Metric, i));
        }
    }
    for (i, p) in model.profiles.iter().enumerate() {
        for t in &p.thresholds {
            if let Some(m) = t.metric.target {
                check(m.index, &t.target, at(EntityKind::Profile, i));
            }
        }
    }
}

/// W0310: data elements nothing refers to and that name no capability.
/// Deprecated elements are exempt: they are kept only for compatibility.
fn unused_elements(model: &Model, out: &mut Vec<CheckError>) {
    let mut used = vec![false; model.elements.len()];
    model.for_each_ref(|owner, r| {
        if owner.kind != EntityKind::Element
            && let Some(t) = r.target
            && t.kind == EntityKind::Element
        {
            used[t.index as usize] = true;
        }
    });
    for (i, e) in model.elements.iter().enumerate() {
        if !used[i] && e.capabilities.is_empty() && !e.meta.is_deprecated() {
            out.push(CheckError::UnusedElement {
                owner: at(EntityKind::Element, i),
            });
        }
    }
}

/// W0311: live entities pointing at deprecated ones.
fn deprecated_refs(model: &Model, out: &mut Vec<CheckError>) {
    model.for_each_ref(|owner, r| {
        if let Some(t) = r.target
            && model.meta(t).is_deprecated()
            && !model.meta(owner).is_deprecated()
        {
            out.push(CheckError::Deprecated {
                owner,
                span: r.span,
                target: t,
            });
        }
    });
}

/// W0312 and W0313: selections that select nothing, exclusions that remove
/// nothing.
fn profile_selections(model: &Model, out: &mut Vec<CheckError>) {
    for (i, p) in model.profiles.iter().enumerate() {
        let owner = at(EntityKind::Profile, i);
        for s in &p.selects {
            if s.scope.target.is_some() && model.selected(s).is_empty() {
                out.push(CheckError::EmptySelection {
                    owner,
                    span: s.span,
                });
            }
        }
        if p.excludes.is_empty() {
            continue;
        }
        // What the profile would require without its own exclusions.
        let mut selected = std::collections::BTreeSet::new();
        for q in model.profile_lineage(i as u32) {
            if q == i as u32 {
                continue;
            }
            selected.extend(model.profile_requirements(q).capabilities);
        }
        selected.extend(p.requires.iter().filter_map(|r| r.target.map(|t| t.index)));
        for s in &p.selects {
            selected.extend(model.selected(s));
        }
        for r in &p.excludes {
            if let Some(t) = r.target
                && !selected.contains(&t.index)
            {
                out.push(CheckError::IneffectiveExclusion {
                    owner,
                    span: r.span,
                });
            }
        }
    }
}

/// W0314: an event exercising a capability of another activity than its own.
fn event_capabilities(model: &Model, out: &mut Vec<CheckError>) {
    for (i, u) in model.use_cases.iter().enumerate() {
        for e in &u.events {
            let Some(activity) = e.activity.as_ref().and_then(|a| a.target) else {
                continue;
            };
            for c in &e.capabilities {
                let Some(cap) = c.target else { continue };
                let cap_activity = model.capabilities[cap.index as usize].activity.target;
                if let Some(ca) = cap_activity
                    && ca != activity
                {
                    out.push(CheckError::EventCapability {
                        owner: at(EntityKind::UseCase, i),
                        span: c.span,
                        capability: cap,
                        event_activity: activity,
                    });
                }
            }
        }
    }
}
