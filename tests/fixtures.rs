//! Fixture tests, one per file (or directory) under `tests/fixtures/check/`.
//!
//! Each case `NAME.fibf` (or directory `NAME/`) has its expected diagnostics
//! beside it in `NAME.diags`: every diagnostic with its code, severity, every
//! label's span as `file:line:col-line:col`, and its help line. The rendered
//! miette report of each case is also kept as an insta snapshot.
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

fn main() {
    let args = Arguments::from_args();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(ROOT)
        .expect("fixture directory exists")
        .map(|e| e.expect("readable fixture directory").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "fibf"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixtures found under {ROOT}");
    let trials = cases
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            Trial::test(format!("check::{name}"), move || run_case(&name, &path))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// The expectation text for a set of diagnostics.
fn describe(analysis: &workspace::Analysis) -> String {
    let prefix = format!("{ROOT}/");
    let short = |f: &str| f.strip_prefix(&prefix).unwrap_or(f).to_owned();
    let mut out = String::new();
    for d in render::json_values(&analysis.diagnostics, &analysis.sources) {
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
    let actual = describe(&analysis);
    let expected_path = Path::new(ROOT).join(format!("{name}.diags"));
    if std::env::var_os("FIBF_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).map_err(|e| e.to_string())?;
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
    let rendered = render::text(
        &analysis.diagnostics,
        &analysis.sources,
        render::TextStyle::default(),
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_description(format!("fibf check {}", path.display()));
    settings.bind(|| {
        insta::assert_snapshot!(format!("check__{name}"), rendered);
    });
    Ok(())
}
