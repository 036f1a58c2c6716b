//! The library on workspaces held in memory (`fibf::io::MemoryIo`): check,
//! conform and fmt over several files without touching the disk, and the
//! analysis of a workspace with a broken file.

use std::path::{Path, PathBuf};

use fibf::conform::{BatchOptions, Standard};
use fibf::diag::Severity;
use fibf::io::{Io, MemoryIo, OverlayIo};
use fibf::model::EntityKind;
use fibf::workspace::{Input, Options, analyze_in};

const AREAS: &str = r#"area GRM "Grants Management"

function GRM.010 "Program Administration" {
  area GRM
}
"#;

const ACTIVITIES: &str = r#"activity GRM.010.010 "Program Set-up" {
  function GRM.010
}

capability GRM.010.010.011 input {
  activity GRM.010.010
  statement "Capture the authorizing legislation"
}

profile BASE "Baseline" {
  require GRM.010.010.011
}
"#;

fn workspace() -> MemoryIo {
    MemoryIo::new()
        .with_file("/ws/fibf.toml", "name = \"memory\"\nversion = \"1.0.0\"\n")
        .with_file("/ws/lifecycle/areas.fibf", AREAS)
        .with_file("/ws/lifecycle/activities.fibf", ACTIVITIES)
        .with_current_dir("/ws")
}

fn errors(a: &fibf::workspace::Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn check_resolves_across_files_in_memory() {
    let io = workspace();
    let a = analyze_in(&io, &Input::Path(PathBuf::from(".")), Options::default());
    assert_eq!(a.files, 2);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    let model = a.model.as_ref().unwrap();
    assert_eq!(model.workspace.name.as_deref(), Some("memory"));
    let cap = model.lookup("GRM.010.010.011").unwrap();
    let activity = &model.capabilities[cap.index as usize].activity;
    assert_eq!(activity.target, model.lookup("GRM.010.010"));
    assert!(!a.partial);

    // A dangling reference in one file is reported in that file.
    io.insert(
        "/ws/lifecycle/activities.fibf",
        ACTIVITIES.replace("function GRM.010\n", "function GRM.020\n"),
    );
    let a = analyze_in(&io, &Input::Path(PathBuf::from(".")), Options::default());
    let e = errors(&a);
    assert_eq!(e.len(), 1, "{e:?}");
    let label = &a.diagnostics[0].labels[0];
    assert_eq!(
        a.sources.get(label.span.file).name,
        "lifecycle/activities.fibf"
    );
}

#[test]
fn a_syntax_error_keeps_the_rest_of_the_workspace() {
    let broken = ACTIVITIES.replace(
        "capability GRM.010.010.011 input {",
        "capability GRM.010.010.011 input {{ \"unclosed",
    );
    let io = workspace().with_file("/ws/lifecycle/activities.fibf", broken);
    let a = analyze_in(&io, &Input::Path(PathBuf::from("/ws")), Options::default());
    // The syntax error is reported, and only it.
    let e = errors(&a);
    assert!(
        !e.is_empty() && e.iter().all(|x| x.starts_with("E011")),
        "{e:?}"
    );
    assert!(a.partial);
    let model = a.model.as_ref().expect("a model of what parsed");
    // The entities before and after the broken block are there...
    let activity = model
        .lookup("GRM.010.010")
        .expect("the activity before the error");
    assert_eq!(activity.kind, EntityKind::Activity);
    let profile = model.lookup("BASE").expect("the profile after the error");
    // ...and resolve against the other file, and it against them.
    assert_eq!(
        model.activities[activity.index as usize].function.target,
        model.lookup("GRM.010")
    );
    assert_eq!(profile.kind, EntityKind::Profile);
    assert!(
        model.lookup("GRM.010.010.011").is_none(),
        "the broken block is left out"
    );
}

#[test]
fn conform_runs_on_offerings_in_memory() {
    let io = workspace()
        .with_file(
            "/offerings/good.yaml",
            "vendor: A\nproduct: P\nversion: \"1\"\nstandards:\n  name: memory\n  version: 1.0.0\nprofiles: [BASE]\ncapabilities:\n  GRM.010.010.011:\n    support: supported\n",
        )
        .with_file(
            "/offerings/bad.json",
            r#"{"vendor": "B", "product": "Q", "version": "1", "standards": {"name": "memory", "version": "1.0.0"}, "profiles": ["BASE"], "capabilities": {"GRM.010.010.011": {"support": "planned"}}}"#,
        )
        .with_file("/offerings/notes.txt", "not an offering");
    let a = analyze_in(&io, &Input::Path(PathBuf::from("/ws")), Options::default());
    let model = a.model.unwrap();
    let standard = Standard::new(&model).unwrap();
    let paths = fibf::conform::offering_paths(&io, &[PathBuf::from("/offerings")]);
    assert_eq!(
        paths,
        [
            PathBuf::from("/offerings/bad.json"),
            PathBuf::from("/offerings/good.yaml")
        ]
    );
    let opts = BatchOptions {
        max_file_size: 1 << 20,
        ..BatchOptions::default()
    };
    let reports = fibf::conform::check_files(&io, &standard, &paths, &opts, &|| ());
    let verdicts: Vec<bool> = reports
        .iter()
        .map(fibf::conform::OfferingReport::conformant)
        .collect();
    assert!(verdicts == [false, true], "{:#?}", reports[1].findings);
    assert_eq!(verdicts, [false, true]);
}

#[test]
fn fmt_formats_and_writes_a_workspace_in_memory() {
    let io = workspace().with_file(
        "/ws/messy.fibf",
        "area   TRT \"Travel\"\n\n\n\nfunction TRT.010 \"Trips\" {\narea TRT\n}\n",
    );
    let outcomes = fibf::fmt::format_workspace(&io, Path::new("/ws"), Options::default()).unwrap();
    let changed: Vec<&Path> = outcomes
        .iter()
        .filter(|(_, o)| matches!(o, fibf::fmt::FileOutcome::Changed { .. }))
        .map(|(p, _)| p.as_path())
        .collect();
    assert_eq!(changed, [Path::new("/ws/messy.fibf")]);
    assert_eq!(fibf::fmt::write_changes(&io, &outcomes).unwrap(), 1);
    assert_eq!(
        String::from_utf8(io.get("/ws/messy.fibf").unwrap()).unwrap(),
        "area TRT \"Travel\"\n\nfunction TRT.010 \"Trips\" {\n  area TRT\n}\n"
    );
    let again = fibf::fmt::format_workspace(&io, Path::new("/ws"), Options::default()).unwrap();
    assert!(
        again
            .iter()
            .all(|(_, o)| matches!(o, fibf::fmt::FileOutcome::Unchanged))
    );
}

#[test]
fn open_buffers_are_analysed_over_the_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("areas.fibf"), AREAS).unwrap();
    std::fs::write(root.join("activities.fibf"), ACTIVITIES).unwrap();
    let mut overlay = OverlayIo::new(fibf::io::NativeIo);
    // An unsaved edit requires a capability that an unsaved new file declares.
    overlay.open(
        root.join("activities.fibf"),
        ACTIVITIES.replace("require GRM.010.010.011", "require GRM.010.010.012"),
    );
    overlay.open(
        root.join("more.fibf"),
        "capability GRM.010.010.012 output {\n  activity GRM.010.010\n  statement \"Report the program\"\n}\n",
    );
    let a = analyze_in(
        &overlay,
        &Input::Path(root.to_path_buf()),
        Options::default(),
    );
    assert_eq!(a.files, 3);
    assert!(errors(&a).is_empty(), "{:?}", errors(&a));
    let model = a.model.unwrap();
    let profile = model.lookup("BASE").unwrap();
    assert_eq!(
        model.profiles[profile.index as usize].requires[0].target,
        model.lookup("GRM.010.010.012")
    );
    // The disk is untouched.
    assert_eq!(
        std::fs::read_to_string(root.join("activities.fibf")).unwrap(),
        ACTIVITIES
    );
    assert!(overlay.stat(&root.join("more.fibf")).is_ok());
}
