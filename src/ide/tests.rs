//! The editor queries on a small workspace of two files.

use std::path::PathBuf;

use super::*;
use crate::io::MemoryIo;
use crate::workspace::{Input, Options, analyze_in};

const LIFECYCLE: &str = "area GRM \"Grants Management\"\n\nfunction GRM.010 \"Program Administration\" {\n  area GRM\n}\n\nactivity GRM.010.010 \"Program Set-up\" {\n  function GRM.010\n}\n";
const CAPS: &str = "@defect(\"as published\")\ncapability GRM.010.010.011 input {\n  activity GRM.010.010\n  statement \"Capture the authorizing legislation\"\n}\n\nprofile BASE \"Baseline\" {\n  require GRM.010.010.011, GRM.010.010.012\n  select GRM.010\n}\n";

fn snapshot(caps: &str) -> Snapshot {
    let io = MemoryIo::new()
        .with_file("/ws/lifecycle.fibf", LIFECYCLE)
        .with_file("/ws/caps.fibf", caps);
    Snapshot::new(analyze_in(
        &io,
        &Input::Path(PathBuf::from("/ws")),
        Options::default(),
    ))
}

fn offset(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
}

#[test]
fn definitions_and_references_across_files() {
    let s = snapshot(CAPS);
    let caps = s.file(std::path::Path::new("/ws/caps.fibf")).unwrap();
    let lifecycle = s.file(std::path::Path::new("/ws/lifecycle.fibf")).unwrap();
    // On `activity GRM.010.010` in caps.fibf: its declaration is in the
    // other file.
    let at = offset(CAPS, "GRM.010.010\n") + 3;
    let def = s.definition(caps, at).unwrap();
    assert_eq!(def.file, lifecycle);
    assert_eq!(s.analysis.sources.text(def), "GRM.010.010");
    let refs = s.references(caps, at, true);
    assert_eq!(
        refs.len(),
        2,
        "the declaration and the capability's reference"
    );
    // The end of an ID still counts as on it.
    let end = offset(CAPS, "GRM.010.010\n") + "GRM.010.010".len();
    assert_eq!(s.definition(caps, end), Some(def));
    // A reference that resolves to nothing has no definition.
    assert!(
        s.definition(caps, offset(CAPS, "GRM.010.010.012") + 2)
            .is_none()
    );
    assert!(s.definition(caps, 0).is_none());
}

#[test]
fn hover_says_what_an_entity_is() {
    let s = snapshot(CAPS);
    let caps = s.file(std::path::Path::new("/ws/caps.fibf")).unwrap();
    let h = s.hover(caps, offset(CAPS, "011, GRM") + 1).unwrap();
    assert!(
        h.markdown
            .starts_with("**Capability** `GRM.010.010.011` (input)"),
        "{}",
        h.markdown
    );
    assert!(h.markdown.contains("Capture the authorizing legislation"));
    assert!(h.markdown.contains("Lifecycle: `GRM` Grants Management → `GRM.010` Program Administration → `GRM.010.010` Program Set-up"), "{}", h.markdown);
    assert!(h.markdown.contains("Known published defect: as published"));
    assert!(
        h.markdown.contains("Declared in /ws/caps.fibf:2:12"),
        "{}",
        h.markdown
    );
    let dangling = s.hover(caps, offset(CAPS, "GRM.010.010.012")).unwrap();
    assert_eq!(
        dangling.markdown,
        "`GRM.010.010.012`: no capability has this ID"
    );
}

#[test]
fn completion_offers_what_fits_the_position() {
    let labels = |text: &str, at: usize| -> Vec<String> {
        let s = snapshot(text);
        let caps = s.file(std::path::Path::new("/ws/caps.fibf")).unwrap();
        s.completions(caps, at)
            .into_iter()
            .map(|c| c.label)
            .collect()
    };
    // A reference position: IDs of the kinds the field takes.
    let text = CAPS.replace("  activity GRM.010.010\n", "  activity GRM.0\n");
    let at = offset(&text, "GRM.0\n") + "GRM.0".len();
    assert_eq!(labels(&text, at), ["GRM.010.010"]);
    let text = CAPS.replace("  select GRM.010\n", "  select \n");
    let at = offset(&text, "select ") + "select ".len();
    assert_eq!(labels(&text, at), ["GRM", "GRM.010", "GRM.010.010"]);
    // A field position: the fields of the block.
    let text = CAPS.replace("  statement", "  st\n  statement");
    let at = offset(&text, "  st\n") + 4;
    assert_eq!(labels(&text, at), ["statement", "status"]);
    // A value position.
    let text = CAPS.replace("  statement", "  status d\n  statement");
    let at = offset(&text, "status d") + "status d".len();
    assert_eq!(labels(&text, at), ["draft", "deprecated"]);
    // The top level: declaration keywords.
    let text = format!("{CAPS}\npr");
    assert_eq!(labels(&text, text.len()), ["process", "profile"]);
    // Inside a string: nothing.
    let text = CAPS.replace("legislation", "legislation GRM");
    let at = offset(&text, "legislation GRM") + "legislation GRM".len();
    assert!(labels(&text, at).is_empty());
}

#[test]
fn rename_replaces_every_occurrence_or_says_why_not() {
    let s = snapshot(CAPS);
    let lifecycle = s.file(std::path::Path::new("/ws/lifecycle.fibf")).unwrap();
    let at = offset(LIFECYCLE, "GRM.010 \"") + 1;
    let spans = s.rename(lifecycle, at, "GRM.020").unwrap();
    // The declaration, the activity's `function`, the profile's `select`.
    assert_eq!(spans.len(), 3);
    assert!(
        s.rename(lifecycle, at, "grm-20")
            .unwrap_err()
            .contains("not a valid function ID")
    );
    let caps = s.file(std::path::Path::new("/ws/caps.fibf")).unwrap();
    let profile = offset(CAPS, "BASE");
    assert!(
        s.rename(caps, profile, "GRM")
            .unwrap_err()
            .contains("already the ID of service area")
    );
    assert!(
        s.prepare_rename(lifecycle, 0).is_err(),
        "a keyword is not renamed"
    );
}

#[test]
fn outline_and_search() {
    let s = snapshot(CAPS);
    let lifecycle = s.file(std::path::Path::new("/ws/lifecycle.fibf")).unwrap();
    let outline: Vec<String> = s
        .document_symbols(lifecycle)
        .into_iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(outline, ["GRM", "GRM.010", "GRM.010.010"]);
    let found: Vec<String> = s
        .workspace_symbols("set-up", 10)
        .into_iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(found, ["GRM.010.010"]);
    let found: Vec<String> = s
        .workspace_symbols("grm.010.0", 10)
        .into_iter()
        .map(|x| x.id)
        .collect();
    assert_eq!(found, ["GRM.010.010", "GRM.010.010.011"]);
}

#[test]
fn quick_fixes_replace_and_allow() {
    let text = CAPS.replace("activity GRM.010.010\n", "activity GRM.010.01O\n");
    let s = snapshot(&text);
    let caps = s.file(std::path::Path::new("/ws/caps.fibf")).unwrap();
    let at = offset(&text, "GRM.010.01O");
    let fixes = s.fixes(caps, at, at);
    let replace = fixes
        .iter()
        .find(|f| f.preferred)
        .expect("a did-you-mean fix");
    assert_eq!(replace.text, "GRM.010.010");
    assert_eq!(s.analysis.sources.text(replace.span), "GRM.010.01O");
}
