//! A JSON document as a tree that borrows its strings from the text it was
//! parsed from, for `fibf conform`, which reads thousands of offerings and
//! validates each against the offering schema.
//!
//! Parsing an offering into a `serde_json::Value` allocated every key and
//! string and hashed every key into an `IndexMap` (the `preserve_order`
//! feature the emitters need), and that was the largest cost of checking an
//! offering. Here strings without escapes stay slices of the text, arrays'
//! items and objects' members sit in two flat vectors, and a small object
//! is searched in order (large ones through a sorted index). The validator
//! reads the tree through jsonschema's interface for custom
//! representations ([`TreeJson`]).
//!
//! The tree means what `serde_json::Value` means for the same text: a
//! duplicate key keeps its first place and its last value, numbers are
//! `serde_json::Number`s read by `serde_json`'s rules, and anything the fast
//! parser does not take (an error, escapes it leaves to `serde_json`, deep
//! nesting) is parsed by `serde_json`, whose errors are the ones reported.
//!
//! YAML offerings are built into the same tree by the YAML reader
//! (`Tree` is one of its `Build`ers), with owned strings and an alias
//! copied in full.

use std::borrow::Cow;
use std::vec::Drain;

use jsonschema::json::{Array, Json, Node, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde_json::{Map, Number};

use super::MAX_DEPTH;
use super::yaml::{Build, Scalar};

/// A parsed document.
#[derive(Debug)]
pub struct Tree<'t> {
    root: Value<'t>,
    /// Every array's items, each array's together.
    items: Vec<Value<'t>>,
    /// Every object's members in document order, each object's together.
    members: Vec<(Cow<'t, str>, Value<'t>)>,
    /// For each large object, the offsets of its members sorted by key.
    sorted: Vec<u32>,
    /// Where each value is in the text, for a tree the JSON parser read:
    /// a finding is placed from these instead of by scanning the text.
    places: Option<Places>,
}

/// Byte ranges in the text of a parsed JSON document, each list beside the
/// values it places.
#[derive(Debug, Default)]
struct Places {
    root: (u32, u32),
    /// Each item's value.
    items: Vec<(u32, u32)>,
    /// Each member's quoted key and value.
    members: Vec<[u32; 4]>,
}

/// One value of a [`Tree`].
#[derive(Clone, Debug)]
pub enum Value<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string, borrowed from the text when it has no escapes.
    String(Cow<'t, str>),
    /// An array: its items are `len` values of the tree from `start`.
    Array {
        /// Where its items start in the tree.
        start: u32,
        /// How many items it has.
        len: u32,
    },
    /// An object: its members are `len` (name, value) pairs from `start`.
    Object {
        /// Where its members start in the tree.
        start: u32,
        /// How many members it has.
        len: u32,
        /// Where the sorted offsets of its members start, for objects
        /// with more than `SMALL` members.
        sorted: u32,
    },
}

/// Members an object may have and still be searched in order.
const SMALL: usize = 12;

impl<'t> Tree<'t> {
    /// The document in `text`, or `None` where `serde_json` must have the
    /// last word: a syntax error, a string with escapes that are not
    /// simple, nesting deeper than [`MAX_DEPTH`].
    pub fn parse(text: &'t str) -> Option<Tree<'t>> {
        // Sized from the text up front (an offering has a member for
        // every 25 bytes or so, an item for every few hundred): grown by
        // doubling, the vectors were reallocated and copied some fifty
        // times an offering.
        let members = text.len() / 24;
        let items = text.len() / 128;
        let mut tree = Tree::empty();
        tree.members.reserve(members);
        tree.items.reserve(items);
        let places = Places {
            root: (0, 0),
            items: Vec::with_capacity(items),
            members: Vec::with_capacity(members),
        };
        let mut p = Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            tree,
            items: Vec::with_capacity(64),
            members: Vec::with_capacity(64),
            places,
            item_places: Vec::with_capacity(64),
            member_places: Vec::with_capacity(64),
            placed: u32::try_from(text.len()).is_ok(),
        };
        p.skip_ws();
        let start = p.pos;
        let root = p.value()?;
        let end = p.pos;
        p.skip_ws();
        if p.pos != p.bytes.len() {
            return None;
        }
        p.tree.root = root;
        if p.placed {
            p.places.root = (start as u32, end as u32);
            p.tree.places = Some(p.places);
        }
        Some(p.tree)
    }

    /// The tree of a document already read as a `serde_json::Value` (JSON
    /// the fast parser left to `serde_json`), borrowing its strings.
    pub fn from_value(value: &'t serde_json::Value) -> Tree<'t> {
        let mut tree = Tree::empty();
        tree.root = tree.convert(value);
        tree
    }

    pub(super) fn empty() -> Self {
        Tree {
            root: Value::Null,
            items: Vec::new(),
            members: Vec::new(),
            sorted: Vec::new(),
            places: None,
        }
    }

    /// Whether the tree knows where its values are in its text.
    pub fn is_placed(&self) -> bool {
        self.places.is_some()
    }

    /// Where the value at `segments` is in the text the tree was parsed
    /// from, as the scan of the text ([`super::locate_json`]) would find it, or `None`
    /// where the tree does not know (a tree not parsed from JSON text, an
    /// object whose keys repeat) or the scan finds nothing.
    pub fn locate(&self, segments: &[String]) -> Option<super::Located> {
        let places = self.places.as_ref()?;
        let mut value = &self.root;
        let (mut start, mut end) = places.root;
        let mut key = None;
        for seg in segments {
            match *value {
                Value::Object {
                    start: first,
                    len,
                    sorted,
                } => {
                    let i = self.member(first, len, sorted, seg)?;
                    let [ks, ke, vs, ve] = places.members[i];
                    key = Some(ks as usize..ke as usize);
                    (start, end) = (vs, ve);
                    value = &self.members[i].1;
                }
                Value::Array { start: first, len } => {
                    let index: usize = seg.parse().ok()?;
                    if len == 0 && index == 0 {
                        // The scan stops on the closing bracket, and so
                        // does this: an empty place there.
                        return Some(super::Located {
                            key: None,
                            value: end as usize - 1..end as usize - 1,
                        });
                    }
                    if index >= len as usize {
                        return None;
                    }
                    let i = first as usize + index;
                    (start, end) = places.items[i];
                    key = None;
                    value = &self.items[i];
                }
                _ => break,
            }
        }
        Some(super::Located {
            key,
            value: start as usize..end as usize,
        })
    }

    /// The place in `members` of the member named `key` of the object
    /// whose members are `len` from `start` (searched in order, or through
    /// its sorted offsets from `sorted` for a large object).
    fn member(&self, start: u32, len: u32, sorted: u32, key: &str) -> Option<usize> {
        let members = &self.members[start as usize..(start + len) as usize];
        let at = if sorted == u32::MAX {
            members.iter().position(|(k, _)| k == key)?
        } else {
            let order = &self.sorted[sorted as usize..(sorted + len) as usize];
            let at = order
                .binary_search_by(|&i| members[i as usize].0.as_ref().cmp(key))
                .ok()?;
            order[at] as usize
        };
        Some(start as usize + at)
    }

    fn convert(&mut self, value: &'t serde_json::Value) -> Value<'t> {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(values) => {
                let items: Vec<Value<'t>> = values.iter().map(|v| self.convert(v)).collect();
                self.push_array(items)
            }
            serde_json::Value::Object(map) => {
                let members: Vec<(Cow<'t, str>, Value<'t>)> = map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), self.convert(v)))
                    .collect();
                // A map's keys are distinct already.
                self.push_object(members, false)
            }
        }
    }

    fn push_array(&mut self, items: impl IntoIterator<Item = Value<'t>>) -> Value<'t> {
        let start = self.items.len();
        self.items.extend(items);
        Value::Array {
            start: start as u32,
            len: (self.items.len() - start) as u32,
        }
    }

    /// An object of `members` in document order; `dedup` when keys may
    /// repeat.
    fn push_object(
        &mut self,
        members: impl IntoIterator<Item = (Cow<'t, str>, Value<'t>)>,
        dedup: bool,
    ) -> Value<'t> {
        let start = self.members.len();
        self.members.extend(members);
        let mut order = key_order(&self.members[start..]);
        if dedup && has_duplicates(&self.members[start..], order.as_deref()) {
            merge_duplicates(&mut self.members, start);
            order = key_order(&self.members[start..]);
        }
        let sorted = match order {
            Some(order) => {
                let at = self.sorted.len();
                self.sorted.extend(order);
                at as u32
            }
            None => u32::MAX,
        };
        Value::Object {
            start: start as u32,
            len: (self.members.len() - start) as u32,
            sorted,
        }
    }

    /// The root of the document.
    pub fn root(&self) -> TreeNode<'_> {
        TreeNode::In(self, &self.root)
    }

    /// A copy of `value` and all under it, in places of its own: nodes are
    /// told apart by address (jsonschema's cycle guard), so an alias does
    /// not share its anchor's.
    fn copy(&mut self, value: &Value<'t>) -> Value<'t> {
        match *value {
            Value::Array { start, len } => {
                let items: Vec<Value<'t>> = (start..start + len)
                    .map(|i| {
                        let item = self.items[i as usize].clone();
                        self.copy(&item)
                    })
                    .collect();
                self.push_array(items)
            }
            Value::Object { start, len, .. } => {
                let members: Vec<(Cow<'t, str>, Value<'t>)> = (start..start + len)
                    .map(|i| {
                        let (key, member) = self.members[i as usize].clone();
                        (key, self.copy(&member))
                    })
                    .collect();
                self.push_object(members, false)
            }
            ref scalar => scalar.clone(),
        }
    }
}

/// YAML is built straight into a tree, with the strings saphyr hands over.
impl<'t> Build for Tree<'t> {
    type Node = Value<'t>;
    type Doc = Tree<'t>;

    fn scalar(&mut self, scalar: Scalar) -> Value<'t> {
        match scalar {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Number(n) => Value::Number(n),
            Scalar::String(s) => Value::String(Cow::Owned(s)),
        }
    }

    fn seq(&mut self, items: Drain<'_, Value<'t>>) -> Value<'t> {
        self.push_array(items)
    }

    fn map(&mut self, members: Drain<'_, (String, Value<'t>)>) -> Value<'t> {
        // The reader refuses a repeated key.
        self.push_object(members.map(|(k, v)| (Cow::Owned(k), v)), false)
    }

    fn alias(&mut self, anchored: &Value<'t>) -> Value<'t> {
        self.copy(anchored)
    }

    fn document(&mut self, root: Value<'t>) -> Tree<'t> {
        let mut tree = std::mem::replace(self, Tree::empty());
        tree.root = root;
        tree
    }
}

/// For an object of more than [`SMALL`] members, the offsets of its
/// members sorted by key: the index it is searched through.
fn key_order(members: &[(Cow<'_, str>, Value<'_>)]) -> Option<Vec<u32>> {
    (members.len() > SMALL).then(|| {
        let mut order: Vec<u32> = (0..members.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| members[a as usize].0.cmp(&members[b as usize].0));
        order
    })
}

/// Whether any key repeats: neighbours in the object's `order` by key
/// when it has one, else each pair of its (few) members.
fn has_duplicates(members: &[(Cow<'_, str>, Value<'_>)], order: Option<&[u32]>) -> bool {
    match order {
        Some(order) => order
            .windows(2)
            .any(|w| members[w[0] as usize].0 == members[w[1] as usize].0),
        None => members
            .iter()
            .enumerate()
            .any(|(i, (k, _))| members[i + 1..].iter().any(|(other, _)| other == k)),
    }
}

/// Merge the members from `start` on as `serde_json`'s map does: a repeated
/// key keeps the place where it first appears and the value it last has.
fn merge_duplicates<'t>(members: &mut Vec<(Cow<'t, str>, Value<'t>)>, start: usize) {
    let (keys, values): (Vec<_>, Vec<_>) = members.drain(start..).unzip();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    // Stable, so each key's members stay in document order.
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    // Each key's first member takes its last member's value.
    let mut value_of: Vec<Option<usize>> = vec![None; keys.len()];
    for group in order.chunk_by(|&a, &b| keys[a] == keys[b]) {
        value_of[group[0]] = group.last().copied();
    }
    let mut keys: Vec<Option<Cow<'t, str>>> = keys.into_iter().map(Some).collect();
    let mut values: Vec<Option<Value<'t>>> = values.into_iter().map(Some).collect();
    for (i, from) in value_of.into_iter().enumerate() {
        if let Some(from) = from
            && let (Some(k), Some(v)) = (keys[i].take(), values[from].take())
        {
            members.push((k, v));
        }
    }
}

struct Parser<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    depth: usize,
    tree: Tree<'t>,
    /// The items and members of the containers open, innermost last;
    /// each moves to the tree, contiguous, when its container closes.
    items: Vec<Value<'t>>,
    members: Vec<(Cow<'t, str>, Value<'t>)>,
    /// The places of the tree's values, and of the open containers' items
    /// and members beside those.
    places: Places,
    item_places: Vec<(u32, u32)>,
    member_places: Vec<[u32; 4]>,
    /// Whether every offset fits the places' `u32`s, and no object's keys
    /// repeated (its members merged, their places no longer line up).
    placed: bool,
}

impl<'t> Parser<'t> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Step over `byte` (after whitespace) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.skip_ws();
        let found = self.bytes.get(self.pos) == Some(&byte);
        self.pos += usize::from(found);
        found
    }

    fn value(&mut self) -> Option<Value<'t>> {
        self.skip_ws();
        match *self.bytes.get(self.pos)? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => self.string().map(Value::String),
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'n' => self.word(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8], value: Value<'t>) -> Option<Value<'t>> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(value)
        } else {
            None
        }
    }

    /// The elements of the array or object whose opening bracket is at
    /// `pos`, each read by `element`, up to the `close` bracket.
    fn container(
        &mut self,
        close: u8,
        mut element: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.depth += 1;
        self.pos += 1;
        // serde_json's limit: it refuses the MAX_DEPTH-th level.
        if self.depth >= MAX_DEPTH {
            return None;
        }
        if !self.eat(close) {
            loop {
                element(self)?;
                if self.eat(close) {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        self.depth -= 1;
        Some(())
    }

    fn array(&mut self) -> Option<Value<'t>> {
        let mark = self.items.len();
        self.container(b']', |p| {
            p.skip_ws();
            let start = p.pos as u32;
            let v = p.value()?;
            p.items.push(v);
            p.item_places.push((start, p.pos as u32));
            Some(())
        })?;
        let items = self.items.drain(mark..);
        self.places.items.extend(self.item_places.drain(mark..));
        Some(self.tree.push_array(items))
    }

    fn object(&mut self) -> Option<Value<'t>> {
        let mark = self.members.len();
        self.container(b'}', |p| {
            p.skip_ws();
            if p.bytes.get(p.pos) != Some(&b'"') {
                return None;
            }
            let key_start = p.pos as u32;
            let key = p.string()?;
            let key_end = p.pos as u32;
            if !p.eat(b':') {
                return None;
            }
            p.skip_ws();
            let start = p.pos as u32;
            let v = p.value()?;
            p.members.push((key, v));
            p.member_places
                .push([key_start, key_end, start, p.pos as u32]);
            Some(())
        })?;
        let members = self.members.drain(mark..);
        let count = members.len();
        let before = self.tree.members.len();
        let object = self.tree.push_object(members, true);
        if self.tree.members.len() - before != count {
            self.placed = false;
        }
        self.places.members.extend(self.member_places.drain(mark..));
        Some(object)
    }

    /// The string whose opening quote is at `pos`: a slice of the text
    /// when it has no escapes, else decoded by `serde_json`.
    fn string(&mut self) -> Option<Cow<'t, str>> {
        let start = self.pos + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            i = plain_run(self.bytes, i);
            match *self.bytes.get(i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                // Control characters must be escaped in JSON.
                _ => return None,
            }
        }
        self.pos = i + 1;
        if escaped {
            serde_json::from_str::<String>(&self.text[start - 1..=i])
                .ok()
                .map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&self.text[start..i]))
        }
    }

    /// A number, checked against JSON's grammar and read by `serde_json`'s
    /// rules (an integer that fits is one, anything else a float).
    fn number(&mut self) -> Option<Value<'t>> {
        let b = self.bytes;
        let start = self.pos;
        let mut i = start + usize::from(b[start] == b'-');
        let digits = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        match b.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => i += digits(i),
            _ => return None,
        }
        let integer = i;
        if b.get(i) == Some(&b'.') {
            let n = digits(i + 1);
            if n == 0 {
                return None;
            }
            i += 1 + n;
        }
        if let Some(b'e' | b'E') = b.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
            let n = digits(i);
            if n == 0 {
                return None;
            }
            i += n;
        }
        self.pos = i;
        let literal = &self.text[start..i];
        // Plain counts are most numbers in offerings; every other form
        // (negative, fractional, exponent, past 19 digits) is serde_json's.
        if integer == i && b[start] != b'-' && literal.len() <= 19 {
            return literal.parse::<u64>().ok().map(|n| Value::Number(n.into()));
        }
        serde_json::from_str::<Number>(literal)
            .ok()
            .map(Value::Number)
    }
}

/// Where the run of string bytes that need no attention from `i` ends: the
/// index of the first quote, backslash or control character, or the end.
/// Eight bytes are tested at a time (the classic tests for a zero byte and
/// for a byte under a bound, on a `u64`); a byte at a time, reading
/// strings was the largest part of reading an offering.
fn plain_run(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    const fn zero_bytes(x: u64) -> u64 {
        x.wrapping_sub(ONES) & !x & HIGH
    }
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A byte under 0x20 leaves its high bit set once 0x20 is taken
        // from it, and had it clear before; so does a byte equal to the
        // quote or backslash once xored with it, under 1. The lowest flag
        // is exact (a borrow only runs upward, past the first match).
        let found = zero_bytes(w ^ (ONES * u64::from(b'"')))
            | zero_bytes(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGH);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !matches!(bytes[i], b'"' | b'\\' | 0..=0x1f) {
        i += 1;
    }
    i
}

/// A value of a [`Tree`], or a string outside of one (a property name the
/// validator checks against a schema).
#[derive(Clone, Copy)]
pub enum TreeNode<'a> {
    /// A value in a tree.
    In(&'a Tree<'a>, &'a Value<'a>),
    /// A property name.
    Name(&'a str),
}

impl<'a> TreeNode<'a> {
    fn value(&self) -> Option<&'a Value<'a>> {
        match self {
            TreeNode::In(_, v) => Some(v),
            TreeNode::Name(_) => None,
        }
    }

    /// The members of an object, in document order (none for anything
    /// else).
    pub fn members(&self) -> Members<'a> {
        match self {
            TreeNode::In(tree, Value::Object { start, len, .. }) => Members {
                tree,
                members: &tree.members[*start as usize..(*start + *len) as usize],
            },
            TreeNode::In(tree, _) => Members { tree, members: &[] },
            TreeNode::Name(_) => Members {
                tree: &EMPTY,
                members: &[],
            },
        }
    }

    /// The items of an array.
    pub fn items(&self) -> Option<Items<'a>> {
        match self {
            TreeNode::In(tree, Value::Array { start, len }) => Some(Items {
                tree,
                items: tree.items[*start as usize..(*start + *len) as usize].iter(),
            }),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self.value(), Some(Value::Object { .. }))
    }

    /// The value of an object's member.
    pub fn get(&self, key: &str) -> Option<TreeNode<'a>> {
        let TreeNode::In(tree, Value::Object { start, len, sorted }) = self else {
            return None;
        };
        let i = tree.member(*start, *len, *sorted, key)?;
        Some(TreeNode::In(tree, &tree.members[i].1))
    }

    /// The string, for a string value or a name.
    pub fn as_str(&self) -> Option<&'a str> {
        match self {
            TreeNode::In(_, Value::String(s)) => Some(s),
            TreeNode::In(..) => None,
            TreeNode::Name(s) => Some(s),
        }
    }

    /// The number, as a float.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value() {
            Some(Value::Number(n)) => n.as_f64(),
            _ => None,
        }
    }

    /// The number, as an unsigned integer, if it is one.
    pub fn as_u64(&self) -> Option<u64> {
        match self.value() {
            Some(Value::Number(n)) => n.as_u64(),
            _ => None,
        }
    }

    /// The value as a `serde_json::Value`, for what reports quote.
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value as V;
        match self {
            TreeNode::Name(s) => V::String((*s).to_owned()),
            TreeNode::In(_, v) => match v {
                Value::Null => V::Null,
                Value::Bool(b) => V::Bool(*b),
                Value::Number(n) => V::Number(n.clone()),
                Value::String(s) => V::String(s.to_string()),
                Value::Array { .. } => V::Array(
                    self.items()
                        .into_iter()
                        .flatten()
                        .map(|i| i.to_value())
                        .collect(),
                ),
                Value::Object { .. } => V::Object(
                    self.members()
                        .map(|(k, v)| (k.to_owned(), v.to_value()))
                        .collect::<Map<String, serde_json::Value>>(),
                ),
            },
        }
    }
}

/// The tree behind a node that is not in one.
static EMPTY: Tree<'static> = Tree {
    root: Value::Null,
    items: Vec::new(),
    members: Vec::new(),
    sorted: Vec::new(),
    places: None,
};

/// An object's members, in document order.
#[derive(Clone)]
pub struct Members<'a> {
    tree: &'a Tree<'a>,
    members: &'a [(Cow<'a, str>, Value<'a>)],
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, TreeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let ((k, v), rest) = self.members.split_first()?;
        self.members = rest;
        Some((k.as_ref(), TreeNode::In(self.tree, v)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.members.len(), Some(self.members.len()))
    }
}

impl ExactSizeIterator for Members<'_> {}

/// An array's items.
#[derive(Clone)]
pub struct Items<'a> {
    tree: &'a Tree<'a>,
    items: std::slice::Iter<'a, Value<'a>>,
}

impl<'a> Iterator for Items<'a> {
    type Item = TreeNode<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        self.items.next().map(|v| TreeNode::In(self.tree, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl ExactSizeIterator for Items<'_> {}

/// [`Tree`] as a representation jsonschema validates.
pub struct TreeJson;

impl Json for TreeJson {
    type Node<'a> = TreeNode<'a>;
    type PreparedKey = Box<str>;
    type StringBuffer = ();

    // A small object is searched in order: going through its members once
    // costs no more than a lookup.
    const KEYS_PER_LOOKUP: usize = SMALL;

    fn prepare_key(key: &str) -> Box<str> {
        key.into()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TreeNode<'_>) -> T) -> T {
        f(TreeNode::Name(string))
    }
}

impl<'a> Node<'a, TreeJson> for TreeNode<'a> {
    type Object = TreeNode<'a>;
    type Array = Items<'a>;
    type Number = &'a Number;

    fn as_object(&self) -> Option<TreeNode<'a>> {
        self.is_object().then_some(*self)
    }

    fn as_array(&self) -> Option<Items<'a>> {
        self.items()
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        self.as_str().map(Cow::Borrowed)
    }

    fn as_number(&self) -> Option<&'a Number> {
        match self.value() {
            Some(Value::Number(n)) => Some(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value() {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value(), Some(Value::Null))
    }

    fn json_type(&self) -> JsonType {
        match self.value() {
            None | Some(Value::String(_)) => JsonType::String,
            Some(Value::Null) => JsonType::Null,
            Some(Value::Bool(_)) => JsonType::Boolean,
            Some(Value::Number(_)) => JsonType::Number,
            Some(Value::Array { .. }) => JsonType::Array,
            Some(Value::Object { .. }) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &serde_json::Value) -> bool {
        // Strings are what `enum` and `const` compare in offerings; the
        // rest go through serde_json's equality.
        match (self.as_str(), expected) {
            (Some(s), serde_json::Value::String(e)) => s == e,
            (Some(_), _) => false,
            (None, _) => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }

    fn to_value(&self) -> Cow<'a, serde_json::Value> {
        Cow::Owned(TreeNode::to_value(self))
    }

    fn identity(&self) -> Option<NodeIdentity> {
        self.value()
            .map(|v| NodeIdentity::new(std::ptr::from_ref(v) as usize))
    }
}

impl<'a> Object<'a, TreeJson> for TreeNode<'a> {
    type Node = TreeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.members().len()
    }

    fn get(&self, key: &Box<str>) -> Option<TreeNode<'a>> {
        TreeNode::get(self, key)
    }

    fn members(&self) -> Members<'a> {
        TreeNode::members(self)
    }
}

impl<'a> Array<'a, TreeJson> for Items<'a> {
    type Node = TreeNode<'a>;
    type ElementsIter = Items<'a>;

    fn len(&self) -> usize {
        ExactSizeIterator::len(self)
    }

    fn elements(&self) -> Items<'a> {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::plain_run;

    /// The eight-byte test finds the byte a byte-at-a-time loop finds, for
    /// every byte value at every offset of a word and from every start.
    #[test]
    fn plain_run_stops_where_a_byte_loop_stops() {
        let naive = |bytes: &[u8], mut i: usize| {
            while i < bytes.len() && !matches!(bytes[i], b'"' | b'\\' | 0..=0x1f) {
                i += 1;
            }
            i
        };
        for special in 0..=255u8 {
            for at in 0..20 {
                // Bytes just above the bounds around the one tested, and
                // UTF-8 (high bits set).
                let mut bytes: Vec<u8> = (0..24)
                    .map(|k| [b' ', b'!', b'#', b']', 0xc3, 0xa9][k % 6])
                    .collect();
                bytes[at] = special;
                for start in 0..bytes.len() {
                    assert_eq!(
                        plain_run(&bytes, start),
                        naive(&bytes, start),
                        "{special} at {at} from {start}"
                    );
                }
            }
        }
    }
}
