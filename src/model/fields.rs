//! Reading the fields of a block: each getter takes the lines with its key and
//! checks their shape; whatever no getter asked for is an unknown field, with
//! a suggestion drawn from the keys that were asked for.
//!
//! The keys come from the kind's descriptor (`kinds`): asking for a key the
//! descriptor does not list is a bug, and so is not asking for one it does
//! (checked in debug builds, where the tests run).

use std::borrow::Cow;

use super::kinds::{FieldInfo, Shape};
use super::{ModelError, Ref, Spanned, Text};
use crate::source::Span;
use crate::suggest;
use crate::syntax::ast::{Item, Value, ValueKind};

pub(super) struct Fields<'s, 'a, 'e> {
    context: &'static str,
    /// The fields the block may have, in canonical order.
    described: &'static [FieldInfo],
    /// Whether every described field is read (not so for a `type` block,
    /// whose fields depend on the type's name).
    complete: bool,
    items: &'s [Item<'a>],
    used: Vec<bool>,
    known: Vec<&'static str>,
    pub errors: &'e mut Vec<ModelError>,
}

pub(super) fn describe(value: &Value<'_>) -> String {
    match value.kind {
        ValueKind::Word => format!("`{}`", value.text),
        ValueKind::String | ValueKind::Text => "a quoted string".to_owned(),
        ValueKind::Op => format!("`{}`", value.text),
    }
}

/// The longest value text a suggested line quotes whole.
const SUGGESTION_LIMIT: usize = 60;

/// `items`, with the `:` or `=` that a habit from YAML or INI put between a
/// field and its value (`statement: "..."`, `max-length = 30`) taken out and
/// reported once (E0204, with a fix), so the value is still read as meant
/// rather than reported as a second value. Only for fields `described`
/// knows (an unknown field is reported as such), and `=` stays where a
/// comparator may open the value (a metric `target`). Borrowed as it is
/// when there is nothing to take out, as in every well-written file.
pub(super) fn without_separators<'s, 'a>(
    items: &'s [Item<'a>],
    described: &[FieldInfo],
    errors: &mut Vec<ModelError>,
) -> Cow<'s, [Item<'a>]> {
    let separator = |item: &Item<'_>| -> bool {
        let Some(first) = item.values.first() else {
            return false;
        };
        let Some(info) = described.iter().find(|f| f.key == item.key.text) else {
            return false;
        };
        match (first.kind, first.text.as_ref()) {
            (ValueKind::Word, ":") => true,
            (ValueKind::Op, "=") => info.shape != Shape::Target,
            _ => false,
        }
    };
    if !items.iter().any(separator) {
        return Cow::Borrowed(items);
    }
    let mut owned = items.to_vec();
    for item in owned.iter_mut().filter(|i| separator(i)) {
        let sep = item.values.remove(0);
        let key = item.key.span;
        let gap = match item.values.first() {
            Some(v) => Span::new(key.file, key.end as usize, v.span.start as usize),
            None => Span::new(key.file, key.end as usize, sep.span.end as usize),
        };
        let mut suggestion = item.key.text.to_owned();
        for v in &item.values {
            suggestion.push(' ');
            suggestion.push_str(&match v.kind {
                ValueKind::String => format!("\"{}\"", v.text),
                ValueKind::Text => "\"\"\"...\"\"\"".to_owned(),
                ValueKind::Word | ValueKind::Op => v.text.clone().into_owned(),
            });
        }
        if suggestion.chars().count() > SUGGESTION_LIMIT {
            suggestion = suggestion
                .chars()
                .take(SUGGESTION_LIMIT)
                .collect::<String>()
                + "...";
        }
        errors.push(ModelError::Separator {
            span: sep.span,
            field: item.key.text.to_owned(),
            separator: sep.text.into_owned(),
            gap,
            suggestion,
        });
    }
    Cow::Owned(owned)
}

impl<'s, 'a, 'e> Fields<'s, 'a, 'e> {
    pub fn new(
        context: &'static str,
        described: &'static [FieldInfo],
        complete: bool,
        items: &'s [Item<'a>],
        errors: &'e mut Vec<ModelError>,
    ) -> Self {
        for item in items {
            for attr in &item.attributes {
                errors.push(ModelError::InvalidAttribute {
                    span: attr.span,
                    message: format!("`@{}` on a field", attr.name.text),
                    help: "attributes such as `@allow` go on the line before a declaration, not inside it".to_owned(),
                });
            }
        }
        Fields {
            context,
            described,
            complete,
            items,
            used: vec![false; items.len()],
            // Room for the keys a kind asks for: growing from nothing took
            // three reallocations per declaration.
            known: Vec::with_capacity(16),
            errors,
        }
    }

    /// Every line with this key.
    pub fn all(&mut self, key: &'static str) -> Vec<&'s Item<'a>> {
        let mut out = Vec::new();
        self.each(key, |item| out.push(item));
        out
    }

    /// The line with this key, if any; a second one is an error. Most
    /// fields are asked for with this, so it gathers nothing.
    pub fn one(&mut self, key: &'static str) -> Option<&'s Item<'a>> {
        let mut first: Option<&'s Item<'a>> = None;
        let mut again = Vec::new();
        self.each(key, |item| match first {
            None => first = Some(item),
            Some(_) => again.push(item),
        });
        let first = first?;
        for item in again {
            self.errors.push(ModelError::RepeatedField {
                field: key.to_owned(),
                first: first.key.span,
                second: item.key.span,
            });
        }
        Some(first)
    }

    /// Mark the lines with this key as read and hand each to `on`.
    fn each(&mut self, key: &'static str, mut on: impl FnMut(&'s Item<'a>)) {
        debug_assert!(
            self.described.iter().any(|f| f.key == key),
            "{}: `{key}` is read but not in the descriptor",
            self.context
        );
        if !self.known.contains(&key) {
            self.known.push(key);
        }
        for (i, item) in self.items.iter().enumerate() {
            if item.key.text == key {
                self.used[i] = true;
                on(item);
            }
        }
    }

    pub fn wrong(&mut self, item: &Item<'_>, span: Span, expected: &'static str, found: String) {
        self.errors.push(ModelError::WrongValue {
            span,
            field: item.key.text.to_owned(),
            expected,
            found,
        });
    }

    /// Reject a `{ ... }` after a field that takes none.
    pub fn no_block(&mut self, item: &Item<'_>) {
        if let Some(block) = &item.block {
            self.wrong(item, block.span, "no block", "a `{ ... }` block".to_owned());
        }
    }

    /// Exactly one value of the given kind (quoted or a word).
    fn single<'v>(
        &mut self,
        item: &'v Item<'a>,
        quoted: bool,
        expected: &'static str,
    ) -> Option<&'v Value<'a>> {
        self.no_block(item);
        match item.values.as_slice() {
            [v] if v.is_quoted() == quoted && v.kind != ValueKind::Op => Some(v),
            [v] => {
                self.wrong(item, v.span, expected, describe(v));
                None
            }
            [] => {
                self.wrong(item, item.key.span, expected, "nothing".to_owned());
                None
            }
            [_, extra, ..] => {
                let span = extra
                    .span
                    .to(item.values.last().map_or(extra.span, |v| v.span));
                self.wrong(item, span, expected, "more than one value".to_owned());
                None
            }
        }
    }

    /// `key "text"`
    pub fn text(&mut self, key: &'static str) -> Option<Text> {
        let item = self.one(key)?;
        let v = self.single(item, true, "one quoted string")?;
        Some(Spanned::new(v.text.clone().into_owned(), v.span))
    }

    /// `key "text"` that must be present and not blank. When it is missing or
    /// malformed the error is reported and an empty text at the declaration
    /// stands in, so the entity still takes part in resolution and checks.
    pub fn required_text(&mut self, key: &'static str, decl: Span, example: &'static str) -> Text {
        let present = self.known_present(key);
        match self.text(key) {
            Some(t) => self.nonblank(key, t),
            None => {
                if !present {
                    self.missing(key, decl, example);
                }
                Spanned::new(String::new(), decl)
            }
        }
    }

    /// Report blank text (E0210) but keep it, so later passes still see it.
    pub fn nonblank(&mut self, field: &'static str, text: Text) -> Text {
        if text.value.trim().is_empty() {
            self.errors.push(ModelError::EmptyText {
                span: text.span,
                field,
            });
        }
        text
    }

    fn known_present(&self, key: &str) -> bool {
        self.items.iter().any(|i| i.key.text == key)
    }

    pub fn missing(&mut self, field: &'static str, decl: Span, example: &'static str) {
        self.errors.push(ModelError::MissingField {
            span: decl,
            field,
            context: self.context,
            example,
        });
    }

    /// `key WORD`
    pub fn word(&mut self, key: &'static str) -> Option<Spanned<String>> {
        let item = self.one(key)?;
        let v = self.single(item, false, "one ID or word")?;
        Some(Spanned::new(v.text.clone().into_owned(), v.span))
    }

    /// `key ID`
    pub fn reference(&mut self, key: &'static str) -> Option<Ref> {
        self.word(key).map(|w| Ref::new(w.value, w.span))
    }

    /// `key ID` that must be present. A missing one is reported and stands in
    /// as a reference with an empty ID, which resolution skips.
    pub fn required_reference(
        &mut self,
        key: &'static str,
        decl: Span,
        example: &'static str,
    ) -> Ref {
        let present = self.known_present(key);
        let r = self.reference(key);
        if r.is_none() && !present {
            self.missing(key, decl, example);
        }
        r.unwrap_or_else(|| Ref::new("", decl))
    }

    /// `key ID, ID, ...` on one or more lines.
    pub fn references(&mut self, key: &'static str) -> Vec<Ref> {
        let mut out = Vec::new();
        for item in self.all(key) {
            self.no_block(item);
            if item.values.is_empty() {
                self.wrong(item, item.key.span, "one or more IDs", "nothing".to_owned());
            }
            for v in &item.values {
                if v.kind == ValueKind::Word {
                    out.push(Ref::new(v.text.as_ref(), v.span));
                } else {
                    self.wrong(item, v.span, "IDs", describe(v));
                }
            }
        }
        out
    }

    /// `key "text", "text", ...` on one or more lines.
    pub fn texts(&mut self, key: &'static str) -> Vec<Text> {
        let mut out = Vec::new();
        for item in self.all(key) {
            self.no_block(item);
            if item.values.is_empty() {
                self.wrong(
                    item,
                    item.key.span,
                    "one or more quoted strings",
                    "nothing".to_owned(),
                );
            }
            for v in &item.values {
                if v.is_quoted() {
                    out.push(Spanned::new(v.text.clone().into_owned(), v.span));
                } else {
                    self.wrong(item, v.span, "quoted strings", describe(v));
                }
            }
        }
        out
    }

    /// `key WORD` where the word must be one of `allowed`.
    pub fn choice<T>(
        &mut self,
        key: &'static str,
        allowed: &'static [&'static str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let w = self.word(key)?;
        match parse(&w.value) {
            Some(v) => Some(Spanned::new(v, w.span)),
            None => {
                self.errors.push(ModelError::InvalidValue {
                    span: w.span,
                    field: key,
                    suggestion: suggest::best(&w.value, allowed.iter().copied()),
                    found: w.value,
                    allowed,
                });
                None
            }
        }
    }

    /// Report every line no getter asked for.
    pub fn finish(mut self) {
        debug_assert!(
            !self.complete || self.described.iter().all(|f| self.known.contains(&f.key)),
            "{}: a field of the descriptor is never read",
            self.context
        );
        if self.used.iter().all(|u| *u) {
            return;
        }
        // The keys in the order the descriptor (and `fibf fmt`) gives them,
        // for the message: only a block with an unknown field pays for it.
        let described = self.described;
        let rank = |k: &&str| described.iter().position(|f| f.key == *k);
        self.known.sort_by_key(rank);
        for (item, used) in self.items.iter().zip(&self.used) {
            if !used {
                let suggestion = suggest::best(item.key.text, self.known.iter().copied());
                self.errors.push(ModelError::UnknownField {
                    span: item.key.span,
                    field: item.key.text.to_owned(),
                    context: self.context,
                    suggestion,
                    known: self.known.clone(),
                });
            }
        }
    }
}
