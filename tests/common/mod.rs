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

/// An edit of a random kind at a random place of an ASCII text: a deletion,
/// or one of the pieces a person types mid-edit (braces, quotes, IDs, whole
/// declarations) inserted.
pub fn edit(text: &str, at: usize, what: usize) -> String {
    const PIECES: &[&str] = &[
        "",
        "{",
        "}",
        "\"",
        "\n",
        "GRM.010",
        "  area GRM\n",
        "x",
        " ",
        "function GRM.020 \"F\" {\n  area GRM\n}\n",
        "capability GRM.010.010.012 output {\n  activity GRM.010.010\n  statement \"S\"\n}\n",
        "@allow(W0310, \"r\")\n",
    ];
    let mut t = text.to_owned();
    let at = at % (t.len() + 1);
    match what % (PIECES.len() + 1) {
        0 if !t.is_empty() => {
            let end = (at + 1 + what % 7).min(t.len());
            t.replace_range(at.min(end)..end, "");
        }
        n => t.insert_str(at, PIECES[(n + PIECES.len() - 1) % PIECES.len()]),
    }
    t
}
