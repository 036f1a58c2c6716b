//! `fibf check` as a gate: errors before warnings whatever the limit, lint
//! levels from `[lints]` in `fibf.toml` (with `--show-allowed`), `--severity`,
//! `--quiet`, and a file checked in its workspace.

mod common;

use predicates::prelude::*;
use serde_json::Value;

use common::fibf;

const LEVELS: &str = "tests/fixtures/lints/levels";
const BAD_CONFIG: &str = "tests/fixtures/lints/bad-config";
/// A warning in `a-warning.fibf`, an error in `z-error.fibf`.
const ORDER: &str = "tests/fixtures/lints/order";

fn json(args: &[&str]) -> (Vec<Value>, i32) {
    let out = fibf()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let diags = serde_json::from_slice(&out.stdout).unwrap();
    (diags, out.status.code().unwrap())
}

/// `code@file:line` of each finding, in report order.
fn places(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or("-");
            let file = file.rsplit('/').next().unwrap();
            format!(
                "{} {}@{file}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["line"]
            )
        })
        .collect()
}

#[test]
fn errors_come_first_and_a_limit_never_hides_them() {
    let (diags, code) = json(&[ORDER]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&diags),
        [
            "error E0301@z-error.fibf:2",
            "warning W0310@a-warning.fibf:1"
        ]
    );
    fibf()
        .args(["check", "--max-diagnostics", "1", ORDER])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "no data element or data record has the ID `NoSuchElement`",
        ))
        .stdout(predicate::str::contains("NeverUsed").not())
        .stdout(predicate::str::contains(
            "... and 1 more diagnostic not shown",
        ))
        .stdout(predicate::str::ends_with(
            "failed: 2 files checked, 1 error (E0301) and 1 warning (W0310)\n",
        ));
}

#[test]
fn levels_by_code_and_by_path_glob() {
    let (diags, code) = json(&[LEVELS]);
    // `deny` made an error of the top-level W0310; the longer glob
    // `legacy/keep-*.fibf` brings it back to a warning; `legacy/**` and the
    // top-level W0311 allow the rest.
    assert_eq!(code, 1);
    assert_eq!(
        places(&diags),
        ["error W0310@a-new.fibf:1", "warning W0310@keep-this.fibf:1"]
    );
    assert!(
        diags[0]["help"]
            .as_str()
            .unwrap()
            .ends_with("an error here because of W0310 = \"deny\" in [lints] (fibf.toml)"),
        "{}",
        diags[0]
    );
    let (all, _) = json(&["--show-allowed", LEVELS]);
    assert_eq!(
        places(&all),
        [
            "error W0310@a-new.fibf:1",
            "warning W0311@a-new.fibf:9",
            "warning W0310@keep-this.fibf:1",
            "warning W0310@old.fibf:1",
        ]
    );
    let help = |code: &str, file: &str| {
        all.iter()
            .find(|d| d["code"] == code && d["file"].as_str().unwrap().ends_with(file))
            .map(|d| d["help"].as_str().unwrap().to_owned())
            .unwrap()
    };
    assert!(
        help("W0310", "old.fibf")
            .ends_with("allowed by W0310 = \"allow\" in [lints.\"legacy/**\"] (fibf.toml)")
    );
    assert!(
        help("W0311", "a-new.fibf").contains("allowed by W0311 = \"allow\" in [lints] (fibf.toml)")
    );
    fibf()
        .args(["check", LEVELS])
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with(
            "failed: 3 files checked, 1 error (W0310) and 1 warning (W0310); \
             2 findings allowed by [lints] in fibf.toml (--show-allowed shows them)\n",
        ));
}

#[test]
fn allowed_findings_never_fail_a_run() {
    // Only the warning that stays a warning fails --deny-warnings... and
    // the denied one is an error anyway: take the legacy folder alone, whose
    // findings are allowed or warnings.
    fibf()
        .args(["check", "--deny-warnings", "--show-allowed", "--alone"])
        .arg(format!("{LEVELS}/legacy/old.fibf"))
        .assert()
        // Checked alone there is no fibf.toml, so no levels: a warning.
        .code(1);
    fibf()
        .args(["check", "--deny-warnings", "--show-allowed"])
        .arg(format!("{LEVELS}/legacy/old.fibf"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("LegacyUnused"))
        .stdout(predicate::str::contains(
            "1 finding allowed by [lints] in fibf.toml (shown above)",
        ));
}

#[test]
fn invalid_levels_are_reported_at_their_place_in_fibf_toml() {
    let (diags, code) = json(&[BAD_CONFIG]);
    assert_eq!(code, 1);
    let config: Vec<(String, i64, i64, String)> = diags
        .iter()
        .filter(|d| d["code"] == "E0107")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_owned(),
                d["line"].as_i64().unwrap(),
                d["column"].as_i64().unwrap(),
                d["help"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (
            "`W316` is not a diagnostic code",
            4,
            1,
            "did you mean `W0316`?",
        ),
        (
            "`E0301` is an error, which cannot be allowed or changed",
            5,
            1,
            "fix the error instead",
        ),
        (
            "the level of `W0310` must be \"allow\", \"warn\" or \"deny\"",
            6,
            9,
            "write `W0310 = \"allow\"`",
        ),
        (
            "`published/[oops` is not a path glob",
            8,
            8,
            "[lints.\"published/**\"]",
        ),
    ];
    assert_eq!(config.len(), expected.len(), "{config:#?}");
    for ((message, line, column, help), (m, l, c, h)) in config.iter().zip(expected) {
        assert!(message.contains(m), "{message}");
        assert_eq!((*line, *column), (l, c), "{message}");
        assert!(help.contains(h), "{help}");
    }
    // The rest of the workspace is still checked.
    assert!(diags.iter().any(|d| d["code"] == "W0310"));
}

#[test]
fn severity_filters_what_is_shown_not_what_is_counted() {
    let (diags, code) = json(&["--severity", "error", ORDER]);
    assert_eq!(code, 1);
    assert_eq!(places(&diags), ["error E0301@z-error.fibf:2"]);
    fibf()
        .args(["check", "--severity", "error", ORDER])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NeverUsed").not())
        .stdout(predicate::str::ends_with(
            "failed: 2 files checked, 1 error (E0301) and 1 warning (W0310); \
             1 finding below --severity error not shown\n",
        ));
    // Hidden warnings still fail --deny-warnings.
    fibf()
        .args(["check", "--severity", "error", "--deny-warnings"])
        .arg(format!("{ORDER}/a-warning.fibf"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("NeverUsed").not());
    fibf()
        .args(["check", "--severity", "fatal", ORDER])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "possible values: error, warning, note",
        ));
}

#[test]
fn quiet_prints_the_findings_and_nothing_else() {
    fibf()
        .args(["check", "--quiet", "standards"])
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty());
    fibf()
        .args(["check", "-q", ORDER])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fibf::E0301"))
        .stdout(predicate::str::contains("files checked").not());
}

#[test]
fn a_file_is_checked_in_its_workspace_and_reported_alone() {
    let file = format!("{LEVELS}/legacy/keep-this.fibf");
    // `Kept` refers to `UsesOld` of a-new.fibf: resolved in the workspace,
    // whose levels apply; a-new.fibf's own error is counted, not shown.
    let (diags, code) = json(&[&file]);
    assert_eq!(code, 0);
    assert_eq!(places(&diags), ["warning W0310@keep-this.fibf:1"]);
    fibf()
        .args(["check", &file])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(format!(
            "ok: {file} checked in its workspace {LEVELS} (3 files), 0 errors and 1 warning (W0310); \
             1 error in other files not shown (`fibf check {LEVELS}` shows them)\n"
        )));
    // By itself, the reference dangles and no levels apply.
    let (alone, code) = json(&["--alone", &file]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&alone),
        [
            "error E0301@keep-this.fibf:5",
            "warning W0310@keep-this.fibf:1"
        ]
    );
    // A file outside any workspace is checked by itself, as before.
    let (outside, code) = json(&["tests/fixtures/check/unknown-references.fibf"]);
    assert_eq!(code, 1);
    assert_eq!(outside.len(), 4);
}

#[test]
fn the_bundled_workspace_gates_an_authored_file() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("standards");
    copy_dir(std::path::Path::new("standards"), &ws);
    let authored = ws.join("authored/ffm-payables.fibf");
    fibf()
        .current_dir(tmp.path())
        .args(["check", "--deny-warnings", "standards/authored/ffm-payables.fibf"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "ok: standards/authored/ffm-payables.fibf checked in its workspace standards (44 files), no problems found",
        ));
    // A mistake in the authored file fails the gate, before any warning.
    let mut text = std::fs::read_to_string(&authored).unwrap();
    text.push_str("\ncapability FFM.PAY.999 {\n  activity FFM.999.999\n  kind process\n  statement \"Pay.\"\n}\n");
    std::fs::write(&authored, text).unwrap();
    fibf()
        .current_dir(tmp.path())
        .args(["check", "--max-diagnostics", "1", "standards"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ffm-payables.fibf"))
        .stdout(predicate::str::contains("FFM.999.999"));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_duplicate_of_a_published_id_is_reported_at_the_authored_declaration() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        std::path::Path::new("standards"),
        &tmp.path().join("standards"),
    );
    let authored = tmp.path().join("standards/authored/ffm-payables.fibf");
    let mut text = std::fs::read_to_string(&authored).unwrap();
    text.push_str(
        "\nmetric GRM.010.010.M1 \"Programs established\" {\n  activity GRM.010.010\n  dimension efficiency\n  unit count\n}\n",
    );
    std::fs::write(&authored, text).unwrap();
    let out = fibf()
        .current_dir(tmp.path())
        .args(["check", "--format", "json", "standards"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diags: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let [d] = &diags[..] else {
        panic!("{diags:#?}")
    };
    assert_eq!(d["code"], "E0206");
    // Path order puts published/ after authored/, and the published file is
    // generated: either way the authored declaration is the one to change.
    assert_eq!(d["file"], "standards/authored/ffm-payables.fibf");
    assert_eq!(d["labels"][0]["message"], "declared here");
    assert_eq!(
        d["labels"][1]["file"],
        "standards/published/grm/metrics.fibf"
    );
    assert_eq!(
        d["labels"][1]["message"],
        "`GRM.010.010.M1` is also declared here"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("generated by `fibf import`"),
        "{d}"
    );
}
