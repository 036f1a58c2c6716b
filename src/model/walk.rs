//! Walking the resolved model: every reference with the entity that makes it,
//! and the capabilities a profile requires.

use std::collections::BTreeSet;

use super::*;

impl Model {
    /// Call `f` with every reference in the model and the entity it is in.
    pub fn for_each_ref(&self, mut f: impl FnMut(EntityRef, &Ref)) {
        let at = |kind, i: usize| EntityRef {
            kind,
            index: i as u32,
        };
        for (i, x) in self.functions.iter().enumerate() {
            f(at(EntityKind::Function, i), &x.area);
        }
        for (i, x) in self.activities.iter().enumerate() {
            f(at(EntityKind::Activity, i), &x.function);
        }
        for (i, x) in self.capabilities.iter().enumerate() {
            let o = at(EntityKind::Capability, i);
            f(o, &x.activity);
            for r in x.references.iter().chain(&x.inputs).chain(&x.outputs) {
                f(o, r);
            }
        }
        for (i, x) in self.use_cases.iter().enumerate() {
            let o = at(EntityKind::UseCase, i);
            if let Some(r) = &x.process {
                f(o, r);
            }
            for e in &x.events {
                if let Some(r) = &e.activity {
                    f(o, r);
                }
                for r in e.capabilities.iter().chain(&e.intersects) {
                    f(o, r);
                }
                for flow in e.inputs.iter().chain(&e.outputs) {
                    if let Flow::Element(r) = flow {
                        f(o, r);
                    }
                }
            }
        }
        for (i, x) in self.metrics.iter().enumerate() {
            if let Some(r) = &x.activity {
                f(at(EntityKind::Metric, i), r);
            }
        }
        for (i, x) in self.elements.iter().enumerate() {
            let o = at(EntityKind::Element, i);
            for r in x
                .activities
                .iter()
                .chain(&x.capabilities)
                .chain(&x.references)
            {
                f(o, r);
            }
        }
        for (i, x) in self.records.iter().enumerate() {
            for field in &x.fields {
                f(at(EntityKind::Record, i), &field.target);
            }
        }
        for (i, x) in self.profiles.iter().enumerate() {
            let o = at(EntityKind::Profile, i);
            for r in x
                .extends
                .iter()
                .chain(&x.requires)
                .chain(&x.excludes)
                .chain(&x.elements)
            {
                f(o, r);
            }
            for s in &x.selects {
                f(o, &s.scope);
            }
            for t in &x.thresholds {
                f(o, &t.metric);
            }
        }
    }

    /// The capabilities under an area, function or activity, optionally only
    /// those of one kind, in declaration order.
    pub fn capabilities_under(&self, scope: EntityRef, kind: Option<CapabilityKind>) -> Vec<u32> {
        let ch = &self.children;
        let activities: Vec<u32> = match scope.kind {
            EntityKind::Activity => vec![scope.index],
            EntityKind::Function => ch.function_activities[scope.index as usize].clone(),
            EntityKind::Area => ch.area_functions[scope.index as usize]
                .iter()
                .flat_map(|&f| ch.function_activities[f as usize].iter().copied())
                .collect(),
            _ => Vec::new(),
        };
        activities
            .iter()
            .flat_map(|&a| ch.activity_capabilities[a as usize].iter().copied())
            .filter(|&c| {
                kind.is_none()
                    || self.capabilities[c as usize].kind.as_ref().map(|k| k.value) == kind
            })
            .collect()
    }

    /// What a profile's `select` brings in: the capabilities under its scope
    /// (of its kind, if given) that are not deprecated. A selection is "what
    /// this scope asks for today"; a deprecated capability is required only
    /// by name.
    pub fn selected(&self, select: &Selection) -> Vec<u32> {
        let Some(scope) = select.scope.target else {
            return Vec::new();
        };
        let mut caps = self.capabilities_under(scope, select.kind.as_ref().map(|k| k.value));
        caps.retain(|&c| !self.capabilities[c as usize].meta.is_deprecated());
        caps
    }

    /// The profiles a profile builds on, itself last, each once, parents
    /// before children. Inheritance cycles are cut where they close.
    pub fn profile_lineage(&self, profile: u32) -> Vec<u32> {
        let mut order = Vec::new();
        let mut seen = BTreeSet::new();
        // Iterative post-order walk: (profile, parents visited yet?)
        let mut stack = vec![(profile, false)];
        while let Some((p, expanded)) = stack.pop() {
            if expanded {
                order.push(p);
                continue;
            }
            if !seen.insert(p) {
                continue;
            }
            stack.push((p, true));
            for parent in self.profiles[p as usize].extends.iter().rev() {
                if let Some(t) = parent.target {
                    stack.push((t.index, false));
                }
            }
        }
        order
    }

    /// What a profile requires of an offering, inheritance included.
    pub fn profile_requirements(&self, profile: u32) -> Requirements {
        let mut req = Requirements::default();
        for p in self.profile_lineage(profile) {
            let p = &self.profiles[p as usize];
            for r in &p.requires {
                if let Some(t) = r.target {
                    req.capabilities.insert(t.index);
                }
            }
            for s in &p.selects {
                req.capabilities.extend(self.selected(s));
            }
            for r in &p.excludes {
                if let Some(t) = r.target {
                    req.capabilities.remove(&t.index);
                }
            }
            for r in &p.elements {
                if let Some(t) = r.target {
                    req.elements.insert(t.index);
                }
            }
            for t in &p.thresholds {
                if let Some(m) = t.metric.target {
                    // A child's threshold for the same metric replaces the parent's.
                    req.thresholds.retain(|(idx, _)| *idx != m.index);
                    req.thresholds.push((m.index, t.target.clone()));
                }
            }
        }
        req
    }
}

/// The capabilities, data elements and metric thresholds a profile requires.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Requirements {
    pub capabilities: BTreeSet<u32>,
    pub elements: BTreeSet<u32>,
    pub thresholds: Vec<(u32, Target)>,
}
