//! `fibf compile` and `fibf validate` from the command line.

mod common;

use std::path::Path;

use predicates::prelude::*;

use common::{fibf, read_tree};

const STANDARD: &str = "tests/fixtures/standard";
const DATA: &str = "tests/fixtures/validate";

#[test]
fn compile_writes_the_schema_set() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("compiled 21 entities (2 records)"));
    let files: Vec<String> = read_tree(&out).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        files,
        [
            ".fibf-output",
            "model.json",
            "model.schema.json",
            "schemas/offering.schema.json",
            "schemas/records/Application.schema.json",
            "schemas/records/Budget.schema.json"
        ]
    );
}

#[test]
fn compile_is_byte_identical_across_runs_threads_and_working_directories() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let c = tmp.path().join("c");
    fibf()
        .args(["-j", "1", "compile", "standards", "--out"])
        .arg(&a)
        .assert()
        .code(0);
    fibf()
        .args(["-j", "4", "compile", "standards", "--out"])
        .arg(&b)
        .assert()
        .code(0);
    // From inside the workspace, with the default path.
    fibf()
        .current_dir("standards")
        .args(["compile", "--out"])
        .arg(&c)
        .assert()
        .code(0);
    assert_eq!(read_tree(&a), read_tree(&b));
    assert_eq!(read_tree(&a), read_tree(&c));
}

#[test]
fn compile_check_reports_out_of_date_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&out)
        .assert()
        .code(0);
    fibf()
        .args(["compile", STANDARD, "--check", "--out"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("is up to date"));
    std::fs::write(out.join("model.json"), "{}").unwrap();
    std::fs::write(out.join("schemas/records/Old.schema.json"), "{}").unwrap();
    std::fs::remove_file(out.join("schemas/offering.schema.json")).unwrap();
    fibf()
        .args(["compile", STANDARD, "--check", "--out"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("changed: model.json"))
        .stdout(predicate::str::contains(
            "missing: schemas/offering.schema.json",
        ))
        .stdout(predicate::str::contains(
            "stale: schemas/records/Old.schema.json",
        ))
        .stdout(predicate::str::contains("3 files in"));
    // --check wrote nothing.
    assert_eq!(
        std::fs::read_to_string(out.join("model.json")).unwrap(),
        "{}"
    );
}

#[test]
fn compile_refuses_unsafe_output_locations() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists and is not a directory"));
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&foreign)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("was not written by fibf"));
    assert!(foreign.join("notes.txt").exists());
}

/// Record schemas past `schema::MAX_RECORD_DEFS` definitions: the limit
/// is found while the files are written into the staging directory, which
/// is removed, so the previous output stays as it was and nothing is left
/// beside it. Sixteen levels of 300 records, each nesting two of the next
/// level, so that every record reaches most of the records below it.
#[test]
fn compile_over_the_record_schema_limit_leaves_the_output_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let (width, levels) = (300, 16);
    let mut text = String::from("element E \"E\" {\n  definition \"A value.\"\n  type string\n}\n");
    for level in 0..levels {
        for w in 0..width {
            text.push_str(&format!("\nrecord R{level}_{w} \"R\" {{\n"));
            if level + 1 < levels {
                for k in [(2 * w) % width, (2 * w + 1) % width] {
                    text.push_str(&format!("  field R{}_{k} optional\n", level + 1));
                }
            } else {
                text.push_str("  field E required\n");
            }
            text.push_str("}\n");
        }
    }
    let deep = tmp.path().join("deep.fibf");
    std::fs::write(&deep, text).unwrap();
    let out = tmp.path().join("out");
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let before = read_tree(&out);
    fibf()
        .arg("compile")
        .arg(&deep)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the record schemas would hold more than 500000 definitions",
        ));
    assert_eq!(read_tree(&out), before);
    let mut names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["deep.fibf", "out"]);
}

#[test]
fn compile_refuses_standards_with_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let refused = |out: &Path| {
        fibf()
            .args(["compile", "tests/fixtures/check/examples.fibf", "--out"])
            .arg(out)
            .assert()
            .code(1)
            .stdout(predicate::str::contains("fibf::E0320"))
            .stderr(predicate::str::contains(
                "error: the standards at tests/fixtures/check/examples.fibf (given) have errors; nothing was done",
            ));
    };
    refused(&out);
    assert!(!out.exists());
    // E0320 is found by the examples' check, while the files are being
    // written beside it: the staging directory goes, the previous output
    // stays as it was.
    fibf()
        .args(["compile", STANDARD, "--out"])
        .arg(&out)
        .assert()
        .code(0);
    let before = read_tree(&out);
    refused(&out);
    assert_eq!(read_tree(&out), before);
    let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // The standards' errors are what is reported, also when the output
    // could not be written either.
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    refused(&foreign);
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);
}

#[test]
fn validate_exit_codes() {
    fibf()
        .args([
            "validate",
            "--standards",
            STANDARD,
            "--record",
            "Application",
        ])
        .arg(format!("{DATA}/Application.valid.json"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ok: 1 document in 1 file valid against Application",
        ));
    fibf()
        .args([
            "validate",
            "--standards",
            STANDARD,
            "--record",
            "Application",
        ])
        .arg(format!("{DATA}/Application.valid.json"))
        .arg(format!("{DATA}/Application.invalid.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "failed: 1 of 2 documents in 2 files invalid",
        ));
    fibf()
        .args([
            "validate",
            "--standards",
            STANDARD,
            "--record",
            "Aplication",
        ])
        .arg(format!("{DATA}/Application.valid.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `Application`?"));
    fibf()
        .args([
            "validate",
            "--standards",
            STANDARD,
            "--record",
            "Application",
            "no-such-file.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.json"))
        // Never "ok" about a file that could not be read.
        .stdout(predicate::str::contains("ok:").not())
        .stdout(predicate::str::contains(
            "failed: 1 of 1 file could not be read; 0 documents in 0 files checked",
        ));
    fibf()
        .args([
            "validate",
            "--standards",
            "tests/fixtures/check/examples.fibf",
            "--record",
            "R",
        ])
        .arg(format!("{DATA}/Application.valid.json"))
        .assert()
        .code(2);
}

#[test]
fn validate_reads_stdin_with_a_declared_format() {
    fibf()
        .args([
            "validate",
            "--standards",
            STANDARD,
            "--record",
            "Budget",
            "--input-format",
            "yaml",
            "-",
        ])
        .write_stdin("BudgetPeriodCount: 2\nRequestedAmount: abc\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:2:18"))
        .stdout(predicate::str::contains("/RequestedAmount"));
}

#[test]
fn validate_json_report_has_pointers() {
    let out = fibf()
        .args([
            "validate",
            "--format",
            "json",
            "--standards",
            STANDARD,
            "--record",
            "Budget",
        ])
        .arg(format!("{DATA}/Budget.lines.jsonl"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pointers: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["pointer"].as_str())
        .collect();
    assert_eq!(pointers, ["", "/RequestedAmount"]);
}

#[test]
fn validate_many_instances_in_parallel_keeps_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("many.jsonl");
    let mut text = String::new();
    for i in 0..2000 {
        if i % 97 == 0 {
            text.push_str(&format!(
                "{{\"BudgetPeriodCount\": {}, \"RequestedAmount\": \"x\"}}\n",
                i % 10 + 1
            ));
        } else {
            text.push_str(&format!(
                "{{\"BudgetPeriodCount\": {}, \"RequestedAmount\": {i}.5}}\n",
                i % 10 + 1
            ));
        }
    }
    std::fs::write(&path, text).unwrap();
    let run = |jobs: &str| {
        fibf()
            .args([
                "-j",
                jobs,
                "validate",
                "--max-diagnostics",
                "0",
                "--standards",
                STANDARD,
                "--record",
                "Budget",
            ])
            .arg(&path)
            .output()
            .unwrap()
    };
    let one = run("1");
    let many = run("4");
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(one.stdout, many.stdout);
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(text.contains("failed: 21 of 2000 documents"), "{text}");
    let lines: Vec<usize> = text
        .lines()
        .filter_map(|l| l.split("many.jsonl:").nth(1))
        .filter_map(|l| l.split(':').next()?.parse().ok())
        .collect();
    assert!(
        lines.windows(2).all(|w| w[0] < w[1]),
        "reported in input order"
    );
}
