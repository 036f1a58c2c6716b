//! Analysing a workspace again after an edit, reusing what did not change.
//!
//! An editor re-analyses its workspace on every keystroke, and parsing and
//! lowering are four fifths of an analysis. [`Incremental`] keeps, for each
//! file of its last analysis, the text and what reading it gave (syntax
//! errors, lowering errors); the next analysis reads every file again (an
//! editor's buffer, or the disk, which another program may have changed),
//! parses only those whose bytes differ, and takes the previous model apart
//! by file ([`Model::into_files`]) for the rest, moving its entities rather
//! than copying them. Building, resolving and checking then run on the
//! whole workspace as in a full analysis, so the result is the same by
//! construction; the tests compare the two after random edits.
//!
//! A changed file list (a file added, removed or renamed) shifts file IDs,
//! which spans carry: that analysis starts from scratch.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Analysis, Loaded, Options, assemble, collect_in, finish, from_read, parse_and_lower};
use crate::diag::Diagnostic;
use crate::io::{Contents, Io};
use crate::lints::Lints;
use crate::model::{FileModel, Model, ModelError};
use crate::source::{FileId, SourceFile, SourceMap};

/// Repeated analyses of one workspace (a directory, or one file), each
/// reusing what the last one read of the files that did not change.
pub struct Incremental {
    input: PathBuf,
    opts: Options,
    kept: Option<Kept>,
    parsed: usize,
}

/// What the last analysis read: its files in file ID order.
struct Kept {
    paths: Vec<PathBuf>,
    /// `None` for a file that could not be read or decoded, which is read
    /// again each time.
    files: Vec<Option<KeptFile>>,
}

struct KeptFile {
    file: SourceFile,
    diagnostics: Vec<Diagnostic>,
    errors: Vec<ModelError>,
    broken: bool,
}

impl KeptFile {
    /// Whether `bytes`, as read now, are the text this file was made from.
    fn same(&self, bytes: &[u8]) -> bool {
        let text = self.file.text.as_bytes();
        bytes == text || bytes.strip_prefix(b"\xEF\xBB\xBF") == Some(text)
    }
}

/// One file of a new analysis: read afresh, or the same as last time.
enum Read {
    Fresh(Box<Loaded>),
    Same(usize),
}

impl Incremental {
    /// Analyses of the workspace at `input`, as [`analyze_in`](super::analyze_in)
    /// does it.
    pub fn new(input: PathBuf, opts: Options) -> Incremental {
        Incremental {
            input,
            opts,
            kept: None,
            parsed: 0,
        }
    }

    /// The workspace analysed.
    pub fn input(&self) -> &Path {
        &self.input
    }

    /// How many files the last analysis parsed (the others were reused).
    pub fn parsed(&self) -> usize {
        self.parsed
    }

    /// Analyse the workspace through `io`. `previous` is the analysis this
    /// one replaces, which it takes apart: when it is the last one made
    /// here, the files that did not change are not parsed again. Given any
    /// other analysis, or none, every file is.
    pub fn analyze(&mut self, io: &dyn Io, previous: Option<Analysis>) -> Analysis {
        // Taken first: if this analysis panics, the next starts afresh.
        let kept = self.kept.take();
        let mut diagnostics = Vec::new();
        let Some((root, paths)) = collect_in(io, &self.input, &mut diagnostics) else {
            self.parsed = 0;
            return finish(
                None,
                SourceMap::new(),
                None,
                true,
                diagnostics,
                &Lints::default(),
                0,
            );
        };
        let (kept, mut parts) = match reusable(kept, previous, &paths) {
            Some((kept, parts)) => (kept.files, parts.into_iter().map(Some).collect()),
            None => (Vec::new(), Vec::new()),
        };
        let opts = self.opts;
        let read: Vec<Read> = paths
            .par_iter()
            .enumerate()
            .map(|(i, path)| {
                let id = FileId(i as u32);
                let read = io.read(path, opts.max_file_size);
                if let (Some(Some(k)), Ok(Contents::Bytes(bytes))) = (kept.get(i), &read)
                    && k.same(bytes)
                {
                    return Read::Same(i);
                }
                let loaded = from_read(id, path, read, opts);
                Read::Fresh(Box::new(if loaded.broken {
                    loaded
                } else {
                    parse_and_lower(id, loaded.file)
                }))
            })
            .collect();
        self.parsed = read.iter().filter(|r| matches!(r, Read::Fresh(_))).count();

        let mut kept = kept;
        let loaded: Vec<Loaded> = read
            .into_iter()
            .map(|r| match r {
                Read::Fresh(loaded) => *loaded,
                Read::Same(i) => {
                    let k = kept[i].take().expect("a kept file is reused once");
                    let model = parts[i].take().expect("a part is reused once");
                    Loaded {
                        file: k.file,
                        model: Some(FileModel {
                            model,
                            errors: k.errors,
                        }),
                        diagnostics: k.diagnostics,
                        broken: k.broken,
                    }
                }
            })
            .collect();
        let files = loaded.iter().map(keep).collect();
        let (analysis, _) = assemble(io, loaded, root.as_deref(), diagnostics, |_, _| ());
        self.kept = Some(Kept { paths, files });
        analysis
    }
}

/// What to keep of a file for the next analysis.
fn keep(l: &Loaded) -> Option<KeptFile> {
    let model = l.model.as_ref()?;
    Some(KeptFile {
        file: l.file.clone(),
        diagnostics: l.diagnostics.clone(),
        errors: model.errors.clone(),
        broken: l.broken,
    })
}

/// The files kept and the previous model taken apart by file, when the
/// file list is the same and `previous` was made from exactly the files
/// kept (the same texts, not equal ones).
fn reusable(
    kept: Option<Kept>,
    previous: Option<Analysis>,
    paths: &[PathBuf],
) -> Option<(Kept, Vec<Model>)> {
    let kept = kept.filter(|k| k.paths == paths)?;
    let previous = previous?;
    let made_from_kept = previous.sources.len() >= kept.files.len()
        && kept.files.iter().enumerate().all(|(i, k)| {
            k.as_ref().is_none_or(|k| {
                let f = previous.sources.get(FileId(i as u32));
                std::sync::Arc::ptr_eq(&f.text, &k.file.text)
            })
        });
    if !made_from_kept {
        return None;
    }
    let parts = previous.model?.into_files(paths.len())?;
    Some((kept, parts))
}
