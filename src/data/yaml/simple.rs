//! The block YAML that most offerings are written in, read without saphyr's
//! scanner: one document of block mappings and sequences, one-line plain
//! and quoted scalars, one-line flow sequences and mappings, comments.
//!
//! saphyr decodes and classifies the text a character at a time, and that
//! was half of the time `fibf conform` spent on YAML offerings. This reader
//! takes a line at a time, and gives up (`None`) on anything outside the
//! subset it knows exactly: tabs, carriage returns, non-ASCII or control
//! characters, document markers but a leading `---`, anchors, aliases,
//! tags, block scalars, escapes, scalars over several lines, and any text
//! that is not valid YAML. saphyr then reads the text from the start, so its
//! errors are the ones reported.
//!
//! Where it reads a text, it yields the events saphyr yields for it, with
//! the same spans (saphyr's own conventions included: a collection ends
//! where the next token starts; a quoted scalar and a flow collection's end
//! take in the spaces and the comment after them on their line; an
//! indentless sequence starts at its first item's content). Tests and the
//! fuzz target compare the two on generated and arbitrary texts
//! ([`super::super::simple_yaml_agrees`]).

use std::borrow::Cow;

use saphyr_parser::{Event, ScalarStyle};

use super::Spanned;
use crate::data::MAX_DEPTH;

/// Longer keys are left to saphyr, which refuses a simple key of more than
/// 1,024 characters.
const MAX_KEY: usize = 1000;

/// The events of `text` with their byte ranges, or `None` when the text is
/// not in the subset this reader knows.
pub(super) fn events(text: &str) -> Option<Vec<Spanned<'_>>> {
    let bytes = text.as_bytes();
    if bytes.iter().any(|&b| (b < b' ' && b != b'\n') || b >= 0x7f) {
        return None;
    }
    let mut reader = Reader {
        text,
        b: bytes,
        events: Vec::with_capacity(text.len() / 8),
        depth: 0,
    };
    let (first, indent) = match reader.line(0) {
        // A `---` may open the document, on a line of its own.
        Line::Marker(at) if reader.b[at..].starts_with(b"---") && reader.blank_after(at + 2) => {
            let end = reader.trailing(at + 3);
            reader.line_done(end)?;
            reader.push(Event::DocumentStart(true), at..at + 3);
            reader.content(end + 1)??
        }
        Line::Content(first, indent) => {
            reader.push(Event::DocumentStart(false), first..first);
            (first, indent)
        }
        _ => return None,
    };
    // The root is a mapping that runs to the end of the text.
    if reader.mapping(indent, first)?.is_some() {
        return None;
    }
    let end = text.len();
    reader.push(Event::DocumentEnd, end..end);
    Some(reader.events)
}

/// Where the next line with content starts: its first character's offset
/// and its indentation.
type Next = Option<(usize, usize)>;

/// What the next line that is not blank or a comment holds.
enum Line {
    /// Content: its first character's offset and its indentation.
    Content(usize, usize),
    /// A `---` or `...` at the start of the line, at this offset.
    Marker(usize),
    /// Nothing: the text ends first.
    End,
}

/// A mapping key written on one line.
struct Key {
    /// Its content (inside the quotes, if quoted).
    start: usize,
    end: usize,
    /// Where saphyr ends its span: past the spaces before the `:` when it
    /// is quoted.
    span_end: usize,
    style: ScalarStyle,
    /// Where its `:` is.
    colon: usize,
}

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    events: Vec<Spanned<'t>>,
    depth: usize,
}

impl<'t> Reader<'t> {
    fn push(&mut self, event: Event<'t>, range: std::ops::Range<usize>) {
        self.events.push((event, range));
    }

    fn scalar(&mut self, start: usize, end: usize, range_end: usize, style: ScalarStyle) {
        let value = Cow::Borrowed(&self.text[start..end]);
        let from = if style == ScalarStyle::Plain {
            start
        } else {
            start - 1
        };
        self.push(Event::Scalar(value, style, 0, None), from..range_end);
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(b'\n')
    }

    /// `i` past any spaces.
    fn spaces(&self, mut i: usize) -> usize {
        while self.b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    }

    /// The end of the line `i` is on (its `\n`, or the end of the text).
    fn eol(&self, i: usize) -> usize {
        memchr::memchr(b'\n', &self.b[i..]).map_or(self.b.len(), |n| i + n)
    }

    /// From `line` (the start of a line), the next line that is not blank
    /// or a comment.
    fn line(&self, mut line: usize) -> Line {
        while line < self.b.len() {
            let i = self.spaces(line);
            if matches!(self.at(i), b'\n' | b'#') {
                line = self.eol(i) + 1;
                continue;
            }
            let rest = &self.b[i..];
            if i == line && (rest.starts_with(b"---") || rest.starts_with(b"...")) {
                return Line::Marker(i);
            }
            return Line::Content(i, i - line);
        }
        Line::End
    }

    /// From `line` (the start of a line), the next line with content: `None`
    /// inside the option at the end of the text; `None` outside it (give
    /// up) at a document marker.
    fn content(&self, line: usize) -> Option<Next> {
        match self.line(line) {
            Line::Content(at, indent) => Some(Some((at, indent))),
            Line::End => Some(None),
            Line::Marker(_) => None,
        }
    }

    /// Whether a blank (or the end of the line) follows `i`.
    fn blank_after(&self, i: usize) -> bool {
        matches!(self.at(i + 1), b' ' | b'\n')
    }

    /// Whether `i` starts a block sequence's item.
    fn item(&self, i: usize) -> bool {
        self.at(i) == b'-' && self.blank_after(i)
    }

    /// Past the spaces after `i` and a comment after them: where saphyr ends
    /// a quoted scalar or a flow sequence at the end of a line.
    fn trailing(&self, i: usize) -> usize {
        let j = self.spaces(i);
        if self.at(j) == b'#' && j > i {
            self.eol(j)
        } else {
            j
        }
    }

    /// A quoted scalar opened at `i`, closed on its line, without escapes:
    /// the end of its content.
    fn quoted(&self, i: usize) -> Option<usize> {
        let quote = self.b[i];
        let close = i + 1 + memchr::memchr2(quote, b'\n', &self.b[i + 1..])?;
        if self.b[close] != quote
            || (quote == b'"' && self.b[i + 1..close].contains(&b'\\'))
            || (quote == b'\'' && self.at(close + 1) == b'\'')
        {
            return None;
        }
        Some(close)
    }

    /// Whether a plain scalar may start at `i` (in block context).
    fn plain_start(&self, i: usize) -> bool {
        match self.at(i) {
            b'-' => !self.blank_after(i),
            b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
            | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b'\n' | b' ' => false,
            _ => true,
        }
    }

    /// The mapping key at `i`, or `None` when `i` does not start a key on
    /// one line.
    fn key(&self, i: usize) -> Option<Key> {
        let (start, end, span_end, style, colon) = match self.at(i) {
            q @ (b'"' | b'\'') => {
                let close = self.quoted(i)?;
                let after = self.spaces(close + 1);
                (i + 1, close, after, quote_style(q), after)
            }
            _ if self.plain_start(i) => {
                let eol = self.eol(i);
                let mut j = i;
                let colon = loop {
                    let c = j + memchr::memchr2(b':', b'#', &self.b[j..eol])?;
                    if self.b[c] == b'#' {
                        if self.b[c - 1] == b' ' {
                            return None;
                        }
                    } else if self.blank_after(c) {
                        break c;
                    }
                    j = c + 1;
                };
                let mut end = colon;
                while self.b[end - 1] == b' ' {
                    end -= 1;
                }
                (i, end, end, ScalarStyle::Plain, colon)
            }
            _ => return None,
        };
        if self.at(colon) != b':' || !self.blank_after(colon) || span_end - i > MAX_KEY {
            return None;
        }
        Some(Key {
            start,
            end,
            span_end,
            style,
            colon,
        })
    }

    /// A value written on the line at `i` (not a nested block): a scalar or
    /// a flow sequence. Returns the start of the next line.
    fn inline(&mut self, i: usize) -> Option<usize> {
        match self.at(i) {
            b'[' | b'{' => {
                let end = self.flow(i)?;
                return self.line_done(end);
            }
            q @ (b'"' | b'\'') => {
                let close = self.quoted(i)?;
                let end = self.trailing(close + 1);
                self.scalar(i + 1, close, end, quote_style(q));
                return self.line_done(end);
            }
            _ => {}
        }
        if !self.plain_start(i) {
            return None;
        }
        let eol = self.eol(i);
        let mut end = eol;
        let mut j = i;
        while let Some(n) = memchr::memchr2(b':', b'#', &self.b[j..eol]) {
            let c = j + n;
            if self.b[c] == b'#' {
                if self.b[c - 1] == b' ' {
                    end = c;
                    break;
                }
            } else if self.blank_after(c) {
                // `a: b: c` is not YAML; `- a: b` is a key, read elsewhere.
                return None;
            }
            j = c + 1;
        }
        while self.b[end - 1] == b' ' {
            end -= 1;
        }
        self.scalar(i, end, end, ScalarStyle::Plain);
        Some(eol + 1)
    }

    /// After a value that ends at `i`: nothing else on the line. Returns
    /// the start of the next line.
    fn line_done(&self, i: usize) -> Option<usize> {
        (self.at(i) == b'\n').then_some(i + 1)
    }

    /// A flow collection on one line (sequences and mappings of scalars and
    /// of each other), opened at `i`: where its event's span ends.
    fn flow(&mut self, i: usize) -> Option<usize> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let (close, start, end) = match self.b[i] {
            b'[' => (b']', Event::SequenceStart(0, None), Event::SequenceEnd),
            _ => (b'}', Event::MappingStart(0, None), Event::MappingEnd),
        };
        let mut j = self.spaces(i + 1);
        self.push(start, i..j);
        if self.at(j) != close {
            loop {
                if close == b'}' {
                    j = self.flow_key(j)?;
                }
                j = self.flow_node(j)?;
                match self.at(j) {
                    b',' => {
                        j = self.spaces(j + 1);
                        if matches!(self.at(j), b']' | b'}') {
                            return None;
                        }
                    }
                    c if c == close => break,
                    _ => return None,
                }
            }
        }
        let after = self.trailing(j + 1);
        self.push(end, j..after);
        self.depth -= 1;
        Some(after)
    }

    /// A flow mapping's key at `i` and its `: `: where its value starts.
    fn flow_key(&mut self, i: usize) -> Option<usize> {
        let j = match self.at(i) {
            b'"' | b'\'' => self.flow_node(i)?,
            _ => {
                let end = self.flow_plain(i)?;
                self.spaces(end)
            }
        };
        if self.at(j) != b':' || self.at(j + 1) != b' ' {
            return None;
        }
        Some(self.spaces(j + 1))
    }

    /// A plain scalar in a flow collection at `i`: where it stops (before
    /// the spaces ahead of a `,`, `]`, `}` or, for a key, `:`).
    fn flow_plain(&mut self, i: usize) -> Option<usize> {
        if !self.plain_start(i) {
            return None;
        }
        let mut j = i;
        loop {
            match self.at(j) {
                // saphyr refuses a `-` followed by a flow indicator at the
                // start of a flow scalar or of a word in it.
                b'-' if matches!(self.at(j + 1), b',' | b'[' | b']' | b'{' | b'}') => return None,
                b',' | b']' | b'}' => break,
                b':' if self.at(j + 1) == b' ' => break,
                b'[' | b'{' | b':' | b'#' | b'\n' => return None,
                _ => j += 1,
            }
        }
        let mut end = j;
        while self.b[end - 1] == b' ' {
            end -= 1;
        }
        self.scalar(i, end, end, ScalarStyle::Plain);
        Some(end)
    }

    /// A node in a flow collection at `i` (a scalar, or a collection):
    /// where the next `,` or closing bracket should be.
    fn flow_node(&mut self, i: usize) -> Option<usize> {
        match self.at(i) {
            b'[' | b'{' => self.flow(i),
            q @ (b'"' | b'\'') => {
                let close = self.quoted(i)?;
                let end = self.spaces(close + 1);
                self.scalar(i + 1, close, end, quote_style(q));
                Some(end)
            }
            _ => {
                let end = self.flow_plain(i)?;
                Some(self.spaces(end))
            }
        }
    }

    /// What follows a key's `:` at `colon` in a collection at `indent`: a
    /// value on the line, a nested block, or nothing (null). Returns the
    /// next line with content after it.
    fn value(&mut self, indent: usize, colon: usize) -> Option<Next> {
        let i = self.spaces(colon + 1);
        if !matches!(self.at(i), b'\n' | b'#') {
            let line = self.inline(i)?;
            return self.content(line);
        }
        let next = self.content(self.eol(i) + 1)?;
        match next {
            Some((n, ni)) if ni > indent => {
                if self.item(n) {
                    self.sequence(ni, n, false)
                } else {
                    self.mapping(ni, n)
                }
            }
            Some((n, ni)) if ni == indent && self.item(n) => self.sequence(ni, n, true),
            _ => {
                self.scalar(colon, colon, colon, ScalarStyle::Plain);
                Some(next)
            }
        }
    }

    /// Where a collection closed by `next` ends: where the next token starts.
    fn end_at(&self, next: Next) -> std::ops::Range<usize> {
        let at = next.map_or(self.b.len(), |(n, _)| n);
        at..at
    }

    /// A block mapping at `indent` whose first key starts at `first`.
    fn mapping(&mut self, indent: usize, first: usize) -> Option<Next> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.push(Event::MappingStart(0, None), first..first);
        let mut at = first;
        let next = loop {
            let key = self.key(at)?;
            self.scalar(key.start, key.end, key.span_end, key.style);
            let next = self.value(indent, key.colon)?;
            match next {
                Some((n, ni)) if ni == indent && !self.item(n) => at = n,
                Some((_, ni)) if ni >= indent => return None,
                _ => break next,
            }
        };
        self.push(Event::MappingEnd, self.end_at(next));
        self.depth -= 1;
        Some(next)
    }

    /// A block sequence at `indent` whose first `-` is at `first`;
    /// `indentless` when it is a mapping's value at the mapping's own
    /// indentation.
    fn sequence(&mut self, indent: usize, first: usize, indentless: bool) -> Option<Next> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let content = self.spaces(first + 1);
        let start = if indentless { content } else { first };
        self.push(Event::SequenceStart(0, None), start..start);
        let mut at = first;
        let next = loop {
            let i = self.spaces(at + 1);
            if matches!(self.at(i), b'\n' | b'#') || self.item(i) {
                return None;
            }
            let next = if self.key(i).is_some() {
                self.mapping(indent + (i - at), i)?
            } else {
                let line = self.inline(i)?;
                self.content(line)?
            };
            match next {
                Some((n, ni)) if ni == indent && self.item(n) => at = n,
                Some((_, ni)) if ni > indent => return None,
                _ => break next,
            }
        };
        self.push(Event::SequenceEnd, self.end_at(next));
        self.depth -= 1;
        Some(next)
    }
}

/// The style of a scalar quoted with `quote`.
fn quote_style(quote: u8) -> ScalarStyle {
    if quote == b'"' {
        ScalarStyle::DoubleQuoted
    } else {
        ScalarStyle::SingleQuoted
    }
}
