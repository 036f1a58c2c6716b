//! The pest parser. This is the only module that knows about pest: it turns
//! pest pairs into the [`ast`](super::ast) and pest errors into
//! [`SyntaxError`]s.

use std::borrow::Cow;

use pest::Parser as _;
use pest::iterators::Pair;

use super::SyntaxError;
use super::ast::{Attribute, Block, File, Item, Value, ValueKind, Word};
use super::scan::{Lexeme, scan};
use super::text;
use crate::source::{FileId, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/fibf.pest"]
struct FibfParser;

/// How deeply blocks may nest. The language needs three levels (an entity,
/// an event or type inside it, nothing deeper); the margin is generous.
pub const MAX_NESTING: usize = 32;

/// How many syntax errors one file reports before giving up on it.
const MAX_ERRORS_PER_FILE: usize = 20;

/// Parse a whole file. On a syntax error, parsing resumes at the next
/// top-level line so that one mistake does not hide the next ones.
pub fn parse(file: FileId, src: &str) -> Result<File<'_>, Vec<SyntaxError>> {
    // The parser and the tree builder recurse once per block; refuse absurd
    // nesting up front instead of exhausting the stack.
    if let Some(at) = too_deep(src, MAX_NESTING) {
        return Err(vec![SyntaxError::TooDeep {
            span: Span::new(file, at, at + 1),
            limit: MAX_NESTING,
        }]);
    }
    let mut errors = Vec::new();
    let mut offset = 0;
    loop {
        match parse_from(file, src, offset) {
            Ok(parsed) if errors.is_empty() => return Ok(parsed),
            Ok(_) => return Err(errors),
            // Escapes are checked after a successful parse of the rest of
            // the file, so every one of them has been seen: stop here.
            Err(Failure::Decode(found)) => {
                errors.extend(found);
                return Err(errors);
            }
            Err(Failure::Pest(err)) => {
                let at = err.span().start as usize;
                errors.push(err);
                match resume_point(src, at) {
                    Some(next) if errors.len() < MAX_ERRORS_PER_FILE => offset = next,
                    _ => return Err(errors),
                }
            }
        }
    }
}

/// Why one parse attempt failed: a pest error (one, where parsing stopped)
/// or bad escapes found while building the AST (all of them).
enum Failure {
    Pest(SyntaxError),
    Decode(Vec<SyntaxError>),
}

fn parse_from(file: FileId, src: &str, offset: usize) -> Result<File<'_>, Failure> {
    let rest = &src[offset..];
    let mut pairs = FibfParser::parse(Rule::file, rest)
        .map_err(|e| Failure::Pest(convert_error(file, src, offset, e)))?;
    let mut builder = Builder {
        file,
        offset,
        errors: Vec::new(),
    };
    let root = pairs.next().expect("the file rule always yields one pair");
    let items = root
        .into_inner()
        .filter(|p| p.as_rule() == Rule::item)
        .map(|p| builder.item(p))
        .collect();
    if builder.errors.is_empty() {
        Ok(File { items })
    } else {
        Err(Failure::Decode(builder.errors))
    }
}

/// The start of the first line after `at` that begins a top-level item.
fn resume_point(src: &str, at: usize) -> Option<usize> {
    let mut pos = at;
    loop {
        let nl = src[pos..].find('\n')? + pos + 1;
        let first = src.as_bytes().get(nl).copied()?;
        if first.is_ascii_alphabetic() || first == b'@' {
            return Some(nl);
        }
        pos = nl;
    }
}

struct Builder {
    file: FileId,
    offset: usize,
    errors: Vec<SyntaxError>,
}

impl Builder {
    fn span(&self, s: pest::Span<'_>) -> Span {
        Span::new(self.file, s.start() + self.offset, s.end() + self.offset)
    }

    fn item<'a>(&mut self, pair: Pair<'a, Rule>) -> Item<'a> {
        let mut attributes = Vec::new();
        let mut key = None;
        let mut values = Vec::new();
        let mut block = None;
        let mut start = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::attribute => attributes.push(self.attribute(p)),
                Rule::key => {
                    start = Some(p.as_span().start());
                    key = Some(self.word(p));
                }
                Rule::block => block = Some(self.block(p)),
                Rule::comment_text => {}
                _ => values.push(self.value(p)),
            }
        }
        let key = key.expect("an item always has a key");
        let end = block.as_ref().map_or_else(
            || values.last().map_or(key.span.end, |v| v.span.end),
            |b| b.span.end,
        );
        let start = start.map_or(key.span.start, |s| (s + self.offset) as u32);
        Item {
            attributes,
            key,
            values,
            block,
            span: Span {
                file: self.file,
                start,
                end,
            },
        }
    }

    fn attribute<'a>(&mut self, pair: Pair<'a, Rule>) -> Attribute<'a> {
        let span = self.span(pair.as_span());
        let mut inner = pair.into_inner();
        let name_pair = inner.next().expect("an attribute always has a name");
        let name_span = self.span(name_pair.as_span());
        let name = Word {
            text: &name_pair.as_str()[1..],
            span: name_span,
        };
        let values: Vec<Value> = inner
            .filter(|p| !matches!(p.as_rule(), Rule::open | Rule::close | Rule::comment_text))
            .map(|p| self.value(p))
            .collect();
        let end = values.last().map_or(name_span.end, |v| v.span.end + 1);
        Attribute {
            name,
            values,
            span: Span { end, ..span }.to(name_span),
        }
    }

    fn block<'a>(&mut self, pair: Pair<'a, Rule>) -> Block<'a> {
        let span = self.span(pair.as_span());
        let items = pair
            .into_inner()
            .filter(|p| p.as_rule() == Rule::item)
            .map(|p| self.item(p))
            .collect();
        Block { items, span }
    }

    fn word<'a>(&self, pair: Pair<'a, Rule>) -> Word<'a> {
        Word {
            text: pair.as_str(),
            span: self.span(pair.as_span()),
        }
    }

    fn value<'a>(&mut self, pair: Pair<'a, Rule>) -> Value<'a> {
        let span = self.span(pair.as_span());
        let raw = pair.as_str();
        let (kind, text) = match pair.as_rule() {
            Rule::text => (
                ValueKind::Text,
                Cow::Owned(text::fold(&raw[3..raw.len() - 3])),
            ),
            Rule::string => {
                let body = &raw[1..raw.len() - 1];
                match text::unescape(body) {
                    Ok(t) => (ValueKind::String, t),
                    Err(bad) => {
                        let start = span.start as usize + 1 + bad.offset;
                        let at = Span::new(self.file, start, start + bad.len);
                        let escape = self_text(raw, 1 + bad.offset, bad.len);
                        self.errors
                            .push(SyntaxError::InvalidEscape { span: at, escape });
                        (ValueKind::String, Cow::Borrowed(body))
                    }
                }
            }
            Rule::op => (ValueKind::Op, Cow::Borrowed(raw)),
            _ => (ValueKind::Word, Cow::Borrowed(raw)),
        };
        Value { kind, text, span }
    }
}

fn self_text(raw: &str, start: usize, len: usize) -> String {
    raw.get(start..start + len).unwrap_or("\\").to_owned()
}

fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::key | Rule::item => "a keyword",
        Rule::attribute | Rule::attr_name => "an attribute",
        Rule::block => "`{`",
        Rule::open => "`(`",
        Rule::close => "`)`",
        Rule::line_end => "end of line",
        Rule::text | Rule::string | Rule::word | Rule::op => "a value",
        Rule::EOI => "end of file",
        _ => return None,
    })
}

/// Whether the string starting at the `"` that begins `rest` closes on its line.
fn string_closes(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return true,
            b'\n' => return false,
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    false
}

/// What is at `pos`, in words.
fn found_at(src: &str, pos: usize) -> String {
    match src[pos..].chars().next() {
        None => "end of file".to_owned(),
        Some('\n') | Some('\r') => "end of line".to_owned(),
        Some('"') => "a quoted string".to_owned(),
        Some(c) if c.is_control() => format!("control character U+{:04X}", c as u32),
        Some(c) => format!("`{c}`"),
    }
}

fn convert_error(
    file: FileId,
    src: &str,
    offset: usize,
    err: pest::error::Error<Rule>,
) -> SyntaxError {
    let pos = offset
        + match err.location {
            pest::error::InputLocation::Pos(p) => p,
            pest::error::InputLocation::Span((s, _)) => s,
        };
    let rest = &src[pos..];
    // An opening quote with no closing one on its line is the likeliest cause
    // of an error at a quote; say so instead of listing what was expected.
    if rest.starts_with("\"\"\"") {
        return SyntaxError::UnterminatedText {
            span: Span::new(file, pos, pos + 3),
        };
    }
    if rest.starts_with('"') && !string_closes(rest) {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..line_end].trim_end_matches('\r');
        return SyntaxError::UnterminatedString {
            span: Span::new(file, pos, pos + line.len()),
        };
    }
    let open = open_braces(&src[..pos]);
    if rest.is_empty()
        && let Some(&brace) = open.last()
    {
        return SyntaxError::UnclosedBrace {
            span: Span::new(file, brace, brace + 1),
        };
    }
    if rest.starts_with('}') && open.is_empty() {
        return SyntaxError::UnmatchedBrace {
            span: Span::new(file, pos, pos + 1),
        };
    }
    let mut expected: Vec<&'static str> = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| describe(*r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    let width = rest.chars().next().map_or(0, |c| c.len_utf8());
    let width = if matches!(rest.as_bytes().first(), Some(b'\n' | b'\r')) {
        0
    } else {
        width
    };
    SyntaxError::Unexpected {
        span: Span::new(file, pos, pos + width),
        found: found_at(src, pos),
        expected,
    }
}

/// Offsets of the `{` still open at the end of `src`.
fn open_braces(src: &str) -> Vec<usize> {
    let mut stack = Vec::new();
    scan(src, |token| {
        match token {
            Lexeme::Open(at) => stack.push(at),
            Lexeme::Close(_) => {
                stack.pop();
            }
            Lexeme::Comment(_) => {}
        }
        true
    });
    stack
}

/// The first `{` that opens a block deeper than `limit`, if any.
fn too_deep(src: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut found = None;
    scan(src, |token| {
        match token {
            Lexeme::Open(at) => {
                depth += 1;
                if depth > limit {
                    found = Some(at);
                    return false;
                }
            }
            Lexeme::Close(_) => depth = depth.saturating_sub(1),
            Lexeme::Comment(_) => {}
        }
        true
    });
    found
}
