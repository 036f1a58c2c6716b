//! `fibf export`: a standard back to FIBF workbooks (or CSV files) for the
//! people who review standards in Excel.
//!
//! One workbook per service area, plus `common.xlsx` for what belongs to no
//! area (the area list, processes, records, profiles, references cited by no
//! area). Each sheet has the columns of the published FIBF workbooks
//! (Capability ID, Business Capability Statement, ...), which are read back
//! by `fibf import`, and two more: `fibf: attributes` (the `@allow` and
//! `@defect` lines) and `fibf: fields`, the entity's remaining fields written
//! in the language, so nothing is lost: importing an exported standard gives
//! the same model back.
//!
//! Text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@` at
//! the start) is written so that none evaluates it: as a string with Excel's
//! quote prefix in workbooks, behind a `'` in CSV files.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::model::{EntityKind, EntityRef, KindInfo, Model};
use crate::output::OutputSet;
use crate::source::{FileId, SourceMap};
use crate::syntax::{self, ast};

/// Column keys that are the declaration itself, not a field.
pub use crate::model::kinds::column::{ID, NAME, SHOWN, WORD};

/// The extra columns every sheet has.
pub const ATTRIBUTES: &str = "fibf: attributes";
/// The column with the entity's remaining fields, in the language.
pub const FIELDS: &str = "fibf: fields";

/// The order of the sheets in a workbook, the lifecycle first as in the
/// published workbooks. Each kind's sheet (name and columns) is in its
/// descriptor ([`crate::model::KindInfo::sheet`]).
pub const SHEET_ORDER: [EntityKind; 11] = [
    EntityKind::Area,
    EntityKind::Function,
    EntityKind::Activity,
    EntityKind::Capability,
    EntityKind::Element,
    EntityKind::UseCase,
    EntityKind::Metric,
    EntityKind::Reference,
    EntityKind::Process,
    EntityKind::Record,
    EntityKind::Profile,
];

/// The descriptors of the kinds, in the order of their sheets.
pub fn sheets() -> impl Iterator<Item = &'static KindInfo> {
    SHEET_ORDER.into_iter().map(EntityKind::info)
}

/// The sheet that holds the workspace name and version.
pub const WORKSPACE_SHEET: &str = "Workspace";

/// One entity as written: its columns' text and the two fibf columns.
struct Row {
    cells: Vec<String>,
    attributes: String,
    fields: String,
}

/// The source of one declaration: its attributes and field lines.
struct DeclSource {
    attributes: Vec<String>,
    /// (key, decoded values, the field's full text)
    fields: Vec<(String, Vec<String>, String)>,
    word: Option<String>,
}

/// Read each declaration's fields back from the source files, keyed by
/// (file, start of the declaration).
fn sources_of(sources: &SourceMap) -> HashMap<(FileId, u32), DeclSource> {
    let mut out = HashMap::new();
    for (id, file) in sources.iter() {
        let Ok(parsed) = syntax::parse(id, &file.text) else {
            continue;
        };
        for item in &parsed.items {
            let text = &file.text;
            let word = (item.key.text == "capability")
                .then(|| {
                    item.values
                        .iter()
                        .skip(1)
                        .find(|v| v.kind == ast::ValueKind::Word)
                        .map(|v| v.text.to_string())
                })
                .flatten();
            let fields = item
                .block
                .iter()
                .flat_map(|b| &b.items)
                .map(|f| {
                    (
                        f.key.text.to_owned(),
                        f.values.iter().map(|v| v.text.to_string()).collect(),
                        text[f.span.range()].to_owned(),
                    )
                })
                .collect();
            out.insert(
                (id, item.span.start),
                DeclSource {
                    attributes: item
                        .attributes
                        .iter()
                        .map(|a| text[a.span.range()].to_owned())
                        .collect(),
                    fields,
                    word,
                },
            );
        }
    }
    out
}

/// The service area an entity belongs to, if any.
fn area_of(model: &Model, r: EntityRef) -> Option<u32> {
    let area_of_activity = |a: Option<EntityRef>| -> Option<u32> {
        let a = a?;
        let f = model.activities.get(a.index as usize)?.function.target?;
        model
            .functions
            .get(f.index as usize)?
            .area
            .target
            .map(|t| t.index)
    };
    let i = r.index as usize;
    match r.kind {
        EntityKind::Area => Some(r.index),
        EntityKind::Function => model.functions[i].area.target.map(|t| t.index),
        EntityKind::Activity => area_of_activity(Some(r)),
        EntityKind::Capability => {
            let c = &model.capabilities[i];
            match c.activity.target {
                Some(t) if t.kind == EntityKind::Activity => area_of_activity(Some(t)),
                Some(t) if t.kind == EntityKind::Function => model.functions[t.index as usize]
                    .area
                    .target
                    .map(|x| x.index),
                _ => None,
            }
        }
        EntityKind::Metric => {
            area_of_activity(model.metrics[i].activity.as_ref().and_then(|a| a.target))
        }
        EntityKind::Element => {
            let e = &model.elements[i];
            e.activities
                .iter()
                .find_map(|a| area_of_activity(a.target))
                .or_else(|| {
                    e.capabilities
                        .iter()
                        .find_map(|c| c.target.and_then(|t| area_of(model, t)))
                })
        }
        EntityKind::UseCase => model.use_cases[i]
            .events
            .iter()
            .find_map(|e| area_of_activity(e.activity.as_ref().and_then(|a| a.target))),
        // Cross-cutting: they go to `common.xlsx`.
        EntityKind::Process | EntityKind::Record | EntityKind::Reference | EntityKind::Profile => {
            None
        }
    }
}

/// The workbook (by name) each entity goes to, and the references each
/// area's entities cite.
fn placement(
    model: &Model,
) -> (
    BTreeMap<String, Vec<EntityRef>>,
    BTreeMap<String, BTreeSet<u32>>,
) {
    let mut books: BTreeMap<String, Vec<EntityRef>> = BTreeMap::new();
    let mut cited: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let book = |area: Option<u32>| -> String {
        area.map_or_else(
            || "common".to_owned(),
            |a| model.areas[a as usize].meta.id().to_lowercase(),
        )
    };
    for r in model.all_refs() {
        // Areas are listed together, like the published service area lists.
        let name = if matches!(r.kind, EntityKind::Area | EntityKind::Reference) {
            "common".to_owned()
        } else {
            book(area_of(model, r))
        };
        books.entry(name).or_default().push(r);
    }
    model.for_each_ref(|owner, r| {
        if let Some(t) = r.target
            && t.kind == EntityKind::Reference
        {
            cited
                .entry(book(area_of(model, owner)))
                .or_default()
                .insert(t.index);
        }
    });
    (books, cited)
}

fn display_refs(model: &Model, refs: &[crate::model::Ref]) -> String {
    refs.iter()
        .map(|r| match r.target {
            Some(t) => {
                let m = model.meta(t);
                m.name()
                    .map_or_else(|| r.id.clone(), |n| format!("{n} ({})", r.id))
            }
            None => r.id.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn row_for(model: &Model, r: EntityRef, spec: &KindInfo, src: Option<&DeclSource>) -> Row {
    let meta = model.meta(r);
    let covered: BTreeSet<&str> = spec.sheet.columns.iter().map(|(_, k)| *k).collect();
    let value_of = |key: &str| -> String {
        src.and_then(|s| s.fields.iter().find(|(k, _, _)| k == key))
            .map(|(_, values, _)| values.join(" "))
            .unwrap_or_default()
    };
    let cells = spec
        .sheet
        .columns
        .iter()
        .map(|(header, key)| match *key {
            k if k == ID => meta.id().to_owned(),
            k if k == NAME => meta.name().unwrap_or("").to_owned(),
            k if k == WORD => src
                .and_then(|s| s.word.clone())
                .map_or_else(String::new, |w| kind_letters(&w)),
            k if k == SHOWN => shown(model, r, header),
            key => value_of(key),
        })
        .collect();
    let fields = src
        .map(|s| {
            s.fields
                .iter()
                .filter(|(k, _, _)| !covered.contains(k.as_str()))
                .map(|(_, _, text)| text.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    Row {
        cells,
        attributes: src.map(|s| s.attributes.join("\n")).unwrap_or_default(),
        fields,
    }
}

/// The letters of the published I/P/O column for a capability kind word.
pub fn kind_letters(word: &str) -> String {
    match word {
        "input" => "I",
        "output" => "O",
        "process" => "P",
        "data-input" => "DI",
        "data-output" => "DO",
        other => other,
    }
    .to_owned()
}

/// The kind word for the letters of the published I/P/O column.
pub fn kind_word(letters: &str) -> Option<&'static str> {
    Some(match letters.trim() {
        "I" => "input",
        "O" => "output",
        "P" => "process",
        "DI" => "data-input",
        "DO" => "data-output",
        _ => return None,
    })
}

/// Columns shown for readers: names of what IDs point to.
fn shown(model: &Model, r: EntityRef, header: &str) -> String {
    let i = r.index as usize;
    match (r.kind, header) {
        (EntityKind::Capability, "Function ID and Name") => {
            let c = &model.capabilities[i];
            let f = match c.activity.target {
                Some(t) if t.kind == EntityKind::Activity => {
                    model.activities[t.index as usize].function.target
                }
                Some(t) if t.kind == EntityKind::Function => Some(t),
                _ => None,
            };
            f.map(|f| {
                let m = model.meta(f);
                format!("{} {}", m.id(), m.name().unwrap_or(""))
            })
            .unwrap_or_default()
        }
        (EntityKind::Capability, _) => display_refs(model, &model.capabilities[i].references),
        (EntityKind::Element, "Service Activity") => model.elements[i]
            .activities
            .iter()
            .map(|a| match a.target {
                Some(t) => format!("{}: {}", a.id, model.meta(t).name().unwrap_or("")),
                None => a.id.clone(),
            })
            .collect::<Vec<_>>()
            .join(";\n"),
        (EntityKind::Element, "Business Capability Reference") => model.elements[i]
            .capabilities
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
            .join(";\n"),
        (EntityKind::Element, _) => display_refs(model, &model.elements[i].references),
        _ => String::new(),
    }
}

/// A cell that a spreadsheet could evaluate as a formula.
pub fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// All sheets of all workbooks: book → [(sheet, header, rows)].
type Books = BTreeMap<String, Vec<(String, Vec<String>, Vec<Vec<String>>)>>;

fn books(model: &Model, sources: &SourceMap) -> Books {
    let decls = sources_of(sources);
    let (placed, cited) = placement(model);
    let mut out: Books = BTreeMap::new();
    for (book, refs) in &placed {
        for spec in sheets() {
            let mut rows: Vec<Vec<String>> = Vec::new();
            for r in refs.iter().filter(|r| r.kind == spec.kind) {
                let meta = model.meta(*r);
                let row = row_for(
                    model,
                    *r,
                    spec,
                    decls.get(&(meta.span.file, meta.span.start)),
                );
                let mut cells = row.cells;
                cells.push(row.attributes);
                cells.push(row.fields);
                rows.push(cells);
            }
            if rows.is_empty() {
                continue;
            }
            rows.sort_by(|a, b| a[id_column(spec)].cmp(&b[id_column(spec)]));
            let mut header: Vec<String> = spec
                .sheet
                .columns
                .iter()
                .map(|(h, _)| (*h).to_owned())
                .collect();
            header.push(ATTRIBUTES.to_owned());
            header.push(FIELDS.to_owned());
            out.entry(book.clone())
                .or_default()
                .push((spec.sheet.name.to_owned(), header, rows));
        }
    }
    // Each area's book also lists the references its entities cite, for
    // readers; they are defined in common.xlsx, and this copy is not read
    // back.
    for (book, indices) in &cited {
        if book == "common" {
            continue;
        }
        let header = vec![
            "Reference ID".to_owned(),
            "Title".to_owned(),
            "Citation".to_owned(),
            "URL".to_owned(),
        ];
        let mut rows: Vec<Vec<String>> = indices
            .iter()
            .map(|&i| {
                let r = &model.references[i as usize];
                vec![
                    r.meta.id().to_owned(),
                    r.meta.name().unwrap_or("").to_owned(),
                    r.citation
                        .as_ref()
                        .map_or(String::new(), |c| c.value.clone()),
                    r.url.as_ref().map_or(String::new(), |u| u.value.clone()),
                ]
            })
            .collect();
        rows.sort();
        out.entry(book.clone())
            .or_default()
            .push(("References Cited".to_owned(), header, rows));
    }
    let ws = &model.workspace;
    out.entry("common".to_owned()).or_default().insert(
        0,
        (
            WORKSPACE_SHEET.to_owned(),
            vec!["Name".to_owned(), "Version".to_owned()],
            vec![vec![
                ws.name.clone().unwrap_or_default(),
                ws.version.clone().unwrap_or_default(),
            ]],
        ),
    );
    out
}

fn id_column(spec: &KindInfo) -> usize {
    spec.sheet
        .columns
        .iter()
        .position(|(_, k)| *k == ID)
        .unwrap_or(0)
}

/// The exported workbooks, one per area plus `common.xlsx`.
pub fn xlsx(model: &Model, sources: &SourceMap) -> Result<OutputSet, WorkbookError> {
    let mut set = OutputSet::new();
    for (book, sheets) in books(model, sources) {
        let mut wb = Workbook::new();
        // A fixed creation date, so the same standard gives the same bytes.
        let created = ExcelDateTime::from_ymd(2020, 1, 1).map_err(WorkbookError::from)?;
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let bold = Format::new().set_bold();
        let wrap = Format::new().set_text_wrap();
        let quoted = Format::new().set_text_wrap().set_quote_prefix();
        for (name, header, rows) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&name).map_err(WorkbookError::from)?;
            for (c, h) in header.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, h, &bold)
                    .map_err(WorkbookError::from)?;
                let width = if h.starts_with("fibf:")
                    || h.contains("Statement")
                    || h.contains("Definition")
                    || h.contains("Description")
                {
                    60
                } else {
                    20
                };
                ws.set_column_width(c as u16, width)
                    .map_err(WorkbookError::from)?;
            }
            ws.set_freeze_panes(1, 0).map_err(WorkbookError::from)?;
            for (r, row) in rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    let format = if is_formula_like(cell) {
                        &quoted
                    } else {
                        &wrap
                    };
                    ws.write_string_with_format(r as u32 + 1, c as u16, cell, format)
                        .map_err(WorkbookError::from)?;
                }
            }
        }
        set.add(
            format!("{book}.xlsx"),
            wb.save_to_buffer().map_err(WorkbookError::from)?,
        );
    }
    Ok(set)
}

/// `Business Capabilities` → `business-capabilities`.
fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The exported sheets as CSV files: `BOOK/SHEET.csv`.
pub fn csv(model: &Model, sources: &SourceMap) -> Result<OutputSet, WorkbookError> {
    let mut set = OutputSet::new();
    for (book, sheets) in books(model, sources) {
        for (name, header, rows) in sheets {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(&header).map_err(WorkbookError::from)?;
            for row in rows {
                let safe: Vec<String> = row
                    .into_iter()
                    .map(|c| {
                        if is_formula_like(&c) {
                            format!("'{c}")
                        } else {
                            c
                        }
                    })
                    .collect();
                w.write_record(&safe).map_err(WorkbookError::from)?;
            }
            let bytes = w.into_inner().map_err(WorkbookError::from)?;
            set.add(format!("{book}/{}.csv", slug(&name)), bytes);
        }
    }
    Ok(set)
}

/// Why a workbook or CSV file could not be made (an error of the writer
/// libraries, not of the standard).
#[derive(Debug)]
pub enum WorkbookError {
    /// From the workbook writer.
    Xlsx(rust_xlsxwriter::XlsxError),
    /// From the CSV writer.
    Csv(String),
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkbookError::Xlsx(e) => write!(f, "{e}"),
            WorkbookError::Csv(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for WorkbookError {}

impl From<rust_xlsxwriter::XlsxError> for WorkbookError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        WorkbookError::Xlsx(e)
    }
}

impl From<csv::Error> for WorkbookError {
    fn from(e: csv::Error) -> Self {
        WorkbookError::Csv(e.to_string())
    }
}

impl<W> From<csv::IntoInnerError<W>> for WorkbookError {
    fn from(e: csv::IntoInnerError<W>) -> Self {
        WorkbookError::Csv(e.error().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells() {
        for s in ["=SUM(A1)", "+1", "-2", "@x", "\tx"] {
            assert!(is_formula_like(s), "{s}");
        }
        assert!(!is_formula_like("GRM.010"));
        assert_eq!(slug("Business Capabilities"), "business-capabilities");
        assert_eq!(slug("(I)input"), "i-input");
    }

    #[test]
    fn kinds_round_trip() {
        for w in ["input", "output", "process", "data-input", "data-output"] {
            assert_eq!(kind_word(&kind_letters(w)), Some(w));
        }
    }
}
