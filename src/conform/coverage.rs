//! Coverage of the standard by an offering's claims, per area, function and
//! activity, and the use cases its claims fully support.

use super::semantics::Claims;
use super::{
    ActivityCoverage, AreaCoverage, Counts, Coverage, FunctionCoverage, OfferingReport, Standard,
    Support, UseCaseResult,
};
use crate::model::{EntityKind, Model};

/// Where each capability counts in the coverage tree, and each node's
/// total, worked out once per standard so that an offering's coverage costs
/// what it claims rather than the size of the standard.
pub(super) struct Tree {
    /// Per capability: the activity and the function it counts toward
    /// (`None` when it hangs under no area).
    place: Vec<(Option<u32>, Option<u32>)>,
    function_area: Vec<u32>,
    /// Capabilities under each activity, and under each function (its
    /// activities' and its own).
    pub(super) activity_total: Vec<u32>,
    pub(super) function_total: Vec<u32>,
    area_total: Vec<u32>,
}

impl Tree {
    pub(super) fn new(model: &Model) -> Self {
        let ch = &model.children;
        let mut tree = Tree {
            place: vec![(None, None); model.capabilities.len()],
            function_area: vec![u32::MAX; model.functions.len()],
            activity_total: vec![0; model.activities.len()],
            function_total: vec![0; model.functions.len()],
            area_total: vec![0; model.areas.len()],
        };
        for a in 0..model.areas.len() {
            for &f in &ch.area_functions[a] {
                tree.function_area[f as usize] = a as u32;
                for &act in &ch.function_activities[f as usize] {
                    for &c in &ch.activity_capabilities[act as usize] {
                        tree.place[c as usize] = (Some(act), Some(f));
                        tree.activity_total[act as usize] += 1;
                        tree.function_total[f as usize] += 1;
                    }
                }
            }
        }
        // Capabilities published against a function rather than one of its
        // activities count toward the function (and its area) only.
        for (i, c) in model.capabilities.iter().enumerate() {
            if c.activity.target.is_none()
                && let Some(f) = model.lookup(&c.activity.id)
                && f.kind == EntityKind::Function
                && tree.function_area[f.index as usize] != u32::MAX
            {
                tree.place[i] = (None, Some(f.index));
                tree.function_total[f.index as usize] += 1;
            }
        }
        for (f, &a) in tree.function_area.iter().enumerate() {
            if a != u32::MAX {
                tree.area_total[a as usize] += tree.function_total[f];
            }
        }
        tree
    }
}

/// What was claimed in one node of the tree.
#[derive(Clone, Copy, Default)]
struct Claimed {
    covered: u32,
    planned: u32,
    not_supported: u32,
}

impl Claimed {
    fn add(&mut self, support: Support) {
        match support {
            s if s.covers() => self.covered += 1,
            Support::Planned => self.planned += 1,
            _ => self.not_supported += 1,
        }
    }

    fn any(&self) -> bool {
        self.covered + self.planned + self.not_supported > 0
    }

    fn counts(&self, total: u32) -> Counts {
        Counts {
            total,
            covered: self.covered,
            planned: self.planned,
            not_supported: self.not_supported,
            unclaimed: total - self.covered - self.planned - self.not_supported,
        }
    }
}

/// The totals over every capability of the standard, and the areas with at
/// least one capability. Functions and activities the offering claims
/// nothing in are left out of an area's detail (their coverage is nil; the
/// area's counts include them), which keeps reports about one area from
/// listing the whole standard. A capability published against a function rather
/// than an activity (a known defect of the published FM data) counts toward
/// its function and area.
pub(super) fn coverage(standard: &Standard<'_>, claims: &Claims) -> (Counts, Vec<AreaCoverage>) {
    let model = standard.model;
    let tree = &standard.tree;
    let mut total = Claimed::default();
    let mut activities = vec![Claimed::default(); model.activities.len()];
    let mut functions = vec![Claimed::default(); model.functions.len()];
    let mut areas_claimed = vec![Claimed::default(); model.areas.len()];
    for (c, support) in claims.iter() {
        total.add(support);
        let (act, f) = tree.place[c as usize];
        if let Some(act) = act {
            activities[act as usize].add(support);
        }
        if let Some(f) = f {
            functions[f as usize].add(support);
            areas_claimed[tree.function_area[f as usize] as usize].add(support);
        }
    }
    let ch = &model.children;
    // Made for every offering a report writes: each list is allocated at
    // its size rather than grown.
    let claimed_in =
        |ids: &[u32], nodes: &[Claimed]| ids.iter().filter(|&&i| nodes[i as usize].any()).count();
    let mut areas = Vec::with_capacity(tree.area_total.iter().filter(|&&t| t > 0).count());
    for (a, claimed) in areas_claimed.iter().enumerate() {
        if tree.area_total[a] == 0 {
            continue;
        }
        let mut area = AreaCoverage {
            index: a as u32,
            counts: claimed.counts(tree.area_total[a]),
            functions: Vec::with_capacity(claimed_in(&ch.area_functions[a], &functions)),
        };
        for &f in &ch.area_functions[a] {
            let f = f as usize;
            if !functions[f].any() {
                continue;
            }
            let activity_ids = &ch.function_activities[f];
            let mut function = FunctionCoverage {
                index: f as u32,
                counts: functions[f].counts(tree.function_total[f]),
                activities: Vec::with_capacity(claimed_in(activity_ids, &activities)),
            };
            for &act in activity_ids {
                let act = act as usize;
                if !activities[act].any() {
                    continue;
                }
                function.activities.push(ActivityCoverage {
                    index: act as u32,
                    counts: activities[act].counts(tree.activity_total[act]),
                });
            }
            area.functions.push(function);
        }
        areas.push(area);
    }
    (total.counts(model.capabilities.len() as u32), areas)
}

impl OfferingReport<'_> {
    /// The offering's coverage and use cases, made from its claims (empty
    /// for a file not read as an offering).
    pub fn coverage(&self, standard: &Standard<'_>) -> Coverage {
        let Some(list) = &self.claims else {
            return Coverage::default();
        };
        let claims = Claims::from_list(standard.model.capabilities.len(), list);
        let (counts, areas) = coverage(standard, &claims);
        Coverage {
            counts,
            areas,
            use_cases: use_cases(standard, &claims),
        }
    }
}

/// Every use case that exercises capabilities, and whether the claims
/// deliver all of them.
pub(super) fn use_cases(standard: &Standard<'_>, claims: &Claims) -> Vec<UseCaseResult> {
    let mut results: Vec<UseCaseResult> = standard
        .use_case_capabilities
        .iter()
        .enumerate()
        .filter(|(_, needed)| !needed.is_empty())
        .map(|(index, needed)| {
            let missing: Box<[u32]> = needed
                .iter()
                .copied()
                .filter(|&c| !claims.get(c).is_some_and(|s| Support::covers(*s)))
                .collect();
            UseCaseResult {
                index: index as u32,
                supported: missing.is_empty(),
                missing,
            }
        })
        .collect();
    results.shrink_to_fit();
    results
}
