//! `fibf import`: the published FIBF workbooks and Business Standards API
//! exports, turned into `.fibf` files.
//!
//! The pipeline: `table` reads files into tables, `recognize` finds what
//! each table holds by its header, `assemble` builds declarations (handling
//! the published data's irregularities and recording its defects), `ir`
//! writes them in the canonical layout, and `report` accounts for every row.
//!
//! Some areas are published twice, as a workbook and as API JSON, and the two
//! are different releases. One release is imported per area (the workbook by
//! default, `--prefer api` for the other), the other is compared with it and
//! every disagreement reported; `--releases separate` imports each release
//! into its own directory instead. Releases are never mixed.

mod assemble;
mod build;
mod ir;
mod layout;
mod recognize;
mod refs;
mod report;
mod table;

pub use recognize::Release;
pub use report::{SheetReport, SkipGroup, text as report_text};
pub use table::{ImportError, read_workbook};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::io::{Io, WalkEntry};
use crate::output::OutputSet;
use recognize::{Kind, classify};
use report::{ColumnReport, Findings, group, row_name};
use table::{JsonDoc, Table, clean};

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
    /// The imported files: `.fibf` files, `fibf.toml` and the README.
    pub output: OutputSet,
    /// What became of each sheet's rows.
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
    let json = Path::new(name)
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"));
    if json {
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
            let (set, s, d) = build::build(&corpus, Some(release), options);
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
        let (set, s, d) = build::build(&corpus, None, options);
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

fn area_name_in(text: &str, area: &str) -> Option<String> {
    let t = clean(text);
    // `Acquisition Management (ACQ) ...`: the capitalised words before the
    // area's code in parentheses.
    if let Some(i) = t.find(&format!("({area})")) {
        let words: Vec<&str> = t[..i].split_whitespace().collect();
        let mut start = words.len();
        while start > 0 {
            let w = words[start - 1];
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let joiner = matches!(w, "and" | "of" | "&" | "for");
            if !(capital || (joiner && start < words.len())) {
                break;
            }
            start -= 1;
        }
        // Not a joiner first: "and Travel" is not a name.
        while start < words.len() && matches!(words[start], "and" | "of" | "&" | "for") {
            start += 1;
        }
        // "The" opens sentences, not names.
        if start < words.len() && words[start] == "The" {
            start += 1;
        }
        let name = words[start..].join(" ");
        if name.len() >= 4 && name.len() <= 60 {
            return Some(name);
        }
    }
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
    for (t, kind, cols, release) in &corpus.tables {
        if only.is_some_and(|o| o != *release) {
            continue;
        }
        let place = (t.file.clone(), t.sheet.clone());
        let skips = findings.skipped.get(&place).unwrap_or(&empty);
        let name = |c: usize| match &t.sheet {
            Some(_) => recognize::column_letter(c),
            None => t
                .rows
                .get(cols.header_row)
                .map_or_else(String::new, |r| r.cell(c).to_owned()),
        };
        let read_as_table = !matches!(
            kind,
            Kind::Documentation | Kind::Totals | Kind::Dropdowns | Kind::Exported | Kind::Workspace
        );
        out.push(SheetReport {
            // As the sheet numbers it (or the index in a JSON export).
            header_row: t
                .rows
                .get(cols.header_row)
                .filter(|_| read_as_table)
                .map(|r| match r.at {
                    table::RowAt::Sheet(n) => n as usize,
                    table::RowAt::Index(i) => i,
                }),
            columns_read: cols.used().into_iter().map(name).collect(),
            columns_not_imported: recognize::columns_not_imported(t, kind, cols)
                .into_iter()
                .map(|(c, header, reason)| ColumnReport {
                    column: name(c),
                    header,
                    reason,
                })
                .collect(),
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
                header_row: None,
                columns_read: Vec::new(),
                columns_not_imported: Vec::new(),
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
                header_row: None,
                columns_read: Vec::new(),
                columns_not_imported: Vec::new(),
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
