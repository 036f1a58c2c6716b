//! `fibf import` on the real published corpus and on fixture workbooks.
//!
//! The counts the import reports are checked against counts this test
//! computes from the source files itself (with calamine and `serde_json`, not
//! with the importer's code), and the known kinds of defect in the corpus are
//! asserted by their diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use fibf::import::Release;
use fibf::import::{self, Options, Outcome};
use fibf::workspace::{self, Input};

const CORPUS: &str = "../shared/corpus/fibf-published";

fn corpus() -> Outcome {
    import::import(
        &[PathBuf::from(CORPUS)],
        Options {
            prefer: Release::Workbook,
            separate: false,
        },
    )
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Rows of a sheet, as text.
fn sheet_rows(file: &str, sheet: &str) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = open_workbook(Path::new(CORPUS).join(file)).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

/// Data rows under the row holding a cell `header`, and the column of it:
/// rows whose cell in that column is not blank.
fn rows_with(rows: &[Vec<String>], header: &str) -> usize {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let (h, col) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.iter().position(|c| norm(c) == header).map(|c| (i, c)))
        .unwrap_or_else(|| panic!("no `{header}` header"));
    rows[h + 1..]
        .iter()
        .filter(|r| r.get(col).is_some_and(|c| !c.trim().is_empty()))
        .count()
}

fn nonblank(rows: &[Vec<String>]) -> usize {
    rows.iter()
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .count()
}

fn json_len(file: &str) -> usize {
    let text = std::fs::read_to_string(Path::new(CORPUS).join(file)).unwrap();
    match serde_json::from_str::<serde_json::Value>(&text).unwrap() {
        serde_json::Value::Array(a) => a.len(),
        serde_json::Value::Object(o) => o.len(),
        _ => 1,
    }
}

fn sheet<'a>(outcome: &'a Outcome, file: &str, sheet: Option<&str>) -> &'a import::SheetReport {
    outcome
        .sheets
        .iter()
        .find(|s| s.file == file && s.sheet.as_deref() == sheet)
        .unwrap_or_else(|| panic!("no report for {file} {sheet:?}"))
}

fn count(s: &import::SheetReport, kind: &str) -> usize {
    s.entities.get(kind).copied().unwrap_or(0)
}

#[test]
fn every_capability_sheet_is_imported_whole() {
    let out = corpus();
    for (file, name, header) in [
        (
            "workbooks/grants-capabilities.xlsx",
            "Business Capabilities",
            "capability id",
        ),
        (
            "workbooks/travel-capabilities.xlsx",
            "Business Capabilities",
            "capability id",
        ),
        (
            "workbooks/rpm-capabilities-and-lifecycle.xlsx",
            "RPM Business Capabilities",
            "capability id",
        ),
        (
            "workbooks/erm-capabilities-and-scenarios.xlsx",
            "Business Capabilities",
            "capability id",
        ),
        ("workbooks/fm-capabilities.xlsx", "Sheet1", "capability id"),
        (
            "workbooks/hr-compensation-benefits-capabilities.xlsx",
            "Sheet1",
            "capability id",
        ),
    ] {
        let rows = sheet_rows(file, name);
        let report = sheet(&out, file, Some(name));
        assert_eq!(
            report.rows_read,
            nonblank(&rows),
            "{file} [{name}]: rows read"
        );
        assert_eq!(
            count(report, "capability"),
            rows_with(&rows, header),
            "{file} [{name}]: capabilities"
        );
    }
}

#[test]
fn the_other_release_is_read_and_compared_but_not_imported() {
    let out = corpus();
    for area in [
        "erm",
        "fm",
        "grants",
        "hr-compensation-benefits",
        "rpm",
        "travel",
    ] {
        let file = format!("api/capabilities/{area}.json");
        let report = sheet(&out, &file, None);
        assert_eq!(report.rows_read, json_len(&file), "{file}");
        assert_eq!(count(report, "capability"), 0, "{file}");
        let skipped: usize = report.skipped.iter().map(|g| g.count).sum();
        assert_eq!(skipped, json_len(&file), "{file}: every row accounted for");
    }
}

#[test]
fn lifecycles_measures_elements_and_scenarios() {
    let out = corpus();
    // The API is the only release of the FM and HR lifecycles.
    for f in ["ffm-010", "ffm-030", "ffm-110", "hcm-130", "hcm-140"] {
        let file = format!("api/lifecycle/{f}.json");
        assert_eq!(
            count(sheet(&out, &file, None), "activity"),
            json_len(&file),
            "{file}"
        );
    }
    let grants = sheet_rows("workbooks/grants-lifecycle.xlsx", "GRM Service Activities");
    let report = sheet(
        &out,
        "workbooks/grants-lifecycle.xlsx",
        Some("GRM Service Activities"),
    );
    assert_eq!(count(report, "activity"), rows_with(&grants, "activity id"));
    let measures: usize = grants[1..]
        .iter()
        .map(|r| r[4].split(';').filter(|m| !m.trim().is_empty()).count())
        .sum();
    assert_eq!(
        count(report, "metric"),
        measures,
        "one metric per published measure"
    );
    let elements = sheet_rows(
        "workbooks/fm-standard-data-elements.xlsx",
        "By Service Area, Source, Label",
    );
    let report = sheet(
        &out,
        "workbooks/fm-standard-data-elements.xlsx",
        Some("By Service Area, Source, Label"),
    );
    assert_eq!(
        count(report, "element"),
        rows_with(&elements, "data element label")
    );
    let scenarios = sheet_rows(
        "workbooks/erm-capabilities-and-scenarios.xlsx",
        "Business Scenarios",
    );
    let report = sheet(
        &out,
        "workbooks/erm-capabilities-and-scenarios.xlsx",
        Some("Business Scenarios"),
    );
    assert_eq!(
        count(report, "usecase"),
        rows_with(&scenarios, "capability id") - phase_rows(&scenarios)
    );
    let notes = sheet(&out, "api/lifecycle/hcm-150.json", None);
    assert!(
        notes.skipped[0]
            .reason
            .contains("Business Standards Under Development")
    );
}

/// ERM's phase headings sit in the capability ID column.
fn phase_rows(rows: &[Vec<String>]) -> usize {
    rows.iter().filter(|r| r[0].ends_with("Phase")).count()
}

#[test]
fn every_row_of_every_sheet_is_accounted_for() {
    let out = corpus();
    for s in &out.sheets {
        let skipped: usize = s.skipped.iter().map(|g| g.count).sum();
        let entities: usize = s.entities.values().sum();
        assert!(
            skipped + entities >= s.rows_read.min(1) || s.rows_read == 0,
            "{} {:?}: rows neither imported nor skipped",
            s.file,
            s.sheet
        );
        assert!(skipped <= s.rows_read, "{} {:?}", s.file, s.sheet);
    }
}

fn messages(out: &Outcome, code: &str) -> Vec<String> {
    out.diagnostics
        .iter()
        .filter(|d| d.code.as_str() == code)
        .map(|d| format!("{}: {}", d.path.as_deref().unwrap_or(""), d.message))
        .collect()
}

fn has(list: &[String], parts: &[&str]) -> bool {
    list.iter().any(|m| parts.iter().all(|p| m.contains(p)))
}

#[test]
fn known_defects_of_the_corpus_are_reported_with_file_sheet_row_and_column() {
    let out = corpus();
    let w0502 = messages(&out, "W0502");
    assert!(
        has(
            &w0502,
            &[
                "fm-capabilities.xlsx [Sheet1] row 68, column A",
                "FFMSR1.1.3.4 lacks the dot"
            ]
        ),
        "{w0502:#?}"
    );
    assert!(has(&w0502, &["FFMSR1.1.3.4 has kind \"D0\""]));
    assert!(has(&w0502, &["row 34", "FFMSR.2.1.3.1", "appear swapped"]));
    let w0504 = messages(&out, "W0504");
    assert!(has(
        &w0504,
        &[
            "row 38",
            "FFMSR.2.2.1.4",
            "All FFM.030 Payable Management Activities"
        ]
    ));
    assert!(has(&w0504, &["FFMSR.2.4.1.1", "no activity (\"-\")"]));
    assert!(
        has(&w0504, &["Dropdown Lists", "TRF.010.030"]),
        "the travel drop-down typo"
    );
    let w0505 = messages(&out, "W0505");
    assert!(has(
        &w0505,
        &[
            "hr-compensation-benefits-capabilities.xlsx [Sheet1] row 79, column C",
            "HCM.130.040.012",
            "HCM.130.010"
        ]
    ));
    let w0506 = messages(&out, "W0506");
    assert!(has(
        &w0506,
        &[
            "api/capabilities/grants.json",
            "GRM.060.020.",
            "only in the api release"
        ]
    ));
    assert!(has(&w0506, &["GRM.010.010.092", "the statement differs"]));
    assert!(has(
        &w0506,
        &["service area HRM is listed only in workbooks/grants-lifecycle.xlsx"]
    ));
    let json_files = walkdir::WalkDir::new(CORPUS)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .count();
    assert_eq!(
        out.sheets
            .iter()
            .filter(|s| std::path::Path::new(&s.file)
                .extension()
                .is_some_and(|x| x == "json"))
            .count(),
        json_files
    );
}

#[test]
fn the_api_release_on_its_own_keeps_its_duplicates_and_malformed_ids_visible() {
    let out = import::import(
        &[PathBuf::from(CORPUS)],
        Options {
            prefer: Release::Workbook,
            separate: true,
        },
    );
    let w0501 = messages(&out, "W0501");
    assert!(
        has(
            &w0501,
            &[
                "api/capabilities/grants.json /",
                "GRM.030.010.052 is published twice"
            ]
        ),
        "{w0501:#?}"
    );
    let w0502 = messages(&out, "W0502");
    assert!(
        has(
            &w0502,
            &[
                "api/capabilities/grants.json /677",
                "\"GRM.060.020.\" is malformed"
            ]
        ),
        "{w0502:#?}"
    );
    let w0503 = messages(&out, "W0503");
    assert!(
        has(&w0503, &["GRM.060.020.711 has an empty statement"]),
        "{w0503:#?}"
    );
    // Each release checks clean, its defects annotated.
    let tmp = tempfile::tempdir().unwrap();
    out.output.commit(tmp.path()).unwrap();
    for release in ["workbook", "api"] {
        let analysis = workspace::analyze(
            &Input::Path(tmp.path().join(release)),
            fibf::workspace::Options::default(),
        );
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{release}: {errors:#?}");
        assert!(
            analysis
                .diagnostics
                .iter()
                .any(|d| d.code.as_str() == "W0316"),
            "{release}"
        );
    }
}

#[test]
fn the_committed_standards_are_the_current_import_byte_for_byte() {
    let out = corpus();
    let dir = Path::new("standards/published");
    let mut expected: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (p, bytes) in out.output.iter() {
        expected.insert(p.display().to_string(), bytes.to_vec());
    }
    let mut found: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() && e.file_name() != ".fibf-output" {
            found.insert(
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        found.keys().collect::<Vec<_>>()
    );
    for (k, v) in &expected {
        assert!(
            found[k] == *v,
            "standards/published/{k} is not the current import: re-run `fibf import {CORPUS} --out standards/published`"
        );
    }
    // And importing twice gives the same bytes.
    let again = corpus();
    assert!(
        out.output
            .iter()
            .zip(again.output.iter())
            .all(|(a, b)| a == b)
    );
}

/// A sheet for a fixture workbook: name, rows of cells, and merged ranges
/// (first row, first column, last row, last column).
type Sheet<'a> = (&'a str, Vec<Vec<&'a str>>, Vec<(u32, u16, u32, u16)>);

/// A workbook written with `rust_xlsxwriter`.
fn workbook(path: &Path, sheets: &[Sheet<'_>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows, merges) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
        for &(r1, c1, r2, c2) in merges {
            let value = rows[r1 as usize][c1 as usize];
            ws.merge_range(r1, c1, r2, c2, value, &rust_xlsxwriter::Format::new())
                .unwrap();
        }
    }
    book.save(path).unwrap();
}

fn import_dir(dir: &Path) -> (Outcome, PathBuf) {
    let out = import::import(
        &[dir.to_path_buf()],
        Options {
            prefer: Release::Workbook,
            separate: false,
        },
    );
    let target = dir.join("out");
    out.output.commit(&target).unwrap();
    (out, target)
}

#[test]
fn header_variants_merged_cells_and_combined_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    // A lifecycle sheet with merged function cells and `ID Name` in one cell.
    workbook(
        &dir.join("lifecycle.xlsx"),
        &[(
            "Service Activities",
            vec![
                vec![
                    "Service Function ID and Name",
                    "Service Activity ID and Name",
                    "Service Activity Description",
                ],
                vec![
                    "XYZ.010\nWidget  \nManagement",
                    "XYZ.010.010 Widget Set-up",
                    "Set widgets up; <ul><li>first</li><li>second</li></ul>",
                ],
                vec!["", "XYZ.010.020 Widget Review", "Review widgets."],
            ],
            vec![(1, 0, 2, 0)],
        )],
    );
    // Capabilities with FM-style kinds, a header with line breaks and extra
    // spaces, an ID with a trailing line break, an activity by name.
    workbook(
        &dir.join("capabilities.xlsx"),
        &[(
            "Business Capabilities",
            vec![
                vec!["Title of the workbook"],
                vec![
                    "Capability ID",
                    "Function",
                    "Activity  Name",
                    "(DI) Data Input\n(DO) Data Output  ",
                    "Business Capability Statement",
                    "Authoritative Reference",
                ],
                vec![
                    "XYZ.010.010.011\n",
                    "XYZ.010 Widget Management",
                    "XYZ.010.010 Widget Set-up",
                    "DI",
                    "Capture widget data",
                    "2 CFR 200.1; 2 CFR 200.2",
                ],
                vec![
                    "XYZ.010.020.011",
                    "XYZ.010 Widget Management",
                    "Widget Review",
                    "DO",
                    "Provide widget reviews",
                    "2 CFR 200.1",
                ],
            ],
            vec![],
        )],
    );
    let (out, target) = import_dir(&dir);
    let life = std::fs::read_to_string(target.join("xyz/lifecycle.fibf")).unwrap();
    assert!(
        life.contains("function XYZ.010 \"Widget Management\""),
        "{life}"
    );
    assert!(
        life.contains("activity XYZ.010.020 \"Widget Review\" {\n  function XYZ.010"),
        "{life}"
    );
    assert!(
        life.contains("description \"Set widgets up;\\n- first\\n- second\""),
        "{life}"
    );
    let caps = std::fs::read_to_string(target.join("xyz/capabilities-010.fibf")).unwrap();
    assert!(
        caps.contains("capability XYZ.010.010.011 data-input {"),
        "{caps}"
    );
    assert!(
        caps.contains("capability XYZ.010.020.011 data-output {\n  activity XYZ.010.020"),
        "{caps}"
    );
    assert!(
        caps.contains("references REF-2-CFR-200.1, REF-2-CFR-200.2"),
        "{caps}"
    );
    assert!(
        caps.contains("provenance \"capabilities.xlsx\" sheet \"Business Capabilities\" row 3"),
        "{caps}"
    );
    let refs = std::fs::read_to_string(target.join("references.fibf")).unwrap();
    assert_eq!(
        refs.matches("reference REF-2-CFR-200.1 ").count(),
        1,
        "deduplicated: {refs}"
    );
    let report = out
        .sheets
        .iter()
        .find(|s| s.file == "capabilities.xlsx")
        .unwrap();
    assert_eq!(report.rows_read, 4);
    assert_eq!(report.entities["capability"], 2);
    assert_eq!(
        report.skipped.len(),
        2,
        "title and header: {:?}",
        report.skipped
    );
    let analysis = workspace::analyze(&Input::Path(target), fibf::workspace::Options::default());
    assert!(
        analysis.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        analysis.diagnostics
    );
}

#[test]
fn defects_are_reported_and_kept_as_published() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    workbook(
        &dir.join("lifecycle.xlsx"),
        &[(
            "Activities",
            vec![
                vec![
                    "Function ID and Name",
                    "Activity ID",
                    "Activity Name",
                    "Activity Description",
                ],
                vec!["XYZ.010 Widgets", "XYZ.010.010", "Set-up", "Set up."],
                vec!["XYZ.010 Widgets", "XYZ.010.020", "Review", "Review."],
            ],
            vec![],
        )],
    );
    workbook(
        &dir.join("capabilities.xlsx"),
        &[(
            "Business Capabilities",
            vec![
                vec![
                    "Function ID and Name",
                    "Activity ID and Name",
                    "Capability ID",
                    "(I)input\n(P)process\n(O)output",
                    "Business Capability Statement",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "XYZ.010.010 Set-up",
                    "XYZ.010.010.011",
                    "I",
                    "Capture widgets",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "XYZ.010.010 Set-up",
                    "XYZ.010.010.011",
                    "I",
                    "Capture widgets again",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "XYZ.010.010 Set-up",
                    "XYZ.010.010.012",
                    "P",
                    "",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "Review",
                    "XYZ.010.010.013",
                    "O",
                    "Named one activity, numbered under another",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "XYZ.010.090 Unknown",
                    "XYZ.010.090.011",
                    "X",
                    "An activity nobody declared",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "All XYZ.010 Widgets Activities",
                    "XYZ.010.010.014",
                    "P",
                    "A whole function",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "XYZ.010.010 Set-up",
                    "XYZ.010.010.",
                    "P",
                    "A malformed ID",
                ],
                vec![
                    "XYZ.010 Widgets",
                    "XYZ.010.010 Set-up",
                    "",
                    "P",
                    "No ID at all",
                ],
            ],
            vec![],
        )],
    );
    let (out, target) = import_dir(&dir);
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in ["W0501", "W0502", "W0503", "W0504", "W0505"] {
        assert!(codes.contains(&code), "{code} in {:#?}", out.diagnostics);
    }
    let w0502 = messages(&out, "W0502");
    assert!(
        has(
            &w0502,
            &[
                "capabilities.xlsx [Business Capabilities] row 9, column C",
                "no capability ID"
            ]
        ),
        "{w0502:#?}"
    );
    let caps = std::fs::read_to_string(target.join("xyz/capabilities-010.fibf")).unwrap();
    assert!(caps.contains("@defect(E0206, \"published twice"), "{caps}");
    assert!(caps.contains("@defect(E0210,"), "{caps}");
    assert!(caps.contains("@defect(E0303,"), "{caps}");
    assert!(caps.contains("@defect(E0301,"), "{caps}");
    assert!(caps.contains("@defect(E0302,"), "{caps}");
    assert!(caps.contains("@defect(E0207,"), "{caps}");
    assert!(
        caps.contains("@defect(\"kind published as \\\"X\\\""),
        "{caps}"
    );
    assert!(
        !caps.contains("No ID at all"),
        "a row without an ID cannot be imported"
    );
    let report = out
        .sheets
        .iter()
        .find(|s| s.file == "capabilities.xlsx")
        .unwrap();
    assert!(
        report
            .skipped
            .iter()
            .any(|g| g.reason == "no capability ID" && g.rows == "9"),
        "{:?}",
        report.skipped
    );
    // The annotated standard checks without errors, every defect a warning.
    let analysis = workspace::analyze(&Input::Path(target), fibf::workspace::Options::default());
    assert!(
        analysis.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        analysis.diagnostics
    );
    let w0316 = analysis
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "W0316")
        .count();
    assert!(w0316 >= 7, "{w0316}");
}

/// The grants API release uses capability IDs twice (and a malformed one
/// many times) for different statements. Compared with the imported workbook
/// release, each of those rows is reported, and a row whose statement no
/// imported capability has is said to be so, even when its ID is shared.
#[test]
fn every_row_of_a_compared_release_is_accounted_for() {
    let out = corpus();
    let file = "api/capabilities/grants.json";
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(Path::new(CORPUS).join(file)).unwrap())
            .unwrap();
    let id = |r: &serde_json::Value| r["Capability ID"].as_str().unwrap().trim().to_owned();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        *count.entry(id(r)).or_default() += 1;
    }
    let at = |i: usize| format!("{file} /{i}");
    let found = |code: fibf::diag::Code, place: &str, words: &str| {
        out.diagnostics.iter().any(|d| {
            d.code == code && d.path.as_deref() == Some(place) && d.message.contains(words)
        })
    };
    let mut duplicated = 0;
    for (i, r) in rows.iter().enumerate() {
        if count[&id(r)] > 1 {
            duplicated += 1;
            assert!(
                found(fibf::diag::Code::W0501, &at(i), "times in the api release"),
                "row {i} ({}) is published again and not reported",
                id(r)
            );
        }
    }
    // Nine IDs twice, one malformed ID (`GRM.060.020.`) nine times.
    assert_eq!(duplicated, 9 * 2 + 9);
    // The second GRM.040.050.081 says something the workbook release does
    // not: it is not folded into the first without a word.
    let second = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| id(r) == "GRM.040.050.081")
        .nth(1)
        .map(|(i, _)| i)
        .unwrap();
    assert!(found(
        fibf::diag::Code::W0506,
        &at(second),
        "no imported capability has the latter"
    ));
}

/// Every column of every sheet read for entities is accounted for: the
/// columns that hold data (found here with calamine, not with the importer)
/// are those the import read plus those it reports as not imported.
#[test]
fn every_column_with_data_is_read_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = fibf_json_import(dir.path());
    let mut checked = 0;
    for sheet in out["sheets"].as_array().unwrap() {
        let (Some(name), Some(header)) = (sheet["sheet"].as_str(), sheet["header_row"].as_u64())
        else {
            continue;
        };
        let file = sheet["file"].as_str().unwrap().to_owned();
        let mut book: Xlsx<_> = open_workbook(Path::new(CORPUS).join(&file)).unwrap();
        let range = book.worksheet_range(name).unwrap();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut with_data = std::collections::BTreeSet::new();
        for (r, c, cell) in range.used_cells() {
            let (row, col) = (row0 as usize + r + 1, col0 as usize + c);
            if row as u64 > header && !text(cell).trim().is_empty() {
                with_data.insert(column_letter(col));
            }
        }
        let letters = |key: &str, field: Option<&str>| -> std::collections::BTreeSet<String> {
            sheet[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| match field {
                    Some(f) => v[f].as_str().unwrap().to_owned(),
                    None => v.as_str().unwrap().to_owned(),
                })
                .collect()
        };
        let read = letters("columns_read", None);
        let reported = letters("columns_not_imported", Some("column"));
        assert!(read.is_disjoint(&reported), "{file} [{name}]");
        let accounted: std::collections::BTreeSet<String> =
            read.union(&reported).cloned().collect();
        assert!(
            with_data.is_subset(&accounted),
            "{file} [{name}]: columns with data neither read nor reported: {:?}",
            with_data.difference(&accounted).collect::<Vec<_>>()
        );
        assert!(
            reported.is_subset(&with_data),
            "{file} [{name}]: reported columns without data: {:?}",
            reported.difference(&with_data).collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(checked >= 10, "{checked} sheets checked");
    // The per-row managing partner of FM's data elements is among them.
    let partner = out["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["sheet"] == "By Service Area, Source, Label")
        .flat_map(|s| s["columns_not_imported"].as_array().unwrap().clone())
        .find(|c| c["header"] == "LoB Managing Partner");
    assert!(partner.is_some());
}

fn column_letter(mut col: usize) -> String {
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

/// The JSON report of `fibf import` of the corpus, from the command line.
fn fibf_json_import(dir: &Path) -> serde_json::Value {
    let out = assert_cmd::Command::cargo_bin("fibf")
        .unwrap()
        .args(["import", CORPUS, "--format", "json", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}
