//! `fibf import` on variants of real workbooks: the travel lifecycle and
//! capability workbooks of the corpus rewritten as another working group
//! might lay them out (headers in capitals or other words, columns in
//! another order, extra and empty columns, title rows above the header,
//! blank rows inside, another documentation sheet, both workbooks in one
//! file). Each variant must import to the same entities as the original,
//! and say what it could not read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

const CORPUS: &str = "../shared/corpus/fibf-published/workbooks";
const BOOKS: [&str; 2] = ["travel-capabilities.xlsx", "travel-lifecycle.xlsx"];
/// The sheets read for entities; the others are documentation.
const DATA_SHEETS: [&str; 4] = [
    "Business Capabilities",
    "Service Areas",
    "Service Functions",
    "T&E Service Activities List",
];

type Grid = Vec<Vec<String>>;

/// Each sheet of a workbook as a grid of text, merged cells filled in as a
/// reader sees them.
fn read_book(path: &Path) -> Vec<(String, Grid)> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let (height, width) = range.get_size();
        let mut grid: Grid =
            vec![vec![String::new(); col0 as usize + width]; row0 as usize + height];
        for (r, c, cell) in range.used_cells() {
            let text = match cell {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
                other => other.to_string(),
            };
            grid[row0 as usize + r][col0 as usize + c] = text;
        }
        if let Ok(merges) = book.merge_cells_by_sheet_name(&name) {
            for m in merges {
                let value = grid[m.start.0 as usize][m.start.1 as usize].clone();
                for row in grid
                    .iter_mut()
                    .take(m.end.0 as usize + 1)
                    .skip(m.start.0 as usize)
                {
                    for cell in row
                        .iter_mut()
                        .take(m.end.1 as usize + 1)
                        .skip(m.start.1 as usize)
                    {
                        if cell.is_empty() {
                            cell.clone_from(&value);
                        }
                    }
                }
            }
        }
        out.push((name, grid));
    }
    out
}

fn write_book(path: &Path, sheets: &[(String, Grid)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, grid) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in grid.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

/// A change to the data sheets of a workbook.
type Transform = fn(&str, &mut Grid);

fn header_row(grid: &Grid) -> usize {
    grid.iter()
        .position(|r| r.iter().filter(|c| !c.trim().is_empty()).count() >= 2)
        .unwrap()
}

fn capitals_and_synonyms(_: &str, grid: &mut Grid) {
    let h = header_row(grid);
    for cell in &mut grid[h] {
        *cell = cell
            .replace("Capability ID", "Capability Number")
            .to_uppercase();
    }
}

/// A header no recognizer knows over the capability IDs: their content says
/// what they are.
fn unknown_id_header(_: &str, grid: &mut Grid) {
    let h = header_row(grid);
    for cell in &mut grid[h] {
        if cell == "Capability ID" {
            "Ref".clone_into(cell);
        }
    }
}

fn columns_reversed(_: &str, grid: &mut Grid) {
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    for row in grid.iter_mut() {
        row.resize(width, String::new());
        row.reverse();
    }
}

fn extra_columns(_: &str, grid: &mut Grid) {
    let h = header_row(grid);
    for (i, row) in grid.iter_mut().enumerate() {
        // An empty column in front, and notes nobody asked for at the end.
        row.insert(0, String::new());
        row.push(match i {
            _ if i == h => "Reviewer Notes".to_owned(),
            _ if i > h && i % 3 == 0 => format!("checked by reviewer {i}"),
            _ => String::new(),
        });
    }
}

fn title_rows(sheet: &str, grid: &mut Grid) {
    grid.insert(0, vec![String::new()]);
    grid.insert(0, vec![format!("{sheet} (release of December 2026)")]);
    grid.insert(0, vec!["Federal Integrated Business Framework".to_owned()]);
}

fn blank_rows(_: &str, grid: &mut Grid) {
    let h = header_row(grid);
    let mut out = Vec::new();
    for (i, row) in grid.drain(..).enumerate() {
        out.push(row);
        if i > h && i % 7 == 0 {
            out.push(Vec::new());
        }
    }
    *grid = out;
}

/// Import `paths` into `out`: the entities (each declaration without its
/// provenance and defect notes, which name rows that moved) and the report.
fn import(paths: &[PathBuf], out: &Path) -> (BTreeSet<String>, serde_json::Value) {
    let result = assert_cmd::Command::cargo_bin("fibf")
        .unwrap()
        .arg("import")
        .args(paths)
        .args(["--format", "json", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
    let mut entities = BTreeSet::new();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if entry.path().extension().is_none_or(|x| x != "fibf") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for decl in text.split("\n\n") {
            let kept: Vec<&str> = decl
                .lines()
                .filter(|l| {
                    let t = l.trim_start();
                    !(t.starts_with('#')
                        || t.starts_with("provenance ")
                        || t.starts_with("@defect"))
                })
                .collect();
            if !kept.is_empty() {
                entities.insert(kept.join("\n"));
            }
        }
    }
    (entities, report)
}

fn variant(
    dir: &Path,
    name: &str,
    transform: Option<Transform>,
    extra_sheet: bool,
) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for book in BOOKS {
        let mut sheets = read_book(&Path::new(CORPUS).join(book));
        for (sheet, grid) in &mut sheets {
            if let Some(t) = transform
                && DATA_SHEETS.contains(&sheet.as_str())
            {
                t(sheet, grid);
            }
        }
        if extra_sheet {
            sheets.push((
                "About this workbook".to_owned(),
                vec![
                    vec!["About this workbook".to_owned()],
                    vec![
                        "Prepared for the working group's review; see the instructions.".to_owned(),
                    ],
                ],
            ));
        }
        let path = dir.join(format!("{name}-{book}"));
        write_book(&path, &sheets);
        paths.push(path);
    }
    paths
}

#[test]
fn variants_of_the_travel_workbooks_import_to_the_same_entities() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let originals: Vec<PathBuf> = BOOKS.iter().map(|b| Path::new(CORPUS).join(b)).collect();
    let (expected, _) = import(&originals, &dir.join("original"));
    assert!(expected.len() > 300, "{}", expected.len());
    // Rewriting the workbooks as they are changes nothing.
    let same = variant(dir, "same", None, false);
    assert_eq!(import(&same, &dir.join("same-out")).0, expected);
    let transforms: [(&str, Transform); 6] = [
        ("capitals", capitals_and_synonyms),
        ("unknown-id-header", unknown_id_header),
        ("reversed", columns_reversed),
        ("extra", extra_columns),
        ("titles", title_rows),
        ("blanks", blank_rows),
    ];
    for (name, transform) in transforms {
        let paths = variant(dir, name, Some(transform), false);
        let (got, report) = import(&paths, &dir.join(format!("{name}-out")));
        let missing: Vec<_> = expected.difference(&got).take(3).collect();
        let extra: Vec<_> = got.difference(&expected).take(3).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{name}: missing {missing:#?}, extra {extra:#?}"
        );
        if name == "extra" {
            // The notes column is said not to be imported, on each sheet.
            let notes = report["sheets"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| {
                    s["columns_not_imported"]
                        .as_array()
                        .is_some_and(|c| c.iter().any(|c| c["header"] == "Reviewer Notes"))
                })
                .count();
            assert_eq!(notes, DATA_SHEETS.len(), "{report:#}");
        }
    }
    // Another documentation sheet; both workbooks' sheets in one file.
    let documented = variant(dir, "documented", None, true);
    assert_eq!(import(&documented, &dir.join("documented-out")).0, expected);
    let mut merged = Vec::new();
    for book in BOOKS {
        for (sheet, grid) in read_book(&Path::new(CORPUS).join(book)) {
            let name = if merged.iter().any(|(n, _): &(String, Grid)| *n == sheet) {
                format!("{} (2)", sheet.chars().take(27).collect::<String>())
            } else {
                sheet
            };
            merged.push((name, grid));
        }
    }
    let one = dir.join("travel.xlsx");
    write_book(&one, &merged);
    assert_eq!(import(&[one], &dir.join("one-out")).0, expected);
}
