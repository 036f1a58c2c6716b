//! Reading back workbooks written by `fibf export`.
//!
//! Their sheets carry the published FIBF columns plus `fibf: attributes` and
//! `fibf: fields` (the rest of each entity, in the language), so they are read
//! exactly, without the heuristics the published workbooks need: each row is
//! turned back into a declaration, the published columns being the
//! authoritative values of their fields.

use std::collections::BTreeMap;

use super::ir::Prov;
use super::recognize::{Columns, prov};
use super::report::Findings;
use super::table::Table;
use crate::diag::Code;
use crate::export::{ATTRIBUTES, FIELDS, ID, NAME, SHOWN, WORD, kind_word, sheets};
use crate::fmt::{format_source, quote};
use crate::model::KindInfo;
use crate::source::FileId;
use crate::syntax;

/// Whether a field's values are IDs or words, written without quotes.
fn is_word_field(spec: &KindInfo, key: &str) -> bool {
    spec.field(key).is_some_and(|f| f.shape.is_bare())
}

fn spec_for(sheet: &str) -> Option<&'static KindInfo> {
    sheets().find(|s| s.sheet.name == sheet)
}

/// The declaration text of one row.
fn row_text(
    spec: &KindInfo,
    table: &Table,
    cols: &Columns,
    row: &super::table::Row,
) -> Result<String, RowError> {
    let header = &table.rows[cols.header_row];
    let col = |name: &str| header.cells.iter().position(|h| h.trim() == name);
    let get = |name: &str| col(name).map_or("", |c| row.cell(c)).trim().to_owned();
    let mut id = String::new();
    let mut name = String::new();
    let mut word = String::new();
    let mut lines = Vec::new();
    for (header, key) in spec.sheet.columns {
        let value = get(header);
        match *key {
            k if k == ID => id = value,
            k if k == NAME => name = value,
            k if k == WORD => {
                if !value.is_empty() {
                    word = kind_word(&value).map(str::to_owned).ok_or_else(|| {
                        RowError::KindLetters {
                            value: value.clone(),
                            header,
                        }
                    })?;
                }
            }
            k if k == SHOWN => {}
            key if value.is_empty() => {
                // An empty statement or definition is still a field.
                if matches!(key, "statement" | "definition") {
                    lines.push(format!("  {key} \"\""));
                }
            }
            key if is_word_field(spec, key) => lines.push(format!("  {key} {value}")),
            key => lines.push(format!("  {key} {}", quote(&value))),
        }
    }
    if id.is_empty() {
        return Err(RowError::NoId);
    }
    let mut text = String::new();
    let attributes = get(ATTRIBUTES);
    if !attributes.is_empty() {
        text.push_str(&attributes);
        text.push('\n');
    }
    text.push_str(spec.kind.keyword());
    text.push(' ');
    text.push_str(&id);
    if !word.is_empty() {
        text.push(' ');
        text.push_str(&word);
    }
    if !name.is_empty() {
        text.push(' ');
        text.push_str(&quote(&name));
    }
    text.push_str(" {\n");
    for l in lines {
        text.push_str(&l);
        text.push('\n');
    }
    let fields = get(FIELDS);
    if !fields.is_empty() {
        text.push_str(&fields);
        text.push('\n');
    }
    text.push_str("}\n");
    Ok(text)
}

/// Why a row of an exported sheet cannot be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RowError {
    /// The ID column is empty.
    NoId,
    /// The I/P/O column holds something else.
    KindLetters { value: String, header: &'static str },
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowError::NoId => f.write_str("no ID"),
            RowError::KindLetters { value, header } => {
                write!(
                    f,
                    "`{value}` in column \"{header}\" is not I, P, O, DI or DO"
                )
            }
        }
    }
}

/// What reading the exported sheets gave.
#[derive(Default)]
pub struct Layout {
    /// Output file → text.
    pub files: BTreeMap<String, String>,
    /// (file, sheet) → entities by kind.
    pub counts: BTreeMap<(String, Option<String>), BTreeMap<String, usize>>,
}

/// Read the exported sheets among `tables`.
pub fn read(tables: &[(&Table, &Columns)], findings: &mut Findings) -> Layout {
    let mut out = Layout::default();
    for (t, cols) in tables {
        let sheet = t.sheet.clone().unwrap_or_default();
        let Some(spec) = spec_for(&sheet) else {
            for row in t
                .rows
                .iter()
                .skip(cols.header_row + 1)
                .filter(|r| !r.is_blank())
            {
                findings.skip(
                    &prov(t, row),
                    "a sheet of an exported workbook that fibf does not read back",
                );
            }
            continue;
        };
        let book = t
            .file
            .rsplit('/')
            .next()
            .unwrap_or(&t.file)
            .trim_end_matches(".xlsx")
            .to_owned();
        let mut decls = String::new();
        let mut n = 0;
        for row in t
            .rows
            .iter()
            .skip(cols.header_row + 1)
            .filter(|r| !r.is_blank())
        {
            let p: Prov = prov(t, row);
            match row_text(spec, t, cols, row) {
                Ok(text) => match syntax::parse(FileId(0), &text) {
                    Ok(_) => {
                        decls.push('\n');
                        decls.push_str(&text);
                        n += 1;
                    }
                    Err(errors) => {
                        let message = crate::diag::Diagnostic::from(errors[0].clone()).message;
                        findings.add(
                            Code::W0502,
                            &p,
                            format!("row cannot be read back: {message}"),
                        );
                        findings.skip(&p, "the fibf columns do not parse");
                    }
                },
                Err(message) => {
                    findings.add(
                        Code::W0502,
                        &p,
                        format!("row cannot be read back: {message}"),
                    );
                    findings.skip(&p, "row cannot be read back");
                }
            }
        }
        if n > 0 {
            *out.counts
                .entry((t.file.clone(), t.sheet.clone()))
                .or_default()
                .entry(spec.kind.keyword().to_owned())
                .or_default() += n;
            let file = format!("{book}/{}.fibf", spec.folder);
            let header = format!(
                "# {} from {} [{}], exported by fibf.\n",
                spec.sheet.name, t.file, sheet
            );
            let text = format!("{header}{decls}");
            out.files
                .insert(file, format_source(FileId(0), &text).unwrap_or(text));
        }
    }
    out
}

/// `fibf.toml` from the Workspace sheet (Name, Version).
pub fn workspace(t: &Table) -> Option<String> {
    let header = t.rows.first()?;
    let row = t.rows.get(1)?;
    let col = |n: &str| header.cells.iter().position(|h| h.trim() == n);
    let name = col("Name")
        .map(|c| row.cell(c).trim().to_owned())
        .unwrap_or_default();
    let version = col("Version")
        .map(|c| row.cell(c).trim().to_owned())
        .unwrap_or_default();
    let mut s =
        String::from("# Workspace of a standard imported from workbooks exported by fibf.\n");
    if !name.is_empty() {
        s.push_str(&format!("name = {}\n", toml_string(&name)));
    }
    if !version.is_empty() {
        s.push_str(&format!("version = {}\n", toml_string(&version)));
    }
    Some(s)
}

fn toml_string(s: &str) -> String {
    // A TOML basic string has the same escapes as a JSON one.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}
