//! Source files and spans.
//!
//! Owns the text of every file that takes part in a run, the [`FileId`] that
//! names it, and the [`Span`] (file + byte range) that every AST node, model
//! entity and diagnostic carries. Turning bytes from disk into text (UTF-8
//! check, byte-order mark, binary detection, size limit) happens here too, so
//! every command reads `.fibf` files the same way.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diag::{Code, Diagnostic};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file. Offsets are into the decoded text (after a
/// byte-order mark has been removed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// Byte offset of the start.
    pub start: u32,
    /// Byte offset of the end (exclusive).
    pub end: u32,
}

impl Span {
    /// The range `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The byte range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether it covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// An empty span at the start of this one.
    pub fn head(self) -> Span {
        Span {
            end: self.start,
            ..self
        }
    }
}

/// A 1-based line and column (columns count Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in Unicode scalar values.
    pub column: u32,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One file's text and where its lines start.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user will recognise it (built from the path they gave).
    pub name: String,
    /// The path it was read from, if it was read from one.
    pub path: Option<PathBuf>,
    /// Shared with the diagnostics that quote it. An `Arc<String>` rather
    /// than an `Arc<str>`: the text read from disk is moved in, not copied.
    pub text: Arc<String>,
    /// Found on first use: most files read in a batch (offerings without
    /// findings) are never asked for a line.
    line_starts: OnceLock<Vec<u32>>,
}

impl SourceFile {
    /// A file named `name`, read from `path`, with `text`.
    pub fn new(name: impl Into<String>, path: Option<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            name: name.into(),
            path,
            text: Arc::new(text.into()),
            line_starts: OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = Vec::with_capacity(bytes.len() / 40 + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i as u32 + 1));
            starts
        })
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s as usize <= offset) - 1;
        self.at_line(line, starts[line] as usize, offset)
    }

    /// The 0-based `line` starting at byte `start`, and the column of
    /// `offset` on it (in characters, the one `offset` is inside of).
    fn at_line(&self, line: usize, start: usize, offset: usize) -> LineCol {
        let mut col_end = offset;
        while !self.text.is_char_boundary(col_end) {
            col_end -= 1;
        }
        LineCol {
            line: line as u32 + 1,
            column: self.text[start..col_end].chars().count() as u32 + 1,
        }
    }

    /// [`line_col`](Self::line_col), counting the line breaks before
    /// `offset` unless the lines are indexed already: for a file asked
    /// about an offset or two once (an offering with a finding), counting
    /// costs less than indexing every line of it.
    pub fn line_col_counted(&self, offset: usize) -> LineCol {
        if self.line_starts.get().is_some() {
            return self.line_col(offset);
        }
        let offset = offset.min(self.text.len());
        let before = &self.text.as_bytes()[..offset];
        // memchr counts a vector at a time (`Iterator::count` of its
        // iterator is specialised).
        let line = memchr::memchr_iter(b'\n', before).count();
        let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        self.at_line(line, start, offset)
    }

    /// Byte offset where a 0-based line starts; the end of the text past
    /// the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// How many lines the file has (one more than its line breaks).
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

/// Every file of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a file; it gets the next ID.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(file);
        id
    }

    /// The file with this ID.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The bytes of text of every file together.
    pub fn text_len(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    /// Every file's ID, in order.
    pub fn ids(&self) -> impl Iterator<Item = FileId> + use<> {
        (0..self.files.len() as u32).map(FileId)
    }

    /// Every file with its ID, in order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// The text a span covers.
    pub fn text(&self, span: Span) -> &str {
        &self.get(span.file).text[span.range()]
    }

    /// Line and column of the start of a span.
    pub fn start(&self, span: Span) -> LineCol {
        self.get(span.file).line_col(span.start as usize)
    }

    /// Line and column of the end of a span.
    pub fn end(&self, span: Span) -> LineCol {
        self.get(span.file).line_col(span.end as usize)
    }

    /// `file:line:column` of the start of a span.
    pub fn describe(&self, span: Span) -> String {
        format!("{}:{}", self.get(span.file).name, self.start(span))
    }
}

/// Why the bytes of a file could not be used as source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeProblem {
    /// Not UTF-8.
    InvalidUtf8 {
        /// The offset of the first bad byte.
        valid_up_to: usize,
    },
    /// Contains a NUL byte, which no text file has.
    Binary {
        /// The offset of the first NUL byte.
        offset: usize,
    },
}

/// Decoded text of a file, or the reason it cannot be decoded together with a
/// lossy rendering that diagnostics can still point into.
pub struct Decoded {
    /// The text (lossy when there is a problem).
    pub text: String,
    /// Why the bytes are not usable text, if they are not.
    pub problem: Option<DecodeProblem>,
}

/// Turn file bytes into source text: strips a UTF-8 byte-order mark, rejects
/// binary content and invalid UTF-8 (keeping a lossy copy to show).
pub fn decode(mut bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let body = &bytes[..];
    if let Some(offset) = memchr::memchr(0, body) {
        let shown = &body[..offset];
        return Decoded {
            text: String::from_utf8_lossy(shown).into_owned(),
            problem: Some(DecodeProblem::Binary { offset }),
        };
    }
    match String::from_utf8(bytes) {
        // Well-formed text keeps its buffer: no copy.
        Ok(text) => Decoded {
            text,
            problem: None,
        },
        Err(e) => Decoded {
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            problem: Some(DecodeProblem::InvalidUtf8 {
                valid_up_to: e.utf8_error().valid_up_to(),
            }),
        },
    }
}

/// Display name for a path: as given, with `/` separators.
pub fn display_name(path: &Path) -> String {
    let s = path.to_string_lossy();
    let s = s.strip_prefix("./").unwrap_or(&s);
    s.replace('\\', "/")
}

/// An error of reading the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceError {
    /// A path that cannot be read (E0100).
    Unreadable {
        /// The path, as given.
        path: String,
        /// Why, in words.
        reason: String,
    },
    /// A file that is not UTF-8 (E0101).
    InvalidUtf8 {
        /// The first bad byte.
        span: Span,
    },
    /// A file with a NUL byte (E0102).
    Binary {
        /// The first NUL byte.
        span: Span,
    },
    /// A file over the size limit (E0103).
    TooLarge {
        /// The path.
        path: String,
        /// Its size, or how much was read before the limit stopped it.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A directory with no `.fibf` file (E0104).
    NoFiles {
        /// The directory.
        path: String,
    },
    /// A file that declares nothing (W0105).
    Empty {
        /// The start of the file.
        span: Span,
    },
    /// A symbolic link in a workspace, not followed (W0106).
    Symlink {
        /// The link.
        path: String,
    },
    /// A `fibf.toml` that cannot be read as configuration (E0107).
    Config {
        /// Where in the file.
        span: Span,
        /// What is wrong.
        message: String,
    },
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
            SourceError::Config { span, message } => Diagnostic::new(Code::E0107, format!("invalid {}: {message}", crate::workspace::CONFIG_FILE))
                .with_label(span, "here")
                .with_help("fibf.toml takes `name = \"...\"`, `version = \"...\"` and a `[lints]` table; see `fibf explain E0107`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_lines() {
        let f = SourceFile::new("a", None, "ab\ncé d\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(3), LineCol { line: 2, column: 1 });
        // `d` is after a two-byte `é`.
        assert_eq!(f.line_col(7), LineCol { line: 2, column: 4 });
        assert_eq!(f.line_col(100), LineCol { line: 3, column: 1 });
    }

    /// Counting the line breaks gives what the line index gives, at every
    /// offset (inside a character too) and past the end.
    #[test]
    fn counted_line_col_is_the_indexed_one() {
        // Long enough for the vector loop.
        let long = "ab\ncé d\n\n".repeat(40);
        for text in ["", "\n", "ab\ncé d\n", "x\r\n\n🦀é\nend", "\n\nz", &long] {
            for offset in 0..=text.len() + 2 {
                let counted = SourceFile::new("a", None, text).line_col_counted(offset);
                assert_eq!(
                    counted,
                    SourceFile::new("a", None, text).line_col(offset),
                    "{text:?} {offset}"
                );
            }
        }
    }

    #[test]
    fn decode_strips_bom_and_flags_problems() {
        assert_eq!(decode(b"\xEF\xBB\xBFarea".to_vec()).text, "area");
        let d = decode(b"ab\xFFcd".to_vec());
        assert_eq!(
            d.problem,
            Some(DecodeProblem::InvalidUtf8 { valid_up_to: 2 })
        );
        let d = decode(b"ab\0cd".to_vec());
        assert_eq!(d.problem, Some(DecodeProblem::Binary { offset: 2 }));
        assert_eq!(d.text, "ab");
    }
}
