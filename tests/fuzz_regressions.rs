//! Inputs that once crashed a fuzz target (`fuzz/`), replayed through the
//! same code as the target: `tests/fuzz-regressions/TARGET/*`.

use std::path::{Path, PathBuf};

use fibf::data::Format;
use fibf::source::{FileId, SourceFile, SourceMap};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new("tests/fuzz-regressions").join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.map(|e| {
                let p = e.unwrap().path();
                let bytes = std::fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn fixture_model() -> fibf::model::Model {
    let text = std::fs::read_to_string("tests/fixtures/standard/standard.fibf").unwrap();
    fibf::workspace::analyze_text("standard.fibf", &text)
        .model
        .unwrap()
}

#[test]
fn parse_check() {
    let cases = inputs("parse_check");
    assert!(!cases.is_empty());
    for (path, data) in cases {
        let decoded = fibf::source::decode(data);
        if let Err(difference) = fibf::syntax::readers_agree(&decoded.text) {
            panic!("{}: the readers disagree: {difference}", path.display());
        }
        let analysis = fibf::workspace::analyze_text("fuzz.fibf", &decoded.text);
        // Diagnostics, rendered, are the outcome; a panic fails the test.
        let _ = fibf::diag::render::text(
            &analysis.diagnostics,
            &analysis.sources,
            fibf::diag::render::TextStyle::default(),
        );
        let _ = path;
    }
}

#[test]
fn conform() {
    let cases = inputs("conform");
    assert!(!cases.is_empty());
    let model = fixture_model();
    let standard = fibf::conform::Standard::new(&model).unwrap();
    for (_, data) in cases {
        let text = String::from_utf8_lossy(&data).into_owned();
        for format in [Format::Yaml, Format::Json] {
            let file = SourceFile::new("offering", None, text.as_str());
            let report = fibf::conform::check(&standard, file, format, FileId(0), &[]);
            let mut sources = SourceMap::new();
            sources.add(report.file.clone());
            let reports = [report];
            let _ = fibf::conform::render::text(
                &reports,
                &[],
                &sources,
                fibf::diag::render::TextStyle::default(),
                &fibf::conform::StandardsInfo::default(),
                &standard,
            );
            let findings: Vec<fibf::ci::Finding> = reports
                .iter()
                .flat_map(fibf::conform::OfferingReport::ci_findings)
                .collect();
            let root = std::path::Path::new("/");
            let run = fibf::ci::SarifRun {
                root,
                docs_base: "",
                exit_code: 1,
                properties: None,
            };
            let _ = fibf::ci::sarif(&findings, &run);
            let _ = fibf::ci::github(&findings, root);
            let _ = fibf::ci::gitlab(&findings, root);
            let _ = fibf::conform::render::junit(
                &reports,
                &fibf::conform::StandardsInfo::default(),
                &standard,
            );
            let _ = fibf::conform::render::html(
                &reports,
                &[],
                &standard,
                &fibf::conform::StandardsInfo::default(),
            );
        }
    }
}

#[test]
fn fmt() {
    let cases = inputs("fmt");
    assert!(!cases.is_empty());
    for (path, data) in cases {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Ok(once) = fibf::fmt::format_source(FileId(0), text) {
            let twice = fibf::fmt::format_source(FileId(0), &once).expect("formatted text parses");
            assert_eq!(once, twice, "{}: formatting is idempotent", path.display());
        }
    }
}

/// The workbooks the `import_cells` target made of its failing inputs
/// (saved with `FIBF_FUZZ_SAVE`), imported from the CLI: the import ends
/// normally and every file it writes parses. The debug build's assertion
/// that every written word is one also runs here.
#[test]
fn import_cells() {
    let cases = inputs("import_cells");
    assert!(!cases.is_empty());
    for (path, _) in cases {
        let out = tempfile::tempdir().unwrap();
        let run = assert_cmd::Command::cargo_bin("fibf")
            .unwrap()
            .arg("import")
            .arg(&path)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        assert!(
            matches!(run.status.code(), Some(0 | 1)),
            "{}: {run:?}",
            path.display()
        );
        let mut written = 0;
        for entry in walkdir::WalkDir::new(out.path()) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|x| x == "fibf") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                if let Err(e) = fibf::syntax::parse(FileId(0), &text) {
                    panic!("{}: {e:?}\n{text}", entry.path().display());
                }
                written += 1;
            }
        }
        assert!(written > 0, "{}: nothing imported", path.display());
    }
}
