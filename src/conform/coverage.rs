//! Coverage of the standard by an offering's claims, per area, function and
//! activity, and the use cases its claims fully support.

use super::semantics::Claims;
use super::{
    ActivityCoverage, AreaCoverage, Counts, FunctionCoverage, Standard, Support, UseCaseResult,
};

/// The totals over every capability of the standard, and the areas with at
/// least one capability. Functions and activities the offering claims
/// nothing in are left out of an area's detail (their coverage is nil; the
/// area's counts include them), which keeps reports about one area from
/// listing the whole standard. A capability published against a function rather
/// than an activity (a known defect of the published FM data) counts toward
/// its function and area.
pub(super) fn coverage(standard: &Standard<'_>, claims: &Claims) -> (Counts, Vec<AreaCoverage>) {
    let model = standard.model;
    let claim = |c: &u32| claims.get(c).copied();
    let mut total = Counts::default();
    for c in 0..model.capabilities.len() as u32 {
        total.add(claim(&c));
    }
    let ch = &model.children;
    let mut areas = Vec::new();
    for a in 0..model.areas.len() {
        let (id, name) = standard.area_labels[a].clone();
        let mut area_cov = AreaCoverage {
            id,
            name,
            counts: Counts::default(),
            functions: Vec::new(),
        };
        for &f in &ch.area_functions[a] {
            let (id, name) = standard.function_labels[f as usize].clone();
            let mut fcov = FunctionCoverage {
                id,
                name,
                counts: Counts::default(),
                activities: Vec::new(),
            };
            for &act in &ch.function_activities[f as usize] {
                let mut acov = Counts::default();
                for c in &ch.activity_capabilities[act as usize] {
                    acov.add(claim(c));
                    fcov.counts.add(claim(c));
                }
                if acov.total == acov.unclaimed {
                    continue;
                }
                let (id, name) = standard.activity_labels[act as usize].clone();
                fcov.activities.push(ActivityCoverage {
                    id,
                    name,
                    counts: acov,
                });
            }
            for c in &standard.function_level[f as usize] {
                fcov.counts.add(claim(c));
            }
            area_cov.counts.merge(&fcov.counts);
            if fcov.counts.total > fcov.counts.unclaimed {
                area_cov.functions.push(fcov);
            }
        }
        if area_cov.counts.total > 0 {
            areas.push(area_cov);
        }
    }
    (total, areas)
}

/// Every use case that exercises capabilities, and whether the claims
/// deliver all of them.
pub(super) fn use_cases(standard: &Standard<'_>, claims: &Claims) -> Vec<UseCaseResult> {
    let model = standard.model;
    model
        .use_cases
        .iter()
        .zip(&standard.use_case_capabilities)
        .filter(|(_, needed)| !needed.is_empty())
        .map(|(uc, needed)| {
            let missing: Vec<String> = needed
                .iter()
                .filter(|c| !claims.get(c).is_some_and(|s| Support::covers(*s)))
                .map(|&c| model.capabilities[c as usize].meta.id().to_owned())
                .collect();
            UseCaseResult {
                id: uc.meta.id().to_owned(),
                title: uc.meta.name().unwrap_or("").to_owned(),
                supported: missing.is_empty(),
                missing,
            }
        })
        .collect()
}
