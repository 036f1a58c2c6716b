//! Incremental analysis (`fibf::workspace::Incremental`, what `fibf lsp`
//! runs after each edit): it parses only the files that changed, and its
//! result is the full analysis's, diagnostics and model alike, after any
//! sequence of edits, additions and removals.

mod common;

use std::path::{Path, PathBuf};

use fibf::io::{Io, MemoryIo, NativeIo, OverlayIo};
use fibf::model_json::{Locations, Sources, export};
use fibf::workspace::{Analysis, Incremental, Input, Options, analyze_in};
use proptest::prelude::*;

/// The diagnostics and the model of an analysis, as comparable text.
fn outcome(a: &Analysis) -> (String, String) {
    let diagnostics = format!("{:#?}", a.diagnostics);
    let model = a.model.as_ref().map_or_else(String::new, |m| {
        let sources = Sources {
            map: &a.sources,
            root: a.root.as_deref(),
        };
        serde_json::to_string(&export(m, Some(&Locations::new(m, sources)))).unwrap()
    });
    (diagnostics, model)
}

fn fresh(io: &dyn Io, root: &Path) -> Analysis {
    analyze_in(io, &Input::Path(root.to_path_buf()), Options::default())
}

#[test]
fn an_edit_reparses_one_file_of_the_bundled_standards() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let mut io = OverlayIo::new(NativeIo);
    let mut inc = Incremental::new(root.clone(), Options::default());
    let first = inc.analyze(&io, None);
    let files = first.files;
    assert!(files > 40, "{files}");
    assert_eq!(inc.parsed(), files);
    assert_eq!(outcome(&first), outcome(&fresh(&io, &root)));

    // Nothing changed: nothing parsed, the same result.
    let again = inc.analyze(&io, Some(first));
    assert_eq!(inc.parsed(), 0);
    assert_eq!(outcome(&again), outcome(&fresh(&io, &root)));

    // A buffer with a dangling reference: one file parsed, and its error
    // reported as a full analysis reports it.
    let file = root.join("authored/ffm-payables.fibf");
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replacen("  activity FFM.030.", "  activity FFM.930.", 1);
    assert_ne!(broken, text);
    io.open(&file, broken);
    let edited = inc.analyze(&io, Some(again));
    assert_eq!(inc.parsed(), 1);
    assert!(
        edited
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "E0301")
    );
    assert_eq!(outcome(&edited), outcome(&fresh(&io, &root)));

    // Undone: clean again, still one file parsed.
    io.close(&file);
    let undone = inc.analyze(&io, Some(edited));
    assert_eq!(inc.parsed(), 1);
    assert!(
        !undone
            .diagnostics
            .iter()
            .any(|d| d.code.as_str() == "E0301")
    );
    assert_eq!(outcome(&undone), outcome(&fresh(&io, &root)));
}

#[test]
fn another_analysis_or_none_means_parsing_everything() {
    let io = MemoryIo::new()
        .with_file("/ws/a.fibf", "area GRM \"Grants\"\n")
        .with_file(
            "/ws/b.fibf",
            "function GRM.010 \"Admin\" {\n  area GRM\n}\n",
        );
    let root = PathBuf::from("/ws");
    let mut inc = Incremental::new(root.clone(), Options::default());
    let _ = inc.analyze(&io, None);
    // Not the analysis made here: it cannot be taken apart for reuse.
    let _ = inc.analyze(&io, Some(fresh(&io, &root)));
    assert_eq!(inc.parsed(), 2);
    let _ = inc.analyze(&io, None);
    assert_eq!(inc.parsed(), 2);
}

/// The files of the workspace the property test edits.
const START: [(&str, &str); 3] = [
    (
        "/ws/areas.fibf",
        "area GRM \"Grants\"\n\nfunction GRM.010 \"Admin\" {\n  area GRM\n}\n",
    ),
    (
        "/ws/activities.fibf",
        "activity GRM.010.010 \"Set-up\" {\n  function GRM.010\n}\n\ncapability GRM.010.010.011 input {\n  activity GRM.010.010\n  statement \"Capture the legislation\"\n}\n",
    ),
    (
        "/ws/profiles.fibf",
        "profile BASE \"Baseline\" {\n  require GRM.010.010.011\n}\n",
    ),
];

proptest! {
    #![proptest_config(common::proptest_config(64))]

    /// After each step of random edits (and a file added or removed now
    /// and then), the incremental analysis is the full one.
    #[test]
    fn after_any_edits_it_is_the_full_analysis(
        steps in proptest::collection::vec((0usize..300, 0usize..100, 0usize..4), 1..16)
    ) {
        let io = MemoryIo::new().with_current_dir("/ws");
        let mut texts: Vec<String> = START.iter().map(|(_, t)| (*t).to_owned()).collect();
        for ((path, _), text) in START.iter().zip(&texts) {
            io.insert(path, text.as_bytes());
        }
        let root = PathBuf::from("/ws");
        let mut inc = Incremental::new(root.clone(), Options::default());
        let mut last = inc.analyze(&io, None);
        for (at, what, which) in steps {
            if which == 3 {
                // A file comes or goes, which renumbers the files.
                let extra = "/ws/b-extra.fibf";
                if io.get(extra).is_some() {
                    io.remove(extra);
                } else {
                    io.insert(extra, "area HCM \"Human Capital\"\n");
                }
            } else {
                texts[which] = common::edit(&texts[which], at, what);
                io.insert(START[which].0, texts[which].as_bytes());
            }
            let next = inc.analyze(&io, Some(last));
            prop_assert_eq!(outcome(&next), outcome(&fresh(&io, &root)));
            last = next;
        }
    }
}
