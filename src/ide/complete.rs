//! What may be typed at a position: entity keywords at the top level, the
//! fields of the block the cursor is in, the IDs a field may name (of the
//! kinds its descriptor allows, with their titles), and the values of the
//! fields that take keywords.
//!
//! The context is read from the text around the cursor, not from the
//! syntax tree: a line being typed rarely parses.

use super::Snapshot;
use crate::model::kinds::{EVENT_FIELDS, TYPE_FIELDS};
use crate::model::{
    CapabilityKind, Comparator, Dimension, EntityKind, FieldInfo, Status, StringFormat, TypeKind,
};
use crate::source::{FileId, Span};
use crate::syntax::is_word_char;
use crate::syntax::scan::{Lexeme, scan};

/// What a completion is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A keyword that declares an entity.
    Declaration,
    /// A field of a block.
    Field,
    /// The ID of an entity of this kind.
    Entity(EntityKind),
    /// A keyword value (`final`, `input`, `timeliness`).
    Value,
}

/// One thing that may be typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What is inserted.
    pub label: String,
    /// What it is: an entity's name or statement, a field's shape.
    pub detail: Option<String>,
    /// What kind of thing it is.
    pub kind: CompletionKind,
    /// The text it replaces: the word typed so far.
    pub replace: Span,
}

/// How much of a title a completion shows.
const DETAIL: usize = 70;

fn short(text: &str) -> String {
    if text.chars().count() > DETAIL {
        let mut s: String = text.chars().take(DETAIL - 1).collect();
        s.push('…');
        s
    } else {
        text.to_owned()
    }
}

impl Snapshot {
    /// What may be typed at `offset` of `file`.
    pub fn completions(&self, file: FileId, offset: usize) -> Vec<Completion> {
        let text = &self.analysis.sources.get(file).text;
        let offset = offset.min(text.len());
        let Some(cx) = Context::at(text, offset) else {
            return Vec::new();
        };
        let replace = Span::new(file, cx.word_start, offset);
        let word = &text[cx.word_start..offset];
        let mut out = Vec::new();
        let lower = word.to_lowercase();
        let push = |out: &mut Vec<Completion>, label: &str, detail: Option<String>, kind| {
            if label.starts_with(word) || label.to_lowercase().starts_with(&lower) {
                out.push(Completion {
                    label: label.to_owned(),
                    detail,
                    kind,
                    replace,
                });
            }
        };
        match cx.what() {
            Want::Declaration => {
                for kind in EntityKind::ALL {
                    let title = Some(kind.info().title.to_owned());
                    push(&mut out, kind.keyword(), title, CompletionKind::Declaration);
                }
            }
            Want::Field(fields) => {
                for f in fields {
                    push(
                        &mut out,
                        f.key,
                        Some(field_detail(f)),
                        CompletionKind::Field,
                    );
                }
            }
            Want::Values(values) => {
                for v in values {
                    push(&mut out, v, None, CompletionKind::Value);
                }
            }
            Want::Ids(kinds) => {
                for &kind in kinds {
                    self.complete_ids(kind, word, replace, &mut out);
                }
            }
            Want::Nothing => {}
        }
        out
    }

    /// The IDs of `kind` that start with `word`, with their titles.
    fn complete_ids(&self, kind: EntityKind, word: &str, replace: Span, out: &mut Vec<Completion>) {
        let Some(model) = self.model() else { return };
        let all = self.entities_of(kind);
        // IDs are sorted: those starting with the word are one run.
        let from = all.partition_point(|r| model.meta(*r).id() < word);
        let mut matching: Vec<_> = all[from..]
            .iter()
            .take_while(|r| model.meta(**r).id().starts_with(word))
            .collect();
        if matching.is_empty() && !word.is_empty() {
            let lower = word.to_lowercase();
            matching = all
                .iter()
                .filter(|r| model.meta(**r).id().to_lowercase().starts_with(&lower))
                .collect();
        }
        for &r in matching {
            let meta = model.meta(r);
            let i = r.index as usize;
            let title = match r.kind {
                EntityKind::Capability => Some(model.capabilities[i].statement.value.as_str()),
                EntityKind::Element if meta.name().is_none() => {
                    Some(model.elements[i].definition.value.as_str())
                }
                _ => meta.name(),
            };
            out.push(Completion {
                label: meta.id().to_owned(),
                detail: title.map(short),
                kind: CompletionKind::Entity(r.kind),
                replace,
            });
        }
    }
}

fn field_detail(f: &FieldInfo) -> String {
    let what = match f.shape {
        crate::model::Shape::Ref | crate::model::Shape::Refs => {
            let kinds: Vec<&str> = f.targets.iter().map(|k| k.noun()).collect();
            if kinds.is_empty() {
                "codes".to_owned()
            } else {
                kinds.join(" or ")
            }
        }
        crate::model::Shape::Text => "quoted text".to_owned(),
        crate::model::Shape::Texts | crate::model::Shape::TextLines => "quoted texts".to_owned(),
        crate::model::Shape::Flows => "data elements or quoted text".to_owned(),
        crate::model::Shape::Word => "a word".to_owned(),
        crate::model::Shape::Target => "a comparator, a number and a unit".to_owned(),
        crate::model::Shape::Lines | crate::model::Shape::Block => "a line of its own".to_owned(),
    };
    if f.required {
        format!("{what} (required)")
    } else {
        what
    }
}

/// What the cursor is in.
struct Context<'t> {
    /// The keys of the blocks the cursor is in, outermost first, each with
    /// the words of its line.
    blocks: Vec<Vec<&'t str>>,
    /// The words of the line before the word being typed.
    words: Vec<&'t str>,
    /// Where the word being typed starts.
    word_start: usize,
}

/// What may be typed.
enum Want {
    Declaration,
    Field(&'static [FieldInfo]),
    Values(&'static [&'static str]),
    Ids(&'static [EntityKind]),
    Nothing,
}

impl<'t> Context<'t> {
    fn at(text: &'t str, offset: usize) -> Option<Context<'t>> {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..offset];
        if in_string_or_comment(line) {
            return None;
        }
        let word_len: usize = line
            .chars()
            .rev()
            .take_while(|c| is_word_char(*c))
            .map(char::len_utf8)
            .sum();
        let word_start = offset - word_len;
        let head = &text[line_start..word_start];
        if head.trim_start().starts_with('@') {
            return None;
        }
        let words = head
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        Some(Context {
            blocks: open_blocks(text, line_start),
            words,
            word_start,
        })
    }

    fn what(&self) -> Want {
        let Some(outer) = self.blocks.first() else {
            return self.declaration_line();
        };
        let Some(kind) = outer.first().and_then(|k| EntityKind::from_keyword(k)) else {
            return Want::Nothing;
        };
        let fields: &'static [FieldInfo] = match self.blocks.get(1).and_then(|b| b.first()) {
            None => kind.info().fields,
            Some(&"event") => EVENT_FIELDS,
            Some(&"type") => TYPE_FIELDS,
            Some(_) => return Want::Nothing,
        };
        let Some(key) = self.words.first() else {
            return Want::Field(fields);
        };
        let Some(field) = fields.iter().find(|f| f.key == *key) else {
            return Want::Nothing;
        };
        self.values_of(field)
    }

    /// At the top level: a keyword, or what follows a declaration's ID.
    fn declaration_line(&self) -> Want {
        match self.words.as_slice() {
            [] => Want::Declaration,
            // The word after a capability's ID is its kind.
            ["capability", _] => Want::Values(CapabilityKind::NAMES),
            _ => Want::Nothing,
        }
    }

    /// What the values of `field` may be, after the words already typed.
    fn values_of(&self, field: &'static FieldInfo) -> Want {
        let n = self.words.len();
        match (field.key, n) {
            ("status", 1) => Want::Values(Status::NAMES),
            ("dimension", 1) => Want::Values(Dimension::NAMES),
            ("format", 1) => Want::Values(StringFormat::NAMES),
            ("type", 1) => Want::Values(TypeKind::NAMES),
            ("target", 1) | ("threshold", 2) => Want::Values(Comparator::NAMES),
            ("select", 2) => Want::Values(&["kind"]),
            ("select", 3) if self.words[2] == "kind" => Want::Values(CapabilityKind::NAMES),
            ("field", 2) => Want::Values(&["required", "optional"]),
            ("select" | "threshold" | "field", 1) => Want::Ids(field.targets),
            (_, _) if !field.targets.is_empty() && field.shape.is_list() => {
                Want::Ids(field.targets)
            }
            (_, 1) if !field.targets.is_empty() => Want::Ids(field.targets),
            _ => Want::Nothing,
        }
    }
}

/// Whether the end of a line's text is inside a string or a comment.
fn in_string_or_comment(line: &str) -> bool {
    let mut in_string = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '#' if !in_string => return true,
            _ => {}
        }
    }
    in_string
}

/// The blocks open at `at`, outermost first, each as the words of the line
/// that opens it. The scan starts at the top-level item `at` is in (the
/// last line before it that starts at its first column with a keyword).
fn open_blocks(text: &str, at: usize) -> Vec<Vec<&str>> {
    let bytes = text.as_bytes();
    let mut start = at;
    while start > 0 {
        let prev = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        start = prev;
        if bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
            break;
        }
    }
    let mut open = Vec::new();
    scan(&text[start..at], |lexeme| {
        match lexeme {
            Lexeme::Open(i) => open.push(start + i),
            Lexeme::Close(_) => {
                open.pop();
            }
            Lexeme::Comment(_) => {}
        }
        true
    });
    open.into_iter()
        .map(|brace| {
            let line_start = text[..brace].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..brace]
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .collect()
        })
        .collect()
}
