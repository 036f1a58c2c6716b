//! Recognizing what a table holds from its header, whatever the area and
//! release call the columns, and reading its rows into records.
//!
//! Headers differ per area and release (extra spaces, line breaks, `(I)input
//! (P)process (O)output` versus `(DI) Data Input/(DO) Data Output/(P)
//! Process Distinction`, `Activity  Name`), so columns are found by the words
//! in them, not by position or exact text.

use std::collections::BTreeSet;

use super::ir::Prov;
use super::table::{Row, RowAt, Table, clean, html_text, norm_header};

/// Which published release a record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Release {
    /// The published workbooks.
    Workbook,
    /// The Business Standards API's JSON exports.
    Api,
}

impl Release {
    /// The release as options and reports name it.
    pub fn name(self) -> &'static str {
        match self {
            Release::Workbook => "workbook",
            Release::Api => "api",
        }
    }
}

/// What a table is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Capabilities,
    Activities,
    Areas,
    Functions,
    DataElements,
    /// FM's second data element sheet: the same elements, one row per
    /// capability reference.
    DataElementsByCapability,
    Scenarios,
    ReferenceList,
    /// Counts computed by formulas from another sheet.
    Totals,
    /// Values for data-entry drop-downs.
    Dropdowns,
    /// Cover, legend, instructions, glossary, change log, ...
    Documentation,
    /// A sheet of a workbook written by `fibf export`.
    Exported,
    /// The workspace name and version of an exported workbook.
    Workspace,
}

impl Kind {
    pub fn label(&self) -> &'static str {
        match self {
            Kind::Capabilities => "business capabilities",
            Kind::Activities => "service activities",
            Kind::Areas => "service areas",
            Kind::Functions => "service functions",
            Kind::DataElements => "standard data elements",
            Kind::DataElementsByCapability => "standard data elements by capability",
            Kind::Scenarios => "business scenarios",
            Kind::ReferenceList => "authoritative source list",
            Kind::Totals => "capability totals",
            Kind::Dropdowns => "drop-down lists",
            Kind::Documentation => "documentation",
            Kind::Exported => "exported by fibf",
            Kind::Workspace => "workspace (exported by fibf)",
        }
    }
}

/// Columns of a data table that hold data below the header and that its
/// reader took nothing from: each with its header and why. Empty for the
/// kinds of table that are not read for entities (documentation, totals,
/// drop-downs, exported sheets).
pub fn columns_not_imported(
    table: &Table,
    kind: &Kind,
    cols: &Columns,
) -> Vec<(usize, String, String)> {
    let data_kind = matches!(
        kind,
        Kind::Capabilities
            | Kind::Activities
            | Kind::Areas
            | Kind::Functions
            | Kind::DataElements
            | Kind::DataElementsByCapability
            | Kind::Scenarios
            | Kind::ReferenceList
    );
    if !data_kind || cols.header_row >= table.rows.len() {
        return Vec::new();
    }
    let used = cols.used();
    let header = &table.rows[cols.header_row];
    let rows = &table.rows[cols.header_row + 1..];
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    (0..width)
        .filter(|c| !used.contains(c))
        .filter(|&c| rows.iter().any(|r| !r.cell(c).trim().is_empty()))
        .map(|c| {
            let name = clean(header.cell(c));
            let why = if norm_header(&name).contains("managing partner") {
                "read only as the service area's lead, one value per area: the values of each row are not imported"
            } else if matches!(kind, Kind::DataElementsByCapability) {
                "the sheet repeats the main data-element sheet, of which only the labels and capability references are compared"
            } else {
                "no field of the entity it describes takes it"
            };
            (c, name, why.to_owned())
        })
        .collect()
}

/// The columns found in a header row, and which of them the table's reader
/// took data from (for the accounting of columns not imported).
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub header_row: usize,
    pub names: Vec<String>,
    used: std::sync::Arc<std::sync::Mutex<BTreeSet<usize>>>,
}

impl Columns {
    fn new(header_row: usize, names: Vec<String>) -> Self {
        Columns {
            header_row,
            names,
            used: std::sync::Arc::default(),
        }
    }

    /// The first column whose header contains all of `words` and none of
    /// `not`, marked as read.
    pub fn find(&self, words: &[&str], not: &[&str]) -> Option<usize> {
        let found = self.peek(words, not);
        found.inspect(|&c| self.mark(c))
    }

    /// [`find`](Self::find) without marking the column as read: for a
    /// column looked at but not imported for each row.
    pub fn peek(&self, words: &[&str], not: &[&str]) -> Option<usize> {
        self.names
            .iter()
            .position(|h| words.iter().all(|w| h.contains(w)) && !not.iter().any(|w| h.contains(w)))
    }

    /// The first column whose header is exactly one of `names`, marked as
    /// read.
    pub fn exact(&self, names: &[&str]) -> Option<usize> {
        let found = self.names.iter().position(|h| names.contains(&h.as_str()));
        found.inspect(|&c| self.mark(c))
    }

    /// `found`, else the column where the published layout has it; marked.
    pub fn or_at(&self, found: Option<usize>, usual: usize) -> usize {
        let c = found.unwrap_or(usual);
        self.mark(c);
        c
    }

    /// Note that data is read from column `c`.
    pub fn mark(&self, c: usize) {
        self.used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(c);
    }

    /// The columns data was read from.
    pub fn used(&self) -> BTreeSet<usize> {
        self.used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// A header as the recognizers read it: normalized, and with the words
/// other workbooks use for the same thing replaced by the ones the
/// recognizers look for (`Activity Title` is an activity's name, `Activity
/// Summary` its description, `Capability Number` its ID).
fn header_of(row: &Row) -> Vec<String> {
    row.cells
        .iter()
        .map(|c| {
            let h = norm_header(c);
            let words: Vec<&str> = h
                .split(' ')
                .map(|w| match w {
                    "title" => "name",
                    "summary" | "explanation" | "narrative" => "description",
                    w => w,
                })
                .collect();
            let h = words.join(" ");
            match h.as_str() {
                "capability number"
                | "capability no."
                | "capability #"
                | "capability identifier" => "capability id".to_owned(),
                "activity number" | "activity no." | "activity #" | "activity code" => {
                    "activity id".to_owned()
                }
                _ => h,
            }
        })
        .collect()
}

/// Recognize a table by the first header row (within the first rows) that
/// says what it holds.
pub fn classify(table: &Table) -> (Kind, Columns) {
    let doc_sheet = table.sheet.as_deref().map(norm_header).unwrap_or_default();
    // Sheets whose name says they explain the workbook are documentation,
    // whatever words their text contains.
    const DOCUMENTATION: &[&str] = &[
        "cover",
        "overview",
        "legend",
        "instruction",
        "guideline",
        "abstract",
        "glossary",
        "introduction",
        "change log",
        "definition",
        "final items",
        "esri",
    ];
    if let Some(first) = table.rows.first() {
        let names = header_of(first);
        let cols = Columns::new(0, names.clone());
        if names.iter().any(|h| h == "fibf: fields") {
            return (Kind::Exported, cols);
        }
        if doc_sheet == "workspace" && names.starts_with(&["name".to_owned(), "version".to_owned()])
        {
            return (Kind::Workspace, cols);
        }
    }
    if DOCUMENTATION.iter().any(|d| doc_sheet.contains(d)) {
        return (Kind::Documentation, Columns::default());
    }
    for (i, row) in table.rows.iter().enumerate().take(8) {
        // A header is a row of short labels, not a paragraph that happens
        // to mention a column.
        if row.cells.iter().any(|c| c.len() > 100) {
            continue;
        }
        let names = header_of(row);
        let cols = Columns::new(i, names.clone());
        let has = |w: &str| names.iter().any(|h| h.contains(w));
        let kind = if has("data element label") {
            if doc_sheet.contains("capability ref") {
                Kind::DataElementsByCapability
            } else {
                Kind::DataElements
            }
        } else if has("event number") {
            Kind::Scenarios
        } else if has("capability id") || has("capability statement") {
            // A statement column is enough: the IDs are found by content.
            Kind::Capabilities
        } else if has("master reference list") {
            Kind::ReferenceList
        } else if names.iter().any(|h| h == "serviceareaid")
            && names.iter().any(|h| h == "serviceareaname")
        {
            Kind::Areas
        } else if names.iter().any(|h| h == "servicefunctionid")
            && names.iter().any(|h| h == "servicefunctionname")
        {
            Kind::Functions
        } else if doc_sheet.contains("drop")
            || has("list") && names.iter().any(|h| h.ends_with("list"))
        {
            Kind::Dropdowns
        } else if has("activit")
            && (has("description")
                || has("definition")
                || has("identifier")
                || names.iter().any(|h| h == "id"))
        {
            Kind::Activities
        } else if has("inputs") && has("outputs") && has("total") {
            Kind::Totals
        } else {
            continue;
        };
        return (kind, cols);
    }
    (Kind::Documentation, Columns::default())
}

/// The provenance of a row.
pub fn prov(table: &Table, row: &Row) -> Prov {
    match row.at {
        RowAt::Sheet(n) => Prov {
            file: table.file.clone(),
            sheet: table.sheet.clone(),
            row: Some(n),
            column: None,
            pointer: None,
        },
        RowAt::Index(i) => Prov {
            file: table.file.clone(),
            sheet: None,
            row: None,
            column: None,
            pointer: Some(format!("/{i}")),
        },
    }
}

/// A capability row.
#[derive(Clone, Debug)]
pub struct CapRec {
    pub id: String,
    /// The ID as published, when it differed only by spaces or line breaks.
    pub raw_id: String,
    pub function: String,
    pub activity: String,
    pub kind: String,
    pub statement: String,
    pub references: String,
    pub other: String,
    pub prov: Prov,
    pub release: Release,
    /// Which column held what, for messages (`C`, `"Capability ID"`).
    pub id_column: String,
    pub activity_column: String,
    pub statement_column: String,
}

/// Letters for a 0-based column index, as spreadsheets name columns.
pub fn column_letter(mut col: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s
}

/// How a column is named in messages: a letter for sheets, the key for JSON.
pub fn column_name(table: &Table, cols: &Columns, col: Option<usize>) -> String {
    match (col, &table.sheet) {
        (Some(c), Some(_)) => column_letter(c),
        (Some(c), None) => format!("\"{}\"", table.rows[cols.header_row].cell(c)),
        (None, _) => "?".to_owned(),
    }
}

pub fn capabilities(table: &Table, cols: &Columns, release: Release) -> Vec<(usize, CapRec)> {
    // By content when no header says it: the column of capability IDs
    // (four parts or more: `GRM.010.010.011`, `FFMSR.1.1.3.4`).
    let id = cols
        .find(&["capability id"], &[])
        .or_else(|| id_column(table, cols, 4..=6).inspect(|&c| cols.mark(c)));
    let function = cols.find(&["function"], &["activity"]);
    let activity = cols.find(&["activit"], &[]);
    let kind = cols
        .find(&["(i)"], &[])
        .or_else(|| cols.find(&["(di)"], &[]))
        .or_else(|| cols.find(&["input", "output"], &["statement"]));
    let statement = cols.find(&["statement"], &[]);
    let references = cols.find(&["authoritative reference"], &[]);
    let other = cols.find(&["other source"], &[]);
    let id_column = column_name(table, cols, id);
    let activity_column = column_name(table, cols, activity);
    let statement_column = column_name(table, cols, statement);
    let get = |row: &Row, c: Option<usize>| c.map_or(String::new(), |c| row.cell(c).to_owned());
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate().skip(cols.header_row + 1) {
        if row.is_blank() {
            continue;
        }
        let raw_id = get(row, id);
        out.push((
            i,
            CapRec {
                id: raw_id.split_whitespace().collect::<String>(),
                raw_id,
                function: clean(&get(row, function)),
                activity: clean(&get(row, activity)),
                kind: clean(&get(row, kind)),
                statement: html_text(&get(row, statement)),
                references: get(row, references),
                other: get(row, other),
                prov: prov(table, row),
                release,
                id_column: id_column.clone(),
                activity_column: activity_column.clone(),
                statement_column: statement_column.clone(),
            },
        ));
    }
    out
}

/// A service activity row.
#[derive(Clone, Debug)]
pub struct ActRec {
    pub id: String,
    pub name: String,
    /// `GRM.010 Grant Program Administration`, or just an ID, or empty.
    pub function: String,
    pub description: String,
    pub measures: String,
    pub legacy: Option<String>,
    pub prov: Prov,
    pub release: Release,
}

/// Split `GRM.010.010 Name` / `GRM.010.010 - Name` / `GRM.010.010: Name` into
/// the leading ID and the rest.
pub fn split_id(s: &str) -> (Option<&str>, &str) {
    let s = s.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(s.len());
    let head = s[..end].trim_end_matches('.');
    let looks_like_id = head.contains('.')
        && head
            .split('.')
            .next()
            .is_some_and(|p| p.len() >= 2 && p.bytes().all(|b| b.is_ascii_uppercase()))
        && head
            .split('.')
            .skip(1)
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !looks_like_id {
        return (None, s);
    }
    let rest =
        s[end..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | ':' | '–'));
    (Some(&s[..end]), rest.trim())
}

/// The column most of whose filled cells under the header start with an ID
/// of so many parts (`ACQ.010.010` has three), when there is one.
fn id_column(
    table: &Table,
    cols: &Columns,
    parts: std::ops::RangeInclusive<usize>,
) -> Option<usize> {
    let rows = &table.rows[(cols.header_row + 1).min(table.rows.len())..];
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    (0..width).find(|&c| {
        let filled: Vec<&str> = rows
            .iter()
            .map(|r| r.cell(c).trim())
            .filter(|t| !t.is_empty())
            .collect();
        let ids = filled
            .iter()
            .filter(|t| {
                split_id(t)
                    .0
                    .is_some_and(|id| parts.contains(&id.split('.').count()))
            })
            .count();
        !filled.is_empty() && ids * 5 >= filled.len() * 4
    })
}

pub fn activities(table: &Table, cols: &Columns, release: Release) -> Vec<(usize, ActRec)> {
    let function = cols.find(&["function"], &[]);
    let id = cols
        .find(&["activity", "id"], &["name", "definition", "description"])
        .or_else(|| cols.exact(&["id", "identifier", "serviceactivityid"]))
        .or_else(|| cols.find(&["activity id and name"], &[]));
    // By content when no header says it: the column whose cells are
    // activity IDs (`ACQ.010.010`, three parts).
    let id = id.or_else(|| id_column(table, cols, 3..=3).inspect(|&c| cols.mark(c)));
    let function = function.filter(|f| Some(*f) != id);
    let name = cols
        .find(&["activity name"], &["id and name"])
        .or_else(|| cols.exact(&["activity", "activities", "serviceactivityname"]));
    let description = cols
        .find(&["description"], &[])
        .or_else(|| cols.find(&["definition"], &[]));
    let measures = cols.find(&["measure"], &[]);
    let get = |row: &Row, c: Option<usize>| c.map_or(String::new(), |c| row.cell(c).to_owned());
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate().skip(cols.header_row + 1) {
        if row.is_blank() {
            continue;
        }
        let id_cell = clean(&get(row, id));
        // `HCM.130.010 (A5.1.S1)`: a legacy code after the ID.
        let (id_part, legacy) = match id_cell.split_once('(') {
            Some((a, b)) if b.ends_with(')') => (
                a.trim().to_owned(),
                Some(b.trim_end_matches(')').trim().to_owned()),
            ),
            _ => (id_cell.clone(), None),
        };
        // RPM publishes `RPM.010.010 Name` in one cell.
        let (id_only, name_from_id) = match split_id(&id_part) {
            (Some(id), rest) => (id.to_owned(), rest.to_owned()),
            (None, _) => (id_part.clone(), String::new()),
        };
        let mut name_text = clean(&get(row, name));
        if name_text.is_empty() {
            name_text = name_from_id;
        }
        out.push((
            i,
            ActRec {
                id: id_only,
                name: name_text,
                function: clean(&get(row, function)),
                description: html_text(&get(row, description)),
                measures: get(row, measures),
                legacy,
                prov: prov(table, row),
                release,
            },
        ));
    }
    out
}

/// A data element row of FM's workbook.
#[derive(Clone, Debug)]
pub struct ElemRec {
    pub label: String,
    pub lead: String,
    pub area: String,
    pub definition: String,
    pub example: String,
    pub activities: String,
    pub capabilities: String,
    pub reference: String,
    pub prov: Prov,
    /// Columns of the label, service activities and capability references.
    pub columns: [String; 3],
}

pub fn elements(table: &Table, cols: &Columns) -> Vec<(usize, ElemRec)> {
    let c = |w: &str| cols.find(&[w], &[]);
    let (label, lead, area, def, ex, act, cap, auth) = (
        c("data element label"),
        // Read for the area's lead only, not per element: reported as a
        // column not imported.
        cols.peek(&["managing partner"], &[]),
        c("service area"),
        c("definition"),
        c("example"),
        c("service activit"),
        c("capability ref"),
        c("authoritative"),
    );
    let columns = [
        column_name(table, cols, label),
        column_name(table, cols, act),
        column_name(table, cols, cap),
    ];
    let get = |row: &Row, c: Option<usize>| c.map_or(String::new(), |c| row.cell(c).to_owned());
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate().skip(cols.header_row + 1) {
        if row.is_blank() {
            continue;
        }
        out.push((
            i,
            ElemRec {
                columns: columns.clone(),
                label: get(row, label).trim().to_owned(),
                lead: clean(&get(row, lead)),
                area: clean(&get(row, area)),
                definition: get(row, def),
                example: get(row, ex).trim().to_owned(),
                activities: get(row, act),
                capabilities: get(row, cap),
                reference: get(row, auth),
                prov: prov(table, row),
            },
        ));
    }
    out
}

/// Split free text listing references or IDs: on `;` and line breaks, bullets
/// and `See ` removed, headings such as `Additional Reference(s)` dropped.
pub fn split_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split([';', '\n']) {
        let mut t = clean(part);
        for prefix in ["- ", "• ", "See "] {
            if let Some(rest) = t.strip_prefix(prefix) {
                t = rest.trim().to_owned();
            }
        }
        let lower = t.to_lowercase();
        if t.is_empty()
            || t == "-"
            || lower.starts_with("additional reference")
            || lower.starts_with("definition (compiled from)")
            || lower == "n/a"
        {
            continue;
        }
        // `<br>` separators in the API exports.
        for piece in t.split("<br>") {
            let p = clean(piece);
            if !p.is_empty() {
                out.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_from_names() {
        assert_eq!(
            split_id("GRM.010.010 Grant Program Set-up"),
            (Some("GRM.010.010"), "Grant Program Set-up")
        );
        assert_eq!(
            split_id("ERM.010.010 - Records Creation"),
            (Some("ERM.010.010"), "Records Creation")
        );
        assert_eq!(
            split_id("FFM.110.010: Treasury Reporting"),
            (Some("FFM.110.010"), "Treasury Reporting")
        );
        assert_eq!(split_id("Payroll Processing"), (None, "Payroll Processing"));
        assert_eq!(
            split_id("FFM.100.30 Reconciliation"),
            (Some("FFM.100.30"), "Reconciliation")
        );
        assert_eq!(
            split_id("All FFM.030 Payable Management Activities").0,
            None
        );
    }

    #[test]
    fn lists_split_on_semicolons_and_lines() {
        assert_eq!(
            split_list(
                "USSGL, Section I; TFM Volume I  \n\n  Additional Reference(s)\n FFMSR 1.4.1 Defining"
            ),
            ["USSGL, Section I", "TFM Volume I", "FFMSR 1.4.1 Defining"]
        );
        assert_eq!(
            split_list("See TFM Volume I, Part 6"),
            ["TFM Volume I, Part 6"]
        );
        assert_eq!(
            split_list("301-70.102; <br> Foreign Affairs Manual"),
            ["301-70.102", "Foreign Affairs Manual"]
        );
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }
}
