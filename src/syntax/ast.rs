//! The syntax tree: items, blocks, attributes and values, with spans.
//!
//! This is the untyped shape of a `.fibf` file. It borrows from the source
//! text; what the items mean is decided in `model::lower`.

use std::borrow::Cow;

use crate::source::Span;

/// A parsed file.
#[derive(Debug, Default)]
pub struct File<'a> {
    pub items: Vec<Item<'a>>,
}

/// `key value value ... { block }`, with the attributes written above it.
#[derive(Debug)]
pub struct Item<'a> {
    pub attributes: Vec<Attribute<'a>>,
    pub key: Word<'a>,
    pub values: Vec<Value<'a>>,
    pub block: Option<Block<'a>>,
    /// From the key to the end of the block (attributes excluded).
    pub span: Span,
}

/// `{ ... }`
#[derive(Debug)]
pub struct Block<'a> {
    pub items: Vec<Item<'a>>,
    pub span: Span,
}

/// `@name(value, ...)`
#[derive(Debug)]
pub struct Attribute<'a> {
    /// Without the `@`.
    pub name: Word<'a>,
    pub values: Vec<Value<'a>>,
    pub span: Span,
}

/// A bare word: keyword, ID, number, unit.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    pub text: &'a str,
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
    pub kind: ValueKind,
    pub text: Cow<'a, str>,
    pub span: Span,
}

impl Value<'_> {
    pub fn is_quoted(&self) -> bool {
        matches!(self.kind, ValueKind::String | ValueKind::Text)
    }
}
