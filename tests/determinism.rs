//! Output is byte-identical whatever the number of threads: every batch
//! command runs with one thread and with many, and the bytes are compared.

mod common;

use std::path::Path;
use std::process::Command;

fn run(jobs: &str, args: &[&str], out: Option<&Path>) -> Vec<(String, Vec<u8>)> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fibf"));
    cmd.env("NO_COLOR", "1").args(["-j", jobs]).args(args);
    if let Some(dir) = out {
        cmd.arg("--out").arg(dir);
    }
    let output = cmd.output().unwrap();
    // Reports name the output directory, which differs between the runs.
    let stdout = match out {
        Some(dir) => String::from_utf8_lossy(&output.stdout)
            .replace(&dir.display().to_string(), "OUT")
            .into_bytes(),
        None => output.stdout,
    };
    let mut result = vec![("stdout".to_owned(), stdout)];
    if let Some(dir) = out {
        result.extend(common::read_tree(dir));
    }
    result
}

fn same_for_any_thread_count(args: &[&str], writes: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("one"), tmp.path().join("many"));
    let one = run("1", args, writes.then_some(a.as_path()));
    let many = run("8", args, writes.then_some(b.as_path()));
    assert!(
        one.len() > 1 || !one[0].1.is_empty(),
        "{args:?} produced nothing"
    );
    assert_eq!(one.len(), many.len(), "{args:?}");
    for (x, y) in one.iter().zip(&many) {
        assert!(x == y, "{args:?}: {} differs", x.0);
    }
}

#[test]
fn check() {
    same_for_any_thread_count(&["check", "--format", "json", "standards"], false);
}

#[test]
fn compile() {
    same_for_any_thread_count(&["compile", "standards"], true);
}

#[test]
fn docs() {
    same_for_any_thread_count(&["docs", "standards"], true);
}

#[test]
fn import() {
    same_for_any_thread_count(&["import", "../shared/corpus/fibf-published"], true);
}

#[test]
fn export() {
    same_for_any_thread_count(&["export", "standards", "--format", "xlsx"], true);
}

#[test]
fn validate() {
    same_for_any_thread_count(
        &[
            "validate",
            "--standards",
            "tests/fixtures/standard",
            "--record",
            "Application",
            "--format",
            "json",
            "tests/fixtures/validate/Application.invalid.json",
            "tests/fixtures/validate/Application.missing-and-empty.yaml",
            "tests/fixtures/validate/Application.valid.json",
            "tests/fixtures/validate/Application.yaml-types.yaml",
        ],
        false,
    );
}

#[test]
fn conform() {
    same_for_any_thread_count(
        &[
            "conform",
            "--format",
            "sarif",
            "examples/offerings",
            "tests/fixtures/conform",
        ],
        false,
    );
}
