//! The site's map: where each entity's page is, and the relations between
//! entities in both directions, computed once from the model so every page
//! can follow any thread (capability ↔ data elements ↔ use cases ↔ metrics ↔
//! profiles) without searching.

use std::collections::BTreeSet;

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use super::targets::{Target, Targets};
use crate::model_json::{FlowDoc, ModelDoc};

pub use crate::model::EntityKind as Kind;

/// The directory of a kind's pages.
pub fn dir(kind: Kind) -> &'static str {
    kind.info().folder
}

/// The kind as a page's heading says it: "Data element".
pub fn label(kind: Kind) -> &'static str {
    kind.info().title
}

/// A file name for an ID: characters other than letters, digits, `.`, `-`
/// and `_` are written `_XX` (hex), so every ID gets a portable, URL-safe
/// name; a leading dot is escaped too, so no page is hidden.
fn stem(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for (i, b) in id.bytes().enumerate() {
        match b {
            b'.' if i == 0 => out.push_str("_2E"),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' => out.push(b as char),
            _ => out.push_str(&format!("_{b:02X}")),
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// Relations the model keeps only one way, reversed.
#[derive(Default)]
pub struct Reverse<'d> {
    /// Activity → its function, function → its area (for breadcrumbs).
    pub parent: HashMap<&'d str, &'d str>,
    /// Data element or record → use cases whose events take it in or put it out.
    pub flows_in_use_cases: HashMap<&'d str, BTreeSet<&'d str>>,
    /// Data element → profiles that require it mapped.
    pub required_by_profiles: HashMap<&'d str, BTreeSet<&'d str>>,
    /// Metric → profiles with a threshold on it.
    pub thresholded_by: HashMap<&'d str, BTreeSet<&'d str>>,
    /// Profile → profiles that extend it.
    pub extended_by: HashMap<&'d str, BTreeSet<&'d str>>,
    /// Record → records that nest it.
    pub nested_in: HashMap<&'d str, BTreeSet<&'d str>>,
    /// Capability → data elements whose `capabilities` name it.
    pub cited_by_elements: HashMap<&'d str, BTreeSet<&'d str>>,
    /// Area → use cases whose events intersect it.
    pub intersected_by: HashMap<&'d str, BTreeSet<&'d str>>,
}

/// Every page of the site and the relations between them.
pub struct Site<'d> {
    /// The document the site is made from.
    pub doc: &'d ModelDoc,
    /// `html` or `md`.
    pub ext: &'static str,
    targets: Arc<Targets>,
    /// Relations in reverse (what points at each entity).
    pub reverse: Reverse<'d>,
}

impl<'d> Site<'d> {
    /// The map of `doc`'s site, with pages of extension `ext`.
    pub fn new(doc: &'d ModelDoc, ext: &'static str) -> Self {
        // Entities are sorted by ID; an ID published twice (a kept defect)
        // shares one page. Two IDs that differ only in case would collide
        // on case-insensitive file systems, so the later one gets a suffix.
        let targets = || {
            use rayon::prelude::*;
            let all: Vec<(Kind, &str, Option<&str>)> = entities(doc).collect();
            // Each ID's file name, lower-cased for the collisions, made in
            // parallel; which of them collide is decided in order.
            let stems: Vec<(String, String)> = all
                .par_iter()
                .map(|(_, id, _)| {
                    let base = stem(id);
                    let lower = base.to_ascii_lowercase();
                    (base, lower)
                })
                .collect();
            let mut seen: HashSet<&str> = HashSet::with_capacity(all.len());
            let mut taken: HashMap<(Kind, &str), usize> = HashMap::with_capacity(all.len());
            let mut entries = Vec::with_capacity(all.len());
            for ((kind, id, name), (base, lower)) in all.iter().zip(&stems) {
                if !seen.insert(id) {
                    continue;
                }
                let n = taken.entry((*kind, lower.as_str())).or_insert(0);
                *n += 1;
                let file = if *n == 1 {
                    format!("{}/{base}.{ext}", dir(*kind))
                } else {
                    format!("{}/{base}~{n}.{ext}", dir(*kind))
                };
                entries.push((*kind, *id, file, *name));
            }
            Targets::new(&entries)
        };
        // Two passes over every entity, each a thread's work: side by side.
        let (targets, reverse) = rayon::join(targets, || reverse(doc));
        Site {
            doc,
            ext,
            targets: Arc::new(targets),
            reverse,
        }
    }

    /// The page of the entity with this ID.
    pub fn target(&self, id: &str) -> Option<Target<'_>> {
        self.targets.get(id)
    }

    /// The page of an entity, from the site's root.
    pub fn url(&self, id: &str) -> Option<&str> {
        self.targets.get(id).map(|t| t.url)
    }

    /// The table of every page, for the templates' functions.
    pub fn targets(&self) -> &Arc<Targets> {
        &self.targets
    }
}

/// (kind, ID, name) of every entity, in the model's order.
pub fn entities(doc: &ModelDoc) -> impl Iterator<Item = (Kind, &str, Option<&str>)> {
    Kind::ALL.into_iter().flat_map(|kind| {
        doc.commons(kind)
            .into_iter()
            .map(move |c| (kind, c.id.as_str(), c.name.as_deref()))
    })
}

fn reverse(doc: &ModelDoc) -> Reverse<'_> {
    let mut r = Reverse::default();
    for f in &doc.functions {
        r.parent.insert(&f.common.id, &f.area);
    }
    for a in &doc.activities {
        r.parent.insert(&a.common.id, &a.function);
    }
    for u in &doc.use_cases {
        for e in &u.events {
            for flow in e.inputs.iter().chain(&e.outputs) {
                if let FlowDoc::Element(id) = flow {
                    r.flows_in_use_cases
                        .entry(id)
                        .or_default()
                        .insert(&u.common.id);
                }
            }
            for area in &e.intersects {
                r.intersected_by
                    .entry(area)
                    .or_default()
                    .insert(&u.common.id);
            }
        }
    }
    for p in &doc.profiles {
        for e in &p.elements {
            r.required_by_profiles
                .entry(e)
                .or_default()
                .insert(&p.common.id);
        }
        for t in &p.thresholds {
            r.thresholded_by
                .entry(&t.metric)
                .or_default()
                .insert(&p.common.id);
        }
        for parent in &p.extends {
            r.extended_by
                .entry(parent)
                .or_default()
                .insert(&p.common.id);
        }
    }
    for e in &doc.elements {
        for c in &e.capabilities {
            r.cited_by_elements
                .entry(c)
                .or_default()
                .insert(&e.common.id);
        }
    }
    for rec in &doc.records {
        for f in &rec.fields {
            if f.target_kind == "record" {
                r.nested_in
                    .entry(&f.target)
                    .or_default()
                    .insert(&rec.common.id);
            }
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_portable_file_names() {
        assert_eq!(stem("GRM.010.010.011"), "GRM.010.010.011");
        assert_eq!(stem("REF-2-CFR-200"), "REF-2-CFR-200");
        assert_eq!(stem("a/b c"), "a_2Fb_20c");
        assert_eq!(stem(".hidden"), "_2Ehidden");
        assert_eq!(stem("Ünï"), "_C3_9Cn_C3_AF");
    }
}
