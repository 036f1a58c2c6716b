//! Helpers shared by the integration tests (`mod common;` in each). Each
//! test crate uses only some of them.
#![allow(dead_code)]

use std::path::Path;

/// proptest's settings for `cases` cases. Failures are kept by hand as
/// fixtures or named tests, not in a regressions file beside the test.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    }
}

/// The `fibf` binary under test, without colour.
pub fn fibf() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("fibf").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Every file under `dir` with its bytes, by path relative to `dir`, in
/// path order.
pub fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}
