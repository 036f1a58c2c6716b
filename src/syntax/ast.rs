//! The syntax tree: items, blocks, attributes and values, with spans.
//!
//! This is the untyped shape of a `.fibf` file. It borrows from the source
//! text; what the items mean is decided in `model::lower`.

use std::borrow::Cow;

use crate::source::Span;

/// A parsed file.
#[derive(Debug, Default)]
pub struct File<'a> {
    /// Its top-level items, in order.
    pub items: Vec<Item<'a>>,
}

/// `key value value ... { block }`, with the attributes written above it.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    /// `@allow(...)` and `@defect(...)` above it.
    pub attributes: Vec<Attribute<'a>>,
    /// The keyword that starts the line.
    pub key: Word<'a>,
    /// The values after it on its line (and after commas on the next ones).
    pub values: Vec<Value<'a>>,
    /// Its `{ ... }`, if it has one.
    pub block: Option<Block<'a>>,
    /// From the key to the end of the block (attributes excluded).
    pub span: Span,
}

/// `{ ... }`
#[derive(Debug, Clone)]
pub struct Block<'a> {
    /// The items inside.
    pub items: Vec<Item<'a>>,
    /// From `{` to `}`.
    pub span: Span,
}

/// `@name(value, ...)`
#[derive(Debug, Clone)]
pub struct Attribute<'a> {
    /// Without the `@`.
    pub name: Word<'a>,
    /// The values in the parentheses.
    pub values: Vec<Value<'a>>,
    /// From `@` to `)`.
    pub span: Span,
}

/// A bare word: keyword, ID, number, unit.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    /// The text as written.
    pub text: &'a str,
    /// Where.
    pub span: Span,
}

/// What a value was written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `GRM.010`, `40`, `input`, `1..*`
    Word,
    /// `"..."`
    String,
    /// `"""..."""`
    Text,
    /// `<=`, `>=`, `<`, `>`, `=`, `==`, `!=`
    Op,
}

/// A value with its decoded text (escapes resolved, text blocks dedented).
#[derive(Debug, Clone)]
pub struct Value<'a> {
    /// What it was written as.
    pub kind: ValueKind,
    /// Its text: escapes decoded, text blocks folded.
    pub text: Cow<'a, str>,
    /// Where, quotes included.
    pub span: Span,
}

impl Value<'_> {
    /// Whether it was written in quotes (a string or a text block).
    pub fn is_quoted(&self) -> bool {
        matches!(self.kind, ValueKind::String | ValueKind::Text)
    }
}
