//! From records of the published files to the declarations of a standard.
//!
//! This is where the published data's irregularities are handled: activities
//! named instead of numbered, IDs and names in one cell, references in free
//! text, two releases of one area. Every defect is reported (with file,
//! sheet, row and column) and kept in the output as published, with a
//! `@defect` annotation that `fibf check` understands.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ir::{Decl, Line, Prov, V, safe_id, word_safe};
use super::recognize::{ActRec, CapRec, ElemRec, split_id, split_list};
use super::refs::References;
use super::report::Findings;
use crate::diag::Code;
use crate::model::{EntityKind, ids};

/// What the reading step collected for one release choice.
#[derive(Default)]
pub struct Records {
    pub caps: Vec<CapRec>,
    pub acts: Vec<ActRec>,
    /// Service areas listed in lifecycle workbooks: ID, name, where.
    pub areas: Vec<(String, String, Prov)>,
    /// Service functions listed in lifecycle workbooks: area, ID, name, where.
    pub functions: Vec<(String, String, String, Prov)>,
    pub elements: Vec<ElemRec>,
    /// FM's by-capability sheet: label (empty on continuation rows) and the
    /// capability references of the row.
    pub elements_by_cap: Vec<(String, String, Prov)>,
    pub scenarios: Vec<ScenarioRow>,
    /// RPM's master list: number, text, type, where.
    pub source_list: Vec<(String, String, String, Prov)>,
    /// Published document links: title, URL, where.
    pub links: Vec<(String, String, Prov)>,
    /// Area names found in the documentation sheets of a file whose data
    /// belongs to that area: area, name, where.
    pub area_names: Vec<(String, String, Prov)>,
}

/// A row of ERM's business scenarios sheet.
#[derive(Clone, Debug)]
pub struct ScenarioRow {
    pub phase: String,
    pub capability: String,
    pub statement: String,
    pub number: String,
    pub description: String,
    pub inputs: String,
    pub outputs: String,
    pub prov: Prov,
}

/// The declarations of an import, by output file.
pub type Files = BTreeMap<String, (Vec<String>, Vec<Decl>)>;

/// The service area an ID belongs to: its first segment, if that looks like
/// an area code.
pub fn area_of_id(id: &str) -> Option<String> {
    let first = id.split('.').next()?;
    (first.len() == 3 && first.bytes().all(|b| b.is_ascii_uppercase()) && id.contains('.'))
        .then(|| first.to_owned())
}

/// Names compared loosely: case, `&`/`and`, punctuation and spacing ignored.
pub fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.to_lowercase()
            .replace('&', " and ")
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// Paragraphs of a cell: blank lines kept as paragraph breaks, other line
/// breaks and spacing collapsed.
pub fn paragraphs(s: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in s.lines() {
        let l = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if l.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else if current.is_empty() {
            current = l;
        } else if super::super::syntax::text::is_list_item(&l) {
            current.push('\n');
            current.push_str(&l);
        } else {
            current.push(' ');
            current.push_str(&l);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.join("\n\n")
}

/// The lifecycle of one area as built.
#[derive(Default)]
struct Lifecycle {
    /// Function ID → name candidates (rank, name, where).
    functions: BTreeMap<String, Vec<(u8, String, Prov)>>,
    activities: BTreeMap<String, ActRec>,
    /// Activity name (loosely normalized) → ID.
    by_name: HashMap<String, String>,
}

fn name_key(s: &str) -> String {
    s.to_lowercase()
        .replace('&', " and ")
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds every area's declarations from the chosen records.
pub struct Assembler<'a> {
    pub findings: &'a mut Findings,
    pub refs: &'a mut References,
    pub files: Files,
    lifecycles: BTreeMap<String, Lifecycle>,
    /// Every capability ID written, for references from data elements.
    capability_ids: BTreeSet<String>,
    /// Capability ID → activity ID, for scenarios.
    capability_activity: HashMap<String, String>,
    /// Capability ID → statement, for scenarios.
    capability_statement: HashMap<String, String>,
}

impl<'a> Assembler<'a> {
    pub fn new(findings: &'a mut Findings, refs: &'a mut References) -> Self {
        Assembler {
            findings,
            refs,
            files: BTreeMap::new(),
            lifecycles: BTreeMap::new(),
            capability_ids: BTreeSet::new(),
            capability_activity: HashMap::new(),
            capability_statement: HashMap::new(),
        }
    }

    fn add(&mut self, file: String, header: &[&str], decl: Decl) {
        let entry = self
            .files
            .entry(file)
            .or_insert_with(|| (header.iter().map(|h| (*h).to_owned()).collect(), Vec::new()));
        entry.1.push(decl);
    }

    /// Service areas from the lifecycle workbooks' lists and from the areas
    /// the data uses.
    pub fn areas(
        &mut self,
        records: &Records,
        used: &BTreeSet<String>,
        leads: &BTreeMap<String, String>,
    ) {
        let mut listed: BTreeMap<String, Vec<(String, Prov)>> = BTreeMap::new();
        for (id, name, prov) in &records.areas {
            listed
                .entry(id.clone())
                .or_default()
                .push((name.clone(), prov.clone()));
        }
        // Each list is one release of the list: report IDs that only some
        // lists carry.
        let lists: BTreeSet<(String, Option<String>)> = records
            .areas
            .iter()
            .map(|(_, _, p)| (p.file.clone(), p.sheet.clone()))
            .collect();
        for (id, entries) in &listed {
            if entries.len() < lists.len() {
                let has: Vec<String> = entries.iter().map(|(_, p)| p.file.clone()).collect();
                self.findings.add(
                    Code::W0506,
                    &entries[0].1,
                    format!("service area {id} is listed only in {}; the other service area lists leave it out", has.join(", ")),
                );
            }
            let names: BTreeSet<&String> = entries.iter().map(|(n, _)| n).collect();
            if names.len() > 1 {
                let variants: Vec<String> = entries
                    .iter()
                    .map(|(n, p)| format!("\"{n}\" ({})", p.file))
                    .collect();
                self.findings.add(
                    Code::W0507,
                    &entries[0].1,
                    format!(
                        "service area {id} is named differently: {}",
                        variants.join(", ")
                    ),
                );
            }
        }
        let mut all: BTreeSet<String> = listed.keys().cloned().collect();
        all.extend(used.iter().cloned());
        for id in used
            .iter()
            .filter(|id| !listed.contains_key(*id) && *id != "UNKNOWN")
        {
            // The area's own rows are evidence enough to import it; that no
            // list names it is worth knowing all the same.
            self.findings.add_plain(
                Code::W0504,
                format!("area {id}"),
                format!(
                    "service area {id} is named by no service-area list{}; it is created from its own rows",
                    if listed.is_empty() { " (the input has none)" } else { "" }
                ),
            );
        }
        for id in all {
            let (name, provs) = match listed.get(&id) {
                Some(entries) => (
                    Some(entries[0].0.clone()),
                    entries.iter().map(|(_, p)| p.clone()).collect(),
                ),
                None => match records.area_names.iter().find(|(a, _, _)| *a == id) {
                    Some((_, n, p)) => (Some(n.clone()), vec![p.clone()]),
                    None => (None, Vec::new()),
                },
            };
            let mut d = Decl::new(EntityKind::Area, id.clone(), name.clone());
            if name.is_none() {
                d.name = Some(id.clone());
                d.defect(
                    None,
                    format!("no name for service area {id} is published; its ID stands in"),
                );
                self.findings.add_plain(
                    Code::W0503,
                    format!("area {id}"),
                    format!("no name for service area {id} is published"),
                );
            }
            d.push(leads.get(&id).and_then(|l| Line::text("lead", l)));
            d.provenance = provs;
            self.add(
                "areas.fibf".to_owned(),
                &["Service areas of the FIBF, as listed in the lifecycle workbooks."],
                d,
            );
        }
    }

    /// Functions and activities of one area, from the chosen release.
    pub fn lifecycle(&mut self, area: &str, records: &Records, caps: &[CapRec]) {
        let lc = self.gather_lifecycle(area, records, caps);
        self.function_decls(area, &lc);
        self.activity_decls(area, &lc);
        self.lifecycles.insert(area.to_owned(), lc);
    }

    /// The functions and activities of one area, with every name each
    /// function is published under (ranked by source).
    fn gather_lifecycle(&mut self, area: &str, records: &Records, caps: &[CapRec]) -> Lifecycle {
        let mut lc = Lifecycle::default();
        for (a, id, name, prov) in &records.functions {
            if a == area {
                lc.functions
                    .entry(id.clone())
                    .or_default()
                    .push((0, name.clone(), prov.clone()));
            }
        }
        for act in records
            .acts
            .iter()
            .filter(|a| area_of_id(&a.id).as_deref() == Some(area))
        {
            if let (Some(fid), name) = split_id(&act.function)
                && !name.is_empty()
                && fid.split('.').count() == 2
            {
                lc.functions.entry(fid.to_owned()).or_default().push((
                    1,
                    name.to_owned(),
                    act.prov.clone(),
                ));
            }
            if let Some(prev) = lc.activities.get(&act.id) {
                self.findings.add(
                    Code::W0501,
                    &act.prov,
                    format!(
                        "activity {} is published twice: {} and here",
                        act.id,
                        prev.prov.describe()
                    ),
                );
                continue;
            }
            lc.by_name.insert(name_key(&act.name), act.id.clone());
            lc.activities.insert(act.id.clone(), act.clone());
        }
        for cap in caps {
            match split_id(&cap.function) {
                (Some(fid), name) if !name.is_empty() && fid.split('.').count() == 2 => {
                    lc.functions.entry(fid.to_owned()).or_default().push((
                        2,
                        name.to_owned(),
                        cap.prov.clone(),
                    ));
                }
                // HR names functions without IDs: take the ID from the
                // capability's lifecycle numbering.
                (None, name)
                    if !name.is_empty() && name != "-" && ids::is_lifecycle_capability(&cap.id) =>
                {
                    let fid = cap.id.split('.').take(2).collect::<Vec<_>>().join(".");
                    lc.functions.entry(fid).or_default().push((
                        3,
                        name.to_owned(),
                        cap.prov.clone(),
                    ));
                }
                _ => {}
            }
        }
        // Functions that activities imply but no source names.
        for id in lc.activities.keys() {
            let fid = id.split('.').take(2).collect::<Vec<_>>().join(".");
            lc.functions.entry(fid).or_default();
        }
        lc
    }

    /// A declaration for each function of the lifecycle, named from its
    /// best source; disagreeing names are reported.
    fn function_decls(&mut self, area: &str, lc: &Lifecycle) {
        for (fid, candidates) in &lc.functions {
            let mut sorted = candidates.clone();
            sorted.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
            let mut d = Decl::new(
                EntityKind::Function,
                fid.clone(),
                sorted.first().map(|c| c.1.clone()),
            );
            if let Some((_, first, p0)) = sorted.first() {
                for (_, other, p) in &sorted[1..] {
                    if !same_name(first, other) {
                        self.findings.add(
                            Code::W0507,
                            p,
                            format!(
                                "function {fid} is named \"{other}\" here but \"{first}\" in {}",
                                p0.describe()
                            ),
                        );
                        break;
                    }
                }
                d.provenance.push(p0.clone());
            } else {
                d.name = Some(fid.clone());
                d.defect(
                    None,
                    format!("no name for function {fid} is published; its ID stands in"),
                );
                self.findings.add_plain(
                    Code::W0503,
                    format!("function {fid}"),
                    format!("no name for function {fid} is published"),
                );
            }
            d.push(Line::words("area", [area.to_owned()]));
            self.add(
                format!("{}/lifecycle.fibf", area.to_lowercase()),
                &[&format!(
                    "{area} lifecycle: service functions and activities."
                )],
                d,
            );
        }
    }

    /// A declaration for each activity of the lifecycle, and a metric for
    /// each measure published with it.
    fn activity_decls(&mut self, area: &str, lc: &Lifecycle) {
        for (id, act) in &lc.activities {
            let fid = match split_id(&act.function) {
                (Some(f), _) => f.to_owned(),
                _ => safe_id(&id.split('.').take(2).collect::<Vec<_>>().join(".")),
            };
            let mut d = Decl::new(
                EntityKind::Activity,
                safe_id(id),
                (!act.name.is_empty()).then(|| act.name.clone()),
            );
            if !word_safe(id) {
                d.defect(
                    None,
                    format!("published ID \"{id}\" has characters an ID cannot hold"),
                );
            }
            if !ids::is_valid(EntityKind::Activity, id) {
                d.defect(
                    Some(Code::E0207),
                    format!(
                        "activity ID published as \"{id}\" ({})",
                        act.prov.describe()
                    ),
                );
                self.findings.add(
                    Code::W0502,
                    &act.prov,
                    format!("activity ID \"{id}\" is not of the form AREA.NNN.NNN"),
                );
            }
            if act.name.is_empty() {
                d.defect(
                    Some(Code::E0203),
                    format!("published with no activity name ({})", act.prov.describe()),
                );
                self.findings
                    .add(Code::W0503, &act.prov, format!("activity {id} has no name"));
            }
            d.push(Line::words("function", [fid]));
            match &act.legacy {
                Some(code) if !word_safe(code) => {
                    d.defect(
                        None,
                        format!("legacy code published as \"{code}\", which is not one word"),
                    );
                    self.findings.add(
                        Code::W0502,
                        &act.prov,
                        format!(
                            "activity {id}: legacy code \"{code}\" is not one word: not imported"
                        ),
                    );
                }
                _ => d.push(Line::words("legacy", act.legacy.clone())),
            }
            d.push(Line::text("description", &act.description));
            d.provenance.push(act.prov.clone());
            self.add(
                format!("{}/lifecycle.fibf", area.to_lowercase()),
                &[&format!(
                    "{area} lifecycle: service functions and activities."
                )],
                d,
            );
            // Grants publishes activity measures: each becomes a metric.
            for (n, measure) in split_list(&act.measures).into_iter().enumerate() {
                let mid = format!("{}.M{}", safe_id(id), n + 1);
                let mut m = Decl::new(EntityKind::Metric, mid, Some(measure.clone()));
                m.push(Line::words("activity", [safe_id(id)]));
                let lower = measure.to_lowercase();
                if lower.starts_with("number of") || lower.starts_with("count of") {
                    m.push(Line::words("unit", ["count".to_owned()]));
                } else if lower.starts_with("percent") {
                    m.push(Line::words("unit", ["%".to_owned()]));
                }
                m.provenance.push(act.prov.at_column("Activity Measures"));
                self.add(
                    format!("{}/metrics.fibf", area.to_lowercase()),
                    &[&format!("{area} performance metrics: the activity measures published with the lifecycle.")],
                    m,
                );
            }
        }
    }

    /// Which activity a capability row names, and what is wrong with that.
    fn resolve_activity(
        &self,
        area: &str,
        cap: &CapRec,
    ) -> (Option<String>, Option<(Code, String)>) {
        let lc = self.lifecycles.get(area);
        let known = |id: &str| lc.is_some_and(|l| l.activities.contains_key(id));
        let published = cap.activity.trim();
        let by_id_prefix = ids::is_lifecycle_capability(&cap.id)
            .then(|| cap.id.rsplit_once('.').map(|(a, _)| a.to_owned()))
            .flatten();
        if published.is_empty() || published == "-" {
            let shown = if published.is_empty() {
                "an empty cell"
            } else {
                "\"-\""
            };
            return (
                None,
                Some((Code::E0203, format!("published with no activity ({shown})"))),
            );
        }
        match split_id(published) {
            (Some(id), _) if id.split('.').count() == 3 => {
                if !known(id) {
                    return (
                        Some(id.to_owned()),
                        Some((
                            Code::E0301,
                            format!(
                                "activity published as \"{published}\", which is not in the lifecycle"
                            ),
                        )),
                    );
                }
                if ids::is_lifecycle_capability(&cap.id) && !ids::extends(&cap.id, id) {
                    return (
                        Some(id.to_owned()),
                        Some((
                            Code::E0303,
                            format!(
                                "published under activity {id} while its ID is numbered under another"
                            ),
                        )),
                    );
                }
                (Some(id.to_owned()), None)
            }
            (Some(fid), _) if fid.split('.').count() == 2 => (
                Some(fid.to_owned()),
                Some((
                    Code::E0302,
                    format!("published under \"{published}\", a function rather than one activity"),
                )),
            ),
            _ => {
                // `All FFM.030 Payable Management Activities`
                if let Some(rest) = published.strip_prefix("All ")
                    && let (Some(fid), _) = split_id(rest)
                {
                    return (
                        Some(fid.to_owned()),
                        Some((
                            Code::E0302,
                            format!(
                                "published under \"{published}\", a function rather than one activity"
                            ),
                        )),
                    );
                }
                // A name: find the activity of that name.
                let by_name = lc.and_then(|l| l.by_name.get(&name_key(published)).cloned());
                match (by_name, by_id_prefix) {
                    (Some(n), Some(p)) if n != p && known(&p) => {
                        // Named one activity, numbered under another: keep
                        // the name's activity, as published, and say so.
                        let reason = format!(
                            "published under activity \"{published}\" ({n}) while its ID is numbered under {p}"
                        );
                        (Some(n), Some((Code::E0303, reason)))
                    }
                    (Some(n), _) => (Some(n), None),
                    (None, Some(p)) if known(&p) => (Some(p), None),
                    _ => (
                        None,
                        Some((
                            Code::E0203,
                            format!(
                                "published under activity \"{published}\", which names no activity of the lifecycle"
                            ),
                        )),
                    ),
                }
            }
        }
    }

    /// The capabilities of one area from one release.
    pub fn capabilities(&mut self, area: &str, caps: &[CapRec], fm_kinds: bool) {
        let dominant_prefix = {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for c in caps {
                if let Some(p) = c.id.split('.').next() {
                    *counts.entry(p.to_owned()).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .max_by_key(|(_, n)| *n)
                .map(|(p, _)| p)
                .unwrap_or_default()
        };
        let mut seen: HashMap<String, Prov> = HashMap::new();
        for cap in caps {
            let id_prov = cap.prov.at_column(&cap.id_column);
            if cap.id.is_empty() {
                self.findings.add(
                    Code::W0502,
                    &id_prov,
                    "row has a capability statement but no capability ID: not imported".to_owned(),
                );
                self.findings.skip(&cap.prov, "no capability ID");
                continue;
            }
            let mut d = Decl::new(EntityKind::Capability, safe_id(&cap.id), None);
            self.capability_id_defects(&mut d, cap, &dominant_prefix, &mut seen);
            let word = self.capability_kind(&mut d, cap, fm_kinds);
            d.word = word.map(str::to_owned);
            let (activity, problem) = self.resolve_activity(area, cap);
            if let Some((code, reason)) = problem {
                let finding = match code {
                    Code::E0303 => Code::W0505,
                    _ => Code::W0504,
                };
                self.findings.add(
                    finding,
                    &cap.prov.at_column(&cap.activity_column),
                    format!("capability {}: {reason}", cap.id),
                );
                d.defect(Some(code), reason);
            }
            d.push(activity.clone().and_then(|a| Line::words("activity", [a])));
            if cap.statement.is_empty() {
                d.defect(
                    Some(Code::E0210),
                    format!(
                        "published with an empty statement ({})",
                        cap.prov.describe()
                    ),
                );
                self.findings.add(
                    Code::W0503,
                    &cap.prov.at_column(&cap.statement_column),
                    format!("capability {} has an empty statement", cap.id),
                );
            }
            d.lines.push(Line {
                key: "statement",
                values: vec![V::Text(cap.statement.clone())],
                block: Vec::new(),
            });
            let refs: Vec<String> = split_list(&cap.references)
                .into_iter()
                .map(|r| self.refs.register(&r, &cap.prov))
                .collect();
            d.push(Line::words("references", refs));
            d.push(Line::texts("other-sources", split_list(&cap.other)));
            d.provenance.push(cap.prov.clone());
            let function = activity
                .as_deref()
                .or(ids::is_lifecycle_capability(&cap.id).then_some(cap.id.as_str()))
                .and_then(|a| a.split('.').nth(1).map(str::to_owned));
            if let Some(a) = &activity {
                self.capability_activity
                    .entry(cap.id.clone())
                    .or_insert_with(|| a.clone());
            }
            self.capability_statement
                .entry(cap.id.clone())
                .or_insert_with(|| cap.statement.clone());
            self.capability_ids.insert(cap.id.clone());
            let file = match function {
                Some(f) if f.len() == 3 => format!("{}/capabilities-{f}.fibf", area.to_lowercase()),
                _ => format!("{}/capabilities-other.fibf", area.to_lowercase()),
            };
            let header = format!("{area} business capabilities.");
            self.add(file, &[&header], d);
        }
    }

    /// Defects of a capability's published ID: characters an ID cannot
    /// hold, a malformed ID, a missing dot, an ID published twice.
    fn capability_id_defects(
        &mut self,
        d: &mut Decl,
        cap: &CapRec,
        dominant_prefix: &str,
        seen: &mut HashMap<String, Prov>,
    ) {
        let id_prov = cap.prov.at_column(&cap.id_column);
        if !word_safe(&cap.id) {
            d.defect(
                None,
                format!(
                    "published ID \"{}\" has characters an ID cannot hold",
                    cap.id
                ),
            );
            self.findings.add(
                Code::W0502,
                &id_prov,
                format!(
                    "capability ID \"{}\" has characters an ID cannot hold",
                    cap.id
                ),
            );
        }
        if cap.raw_id != cap.id {
            self.findings.note_trimmed(&id_prov);
        }
        if !ids::is_valid(EntityKind::Capability, &cap.id) {
            d.defect(
                Some(Code::E0207),
                format!(
                    "capability ID published as \"{}\" ({})",
                    cap.id,
                    cap.prov.describe()
                ),
            );
            self.findings.add(
                Code::W0502,
                &id_prov,
                format!("capability ID \"{}\" is malformed", cap.id),
            );
        } else if let Some(first) = cap.id.split('.').next()
            && first != dominant_prefix
            && first.starts_with(dominant_prefix)
            && first[dominant_prefix.len()..]
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            let meant = format!("{dominant_prefix}.{}", &cap.id[dominant_prefix.len()..]);
            d.defect(
                None,
                format!(
                    "ID published as {} ({}); {meant} is likely meant",
                    cap.id,
                    cap.prov.describe()
                ),
            );
            self.findings.add(Code::W0502, &id_prov, format!("capability ID {} lacks the dot after {dominant_prefix}: {meant} is likely meant", cap.id));
        }
        if let Some(first) = seen.get(&cap.id) {
            d.defect(
                Some(Code::E0206),
                format!(
                    "published twice: {} and {}",
                    first.describe(),
                    cap.prov.describe()
                ),
            );
            self.findings.add(
                Code::W0501,
                &id_prov,
                format!(
                    "capability {} is published twice: {} and here",
                    cap.id,
                    first.describe()
                ),
            );
        } else {
            seen.insert(cap.id.clone(), cap.prov.clone());
        }
    }

    /// The kind word of a capability from its published I/P/O column
    /// (FM's data-input and data-output when the area uses them).
    fn capability_kind(
        &mut self,
        d: &mut Decl,
        cap: &CapRec,
        fm_kinds: bool,
    ) -> Option<&'static str> {
        let kind = cap.kind.trim().to_uppercase();
        if kind.len() > 3 && matches!(cap.statement.trim(), "I" | "P" | "O" | "DI" | "DO") {
            d.defect(
                None,
                format!(
                    "the kind and statement columns appear swapped ({})",
                    cap.prov.describe()
                ),
            );
            self.findings.add(
                Code::W0502,
                &cap.prov,
                format!("capability {}: the kind and statement columns appear swapped (kind \"{}…\", statement \"{}\")", cap.id, &cap.kind.chars().take(40).collect::<String>(), cap.statement),
            );
        }
        match kind.as_str() {
            "I" | "INPUT" => Some(if fm_kinds { "data-input" } else { "input" }),
            "DI" => Some("data-input"),
            "O" | "OUTPUT" => Some(if fm_kinds { "data-output" } else { "output" }),
            "DO" => Some("data-output"),
            "P" | "PROCESS" => Some("process"),
            "" => None,
            other if other.len() <= 3 => {
                d.defect(
                    None,
                    format!("kind published as \"{other}\", which is not I, P or O"),
                );
                self.findings.add(
                    Code::W0502,
                    &cap.prov,
                    format!(
                        "capability {} has kind \"{other}\", which is not I, P or O",
                        cap.id
                    ),
                );
                None
            }
            // A long text: reported above as swapped columns.
            _ => None,
        }
    }

    /// Compare another release's capabilities with the chosen ones.
    pub fn compare_releases(&mut self, area: &str, chosen: &[CapRec], other: &[CapRec]) {
        if other.is_empty() {
            return;
        }
        let (cr, or) = (chosen[0].release, other[0].release);
        let by_id = |caps: &[CapRec]| -> BTreeMap<String, CapRec> {
            let mut m = BTreeMap::new();
            for c in caps {
                m.entry(c.id.clone()).or_insert_with(|| c.clone());
            }
            m
        };
        let (a, b) = (by_id(chosen), by_id(other));
        self.duplicates_in_release(other, or.name());
        // Every statement the imported release has: a row of the other
        // release whose statement is in none of them is content the import
        // does not carry, whatever its ID.
        let imported: BTreeSet<String> = chosen.iter().map(|c| clean_cmp(&c.statement)).collect();
        // Each row of the other release, duplicates included: folding a
        // second row into the first by ID would lose it without a word.
        for c in other {
            let id = &c.id;
            let carried =
                c.statement.trim().is_empty() || imported.contains(&clean_cmp(&c.statement));
            match a.get(id) {
                None => {
                    self.findings.add(
                        Code::W0506,
                        &c.prov,
                        format!(
                            "capability {id} is only in the {} release ({}); the {} release was imported{}",
                            or.name(),
                            area,
                            cr.name(),
                            if carried {
                                ""
                            } else {
                                ", and no imported capability has its statement"
                            }
                        ),
                    );
                }
                Some(x) => {
                    if clean_cmp(&x.statement) != clean_cmp(&c.statement) {
                        self.findings.add(
                            Code::W0506,
                            &c.prov,
                            format!(
                                "capability {id}: the statement differs: {} says \"{}\", {} says \"{}\"{}",
                                cr.name(),
                                x.statement,
                                or.name(),
                                c.statement,
                                if carried {
                                    ""
                                } else {
                                    "; no imported capability has the latter"
                                }
                            ),
                        );
                    }
                    if !x.kind.eq_ignore_ascii_case(&c.kind)
                        && !c.kind.is_empty()
                        && !x.kind.is_empty()
                    {
                        self.findings.add(
                            Code::W0506,
                            &c.prov,
                            format!(
                                "capability {id}: the kind differs: {} says {}, {} says {}",
                                cr.name(),
                                x.kind,
                                or.name(),
                                c.kind
                            ),
                        );
                    }
                }
            }
        }
        for (id, x) in &a {
            if !b.contains_key(id) {
                self.findings.add(
                    Code::W0506,
                    &x.prov,
                    format!(
                        "capability {id} is only in the {} release; the {} release leaves it out",
                        cr.name(),
                        or.name()
                    ),
                );
            }
        }
    }

    /// W0501 for each row of a compared release whose capability ID another
    /// row of that release also has: every row, so none is lost.
    fn duplicates_in_release(&mut self, rows: &[CapRec], release: &str) {
        let mut by_id: BTreeMap<&str, Vec<&CapRec>> = BTreeMap::new();
        for c in rows {
            by_id.entry(c.id.as_str()).or_default().push(c);
        }
        for (id, rows) in by_id.into_iter().filter(|(_, r)| r.len() > 1) {
            let places: Vec<String> = rows.iter().map(|r| r.prov.describe()).collect();
            for (i, r) in rows.iter().enumerate() {
                self.findings.add(
                    Code::W0501,
                    &r.prov,
                    format!(
                        "capability {id} is published {} times in the {release} release (row {} of them: \"{}\"); the others: {}",
                        rows.len(),
                        i + 1,
                        r.statement.chars().take(80).collect::<String>(),
                        places
                            .iter()
                            .enumerate()
                            .filter(|(j, _)| *j != i)
                            .map(|(_, p)| p.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                );
            }
        }
    }

    /// Compare another release's activities with the chosen ones.
    pub fn compare_lifecycles(&mut self, chosen: &[ActRec], other: &[ActRec]) {
        let by_id = |acts: &[ActRec]| -> BTreeMap<String, ActRec> {
            acts.iter().map(|a| (a.id.clone(), a.clone())).collect()
        };
        let (a, b) = (by_id(chosen), by_id(other));
        for (id, o) in &b {
            match a.get(id) {
                None => self.findings.add(
                    Code::W0506,
                    &o.prov,
                    format!("activity {id} is only in the {} release", o.release.name()),
                ),
                Some(x) => {
                    if !same_name(&x.name, &o.name) {
                        self.findings.add(
                            Code::W0506,
                            &o.prov,
                            format!("activity {id} is named \"{}\" in the {} release, \"{}\" in the {} release", x.name, x.release.name(), o.name, o.release.name()),
                        );
                    }
                    if clean_cmp(&x.description) != clean_cmp(&o.description)
                        && !o.description.is_empty()
                    {
                        self.findings.add(
                            Code::W0506,
                            &o.prov,
                            format!("activity {id}: the description differs between the {} and {} releases", x.release.name(), o.release.name()),
                        );
                    }
                }
            }
        }
        for (id, x) in &a {
            if !b.contains_key(id) {
                self.findings.add(
                    Code::W0506,
                    &x.prov,
                    format!("activity {id} is only in the {} release", x.release.name()),
                );
            }
        }
    }

    /// FM's standard data elements.
    pub fn elements(&mut self, records: &Records) {
        let mut seen: HashMap<String, Prov> = HashMap::new();
        let mut by_label: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for e in &records.elements {
            // FM's workbook marks some elements `Common` or `Grants Mgmt`:
            // they stay with the workbook's area and say what was published.
            let is_area = e.area.len() == 3 && e.area.bytes().all(|b| b.is_ascii_uppercase());
            let area = if is_area {
                e.area.clone()
            } else {
                "FFM".to_owned()
            };
            if e.label.is_empty() {
                self.findings.add(
                    Code::W0502,
                    &e.prov,
                    "data element row has no label: not imported".to_owned(),
                );
                self.findings.skip(&e.prov, "no data element label");
                continue;
            }
            let mut d = Decl::new(EntityKind::Element, safe_id(&e.label), None);
            if !ids::is_valid(EntityKind::Element, &safe_id(&e.label)) || !word_safe(&e.label) {
                d.defect(
                    Some(Code::E0207),
                    format!("label published as \"{}\"", e.label),
                );
                self.findings.add(
                    Code::W0502,
                    &e.prov.at_column(&e.columns[0]),
                    format!("data element label \"{}\" is not an identifier", e.label),
                );
            }
            if let Some(first) = seen.get(&e.label) {
                d.defect(
                    Some(Code::E0206),
                    format!(
                        "published twice: {} and {}",
                        first.describe(),
                        e.prov.describe()
                    ),
                );
                self.findings.add(
                    Code::W0501,
                    &e.prov,
                    format!("data element {} is published twice", e.label),
                );
            } else {
                seen.insert(e.label.clone(), e.prov.clone());
            }
            let definition = paragraphs(&e.definition);
            if definition.is_empty() {
                d.defect(Some(Code::E0210), "published with an empty definition");
                self.findings.add(
                    Code::W0503,
                    &e.prov,
                    format!("data element {} has an empty definition", e.label),
                );
            }
            d.lines.push(Line {
                key: "definition",
                values: vec![V::Text(definition)],
                block: Vec::new(),
            });
            d.push(Line::text("example", &e.example));
            if !is_area && !e.area.is_empty() {
                d.push(Line::text(
                    "description",
                    &format!("Published for service area \"{}\".", e.area),
                ));
            }
            let activities = self.element_activities(&mut d, e);
            d.push(Line::words("activities", activities));
            let (caps, not_ids) = capability_refs(&e.capabilities);
            for item in not_ids {
                d.defect(
                    Some(Code::E0301),
                    format!("capability reference published as \"{item}\", which is not an ID"),
                );
                self.findings.add(
                    Code::W0504,
                    &e.prov.at_column(&e.columns[2]),
                    format!(
                        "data element {}: capability reference \"{item}\" is not an ID: not imported",
                        e.label
                    ),
                );
            }
            for c in &caps {
                if !self.capability_ids.contains(c) {
                    d.defect(
                        Some(Code::E0301),
                        format!(
                            "capability reference published as \"{}\"",
                            c.replacen('.', " ", 1)
                        ),
                    );
                    self.findings.add(
                        Code::W0504,
                        &e.prov.at_column(&e.columns[2]),
                        format!("data element {}: capability {c} does not exist", e.label),
                    );
                }
            }
            by_label.insert(e.label.clone(), caps.iter().cloned().collect());
            d.push(Line::words("capabilities", caps));
            let refs: Vec<String> = split_list(&e.reference)
                .into_iter()
                .map(|r| self.refs.register(&r, &e.prov))
                .collect();
            d.push(Line::words("references", refs));
            d.provenance.push(e.prov.clone());
            self.add(
                format!("{}/data-elements.fibf", area.to_lowercase()),
                &[&format!("{area} standard data elements.")],
                d,
            );
        }
        self.compare_by_capability(records, &by_label);
    }

    /// The service activities a data element names, each checked against
    /// the lifecycle.
    fn element_activities(&mut self, d: &mut Decl, e: &ElemRec) -> Vec<String> {
        let mut activities = Vec::new();
        for item in split_list(&e.activities) {
            match split_id(&item) {
                (Some(id), _) => {
                    let known = area_of_id(id)
                        .and_then(|a| self.lifecycles.get(&a))
                        .is_some_and(|l| l.activities.contains_key(id));
                    if !known {
                        d.defect(
                            Some(Code::E0301),
                            format!("service activity published as \"{item}\""),
                        );
                        self.findings.add(Code::W0504, &e.prov.at_column(&e.columns[1]), format!("data element {}: service activity \"{item}\" is not in the lifecycle", e.label));
                    }
                    if !activities.contains(&id.to_owned()) {
                        activities.push(id.to_owned());
                    }
                }
                (None, _) => {
                    d.defect(
                        None,
                        format!("service activity published as \"{item}\" without an ID"),
                    );
                    self.findings.add(
                        Code::W0504,
                        &e.prov.at_column(&e.columns[1]),
                        format!(
                            "data element {}: service activity \"{item}\" has no ID",
                            e.label
                        ),
                    );
                }
            }
        }
        activities
    }

    /// The by-capability sheet repeats the elements: check that it says
    /// the same as the main sheet (`by_label`: each label's capabilities).
    fn compare_by_capability(
        &mut self,
        records: &Records,
        by_label: &BTreeMap<String, BTreeSet<String>>,
    ) {
        let mut current: Option<(String, Prov)> = None;
        let mut collected: BTreeMap<String, (BTreeSet<String>, Prov)> = BTreeMap::new();
        for (label, caps, prov) in &records.elements_by_cap {
            if !label.is_empty() {
                current = Some((label.clone(), prov.clone()));
            }
            let Some((label, first)) = &current else {
                self.findings
                    .skip(prov, "continuation row before any data element");
                continue;
            };
            let entry = collected
                .entry(label.clone())
                .or_insert_with(|| (BTreeSet::new(), first.clone()));
            entry.0.extend(capability_refs(caps).0);
        }
        for (label, (caps, prov)) in &collected {
            match by_label.get(label) {
                None => self.findings.add(
                    Code::W0506,
                    prov,
                    format!(
                        "data element {label} is only in the by-capability sheet; not imported"
                    ),
                ),
                Some(main) if main != caps => {
                    let fmt =
                        |s: &BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
                    self.findings.add(
                        Code::W0507,
                        prov,
                        format!("data element {label} names capabilities {} here but {} in the main sheet", fmt(caps), fmt(main)),
                    );
                }
                _ => {}
            }
        }
    }

    /// ERM's business scenarios: one use case per capability scenario.
    pub fn scenarios(&mut self, rows: &[ScenarioRow]) {
        let mut groups: Vec<(String, Vec<&ScenarioRow>)> = Vec::new();
        for r in rows {
            match groups.last_mut() {
                Some((cap, list)) if *cap == r.capability => list.push(r),
                _ => groups.push((r.capability.clone(), vec![r])),
            }
        }
        let mut ids_seen: HashMap<String, Prov> = HashMap::new();
        for (cap, rows) in groups {
            let first = rows[0];
            let area = area_of_id(&cap).unwrap_or_else(|| "ERM".to_owned());
            let id = format!("{cap}-S");
            let name = self
                .capability_statement
                .get(&cap)
                .cloned()
                .unwrap_or_else(|| first.statement.clone());
            let mut d = Decl::new(EntityKind::UseCase, safe_id(&id), Some(name));
            if let Some(p) = ids_seen.get(&id) {
                d.defect(
                    Some(Code::E0206),
                    format!(
                        "a second scenario for capability {cap}; the first is at {}",
                        p.describe()
                    ),
                );
                self.findings.add(
                    Code::W0501,
                    &first.prov,
                    format!("capability {cap} has two business scenarios"),
                );
            }
            ids_seen.insert(id.clone(), first.prov.clone());
            if !first.statement.is_empty()
                && let Some(s) = self.capability_statement.get(&cap)
                && !same_name(s, &first.statement)
            {
                self.findings.add(
                    Code::W0507,
                    &first.prov,
                    format!("capability {cap}: the scenario's statement differs from the capability's: \"{}\"", first.statement),
                );
            }
            if !self.capability_ids.contains(&cap) {
                self.findings.add(
                    Code::W0504,
                    &first.prov,
                    format!("business scenario for capability {cap}, which does not exist"),
                );
            }
            // The events name the capability; one that is not an ID is
            // recorded once here and left out of them.
            let cap_word = word_safe(&cap).then(|| cap.clone());
            if cap_word.is_none() {
                d.defect(
                    Some(Code::E0207),
                    format!("capability ID published as \"{cap}\", which is not an ID"),
                );
            }
            d.push(Line::text(
                "description",
                &format!("{} business scenario for capability {cap}.", first.phase),
            ));
            let activity = self.capability_activity.get(&cap).cloned();
            let mut previous: Option<u32> = None;
            for r in &rows {
                let Ok(number) = r.number.trim().parse::<u32>() else {
                    self.findings.add(
                        Code::W0502,
                        &r.prov,
                        format!(
                            "event number \"{}\" is not a number: event not imported",
                            r.number
                        ),
                    );
                    self.findings.skip(&r.prov, "event number is not a number");
                    continue;
                };
                if previous.is_some_and(|p| p >= number) {
                    d.defect(
                        Some(Code::E0213),
                        format!("events published out of order at {}", r.prov.describe()),
                    );
                    self.findings.add(
                        Code::W0505,
                        &r.prov,
                        format!("event {number} of the scenario for {cap} is out of order"),
                    );
                }
                previous = Some(number);
                let mut block = Vec::new();
                block.extend(activity.clone().and_then(|a| Line::words("activity", [a])));
                block.extend(Line::words("capabilities", cap_word.clone()));
                block.extend(Line::texts("inputs", split_list(&r.inputs)));
                block.extend(Line::texts("outputs", split_list(&r.outputs)));
                d.lines.push(Line {
                    key: "event",
                    values: vec![V::Word(number.to_string()), V::Text(r.description.clone())],
                    block,
                });
            }
            for r in &rows {
                d.provenance.push(r.prov.clone());
            }
            self.add(
                format!("{}/use-cases.fibf", area.to_lowercase()),
                &[&format!(
                    "{area} business scenarios: one use case per capability, its events in order."
                )],
                d,
            );
        }
    }

    /// End-to-end processes named by the published use case documents
    /// (`FFM Use Cases 040 Procure-to-Pay 2018`).
    pub fn processes(&mut self, links: &[(String, String, Prov)]) {
        let mut found: BTreeMap<String, (String, Prov)> = BTreeMap::new();
        for (title, _, prov) in links {
            let words: Vec<&str> = title.split_whitespace().collect();
            for (i, w) in words.iter().enumerate() {
                if w.len() == 3
                    && w.bytes().all(|b| b.is_ascii_digit())
                    && let Some(name) = words.get(i + 1)
                    && name.contains("-to-")
                {
                    found
                        .entry((*w).to_owned())
                        .or_insert_with(|| ((*name).to_owned(), prov.clone()));
                }
            }
        }
        for (id, (name, prov)) in found {
            let mut d = Decl::new(EntityKind::Process, id, Some(name));
            d.provenance.push(prov);
            self.add(
                "processes.fibf".to_owned(),
                &["End-to-end processes, as named by the published use case documents."],
                d,
            );
        }
    }
}

/// `FFMSR 2.3.2.1;\nFFMSR 2.3.2.2` → `FFMSR.2.3.2.1`, `FFMSR.2.3.2.2`.
fn capability_refs(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut out, mut not_ids) = (Vec::new(), Vec::new());
    for item in split_list(text) {
        let id = match item.split_once(' ') {
            Some((prefix, rest))
                if prefix.bytes().all(|b| b.is_ascii_uppercase())
                    && rest.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                format!("{prefix}.{}", rest.split_whitespace().next().unwrap_or(""))
            }
            _ => item.split_whitespace().next().unwrap_or("").to_owned(),
        };
        if id.is_empty() || out.contains(&id) {
            continue;
        }
        if word_safe(&id) {
            out.push(id);
        } else {
            not_ids.push(item);
        }
    }
    (out, not_ids)
}

fn clean_cmp(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
