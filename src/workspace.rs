//! The workspace: which files take part in a run, reading them, and the
//! pipeline from files to a checked model.
//!
//! A workspace is a directory of `.fibf` files (walked in sorted order,
//! hidden entries skipped) with an optional `fibf.toml` at its root, a single
//! file, or standard input. Files are read, parsed and lowered in parallel;
//! everything after that sees them in path order, so results never depend on
//! scheduling.

use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::diag::{self, Code, Diagnostic, Severity};
use crate::export::Sources;
use crate::model::{self, FileModel, Model, WorkspaceInfo};
use crate::source::{self, DecodeProblem, FileId, SourceFile, SourceMap, Span};
use crate::syntax;

/// Default limit on the size of one input file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The name of the workspace configuration file.
pub const CONFIG_FILE: &str = "fibf.toml";

/// What to read.
#[derive(Clone, Debug)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The outcome of loading and checking a workspace.
pub struct Analysis {
    /// The workspace directory, when a directory was analyzed.
    pub root: Option<PathBuf>,
    pub sources: SourceMap,
    /// Present when every file parsed; absent after syntax or I/O errors.
    pub model: Option<Model>,
    /// Sorted into report order.
    pub diagnostics: Vec<Diagnostic>,
    /// How many `.fibf` files were read.
    pub files: usize,
}

impl Analysis {
    /// Whether a problem with the input itself (unreadable path, nothing to
    /// read) occurred, as opposed to findings in the standards.
    pub fn input_failed(&self) -> bool {
        self.diagnostics.iter().any(|d| is_input_failure(d.code))
    }
}

/// Codes that mean the input could not be read at all (exit code 2).
pub fn is_input_failure(code: Code) -> bool {
    matches!(code, Code::E0100 | Code::E0104)
}

/// The workspace `fibf` looks at when no path is given: `./standards` if it
/// exists, else the nearest directory upwards holding a `fibf.toml`, else the
/// current directory.
pub fn default_path() -> PathBuf {
    let standards = Path::new("standards");
    if standards.is_dir() {
        return standards.to_path_buf();
    }
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            if dir.join(CONFIG_FILE).is_file() {
                return dir.to_path_buf();
            }
        }
    }
    PathBuf::from(".")
}

/// An error of reading the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    Unreadable { path: String, reason: String },
    InvalidUtf8 { span: Span },
    Binary { span: Span },
    TooLarge { path: String, size: u64, limit: u64 },
    NoFiles { path: String },
    Empty { span: Span },
    Symlink { path: String },
    Config { span: Span, message: String },
}

impl From<SourceError> for Diagnostic {
    fn from(err: SourceError) -> Diagnostic {
        match err {
            SourceError::Unreadable { path, reason } => Diagnostic::new(Code::E0100, format!("cannot read: {reason}"))
                .with_path(path)
                .with_help("check that the path exists and that you may read it"),
            SourceError::InvalidUtf8 { span } => Diagnostic::new(Code::E0101, "file is not valid UTF-8")
                .with_label(span, "invalid byte sequence here")
                .with_help("save the file as UTF-8 (most editors offer this under \"Save with encoding\")"),
            SourceError::Binary { span } => Diagnostic::new(Code::E0102, "file contains a NUL byte: it is binary, not text")
                .with_label(span, "NUL byte here")
                .with_help("only text files with the .fibf extension belong in a workspace; move or rename this file"),
            SourceError::TooLarge { path, size, limit } => Diagnostic::new(
                Code::E0103,
                // Reading stops one byte past the limit: a stream's true size
                // is unknown then.
                if size > limit.saturating_add(1) {
                    format!("file is {size} bytes, over the limit of {limit} bytes")
                } else {
                    format!("file is over the limit of {limit} bytes")
                },
            )
            .with_path(path)
            .with_help("split the standard into several files, or raise the limit with --max-file-size"),
            SourceError::NoFiles { path } => Diagnostic::new(Code::E0104, "no .fibf files found")
                .with_path(path)
                .with_help("point fibf at a directory of .fibf files or at one .fibf file"),
            SourceError::Empty { span } => Diagnostic::new(Code::W0105, "file declares nothing")
                .with_label(span, "no declarations in this file")
                .with_help("add declarations or delete the file"),
            SourceError::Symlink { path } => Diagnostic::new(Code::W0106, "symbolic link skipped")
                .with_path(path)
                .with_help("fibf reads only regular files inside the workspace; copy the file in if it belongs to the standard"),
            SourceError::Config { span, message } => Diagnostic::new(Code::E0107, format!("invalid {CONFIG_FILE}: {message}"))
                .with_label(span, "here")
                .with_help("fibf.toml takes `name = \"...\"` and `version = \"...\"`"),
        }
    }
}

/// Load, parse, build and check a workspace.
pub fn analyze(input: &Input, opts: Options) -> Analysis {
    analyze_with(input, opts, |_, _| ()).0
}

/// [`analyze`], with `beside` run on the built model alongside the slower
/// checks when nothing found before them is an error (see
/// [`check_beside`](crate::check::check_beside)). `None` when it did not
/// run; what it made is of no use when the analysis has errors.
pub fn analyze_with<T: Send>(
    input: &Input,
    opts: Options,
    beside: impl FnOnce(&Model, Sources<'_>) -> T + Send,
) -> (Analysis, Option<T>) {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let (root, paths) = match input {
        Input::Stdin => (None, Vec::new()),
        Input::Path(path) => match collect(path, &mut diagnostics) {
            Some(found) => found,
            None => {
                return (finish(None, SourceMap::new(), None, diagnostics, 0), None);
            }
        },
    };

    // Read, decode, parse and lower each file in parallel; the results come
    // back in path order, which is also FileId order.
    let loaded: Vec<Loaded> = match input {
        Input::Stdin => vec![load_stdin(opts)],
        Input::Path(_) => paths
            .par_iter()
            .enumerate()
            .map(|(i, p)| load_file(FileId(i as u32), p, opts))
            .collect(),
    };
    assemble(loaded, root.as_deref(), diagnostics, beside)
}

/// Check one text as if it were a file of its own (for tests, examples and
/// editors): no workspace configuration applies.
pub fn analyze_text(name: &str, text: &str) -> Analysis {
    let loaded = process(FileId(0), name.to_owned(), None, text.as_bytes().to_vec());
    assemble(vec![loaded], None, Vec::new(), |_, _| ()).0
}

/// From loaded files (in FileId order) to a checked model, with `beside`
/// run as [`analyze_with`] says.
fn assemble<T: Send>(
    loaded: Vec<Loaded>,
    root: Option<&Path>,
    mut diagnostics: Vec<Diagnostic>,
    beside: impl FnOnce(&Model, Sources<'_>) -> T + Send,
) -> (Analysis, Option<T>) {
    let files = loaded.len();
    let mut sources = SourceMap::new();
    let mut models = Vec::with_capacity(files);
    let mut parsed_all = true;
    for l in loaded {
        sources.add(l.file);
        diagnostics.extend(l.diagnostics);
        match l.model {
            Some(m) => models.push(m),
            None => parsed_all = false,
        }
    }
    let info = match root {
        Some(dir) => read_config(dir, &mut sources, &mut diagnostics),
        None => WorkspaceInfo::default(),
    };
    if !parsed_all {
        return (finish(root, sources, None, diagnostics, files), None);
    }
    let (model, errors) = model::build(models, info);
    // Lowering diagnostics of files are in `diagnostics` already; model and
    // check findings join them before `@defect` is applied to all.
    let sound = errors.is_empty() && !diagnostics.iter().any(|d| d.severity == Severity::Error);
    diagnostics.extend(errors.into_iter().map(Diagnostic::from));
    let (found, made) = if sound {
        let map = &sources;
        crate::check::check_beside(&model, || beside(&model, Sources { map, root }))
    } else {
        (crate::check::check(&model), None)
    };
    diagnostics.extend(found);
    let diagnostics = crate::check::apply_defects(&model, diagnostics);
    (finish(root, sources, Some(model), diagnostics, files), made)
}

fn finish(
    root: Option<&Path>,
    sources: SourceMap,
    model: Option<Model>,
    mut diagnostics: Vec<Diagnostic>,
    files: usize,
) -> Analysis {
    diag::sort(&mut diagnostics);
    Analysis {
        root: root.map(Path::to_path_buf),
        sources,
        model,
        diagnostics,
        files,
    }
}

/// The `.fibf` files under `path` in sorted order, and the directory whose
/// `fibf.toml` applies (the path itself when it is a directory).
pub fn collect(
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Option<PathBuf>, Vec<PathBuf>)> {
    let name = source::display_name(path);
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diagnostics.push(
                SourceError::Unreadable {
                    path: name,
                    reason: io_reason(&e),
                }
                .into(),
            );
            return None;
        }
    };
    if meta.is_file() {
        return Some((None, vec![path.to_path_buf()]));
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(path)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map_or_else(|| name.clone(), source::display_name);
                let reason = e.io_error().map_or_else(|| e.to_string(), io_reason);
                diagnostics.push(SourceError::Unreadable { path: at, reason }.into());
                continue;
            }
        };
        let is_fibf = entry.path().extension().is_some_and(|x| x == "fibf");
        if entry.path_is_symlink() && entry.depth() > 0 {
            if is_fibf || std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
                diagnostics.push(
                    SourceError::Symlink {
                        path: source::display_name(entry.path()),
                    }
                    .into(),
                );
            }
            continue;
        }
        if entry.file_type().is_file() && is_fibf {
            files.push(entry.into_path());
        }
    }
    if files.is_empty() {
        diagnostics.push(SourceError::NoFiles { path: name }.into());
        return None;
    }
    Some((Some(path.to_path_buf()), files))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            // Drop the "(os error N)" suffix: it helps nobody reading a report.
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_owned()
        }
    }
}

/// One file after reading, parsing and lowering.
struct Loaded {
    file: SourceFile,
    model: Option<FileModel>,
    diagnostics: Vec<Diagnostic>,
}

/// Read a file as source text, or say why it cannot be.
pub fn read_source(path: &Path, opts: Options) -> Result<String, Box<Diagnostic>> {
    let loaded = load_text(FileId(0), path, opts);
    match loaded.diagnostics.into_iter().next() {
        Some(d) => Err(Box::new(d)),
        None => Ok(loaded.file.text.to_string()),
    }
}

fn load_file(id: FileId, path: &Path, opts: Options) -> Loaded {
    let mut loaded = load_text(id, path, opts);
    if loaded.diagnostics.is_empty() {
        let (model, diagnostics) = parse_and_lower(id, &loaded.file.text);
        loaded.model = model;
        loaded.diagnostics = diagnostics;
    }
    loaded
}

/// Read and decode a file; `model` is left empty.
fn load_text(id: FileId, path: &Path, opts: Options) -> Loaded {
    let name = source::display_name(path);
    let unreadable = |reason: String| Loaded {
        file: SourceFile::new(name.clone(), Some(path.to_path_buf()), ""),
        model: None,
        diagnostics: vec![
            SourceError::Unreadable {
                path: name.clone(),
                reason,
            }
            .into(),
        ],
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return unreadable(io_reason(&e)),
    };
    let known_size = file.metadata().ok().map(|m| m.len());
    match read_limited(file, opts.max_file_size, known_size) {
        Ok(Ok(bytes)) => decode_only(id, name.clone(), Some(path.to_path_buf()), bytes),
        Ok(Err(read)) => Loaded {
            file: SourceFile::new(name.clone(), Some(path.to_path_buf()), ""),
            model: None,
            diagnostics: vec![
                SourceError::TooLarge {
                    path: name,
                    size: known_size.unwrap_or(read).max(read),
                    limit: opts.max_file_size,
                }
                .into(),
            ],
        },
        Err(e) => unreadable(io_reason(&e)),
    }
}

fn load_stdin(opts: Options) -> Loaded {
    let name = "<stdin>".to_owned();
    match read_limited(std::io::stdin().lock(), opts.max_file_size, None) {
        Ok(Ok(bytes)) => process(FileId(0), name, None, bytes),
        Ok(Err(size)) => Loaded {
            file: SourceFile::new(name.clone(), None, ""),
            model: None,
            diagnostics: vec![
                SourceError::TooLarge {
                    path: name,
                    size,
                    limit: opts.max_file_size,
                }
                .into(),
            ],
        },
        Err(e) => Loaded {
            file: SourceFile::new(name.clone(), None, ""),
            model: None,
            diagnostics: vec![
                SourceError::Unreadable {
                    path: name,
                    reason: io_reason(&e),
                }
                .into(),
            ],
        },
    }
}

/// Read at most `limit` bytes; `Ok(Err(size))` when there is more (the size
/// is a lower bound for streams). `size` (a file's length, when known) sizes
/// the buffer once instead of growing it read by read.
pub fn read_limited(
    reader: impl Read,
    limit: u64,
    size: Option<u64>,
) -> std::io::Result<Result<Vec<u8>, u64>> {
    // One byte over the size so the read that finds the end needs no growth.
    let capacity = size.map_or(0, |s| s.min(limit).saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let read = reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)? as u64;
    Ok(if read > limit { Err(read) } else { Ok(bytes) })
}

fn process(id: FileId, name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> Loaded {
    let mut loaded = decode_only(id, name, path, bytes);
    if loaded.diagnostics.is_empty() {
        let (model, diagnostics) = parse_and_lower(id, &loaded.file.text);
        loaded.model = model;
        loaded.diagnostics = diagnostics;
    }
    loaded
}

fn decode_only(id: FileId, name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> Loaded {
    let decoded = source::decode(bytes);
    let file = SourceFile::new(name, path, decoded.text);
    let mut diagnostics = Vec::new();
    if let Some(problem) = decoded.problem {
        let error = match problem {
            DecodeProblem::InvalidUtf8 { valid_up_to } => SourceError::InvalidUtf8 {
                span: Span::new(
                    id,
                    valid_up_to,
                    valid_up_to
                        + file.text[valid_up_to..]
                            .chars()
                            .next()
                            .map_or(0, char::len_utf8),
                ),
            },
            DecodeProblem::Binary { offset } => SourceError::Binary {
                span: Span::new(id, offset, offset),
            },
        };
        diagnostics.push(error.into());
        return Loaded {
            file,
            model: None,
            diagnostics,
        };
    }
    Loaded {
        file,
        model: None,
        diagnostics,
    }
}

fn parse_and_lower(id: FileId, text: &str) -> (Option<FileModel>, Vec<Diagnostic>) {
    match syntax::parse(id, text) {
        Ok(ast) => {
            let mut diagnostics = Vec::new();
            if ast.items.is_empty() {
                diagnostics.push(
                    SourceError::Empty {
                        span: Span::new(id, 0, 0),
                    }
                    .into(),
                );
            }
            (Some(model::lower(&ast)), diagnostics)
        }
        Err(errors) => (None, errors.into_iter().map(Diagnostic::from).collect()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    name: Option<String>,
    version: Option<String>,
}

fn read_config(
    dir: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> WorkspaceInfo {
    let path = dir.join(CONFIG_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return WorkspaceInfo::default(),
        Err(e) => {
            diagnostics.push(
                SourceError::Unreadable {
                    path: source::display_name(&path),
                    reason: io_reason(&e),
                }
                .into(),
            );
            return WorkspaceInfo::default();
        }
    };
    let decoded = source::decode(bytes);
    let id = sources.add(SourceFile::new(
        source::display_name(&path),
        Some(path),
        decoded.text,
    ));
    let text = sources.get(id).text.clone();
    if decoded.problem.is_some() {
        diagnostics.push(
            SourceError::Config {
                span: Span::new(id, 0, 0),
                message: "not UTF-8 text".to_owned(),
            }
            .into(),
        );
        return WorkspaceInfo::default();
    }
    match toml::from_str::<Config>(&text) {
        Ok(c) => WorkspaceInfo {
            name: c.name,
            version: c.version,
        },
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            diagnostics.push(
                SourceError::Config {
                    span: Span::new(id, range.start, range.end),
                    message: e.message().to_owned(),
                }
                .into(),
            );
            WorkspaceInfo::default()
        }
    }
}
