//! Building the imported standard from the tables read: one function per
//! kind of sheet to collect its rows, then the choice of release per area,
//! the assembly of declarations (the lifecycle first, as capabilities
//! resolve against it), the references, and the output files with their
//! accounting.

use std::collections::{BTreeMap, BTreeSet};

use super::assemble::{Assembler, Records, ScenarioRow, area_of_id};
use super::ir::{self, Decl, Line, V, write_file};
use super::recognize::{self, ActRec, CapRec, Columns, Kind, Release, prov, split_id};
use super::refs::References;
use super::report::{Findings, SheetReport};
use super::table::{self, Table, clean};
use super::{Corpus, Options, area_name_in, layout, readme, sheet_reports};
use crate::diag::{Code, Diagnostic};
use crate::model::EntityKind;
use crate::output::OutputSet;

/// Text found outside the data that later steps look at: documentation
/// cells (for area names) and drop-down values (for typos).
enum DocText {
    /// A cell of a documentation sheet.
    Text(String, ir::Prov),
    /// An activity ID offered in a drop-down list.
    Dropdown(String, ir::Prov),
}

/// The rows of every table in scope, by release.
#[derive(Default)]
struct Collected {
    records: BTreeMap<Release, Records>,
    doc_texts: Vec<DocText>,
}

/// Import one release (`only`) or the preferred release of each area.
pub(super) fn build(
    corpus: &Corpus,
    only: Option<Release>,
    options: Options,
) -> (OutputSet, Vec<SheetReport>, Vec<Diagnostic>) {
    let mut findings = Findings::default();
    let mut refs = References::default();
    let in_scope = |r: Release| only.is_none_or(|o| o == r);
    // Workbooks written by `fibf export` are read back exactly.
    let exported: Vec<(&Table, &Columns)> = corpus
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

    let collected = collect(corpus, &in_scope, &mut findings);
    let empty = Records::default();
    let wb = collected.records.get(&Release::Workbook).unwrap_or(&empty);
    let api = collected.records.get(&Release::Api).unwrap_or(&empty);
    let grouped = group_by_area(wb, api, &mut findings);

    let mut asm = Assembler::new(&mut findings, &mut refs);
    let mut sources: BTreeMap<String, Vec<String>> = BTreeMap::new();
    lifecycle_and_capabilities(&mut asm, &grouped, wb, api, options, &mut sources);
    let links = elements_scenarios_processes(&mut asm, wb, api, &mut sources);
    areas(&mut asm, &grouped, wb, api, &collected.doc_texts);
    dropdown_typos(&mut asm, &collected.doc_texts);
    register_references(&mut asm, wb, api, &links);
    let mut files = std::mem::take(&mut asm.files);
    drop(asm);
    resolve_references(&mut files, &mut refs);

    let mut set = OutputSet::new();
    let mut entity_count = write_files(&files, &mut set);
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

/// The rows of every table in scope, each table by the kind it was
/// recognised as; the header and title rows are accounted as skipped.
fn collect(
    corpus: &Corpus,
    in_scope: &dyn Fn(Release) -> bool,
    findings: &mut Findings,
) -> Collected {
    let mut out = Collected::default();
    for (t, kind, cols, release) in &corpus.tables {
        if !in_scope(*release) {
            continue;
        }
        skip_header_rows(t, kind, cols, findings);
        let rec = out.records.entry(*release).or_default();
        let data = data_rows(t, cols);
        match kind {
            Kind::Capabilities => {
                rec.caps.extend(
                    recognize::capabilities(t, cols, *release)
                        .into_iter()
                        .map(|(_, c)| c),
                );
            }
            Kind::Activities => {
                rec.acts.extend(
                    recognize::activities(t, cols, *release)
                        .into_iter()
                        .map(|(_, a)| a),
                );
            }
            Kind::Areas => read_areas(t, cols, &data, rec, findings),
            Kind::Functions => read_functions(t, cols, &data, rec, findings),
            Kind::DataElements => rec
                .elements
                .extend(recognize::elements(t, cols).into_iter().map(|(_, e)| e)),
            Kind::DataElementsByCapability => {
                let label = cols.find(&["data element label"], &[]);
                let caps = cols.find(&["capability ref"], &[]);
                for row in &data {
                    rec.elements_by_cap.push((
                        row.cell(cols.or_at(label, 2)).trim().to_owned(),
                        row.cell(cols.or_at(caps, 6)).to_owned(),
                        prov(t, row),
                    ));
                }
            }
            Kind::Scenarios => read_scenarios(t, cols, &data, rec, findings),
            Kind::ReferenceList => read_reference_list(t, cols, &data, rec, findings),
            Kind::Totals => skip_all(
                t,
                &data,
                findings,
                "capability counts computed by formulas from the capabilities sheet",
            ),
            Kind::Dropdowns => {
                skip_all(t, &data, findings, "drop-down values for data entry");
                // A drop-down value that names no activity is a typo
                // waiting to spread: it is checked once the lifecycle is.
                for row in &data {
                    for cell in &row.cells {
                        if let (Some(id), _) = split_id(cell)
                            && id.split('.').count() == 3
                        {
                            out.doc_texts
                                .push(DocText::Dropdown(id.to_owned(), prov(t, row)));
                        }
                    }
                }
            }
            Kind::Exported => {}
            Kind::Workspace => skip_all(
                t,
                &data,
                findings,
                "workspace name and version: written to fibf.toml",
            ),
            Kind::Documentation => {
                for row in t.rows.iter().filter(|r| !r.is_blank()) {
                    findings.skip(&prov(t, row), "documentation sheet");
                    for cell in &row.cells {
                        out.doc_texts
                            .push(DocText::Text(cell.clone(), prov(t, row)));
                    }
                }
            }
        }
        for (c, header, why) in recognize::columns_not_imported(t, kind, cols) {
            let place = match &t.sheet {
                Some(sheet) => format!(
                    "{} [{sheet}] column {}",
                    t.file,
                    recognize::column_letter(c)
                ),
                None => format!("{} key \"{header}\"", t.file),
            };
            findings.add_plain(
                Code::W0510,
                place,
                format!("column \"{header}\" holds data that is not imported: {why}"),
            );
        }
    }
    if in_scope(Release::Api) {
        read_api_links(corpus, &mut out);
        for (file, note) in &corpus.notes {
            let p = api_prov(file, "(whole file)".to_owned());
            findings.skip(&p, &format!("\"{}\": nothing published", clean(note)));
        }
    }
    out
}

/// The non-blank rows below a table's header.
fn data_rows<'t>(t: &'t Table, cols: &Columns) -> Vec<&'t table::Row> {
    t.rows
        .iter()
        .skip(cols.header_row + 1)
        .filter(|r| !r.is_blank())
        .collect()
}

/// Header and title rows above it are not data. (A JSON export's header is
/// its keys, not a row.)
fn skip_header_rows(t: &Table, kind: &Kind, cols: &Columns, findings: &mut Findings) {
    for row in t.rows.iter().take(cols.header_row + 1) {
        if !row.is_blank() && *kind != Kind::Documentation && t.sheet.is_some() {
            findings.skip(
                &prov(t, row),
                if std::ptr::eq(row, &raw const t.rows[cols.header_row]) {
                    "header row"
                } else {
                    "title above the header"
                },
            );
        }
    }
}

fn skip_all(t: &Table, rows: &[&table::Row], findings: &mut Findings, reason: &str) {
    for row in rows {
        findings.skip(&prov(t, row), reason);
    }
}

fn read_areas(
    t: &Table,
    cols: &Columns,
    rows: &[&table::Row],
    rec: &mut Records,
    findings: &mut Findings,
) {
    let (id, name) = (
        cols.exact(&["serviceareaid"]),
        cols.exact(&["serviceareaname"]),
    );
    for row in rows {
        let (i, n) = (
            clean(row.cell(cols.or_at(id, 0))),
            clean(row.cell(cols.or_at(name, 1))),
        );
        if i.is_empty() {
            findings.skip(&prov(t, row), "no service area ID");
            continue;
        }
        rec.areas.push((i, n, prov(t, row)));
    }
}

fn read_functions(
    t: &Table,
    cols: &Columns,
    rows: &[&table::Row],
    rec: &mut Records,
    findings: &mut Findings,
) {
    let (a, i, n) = (
        cols.exact(&["serviceareaid"]),
        cols.exact(&["servicefunctionid"]),
        cols.exact(&["servicefunctionname"]),
    );
    for row in rows {
        let id = clean(row.cell(cols.or_at(i, 0)));
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
            .push((area, id, clean(row.cell(cols.or_at(n, 1))), prov(t, row)));
    }
}

/// ERM's business scenarios: phase headings, then events under the
/// capability last named.
fn read_scenarios(
    t: &Table,
    cols: &Columns,
    rows: &[&table::Row],
    rec: &mut Records,
    findings: &mut Findings,
) {
    let c = |w: &str| cols.find(&[w], &[]);
    let (cap, st, num, desc, inp, out) = (
        c("capability id"),
        c("statement"),
        c("event number"),
        c("event description"),
        c("inputs"),
        c("outputs"),
    );
    let get =
        |row: &table::Row, i: Option<usize>| i.map_or(String::new(), |i| row.cell(i).to_owned());
    let (mut phase, mut current_cap, mut current_statement) =
        (String::new(), String::new(), String::new());
    // A phase heading is the one filled cell of its row, in the first column.
    cols.mark(0);
    for row in rows {
        let first = clean(row.cell(0));
        let filled = row.cells.iter().filter(|c| !c.trim().is_empty()).count();
        if filled == 1 && get(row, num).trim().is_empty() {
            first.trim_end_matches(" Phase").clone_into(&mut phase);
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

/// RPM's master reference list.
fn read_reference_list(
    t: &Table,
    cols: &Columns,
    rows: &[&table::Row],
    rec: &mut Records,
    findings: &mut Findings,
) {
    let c = |w: &str| cols.find(&[w], &[]);
    let (num, text, ty) = (c("source"), c("master reference list"), c("source type"));
    for row in rows {
        let txt = clean(row.cell(cols.or_at(text, 4)));
        if txt.is_empty() {
            findings.skip(&prov(t, row), "no reference text");
            continue;
        }
        rec.source_list.push((
            clean(row.cell(cols.or_at(num, 3))),
            txt,
            clean(&ty.map_or(String::new(), |i| row.cell(i).to_owned())),
            prov(t, row),
        ));
    }
}

/// Where something in an API export is: a JSON pointer into its file.
fn api_prov(file: &str, pointer: String) -> ir::Prov {
    ir::Prov {
        file: file.to_owned(),
        sheet: None,
        row: None,
        column: None,
        pointer: Some(pointer),
    }
}

/// The document links of the API exports.
fn read_api_links(corpus: &Corpus, out: &mut Collected) {
    for (file, links) in &corpus.links {
        for (title, url) in links {
            let pointer = format!("/{}", title.replace('~', "~0").replace('/', "~1"));
            out.records.entry(Release::Api).or_default().links.push((
                clean(title),
                url.trim().to_owned(),
                api_prov(file, pointer),
            ));
        }
    }
}

/// Capabilities and activities of both releases, by (area, release).
struct Grouped {
    caps: BTreeMap<(String, Release), Vec<CapRec>>,
    acts: BTreeMap<(String, Release), Vec<ActRec>>,
    /// Every area either names.
    areas: BTreeSet<String>,
}

/// The area a capability row belongs to, from its ID or else from the
/// activity or function it names.
fn capability_area(c: &CapRec) -> Option<String> {
    area_of_id(&c.id)
        .filter(|_| ids_lifecycle(&c.id))
        .or_else(|| split_id(&c.activity).0.and_then(area_of_id))
        .or_else(|| split_id(&c.function).0.and_then(area_of_id))
        .or_else(|| {
            c.activity
                .split_whitespace()
                .find_map(|w| area_of_id(w.trim_end_matches(',')))
        })
}

fn group_by_area(wb: &Records, api: &Records, findings: &mut Findings) -> Grouped {
    // Rows whose area cannot be told join the area of their table.
    let table_key = |c: &CapRec| format!("{}|{:?}", c.prov.file, c.prov.sheet);
    let mut table_area: BTreeMap<String, String> = BTreeMap::new();
    for c in wb.caps.iter().chain(&api.caps) {
        if let Some(a) = capability_area(c) {
            table_area.entry(table_key(c)).or_insert(a);
        }
    }
    let mut caps: BTreeMap<(String, Release), Vec<CapRec>> = BTreeMap::new();
    for c in wb.caps.iter().chain(&api.caps) {
        let area = capability_area(c)
            .or_else(|| table_area.get(&table_key(c)).cloned())
            .unwrap_or_else(|| "UNKNOWN".to_owned());
        caps.entry((area, c.release)).or_default().push(c.clone());
    }
    let mut acts: BTreeMap<(String, Release), Vec<ActRec>> = BTreeMap::new();
    for a in wb.acts.iter().chain(&api.acts) {
        match area_of_id(&a.id) {
            Some(area) => acts.entry((area, a.release)).or_default().push(a.clone()),
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
    let areas = caps
        .keys()
        .chain(acts.keys())
        .map(|(a, _)| a.clone())
        .collect();
    Grouped { caps, acts, areas }
}

/// The release to import and the one to compare it with, given which an
/// area has.
fn choose(options: Options, has_wb: bool, has_api: bool) -> Option<(Release, Option<Release>)> {
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
}

/// Each area's lifecycle and capabilities from its chosen release, the
/// other release compared with it.
fn lifecycle_and_capabilities(
    asm: &mut Assembler<'_>,
    grouped: &Grouped,
    wb: &Records,
    api: &Records,
    options: Options,
    sources: &mut BTreeMap<String, Vec<String>>,
) {
    let mut chosen_caps: BTreeMap<String, Vec<CapRec>> = BTreeMap::new();
    let mut lifecycle_records = Records {
        functions: wb.functions.iter().chain(&api.functions).cloned().collect(),
        ..Records::default()
    };
    let files_of = |provs: &mut dyn Iterator<Item = &ir::Prov>| -> String {
        let files: BTreeSet<&str> = provs.map(|p| p.file.as_str()).collect();
        files.into_iter().collect::<Vec<_>>().join(", ")
    };
    for area in &grouped.areas {
        let k = |r| (area.clone(), r);
        let has = |r| {
            (
                grouped.caps.contains_key(&k(r)),
                grouped.acts.contains_key(&k(r)),
            )
        };
        let ((wb_caps, wb_acts), (api_caps, api_acts)) =
            (has(Release::Workbook), has(Release::Api));
        let caps_choice = choose(options, wb_caps, api_caps);
        let acts_choice = choose(options, wb_acts, api_acts);
        let caps: Vec<CapRec> = caps_choice
            .and_then(|(r, _)| grouped.caps.get(&k(r)).cloned())
            .unwrap_or_default();
        let acts: Vec<ActRec> = acts_choice
            .and_then(|(r, _)| grouped.acts.get(&k(r)).cloned())
            .unwrap_or_default();
        lifecycle_records.acts.clone_from(&acts);
        asm.lifecycle(area, &lifecycle_records, &caps);
        if let Some((chosen, Some(other))) = acts_choice
            && let Some(other_acts) = grouped.acts.get(&k(other))
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
            sources.entry(area.clone()).or_default().push(format!(
                "capabilities: {} ({})",
                files_of(&mut caps.iter().map(|c| &c.prov)),
                chosen.name()
            ));
            if let Some(other) = other
                && let Some(other_caps) = grouped.caps.get(&k(other))
            {
                asm.compare_releases(area, &caps, other_caps);
                for c in other_caps {
                    asm.findings.skip(&c.prov, &format!("{} release of the capabilities: compared with the {} release, not imported", other.name(), chosen.name()));
                }
            }
        }
        if let Some((chosen, _)) = acts_choice {
            sources.entry(area.clone()).or_default().push(format!(
                "lifecycle: {} ({})",
                files_of(&mut acts.iter().map(|a| &a.prov)),
                chosen.name()
            ));
        }
        chosen_caps.insert(area.clone(), caps);
    }
    for (area, caps) in &chosen_caps {
        let fm_kinds = caps.iter().any(|c| matches!(c.kind.trim(), "DI" | "DO"));
        asm.capabilities(area, caps, fm_kinds);
    }
}

/// Data elements, scenarios and processes, which come from workbooks only
/// (the API publishes links to them); returns the document links.
fn elements_scenarios_processes(
    asm: &mut Assembler<'_>,
    wb: &Records,
    api: &Records,
    sources: &mut BTreeMap<String, Vec<String>>,
) -> Vec<(String, String, ir::Prov)> {
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
    links
}

/// The service areas, named from the area lists and, where a file's data
/// is one area's, from its documentation sheets; leads from the data
/// element sheets.
fn areas(
    asm: &mut Assembler<'_>,
    grouped: &Grouped,
    wb: &Records,
    api: &Records,
    doc_texts: &[DocText],
) {
    let leads: BTreeMap<String, String> = wb
        .elements
        .iter()
        .chain(&api.elements)
        .filter(|e| !e.lead.is_empty() && e.area.len() == 3)
        .map(|e| (e.area.clone(), e.lead.clone()))
        .collect();
    let mut file_area: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ((area, _), caps) in &grouped.caps {
        for c in caps {
            file_area
                .entry(c.prov.file.clone())
                .or_default()
                .insert(area.clone());
        }
    }
    // A lifecycle workbook of one area names it as well.
    for ((area, _), acts) in &grouped.acts {
        for a in acts {
            file_area
                .entry(a.prov.file.clone())
                .or_default()
                .insert(area.clone());
        }
    }
    let mut area_records = Records {
        areas: wb.areas.iter().chain(&api.areas).cloned().collect(),
        ..Records::default()
    };
    for text in doc_texts {
        if let DocText::Text(text, p) = text
            && let Some(areas) = file_area.get(&p.file)
            && areas.len() == 1
            && let Some(name) = area_name_in(text, areas.iter().next().expect("one area"))
        {
            let area = areas.iter().next().expect("one area").clone();
            if !area_records.area_names.iter().any(|(a, _, _)| *a == area) {
                area_records.area_names.push((area, name, p.clone()));
            }
        }
    }
    asm.areas(&area_records, &grouped.areas, &leads);
}

/// Drop-down values that name no activity of the imported lifecycle.
fn dropdown_typos(asm: &mut Assembler<'_>, doc_texts: &[DocText]) {
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
    for text in doc_texts {
        if let DocText::Dropdown(id, p) = text
            && !known_activities.contains(id)
        {
            asm.findings.add(
                Code::W0504,
                p,
                format!("drop-down value {id} names no activity of the lifecycle (a typo?)"),
            );
        }
    }
}

/// References: the master list, then the published documents; the
/// citations were gathered while assembling.
fn register_references(
    asm: &mut Assembler<'_>,
    wb: &Records,
    api: &Records,
    links: &[(String, String, ir::Prov)],
) {
    for (num, text, ty, p) in wb.source_list.iter().chain(&api.source_list) {
        let description = format!(
            "{} source no. {} of the RPM master reference list",
            if ty.is_empty() { "A" } else { ty },
            num.trim_start_matches('-')
        );
        asm.refs.register_with(text, p, None, Some(&description));
    }
    for (title, url, p) in links {
        asm.refs.register_with(
            title,
            p,
            Some(url),
            Some("A document published with the standard."),
        );
    }
}

/// Give every reference its ID, now that all are known, and write the IDs
/// into the declarations that cite them; the references get a file.
fn resolve_references(files: &mut super::assemble::Files, refs: &mut References) {
    refs.assign();
    for (_, decls) in files.values_mut() {
        for d in decls.iter_mut() {
            resolve_refs(&mut d.lines, refs);
        }
    }
    let reference_decls: Vec<Decl> = refs.decls();
    if !reference_decls.is_empty() {
        files.insert(
            "references.fibf".to_owned(),
            (
                vec!["Authoritative references and published documents, deduplicated.".to_owned()],
                reference_decls,
            ),
        );
    }
}

/// The imported files, written into `set`; returns how many entities of
/// each kind came from each (file, sheet).
fn write_files(
    files: &super::assemble::Files,
    set: &mut OutputSet,
) -> BTreeMap<(String, Option<String>), BTreeMap<String, usize>> {
    let mut entity_count: BTreeMap<(String, Option<String>), BTreeMap<String, usize>> =
        BTreeMap::new();
    for (path, (header, decls)) in files {
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
    entity_count
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
