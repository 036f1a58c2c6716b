//! `fibf diff`: what changed between two releases of a standard, and what it
//! costs vendors and data users.
//!
//! Both releases are exported (see [`crate::model_json`]) without locations and
//! compared entity by entity, per kind, by ID: added, removed, modified
//! (field by field), moved (same ID, new parent) and renamed (a removed and an
//! added entity whose content is the same or nearly so). Each change gets an
//! impact (`impact`) and the whole diff a suggested version bump. The JSON
//! form of [`Report`] is documented in `docs/diff.md` and stable.

mod html;
mod impact;
pub mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::EntityKind;
use crate::model_json::ModelDoc;

pub use impact::Impact;

/// What happened to an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new release.
    Added,
    /// Only in the old release.
    Removed,
    /// In both, with fields changed.
    Modified,
    /// In both, under another parent in the lifecycle.
    Moved,
    /// Removed and added again under another ID, its content kept.
    Renamed,
}

impl ChangeKind {
    /// The kind as reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Modified => "modified",
            ChangeKind::Moved => "moved",
            ChangeKind::Renamed => "renamed",
        }
    }
}

/// One field of an entity that differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field, with a path for nested parts: `type.max_length`,
    /// `fields.InvoiceDate`, `thresholds.FFM-M-001`.
    pub field: String,
    /// The old value (null when the field is new).
    pub old: Value,
    /// The new value (null when the field is gone).
    pub new: Value,
    /// The impact of this change.
    pub impact: Impact,
    /// Why the impact is what it is, when that is not obvious.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A change to one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// Entity kind: `area`, `process`, `function`, `activity`, `capability`,
    /// `use_case`, `metric`, `element`, `record`, `reference`, `profile`.
    pub entity: &'static str,
    /// The entity's ID (the new one, for a rename).
    pub id: String,
    /// What happened.
    pub change: ChangeKind,
    /// The impact: the greatest of its fields', for a modified entity.
    pub impact: Impact,
    /// The service area the entity belongs to, or `cross-cutting`.
    pub area: String,
    /// For renames: the ID in the old release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    /// For renames: how alike the two are (1 is identical content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The entity's name or statement, for reports.
    pub title: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
    /// Why the change has its impact, for added and removed entities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Version of the report format.
    pub format: u32,
    /// The old release.
    pub old: Release,
    /// The new release.
    pub new: Release,
    /// `major`, `minor`, `patch` or `none`.
    pub suggested_bump: &'static str,
    /// A bump is suggested, but the new release has the old one's version
    /// (its `fibf.toml` was not updated).
    pub version_unchanged: bool,
    /// How many changes of each impact.
    pub summary: Summary,
    /// Every change, breaking first, then by area, kind and ID.
    pub changes: Vec<Change>,
}

/// A release's name and version, from its `fibf.toml`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Release {
    /// The name.
    pub name: Option<String>,
    /// The version.
    pub version: Option<String>,
}

/// How many changes of each impact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Changes that may break offerings or data exchanges.
    pub breaking: usize,
    /// New things and relaxed requirements.
    pub additive: usize,
    /// Wording, references and provenance.
    pub editorial: usize,
}

/// The field naming an entity's parent, whose change is a move.
pub(crate) fn parent_field(kind: EntityKind) -> Option<&'static str> {
    kind.info().parent
}

/// The entities of one kind as comparable JSON objects, by ID.
type ById = BTreeMap<String, Map<String, Value>>;

/// Every kind's entities as comparable JSON objects keyed by ID, in order.
/// Relations derived from other entities change when those do, and are not
/// changes of the entity itself: they are left out.
fn entities(doc: &ModelDoc) -> Vec<(EntityKind, ById)> {
    EntityKind::ALL
        .into_iter()
        .map(|kind| {
            let mut out = BTreeMap::new();
            for mut o in doc.objects(kind) {
                o.remove("location");
                for d in kind.info().derived {
                    o.remove(*d);
                }
                let id = o
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                out.insert(id, o);
            }
            (kind, out)
        })
        .collect()
}

/// The content of an entity that a rename keeps: everything but its ID,
/// provenance, defects and status.
fn signature(o: &Map<String, Value>) -> Map<String, Value> {
    let mut s = o.clone();
    s.remove("id");
    s.remove("provenance");
    s.remove("defects");
    s.remove("status");
    s.remove("resolved");
    s
}

fn words(v: &Map<String, Value>) -> BTreeSet<String> {
    let text = Value::Object(v.clone()).to_string().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Word-set similarity of two entities' content, 0 to 1.
fn similarity(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// How alike a removed and an added entity must be to be called a rename.
const RENAME_THRESHOLD: f64 = 0.8;
/// Near-match search is quadratic in a bucket; beyond this many pairs only
/// exact-content renames are found.
const MAX_PAIRS: usize = 250_000;

/// The text that says what an entity is: its statement, definition or
/// name, the first it has (the title reports show).
fn main_text(o: &Map<String, Value>) -> &str {
    ["statement", "definition", "name"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
}

/// How many entities of a release have each main text: a text several
/// share ("See Authoritative Source") says nothing about which is which.
fn text_counts(map: &ById) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for o in map.values() {
        let t = main_text(o).trim().to_lowercase();
        if !t.is_empty() {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    counts
}

fn text_words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A removed and an added entity taken for one renamed, with how alike
/// their content is and the evidence for it.
struct Rename {
    old: String,
    new: String,
    similarity: f64,
    evidence: String,
}

/// Pair removed IDs with added IDs of the same kind as likely renames. The
/// evidence is in the content, never in the IDs: the same content
/// (everything but the ID, provenance and status), or a near-same main text
/// (statement, definition or name) that no other entity of the release
/// shares, with the rest of the content near-same too (the name, often
/// spelled from the ID, left out of that comparison).
fn renames(removed: &[&String], added: &[&String], old: &ById, new: &ById) -> Vec<Rename> {
    // No pair to find: spare the signatures of every entity of the kind.
    if removed.is_empty() || added.is_empty() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    let mut taken_old = BTreeSet::new();
    let mut taken_new = BTreeSet::new();
    // Exact content first, through a hash of the signature; a content that
    // other entities of its release have too ("See Authoritative Source"
    // and nothing else) is no evidence.
    let key = |o: &Map<String, Value>| Value::Object(signature(o)).to_string();
    let counts = |map: &ById| {
        let mut c: HashMap<String, usize> = HashMap::new();
        for o in map.values() {
            *c.entry(key(o)).or_insert(0) += 1;
        }
        c
    };
    let (old_signatures, new_signatures) = (counts(old), counts(new));
    let mut by_signature: HashMap<String, Vec<&String>> = HashMap::new();
    for id in added {
        let k = key(&new[*id]);
        if new_signatures.get(&k).copied().unwrap_or(0) == 1 {
            by_signature.entry(k).or_default().push(id);
        }
    }
    for id in removed {
        let key = key(&old[*id]);
        if old_signatures.get(&key).copied().unwrap_or(0) > 1 {
            continue;
        }
        if let Some(candidates) = by_signature.get_mut(&key)
            && let Some(n) = candidates.iter().position(|c| !taken_new.contains(*c))
        {
            let n = candidates.remove(n);
            taken_old.insert((*id).clone());
            taken_new.insert(n.clone());
            pairs.push(Rename {
                old: (*id).clone(),
                new: n.clone(),
                similarity: 1.0,
                evidence: "the same content".to_owned(),
            });
        }
    }
    // Then near matches, best first.
    let rest_old: Vec<&String> = removed
        .iter()
        .copied()
        .filter(|i| !taken_old.contains(*i))
        .collect();
    let rest_new: Vec<&String> = added
        .iter()
        .copied()
        .filter(|i| !taken_new.contains(*i))
        .collect();
    if rest_old.is_empty() || rest_new.is_empty() || rest_old.len() * rest_new.len() > MAX_PAIRS {
        return pairs;
    }
    let (old_counts, new_counts) = (text_counts(old), text_counts(new));
    let distinctive = |o: &Map<String, Value>, counts: &HashMap<String, usize>| {
        let t = main_text(o).trim().to_lowercase();
        !t.is_empty() && counts.get(&t).copied().unwrap_or(0) <= 1
    };
    // The content without the name, which is often the ID spelled out.
    let content = |o: &Map<String, Value>| {
        let mut s = signature(o);
        if !s.contains_key("statement") && !s.contains_key("definition") {
            return words(&s);
        }
        s.remove("name");
        words(&s)
    };
    let candidates = |ids: &[&String], map: &ById, counts: &HashMap<String, usize>| {
        ids.iter()
            .map(|i| {
                let o = &map[*i];
                distinctive(o, counts).then(|| (text_words(main_text(o)), content(o)))
            })
            .collect::<Vec<_>>()
    };
    let old_words = candidates(&rest_old, old, &old_counts);
    let new_words = candidates(&rest_new, new, &new_counts);
    let mut scored = Vec::new();
    for (a, wa) in old_words.iter().enumerate() {
        let Some((ta, ca)) = wa else { continue };
        for (b, wb) in new_words.iter().enumerate() {
            let Some((tb, cb)) = wb else { continue };
            let text = similarity(ta, tb);
            if text < RENAME_THRESHOLD {
                continue;
            }
            let s = similarity(ca, cb);
            if s >= RENAME_THRESHOLD {
                scored.push((s, text, a, b));
            }
        }
    }
    // Highest similarity first; ties by position for determinism.
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)).then(x.3.cmp(&y.3)));
    let mut used_a = BTreeSet::new();
    let mut used_b = BTreeSet::new();
    for (s, text, a, b) in scored {
        if used_a.insert(a) && used_b.insert(b) {
            let field = ["statement", "definition", "name"]
                .into_iter()
                .find(|k| old[rest_old[a]].get(*k).and_then(Value::as_str).is_some())
                .unwrap_or("name");
            let evidence = if text >= 1.0 {
                format!("the same {field}")
            } else {
                format!("{field} {:.0}% the same in words", text * 100.0)
            };
            pairs.push(Rename {
                old: rest_old[a].clone(),
                new: rest_new[b].clone(),
                similarity: (s * 1000.0).round() / 1000.0,
                evidence: format!(
                    "{evidence}, the rest of the content {:.0}% the same",
                    s * 100.0
                ),
            });
        } else {
            used_a.insert(a);
        }
    }
    pairs
}

/// The service area of each lifecycle ID, from a release.
struct Areas {
    of: HashMap<String, String>,
}

impl Areas {
    fn new(doc: &ModelDoc) -> Self {
        let mut of = HashMap::new();
        for a in &doc.areas {
            of.insert(a.common.id.clone(), a.common.id.clone());
        }
        for f in &doc.functions {
            of.insert(f.common.id.clone(), f.area.clone());
        }
        for a in &doc.activities {
            let area = of.get(&a.function).cloned();
            if let Some(area) = area {
                of.insert(a.common.id.clone(), area);
            }
        }
        for c in &doc.capabilities {
            let area = of.get(&c.activity).cloned();
            if let Some(area) = area {
                of.insert(c.common.id.clone(), area);
            }
        }
        Areas { of }
    }

    fn area(&self, kind: EntityKind, o: &Map<String, Value>) -> Option<String> {
        let id = o.get("id").and_then(Value::as_str).unwrap_or_default();
        let via = |field: &str| -> Option<String> {
            match o.get(field)? {
                Value::String(s) => self.of.get(s).cloned(),
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .find_map(|s| self.of.get(s).cloned()),
                _ => None,
            }
        };
        match kind {
            EntityKind::Area
            | EntityKind::Function
            | EntityKind::Activity
            | EntityKind::Capability => self.of.get(id).cloned(),
            EntityKind::Metric => via("activity"),
            EntityKind::Element => via("activities").or_else(|| via("capabilities")),
            EntityKind::UseCase => o.get("events")?.as_array()?.iter().find_map(|e| {
                e.get("activity")?
                    .as_str()
                    .and_then(|a| self.of.get(a).cloned())
            }),
            // Cross-cutting kinds.
            EntityKind::Process
            | EntityKind::Record
            | EntityKind::Reference
            | EntityKind::Profile => None,
        }
    }
}

fn title(o: &Map<String, Value>) -> String {
    ["name", "statement", "definition"]
        .iter()
        .find_map(|k| o.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned()
}

/// How many changes of each impact, and the version bump they call for.
fn summarise(changes: &[Change]) -> (Summary, &'static str) {
    let mut summary = Summary::default();
    for c in changes {
        match c.impact {
            Impact::Breaking => summary.breaking += 1,
            Impact::Additive => summary.additive += 1,
            Impact::Editorial => summary.editorial += 1,
        }
    }
    let bump = if summary.breaking > 0 {
        "major"
    } else if summary.additive > 0 {
        "minor"
    } else if summary.editorial > 0 {
        "patch"
    } else {
        "none"
    };
    (summary, bump)
}

/// What a comparison reports beyond what the standard says.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Report changes of provenance (where an entity was published: file,
    /// sheet, row). Off by default: rows that moved in a workbook are not
    /// changes of the standard.
    pub provenance: bool,
}

/// Compare two releases.
pub fn compare(old: &ModelDoc, new: &ModelDoc) -> Report {
    compare_with(old, new, Options::default())
}

/// [`compare`], with options.
pub fn compare_with(old: &ModelDoc, new: &ModelDoc, options: Options) -> Report {
    let keep = |fields: Vec<FieldChange>| -> Vec<FieldChange> {
        if options.provenance {
            fields
        } else {
            fields
                .into_iter()
                .filter(|f| f.field != "provenance")
                .collect()
        }
    };
    let old_areas = Areas::new(old);
    let new_areas = Areas::new(new);
    let area_of = |kind: EntityKind, o: &Map<String, Value>, primary: &Areas, fallback: &Areas| {
        primary
            .area(kind, o)
            .or_else(|| fallback.area(kind, o))
            .unwrap_or_else(|| "cross-cutting".to_owned())
    };
    let mut changes = Vec::new();
    for ((kind, old_map), (_, new_map)) in entities(old).into_iter().zip(entities(new)) {
        let entity = kind.info().json_name;
        let removed: Vec<&String> = old_map
            .keys()
            .filter(|k| !new_map.contains_key(*k))
            .collect();
        let added: Vec<&String> = new_map
            .keys()
            .filter(|k| !old_map.contains_key(*k))
            .collect();
        let renamed = renames(&removed, &added, &old_map, &new_map);
        let renamed_old: BTreeSet<&String> = renamed.iter().map(|r| &r.old).collect();
        let renamed_new: BTreeSet<&String> = renamed.iter().map(|r| &r.new).collect();

        for id in removed.iter().filter(|i| !renamed_old.contains(**i)) {
            let o = &old_map[*id];
            let (impact, note) = impact::removed(kind);
            changes.push(Change {
                entity,
                id: (*id).clone(),
                change: ChangeKind::Removed,
                impact,
                area: area_of(kind, o, &old_areas, &new_areas),
                old_id: None,
                similarity: None,
                title: title(o),
                fields: Vec::new(),
                note: Some(note.to_owned()),
            });
        }
        for id in added.iter().filter(|i| !renamed_new.contains(**i)) {
            let n = &new_map[*id];
            let (impact, note) = impact::added(kind);
            changes.push(Change {
                entity,
                id: (*id).clone(),
                change: ChangeKind::Added,
                impact,
                area: area_of(kind, n, &new_areas, &old_areas),
                old_id: None,
                similarity: None,
                title: title(n),
                fields: Vec::new(),
                note: Some(note.to_owned()),
            });
        }
        for Rename {
            old: old_id,
            new: new_id,
            similarity: sim,
            evidence,
        } in &renamed
        {
            let (o, n) = (&old_map[old_id], &new_map[new_id]);
            let fields = keep(impact::fields(kind, o, n));
            let (rename_impact, note) = impact::renamed(kind);
            let impact = fields
                .iter()
                .map(|f| f.impact)
                .fold(rename_impact, Impact::max);
            changes.push(Change {
                entity,
                id: new_id.clone(),
                change: ChangeKind::Renamed,
                impact,
                area: area_of(kind, n, &new_areas, &old_areas),
                old_id: Some(old_id.clone()),
                similarity: Some(*sim),
                title: title(n),
                fields,
                note: Some(format!("{note}; evidence: {evidence}")),
            });
        }
        for (id, o) in &old_map {
            let Some(n) = new_map.get(id) else { continue };
            if o == n {
                continue;
            }
            let fields = keep(impact::fields(kind, o, n));
            if fields.is_empty() {
                continue;
            }
            let moved = parent_field(kind).is_some_and(|p| fields.iter().any(|f| f.field == p));
            let impact = fields
                .iter()
                .map(|f| f.impact)
                .fold(Impact::Editorial, Impact::max);
            changes.push(Change {
                entity,
                id: id.clone(),
                change: if moved {
                    ChangeKind::Moved
                } else {
                    ChangeKind::Modified
                },
                impact,
                area: area_of(kind, n, &new_areas, &old_areas),
                old_id: None,
                similarity: None,
                title: title(n),
                fields,
                note: None,
            });
        }
    }
    changes.sort_by(|a, b| {
        b.impact.cmp(&a.impact).then_with(|| {
            (&a.area, kind_rank(a.entity), &a.id).cmp(&(&b.area, kind_rank(b.entity), &b.id))
        })
    });
    let (summary, suggested_bump) = summarise(&changes);
    let version_unchanged = suggested_bump != "none"
        && old.workspace.version.is_some()
        && old.workspace.version == new.workspace.version;
    Report {
        format: 1,
        old: Release {
            name: old.workspace.name.clone(),
            version: old.workspace.version.clone(),
        },
        new: Release {
            name: new.workspace.name.clone(),
            version: new.workspace.version.clone(),
        },
        suggested_bump,
        version_unchanged,
        summary,
        changes,
    }
}

fn kind_rank(name: &str) -> Option<EntityKind> {
    EntityKind::from_json_name(name)
}

/// Each change as a CI finding: breaking changes as errors, additive ones
/// as warnings, editorial ones as notes, placed at the entity's declaration
/// in the new release (the old one, for a removal). `releases` are the old
/// and new documents, exported with locations, and their directories.
pub fn findings(
    report: &Report,
    releases: [(&ModelDoc, &std::path::Path); 2],
) -> Vec<crate::ci::Finding> {
    use crate::diag::Severity;
    report
        .changes
        .iter()
        .map(|c| {
            let [old, new] = releases;
            let (doc, root) = if c.change == ChangeKind::Removed {
                old
            } else {
                new
            };
            let kind = EntityKind::from_json_name(c.entity);
            let location = kind.and_then(|k| {
                doc.commons(k)
                    .into_iter()
                    .find(|x| x.id == c.id)
                    .and_then(|x| x.location.clone())
            });
            let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
            let mut message = format!("{} {} `{}`", c.change.as_str(), c.entity, c.id);
            if let Some(old_id) = &c.old_id {
                message.push_str(&format!(" (was `{old_id}`)"));
            }
            if !fields.is_empty() {
                message.push_str(&format!(": {}", fields.join(", ")));
            }
            crate::ci::Finding {
                code: c.impact.as_str().to_owned(),
                severity: match c.impact {
                    Impact::Breaking => Severity::Error,
                    Impact::Additive => Severity::Warning,
                    Impact::Editorial => Severity::Note,
                },
                help: c.note.clone(),
                file: location.as_ref().map(|l| root.join(&*l.file)),
                start: location.as_ref().map_or((0, 0), |l| (l.line, l.column)),
                end: location
                    .as_ref()
                    .map_or((0, 0), |l| (l.line, l.column + c.id.chars().count() as u32)),
                anchor: format!("{} {}", c.entity, c.id),
                message,
            }
        })
        .collect()
}
