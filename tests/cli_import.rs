//! `fibf import` from the command line.

mod common;

use predicates::prelude::*;

use common::fibf;

const CORPUS: &str = "../shared/corpus/fibf-published";

#[test]
fn imports_the_corpus_and_reports_every_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("std");
    fibf()
        .args(["import", CORPUS, "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "workbooks/grants-capabilities.xlsx [Business Capabilities]: business capabilities (workbook), 776 rows read, 775 capabilities",
        ))
        .stdout(predicate::str::contains("skipped 1 (rows 1): header row"))
        .stdout(predicate::str::contains("warning[W0505]"))
        .stdout(predicate::str::contains("imported 95 sheets into"));
    assert!(out.join("README.md").exists());
    assert!(out.join("grm/lifecycle.fibf").exists());
    fibf().arg("check").arg(&out).assert().code(0);
}

#[test]
fn separate_releases_and_json_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("std");
    let output = fibf()
        .args([
            "import",
            CORPUS,
            "--releases",
            "separate",
            "--format",
            "json",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["sheets"].as_array().unwrap().len() > 90);
    assert!(
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "W0501")
    );
    assert!(out.join("workbook/grm/lifecycle.fibf").exists());
    assert!(out.join("api/grm/lifecycle.fibf").exists());
}

#[test]
fn unreadable_inputs_write_nothing_and_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let fake = tmp.path().join("fake.xlsx");
    std::fs::write(&fake, "this is not a zip archive").unwrap();
    let out = tmp.path().join("std");
    fibf()
        .args(["import"])
        .arg(&fake)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("fibf::E0508"))
        .stdout(predicate::str::contains("not a readable .xlsx workbook"))
        .stderr(predicate::str::contains("nothing was written"));
    assert!(!out.exists());
    fibf()
        .args(["import", "no/such/file.xlsx", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no such file or directory"));
}

#[test]
fn other_files_in_a_directory_are_listed_and_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        format!("{CORPUS}/api/lifecycle/ffm-010.json"),
        dir.join("ffm-010.json"),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    fibf()
        .arg("import")
        .arg(&dir)
        .arg("--out")
        .arg(tmp.path().join("std"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("notes.txt: warning[W0509]"))
        .stdout(predicate::str::contains(
            "ffm-010.json: service activities (api), 3 rows read, 3 activities",
        ));
}

#[test]
fn refuses_to_replace_a_file_or_a_foreign_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    fibf()
        .args([
            "import",
            &format!("{CORPUS}/api/lifecycle/ffm-010.json"),
            "--out",
        ])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a directory"));
}
