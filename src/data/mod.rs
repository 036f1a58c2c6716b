//! Data documents (JSON, YAML, JSON Lines) read with positions, so that an
//! error about a value deep inside a document can point at its line and
//! column.
//!
//! JSON is parsed with `serde_json` on the fast path and located lazily (only
//! when something must be reported) by re-scanning the text; YAML is read
//! from saphyr's event stream into a value and a parallel tree of spans, with
//! limits on nesting and alias expansion; YAML in the simple block style
//! most offerings are written in is read a line at a time by a reader that
//! yields the events saphyr would, and leaves any other text to saphyr.
//! [`tree`] reads a JSON document into a tree that borrows its strings
//! from the text, for `fibf conform`, which validates thousands of
//! offerings through it; YAML offerings are read into the same tree,
//! straight from the events.

mod json;
pub mod tree;
mod yaml;

pub use json::locate as locate_json;
pub use yaml::SpanTree;

use std::ops::Range;
use std::path::Path;

use serde_json::Value;

/// The syntax of a data file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON: one document.
    Json,
    /// YAML: one or more documents.
    Yaml,
    /// One JSON document per line.
    JsonLines,
}

impl Format {
    /// The format a file name implies: `.yaml`/`.yml`, `.jsonl`/`.ndjson`,
    /// anything else JSON.
    pub fn of(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("yaml" | "yml") => Format::Yaml,
            Some("jsonl" | "ndjson") => Format::JsonLines,
            _ => Format::Json,
        }
    }

    /// The format's name, as `--input-format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
            Format::JsonLines => "JSON Lines",
        }
    }
}

/// How deeply data may nest before it is refused.
pub const MAX_DEPTH: usize = 128;

/// How many nodes YAML aliases may produce in one document.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Why a data document could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// Not well-formed.
    Syntax {
        /// The byte range in the file.
        at: Range<usize>,
        /// What is wrong.
        message: String,
    },
    /// Deeper than [`MAX_DEPTH`], or aliases expanding past [`MAX_ALIAS_NODES`].
    Limit {
        /// The byte range in the file.
        at: Range<usize>,
        /// Which limit.
        message: String,
    },
    /// Valid YAML that has no JSON equivalent (a non-string key, `.inf`).
    NotJson {
        /// The byte range in the file.
        at: Range<usize>,
        /// What has no equivalent.
        message: String,
    },
    /// The same key twice in one mapping.
    DuplicateKey {
        /// The key.
        key: String,
        /// Its first place.
        first: Range<usize>,
        /// Its second place.
        second: Range<usize>,
    },
}

impl DataError {
    /// The byte range the error is at.
    pub fn range(&self) -> Range<usize> {
        match self {
            DataError::Syntax { at, .. }
            | DataError::Limit { at, .. }
            | DataError::NotJson { at, .. } => at.clone(),
            DataError::DuplicateKey { second, .. } => second.clone(),
        }
    }
}

/// One document and where its parts are. Its value is a
/// `serde_json::Value`, or for `fibf conform`'s YAML a [`tree::Tree`].
#[derive(Debug)]
pub struct Document<V = Value> {
    /// The document's value.
    pub value: V,
    /// Where its parts are in the file.
    pub locations: Locations,
    /// Byte range of the whole document in its file.
    pub range: Range<usize>,
    /// Keys given twice in one YAML mapping: each is reported, and the
    /// first entry kept, so that the rest of the document is still read.
    pub duplicates: Vec<DataError>,
}

/// How to find a value's position in the file.
#[derive(Debug)]
pub enum Locations {
    /// Re-scan the JSON text of the document when asked.
    Json,
    /// The tree of YAML spans, made while parsing.
    Yaml(SpanTree),
}

/// Where a value is: the key that names it (for object members) and the
/// value itself, as byte ranges in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The range of the member's key, for an object member.
    pub key: Option<Range<usize>>,
    /// The range of the value.
    pub value: Range<usize>,
}

impl<V> Document<V> {
    /// The position of the value at a JSON pointer (`/a/0/b`), or of the
    /// deepest ancestor that exists.
    pub fn locate(&self, file_text: &str, pointer: &str) -> Located {
        self.locator().locate(file_text, pointer)
    }

    /// A locator for pointers into the document.
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            locations: &self.locations,
            range: self.range.clone(),
            tree: None,
        }
    }
}

/// How to find the values of a document in its file: its [`Locations`]
/// and the byte range it spans.
#[derive(Clone, Debug)]
pub struct Locator<'d> {
    /// The document's locations.
    pub locations: &'d Locations,
    /// The document's range in its file.
    pub range: Range<usize>,
    /// The document's tree, when it was parsed from its JSON text and
    /// knows where its values are: asked before the text is scanned.
    pub tree: Option<&'d tree::Tree<'d>>,
}

impl Locator<'_> {
    /// The position of the value at a JSON pointer (`/a/0/b`), or of the
    /// deepest ancestor that exists.
    pub fn locate(&self, file_text: &str, pointer: &str) -> Located {
        let segments = pointer_segments(pointer);
        let found = match self.locations {
            // The tree's places when it has them, else a scan of the text;
            // both are relative to the document.
            Locations::Json => self
                .tree
                .and_then(|t| t.locate(&segments))
                .or_else(|| json::locate(&file_text[self.range.clone()], &segments))
                .map(|l| Located {
                    key: l
                        .key
                        .map(|k| k.start + self.range.start..k.end + self.range.start),
                    value: l.value.start + self.range.start..l.value.end + self.range.start,
                }),
            Locations::Yaml(tree) => Some(tree.locate(&segments)),
        };
        found.unwrap_or(Located {
            key: None,
            value: self.range.clone(),
        })
    }
}

/// The unescaped segments of a JSON pointer.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .trim_start_matches('/')
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Read the documents of a file: one for JSON, one per line for JSON Lines
/// (blank lines skipped), one per YAML document.
pub fn read(text: &str, format: Format) -> Vec<Result<Document, DataError>> {
    match format {
        Format::Json => vec![json::parse(text, 0)],
        Format::JsonLines => {
            let mut out = Vec::new();
            let mut start = 0;
            for line in text.split_inclusive('\n') {
                let body = line.trim_end_matches(['\n', '\r']);
                if !body.trim().is_empty() {
                    out.push(json::parse(body, start));
                }
                start += line.len();
            }
            out
        }
        Format::Yaml => yaml::parse(text),
    }
}

/// Whether the reader of the simple block YAML most offerings are written
/// in agrees with saphyr on `text`: `Ok(false)` when it leaves the text to
/// saphyr, `Ok(true)` when it reads it and yields the events and spans
/// saphyr yields, the first difference otherwise. For the tests and the
/// fuzz target that compare the two.
#[doc(hidden)]
pub fn simple_yaml_agrees(text: &str) -> Result<bool, yaml::Disagreement> {
    yaml::simple_agrees(text)
}

/// Whether a JSON tree places every value of `text` where the scan of the
/// text does ([`locate_json`]), for every pointer into the document and
/// for a few that lead nowhere from each: the first pointer they disagree
/// on otherwise. For the tests and the fuzz target that compare the two.
#[doc(hidden)]
pub fn tree_places_agree(text: &str) -> Result<(), String> {
    fn walk(
        text: &str,
        tree: &tree::Tree<'_>,
        node: tree::TreeNode<'_>,
        path: &mut Vec<String>,
    ) -> Result<(), String> {
        for extra in ["0", "1", "", "no such key"] {
            path.push(extra.to_owned());
            let (by_tree, by_scan) = (tree.locate(path), json::locate(text, path));
            if by_tree != by_scan {
                return Err(format!("{path:?}: tree {by_tree:?}, scan {by_scan:?}"));
            }
            path.pop();
        }
        let (by_tree, by_scan) = (tree.locate(path), json::locate(text, path));
        if by_tree != by_scan {
            return Err(format!("{path:?}: tree {by_tree:?}, scan {by_scan:?}"));
        }
        let children: Vec<(String, tree::TreeNode<'_>)> = match node.items() {
            Some(items) => items.enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
            None => node.members().map(|(k, v)| (k.to_owned(), v)).collect(),
        };
        for (segment, child) in children {
            path.push(segment);
            walk(text, tree, child, path)?;
            path.pop();
        }
        Ok(())
    }
    match tree::Tree::parse(text) {
        Some(tree) if tree.is_placed() => walk(text, &tree, tree.root(), &mut Vec::new()),
        _ => Ok(()),
    }
}

/// Read the documents of a YAML file into [`tree::Tree`]s, for `fibf
/// conform`: straight from the parser's events, without a
/// `serde_json::Value` on the way.
pub fn read_yaml_trees(text: &str) -> Vec<Result<Document<tree::Tree<'static>>, DataError>> {
    yaml::parse_with(text, &mut tree::Tree::empty())
}
