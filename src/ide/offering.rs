//! Vendor offerings in an editor: the findings of `fibf conform` at their
//! line and column, hover on the standard's IDs an offering names
//! (capabilities, data elements, metrics, profiles), and completion of
//! those IDs and of support levels.
//!
//! Where the cursor is, is read from the text by indentation (YAML, as
//! vendors write offerings) or by the JSON document's keys.

use serde_json::Value;

use super::complete::{Completion, CompletionKind};
use super::hover::{Hover, describe};
use crate::conform::{Standard, check};
use crate::data::{self, Format};
use crate::diag::Diagnostic;
use crate::model::{EntityKind, Model};
use crate::schema::SUPPORT_LEVELS;
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// The sections of an offering keyed by the standard's IDs, and the kind
/// of their keys.
const SECTIONS: &[(&str, EntityKind)] = &[
    ("capabilities", EntityKind::Capability),
    ("data_mappings", EntityKind::Element),
    ("metrics", EntityKind::Metric),
];

/// The findings of `fibf conform` for an offering's text, in `file`.
pub fn diagnostics(
    standard: &Standard<'_>,
    name: &str,
    text: &str,
    format: Format,
    file: FileId,
) -> Vec<Diagnostic> {
    let source = SourceFile::new(name, None, text);
    check(standard, source, format, file, &[]).diagnostics
}

/// What the key at `offset` of an offering is: a section and the ID.
fn key_at(
    text: &str,
    format: Format,
    offset: usize,
) -> Option<(EntityKind, String, std::ops::Range<usize>)> {
    let doc = data::read(text, format).into_iter().next()?.ok()?;
    let locator = doc.locator();
    let Value::Object(root) = &doc.value else {
        return None;
    };
    for (section, kind) in SECTIONS {
        let Some(Value::Object(members)) = root.get(*section) else {
            continue;
        };
        for id in members.keys() {
            let pointer = format!("/{section}/{}", id.replace('~', "~0").replace('/', "~1"));
            let located = locator.locate(text, &pointer);
            if let Some(key) = located.key
                && key.start <= offset
                && offset <= key.end
            {
                return Some((*kind, id.clone(), key));
            }
        }
    }
    if let Some(Value::Array(profiles)) = root.get("profiles") {
        for (i, p) in profiles.iter().enumerate() {
            let located = locator.locate(text, &format!("/profiles/{i}"));
            if let Some(id) = p.as_str()
                && located.value.start <= offset
                && offset <= located.value.end
            {
                return Some((EntityKind::Profile, id.to_owned(), located.value));
            }
        }
    }
    None
}

/// What the ID at `offset` of an offering names in the standard.
pub fn hover(
    model: &Model,
    sources: &SourceMap,
    text: &str,
    format: Format,
    offset: usize,
    file: FileId,
) -> Option<Hover> {
    let (kind, id, range) = key_at(text, format, offset)?;
    let span = Span::new(file, range.start, range.end);
    let markdown = match model.lookup(&id) {
        Some(r) if r.kind == kind => describe(model, r, sources),
        _ => format!("`{id}`: no {} of the standard has this ID", kind.noun()),
    };
    Some(Hover { span, markdown })
}

/// What may be typed at `offset` of a YAML offering: the IDs of a
/// section's keys, profile IDs, support levels.
pub fn completions(model: &Model, text: &str, offset: usize, file: FileId) -> Vec<Completion> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let indent = line.len() - line.trim_start().len();
    let body = line.trim_start();
    let word_len: usize = body
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | '[' | ',' | '"' | '\''))
        .map(char::len_utf8)
        .sum();
    let word_start = offset - word_len;
    let word = &text[word_start..offset];
    let before = &text[line_start + indent..word_start];
    let replace = Span::new(file, word_start, offset);
    let parents = parents(&text[..line_start], indent);
    let mut out = Vec::new();
    if before.trim_end().ends_with("support:") {
        for level in SUPPORT_LEVELS {
            if level.starts_with(word) {
                out.push(Completion {
                    label: (*level).to_owned(),
                    detail: None,
                    kind: CompletionKind::Value,
                    replace,
                });
            }
        }
        return out;
    }
    let kinds: Vec<EntityKind> = match (parents.first().map(String::as_str), before.trim()) {
        (Some(section), "") => SECTIONS
            .iter()
            .filter(|(s, _)| *s == section)
            .map(|(_, k)| *k)
            .collect(),
        (Some("profiles"), "-") | (None, "profiles: [") => vec![EntityKind::Profile],
        (None, b) if b.starts_with("profiles:") => vec![EntityKind::Profile],
        _ => Vec::new(),
    };
    for kind in kinds {
        for r in model.refs_of(kind) {
            let meta = model.meta(r);
            if !meta.id().starts_with(word) {
                continue;
            }
            let i = r.index as usize;
            let title = match kind {
                EntityKind::Capability => Some(model.capabilities[i].statement.value.as_str()),
                EntityKind::Element => Some(model.elements[i].definition.value.as_str()),
                _ => meta.name(),
            };
            out.push(Completion {
                label: meta.id().to_owned(),
                detail: title.map(|t| t.chars().take(70).collect()),
                kind: CompletionKind::Entity(kind),
                replace,
            });
        }
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}

/// The keys of the YAML mappings that hold a line indented by `indent`,
/// innermost first, from the text above it.
fn parents(above: &str, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut limit = indent;
    for line in above.lines().rev() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let at = line.len() - body.len();
        if at < limit
            && let Some(key) = body
                .strip_suffix(':')
                .or_else(|| body.split_once(": ").map(|(k, _)| k))
        {
            out.push(key.trim_start_matches("- ").trim_matches('"').to_owned());
            limit = at;
            if at == 0 {
                break;
            }
        } else if at < limit {
            limit = at;
        }
    }
    out
}
