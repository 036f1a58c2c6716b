//! Edit sequences (up to 12) on a small workspace, as the editor server
//! (`fibf lsp`) sees them: each edit (a file, a place, bytes removed, bytes
//! inserted) is applied to an in-memory buffer and the workspace analysed
//! again incrementally as the server does; its diagnostics must be those of
//! a fresh analysis (what `fibf check` reports) after every edit, and its
//! model after the last. The editor queries (hover, completion, definition,
//! references, rename, symbols, quick fixes) and the protocol's UTF-16
//! positions run at each edit's place. Never a panic.
#![no_main]

use std::path::{Path, PathBuf};

use fibf::ide::Snapshot;
use fibf::io::MemoryIo;
use fibf::lsp::position::{self, Encoding};
use fibf::source::FileId;
use fibf::workspace::{Analysis, Incremental, Input, Options, analyze_in};
use libfuzzer_sys::fuzz_target;

/// The fixture standard, cut into three files at declarations, so that
/// edits cross files and references run between them.
fn workspace() -> Vec<(PathBuf, String)> {
    let text = include_str!("../../tests/fixtures/standard/standard.fibf");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let cut = |from: usize, to: usize| lines[from.min(lines.len())..to.min(lines.len())].concat();
    let third = lines.len() / 3;
    // Move each cut to the next line that starts a declaration.
    let starts = |mut i: usize| {
        while i < lines.len() && (lines[i].starts_with(' ') || lines[i].starts_with('}')) {
            i += 1;
        }
        i
    };
    let (a, b) = (starts(third), starts(2 * third));
    vec![
        (
            PathBuf::from("/ws/fibf.toml"),
            "name = \"fuzz\"\nversion = \"1.0.0\"\n".to_owned(),
        ),
        (PathBuf::from("/ws/a.fibf"), cut(0, a)),
        (PathBuf::from("/ws/b.fibf"), cut(a, b)),
        (PathBuf::from("/ws/c.fibf"), cut(b, lines.len())),
    ]
}

/// Words an edit inserts, so that edits make IDs, keywords and references
/// and not only noise.
const WORDS: [&str; 12] = [
    "GRM.020.010",
    " ",
    "\n",
    "}",
    "{",
    "\"",
    "capability GRM.020.010.099 input {\n  activity GRM.020.010\n  statement \"x\"\n}\n",
    "activity ",
    "area GRM \"G\"\n",
    "#",
    "\"\"\"",
    "é",
];

/// The model of an analysis, as comparable text.
fn model(a: &Analysis) -> String {
    a.model.as_ref().map_or_else(String::new, |m| {
        serde_json::to_string(&fibf::model_json::export(m, None)).unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let files = workspace();
    let io = MemoryIo::new();
    for (path, text) in &files {
        io.insert(path, text.as_bytes());
    }
    let root = Path::new("/ws").to_path_buf();
    let mut inc = Incremental::new(root.clone(), Options::default());
    let mut previous = Some(inc.analyze(&io, None));
    // Five bytes an edit: file, place (two), bytes removed, what is inserted.
    // The diagnostics are compared after every edit; the models (whose
    // export costs more than the analyses) after the last.
    let mut fresh = None;
    for edit in data.chunks(5).take(12) {
        let [f, p1, p2, remove, insert] =
            [0, 1, 2, 3, 4].map(|i| edit.get(i).copied().unwrap_or(0));
        let path = &files[1 + usize::from(f) % 3].0;
        let mut bytes = io.get(path).unwrap_or_default();
        let at = (usize::from(p1) << 8 | usize::from(p2)) % (bytes.len() + 1);
        let end = (at + usize::from(remove % 16)).min(bytes.len());
        let inserted: Vec<u8> = if insert < 200 {
            WORDS[usize::from(insert) % WORDS.len()].as_bytes().to_vec()
        } else {
            vec![insert]
        };
        bytes.splice(at..end, inserted);
        io.insert(path, bytes);
        let analysis = inc.analyze(&io, previous.take());
        let full = analyze_in(&io, &Input::Path(root.clone()), Options::default());
        assert_eq!(
            format!("{:?}", analysis.diagnostics),
            format!("{:?}", full.diagnostics),
            "the incremental and fresh analyses report differently"
        );
        fresh = Some(full);
        let snapshot = Snapshot::new(analysis);
        if let Some(file) = snapshot.file(path) {
            query(&snapshot, file, at);
        }
        previous = Some(snapshot.into_analysis());
    }
    if let (Some(incremental), Some(full)) = (&previous, &fresh) {
        assert_eq!(
            model(incremental),
            model(full),
            "the incremental and fresh models differ"
        );
    }
});

/// Every editor query at `offset` of `file` (and at the protocol position
/// it maps to and back).
fn query(s: &Snapshot, file: FileId, offset: usize) {
    let source = s.analysis.sources.get(file);
    let offset = offset.min(source.text.len());
    let pos = position::position(source, offset, Encoding::Utf16);
    let back = position::offset(source, pos, Encoding::Utf16);
    assert!(back <= source.text.len());
    let _ = s.hover(file, back);
    let _ = s.completions(file, back);
    let _ = s.definition(file, back);
    let _ = s.references(file, back, true);
    let _ = s.prepare_rename(file, back);
    let _ = s.rename(file, back, "GRM.020.010.777");
    let _ = s.document_symbols(file);
    let _ = s.workspace_symbols("GRM", 20);
    let _ = s.fixes(file, back.saturating_sub(8), back);
    let _ = s.diagnostics_of(file).count();
}
