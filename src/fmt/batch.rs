//! Formatting a whole workspace: every `.fibf` file read through an IO
//! environment and formatted in parallel, the changed ones written back.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::format_source;
use crate::diag::Diagnostic;
use crate::io::Io;
use crate::source::{self, FileId, SourceFile};
use crate::workspace::{self, Options};

/// What formatting did, or would do, to one file.
#[derive(Debug)]
pub enum FileOutcome {
    /// The file is in the canonical layout already.
    Unchanged,
    /// The file's text before and after.
    Changed {
        /// As the file is.
        before: String,
        /// In the canonical layout.
        after: String,
    },
    /// The file cannot be formatted: it cannot be read as text, or does
    /// not parse. The diagnostics point into `file` (as `FileId(0)`).
    Failed(SourceFile, Vec<Diagnostic>),
}

/// Format every `.fibf` file of the workspace at `path` (a directory or
/// one file), in path order; nothing is written. `Err` holds the problems
/// that kept the workspace from being read at all (no such path, no
/// `.fibf` files).
pub fn format_workspace(
    io: &dyn Io,
    path: &Path,
    opts: Options,
) -> Result<Vec<(PathBuf, FileOutcome)>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some((_, files)) = workspace::collect_in(io, path, &mut problems) else {
        return Err(problems);
    };
    Ok(files
        .par_iter()
        .map(|p| (p.clone(), format_file(io, p, opts)))
        .collect())
}

/// Write the changed files of a run back through `io`; the first file that
/// cannot be written ends it, with its path.
pub fn write_changes(
    io: &dyn Io,
    outcomes: &[(PathBuf, FileOutcome)],
) -> Result<usize, (PathBuf, std::io::Error)> {
    let mut written = 0;
    for (path, outcome) in outcomes {
        if let FileOutcome::Changed { after, .. } = outcome {
            io.write(path, after.as_bytes())
                .map_err(|e| (path.clone(), e))?;
            written += 1;
        }
    }
    Ok(written)
}

/// Format one file read through `io`.
pub fn format_file(io: &dyn Io, path: &Path, opts: Options) -> FileOutcome {
    let name = source::display_name(path);
    let before = match workspace::read_text(io, path, opts) {
        Ok(text) => text,
        Err(d) => {
            // The file could not be read as text: report it against an
            // empty stand-in, so labels that need the text are dropped.
            let mut d = *d;
            d.labels.clear();
            return FileOutcome::Failed(
                SourceFile::new(name, Some(path.to_path_buf()), ""),
                vec![d],
            );
        }
    };
    match format_source(FileId(0), &before) {
        Ok(after) if after == before => FileOutcome::Unchanged,
        Ok(after) => FileOutcome::Changed { before, after },
        Err(errors) => FileOutcome::Failed(
            SourceFile::new(name, Some(path.to_path_buf()), before),
            errors.into_iter().map(Diagnostic::from).collect(),
        ),
    }
}
