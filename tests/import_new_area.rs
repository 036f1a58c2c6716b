//! `fibf import` on a workbook shaped like those of an area the corpus does
//! not have: a service area no service-area list names, a lifecycle sheet
//! under header words the published workbooks do not use, its name only in
//! the overview sheet.

mod common;

use std::path::Path;

use predicates::prelude::*;

use common::fibf;

/// Write a workbook: each sheet a name and its rows.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<&str>>)]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

fn acquisition(path: &Path, lifecycle_header: Vec<&str>) {
    workbook(
        path,
        &[
            (
                "Overview",
                vec![
                    vec!["Acquisition Management (ACQ) Business Lifecycle and Capabilities"],
                    vec!["Published by the acquisition working group."],
                ],
            ),
            (
                "ACQ Lifecycle",
                vec![
                    lifecycle_header,
                    vec![
                        "ACQ.010",
                        "ACQ.010.010",
                        "Needs Identification",
                        "Identify the agency's needs.",
                    ],
                    vec![
                        "ACQ.010",
                        "ACQ.010.020",
                        "Market Research",
                        "Research the market for the need.",
                    ],
                    vec![
                        "ACQ.020",
                        "ACQ.020.010",
                        "Solicitation Preparation",
                        "Prepare the solicitation.",
                    ],
                ],
            ),
            (
                "ACQ Capabilities",
                vec![
                    vec![
                        "Function",
                        "Activity",
                        "Capability Number",
                        "Business Capability Statement",
                        "Authoritative Reference",
                    ],
                    vec![
                        "ACQ.010 Acquisition Planning",
                        "ACQ.010.010 Needs Identification",
                        "ACQ.010.010.010",
                        "Capture the agency's requirement",
                        "FAR 7.1",
                    ],
                    vec![
                        "ACQ.010 Acquisition Planning",
                        "ACQ.010.020 Market Research",
                        "ACQ.010.020.010",
                        "Document market research results",
                        "FAR 10.001",
                    ],
                    vec![
                        "ACQ.020 Solicitation",
                        "ACQ.020.010 Solicitation Preparation",
                        "ACQ.020.010.010",
                        "Develop the solicitation",
                        "FAR 15.2",
                    ],
                ],
            ),
        ],
    );
}

#[test]
fn a_new_areas_lifecycle_is_imported_under_unseen_headers() {
    for header in [
        vec![
            "Function Ref",
            "Activity Code",
            "Activity Title",
            "Activity Summary",
        ],
        // No header says which column holds the IDs: their content does.
        vec!["Function", "Ref", "Activity Title", "Activity Summary"],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("acquisition.xlsx");
        acquisition(&book, header.clone());
        let out = tmp.path().join("out");
        fibf()
            .arg("import")
            .arg(&book)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(0)
            .stdout(predicate::str::contains(
                "service area ACQ is named by no service-area list (the input has none); it is created from its own rows",
            ))
            .stdout(predicate::str::contains("names no service area").not())
            .stdout(predicate::str::contains("has no name").not());
        let areas = std::fs::read_to_string(out.join("areas.fibf")).unwrap();
        assert!(
            areas.contains("area ACQ \"Acquisition Management\""),
            "{header:?}: {areas}"
        );
        let lifecycle = std::fs::read_to_string(out.join("acq/lifecycle.fibf")).unwrap();
        for expected in [
            "activity ACQ.010.010 \"Needs Identification\"",
            "description \"Research the market for the need.\"",
            "activity ACQ.020.010 \"Solicitation Preparation\"",
        ] {
            assert!(lifecycle.contains(expected), "{header:?}: {lifecycle}");
        }
        // Every capability's activity is in the lifecycle: it checks clean.
        fibf()
            .args(["check", "--deny-warnings"])
            .arg(&out)
            .assert()
            .code(0)
            .stdout(predicate::str::contains("no problems found"));
    }
}
