//! Conformance over many offerings: finding the offering files among the
//! paths given and checking them in parallel, in input order.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{OfferingReport, Standard};
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
    find_offerings(io, args, &PathFilter::default())
        .into_iter()
        .map(|f| f.path)
        .collect()
}

/// A file to check as an offering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where it is.
    pub path: PathBuf,
    /// Found by walking a directory rather than named: checked only if it
    /// looks like an offering (an object with a `capabilities` map, or
    /// `vendor` and `product`, or a `$schema` naming the offering schema), else
    /// skipped with the reason.
    pub walked: bool,
}

/// Which of the files found in a directory to take: `--include` and
/// `--exclude` globs, matched against the path relative to the directory
/// given (`*` crosses directories, so `*.schema.json` is any depth).
#[derive(Clone, Debug, Default)]
pub struct PathFilter {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl PathFilter {
    /// The filter of these globs; the first that is not one is the error.
    pub fn new(include: &[String], exclude: &[String]) -> Result<PathFilter, String> {
        let set = |globs: &[String]| -> Result<Option<globset::GlobSet>, String> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = globset::GlobSetBuilder::new();
            for g in globs {
                b.add(
                    globset::Glob::new(g)
                        .map_err(|e| format!("`{g}` is not a glob: {}", e.kind()))?,
                );
            }
            b.build().map(Some).map_err(|e| e.to_string())
        };
        Ok(PathFilter {
            include: set(include)?,
            exclude: set(exclude)?,
        })
    }

    /// Whether the file at `path`, found under `dir`, is taken.
    fn takes(&self, dir: &Path, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let relative = path.strip_prefix(dir).unwrap_or(path);
        self.include.as_ref().is_none_or(|s| s.is_match(relative))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(relative))
    }
}

/// [`offering_paths`], saying which files were found in a directory, with
/// the directories' files filtered by `filter`.
pub fn find_offerings(io: &dyn Io, args: &[PathBuf], filter: &PathFilter) -> Vec<Found> {
    let mut found = Vec::new();
    for arg in args {
        let dir = io.stat(arg).is_ok_and(|k| k == crate::io::Kind::Dir);
        if arg.as_os_str() == "-" || !dir {
            found.push(Found {
                path: arg.clone(),
                walked: false,
            });
            continue;
        }
        for entry in io.walk(arg) {
            let path = match entry {
                WalkEntry::File(p) if is_offering(&p) => p,
                WalkEntry::File(_) | WalkEntry::Symlink { .. } => continue,
                WalkEntry::Error { path, .. } => path,
            };
            if filter.takes(arg, &path) {
                found.push(Found { path, walked: true });
            }
        }
    }
    found
}

/// Whether a file's extension is one of an offering's.
fn is_offering(path: &Path) -> bool {
    path.extension().is_some_and(|x| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|e| x.eq_ignore_ascii_case(e))
    })
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
    let found: Vec<Found> = paths
        .iter()
        .map(|p| Found {
            path: p.clone(),
            walked: false,
        })
        .collect();
    check_found(io, standard, &found, opts, tick)
}

/// [`check_files`] on what [`find_offerings`] found: a file found in a
/// directory that is not an offering gets a report marked
/// [`skipped`](OfferingReport::skipped).
pub fn check_found<'m>(
    io: &dyn Io,
    standard: &Standard<'m>,
    found: &[Found],
    opts: &BatchOptions,
    tick: &(dyn Fn() + Sync),
) -> Vec<OfferingReport<'m>> {
    // A few offerings a task: rayon otherwise can leave one thread working
    // through a long run at the end while the others, out of work, wait.
    found
        .par_iter()
        .with_max_len(OFFERINGS_A_TASK)
        .enumerate()
        .map(|(i, f)| {
            let mut report = match read(io, &f.path, opts) {
                Ok((file, format)) => super::check_document(
                    standard,
                    file,
                    format,
                    FileId(i as u32),
                    &opts.profiles,
                    f.walked,
                ),
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

/// The most offerings rayon checks as one task.
const OFFERINGS_A_TASK: usize = 4;

/// Read an offering, and the format to read it in: as `--input-format`
/// says, else by the extension (`.yaml`/`.yml` YAML, others JSON); standard
/// input has no extension, so its first character decides (JSON opens with
/// `{` or `[`, anything else is read as YAML, which JSON is nearly a subset
/// of).
fn read(io: &dyn Io, path: &Path, opts: &BatchOptions) -> Result<(SourceFile, Format), ReadError> {
    let file = validate::read_data_text(io, path, opts.max_file_size)?;
    let format = opts.format.unwrap_or_else(|| {
        if path.as_os_str() == "-" {
            return match file.text.trim_start().chars().next() {
                Some('{' | '[') => Format::Json,
                _ => Format::Yaml,
            };
        }
        let yaml = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "yaml" | "yml"));
        if yaml { Format::Yaml } else { Format::Json }
    });
    Ok((file, format))
}
