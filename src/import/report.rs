//! What an import did: every sheet with the rows it read, the entities it
//! gave and the rows it skipped with the reason, and every defect found.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::ir::Prov;
use crate::diag::{Code, Diagnostic};

/// Skipped rows of each (file, sheet): row and reason.
pub type Skipped = BTreeMap<(String, Option<String>), Vec<(String, String)>>;

/// Defects and skipped rows, as the import goes.
#[derive(Default)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// (file, sheet) → (row, reason)
    pub skipped: Skipped,
    /// IDs published with spaces or line breaks around them.
    pub trimmed: Vec<Prov>,
}

/// A row as named in reports: `12` for a sheet row, `/12` for a JSON index.
pub fn row_name(p: &Prov) -> String {
    match (p.row, &p.pointer) {
        (Some(r), _) => r.to_string(),
        (None, Some(ptr)) => ptr.clone(),
        _ => "?".to_owned(),
    }
}

impl Findings {
    pub fn add(&mut self, code: Code, prov: &Prov, message: String) {
        self.diagnostics
            .push(Diagnostic::new(code, message).with_path(prov.describe()));
    }

    pub fn add_plain(&mut self, code: Code, place: String, message: String) {
        self.diagnostics
            .push(Diagnostic::new(code, message).with_path(place));
    }

    pub fn skip(&mut self, prov: &Prov, reason: &str) {
        self.skipped
            .entry((prov.file.clone(), prov.sheet.clone()))
            .or_default()
            .push((row_name(prov), reason.to_owned()));
    }

    pub fn note_trimmed(&mut self, prov: &Prov) {
        self.trimmed.push(prov.clone());
    }
}

/// One sheet (or JSON file) of the import.
#[derive(Clone, Debug, Serialize)]
pub struct SheetReport {
    /// The file.
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// What it was recognized as.
    pub kind: String,
    /// `workbook` or `api`.
    pub release: String,
    /// Non-blank rows, header and title rows included.
    pub rows_read: usize,
    /// Declarations written with data from it, by kind (`capability`,
    /// `reference`, ...).
    pub entities: BTreeMap<String, usize>,
    /// Skipped rows, grouped by reason: rows as ranges (`1-3, 7`).
    pub skipped: Vec<SkipGroup>,
    /// The header row (1-based), for a sheet read as a table.
    pub header_row: Option<usize>,
    /// The columns data was read from (`A`, `C`, ... or JSON keys).
    pub columns_read: Vec<String>,
    /// The columns that hold data and were not read, each with why (also
    /// reported as W0510).
    pub columns_not_imported: Vec<ColumnReport>,
}

/// A column of a sheet that holds data and was not imported.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnReport {
    /// Its letter (`A`), or its key in a JSON export.
    pub column: String,
    /// Its header.
    pub header: String,
    /// Why it is not imported.
    pub reason: String,
}

/// Skipped rows that share a reason.
#[derive(Clone, Debug, Serialize)]
pub struct SkipGroup {
    /// Why they were skipped.
    pub reason: String,
    /// How many.
    pub count: usize,
    /// Which, as row ranges (`4-9, 12`).
    pub rows: String,
}

/// Group skipped rows by reason, rows written as ranges.
pub fn group(skips: &[(String, String)]) -> Vec<SkipGroup> {
    let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (row, reason) in skips {
        by_reason.entry(reason).or_default().push(row);
    }
    by_reason
        .into_iter()
        .map(|(reason, rows)| SkipGroup {
            reason: reason.to_owned(),
            count: rows.len(),
            rows: ranges(&rows),
        })
        .collect()
}

fn ranges(rows: &[&str]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(i64, i64, bool)> = None;
    let flush = |run: Option<(i64, i64, bool)>, parts: &mut Vec<String>| {
        if let Some((a, b, ptr)) = run {
            let p = if ptr { "/" } else { "" };
            parts.push(if a == b {
                format!("{p}{a}")
            } else {
                format!("{p}{a}-{p}{b}")
            });
        }
    };
    for r in rows {
        let (ptr, num) = match r.strip_prefix('/') {
            Some(n) => (true, n.parse::<i64>().ok()),
            None => (false, r.parse::<i64>().ok()),
        };
        let Some(n) = num else {
            flush(run.take(), &mut parts);
            parts.push((*r).to_owned());
            continue;
        };
        run = match run {
            Some((a, b, p)) if p == ptr && n == b + 1 => Some((a, n, p)),
            other => {
                flush(other, &mut parts);
                Some((n, n, ptr))
            }
        };
    }
    flush(run, &mut parts);
    parts.join(", ")
}

/// The per-sheet table for a terminal.
pub fn text(sheets: &[SheetReport]) -> String {
    let mut out = String::new();
    for s in sheets {
        let place = match &s.sheet {
            Some(sheet) => format!("{} [{sheet}]", s.file),
            None => s.file.clone(),
        };
        let _ = writeln!(
            out,
            "{place}: {} ({}), {} rows read, {}",
            s.kind,
            s.release,
            s.rows_read,
            entities(&s.entities)
        );
        for g in &s.skipped {
            let _ = writeln!(
                out,
                "    skipped {} (rows {}): {}",
                g.count, g.rows, g.reason
            );
        }
    }
    out
}

/// `651 capabilities, 12 references` or `no entities`.
pub fn entities(counts: &BTreeMap<String, usize>) -> String {
    if counts.is_empty() {
        return "no entities".to_owned();
    }
    counts
        .iter()
        .map(|(k, n)| {
            let many = match k.as_str() {
                "activity" => "activities".to_owned(),
                "capability" => "capabilities".to_owned(),
                "process" => "processes".to_owned(),
                other => format!("{other}s"),
            };
            format!("{n} {}", if *n == 1 { k.as_str() } else { many.as_str() })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The per-sheet table as Markdown.
pub fn markdown(sheets: &[SheetReport]) -> String {
    let mut out = String::from(
        "| file | sheet | recognized as | release | rows read | entities | rows skipped |\n| --- | --- | --- | --- | ---: | ---: | --- |\n",
    );
    for s in sheets {
        let skipped: Vec<String> = s
            .skipped
            .iter()
            .map(|g| format!("{} ({}: rows {})", g.count, g.reason, g.rows))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            s.file,
            s.sheet.as_deref().unwrap_or("-"),
            s.kind,
            s.release,
            s.rows_read,
            entities(&s.entities),
            if skipped.is_empty() {
                "-".to_owned()
            } else {
                skipped.join("; ").replace('|', "\\|")
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_ranges() {
        assert_eq!(ranges(&["1", "2", "3", "7", "9", "10"]), "1-3, 7, 9-10");
        assert_eq!(ranges(&["/0", "/1", "/5"]), "/0-/1, /5");
    }
}
