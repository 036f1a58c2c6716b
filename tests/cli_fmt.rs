//! `fibf fmt` from the command line.

mod common;

use predicates::prelude::*;

use common::fibf;

const MESSY: &str = "area GRM \"Grants\" {   # the area\n    status final\n  lead   \"HHS\"\n}\nreference R \"A reference\"   {\n}\n";
const TIDY: &str = "area GRM \"Grants\" {  # the area\n  lead \"HHS\"\n  status final\n}\n\nreference R \"A reference\"\n";

#[test]
fn check_prints_a_diff_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.fibf");
    std::fs::write(&file, MESSY).unwrap();
    std::fs::write(dir.path().join("b.fibf"), TIDY).unwrap();
    fibf()
        .args(["fmt", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-    status final"))
        .stdout(predicate::str::contains("+  status final"))
        .stdout(predicate::str::contains("would reformat"))
        .stdout(predicate::str::contains(
            "failed: 1 of 2 files not formatted",
        ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MESSY);
}

#[test]
fn rewrites_files_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.fibf");
    std::fs::write(&file, MESSY).unwrap();
    fibf()
        .arg("fmt")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "formatted 1 file, 0 already formatted",
        ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    fibf()
        .args(["fmt", "--check"])
        .arg(dir.path())
        .assert()
        .code(0);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files remain");
}

#[test]
fn formats_standard_input() {
    fibf()
        .args(["fmt", "-"])
        .write_stdin(MESSY)
        .assert()
        .code(0)
        .stdout(TIDY);
}

#[test]
fn files_with_syntax_errors_are_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.fibf");
    std::fs::write(&bad, "area GRM \"Grants\" {\n").unwrap();
    std::fs::write(dir.path().join("good.fibf"), MESSY).unwrap();
    fibf()
        .arg("fmt")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fibf::E0110"))
        .stdout(predicate::str::contains("bad.fibf:1:19"));
    assert_eq!(
        std::fs::read_to_string(&bad).unwrap(),
        "area GRM \"Grants\" {\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("good.fibf")).unwrap(),
        TIDY
    );
}

#[test]
fn bundled_standards_are_formatted() {
    fibf()
        .args(["fmt", "--check", "standards"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("files are formatted"));
}
