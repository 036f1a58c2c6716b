//! Validating data documents against a JSON Schema, with every error placed
//! at the line and column of the offending value in its file.
//!
//! Used by `fibf validate` (data against a record's schema) and by
//! `fibf conform` (an offering against the offering schema). Files are read
//! and documents validated in parallel; results come back in input order.

use std::path::Path;

use jsonschema::error::ValidationErrorKind;
use jsonschema::json::Json;
use jsonschema::{ValidationError, Validator};
use rayon::prelude::*;

use crate::data::{self, DataError, Document, Format, Locator};
use crate::diag::{Code, Diagnostic};
use crate::io::{Contents, Io};
use crate::source::{self, FileId, SourceFile, SourceMap, Span};

/// A data file read and split into documents.
pub struct DataFile {
    /// The file and its text.
    pub file: SourceFile,
    /// Its format.
    pub format: Format,
    /// Its documents, each read or not.
    pub documents: Vec<Result<Document, DataError>>,
}

/// Why a data file could not be read at all.
pub struct ReadError {
    /// The file, as given.
    pub path: String,
    /// Why, in words.
    pub message: String,
    /// E0100 (cannot read), E0101 (not UTF-8), E0102 (binary) or E0103 (too large).
    pub code: Code,
}

impl ReadError {
    /// The error as a diagnostic naming the file.
    pub fn diagnostic(&self) -> Diagnostic {
        let help = match self.code {
            Code::E0101 => "save the file as UTF-8",
            Code::E0102 => "give a JSON or YAML text file",
            Code::E0103 => "raise the limit with --max-file-size if the file is genuine",
            _ => "check that the path exists and that you may read it",
        };
        Diagnostic::new(self.code, self.message.clone())
            .with_path(self.path.clone())
            .with_help(help)
    }
}

/// Read data files in parallel (see [`read_file`]); the results come back
/// in the order of `paths`.
pub fn read_files(
    io: &dyn Io,
    paths: &[std::path::PathBuf],
    format: Option<Format>,
    max_size: u64,
) -> Vec<Result<DataFile, ReadError>> {
    paths
        .par_iter()
        .map(|p| read_file(io, p, format, max_size))
        .collect()
}

/// Read a data file (or standard input for `-`) and parse its documents.
pub fn read_file(
    io: &dyn Io,
    path: &Path,
    format: Option<Format>,
    max_size: u64,
) -> Result<DataFile, ReadError> {
    let file = read_data_text(io, path, max_size)?;
    let format = format.unwrap_or_else(|| Format::of(path));
    let documents = data::read(&file.text, format);
    Ok(DataFile {
        file,
        format,
        documents,
    })
}

/// Read a data file (or standard input for `-`) as text.
pub fn read_data_text(io: &dyn Io, path: &Path, max_size: u64) -> Result<SourceFile, ReadError> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_owned()
    } else {
        source::display_name(path)
    };
    let fail = |code: Code, message: String| ReadError {
        path: name.clone(),
        message,
        code,
    };
    let read = if stdin {
        io.read_stdin(max_size)
    } else {
        io.read(path, max_size)
    };
    let bytes = match read.map_err(|e| fail(Code::E0100, e.to_string()))? {
        Contents::Bytes(bytes) => bytes,
        Contents::TooLarge(size) => {
            return Err(fail(
                Code::E0103,
                if stdin {
                    format!("input is over the limit of {max_size} bytes (see --max-file-size)")
                } else {
                    format!(
                        "file is {size} bytes, over the limit of {max_size} bytes (see --max-file-size)"
                    )
                },
            ));
        }
    };
    let decoded = source::decode(bytes);
    if let Some(problem) = decoded.problem {
        return Err(match problem {
            source::DecodeProblem::InvalidUtf8 { valid_up_to } => fail(
                Code::E0101,
                format!("not UTF-8 text (invalid byte at offset {valid_up_to})"),
            ),
            source::DecodeProblem::Binary { offset } => fail(
                Code::E0102,
                format!("binary file (NUL byte at offset {offset})"),
            ),
        });
    }
    Ok(SourceFile::new(
        name,
        (!stdin).then(|| path.to_path_buf()),
        decoded.text,
    ))
}

/// The diagnostic for a document that could not be read.
pub fn data_error(file: FileId, format: Format, err: DataError) -> Diagnostic {
    let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
    match err {
        DataError::Syntax { at, message } => Diagnostic::new(
            Code::E0401,
            format!("not valid {}: {message}", format.name()),
        )
        .with_label(span(at), "here")
        .with_help(format!(
            "fix the {} syntax; nothing in this document was checked",
            format.name()
        )),
        DataError::NotJson { at, message } => Diagnostic::new(Code::E0401, message)
            .with_label(span(at), "not representable as JSON")
            .with_help("use string keys and finite numbers"),
        DataError::DuplicateKey { key, first, second } => Diagnostic::new(
            Code::E0401,
            format!("key `{key}` appears twice in the same mapping"),
        )
        .with_label(span(second), "again here")
        .with_label(span(first), "first here")
        .with_help("keep one of the two entries; the first is the one checked, with the rest of the document"),
        DataError::Limit { at, message } => Diagnostic::new(
            Code::E0402,
            format!("document {message}"),
        )
        .with_label(span(at), "limit reached here")
        .with_help(
            "refused to protect memory and time: real records and offerings nest a few levels and use few aliases",
        ),
    }
}

/// How to say what a schema error means in the terms of the standard.
pub trait Explain: Sync {
    /// A short label for the value at `pointer` ("expected a date").
    fn expected(&self, pointer: &str, error: &ValidationError<'_>) -> Option<String>;
    /// The help line: what the value stands for in the standard.
    fn help(&self, pointer: &str, error: &ValidationError<'_>) -> Option<String>;
}

/// Diagnostics for a document's schema errors: `instance` is the document
/// in the validator's representation, `locator` finds its values in `text`.
pub fn schema_errors<'i, F: Json>(
    validator: &'i Validator<F>,
    instance: F::Node<'i>,
    locator: &Locator,
    file: FileId,
    text: &str,
    explain: &dyn Explain,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Most documents of a batch are valid: the yes/no check stops at the
    // first failure and builds no error paths, where collecting errors
    // walks everything.
    if validator.is_valid(instance.clone()) {
        return out;
    }
    for error in validator.iter_errors(instance) {
        let pointer = error.instance_path().as_str().to_owned();
        // Point at the key for members that are missing or unexpected, at
        // the value otherwise.
        let (target, message, label) = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let key = unexpected.first().cloned().unwrap_or_default();
                let at = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let located = locator.locate(text, &at);
                let range = located.key.unwrap_or(located.value);
                let message = if unexpected.len() == 1 {
                    format!("unexpected key `{key}`")
                } else {
                    format!(
                        "unexpected keys {}",
                        unexpected
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                (range, message, "not allowed here".to_owned())
            }
            ValidationErrorKind::Required { property } => {
                let located = locator.locate(text, &pointer);
                let range = located
                    .key
                    .unwrap_or(located.value.start..located.value.start + 1);
                let name = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_owned);
                (
                    range,
                    format!("missing required key `{name}`"),
                    format!("`{name}` is required here"),
                )
            }
            _ => {
                let located = locator.locate(text, &pointer);
                let label = explain
                    .expected(&pointer, &error)
                    .unwrap_or_else(|| format!("fails `{}`", error.kind().keyword()));
                (located.value, error.to_string(), label)
            }
        };
        let place = if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer.clone()
        };
        let mut diag = Diagnostic::new(Code::E0403, format!("{place}: {message}"))
            .with_label(
                Span::new(
                    file,
                    target.start,
                    target.end.min(text.len()).max(target.start),
                ),
                label,
            )
            .with_pointer(pointer.clone());
        if let Some(help) = explain.help(&pointer, &error) {
            diag = diag.with_help(help);
        }
        out.push(diag);
    }
    out
}

/// Counts of a validation run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Files read.
    pub files: usize,
    /// Documents validated.
    pub documents: usize,
    /// Documents with an error.
    pub invalid: usize,
}

/// Validate every document of every file against one schema. Returns the
/// files (to render diagnostics against), the diagnostics in input order,
/// and counts. `progress` is called once per finished document.
pub fn validate_all(
    files: Vec<DataFile>,
    validator: &Validator,
    explain: &dyn Explain,
    progress: &(dyn Fn() + Sync),
) -> (SourceMap, Vec<Diagnostic>, Stats) {
    let mut sources = SourceMap::new();
    let mut work = Vec::new();
    for f in files {
        let id = sources.add(f.file);
        work.push((id, f.format, f.documents));
    }
    let jobs: Vec<(FileId, Format, &Result<Document, DataError>)> = work
        .iter()
        .flat_map(|(id, format, docs)| docs.iter().map(move |d| (*id, *format, d)))
        .collect();
    let results: Vec<Vec<Diagnostic>> = jobs
        .par_iter()
        .map(|&(id, format, doc)| {
            let diags = match doc {
                Ok(doc) => {
                    let mut diags: Vec<Diagnostic> = doc
                        .duplicates
                        .iter()
                        .map(|e| data_error(id, format, e.clone()))
                        .collect();
                    diags.extend(schema_errors(
                        validator,
                        &doc.value,
                        &doc.locator(),
                        id,
                        &sources.get(id).text,
                        explain,
                    ));
                    diags
                }
                Err(e) => vec![data_error(id, format, e.clone())],
            };
            progress();
            diags
        })
        .collect();
    let stats = Stats {
        files: work.len(),
        documents: jobs.len(),
        invalid: results.iter().filter(|d| !d.is_empty()).count(),
    };
    let diagnostics = results.into_iter().flatten().collect();
    (sources, diagnostics, stats)
}
