//! `fibf import`: the published FIBF workbooks and Business Standards API
//! exports, turned into `.fibf` files.
//!
//! The pipeline: [`table`] reads files into tables, [`recognize`] finds what
//! each table holds by its header, [`assemble`] builds declarations (handling
//! the published data's irregularities and recording its defects), [`ir`]
//! writes them in the canonical layout, and [`report`] accounts for every row.
//!
//! Some areas are published twice, as a workbook and as API JSON, and the two
//! are different releases. One release is imported per area (the workbook by
//! default, `--prefer api` for the other), the other is compared with it and
//! every disagreement reported; `--releases separate` imports each release
//! into its own directory instead. Releases are never mixed.

pub mod assemble;
pub mod ir;
pub mod layout;
pub mod recognize;
pub mod refs;
pub mod report;
pub mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::io::{Io, WalkEntry};
use crate::model::EntityKind;
use crate::output::OutputSet;
use assemble::{Assembler, Records, ScenarioRow, area_of_id};
use ir::{Line, V, write_file};
use recognize::{Kind, Release, classify, prov, split_id};
use refs::References;
use report::{Findings, SheetReport, group, row_name};
use table::{ImportError, JsonDoc, Table, clean};

/// How releases are chosen.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The release imported for an area published both ways.
    pub prefer: Release,
    /// Import each release into its own directory.
    pub separate: bool,
}

/// The result of an import.
pub struct Outcome {
    pub output: OutputSet,
    pub sheets: Vec<SheetReport>,
    /// Defects and disagreements found in the sources.
    pub diagnostics: Vec<Diagnostic>,
    /// Inputs that could not be read at all.
    pub failures: Vec<Diagnostic>,
}

/// One input read.
enum Read {
    Tables(Vec<Table>),
    Json(String, JsonDoc),
}

/// The files under the given paths, with the names they get in provenance:
/// relative to a directory given, the bare name for a file given.
fn inputs(
    io: &dyn Io,
    paths: &[PathBuf],
    failures: &mut Vec<Diagnostic>,
    notices: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for p in paths {
        match io.stat(p) {
            Ok(crate::io::Kind::Dir) => {
                // Hidden entries (the output marker of an exported
                // directory, version control) are not inputs: the walk
                // skips them.
                for entry in io.walk(p) {
                    let WalkEntry::File(path) = entry else {
                        continue;
                    };
                    let rel = path.strip_prefix(p).unwrap_or(&path);
                    let name = crate::source::display_name(rel);
                    match path.extension().and_then(|x| x.to_str()) {
                        Some("xlsx" | "json") => out.push((path.clone(), name)),
                        _ => notices.push(
                            Diagnostic::new(
                                Code::W0509,
                                "not an .xlsx workbook or a .json export: not imported",
                            )
                            .with_path(name),
                        ),
                    }
                }
            }
            Ok(crate::io::Kind::File) => {
                let name = p.file_name().map_or_else(
                    || p.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                out.push((p.clone(), name));
            }
            Err(_) => failures.push(
                Diagnostic::new(Code::E0508, "cannot read: no such file or directory")
                    .with_path(crate::source::display_name(p))
                    .with_help("give the published workbooks (.xlsx) and API exports (.json), or a directory of them"),
            ),
        }
    }
    out
}

fn read_one(io: &dyn Io, path: &Path, name: &str) -> Result<Read, ImportError> {
    let bytes = table::read_bytes(io, path)?;
    if name.ends_with(".json") {
        let text = String::from_utf8(bytes).map_err(|_| ImportError::NotUtf8)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        return table::read_json(name, text).map(|d| Read::Json(name.to_owned(), d));
    }
    table::read_workbook(name, std::io::Cursor::new(bytes)).map(Read::Tables)
}

/// Everything read, tables classified.
struct Corpus {
    tables: Vec<(Table, Kind, recognize::Columns, Release)>,
    links: Vec<(String, Vec<(String, String)>)>,
    notes: Vec<(String, String)>,
}

/// Import the published files under `paths` from the disk.
pub fn import(paths: &[PathBuf], options: Options) -> Outcome {
    import_in(&crate::io::NativeIo, paths, options)
}

/// [`import`], reading through `io`.
pub fn import_in(io: &dyn Io, paths: &[PathBuf], options: Options) -> Outcome {
    let mut failures = Vec::new();
    let mut notices = Vec::new();
    let files = inputs(io, paths, &mut failures, &mut notices);
    let read: Vec<(String, Result<Read, ImportError>)> = files
        .par_iter()
        .map(|(path, name)| (name.clone(), read_one(io, path, name)))
        .collect();
    let mut corpus = Corpus {
        tables: Vec::new(),
        links: Vec::new(),
        notes: Vec::new(),
    };
    for (name, r) in read {
        match r {
            Ok(Read::Tables(tables)) => {
                for t in tables {
                    let (kind, cols) = classify(&t);
                    corpus.tables.push((t, kind, cols, Release::Workbook));
                }
            }
            Ok(Read::Json(_, JsonDoc::Records(t))) => {
                let (kind, cols) = classify(&t);
                corpus.tables.push((t, kind, cols, Release::Api));
            }
            Ok(Read::Json(file, JsonDoc::Links(l))) => corpus.links.push((file, l)),
            Ok(Read::Json(file, JsonDoc::Note(n))) => corpus.notes.push((file, n)),
            Err(error) => failures.push(error.diagnostic(&name)),
        }
    }
    let mut output = OutputSet::new();
    let mut sheets = Vec::new();
    let mut diagnostics = Vec::new();
    if options.separate {
        for release in [Release::Workbook, Release::Api] {
            let (set, s, d) = build(&corpus, Some(release), options);
            if set.is_empty() {
                continue;
            }
            for (path, bytes) in set.iter() {
                output.add(Path::new(release.name()).join(path), bytes.to_vec());
            }
            sheets.extend(s);
            diagnostics.extend(d);
        }
    } else {
        let (set, s, d) = build(&corpus, None, options);
        output = set;
        sheets = s;
        diagnostics = d;
    }
    notices.extend(diagnostics);
    Outcome {
        output,
        sheets,
        diagnostics: notices,
        failures,
    }
}

/// Import one release (`only`) or the preferred release of each area.
fn build(
    corpus: &Corpus,
    only: Option<Release>,
    options: Options,
) -> (OutputSet, Vec<SheetReport>, Vec<Diagnostic>) {
    let mut findings = Findings::default();
    let mut refs = References::default();
    let mut records: BTreeMap<Release, Records> = BTreeMap::new();
    let mut doc_texts: Vec<(String, String, ir::Prov)> = Vec::new();
    let in_scope = |r: Release| only.is_none_or(|o| o == r);
    // Workbooks written by `fibf export` are read back exactly.
    let exported: Vec<(&Table, &recognize::Columns)> = corpus
        .tables
        .iter()
        .filter(|(_, k, _, r)| *k == Kind::Exported && in_scope(*r))
        .map(|(t, _, c, _)| (t, c))
        .collect();
    let layout = layout::read(&exported, &mut findings);
    let workspace_toml = corpus
        .tables
        .iter()
        .find(|(_, k, _, r)| *k == Kind::Workspace && in_scope(*r))
        .and_then(|(t, _, _, _)| layout::workspace(t));

    for (t, kind, cols, release) in &corpus.tables {
        if !in_scope(*release) {
            continue;
        }
        let rec = records.entry(*release).or_default();
        // Header and title rows above it are not data. (A JSON export's
        // header is its keys, not a row.)
        for row in t.rows.iter().take(cols.header_row + 1) {
            if !row.is_blank() && *kind != Kind::Documentation && t.sheet.is_some() {
                findings.skip(
                    &prov(t, row),
                    if std::ptr::eq(row, &t.rows[cols.header_row]) {
                        "header row"
                    } else {
                        "title above the header"
                    },
                );
            }
        }
        let data = || {
            t.rows
                .iter()
                .enumerate()
                .skip(cols.header_row + 1)
                .filter(|(_, r)| !r.is_blank())
        };
        match kind {
            Kind::Capabilities => {
                for (_, c) in recognize::capabilities(t, cols, *release) {
                    rec.caps.push(c);
                }
            }
            Kind::Activities => {
                for (_, a) in recognize::activities(t, cols, *release) {
                    rec.acts.push(a);
                }
            }
            Kind::Areas => {
                let (id, name) = (
                    cols.exact(&["serviceareaid"]),
                    cols.exact(&["serviceareaname"]),
                );
                for (_, row) in data() {
                    let (i, n) = (
                        clean(row.cell(id.unwrap_or(0))),
                        clean(row.cell(name.unwrap_or(1))),
                    );
                    if i.is_empty() {
                        findings.skip(&prov(t, row), "no service area ID");
                        continue;
                    }
                    rec.areas.push((i, n, prov(t, row)));
                }
            }
            Kind::Functions => {
                let (a, i, n) = (
                    cols.exact(&["serviceareaid"]),
                    cols.exact(&["servicefunctionid"]),
                    cols.exact(&["servicefunctionname"]),
                );
                for (_, row) in data() {
                    let id = clean(row.cell(i.unwrap_or(0)));
                    if id.is_empty() {
                        findings.skip(&prov(t, row), "no service function ID");
                        continue;
                    }
                    let area = a
                        .map(|a| clean(row.cell(a)))
                        .filter(|s| !s.is_empty())
                        .or_else(|| area_of_id(&id))
                        .unwrap_or_default();
                    rec.functions
                        .push((area, id, clean(row.cell(n.unwrap_or(1))), prov(t, row)));
                }
            }
            Kind::DataElements => rec
                .elements
                .extend(recognize::elements(t, cols).into_iter().map(|(_, e)| e)),
            Kind::DataElementsByCapability => {
                let label = cols.find(&["data element label"], &[]);
                let caps = cols.find(&["capability ref"], &[]);
                for (_, row) in data() {
                    rec.elements_by_cap.push((
                        row.cell(label.unwrap_or(2)).trim().to_owned(),
                        row.cell(caps.unwrap_or(6)).to_owned(),
                        prov(t, row),
                    ));
                }
            }
            Kind::Scenarios => {
                let c = |w: &str| cols.find(&[w], &[]);
                let (cap, st, num, desc, inp, out) = (
                    c("capability id"),
                    c("statement"),
                    c("event number"),
                    c("event description"),
                    c("inputs"),
                    c("outputs"),
                );
                let get = |row: &table::Row, i: Option<usize>| {
                    i.map_or(String::new(), |i| row.cell(i).to_owned())
                };
                let (mut phase, mut current_cap, mut current_statement) =
                    (String::new(), String::new(), String::new());
                for (_, row) in data() {
                    let first = clean(row.cell(0));
                    let filled = row.cells.iter().filter(|c| !c.trim().is_empty()).count();
                    if filled == 1 && get(row, num).trim().is_empty() {
                        phase = first.trim_end_matches(" Phase").to_owned();
                        findings.skip(
                            &prov(t, row),
                            "phase heading (the phase is kept on the scenarios that follow)",
                        );
                        continue;
                    }
                    let id = clean(&get(row, cap));
                    if !id.is_empty() {
                        current_cap = id;
                        current_statement = clean(&get(row, st));
                    }
                    rec.scenarios.push(ScenarioRow {
                        phase: phase.clone(),
                        capability: current_cap.clone(),
                        statement: current_statement.clone(),
                        number: clean(&get(row, num)),
                        description: clean(&get(row, desc)),
                        inputs: get(row, inp),
                        outputs: get(row, out),
                        prov: prov(t, row),
                    });
                }
            }
            Kind::ReferenceList => {
                let c = |w: &str| cols.find(&[w], &[]);
                let (num, text, ty) = (c("source"), c("master reference list"), c("source type"));
                for (_, row) in data() {
                    let txt = clean(row.cell(text.unwrap_or(4)));
                    if txt.is_empty() {
                        findings.skip(&prov(t, row), "no reference text");
                        continue;
                    }
                    rec.source_list.push((
                        clean(row.cell(num.unwrap_or(3))),
                        txt,
                        clean(&ty.map_or(String::new(), |i| row.cell(i).to_owned())),
                        prov(t, row),
                    ));
                }
            }
            Kind::Totals => {
                for (_, row) in data() {
                    findings.skip(
                        &prov(t, row),
                        "capability counts computed by formulas from the capabilities sheet",
                    );
                }
            }
            Kind::Dropdowns => {
                for (_, row) in data() {
                    findings.skip(&prov(t, row), "drop-down values for data entry");
                    // A drop-down value that names no activity is a typo
                    // waiting to spread: report it.
                    for cell in &row.cells {
                        if let (Some(id), _) = split_id(cell)
                            && id.split('.').count() == 3
                        {
                            doc_texts.push(("dropdown".to_owned(), id.to_owned(), prov(t, row)));
                        }
                    }
                }
            }
            Kind::Exported => {}
            Kind::Workspace => {
                for (_, row) in data() {
                    findings.skip(
                        &prov(t, row),
                        "workspace name and version: written to fibf.toml",
                    );
                }
            }
            Kind::Documentation => {
                for row in t.rows.iter().filter(|r| !r.is_blank()) {
                    findings.skip(&prov(t, row), "documentation sheet");
                    for cell in &row.cells {
                        doc_texts.push(("text".to_owned(), cell.clone(), prov(t, row)));
                    }
                }
            }
        }
    }
    for (file, links) in &corpus.links {
        let release = Release::Api;
        if !in_scope(release) {
            continue;
        }
        for (i, (title, url)) in links.iter().enumerate() {
            let p = ir::Prov {
                file: file.clone(),
                sheet: None,
                row: None,
                column: None,
                pointer: Some(format!("/{}", title.replace('~', "~0").replace('/', "~1"))),
            };
            let _ = i;
            records.entry(release).or_default().links.push((
                clean(title),
                url.trim().to_owned(),
                p,
            ));
        }
    }
    for (file, note) in &corpus.notes {
        if in_scope(Release::Api) {
            let p = ir::Prov {
                file: file.clone(),
                sheet: None,
                row: None,
                column: None,
                pointer: Some("(whole file)".to_owned()),
            };
            findings.skip(&p, &format!("\"{}\": nothing published", clean(note)));
        }
    }

    // Which release each area's capabilities and lifecycle come from.
    let empty = Records::default();
    let wb = records.get(&Release::Workbook).unwrap_or(&empty);
    let api = records.get(&Release::Api).unwrap_or(&empty);
    let cap_area = |c: &recognize::CapRec| -> Option<String> {
        area_of_id(&c.id)
            .filter(|_| ids_lifecycle(&c.id))
            .or_else(|| split_id(&c.activity).0.and_then(area_of_id))
            .or_else(|| split_id(&c.function).0.and_then(area_of_id))
            .or_else(|| {
                c.activity
                    .split_whitespace()
                    .find_map(|w| area_of_id(w.trim_end_matches(',')))
            })
    };
    // Rows whose area cannot be told join the area of their table.
    let mut by_area: BTreeMap<(String, Release), Vec<recognize::CapRec>> = BTreeMap::new();
    let mut table_area: BTreeMap<String, String> = BTreeMap::new();
    for rec in [wb, api] {
        for c in &rec.caps {
            if let Some(a) = cap_area(c) {
                table_area
                    .entry(format!("{}|{:?}", c.prov.file, c.prov.sheet))
                    .or_insert(a);
            }
        }
    }
    for rec in [wb, api] {
        for c in &rec.caps {
            let area = cap_area(c)
                .or_else(|| {
                    table_area
                        .get(&format!("{}|{:?}", c.prov.file, c.prov.sheet))
                        .cloned()
                })
                .unwrap_or_else(|| "UNKNOWN".to_owned());
            by_area
                .entry((area, c.release))
                .or_default()
                .push(c.clone());
        }
    }
    let mut acts_by_area: BTreeMap<(String, Release), Vec<recognize::ActRec>> = BTreeMap::new();
    for rec in [wb, api] {
        for a in &rec.acts {
            match area_of_id(&a.id) {
                Some(area) => acts_by_area
                    .entry((area, a.release))
                    .or_default()
                    .push(a.clone()),
                None => {
                    findings.add(
                        Code::W0502,
                        &a.prov,
                        format!(
                            "activity ID \"{}\" names no service area: not imported",
                            a.id
                        ),
                    );
                    findings.skip(&a.prov, "activity ID names no service area");
                }
            }
        }
    }
    let areas: BTreeSet<String> = by_area
        .keys()
        .chain(acts_by_area.keys())
        .map(|(a, _)| a.clone())
        .collect();
    let choose = |has_wb: bool, has_api: bool| -> Option<(Release, Option<Release>)> {
        match (has_wb, has_api) {
            (true, true) => Some((
                options.prefer,
                Some(if options.prefer == Release::Workbook {
                    Release::Api
                } else {
                    Release::Workbook
                }),
            )),
            (true, false) => Some((Release::Workbook, None)),
            (false, true) => Some((Release::Api, None)),
            (false, false) => None,
        }
    };

    // The lifecycle first (capabilities resolve against it), then the rest.
    let mut asm = Assembler::new(&mut findings, &mut refs);
    let mut sources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut chosen_caps: BTreeMap<String, Vec<recognize::CapRec>> = BTreeMap::new();
    let mut lifecycle_records = Records {
        functions: wb.functions.iter().chain(&api.functions).cloned().collect(),
        ..Records::default()
    };
    for area in &areas {
        let k = |r| (area.clone(), r);
        let caps_choice = choose(
            by_area.contains_key(&k(Release::Workbook)),
            by_area.contains_key(&k(Release::Api)),
        );
        let acts_choice = choose(
            acts_by_area.contains_key(&k(Release::Workbook)),
            acts_by_area.contains_key(&k(Release::Api)),
        );
        let caps: Vec<recognize::CapRec> = caps_choice
            .and_then(|(r, _)| by_area.get(&k(r)).cloned())
            .unwrap_or_default();
        let acts: Vec<recognize::ActRec> = acts_choice
            .and_then(|(r, _)| acts_by_area.get(&k(r)).cloned())
            .unwrap_or_default();
        lifecycle_records.acts = acts.clone();
        asm.lifecycle(area, &lifecycle_records, &caps);
        if let Some((chosen, Some(other))) = acts_choice
            && let Some(other_acts) = acts_by_area.get(&k(other))
        {
            asm.compare_lifecycles(&acts, other_acts);
            for a in other_acts {
                asm.findings.skip(
                    &a.prov,
                    &format!(
                        "{} release of the lifecycle: compared with the {} release, not imported",
                        other.name(),
                        chosen.name()
                    ),
                );
            }
        }
        if let Some((chosen, other)) = caps_choice {
            let describe = |caps: &[recognize::CapRec]| -> Vec<String> {
                let files: BTreeSet<String> = caps.iter().map(|c| c.prov.file.clone()).collect();
                files.into_iter().collect()
            };
            sources.entry(area.clone()).or_default().push(format!(
                "capabilities: {} ({})",
                describe(&caps).join(", "),
                chosen.name()
            ));
            if let Some(other) = other
                && let Some(other_caps) = by_area.get(&k(other))
            {
                asm.compare_releases(area, &caps, other_caps);
                for c in other_caps {
                    asm.findings.skip(&c.prov, &format!("{} release of the capabilities: compared with the {} release, not imported", other.name(), chosen.name()));
                }
            }
        }
        if let Some((chosen, _)) = acts_choice {
            let files: BTreeSet<String> = acts.iter().map(|a| a.prov.file.clone()).collect();
            sources.entry(area.clone()).or_default().push(format!(
                "lifecycle: {} ({})",
                files.into_iter().collect::<Vec<_>>().join(", "),
                chosen.name()
            ));
        }
        chosen_caps.insert(area.clone(), caps);
    }
    for (area, caps) in &chosen_caps {
        let fm_kinds = caps.iter().any(|c| matches!(c.kind.trim(), "DI" | "DO"));
        asm.capabilities(area, caps, fm_kinds);
    }
    // Data elements, scenarios and the rest come from workbooks only; the
    // API publishes links to them.
    let element_records = Records {
        elements: wb.elements.iter().chain(&api.elements).cloned().collect(),
        elements_by_cap: wb
            .elements_by_cap
            .iter()
            .chain(&api.elements_by_cap)
            .cloned()
            .collect(),
        ..Records::default()
    };
    asm.elements(&element_records);
    for e in &element_records.elements {
        let is_area = e.area.len() == 3 && e.area.bytes().all(|b| b.is_ascii_uppercase());
        let area = if is_area { e.area.as_str() } else { "FFM" };
        sources
            .entry(area.to_owned())
            .or_default()
            .push(format!("data elements: {}", e.prov.file));
    }
    let scenarios: Vec<ScenarioRow> = wb.scenarios.iter().chain(&api.scenarios).cloned().collect();
    asm.scenarios(&scenarios);
    for s in &scenarios {
        sources
            .entry(area_of_id(&s.capability).unwrap_or_default())
            .or_default()
            .push(format!("business scenarios: {}", s.prov.file));
    }
    let links: Vec<(String, String, ir::Prov)> =
        wb.links.iter().chain(&api.links).cloned().collect();
    asm.processes(&links);
    let leads: BTreeMap<String, String> = element_records
        .elements
        .iter()
        .filter(|e| !e.lead.is_empty() && e.area.len() == 3)
        .map(|e| (e.area.clone(), e.lead.clone()))
        .collect();

    // Area names from the documentation sheets of files whose data is one
    // area's.
    let mut file_area: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ((area, _), caps) in &by_area {
        for c in caps {
            file_area
                .entry(c.prov.file.clone())
                .or_default()
                .insert(area.clone());
        }
    }
    let mut area_records = Records {
        areas: wb.areas.iter().chain(&api.areas).cloned().collect(),
        ..Records::default()
    };
    for (kind, text, p) in &doc_texts {
        if kind == "text"
            && let Some(areas) = file_area.get(&p.file)
            && areas.len() == 1
            && let Some(name) = area_name_in(text)
        {
            let area = areas.iter().next().expect("one area").clone();
            if !area_records.area_names.iter().any(|(a, _, _)| *a == area) {
                area_records.area_names.push((area, name, p.clone()));
            }
        }
    }
    asm.areas(&area_records, &areas, &leads);

    // Drop-down values that name no activity.
    let known_activities: BTreeSet<String> = asm
        .files
        .values()
        .flat_map(|(_, decls)| {
            decls
                .iter()
                .filter(|d| d.kind == EntityKind::Activity)
                .map(|d| d.id.clone())
        })
        .collect();
    for (kind, id, p) in &doc_texts {
        if kind == "dropdown" && !known_activities.contains(id) {
            asm.findings.add(
                Code::W0504,
                p,
                format!("drop-down value {id} names no activity of the lifecycle (a typo?)"),
            );
        }
    }

    // References: the master list, the published documents, then the
    // citations gathered above; IDs are fixed once all are known.
    for rec in [wb, api] {
        for (num, text, ty, p) in &rec.source_list {
            let description = format!(
                "{} source no. {} of the RPM master reference list",
                if ty.is_empty() { "A" } else { ty },
                num.trim_start_matches('-')
            );
            asm.refs.register_with(text, p, None, Some(&description));
        }
    }
    for (title, url, p) in &links {
        asm.refs.register_with(
            title,
            p,
            Some(url),
            Some("A document published with the standard."),
        );
    }
    let mut files = std::mem::take(&mut asm.files);
    drop(asm);
    refs.assign();
    for (_, decls) in files.values_mut() {
        for d in decls.iter_mut() {
            resolve_refs(&mut d.lines, &refs);
        }
    }
    let reference_decls = refs.decls();
    if !reference_decls.is_empty() {
        files.insert(
            "references.fibf".to_owned(),
            (
                vec!["Authoritative references and published documents, deduplicated.".to_owned()],
                reference_decls,
            ),
        );
    }

    // Output: the files, then the accounting.
    let mut set = OutputSet::new();
    let mut entity_count: BTreeMap<(String, Option<String>), BTreeMap<String, usize>> =
        BTreeMap::new();
    for (path, (header, decls)) in &files {
        for d in decls {
            let places: BTreeSet<(String, Option<String>)> = d
                .provenance
                .iter()
                .map(|p| (p.file.clone(), p.sheet.clone()))
                .collect();
            for place in places {
                *entity_count
                    .entry(place)
                    .or_default()
                    .entry(d.kind.keyword().to_owned())
                    .or_default() += 1;
            }
        }
        let mut header = header.clone();
        header.push(
            "Generated by `fibf import` from the published FIBF files; see README.md.".to_owned(),
        );
        set.add(path.clone(), write_file(&header, decls));
    }
    for (path, text) in &layout.files {
        set.add(path.clone(), text.clone());
    }
    if let Some(toml) = &workspace_toml {
        set.add("fibf.toml", toml.clone());
    }
    for (place, counts) in &layout.counts {
        let entry = entity_count.entry(place.clone()).or_default();
        for (k, n) in counts {
            *entry.entry(k.clone()).or_default() += n;
        }
    }
    let sheets = sheet_reports(corpus, only, &findings, &entity_count, &files);
    set.add("README.md", readme(&sources, &sheets, &findings, only));
    let mut diagnostics = findings.diagnostics;
    diagnostics.sort_by(|a, b| (&a.path, a.code, &a.message).cmp(&(&b.path, b.code, &b.message)));
    (set, sheets, diagnostics)
}

fn ids_lifecycle(id: &str) -> bool {
    crate::model::ids::is_lifecycle_capability(id)
        || id.split('.').count() >= 3 && area_of_id(id).is_some()
}

fn resolve_refs(lines: &mut [Line], refs: &References) {
    for l in lines {
        for v in &mut l.values {
            if let V::Word(w) = v
                && w.starts_with('\u{0}')
            {
                *w = refs.resolve(w);
            }
        }
        resolve_refs(&mut l.block, refs);
    }
}

/// `Real Property Management` from documentation text that names the area.
fn area_name_in(text: &str) -> Option<String> {
    let t = clean(text);
    let pick = |s: &str| {
        let s = s.trim().trim_matches(|c: char| !c.is_alphanumeric());
        (s.len() >= 4 && s.len() <= 60 && s.chars().next().is_some_and(char::is_uppercase))
            .then(|| s.to_owned())
    };
    if let Some(i) = t.find(" Federal Integrated Business Framework")
        && !t[..i].starts_with("The ")
    {
        return pick(&t[..i]);
    }
    if let Some(rest) = t.strip_prefix("Federal Integrated Business Framework - ") {
        let name = rest.split(" |").next().unwrap_or(rest);
        return pick(name.trim_end_matches(" Standards"));
    }
    for marker in [
        " Business Capabilities workbook",
        " Service Activities and Business Capabilities",
    ] {
        if let Some(i) = t.find(marker)
            && let Some(j) = t[..i].rfind(" the ")
        {
            return pick(&t[j + 5..i]);
        }
    }
    None
}

fn sheet_reports(
    corpus: &Corpus,
    only: Option<Release>,
    findings: &Findings,
    entities: &BTreeMap<(String, Option<String>), BTreeMap<String, usize>>,
    files: &assemble::Files,
) -> Vec<SheetReport> {
    let _ = files;
    let mut out = Vec::new();
    let empty = Vec::new();
    for (t, kind, _, release) in &corpus.tables {
        if only.is_some_and(|o| o != *release) {
            continue;
        }
        let place = (t.file.clone(), t.sheet.clone());
        let skips = findings.skipped.get(&place).unwrap_or(&empty);
        out.push(SheetReport {
            file: t.file.clone(),
            sheet: t.sheet.clone(),
            kind: kind.label().to_owned(),
            release: release.name().to_owned(),
            rows_read: t
                .rows
                .iter()
                .filter(|r| !r.is_blank() && r.at != table::RowAt::Index(usize::MAX))
                .count(),
            entities: entities.get(&place).cloned().unwrap_or_default(),
            skipped: group(skips),
        });
    }
    if only.is_none_or(|o| o == Release::Api) {
        for (file, links) in &corpus.links {
            let place = (file.clone(), None);
            out.push(SheetReport {
                file: file.clone(),
                sheet: None,
                kind: "published document links".to_owned(),
                release: "api".to_owned(),
                rows_read: links.len(),
                entities: entities.get(&place).cloned().unwrap_or_default(),
                skipped: Vec::new(),
            });
        }
        for (file, _) in &corpus.notes {
            let place = (file.clone(), None);
            out.push(SheetReport {
                file: file.clone(),
                sheet: None,
                kind: "note".to_owned(),
                release: "api".to_owned(),
                rows_read: 1,
                entities: BTreeMap::new(),
                skipped: group(findings.skipped.get(&place).unwrap_or(&empty)),
            });
        }
    }
    out.sort_by(|a, b| (&a.file, &a.sheet).cmp(&(&b.file, &b.sheet)));
    out
}

fn readme(
    sources: &BTreeMap<String, Vec<String>>,
    sheets: &[SheetReport],
    findings: &Findings,
    only: Option<Release>,
) -> String {
    let mut out = String::from("# Imported FIBF standards\n\n");
    out.push_str("Generated by `fibf import` from the published FIBF workbooks and Business Standards API exports. Do not edit: re-run the import instead; standards authored in the language belong beside this directory.\n\n");
    match only {
        Some(r) => out.push_str(&format!("This directory holds the **{}** release only.\n\n", r.name())),
        None => out.push_str("Where an area is published both as a workbook and as API JSON (two different releases), one release is imported and the other compared with it; every disagreement is reported by the import.\n\n"),
    }
    out.push_str("## Sources by service area\n\n| area | source |\n| --- | --- |\n");
    for (area, list) in sources {
        let mut seen = BTreeSet::new();
        for s in list {
            if seen.insert(s.clone()) {
                out.push_str(&format!("| {area} | {s} |\n"));
            }
        }
    }
    out.push_str(&format!(
        "\nDefects and disagreements found: {}. Identifiers published with spaces or line breaks around them, trimmed: {}.\n\n## Sheets\n\n",
        findings.diagnostics.len(),
        findings.trimmed.len()
    ));
    out.push_str(&report::markdown(sheets));
    out
}

/// The row name of a provenance, for tests and messages.
pub fn describe_row(p: &ir::Prov) -> String {
    row_name(p)
}
