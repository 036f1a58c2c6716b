//! The workspace: which files take part in a run, reading them, and the
//! pipeline from files to a checked model.
//!
//! A workspace is a directory of `.fibf` files (walked in sorted order,
//! hidden entries skipped) with an optional `fibf.toml` at its root, a single
//! file, or standard input. Files are read, parsed and lowered in parallel;
//! everything after that sees them in path order, so results never depend on
//! scheduling. Every file is read through an [`Io`] environment: the disk,
//! files in memory, or an editor's buffers over the disk.
//!
//! The analysis survives errors: a file with syntax errors still gives the
//! entities that parsed, and the model is built from every file that could
//! be read, so that references into the rest of the workspace resolve (an
//! editor needs this). What is reported does not change with it: after a
//! syntax or read error, only those errors and the errors of lowering the
//! files that parsed are reported, as resolution and checks would be
//! reporting the gaps the broken files leave.

mod incremental;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::diag::{self, Code, Diagnostic, Severity};
use crate::io::{self, Contents, Io, NativeIo, WalkEntry};
use crate::lints::{Applied, Lints};
use crate::model::{self, FileModel, Model, WorkspaceInfo};
use crate::model_json::Sources;
use crate::source::{self, DecodeProblem, FileId, SourceError, SourceFile, SourceMap, Span};
use crate::syntax;

pub use incremental::Incremental;

/// Default limit on the size of one input file.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The name of the workspace configuration file.
pub const CONFIG_FILE: &str = "fibf.toml";

/// What to read.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

/// Limits of reading a workspace.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Files larger than this many bytes are refused.
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
    /// Every file read (and `fibf.toml`).
    pub sources: SourceMap,
    /// The model of every file that could be read, as far as each parsed;
    /// absent only when there was nothing to read.
    pub model: Option<Model>,
    /// Whether the model lacks part of the workspace: a file did not parse
    /// or could not be read. Resolution and checks are then not reported.
    pub partial: bool,
    /// Sorted into report order.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings set aside by an `allow` in `fibf.toml`'s `[lints]` (see
    /// [`crate::lints`]), in report order: not in `diagnostics`.
    pub allowed: Vec<Diagnostic>,
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
    default_path_in(&NativeIo)
}

/// [`default_path`] in an IO environment.
pub fn default_path_in(io: &dyn Io) -> PathBuf {
    let standards = Path::new("standards");
    if io.stat(standards).is_ok_and(|k| k == io::Kind::Dir) {
        return standards.to_path_buf();
    }
    io.find_upward(Path::new("."), CONFIG_FILE)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The workspace `file` belongs to: the nearest directory upward of it
/// with a `fibf.toml`. Written in the same terms as `file` where it can be
/// (a relative path gives a relative directory, so reports name files as
/// the user does); absolute when the workspace is above the current
/// directory.
pub fn enclosing(io: &dyn Io, file: &Path) -> Option<PathBuf> {
    let mut dir = file.parent();
    while let Some(d) = dir {
        let here = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        if io
            .stat(&here.join(CONFIG_FILE))
            .is_ok_and(|k| k == io::Kind::File)
        {
            return Some(here.to_path_buf());
        }
        if d.as_os_str().is_empty() {
            break;
        }
        dir = d.parent();
    }
    io.find_upward(file.parent()?, CONFIG_FILE)
}

/// Load, parse, build and check a workspace on the disk.
pub fn analyze(input: &Input, opts: Options) -> Analysis {
    analyze_in(&NativeIo, input, opts)
}

/// [`analyze`], reading through `io`.
pub fn analyze_in(io: &dyn Io, input: &Input, opts: Options) -> Analysis {
    analyze_with_in(io, input, opts, |_, _| ()).0
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
    analyze_with_in(&NativeIo, input, opts, beside)
}

/// [`analyze_with`], reading through `io`.
pub fn analyze_with_in<T: Send>(
    io: &dyn Io,
    input: &Input,
    opts: Options,
    beside: impl FnOnce(&Model, Sources<'_>) -> T + Send,
) -> (Analysis, Option<T>) {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let (root, paths) = match input {
        Input::Stdin => (None, Vec::new()),
        Input::Path(path) => match collect_in(io, path, &mut diagnostics) {
            Some(found) => found,
            None => {
                let analysis = finish(
                    None,
                    SourceMap::new(),
                    None,
                    true,
                    diagnostics,
                    &Lints::default(),
                    0,
                );
                return (analysis, None);
            }
        },
    };

    // Read, decode, parse and lower each file in parallel; the results come
    // back in path order, which is also FileId order.
    let loaded: Vec<Loaded> = match input {
        Input::Stdin => vec![load_stdin(io, opts)],
        Input::Path(_) => paths
            .par_iter()
            .enumerate()
            .map(|(i, p)| load_file(io, FileId(i as u32), p, opts))
            .collect(),
    };
    assemble(io, loaded, root.as_deref(), diagnostics, beside)
}

/// Check one text as if it were a file of its own (for tests, examples and
/// editors): no workspace configuration applies.
pub fn analyze_text(name: &str, text: &str) -> Analysis {
    let loaded = process(FileId(0), name.to_owned(), None, text.as_bytes().to_vec());
    assemble(&NativeIo, vec![loaded], None, Vec::new(), |_, _| ()).0
}

/// From loaded files (in `FileId` order) to a checked model, with `beside`
/// run as [`analyze_with`] says.
fn assemble<T: Send>(
    io: &dyn Io,
    loaded: Vec<Loaded>,
    root: Option<&Path>,
    mut diagnostics: Vec<Diagnostic>,
    beside: impl FnOnce(&Model, Sources<'_>) -> T + Send,
) -> (Analysis, Option<T>) {
    let files = loaded.len();
    let mut sources = SourceMap::new();
    let mut models = Vec::with_capacity(files);
    let mut complete = true;
    for l in loaded {
        sources.add(l.file);
        diagnostics.extend(l.diagnostics);
        complete &= !l.broken;
        models.extend(l.model);
    }
    let (info, lints) = match root {
        Some(dir) => read_config(io, dir, &mut sources, &mut diagnostics),
        None => (WorkspaceInfo::default(), Lints::default()),
    };
    let (model, errors) = model::build(models, info);
    if !complete {
        let analysis = finish(root, sources, Some(model), true, diagnostics, &lints, files);
        return (analysis, None);
    }
    // Lowering diagnostics of files are in `diagnostics` already; model and
    // check findings join them before `@defect` is applied to all.
    let sound = errors.is_empty() && !diagnostics.iter().any(|d| d.severity == Severity::Error);
    diagnostics.extend(
        errors
            .into_iter()
            .map(|e| place_duplicate(Diagnostic::from(e), &sources)),
    );
    let (found, made) = if sound {
        let map = &sources;
        crate::check::check_beside(&model, || beside(&model, Sources { map, root }))
    } else {
        (crate::check::check(&model), None)
    };
    diagnostics.extend(found);
    let diagnostics = crate::check::apply_defects(&model, diagnostics);
    let analysis = finish(
        root,
        sources,
        Some(model),
        false,
        diagnostics,
        &lints,
        files,
    );
    (analysis, made)
}

/// A duplicate ID (E0206) is reported at the later declaration in path
/// order, unless that one is in a file `fibf import` generated and the
/// other is not: the authored declaration is the one to change, so it
/// becomes the primary place and the help says why.
fn place_duplicate(mut d: Diagnostic, sources: &SourceMap) -> Diagnostic {
    if d.code != Code::E0206 || d.labels.len() != 2 {
        return d;
    }
    let generated = |span: Span| is_generated(&sources.get(span.file).text);
    if generated(d.labels[0].span) && !generated(d.labels[1].span) {
        // The places change; the labels' words stay with the positions.
        let first = d.labels[0].span;
        d.labels[0].span = d.labels[1].span;
        d.labels[1].span = first;
        d.help = Some(
            "the other declaration is in a file generated by `fibf import` from the published standard: rename or remove this one, or merge it into an authored file"
                .to_owned(),
        );
    }
    d
}

/// Whether a file's leading comment says `fibf import` generated it.
fn is_generated(text: &str) -> bool {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .any(|l| l.contains("Generated by `fibf import`"))
}

/// The analysis, its findings given their `[lints]` levels and sorted.
fn finish(
    root: Option<&Path>,
    sources: SourceMap,
    model: Option<Model>,
    partial: bool,
    diagnostics: Vec<Diagnostic>,
    lints: &Lints,
    files: usize,
) -> Analysis {
    let Applied {
        reported: mut diagnostics,
        mut allowed,
    } = match root {
        Some(root) => lints.apply(diagnostics, &sources, root),
        None => Applied {
            reported: diagnostics,
            allowed: Vec::new(),
        },
    };
    diag::sort(&mut diagnostics);
    diag::sort(&mut allowed);
    Analysis {
        root: root.map(Path::to_path_buf),
        sources,
        model,
        partial,
        diagnostics,
        allowed,
        files,
    }
}

/// The `.fibf` files under `path` in sorted order, and the directory whose
/// `fibf.toml` applies (the path itself when it is a directory).
pub fn collect(
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Option<PathBuf>, Vec<PathBuf>)> {
    collect_in(&NativeIo, path, diagnostics)
}

/// [`collect`], through `io`.
pub fn collect_in(
    io: &dyn Io,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Option<PathBuf>, Vec<PathBuf>)> {
    let name = source::display_name(path);
    match io.stat(path) {
        Ok(io::Kind::File) => return Some((None, vec![path.to_path_buf()])),
        Ok(io::Kind::Dir) => {}
        Err(e) => {
            let reason = io::reason(&e);
            diagnostics.push(SourceError::Unreadable { path: name, reason }.into());
            return None;
        }
    }
    let is_fibf = |p: &Path| p.extension().is_some_and(|x| x == "fibf");
    let mut files = Vec::new();
    for entry in io.walk(path) {
        match entry {
            WalkEntry::File(p) if is_fibf(&p) => files.push(p),
            WalkEntry::File(_) => {}
            WalkEntry::Symlink { path: p, to_dir } => {
                if is_fibf(&p) || to_dir {
                    let path = source::display_name(&p);
                    diagnostics.push(SourceError::Symlink { path }.into());
                }
            }
            WalkEntry::Error { path: p, reason } => {
                let path = source::display_name(&p);
                diagnostics.push(SourceError::Unreadable { path, reason }.into());
            }
        }
    }
    if files.is_empty() {
        diagnostics.push(SourceError::NoFiles { path: name }.into());
        return None;
    }
    Some((Some(path.to_path_buf()), files))
}

/// One file after reading, parsing and lowering.
struct Loaded {
    file: SourceFile,
    /// What was lowered: the whole file, or what parsed of it. Present
    /// exactly when the file was read and decoded: then everything here
    /// follows from its text alone.
    model: Option<FileModel>,
    diagnostics: Vec<Diagnostic>,
    /// Whether the file could not be read or did not parse whole.
    broken: bool,
}

impl Loaded {
    fn failed(file: SourceFile, error: SourceError) -> Loaded {
        Loaded {
            file,
            model: None,
            diagnostics: vec![error.into()],
            broken: true,
        }
    }
}

/// Read a file as source text (decoded, within the size limit), or say why
/// it cannot be.
pub fn read_text(io: &dyn Io, path: &Path, opts: Options) -> Result<String, Box<Diagnostic>> {
    let loaded = load_text(io, FileId(0), path, opts);
    match loaded.diagnostics.into_iter().next() {
        Some(d) => Err(Box::new(d)),
        None => Ok(loaded.file.text.to_string()),
    }
}

fn load_file(io: &dyn Io, id: FileId, path: &Path, opts: Options) -> Loaded {
    let loaded = load_text(io, id, path, opts);
    if loaded.broken {
        return loaded;
    }
    parse_and_lower(id, loaded.file)
}

/// Read and decode a file; `model` is left empty.
fn load_text(io: &dyn Io, id: FileId, path: &Path, opts: Options) -> Loaded {
    from_read(id, path, io.read(path, opts.max_file_size), opts)
}

/// Decode what reading `path` gave; `model` is left empty.
fn from_read(id: FileId, path: &Path, read: std::io::Result<Contents>, opts: Options) -> Loaded {
    decode_read(id, source::display_name(path), Some(path), read, opts)
}

fn load_stdin(io: &dyn Io, opts: Options) -> Loaded {
    let read = io.read_stdin(opts.max_file_size);
    let loaded = decode_read(FileId(0), "<stdin>".to_owned(), None, read, opts);
    if loaded.broken {
        return loaded;
    }
    parse_and_lower(FileId(0), loaded.file)
}

/// Decode what reading the file `name` (from `path`, or standard input)
/// gave, or say why it could not be read.
fn decode_read(
    id: FileId,
    name: String,
    path: Option<&Path>,
    read: std::io::Result<Contents>,
    opts: Options,
) -> Loaded {
    let path = path.map(Path::to_path_buf);
    let error = match read {
        Ok(Contents::Bytes(bytes)) => return decode_only(id, name, path, bytes),
        Ok(Contents::TooLarge(size)) => SourceError::TooLarge {
            path: name.clone(),
            size,
            limit: opts.max_file_size,
        },
        Err(e) => SourceError::Unreadable {
            path: name.clone(),
            reason: io::reason(&e),
        },
    };
    Loaded::failed(SourceFile::new(name, path, ""), error)
}

fn process(id: FileId, name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> Loaded {
    let loaded = decode_only(id, name, path, bytes);
    if loaded.broken {
        return loaded;
    }
    parse_and_lower(id, loaded.file)
}

fn decode_only(id: FileId, name: String, path: Option<PathBuf>, bytes: Vec<u8>) -> Loaded {
    let decoded = source::decode(bytes);
    let file = SourceFile::new(name, path, decoded.text);
    let Some(problem) = decoded.problem else {
        return Loaded {
            file,
            model: None,
            diagnostics: Vec::new(),
            broken: false,
        };
    };
    let error = match problem {
        DecodeProblem::InvalidUtf8 { valid_up_to } => {
            let width = file.text[valid_up_to..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            SourceError::InvalidUtf8 {
                span: Span::new(id, valid_up_to, valid_up_to + width),
            }
        }
        DecodeProblem::Binary { offset } => SourceError::Binary {
            span: Span::new(id, offset, offset),
        },
    };
    Loaded::failed(file, error)
}

/// Parse and lower a decoded file. A file with syntax errors is lowered
/// as far as it parsed, for the model; only its syntax errors are reported.
fn parse_and_lower(id: FileId, file: SourceFile) -> Loaded {
    let (ast, errors) = syntax::parse_partial(id, &file.text);
    if !errors.is_empty() {
        let model = model::lower(&ast);
        drop(ast);
        return Loaded {
            file,
            model: Some(model),
            diagnostics: errors.into_iter().map(Diagnostic::from).collect(),
            broken: true,
        };
    }
    let mut diagnostics = Vec::new();
    if ast.items.is_empty() {
        let span = Span::new(id, 0, 0);
        diagnostics.push(SourceError::Empty { span }.into());
    }
    let model = model::lower(&ast);
    drop(ast);
    Loaded {
        file,
        model: Some(model),
        diagnostics,
        broken: false,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    name: Option<String>,
    version: Option<String>,
    /// Read with its spans by [`Lints::parse`].
    #[allow(dead_code)]
    lints: Option<toml::Value>,
}

fn read_config(
    io: &dyn Io,
    dir: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> (WorkspaceInfo, Lints) {
    let path = dir.join(CONFIG_FILE);
    let bytes = match io.read(&path, DEFAULT_MAX_FILE_SIZE) {
        Ok(Contents::Bytes(b)) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Default::default(),
        Ok(Contents::TooLarge(size)) => {
            let path = source::display_name(&path);
            let limit = DEFAULT_MAX_FILE_SIZE;
            diagnostics.push(SourceError::TooLarge { path, size, limit }.into());
            return Default::default();
        }
        Err(e) => {
            let path = source::display_name(&path);
            let reason = io::reason(&e);
            diagnostics.push(SourceError::Unreadable { path, reason }.into());
            return Default::default();
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
        return Default::default();
    }
    match toml::from_str::<Config>(&text) {
        Ok(c) => {
            let (lints, problems) = Lints::parse(&text, id);
            diagnostics.extend(problems);
            let info = WorkspaceInfo {
                name: c.name,
                version: c.version,
            };
            (info, lints)
        }
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            diagnostics.push(
                SourceError::Config {
                    span: Span::new(id, range.start, range.end),
                    message: e.message().to_owned(),
                }
                .into(),
            );
            Default::default()
        }
    }
}
