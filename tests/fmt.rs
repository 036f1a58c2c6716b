//! `fibf fmt` never changes meaning and is idempotent: every file of the
//! bundled standards and every fixture is formatted, and the model (and the
//! set of diagnostics) before and after must be the same.

use std::path::{Path, PathBuf};

use fibf::fmt::format_source;
use fibf::model_json;
use fibf::source::FileId;
use fibf::workspace::{self, Input, Options};

/// Copy a workspace (or one file) into `to`, formatting every .fibf file.
fn formatted_copy(from: &Path, to: &Path) -> usize {
    let mut count = 0;
    let files: Vec<PathBuf> = if from.is_dir() {
        walkdir::WalkDir::new(from)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect()
    } else {
        vec![from.to_path_buf()]
    };
    for f in files {
        let rel = if from.is_dir() {
            f.strip_prefix(from).unwrap().to_path_buf()
        } else {
            PathBuf::from(f.file_name().unwrap())
        };
        let dest = to.join(&rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let bytes = std::fs::read(&f).unwrap();
        let text = String::from_utf8(bytes.clone()).ok();
        match (f.extension().is_some_and(|e| e == "fibf"), text) {
            (true, Some(text)) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                match format_source(FileId(0), text) {
                    Ok(once) => {
                        let twice = format_source(FileId(0), &once).expect("formatted text parses");
                        assert_eq!(once, twice, "formatting {} twice changes it", f.display());
                        std::fs::write(&dest, once).unwrap();
                        count += 1;
                    }
                    Err(_) => std::fs::write(&dest, bytes).unwrap(),
                }
            }
            _ => std::fs::write(&dest, bytes).unwrap(),
        }
    }
    count
}

fn model_and_codes(path: &Path) -> (Option<model_json::ModelDoc>, Vec<String>) {
    let analysis = workspace::analyze(&Input::Path(path.to_path_buf()), Options::default());
    let mut codes: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(|d| d.code.to_string())
        .collect();
    codes.sort();
    (
        analysis.model.as_ref().map(|m| model_json::export(m, None)),
        codes,
    )
}

fn assert_same_meaning(path: &Path) -> usize {
    let tmp = tempfile::tempdir().unwrap();
    let target = if path.is_dir() {
        tmp.path().to_path_buf()
    } else {
        tmp.path().join(path.file_name().unwrap())
    };
    let count = formatted_copy(path, tmp.path());
    let (before, codes_before) = model_and_codes(path);
    let (after, codes_after) = model_and_codes(&target);
    assert_eq!(
        codes_before,
        codes_after,
        "diagnostics of {} change when formatted",
        path.display()
    );
    assert!(
        before == after,
        "the model of {} changes when formatted",
        path.display()
    );
    count
}

#[test]
fn bundled_standards_keep_their_meaning_and_are_formatted() {
    let count = assert_same_meaning(Path::new("standards"));
    assert!(count >= 10);
    // And they are committed formatted.
    for entry in walkdir::WalkDir::new("standards").into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "fibf") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert_eq!(
                format_source(FileId(0), &text).unwrap(),
                text,
                "{} is not formatted",
                entry.path().display()
            );
        }
    }
}

#[test]
fn every_fixture_keeps_its_meaning() {
    let mut formatted = 0;
    for dir in ["tests/fixtures/check", "tests/fixtures/standard"] {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() || p.extension().is_some_and(|e| e == "fibf") {
                formatted += assert_same_meaning(&p);
            }
        }
    }
    assert!(formatted >= 30, "{formatted}");
}
