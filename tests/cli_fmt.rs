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
            "failed: 1 of 2 files would be reformatted; run `fibf fmt`",
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
            "ok: formatted 1 file, 0 already formatted",
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
fn check_on_standard_input_fails_with_a_diff_when_unformatted() {
    // It used to print the formatted text and exit 0: a false pass for
    // hooks and editors that pipe a buffer through it.
    fibf()
        .args(["fmt", "--check", "-"])
        .write_stdin(MESSY)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--- a/<stdin>"))
        .stdout(predicate::str::contains("+  status final"))
        .stdout(predicate::str::ends_with(
            "failed: <stdin> would be reformatted; run `fibf fmt -`\n",
        ));
    fibf()
        .args(["fmt", "--check", "-"])
        .write_stdin(TIDY)
        .assert()
        .code(0)
        .stdout("ok: <stdin> is formatted\n");
}

#[test]
fn several_paths_are_formatted_together() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.fibf"), dir.path().join("b.fibf"));
    std::fs::write(&a, MESSY).unwrap();
    std::fs::write(&b, MESSY).unwrap();
    fibf()
        .arg("fmt")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(0)
        .stdout("ok: formatted 2 files, 0 already formatted\n");
    fibf()
        .args(["fmt", "-"])
        .arg(&a)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`-` (standard input) is formatted alone",
        ));
}

#[test]
fn a_syntax_error_gives_one_true_summary() {
    // Before: `fmt --check` said both "failed: 1 error" and "ok: 1 file is
    // formatted"; `fmt` said "formatted 0 files, 1 already formatted".
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.fibf"), "area GRM \"Grants\" {\n").unwrap();
    let out = fibf()
        .args(["fmt", "--check"])
        .arg(dir.path())
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.ends_with("failed: 0 of 1 file would be reformatted, 1 file not formatted (syntax errors above); run `fibf fmt`\n"), "{stdout}");
    assert!(!stdout.contains("ok:"), "{stdout}");
    assert_eq!(stdout.matches("failed:").count(), 1, "{stdout}");
    let out = fibf().arg("fmt").arg(dir.path()).assert().code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(stdout.ends_with("failed: formatted 0 files, 0 already formatted, 1 file not formatted (syntax errors above)\n"), "{stdout}");
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
