//! `fibf export` from the command line.

mod common;

use predicates::prelude::*;

use common::fibf;

#[test]
fn exports_workbooks_and_csv_and_reimports() {
    let tmp = tempfile::tempdir().unwrap();
    let books = tmp.path().join("books");
    fibf()
        .args(["export", "standards", "--out"])
        .arg(&books)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("7 files"))
        // The published defects are allowed by the workspace's `[lints]`.
        .stderr(predicate::str::is_empty());
    assert!(books.join("grm.xlsx").exists() && books.join("common.xlsx").exists());
    let csv = tmp.path().join("csv");
    fibf()
        .args(["export", "standards", "--format", "csv", "--out"])
        .arg(&csv)
        .assert()
        .code(0);
    let caps = std::fs::read_to_string(csv.join("grm/business-capabilities.csv")).unwrap();
    assert!(
        caps.starts_with("Function ID and Name,Activity ID,Capability ID,"),
        "{caps}"
    );
    assert!(caps.contains("GRM.010.010.011"));
    let back = tmp.path().join("back");
    fibf()
        .arg("import")
        .arg(&books)
        .arg("--out")
        .arg(&back)
        .assert()
        .code(0);
    fibf()
        .arg("check")
        .arg(&back)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 errors and 88 warnings"));
}

#[test]
fn export_needs_clean_standards() {
    let tmp = tempfile::tempdir().unwrap();
    fibf()
        .args([
            "export",
            "tests/fixtures/check/unknown-references.fibf",
            "--out",
        ])
        .arg(tmp.path().join("x"))
        .assert()
        .code(1);
    fibf()
        .args(["export", "standards", "--format", "pdf", "--out"])
        .arg(tmp.path().join("y"))
        .assert()
        .code(2);
}
