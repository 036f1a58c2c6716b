//! Walking the resolved model: every reference with the entity that makes it,
//! and the capabilities a profile requires.

use std::collections::BTreeSet;

use super::kinds::{self, FieldInfo};
use super::{CapabilityKind, EntityKind, EntityRef, Flow, Model, Ref, Selection, Target};

use EntityKind as K;

/// Every reference of a model, with the entity that makes it and the field
/// it is written in, in one order: kind by kind, each entity's fields in
/// the order of its descriptor. Written once for shared and for mutable
/// access (`$iter` is `iter` or `iter_mut`, `$($m)?` is `mut` or nothing).
macro_rules! visit_refs {
    ($model:expr, $f:expr, $iter:ident, $($m:ident)?) => {{
        let model = $model;
        let f = $f;
        let at = |kind, i: usize| EntityRef {
            kind,
            index: i as u32,
        };
        let field = kinds::field_of;
        let nested = |key| kinds::nested_field(kinds::EVENT_FIELDS, key);
        let area = field(K::Function, "area");
        for (i, x) in model.functions.$iter().enumerate() {
            f(at(K::Function, i), area, & $($m)? x.area);
        }
        let function = field(K::Activity, "function");
        for (i, x) in model.activities.$iter().enumerate() {
            f(at(K::Activity, i), function, & $($m)? x.function);
        }
        let [activity, references, inputs, outputs] =
            ["activity", "references", "inputs", "outputs"].map(|k| field(K::Capability, k));
        for (i, x) in model.capabilities.$iter().enumerate() {
            let o = at(K::Capability, i);
            f(o, activity, & $($m)? x.activity);
            for r in x.references.$iter() {
                f(o, references, r);
            }
            for r in x.inputs.$iter() {
                f(o, inputs, r);
            }
            for r in x.outputs.$iter() {
                f(o, outputs, r);
            }
        }
        let process = field(K::UseCase, "process");
        let [activity, capabilities, inputs, outputs, intersects] =
            ["activity", "capabilities", "inputs", "outputs", "intersects"].map(nested);
        for (i, x) in model.use_cases.$iter().enumerate() {
            let o = at(K::UseCase, i);
            if let Some(r) = & $($m)? x.process {
                f(o, process, r);
            }
            for e in x.events.$iter() {
                if let Some(r) = & $($m)? e.activity {
                    f(o, activity, r);
                }
                for r in e.capabilities.$iter() {
                    f(o, capabilities, r);
                }
                for flow in e.inputs.$iter() {
                    if let Flow::Element(r) = flow {
                        f(o, inputs, r);
                    }
                }
                for flow in e.outputs.$iter() {
                    if let Flow::Element(r) = flow {
                        f(o, outputs, r);
                    }
                }
                for r in e.intersects.$iter() {
                    f(o, intersects, r);
                }
            }
        }
        let activity = field(K::Metric, "activity");
        for (i, x) in model.metrics.$iter().enumerate() {
            if let Some(r) = & $($m)? x.activity {
                f(at(K::Metric, i), activity, r);
            }
        }
        let [activities, capabilities, references] =
            ["activities", "capabilities", "references"].map(|k| field(K::Element, k));
        for (i, x) in model.elements.$iter().enumerate() {
            let o = at(K::Element, i);
            for r in x.activities.$iter() {
                f(o, activities, r);
            }
            for r in x.capabilities.$iter() {
                f(o, capabilities, r);
            }
            for r in x.references.$iter() {
                f(o, references, r);
            }
        }
        let record_field = field(K::Record, "field");
        for (i, x) in model.records.$iter().enumerate() {
            for rf in x.fields.$iter() {
                f(at(K::Record, i), record_field, & $($m)? rf.target);
            }
        }
        let [extends, requires, excludes, elements, select, threshold] =
            ["extends", "require", "exclude", "elements", "select", "threshold"]
                .map(|k| field(K::Profile, k));
        for (i, x) in model.profiles.$iter().enumerate() {
            let o = at(K::Profile, i);
            for r in x.extends.$iter() {
                f(o, extends, r);
            }
            for r in x.requires.$iter() {
                f(o, requires, r);
            }
            for r in x.excludes.$iter() {
                f(o, excludes, r);
            }
            for r in x.elements.$iter() {
                f(o, elements, r);
            }
            for s in x.selects.$iter() {
                f(o, select, & $($m)? s.scope);
            }
            for t in x.thresholds.$iter() {
                f(o, threshold, & $($m)? t.metric);
            }
        }
    }};
}

impl Model {
    /// Call `f` with every reference in the model and the entity it is in.
    pub fn for_each_ref(&self, mut f: impl FnMut(EntityRef, &Ref)) {
        self.for_each_field_ref(|owner, _, r| f(owner, r));
    }

    /// Call `f` with every reference in the model, the entity it is in and
    /// the field it is written in (whose `targets` are the kinds it may name).
    pub fn for_each_field_ref(&self, mut f: impl FnMut(EntityRef, &'static FieldInfo, &Ref)) {
        visit_refs!(self, &mut f, iter,);
    }

    /// [`for_each_field_ref`](Self::for_each_field_ref) with each reference
    /// open to change (resolution fills in its target).
    pub(super) fn for_each_field_ref_mut(
        &mut self,
        mut f: impl FnMut(EntityRef, &'static FieldInfo, &mut Ref),
    ) {
        visit_refs!(self, &mut f, iter_mut, mut);
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
            // Not a scope of the lifecycle: nothing is under it.
            EntityKind::Process
            | EntityKind::Capability
            | EntityKind::UseCase
            | EntityKind::Metric
            | EntityKind::Element
            | EntityKind::Record
            | EntityKind::Reference
            | EntityKind::Profile => Vec::new(),
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
    /// Capabilities, by index.
    pub capabilities: BTreeSet<u32>,
    /// Data elements, by index.
    pub elements: BTreeSet<u32>,
    /// Metric thresholds: the metric's index and the target.
    pub thresholds: Vec<(u32, Target)>,
}
