//! YAML documents read from saphyr's event stream (or, for the simple
//! block style most offerings are written in, from [`simple`]'s, which are
//! the same) into JSON values (or whatever a [`Build`] makes of them), with
//! a parallel tree of spans. Keys
//! are taken as written (`040` stays `"040"`); plain scalars are typed by
//! the YAML 1.2 core schema; anchors and aliases are expanded under a node
//! budget, so an alias bomb is an error, not an out-of-memory crash.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Range;
use std::vec::Drain;

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

use super::{DataError, Document, Located, Locations, MAX_ALIAS_NODES, MAX_DEPTH};

mod simple;

/// Where each part of a YAML value is, as byte ranges in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpanTree {
    /// A scalar.
    Leaf(Range<usize>),
    /// A mapping.
    Map {
        /// The mapping, from its first key to its end.
        range: Range<usize>,
        /// Key, the key's range, the value's tree.
        entries: Vec<(String, Range<usize>, SpanTree)>,
    },
    /// A sequence.
    Seq {
        /// The sequence, from its first item to its end.
        range: Range<usize>,
        /// Each item's tree.
        items: Vec<SpanTree>,
    },
}

impl SpanTree {
    /// The range of the node.
    pub fn range(&self) -> Range<usize> {
        match self {
            SpanTree::Leaf(r) | SpanTree::Map { range: r, .. } | SpanTree::Seq { range: r, .. } => {
                r.clone()
            }
        }
    }

    /// The value at `segments`, or the deepest ancestor that exists.
    pub fn locate(&self, segments: &[String]) -> Located {
        let mut node = self;
        let mut key = None;
        for seg in segments {
            let next = match node {
                SpanTree::Map { entries, .. } => entries
                    .iter()
                    .find(|(k, _, _)| k == seg)
                    .map(|(_, kr, v)| (Some(kr.clone()), v)),
                SpanTree::Seq { items, .. } => seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|v| (None, v)),
                SpanTree::Leaf(_) => None,
            };
            match next {
                Some((k, v)) => {
                    key = k;
                    node = v;
                }
                None => break,
            }
        }
        Located {
            key,
            value: node.range(),
        }
    }
}

/// Character index (saphyr's markers) to byte offset.
struct Offsets<'a> {
    text: &'a str,
    /// Byte offset of each character, built only for non-ASCII text.
    starts: Option<Vec<usize>>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let starts = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Offsets { text, starts }
    }

    fn byte(&self, m: Marker) -> usize {
        match &self.starts {
            None => m.index().min(self.text.len()),
            Some(starts) => starts.get(m.index()).copied().unwrap_or(self.text.len()),
        }
    }

    fn range(&self, start: Marker, end: Marker) -> Range<usize> {
        let (a, b) = (self.byte(start), self.byte(end));
        a..b.max(a)
    }
}

/// A scalar typed by the YAML 1.2 core schema.
pub(super) enum Scalar {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
}

/// What the nodes of YAML documents are built into: a `serde_json::Value`
/// (`fibf validate`), or a [`super::tree::Tree`] (`fibf conform`, which
/// validates thousands of offerings and gains from skipping the value's
/// hashed maps).
pub(super) trait Build {
    /// A node; a clone is what an anchor keeps for its aliases.
    type Node: Clone;
    /// A whole document.
    type Doc;
    fn scalar(&mut self, scalar: Scalar) -> Self::Node;
    fn seq(&mut self, items: Drain<'_, Self::Node>) -> Self::Node;
    /// A mapping's members, in document order; their keys are distinct.
    fn map(&mut self, members: Drain<'_, (String, Self::Node)>) -> Self::Node;
    /// The node an alias stands for: a copy of what its anchor kept.
    fn alias(&mut self, anchored: &Self::Node) -> Self::Node;
    fn document(&mut self, root: Self::Node) -> Self::Doc;
}

/// Builds `serde_json::Value`s.
pub(super) struct Values;

impl Build for Values {
    type Node = Value;
    type Doc = Value;

    fn scalar(&mut self, scalar: Scalar) -> Value {
        match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Number(n) => Value::Number(n),
            Scalar::String(s) => Value::String(s),
        }
    }

    fn seq(&mut self, items: Drain<'_, Value>) -> Value {
        Value::Array(items.collect())
    }

    fn map(&mut self, members: Drain<'_, (String, Value)>) -> Value {
        Value::Object(members.collect::<Map<String, Value>>())
    }

    fn alias(&mut self, anchored: &Value) -> Value {
        anchored.clone()
    }

    fn document(&mut self, root: Value) -> Value {
        root
    }
}

/// Mappings with more keys than this find a repeated key through a hash
/// table; smaller ones search their keys in order.
const FEW_KEYS: usize = 16;

/// The keys of a mapping so far, for the duplicate test: the table holds
/// their places in the mapping's entries (the keys are not copied), and is
/// built once there are more than [`FEW_KEYS`].
#[derive(Default)]
struct Keys {
    table: Option<HashTable<u32>>,
}

type Entry = (String, Range<usize>, SpanTree);

impl Keys {
    fn hash(key: &str) -> u64 {
        FixedState::default().hash_one(key)
    }

    /// The place of `key` among `entries`.
    fn find(&self, entries: &[Entry], key: &str) -> Option<usize> {
        match &self.table {
            Some(table) => table
                .find(Self::hash(key), |&i| entries[i as usize].0 == key)
                .map(|&i| i as usize),
            None => entries.iter().position(|(e, _, _)| e == key),
        }
    }

    /// Take in the last of `entries`, just added.
    fn added(&mut self, entries: &[Entry]) {
        let rehash = |&i: &u32| Self::hash(&entries[i as usize].0);
        match &mut self.table {
            Some(table) => {
                let last = entries.len() - 1;
                table.insert_unique(Self::hash(&entries[last].0), last as u32, rehash);
            }
            None if entries.len() > FEW_KEYS => {
                let mut table = HashTable::with_capacity(entries.len() * 2);
                for (i, (key, _, _)) in entries.iter().enumerate() {
                    table.insert_unique(Self::hash(key), i as u32, rehash);
                }
                self.table = Some(table);
            }
            None => {}
        }
    }
}

enum Frame {
    Map {
        start: usize,
        anchor: usize,
        /// Where its members start in the reader's stack of them.
        mark: usize,
        entries: Vec<Entry>,
        keys: Keys,
        key: Option<(String, Range<usize>)>,
        nodes: usize,
    },
    Seq {
        start: usize,
        anchor: usize,
        mark: usize,
        items: Vec<SpanTree>,
        nodes: usize,
    },
}

/// A finished node on its way into its parent.
struct Node<N> {
    value: N,
    tree: SpanTree,
    nodes: usize,
}

/// The documents of `text` as `serde_json::Value`s.
pub fn parse(text: &str) -> Vec<Result<Document, DataError>> {
    parse_with(text, &mut Values)
}

/// The documents of `text`, each built by `build`.
pub(super) fn parse_with<B: Build>(
    text: &str,
    build: &mut B,
) -> Vec<Result<Document<B::Doc>, DataError>> {
    match simple::events(text) {
        Some(events) => read(events.into_iter().map(Ok), build),
        None => {
            let offsets = Offsets::new(text);
            let events = Parser::new_from_str(text).map(|event| match event {
                Ok((event, span)) => Ok((event, offsets.range(span.start, span.end))),
                Err(e) => {
                    let at = offsets.byte(*e.marker());
                    let at = at..(at + 1).min(text.len()).max(at);
                    let message = e.info().to_owned();
                    // saphyr has a nesting limit of its own, below ours.
                    Err(if message.contains("recursion limit") {
                        DataError::Limit {
                            at,
                            message: "nested too deeply".to_owned(),
                        }
                    } else {
                        DataError::Syntax { at, message }
                    })
                }
            });
            read(events, build)
        }
    }
}

/// A YAML event and the bytes it spans.
type Spanned<'t> = (Event<'t>, Range<usize>);

/// The documents that `events` describe, each built by `build`. The first
/// error ends the reading, after the documents before it.
fn read<'t, B: Build>(
    mut events: impl Iterator<Item = Result<Spanned<'t>, DataError>>,
    build: &mut B,
) -> Vec<Result<Document<B::Doc>, DataError>> {
    let mut reader = Reader {
        build,
        docs: Vec::new(),
        anchors: HashMap::new(),
        stack: Vec::new(),
        items: Vec::new(),
        members: Vec::new(),
        root: None,
        doc_start: 0,
        alias_nodes: 0,
        duplicates: Vec::new(),
    };
    loop {
        let result = match events.next() {
            None => break,
            Some(Ok((event, range))) => reader.event(event, range),
            Some(Err(e)) => Err(e),
        };
        if let Err(e) = result {
            reader.docs.push(Err(e));
            return reader.docs;
        }
    }
    let Reader {
        build, mut docs, ..
    } = reader;
    if docs.is_empty() {
        docs.push(Ok(Document {
            value: {
                let null = build.scalar(Scalar::Null);
                build.document(null)
            },
            locations: Locations::Yaml(SpanTree::Leaf(0..0)),
            range: 0..0,
            duplicates: Vec::new(),
        }));
    }
    docs
}

/// The state of reading a stream of events into documents.
struct Reader<'b, B: Build> {
    build: &'b mut B,
    docs: Vec<Result<Document<B::Doc>, DataError>>,
    /// Each anchor's value and the nodes it holds.
    anchors: HashMap<usize, (B::Node, usize)>,
    stack: Vec<Frame>,
    // The items and members of the collections open, innermost last; each
    // collection's go to the builder together when it closes.
    items: Vec<B::Node>,
    members: Vec<(String, B::Node)>,
    root: Option<Node<B::Node>>,
    doc_start: usize,
    /// Nodes the document's aliases have expanded to so far.
    alias_nodes: usize,
    /// The document's keys given twice, left out of it.
    duplicates: Vec<DataError>,
}

impl<B: Build> Reader<'_, B> {
    /// Take one event: a finished node goes to its parent.
    fn event(&mut self, event: Event<'_>, range: Range<usize>) -> Result<(), DataError> {
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => return Ok(()),
            Event::DocumentStart(_) => {
                self.doc_start = range.start;
                self.anchors.clear();
                self.alias_nodes = 0;
                self.duplicates.clear();
                return Ok(());
            }
            Event::DocumentEnd => {
                self.document_end(&range);
                return Ok(());
            }
            Event::Alias(id) => self.alias(id, range)?,
            Event::Scalar(raw, style, anchor, tag) => {
                // A key is kept as written; a value is typed.
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = self.stack.last_mut()
                {
                    *key = Some((raw.into_owned(), range));
                    return Ok(());
                }
                let explicit_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                self.scalar(
                    raw,
                    style == ScalarStyle::Plain && !explicit_string,
                    anchor,
                    range,
                )?
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let map = matches!(event, Event::MappingStart(..));
                return self.open(map, anchor, &range);
            }
            Event::MappingEnd | Event::SequenceEnd => match self.close(&range) {
                Some(node) => node,
                None => return Ok(()),
            },
        };
        self.attach(node)
    }

    fn document_end(&mut self, range: &Range<usize>) {
        let doc_start = self.doc_start;
        let node = self.root.take().unwrap_or_else(|| Node {
            value: self.build.scalar(Scalar::Null),
            tree: SpanTree::Leaf(doc_start..doc_start),
            nodes: 1,
        });
        let end = node.tree.range().end.max(range.start);
        self.docs.push(Ok(Document {
            value: self.build.document(node.value),
            locations: Locations::Yaml(node.tree),
            range: doc_start..end,
            duplicates: std::mem::take(&mut self.duplicates),
        }));
    }

    fn alias(&mut self, id: usize, range: Range<usize>) -> Result<Node<B::Node>, DataError> {
        let Some((value, nodes)) = self.anchors.get(&id) else {
            return Err(DataError::Syntax {
                at: range,
                message: "alias to an unknown anchor".to_owned(),
            });
        };
        self.alias_nodes += nodes;
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(DataError::Limit {
                at: range,
                message: format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
            });
        }
        Ok(Node {
            value: self.build.alias(value),
            tree: SpanTree::Leaf(range),
            nodes: *nodes,
        })
    }

    /// A scalar value; `plain` ones are typed by the core schema.
    fn scalar(
        &mut self,
        raw: std::borrow::Cow<'_, str>,
        plain: bool,
        anchor: usize,
        range: Range<usize>,
    ) -> Result<Node<B::Node>, DataError> {
        let scalar = if plain {
            resolve_plain(raw).map_err(|e| DataError::NotJson {
                at: range.clone(),
                message: e.to_string(),
            })?
        } else {
            Scalar::String(raw.into_owned())
        };
        let value = self.build.scalar(scalar);
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), 1));
        }
        Ok(Node {
            value,
            tree: SpanTree::Leaf(range),
            nodes: 1,
        })
    }

    /// A mapping or sequence opens.
    fn open(&mut self, map: bool, anchor: usize, range: &Range<usize>) -> Result<(), DataError> {
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(DataError::NotJson {
                at: range.clone(),
                message: "a mapping key must be a plain string, not a collection".to_owned(),
            });
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(DataError::Limit {
                at: range.clone(),
                message: format!("nested more than {MAX_DEPTH} levels deep"),
            });
        }
        self.stack.push(if map {
            Frame::Map {
                start: range.start,
                anchor,
                mark: self.members.len(),
                entries: Vec::new(),
                keys: Keys::default(),
                key: None,
                nodes: 1,
            }
        } else {
            Frame::Seq {
                start: range.start,
                anchor,
                mark: self.items.len(),
                items: Vec::new(),
                nodes: 1,
            }
        });
        Ok(())
    }

    /// The innermost collection closes: its node, built from its members
    /// or items.
    fn close(&mut self, range: &Range<usize>) -> Option<Node<B::Node>> {
        let (value, tree, nodes, anchor) = match self.stack.pop()? {
            Frame::Map {
                start,
                anchor,
                mark,
                entries,
                nodes,
                ..
            } => (
                self.build.map(self.members.drain(mark..)),
                SpanTree::Map {
                    range: start..range.end.max(start),
                    entries,
                },
                nodes,
                anchor,
            ),
            Frame::Seq {
                start,
                anchor,
                mark,
                items: spans,
                nodes,
            } => (
                self.build.seq(self.items.drain(mark..)),
                SpanTree::Seq {
                    range: start..range.end.max(start),
                    items: spans,
                },
                nodes,
                anchor,
            ),
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), nodes));
        }
        Some(Node { value, tree, nodes })
    }

    /// Attach a finished node to its parent, or make it the root.
    fn attach(&mut self, node: Node<B::Node>) -> Result<(), DataError> {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq {
                items: spans,
                nodes,
                ..
            }) => {
                *nodes += node.nodes;
                self.items.push(node.value);
                spans.push(node.tree);
            }
            Some(Frame::Map {
                entries,
                keys,
                key,
                nodes,
                ..
            }) => {
                let Some((k, key_range)) = key.take() else {
                    return Err(DataError::NotJson {
                        at: node.tree.range(),
                        message: "a mapping key must be a plain string".to_owned(),
                    });
                };
                if let Some(i) = keys.find(entries, &k) {
                    // Reported, and the second entry left out: the rest of
                    // the document is still worth reading.
                    self.duplicates.push(DataError::DuplicateKey {
                        key: k,
                        first: entries[i].1.clone(),
                        second: key_range,
                    });
                    return Ok(());
                }
                *nodes += node.nodes;
                self.members.push((k.clone(), node.value));
                entries.push((k, key_range, node.tree));
                keys.added(entries);
            }
        }
        Ok(())
    }
}

/// Whether the reader of simple block YAML agrees with saphyr on `text`:
/// `Ok(false)` when it leaves the text to saphyr, `Ok(true)` when it reads
/// it and yields saphyr's events with saphyr's spans, and the first
/// difference otherwise.
pub(super) fn simple_agrees(text: &str) -> Result<bool, Disagreement> {
    let Some(simple) = simple::events(text) else {
        return Ok(false);
    };
    let offsets = Offsets::new(text);
    let mut saphyr = Vec::new();
    for event in Parser::new_from_str(text) {
        match event {
            Ok((Event::StreamStart | Event::StreamEnd, _)) => {}
            Ok((event, span)) => saphyr.push((event, offsets.range(span.start, span.end))),
            Err(e) => {
                return Err(Disagreement(format!(
                    "saphyr refuses the text the simple reader read: {e}"
                )));
            }
        }
    }
    match simple.iter().zip(&saphyr).position(|(a, b)| a != b) {
        Some(i) => Err(Disagreement(format!(
            "event {i}: the simple reader's {:?}, saphyr's {:?}",
            simple[i], saphyr[i]
        ))),
        None if simple.len() != saphyr.len() => Err(Disagreement(format!(
            "the simple reader yields {} events, saphyr {}",
            simple.len(),
            saphyr.len()
        ))),
        None => Ok(true),
    }
}

/// The first difference between the simple reader and saphyr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement(pub String);

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A plain scalar that JSON cannot hold.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Unrepresentable {
    /// Infinities and NaN.
    NoEquivalent(String),
    /// A float past `f64`.
    OutOfRange(String),
}

impl std::fmt::Display for Unrepresentable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unrepresentable::NoEquivalent(s) => write!(f, "`{s}` has no JSON equivalent"),
            Unrepresentable::OutOfRange(s) => write!(f, "`{s}` is out of range"),
        }
    }
}

/// The YAML 1.2 core schema for plain scalars: null, booleans, integers
/// (decimal, `0o` octal, `0x` hex), floats; anything else is a string.
fn resolve_plain(raw: std::borrow::Cow<'_, str>) -> Result<Scalar, Unrepresentable> {
    let s = raw.as_ref();
    Ok(match s {
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Err(Unrepresentable::NoEquivalent(s.to_owned())),
        _ => {
            if let Some(n) = integer(s) {
                Scalar::Number(n)
            } else if is_float(s) {
                match s.parse::<f64>().ok().and_then(Number::from_f64) {
                    Some(n) => Scalar::Number(n),
                    None => return Err(Unrepresentable::OutOfRange(s.to_owned())),
                }
            } else {
                Scalar::String(raw.into_owned())
            }
        }
    })
}

fn integer(s: &str) -> Option<Number> {
    let (radix, digits) = if let Some(h) = s.strip_prefix("0x") {
        (16, h)
    } else if let Some(o) = s.strip_prefix("0o") {
        (8, o)
    } else {
        let body = s.strip_prefix(['-', '+']).unwrap_or(s);
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return s
            .parse::<i64>()
            .ok()
            .map(Number::from)
            .or_else(|| s.parse::<f64>().ok().and_then(Number::from_f64));
    };
    // `from_str_radix` takes a sign, the core schema does not: `0x-1` is
    // a string.
    if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
        return None;
    }
    i64::from_str_radix(digits, radix).ok().map(Number::from)
}

fn is_float(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = (!int.is_empty() || !frac.is_empty()) && digits(int) && digits(frac);
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && (mantissa.contains('.') || exponent.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(text: &str) -> Document {
        parse(text).pop().unwrap().unwrap()
    }

    #[test]
    fn values_and_positions() {
        let text = "a: 1\nb:\n  - x\n  - 'y'\n  - 2.5\nc: ~\n\"040\": yes\n'd': 040\n";
        let doc = one(text);
        assert_eq!(
            doc.value,
            json!({"a": 1, "b": ["x", "y", 2.5], "c": null, "040": "yes", "d": 40})
        );
        let l = doc.locate(text, "/b/1");
        assert_eq!(&text[l.value], "'y'");
        let l = doc.locate(text, "/a");
        assert_eq!(&text[l.key.unwrap()], "a");
        assert_eq!(&text[l.value], "1");
    }

    #[test]
    fn positions_with_non_ascii_text() {
        let text = "name: \"Café ü\"\nvalue: 3\n";
        let doc = one(text);
        let l = doc.locate(text, "/value");
        assert_eq!(&text[l.value], "3");
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let doc = one("[0x1F, 0o17, 0x-1, 0x+1, 0o-1, 0o+1, +-5, 0x, 1e3, .5, 1., +7]");
        assert_eq!(
            doc.value,
            json!([
                31, 15, "0x-1", "0x+1", "0o-1", "0o+1", "+-5", "0x", 1000.0, 0.5, 1.0, 7
            ])
        );
    }

    #[test]
    fn a_root_block_scalar_ends_at_the_next_document() {
        let docs: Vec<Value> = parse("--- |\nabc\n---\nx: 1\n")
            .into_iter()
            .map(|d| d.unwrap().value)
            .collect();
        assert_eq!(docs, [json!("abc\n"), json!({"x": 1})]);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                [prev.as_str(); 10].join(", ")
            ));
        }
        let result = parse(&text).pop().unwrap();
        assert!(matches!(result, Err(DataError::Limit { .. })), "{result:?}");
    }

    #[test]
    fn duplicate_keys_are_reported_and_collection_keys_are_errors() {
        let doc = parse("a: 1\na: 2\nb: 3\n").pop().unwrap().unwrap();
        assert!(matches!(
            doc.duplicates.as_slice(),
            [DataError::DuplicateKey { key, .. }] if key == "a"
        ));
        // The first entry is kept, and what follows is read.
        assert_eq!(doc.value, serde_json::json!({"a": 1, "b": 3}));
        assert!(matches!(
            parse("? [a]\n: 1\n").pop().unwrap(),
            Err(DataError::NotJson { .. })
        ));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(matches!(
            parse(&text).pop().unwrap(),
            Err(DataError::Limit { .. })
        ));
    }
}
