//! `fibf diff` from the command line: formats and the CI gate.

mod common;

use predicates::prelude::*;

use common::fibf;

fn case(name: &str) -> [String; 2] {
    [
        format!("tests/fixtures/diff/{name}/old.fibf"),
        format!("tests/fixtures/diff/{name}/new.fibf"),
    ]
}

#[test]
fn text_report_and_exit_codes() {
    let [old, new] = case("metrics");
    fibf()
        .args(["diff", &old, &new])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("suggested version bump: major"))
        .stdout(predicate::str::contains(
            "target: >= 95 % → >= 98 % (the target tightens)",
        ));
    fibf()
        .args(["diff", "--fail-on", "breaking", &old, &new])
        .assert()
        .code(1);
    fibf()
        .args(["diff", "--fail-on", "any", &old, &new])
        .assert()
        .code(1);
}

#[test]
fn gate_passes_when_nothing_breaks() {
    let [old, new] = case("no-changes");
    fibf()
        .args(["diff", "--fail-on", "any", &old, &new])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"));
    // Additive and editorial changes only: the breaking gate stays open.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.fibf"), dir.path().join("b.fibf"));
    std::fs::write(&a, "reference R \"Old title\"\n").unwrap();
    std::fs::write(&b, "reference R \"New title\"\nreference S \"Another\"\n").unwrap();
    fibf()
        .args(["diff", "--fail-on", "breaking"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("suggested version bump: patch"));
    fibf()
        .args(["diff", "--fail-on", "any"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1);
}

#[test]
fn json_report_is_stable_and_complete() {
    let [old, new] = case("records");
    let out = fibf()
        .args(["diff", "--format", "json", &old, &new])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], 1);
    assert_eq!(report["suggested_bump"], "major");
    let change = &report["changes"][0];
    assert_eq!(change["entity"], "record");
    assert_eq!(change["change"], "modified");
    assert_eq!(change["impact"], "breaking");
    let f = change["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "fields.F")
        .unwrap();
    assert_eq!(f["impact"], "breaking");
    assert_eq!(f["new"], "required");
}

#[test]
fn markdown_changelog_groups_by_area_and_impact() {
    let [old, new] = case("lifecycle");
    fibf()
        .args(["diff", "--format", "markdown", &old, &new])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "## GRM\n\n### Breaking\n\n- **Removed** activity `GRM.010.030`",
        ))
        .stdout(predicate::str::contains("## Cross-cutting"));
}

#[test]
fn directories_compare_and_broken_input_exits_2() {
    fibf()
        .args(["diff", "standards", "standards"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"));
    fibf()
        .args([
            "diff",
            "standards",
            "tests/fixtures/check/unknown-references.fibf",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("have errors; nothing was done"));
    fibf()
        .args(["diff", "standards", "no/such/dir"])
        .assert()
        .code(2);
}
