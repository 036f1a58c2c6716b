//! Fixture tests, one per file (or directory), generated from the files:
//!
//! - `tests/fixtures/check/NAME.fibf` (or directory `NAME/`): `fibf check`;
//! - `tests/fixtures/validate/RECORD.CASE.{json,yaml,jsonl}`: the data
//!   validated against record RECORD of the fixture standard in
//!   `tests/fixtures/standard/`;
//! - `tests/fixtures/conform/CASE.{json,yaml}`: `fibf conform` of the
//!   offering against the fixture standard, with the findings, profile
//!   results and exit code in `CASE.diags`;
//! - `tests/fixtures/diff/CASE/{old,new}.fibf`: `fibf diff`, with the text
//!   report expected in `CASE/expected.txt` and the JSON and Markdown
//!   reports as snapshots.
//!
//! Each case has its expected diagnostics beside it in `NAME.diags`: every
//! diagnostic with its code, severity, every label's span as
//! `file:line:col-line:col`, and its help line. The rendered miette report of
//! each case is also kept as an insta snapshot.
//!
//! To accept new expectations after an intended change, run
//! `FIBF_BLESS=1 cargo test --test fixtures` and review the diff of the
//! `.diags` files; snapshots are reviewed with `cargo insta review`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use fibf::diag::render;
use fibf::workspace::{self, Input, Options};
use libtest_mimic::{Arguments, Failed, Trial};

const ROOT: &str = "tests/fixtures/check";
const DATA: &str = "tests/fixtures/validate";
const STANDARD: &str = "tests/fixtures/standard";

fn main() {
    let args = Arguments::from_args();
    let mut trials = check_trials();
    trials.extend(validate_trials());
    trials.extend(conform_trials());
    trials.extend(diff_trials());
    libtest_mimic::run(&args, trials).exit();
}

fn check_trials() -> Vec<Trial> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(ROOT)
        .expect("fixture directory exists")
        .map(|e| e.expect("readable fixture directory").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "fibf"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures found under {ROOT}");
    cases
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(format!("check::{name}"), move || run_case(&name, &path))
        })
        .collect()
}

/// The expectation text for a set of diagnostics.
fn describe(
    diagnostics: &[fibf::diag::Diagnostic],
    sources: &fibf::source::SourceMap,
    root: &str,
) -> String {
    let prefix = format!("{root}/");
    let short = |f: &str| f.strip_prefix(&prefix).unwrap_or(f).to_owned();
    let mut out = String::new();
    for d in render::json_values(diagnostics, sources) {
        let at = match (d.file, d.line) {
            (Some(f), Some(_)) => format!(
                "{}:{}:{}-{}:{}",
                short(f),
                d.line.unwrap(),
                d.column.unwrap(),
                d.end_line.unwrap(),
                d.end_column.unwrap()
            ),
            (Some(f), None) => short(f),
            _ => "-".to_owned(),
        };
        writeln!(out, "{}[{}] {at}: {}", d.severity, d.code, d.message).unwrap();
        if let Some(pointer) = d.pointer {
            writeln!(out, "  pointer: {pointer}").unwrap();
        }
        for l in &d.labels {
            writeln!(
                out,
                "  label {}:{}:{}-{}:{}: {}",
                short(l.file),
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                l.message
            )
            .unwrap();
        }
        if let Some(help) = d.help {
            writeln!(out, "  help: {help}").unwrap();
        }
    }
    out
}

fn run_case(name: &str, path: &Path) -> Result<(), Failed> {
    let analysis = workspace::analyze(&Input::Path(path.to_path_buf()), Options::default());
    let actual = describe(&analysis.diagnostics, &analysis.sources, ROOT);
    let rendered = render::text(
        &analysis.diagnostics,
        &analysis.sources,
        render::TextStyle::default(),
    );
    compare(
        ROOT,
        name,
        &actual,
        &rendered,
        &format!("fibf check {}", path.display()),
        "check",
    )
}

fn validate_trials() -> Vec<Trial> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(DATA)
        .expect("validate fixtures exist")
        .map(|e| e.expect("readable directory").path())
        .filter(|p| p.extension().is_some_and(|x| x != "diags"))
        .collect();
    cases.sort();
    cases
        .into_iter()
        .map(|path| {
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let name = file.rsplit_once('.').unwrap().0.to_owned();
            Trial::test(format!("validate::{name}"), move || {
                run_validate(&name, &path)
            })
        })
        .collect()
}

fn run_validate(name: &str, path: &Path) -> Result<(), Failed> {
    let record = name.split('.').next().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fibf"))
        .args([
            "validate",
            "--format",
            "json",
            "--max-diagnostics",
            "0",
            "--standards",
            STANDARD,
            "--record",
            record,
        ])
        .arg(path)
        .output()
        .map_err(|e| e.to_string())?;
    // The CLI's JSON report is the expectation, in the same compact form as
    // for check cases, plus the exit code.
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    let mut actual = format!("exit {}\n", out.status.code().unwrap_or(-1));
    let prefix = format!("{DATA}/");
    for d in report.as_array().ok_or("report is an array")? {
        let s = |k: &str| d[k].as_str().unwrap_or("").to_owned();
        let n = |k: &str| d[k].as_u64().unwrap_or(0);
        let file = s("file");
        writeln!(
            actual,
            "{}[{}] {}:{}:{}-{}:{}: {}",
            s("severity"),
            s("code"),
            file.strip_prefix(&prefix).unwrap_or(&file),
            n("line"),
            n("column"),
            n("end_line"),
            n("end_column"),
            s("message")
        )
        .unwrap();
        if let Some(p) = d["pointer"].as_str() {
            writeln!(actual, "  pointer: {p}").unwrap();
        }
        for l in d["labels"].as_array().into_iter().flatten() {
            writeln!(
                actual,
                "  label {}:{}: {}",
                l["line"],
                l["column"],
                l["message"].as_str().unwrap_or("")
            )
            .unwrap();
        }
        if let Some(h) = d["help"].as_str() {
            writeln!(actual, "  help: {h}").unwrap();
        }
    }
    let text = std::process::Command::new(env!("CARGO_BIN_EXE_fibf"))
        .args([
            "validate",
            "--max-diagnostics",
            "0",
            "--standards",
            STANDARD,
            "--record",
            record,
        ])
        .arg(path)
        .env("NO_COLOR", "1")
        .output()
        .map_err(|e| e.to_string())?;
    let rendered = String::from_utf8(text.stdout).map_err(|e| e.to_string())?;
    compare(
        DATA,
        name,
        &actual,
        &rendered,
        &format!("fibf validate --record {record} {}", path.display()),
        "validate",
    )
}

const OFFERINGS: &str = "tests/fixtures/conform";

fn conform_trials() -> Vec<Trial> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(OFFERINGS)
        .expect("conform fixtures exist")
        .map(|e| e.expect("readable directory").path())
        .filter(|p| p.extension().is_some_and(|x| x != "diags"))
        .collect();
    cases.sort();
    cases
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(format!("conform::{name}"), move || {
                run_conform(&name, &path)
            })
        })
        .collect()
}

fn run_conform(name: &str, path: &Path) -> Result<(), Failed> {
    let fibf = |format: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_fibf"))
            .args(["conform", "--standards", STANDARD, "--format", format])
            .arg(path)
            .env("NO_COLOR", "1")
            .output()
            .map_err(|e| e.to_string())
    };
    let out = fibf("json")?;
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("{e}: {out:?}"))?;
    let offering = &report["offerings"][0];
    let mut actual = format!(
        "exit {}\nconformant {}\n",
        out.status.code().unwrap_or(-1),
        offering["conformant"]
    );
    for p in offering["profiles"].as_array().into_iter().flatten() {
        writeln!(
            actual,
            "profile {} passed {} satisfied {}/{} missing {} not_delivered {} unmapped {}",
            p["id"].as_str().unwrap_or(""),
            p["passed"],
            p["satisfied"],
            p["mandatory"],
            p["missing"],
            p["not_delivered"],
            p["unmapped_elements"]
        )
        .unwrap();
    }
    for f in offering["findings"].as_array().into_iter().flatten() {
        let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
        writeln!(
            actual,
            "{}[{}] {}:{}-{}:{}: {}\n  pointer: {}",
            s("severity"),
            s("code"),
            f["line"],
            f["column"],
            f["end_line"],
            f["end_column"],
            s("message"),
            s("pointer")
        )
        .unwrap();
        if let Some(h) = f["help"].as_str() {
            writeln!(actual, "  help: {h}").unwrap();
        }
    }
    let text = fibf("text")?;
    let rendered = String::from_utf8(text.stdout).map_err(|e| e.to_string())?;
    compare(
        OFFERINGS,
        name,
        &actual,
        &rendered,
        &format!("fibf conform --standards {STANDARD} {}", path.display()),
        "conform",
    )
}

/// Compare with `ROOT/NAME.diags` (or write it under `FIBF_BLESS`) and with
/// the insta snapshot of the rendered report.
fn compare(
    root: &str,
    name: &str,
    actual: &str,
    rendered: &str,
    description: &str,
    kind: &str,
) -> Result<(), Failed> {
    let expected_path = Path::new(root).join(format!("{name}.diags"));
    if std::env::var_os("FIBF_BLESS").is_some() {
        std::fs::write(&expected_path, actual).map_err(|e| e.to_string())?;
    } else {
        let expected = std::fs::read_to_string(&expected_path).map_err(|e| {
            format!(
                "{}: {e} (run with FIBF_BLESS=1 to create it)",
                expected_path.display()
            )
        })?;
        if expected != actual {
            return Err(format!(
                "diagnostics differ from {}\n--- expected\n{expected}--- actual\n{actual}",
                expected_path.display()
            )
            .into());
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(description);
    settings.bind(|| {
        insta::assert_snapshot!(format!("{kind}__{name}"), rendered);
    });
    Ok(())
}

const DIFFS: &str = "tests/fixtures/diff";

fn diff_trials() -> Vec<Trial> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(DIFFS)
        .expect("diff fixtures exist")
        .map(|e| e.expect("readable directory").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
        .into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            Trial::test(format!("diff::{name}"), move || run_diff(&name, &dir))
        })
        .collect()
}

fn run_diff(name: &str, dir: &Path) -> Result<(), Failed> {
    let load = |file: &str| -> Result<fibf::model_json::ModelDoc, Failed> {
        let a = workspace::analyze(&Input::Path(dir.join(file)), Options::default());
        if a.diagnostics.iter().any(fibf::diag::Diagnostic::is_error) {
            return Err(format!("{file} has errors: {:?}", a.diagnostics).into());
        }
        Ok(fibf::model_json::export(a.model.as_ref().unwrap(), None))
    };
    let report = fibf::diff::compare(&load("old.fibf")?, &load("new.fibf")?);
    let text = fibf::diff::render::text(&report);
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("FIBF_BLESS").is_some() {
        std::fs::write(&expected_path, &text).map_err(|e| e.to_string())?;
    } else {
        let expected = std::fs::read_to_string(&expected_path)
            .map_err(|e| format!("{}: {e}", expected_path.display()))?;
        if expected != text {
            return Err(format!(
                "report differs from {}\n--- expected\n{expected}--- actual\n{text}",
                expected_path.display()
            )
            .into());
        }
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::assert_snapshot!(
            format!("diff__{name}__markdown"),
            fibf::diff::render::markdown(&report)
        );
        insta::assert_snapshot!(
            format!("diff__{name}__json"),
            fibf::diff::render::json(&report)
        );
    });
    Ok(())
}
