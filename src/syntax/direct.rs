//! The direct reader: the grammar of `grammar/fibf.pest` read by hand, for
//! text that parses.
//!
//! pest spends most of a parse on its machinery (a queue entry per pair, a
//! stack snapshot per sequence, a call per rule tried) rather than on the
//! text, and parsing was most of `check` and `compile`. The grammar is small
//! enough to follow by hand: this module reads the same language with the
//! same ordered choices and the same greedy repetitions, and builds the same
//! [`ast`](super::ast) the pest parser's tree builder builds, spans
//! included. It reports nothing: where the text does not parse (or holds an
//! escape that is not one), it gives up and the pest parser, which knows how
//! to say what went wrong, reads the text again. So every syntax error is
//! still pest's.
//!
//! `syntax::readers_agree` compares the two on any text; property tests
//! (`parser.rs`, `tests/syntax_readers.rs`) and the `parse_check` fuzz
//! target run it on generated, broken and arbitrary texts.
//!
//! Where a rule of the grammar fails part-way, pest backtracks to where the
//! rule began. The reader follows pest there only where that can lead to a
//! parse; where every way on from a failure ends in a syntax error (a block
//! or an attribute that does not close, an item whose attributes are not
//! followed by its keyword), it gives up at once. The comments below say
//! why each such place cannot parse.

use std::borrow::Cow;

use memchr::{memchr, memchr3, memmem};

use super::ast::{Attribute, Block, File, Item, Value, ValueKind, Word};
use super::text;
use crate::source::{FileId, Span};

/// `src[start..end]` read as a whole file (spans in `src`), or `None` where
/// pest would not parse it, would find a bad escape in it, or where blocks
/// nest deeper than `max_depth`.
pub(super) fn read(
    file: FileId,
    src: &str,
    start: usize,
    end: usize,
    max_depth: usize,
) -> Option<File<'_>> {
    let mut reader = Reader {
        src,
        b: &src.as_bytes()[..end],
        file,
        depth: 0,
        max_depth,
    };
    // file = SOI ~ hs ~ nl* ~ items? ~ EOI
    let p = reader.nls(reader.hs(start));
    let (items, p) = reader.items(p)?;
    (p == end).then_some(File { items })
}

/// Whether `b` may stand in a word (the grammar's `word` rule).
pub(super) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'_' | b'.' | b'-' | b'/' | b':' | b'%' | b'$' | b'*' | b'+'
        )
}

struct Reader<'a> {
    src: &'a str,
    /// The bytes up to the end of what is read: the grammar's `EOI` is
    /// their end.
    b: &'a [u8],
    file: FileId,
    depth: usize,
    max_depth: usize,
}

impl<'a> Reader<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn is(&self, p: usize, byte: u8) -> bool {
        self.b.get(p) == Some(&byte)
    }

    /// `hs`: spaces and tabs.
    fn hs(&self, mut p: usize) -> usize {
        while matches!(self.b.get(p), Some(b' ' | b'\t')) {
            p += 1;
        }
        p
    }

    /// `NL`: `\n` or `\r\n`.
    fn newline(&self, p: usize) -> Option<usize> {
        match self.b.get(p)? {
            b'\n' => Some(p + 1),
            b'\r' if self.is(p + 1, b'\n') => Some(p + 2),
            _ => None,
        }
    }

    /// `comment`, at its `#`: up to the line break, which a lone `\r` is
    /// not, or the end.
    fn comment(&self, p: usize) -> usize {
        let from = p + 1;
        match memchr(b'\n', &self.b[from..]) {
            Some(i) if i > 0 && self.b[from + i - 1] == b'\r' => from + i - 1,
            Some(i) => from + i,
            None => self.b.len(),
        }
    }

    /// `sp`: space, then a comment if one comes.
    fn sp(&self, p: usize) -> usize {
        let q = self.hs(p);
        if self.is(q, b'#') { self.comment(q) } else { q }
    }

    /// `nl`: a line break and the next line's indentation, or a comment
    /// and the line break (or the end) after it.
    fn nl(&self, p: usize) -> Option<usize> {
        if let Some(q) = self.newline(p) {
            return Some(self.hs(q));
        }
        if !self.is(p, b'#') {
            return None;
        }
        // A comment stops only at a line break or the end.
        let q = self.comment(p);
        Some(self.newline(q).map_or(q, |r| self.hs(r)))
    }

    /// `nl*`
    fn nls(&self, mut p: usize) -> usize {
        while let Some(q) = self.nl(p) {
            p = q;
        }
        p
    }

    /// What separates two items (`"\n" ~ hs | eol_rest`, which is `hs ~
    /// comment? ~ NL ~ hs`), and the start of `eol`.
    fn sep(&self, p: usize) -> Option<usize> {
        let q = self.sp(p);
        self.newline(q).map(|r| self.hs(r))
    }

    /// `eol`
    fn eol(&self, p: usize) -> Option<usize> {
        self.sep(p).map(|q| self.nls(q))
    }

    /// Whether an item may begin at `p`: the first byte of `key`, or the
    /// `@` of an attribute.
    fn begins_item(&self, p: usize) -> bool {
        self.b
            .get(p)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'@')
    }

    /// `items?`: the items and where they end.
    ///
    /// Where an item begins with a letter it cannot fail (its values and
    /// block are optional, and a block that fails cannot be followed by
    /// anything that parses); where it begins with `@` and fails, pest
    /// backtracks to before the line break and ends the items there, and
    /// what must follow them (`}` or the end) is not that `@`. So a failed
    /// item is a failed parse.
    fn items(&mut self, p: usize) -> Option<(Vec<Item<'a>>, usize)> {
        let mut items = Vec::new();
        if !self.begins_item(p) {
            return Some((items, p));
        }
        let (item, mut p) = self.item(p)?;
        items.push(item);
        loop {
            let Some(q) = self.sep(p) else {
                // `(eol | ...)? ~ hs ~ comment?`, with no line break.
                return Some((items, self.sp(p)));
            };
            let q = self.nls(q);
            if !self.begins_item(q) {
                // The same `eol` taken after the last item; `nl*` has left
                // no space or comment for `hs ~ comment?`.
                return Some((items, q));
            }
            let (item, r) = self.item(q)?;
            items.push(item);
            p = r;
        }
    }

    /// `item`
    fn item(&mut self, mut p: usize) -> Option<(Item<'a>, usize)> {
        let mut attributes = Vec::new();
        // An attribute that fails leaves its `@` where the keyword must be.
        while self.is(p, b'@') {
            let (attribute, q) = self.attribute(p)?;
            attributes.push(attribute);
            p = q;
        }
        let key_end = self.key(p)?;
        let key = Word {
            text: &self.src[p..key_end],
            span: self.span(p, key_end),
        };
        let mut values = Vec::new();
        let mut q = key_end;
        let first = self.hs(q);
        if let Some((kind, end)) = self.value(first) {
            values.push(self.make_value(kind, first, end)?);
            q = end;
            // (!NL ~ hs ~ ("," ~ hs ~ nl*)? ~ value)*, each try undone
            // where its value fails.
            while self.newline(q).is_none() {
                let mut s = self.hs(q);
                if self.is(s, b',') {
                    s = self.nls(self.hs(s + 1));
                }
                let Some((kind, end)) = self.value(s) else {
                    break;
                };
                values.push(self.make_value(kind, s, end)?);
                q = end;
            }
        }
        let mut block = None;
        if self.newline(q).is_none() {
            let s = self.hs(q);
            if self.is(s, b'{') {
                // A block that does not close leaves its `{` where a line
                // break, `}` or the end must be.
                let (parsed, end) = self.block(s)?;
                block = Some(parsed);
                q = end;
            }
        }
        let end = block.as_ref().map_or_else(
            || {
                values
                    .last()
                    .map_or(key.span.end, |v: &Value<'_>| v.span.end)
            },
            |b| b.span.end,
        );
        let span = Span { end, ..key.span };
        let item = Item {
            attributes,
            key,
            values,
            block,
            span,
        };
        Some((item, q))
    }

    /// `key` (and an attribute's name after its `@`).
    fn key(&self, p: usize) -> Option<usize> {
        if !self.b.get(p)?.is_ascii_alphabetic() {
            return None;
        }
        let mut e = p + 1;
        while self
            .b
            .get(e)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        {
            e += 1;
        }
        Some(e)
    }

    /// `attribute`, at its `@`. Its last alternative never matches (see
    /// the grammar), so an attribute ends with `eol`; where its list does
    /// not close, the `(` is left where that `eol` must begin.
    fn attribute(&mut self, p: usize) -> Option<(Attribute<'a>, usize)> {
        let name_end = self.key(p + 1)?;
        let name = Word {
            text: &self.src[p + 1..name_end],
            span: self.span(p, name_end),
        };
        let mut values = Vec::new();
        let mut q = name_end;
        if self.is(q, b'(') {
            let mut s = self.sp(q + 1);
            if let Some((kind, end)) = self.value(s) {
                values.push(self.make_value(kind, s, end)?);
                s = self.sp(end);
                while self.is(s, b',') {
                    let t = self.sp(s + 1);
                    // Undone, this try leaves its `,` where `)` must be.
                    let (kind, end) = self.value(t)?;
                    values.push(self.make_value(kind, t, end)?);
                    s = self.sp(end);
                }
            }
            if !self.is(s, b')') {
                return None;
            }
            q = s + 1;
        }
        let next = self.eol(q)?;
        // The tree builder's span: to just after the last value (the `)`
        // when it follows at once), or the name's end.
        let end = values
            .last()
            .map_or(name_end, |v: &Value<'_>| v.span.end as usize + 1);
        let attribute = Attribute {
            name,
            values,
            span: self.span(p, end),
        };
        Some((attribute, next))
    }

    /// `block`, at its `{`.
    fn block(&mut self, p: usize) -> Option<(Block<'a>, usize)> {
        if self.depth == self.max_depth {
            return None;
        }
        self.depth += 1;
        let q = self.nls(self.hs(p + 1));
        let (items, q) = self.items(q)?;
        if !self.is(q, b'}') {
            return None;
        }
        self.depth -= 1;
        let block = Block {
            items,
            span: self.span(p, q + 1),
        };
        Some((block, q + 1))
    }

    /// `value = string | word | text | op`: its kind and end.
    fn value(&self, p: usize) -> Option<(ValueKind, usize)> {
        let c = *self.b.get(p)?;
        match c {
            b'"' => self
                .string(p)
                .map(|e| (ValueKind::String, e))
                .or_else(|| self.text(p).map(|e| (ValueKind::Text, e))),
            c if is_word_byte(c) => {
                let mut e = p + 1;
                while self.b.get(e).is_some_and(|&c| is_word_byte(c)) {
                    e += 1;
                }
                Some((ValueKind::Word, e))
            }
            b'<' | b'>' | b'=' | b'!' => {
                if self.is(p + 1, b'=') {
                    Some((ValueKind::Op, p + 2))
                } else if c == b'!' {
                    None
                } else {
                    Some((ValueKind::Op, p + 1))
                }
            }
            _ => None,
        }
    }

    /// `string`, at its `"`: not `"""`, closed on its line, a backslash
    /// escaping any character but a line break.
    fn string(&self, p: usize) -> Option<usize> {
        if self.is(p + 1, b'"') && self.is(p + 2, b'"') {
            return None;
        }
        let mut q = p + 1;
        loop {
            // The bytes searched for are ASCII, so they are never part of
            // a character escaped before them: stepping over one byte of
            // an escaped character is as good as over all of it.
            q += memchr3(b'"', b'\\', b'\n', &self.b[q..])?;
            match self.b[q] {
                b'"' => return Some(q + 1),
                b'\n' => return None,
                _ => {
                    self.b.get(q + 1)?;
                    if self.newline(q + 1).is_some() {
                        return None;
                    }
                    q += 2;
                }
            }
        }
    }

    /// `text`, at its `"""`: up to the next `"""`.
    fn text(&self, p: usize) -> Option<usize> {
        if !self.b[p..].starts_with(b"\"\"\"") {
            return None;
        }
        memmem::find(&self.b[p + 3..], b"\"\"\"").map(|i| p + 6 + i)
    }

    /// The value at `start..end`, decoded as the tree builder decodes it;
    /// `None` for a bad escape, which is pest's to report.
    fn make_value(&self, kind: ValueKind, start: usize, end: usize) -> Option<Value<'a>> {
        let raw = &self.src[start..end];
        let text = match kind {
            ValueKind::Text => Cow::Owned(text::fold(&raw[3..raw.len() - 3])),
            ValueKind::String => text::unescape(&raw[1..raw.len() - 1]).ok()?,
            ValueKind::Word | ValueKind::Op => Cow::Borrowed(raw),
        };
        Some(Value {
            kind,
            text,
            span: self.span(start, end),
        })
    }
}
