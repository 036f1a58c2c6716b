//! Conformance over many offerings: finding the offering files among the
//! paths given and checking them in parallel, in input order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{OfferingReport, Standard, check};
use crate::data::Format;
use crate::io::{Io, WalkEntry};
use crate::source::{FileId, SourceFile};
use crate::validate::{self, ReadError};

/// How a batch of offerings is read and checked.
#[derive(Clone, Debug, Default)]
pub struct BatchOptions {
    /// The syntax of every offering; by default each file's extension says
    /// (`.yaml`/`.yml` YAML, anything else JSON).
    pub format: Option<Format>,
    /// Refuse offering files larger than this many bytes.
    pub max_file_size: u64,
    /// Check against these profiles instead of the ones each offering claims.
    pub profiles: Vec<String>,
    /// Keep each offering's text in its report (for a report that quotes
    /// the offending lines); without it, the text is released as soon as
    /// the offering is checked.
    pub keep_text: bool,
}

/// The offering files named: files as given, directories walked for YAML
/// and JSON files in name order (hidden entries skipped). An entry that
/// cannot be read is listed all the same, so that its report says so.
pub fn offering_paths(io: &dyn Io, args: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for arg in args {
        let dir = io.stat(arg).is_ok_and(|k| k == crate::io::Kind::Dir);
        if arg.as_os_str() == "-" || !dir {
            paths.push(arg.clone());
            continue;
        }
        for entry in io.walk(arg) {
            match entry {
                WalkEntry::File(p) if is_offering(&p) => paths.push(p),
                WalkEntry::File(_) | WalkEntry::Symlink { .. } => {}
                WalkEntry::Error { path, .. } => paths.push(path),
            }
        }
    }
    paths
}

/// Whether a file's extension is one of an offering's.
fn is_offering(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
}

/// Check each offering at `paths` against `standard`, in parallel; the
/// reports come back in the order of `paths`, each offering's file being
/// `FileId(i)`. `tick` is called once per offering checked (a progress bar).
pub fn check_files<'m>(
    io: &dyn Io,
    standard: &Standard<'m>,
    paths: &[PathBuf],
    opts: &BatchOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<OfferingReport<'m>> {
    paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let mut report = match read(io, path, opts) {
                Ok((file, format)) => {
                    check(standard, file, format, FileId(i as u32), &opts.profiles)
                }
                Err(e) => OfferingReport::unreadable(&e),
            };
            if !opts.keep_text {
                report.release_text();
            }
            tick();
            report
        })
        .collect()
}

/// Read an offering, and the format to read it in: JSON unless the
/// extension says YAML.
fn read(io: &dyn Io, path: &Path, opts: &BatchOptions) -> Result<(SourceFile, Format), ReadError> {
    let format = opts.format.unwrap_or_else(|| {
        let yaml = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "yaml" | "yml"));
        if yaml { Format::Yaml } else { Format::Json }
    });
    let file = validate::read_data_text(io, path, opts.max_file_size)?;
    Ok((file, format))
}
