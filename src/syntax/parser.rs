//! Parsing a file: the pest parser, the only module that knows about pest
//! (it turns pest pairs into the [`ast`](super::ast) and pest errors into
//! [`SyntaxError`]s), behind the direct reader of `direct`, which reads
//! text that parses and leaves the rest to pest; the pieces a file is cut
//! into and the recovery from syntax errors.

use std::borrow::Cow;

use pest::Parser as _;
use pest::iterators::Pair;
use rayon::prelude::*;

use super::ast::{Attribute, Block, File, Item, Value, ValueKind, Word};
use super::scan::{Lexeme, scan};
use super::{SyntaxError, direct, text};
use crate::source::{FileId, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/fibf.pest"]
struct FibfParser;

/// How deeply blocks may nest. The language needs three levels (an entity,
/// an event or type inside it, nothing deeper); the margin is generous.
pub const MAX_NESTING: usize = 32;

/// How many syntax errors one file reports before giving up on it.
const MAX_ERRORS_PER_FILE: usize = 20;

/// The size from which a file is parsed a piece at a time (see [`parse`]).
const PIECE: usize = 8 * 1024;

/// Parse a whole file. On a syntax error, parsing resumes at the next
/// top-level line so that one mistake does not hide the next ones.
///
/// A file is first parsed in pieces of about `PIECE` bytes, cut where one
/// top-level block ends and the next item begins, the pieces in parallel,
/// each by the direct reader or, where that gives up, by pest. (pest keeps
/// a queue of 80 bytes for each pair it makes, about twice the size of the
/// text parsed: for a whole file the queue grows by doubling into fresh
/// memory, which the kernel has to fault in and zero page by page, while a
/// piece's queue stays in the cache and is reused by the next piece.) Where
/// any piece fails, the file is parsed again as a whole, with error
/// recovery, so that the errors are the same whichever way it was cut.
pub fn parse(file: FileId, src: &str) -> Result<File<'_>, Vec<SyntaxError>> {
    let (parsed, errors) = parse_partial(file, src);
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// Parse a whole file as [`parse`] does, and keep what parsed: the items
/// before the first error and between the errors, each top-level item that
/// parsed whole, with the syntax errors. An editor needs the entities of a
/// file that is being typed into.
pub fn parse_partial(file: FileId, src: &str) -> (File<'_>, Vec<SyntaxError>) {
    // The parser and the tree builder recurse once per block; refuse absurd
    // nesting up front instead of exhausting the stack.
    let cuts = match layout(src, MAX_NESTING, PIECE) {
        Ok(cuts) => cuts,
        Err(at) => {
            let error = SyntaxError::TooDeep {
                span: Span::new(file, at, at + 1),
                limit: MAX_NESTING,
            };
            return (File::default(), vec![error]);
        }
    };
    if !cuts.is_empty()
        && let Some(parsed) = parse_pieces(file, src, &cuts)
    {
        return (parsed, Vec::new());
    }
    let mut errors = Vec::new();
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        match parse_from(file, src, offset) {
            Ok(parsed) => {
                items.extend(parsed.items);
                return (File { items }, errors);
            }
            // Escapes are checked after a successful parse of the rest of
            // the file, so every one of them has been seen: stop here, with
            // the items as they parsed (a bad escape keeps its raw text).
            Err(Failure::Decode(found, parsed)) => {
                errors.extend(found);
                items.extend(parsed.items);
                return (File { items }, errors);
            }
            Err(Failure::Pest(err)) => {
                let at = err.span().start as usize;
                errors.push(err);
                // The items before the error parse on their own: keep
                // them. Those before its line, when the line is a stray
                // one between items; else those before the item it is in.
                let at = at.clamp(offset, src.len());
                let line = src[offset..at]
                    .rfind('\n')
                    .map_or(offset, |i| offset + i + 1);
                let before = [line, item_start_before(src, offset, at)]
                    .into_iter()
                    .filter(|&end| end > offset)
                    .find_map(|end| parse_range(file, src, offset, end).ok());
                if let Some(before) = before {
                    items.extend(before.items);
                }
                match resume_point(src, at) {
                    Some(next) if errors.len() < MAX_ERRORS_PER_FILE => offset = next,
                    _ => return (File { items }, errors),
                }
            }
        }
    }
}

/// The start of the last line in `src[from..=at]` that begins a top-level
/// item (at the start of a line, as [`resume_point`] resumes): where the
/// item holding `at` begins.
fn item_start_before(src: &str, from: usize, at: usize) -> usize {
    let bytes = src.as_bytes();
    // An error may point before `from` (the `{` an unclosed block opened
    // in an earlier part): then nothing before it is kept.
    let mut pos = at.clamp(from, src.len());
    loop {
        let line = src[from..pos].rfind('\n').map_or(from, |i| from + i + 1);
        if line == from || bytes.get(line).copied().is_some_and(begins_item) {
            return line;
        }
        pos = line - 1;
    }
}

/// Why one parse attempt failed: a pest error (one, where parsing stopped)
/// or bad escapes found while building the AST (all of them).
enum Failure<'a> {
    Pest(SyntaxError),
    /// With the tree built all the same.
    Decode(Vec<SyntaxError>, File<'a>),
}

/// The file parsed as the pieces between `cuts`, each on its own and in
/// parallel (a large file is then not one thread's work while the other
/// threads wait); `None` when one of them does not parse.
fn parse_pieces<'a>(file: FileId, src: &'a str, cuts: &[usize]) -> Option<File<'a>> {
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ranges: Vec<(usize, usize)> = starts
        .zip(cuts.iter().copied().chain([src.len()]))
        .collect();
    let pieces: Vec<File<'a>> = ranges
        .into_par_iter()
        .map(|(start, end)| parse_range(file, src, start, end).ok())
        .collect::<Option<_>>()?;
    let mut items = Vec::with_capacity(pieces.iter().map(|p| p.items.len()).sum());
    for piece in pieces {
        items.extend(piece.items);
    }
    Some(File { items })
}

fn parse_from(file: FileId, src: &str, offset: usize) -> Result<File<'_>, Failure<'_>> {
    parse_range(file, src, offset, src.len())
}

/// `src[offset..end]` parsed as a file of its own, with spans in `src`:
/// by the direct reader, and by pest where that gives up.
fn parse_range(
    file: FileId,
    src: &str,
    offset: usize,
    end: usize,
) -> Result<File<'_>, Failure<'_>> {
    if let Some(parsed) = direct::read(file, src, offset, end, MAX_NESTING) {
        return Ok(parsed);
    }
    pest_range(file, src, offset, end)
}

/// `src[offset..end]` parsed by pest.
fn pest_range(file: FileId, src: &str, offset: usize, end: usize) -> Result<File<'_>, Failure<'_>> {
    let rest = &src[offset..end];
    let mut pairs = FibfParser::parse(Rule::file, rest)
        .map_err(|e| Failure::Pest(convert_error(file, src, offset, e)))?;
    let mut builder = Builder {
        file,
        offset,
        errors: Vec::new(),
    };
    let root = pairs.next().expect("the file rule always yields one pair");
    let items = builder.items(root);
    if builder.errors.is_empty() {
        Ok(File { items })
    } else {
        Err(Failure::Decode(builder.errors, File { items }))
    }
}

/// Whether the direct reader and pest agree on `text`: `Ok(true)` when
/// both parse it into the same tree, `Ok(false)` when neither does (or it
/// nests too deep to try), the difference otherwise.
pub fn readers_agree(text: &str) -> Result<bool, String> {
    if layout(text, MAX_NESTING, usize::MAX).is_err() {
        return Ok(false);
    }
    let direct = direct::read(FileId(0), text, 0, text.len(), MAX_NESTING);
    match (direct, pest_range(FileId(0), text, 0, text.len())) {
        (None, Err(_)) => Ok(false),
        (Some(direct), Ok(pest)) => {
            let (direct, pest) = (format!("{direct:#?}"), format!("{pest:#?}"));
            if direct == pest {
                Ok(true)
            } else {
                let line = direct
                    .lines()
                    .zip(pest.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                Err(format!(
                    "the trees differ from line {line} of their dumps:\ndirect: {}\npest:   {}",
                    direct.lines().nth(line).unwrap_or(""),
                    pest.lines().nth(line).unwrap_or("")
                ))
            }
        }
        (Some(_), Err(_)) => Err("the direct reader read what pest refuses".to_owned()),
        (None, Ok(_)) => Err("the direct reader gave up on what pest reads".to_owned()),
    }
}

/// The start of the first line after `at` that begins a top-level item.
fn resume_point(src: &str, at: usize) -> Option<usize> {
    let mut pos = at;
    loop {
        let nl = src[pos..].find('\n')? + pos + 1;
        let first = src.as_bytes().get(nl).copied()?;
        if begins_item(first) {
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
        let items = self.items(pair);
        Block { items, span }
    }

    /// The items of a file or a block: those of its `items` pair, if any.
    fn items<'a>(&mut self, parent: Pair<'a, Rule>) -> Vec<Item<'a>> {
        let Some(items) = parent.into_inner().find(|p| p.as_rule() == Rule::items) else {
            return Vec::new();
        };
        // The children are items but for the odd comment: their count is
        // known and sizes the vector, which a filtered iterator would grow
        // step by step.
        let children = items.into_inner();
        let mut out = Vec::with_capacity(children.len());
        out.extend(
            children
                .filter(|p| p.as_rule() == Rule::item)
                .map(|p| self.item(p)),
        );
        out
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
        // pest names the whole `file` when nothing of it matched, at the
        // start of a file (or of a piece): what must come there is an item.
        Rule::key | Rule::item | Rule::items | Rule::file => "a keyword",
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

/// `definition An amount."`: a quote that ends its line after bare words
/// closes a string whose opening quote is missing, rather than opening one.
/// `line` is the rest of the line from the quote at `pos`.
fn unopened(file: FileId, src: &str, pos: usize, line: &str) -> Option<SyntaxError> {
    if line.trim_end() != "\"" {
        return None;
    }
    let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = &src[line_start..pos];
    let (key, words) = before.trim_start().split_once([' ', '\t'])?;
    let words = words.trim_start();
    // Bare words, ending right at the quote: `An amount."`, not `X "`.
    if words.is_empty() || words.ends_with([' ', '\t']) || words.contains('"') {
        return None;
    }
    let text_start = pos - words.len();
    Some(SyntaxError::UnopenedString {
        span: Span::new(file, pos, pos + 1),
        text: Span::new(file, text_start, pos),
        key: key.to_owned(),
        words: words.to_owned(),
    })
}

/// What is at `pos`, in words.
fn found_at(src: &str, pos: usize) -> String {
    match src[pos..].chars().next() {
        None => "end of file".to_owned(),
        Some('\n' | '\r') => "end of line".to_owned(),
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
        if let Some(err) = unopened(file, src, pos, line) {
            return err;
        }
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
    let width = rest.chars().next().map_or(0, char::len_utf8);
    let width = if matches!(rest.as_bytes().first(), Some(b'\n' | b'\r')) {
        0
    } else {
        width
    };
    SyntaxError::Unexpected {
        span: Span::new(file, pos, pos + width),
        found: found_at(src, pos),
        expected,
        in_attribute: on_attribute_line(src, pos),
    }
}

/// Whether `pos` is on a line that opens with an attribute (`@allow(...)`):
/// such a line holds nothing else, so an error there is in the attribute.
fn on_attribute_line(src: &str, pos: usize) -> bool {
    let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..pos].trim_start().starts_with('@')
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

/// Where `src` may be cut into pieces that parse on their own, at least
/// `min` bytes apart (see [`parse`]); or the first `{` that opens a block
/// deeper than `limit`.
///
/// A cut is at the start of a line that begins an item (with a letter or
/// `@` after its indentation) when only blank lines and comments separate
/// it from a `}` that closes a top-level block. Where the lexical scan
/// agrees with the grammar about braces, strings and comments, which it
/// does wherever the text parses, the parser is at the start of a
/// top-level item there, with nothing of the file before it to remember.
fn layout(src: &str, limit: usize, min: usize) -> Result<Vec<usize>, usize> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut cuts = Vec::new();
    let mut last = 0;
    let mut deep = None;
    scan(src, |token| {
        match token {
            Lexeme::Open(at) => {
                depth += 1;
                if depth > limit {
                    deep = Some(at);
                    return false;
                }
            }
            // A `}` that closes nothing is an error the parse reports.
            Lexeme::Close(_) if depth == 0 => {}
            Lexeme::Close(at) => {
                depth -= 1;
                if depth == 0
                    && at - last >= min
                    && let Some(next) = item_line_after(bytes, at + 1)
                {
                    cuts.push(next);
                    last = next;
                }
            }
            Lexeme::Comment(_) => {}
        }
        true
    });
    match deep {
        Some(at) => Err(at),
        None => Ok(cuts),
    }
}

/// Whether a line whose text starts with `b` begins an item: a keyword
/// (`key` starts with a letter) or an attribute above one.
fn begins_item(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'@'
}

/// The start of the line that begins an item after the rest of the line at
/// `i`, when that rest and the lines between are only space and comments.
fn item_line_after(bytes: &[u8], mut i: usize) -> Option<usize> {
    let hs = |mut i: usize| {
        while matches!(bytes.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    i = hs(i);
    loop {
        if bytes.get(i) == Some(&b'#') {
            i += memchr::memchr(b'\n', &bytes[i..])?;
        }
        match bytes.get(i) {
            Some(b'\n') => i += 1,
            Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            _ => return None,
        }
        let line = i;
        i = hs(i);
        match bytes.get(i) {
            Some(&b) if begins_item(b) => return Some(line),
            Some(b'\n' | b'\r' | b'#') => {}
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `is_word_char` says what the grammar's `word` rule takes, for every
    /// ASCII character and a few others.
    #[test]
    fn word_chars_are_the_grammars() {
        for c in (0u8..=127).map(char::from).chain(['é', 'ü', '€', '\u{a0}']) {
            let text = c.to_string();
            let grammar = FibfParser::parse(Rule::word, &text)
                .is_ok_and(|mut pairs| pairs.next().is_some_and(|p| p.as_str() == text));
            assert_eq!(super::super::is_word_char(c), grammar, "{c:?}");
        }
    }

    /// `src` parsed in pieces, cut wherever a cut is allowed, and as a
    /// whole, without error recovery; `None` where it does not parse.
    fn both_ways(src: &str) -> (Option<String>, Option<String>) {
        let cuts = layout(src, MAX_NESTING, 0).unwrap_or_default();
        let pieces = parse_pieces(FileId(0), src, &cuts).map(|f| format!("{f:?}"));
        let whole = parse_from(FileId(0), src, 0).ok().map(|f| format!("{f:?}"));
        (pieces, whole)
    }

    #[test]
    fn cuts_after_top_level_blocks_only() {
        let src =
            "a 1 {\n  b {\n  }\n}\n\n# note\n  @allow(W0401)\nc {\n} # end\r\nd\ne {\n}\n}\nf\n";
        let cuts = layout(src, MAX_NESTING, 0).unwrap();
        let lines: Vec<&str> = cuts
            .iter()
            .map(|&c| src[c..].lines().next().unwrap())
            .collect();
        // Not inside `a`, not after `d` (no block), not after the stray `}`.
        assert_eq!(lines, ["  @allow(W0401)", "d"]);
        assert_eq!(
            layout("a {\n}\nb {\n}\n", MAX_NESTING, 100).unwrap(),
            Vec::<usize>::new()
        );
        assert_eq!(layout("a {{{\n", 2, 0), Err(4));
    }

    #[test]
    fn a_broken_item_keeps_the_items_around_it() {
        let keys = |src: &str| {
            let (file, errors) = parse_partial(FileId(0), src);
            let keys: Vec<&str> = file.items.iter().map(|i| i.key.text).collect();
            (keys.join(" "), errors.len())
        };
        assert_eq!(
            keys("a 1\nb {\n  c \"open\n}\nd 2\n"),
            ("a d".to_owned(), 1)
        );
        assert_eq!(keys("a {\n}\n\"x\ne 1\nf {\n"), ("a e".to_owned(), 2));
        assert_eq!(keys("a {\n  b 1\n"), (String::new(), 1));
        // A bad escape keeps the tree, with the escape as written.
        assert_eq!(keys("a \"\\q\"\nb 1\n"), ("a b".to_owned(), 1));
        assert_eq!(parse(FileId(0), "a 1\n").unwrap().items.len(), 1);
    }

    #[test]
    fn pieces_parse_as_the_whole_does() {
        for src in [
            "a {\n}\nb {\n}\n",
            "a {\n} # c\n\n   # d\nb \"x\" {\n  c 1, 2\n}\n",
            "a {\n}\n@allow(W0401,\nW0402)\nb {\n}\n",
            "a {\n}\nb {\n}\n}\nc\n",
            "a \"\"\"\n}\nb {\n\"\"\" {\n}\nc {\n}\n",
            "a \"x\\\n}\nb {\n}\n",
            "a {\n}\r\nb {\r\n}\r\n",
            "a {\n}\n1 {\n}\n",
            "a {\n}\n",
        ] {
            let (pieces, whole) = both_ways(src);
            assert_eq!(pieces, whole, "{src:?}");
        }
    }

    /// The direct reader reads the corners of the grammar as pest does:
    /// values with no space before them, one-line blocks, lists over
    /// lines, attributes, comments everywhere one may stand, lone `\r`s.
    #[test]
    fn the_direct_reader_reads_the_grammars_corners() {
        for src in [
            "",
            "  \n\n# only a comment",
            "a",
            "a.b\"c\"1<=2!=3",
            "a { b 1 }",
            "a {}\nb{\n}\n",
            "a 1, 2,\n  # between\n\n  3 ,4 # end\r\nb",
            "@allow(W0401, \"why\")  # c\n\n@x\n@y()\n@z( 1 ,2 )\na 1\n",
            "a \"x\\\"y\\u{e9}\" \"\"\"\n  t\n\"\"\" \"\"\n",
            "a \"\r\" # \r lone\r\nb\t\"é\"\t{\t# c\n\tc \"€\"\n}\t# d",
            "a {\n  b {\n    c {\n    }\n  }\n}\n\n\n",
            "a \"\"\"\"\"\" \"\"\"x\"\"\"\"\"",
            "a 1\n# trailing",
        ] {
            assert_eq!(readers_agree(src), Ok(true), "{src:?}");
        }
        for src in [
            "a {",
            "}",
            "a \"\\q\"",
            "@allow(\na",
            "a 1,\n}",
            "1 a",
            "a \"x",
        ] {
            assert_eq!(readers_agree(src), Ok(false), "{src:?}");
        }
    }

    /// A file of items, nested blocks, attributes, comments and blank
    /// lines, with braces in strings, text blocks and comments, drawn from
    /// `seed`; then, for `mutate`, one token inserted or removed.
    fn generated(seed: u64, mutate: Option<(usize, usize)>) -> String {
        let mut state = seed | 1;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        const LINES: &[&str] = &[
            "a 1",
            "b \"}\"",
            "c x, y",
            "d \"\"\"\n}\n{\n\"\"\"",
            "e 1 # }",
            "f \"\\\"{\"",
            "g <= 5",
        ];
        fn items(out: &mut String, depth: usize, next: &mut dyn FnMut(usize) -> usize) {
            for _ in 0..=next(4) {
                match next(8) {
                    0 => out.push('\n'),
                    1 => out.push_str("# {\n"),
                    2 => out.push_str("@allow(W0401,\n  W0402)\n"),
                    _ => {}
                }
                out.push_str(&"  ".repeat(depth));
                out.push_str(LINES[next(LINES.len())]);
                if depth < 3 && next(2) == 0 {
                    out.push_str(" {\n");
                    items(out, depth + 1, next);
                    out.push_str(&"  ".repeat(depth));
                    out.push('}');
                    if next(4) == 0 {
                        out.push_str(" # }");
                    }
                }
                out.push_str(if next(6) == 0 { "\r\n" } else { "\n" });
            }
        }
        let mut out = String::new();
        items(&mut out, 0, &mut next);
        if let Some((at, token)) = mutate {
            const TOKENS: &[&str] = &["", "{", "}", "\"", "\"\"\"", "#", "\n", "\\", ",", "x"];
            let mut at = at % (out.len() + 1);
            while !out.is_char_boundary(at) {
                at -= 1;
            }
            match TOKENS[token % TOKENS.len()] {
                "" if at < out.len() => {
                    out.remove(at);
                }
                t => out.insert_str(at, t),
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

        /// A generated file parses the same in pieces as whole, broken or
        /// not: where the whole fails, a piece fails (and the errors come
        /// from parsing the whole again). And the direct reader reads it as
        /// pest does, or gives up where pest finds an error.
        #[test]
        fn files_parse_the_same_in_pieces(
            seed in any::<u64>(),
            mutate in proptest::option::of((any::<usize>(), any::<usize>())),
        ) {
            let src = generated(seed, mutate);
            let (pieces, whole) = both_ways(&src);
            prop_assert_eq!(pieces, whole, "{:?}", src);
            let agreed = readers_agree(&src);
            prop_assert!(agreed.is_ok(), "{:?}: {:?}", src, agreed);
        }

        /// Any soup of the grammar's tokens (those around a cut among
        /// them) parses the same way, and both readers agree on it.
        #[test]
        fn soups_parse_the_same_in_pieces(tokens in proptest::collection::vec(
            prop::sample::select(vec![
                "a", "b2", "k-x_y", " ", "  ", "\t", "\n", "\r\n", "\r", "{", "}", "{\n",
                "}\n", "# c", "#", "#}", "\"s\"", "\"}\"", "\"\"", "\"", "\"\"\"", "\"\\",
                "\\", "\\n", "\\u{41}", "\\q", "@allow(W0401", "@x", "@", "(", ")", ",",
                ", ", "1", "1..*", ".5", "-", "<=", "<", "=", "==", "!", "!=", ">", "é", "€",
                "\u{0}",
            ]),
            0..48,
        )) {
            let src = tokens.concat();
            let (pieces, whole) = both_ways(&src);
            prop_assert_eq!(pieces, whole, "{:?}", src);
            let agreed = readers_agree(&src);
            prop_assert!(agreed.is_ok(), "{:?}: {:?}", src, agreed);
        }
    }
}
