//! `fibf check` and `fibf explain` from the command line: exit codes, formats,
//! inputs that are not a tidy directory of standards.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn fibf() -> Command {
    let mut cmd = Command::cargo_bin("fibf").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

const FIXTURES: &str = "tests/fixtures/check";

#[test]
fn bundled_standards_pass_deny_warnings_with_published_defects_allowed() {
    let json = |extra: &[&str]| -> Vec<serde_json::Value> {
        let out = fibf()
            .args(["check", "--format", "json", "--deny-warnings"])
            .args(extra)
            .arg("standards")
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    };
    // `[lints."published/**"] W0316 = "allow"` sets the defects aside...
    assert_eq!(json(&[]), Vec::<serde_json::Value>::new());
    // ...and --show-allowed lists them, without failing the run.
    let allowed = json(&["--show-allowed"]);
    assert!(!allowed.is_empty(), "the published corpus has defects");
    for d in &allowed {
        assert_eq!(d["code"], "W0316", "{d}");
        let file = d["file"].as_str().unwrap();
        assert!(file.starts_with("standards/published/"), "{file}");
        assert!(
            d["help"]
                .as_str()
                .unwrap()
                .contains("allowed by W0316 = \"allow\" in [lints.\"published/**\"] (fibf.toml)"),
            "{d}"
        );
    }
    fibf()
        .args(["check", "standards"])
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with(format!(
            "ok: 44 files checked, no problems found; {} findings allowed by [lints] in fibf.toml (--show-allowed shows them)\n",
            allowed.len()
        )));
}

#[test]
fn default_path_is_the_standards_directory() {
    fibf()
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("44 files checked"));
}

#[test]
fn errors_exit_1_with_code_and_location() {
    fibf()
        .args(["check", &format!("{FIXTURES}/unknown-references.fibf")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fibf::E0301"))
        .stdout(predicate::str::contains("unknown-references.fibf:3:8"))
        .stdout(predicate::str::contains("did you mean `GRM`?"))
        .stdout(predicate::str::contains(
            "failed: 1 file checked, 4 errors (E0301) and 0 warnings",
        ));
}

#[test]
fn text_report_golden() {
    let out = fibf()
        .args(["check", &format!("{FIXTURES}/cross-file")])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!("cli_check_cross_file_text", String::from_utf8(out).unwrap());
}

#[test]
fn json_report_golden_and_well_formed() {
    let out = fibf()
        .args([
            "check",
            "--format",
            "json",
            &format!("{FIXTURES}/metric-targets.fibf"),
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let array = value.as_array().expect("an array");
    assert_eq!(array.len(), 6);
    for d in array {
        for key in [
            "code",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "help",
            "labels",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
    }
    insta::assert_snapshot!("cli_check_metric_targets_json", text);
}

#[test]
fn warnings_pass_unless_denied() {
    let path = format!("{FIXTURES}/unused-and-deprecated.fibf");
    fibf()
        .args(["check", &path])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ok: 1 file checked, 0 errors and 3 warnings",
        ));
    fibf()
        .args(["check", "--deny-warnings", &path])
        .assert()
        .code(1);
}

#[test]
fn missing_path_is_an_input_error() {
    fibf()
        .args(["check", "no/such/place"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("fibf::E0100"))
        .stdout(predicate::str::contains(
            "no/such/place: cannot read: no such file or directory",
        ));
}

#[test]
fn path_through_a_file_is_an_input_error() {
    fibf()
        .args(["check", "--format", "json", "Cargo.toml/standards"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("\"code\": \"E0100\""));
}

#[test]
fn directory_without_fibf_files_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing here").unwrap();
    fibf()
        .args(["check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stdout(predicate::str::contains("fibf::E0104"))
        .stdout(predicate::str::contains("no .fibf files found"));
}

#[test]
fn reads_standard_input() {
    fibf()
        .args(["check", "-"])
        .write_stdin("area GRM \"Grants Management\" {\n  statuss final\n}\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin>:2:3"))
        .stdout(predicate::str::contains("did you mean `status`?"));
}

#[test]
fn binary_invalid_utf8_bom_crlf_and_empty_files() {
    for (name, code, expected) in [
        ("binary.fibf", 1, "fibf::E0102"),
        ("invalid-utf8.fibf", 1, "fibf::E0101"),
        ("bom-and-crlf.fibf", 1, "did you mean `final`?"),
        ("empty-zero-bytes.fibf", 0, "fibf::W0105"),
    ] {
        fibf()
            .args(["check", &format!("{FIXTURES}/{name}")])
            .assert()
            .code(code)
            .stdout(predicate::str::contains(expected));
    }
}

#[test]
fn file_size_limit() {
    fibf()
        .args([
            "check",
            "--max-file-size",
            "10",
            "standards/published/areas.fibf",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fibf::E0103"))
        .stdout(predicate::str::contains("over the limit of 10 bytes"));
}

#[test]
fn diagnostic_limit_counts_the_rest() {
    fibf()
        .args([
            "check",
            "--max-diagnostics",
            "2",
            &format!("{FIXTURES}/missing-fields.fibf"),
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "... and 8 more diagnostics not shown",
        ))
        .stdout(predicate::str::contains(
            "9 errors (E0203) and 1 warning (W0310)",
        ));
}

#[test]
fn colour_as_asked_by_flag_then_environment() {
    let path = format!("{FIXTURES}/unknown-fields.fibf");
    let colour = predicate::str::contains("\u{1b}[");
    fibf()
        .args(["check", "--color", "always", &path])
        .assert()
        .stdout(colour.clone());
    // Not a terminal: no colour by default.
    fibf()
        .env_remove("NO_COLOR")
        .args(["check", &path])
        .assert()
        .stdout(colour.clone().not());
    // An explicit flag wins over NO_COLOR (no-color.org): it used to lose.
    fibf()
        .env("NO_COLOR", "1")
        .args(["check", "--color", "always", &path])
        .assert()
        .stdout(colour.clone());
    fibf()
        .env("NO_COLOR", "1")
        .args(["check", &path])
        .assert()
        .stdout(colour.clone().not());
    // CLICOLOR_FORCE and FORCE_COLOR colour output that is not a terminal,
    // unless NO_COLOR or a flag says otherwise.
    for var in ["CLICOLOR_FORCE", "FORCE_COLOR"] {
        fibf()
            .env_remove("NO_COLOR")
            .env(var, "1")
            .args(["check", &path])
            .assert()
            .stdout(colour.clone());
        fibf()
            .env_remove("NO_COLOR")
            .env(var, "1")
            .args(["check", "--color", "never", &path])
            .assert()
            .stdout(colour.clone().not());
    }
}

#[test]
fn symlinks_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.fibf"),
        "area GRM \"Grants Management\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("standards/areas.fibf"),
        dir.path().join("link.fibf"),
    )
    .unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    fibf()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fibf::W0106").count(2))
        .stdout(predicate::str::contains("1 file checked"));
}

#[test]
fn invalid_workspace_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.fibf"),
        "area GRM \"Grants Management\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("fibf.toml"),
        "name = \"x\"\nversoin = \"1\"\n",
    )
    .unwrap();
    fibf()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("fibf::E0107"))
        .stdout(predicate::str::contains("fibf.toml:2:1"));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    for path in ["standards", FIXTURES] {
        let run = |jobs: &str| {
            fibf()
                .args(["check", "--format", "json", "-j", jobs, path])
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(run("1"), run("4"), "{path}");
    }
}

#[test]
fn explain_prints_the_long_text() {
    for code in ["E0301", "fibf::e0301", " E0301 "] {
        fibf()
            .args(["explain", code])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with("# E0301: unknown reference"))
            .stdout(predicate::str::contains("## Wrong"))
            .stdout(predicate::str::contains("## Fixed"));
    }
}

#[test]
fn explain_lists_codes_and_rejects_unknown_ones() {
    fibf()
        .arg("explain")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "W0310  warning  data element never used",
        ));
    fibf()
        .args(["explain", "E0311"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown diagnostic code `E0311`; did you mean",
        ));
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    fibf().arg("frobnicate").assert().code(2);
    fibf().args(["check", "--format", "yaml"]).assert().code(2);
    fibf()
        .args(["-j", "0", "check", "standards"])
        .assert()
        .code(2);
    fibf()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Exit codes: 0 ok, 1 findings, 2 usage or I/O error",
        ));
    fibf().arg("--version").assert().code(0);
}

#[test]
fn habits_from_yaml_and_ini_say_what_to_write() {
    let fixture = |name: &str| format!("{FIXTURES}/{name}");
    fibf()
        .args(["check", "--alone", &fixture("habits-separators.fibf")])
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "`statement` is followed by `:`: a field's value comes after a space",
        ))
        .stdout(predicate::str::contains(
            "write `max-length 30`; `key = value` is how YAML and INI",
        ))
        // The values after the separators are read: nothing dangles.
        .stdout(predicate::str::contains("E0301").not())
        .stdout(predicate::str::contains("6 errors (E0204) and 0 warnings"));
    fibf()
        .args(["check", &fixture("syntax-unopened-string.fibf")])
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("string has no opening quote"))
        .stdout(predicate::str::contains(
            "put a `\"` before the text: `definition \"An amount in US dollars.\"`",
        ));
}
