//! The requests the server answers, each from the editor queries of the
//! document's workspace analysis, and the shapes of the protocol's
//! results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::position::{self, Encoding, range};
use super::{DocKind, Server, path, uri};
use crate::diag::{Diagnostic, Severity};
use crate::ide::{Completion, CompletionKind, Snapshot, Symbol};
use crate::model::EntityKind;
use crate::source::{FileId, SourceFile, SourceMap, Span};

/// A diagnostic in the protocol's shape.
pub(super) fn diagnostic(
    d: &Diagnostic,
    sources: &SourceMap,
    encoding: Encoding,
    docs_base: &str,
) -> Value {
    let span = d
        .primary_span()
        .expect("only placed diagnostics are published");
    let file = sources.get(span.file);
    let related: Vec<Value> = d
        .labels
        .iter()
        .skip(1)
        .filter_map(|l| {
            let f = sources.get(l.span.file);
            let p = f.path.as_deref()?;
            Some(json!({
                "location": { "uri": uri(p), "range": range(f, l.span, encoding) },
                "message": l.message,
            }))
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut out = json!({
        "range": range(file, span, encoding),
        "severity": match d.severity { Severity::Error => 1, Severity::Warning => 2, Severity::Note => 3 },
        "code": d.code.as_str(),
        "codeDescription": { "href": format!("{docs_base}{}.md", d.code.as_str()) },
        "source": "fibf",
        "message": message,
    });
    if !related.is_empty() {
        out["relatedInformation"] = json!(related);
    }
    out
}

/// A location in the protocol's shape.
fn location(sources: &SourceMap, span: Span, encoding: Encoding) -> Option<Value> {
    let f = sources.get(span.file);
    let p = f.path.as_deref()?;
    Some(json!({ "uri": uri(p), "range": range(f, span, encoding) }))
}

/// The document and position of a request.
fn at(params: &Value) -> Result<(PathBuf, lsp_types::Position), String> {
    let u: lsp_types::Uri = serde_json::from_value(
        params
            .pointer("/textDocument/uri")
            .cloned()
            .ok_or("no textDocument")?,
    )
    .map_err(|e| e.to_string())?;
    let p = path(&u).ok_or("not a file: URI")?;
    let position = params
        .get("position")
        .map(|v| serde_json::from_value::<lsp_types::Position>(v.clone()))
        .transpose()
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    Ok((p, position))
}

/// Answer a request.
pub(super) fn request(server: &Server, method: &str, params: Value) -> Result<Value, String> {
    let enc = server.encoding;
    match method {
        "workspace/symbol" => {
            let query = params
                .get("query")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let mut out = Vec::new();
            for snapshot in server.workspaces.values() {
                for s in snapshot.workspace_symbols(query, 200) {
                    if let Some(loc) = location(&snapshot.analysis.sources, s.selection, enc) {
                        out.push(json!({
                            "name": s.id, "kind": symbol_kind(s.entity.kind),
                            "location": loc, "containerName": s.detail,
                        }));
                    }
                }
            }
            Ok(json!(out))
        }
        _ => document_request(server, method, &params),
    }
}

/// Answer a request about a document.
fn document_request(server: &Server, method: &str, params: &Value) -> Result<Value, String> {
    let enc = server.encoding;
    let (file_path, pos) = at(params)?;
    if let Some(DocKind::Offering(format)) = server.docs.get(&file_path).map(|d| d.kind) {
        return Ok(offering_request(server, method, &file_path, pos, format));
    }
    let Some((snapshot, file)) = server.locate(&file_path) else {
        return Ok(Value::Null);
    };
    let source = snapshot.analysis.sources.get(file);
    let offset = position::offset(source, pos, enc);
    let sources = &snapshot.analysis.sources;
    match method {
        "textDocument/definition" => Ok(snapshot
            .definition(file, offset)
            .and_then(|s| location(sources, s, enc))
            .unwrap_or(Value::Null)),
        "textDocument/references" => {
            let declaration = params
                .pointer("/context/includeDeclaration")
                .and_then(Value::as_bool)
                .unwrap_or(true);
            let mut out: Vec<Value> = snapshot
                .references(file, offset, declaration)
                .into_iter()
                .filter_map(|s| location(sources, s, enc))
                .collect();
            // And the keys of the open offerings that name it.
            if let Some(target) = snapshot.at(file, offset).and_then(|o| o.target)
                && let Some(model) = snapshot.model()
            {
                out.extend(offering_references(
                    server,
                    model.meta(target).id(),
                    target.kind,
                ));
            }
            Ok(json!(out))
        }
        "textDocument/hover" => Ok(snapshot.hover(file, offset).map_or(Value::Null, |h| {
            json!({
                "contents": { "kind": "markdown", "value": h.markdown },
                "range": range(source, h.span, enc),
            })
        })),
        "textDocument/completion" => Ok(completion_list(
            snapshot.completions(file, offset),
            source,
            enc,
        )),
        "textDocument/documentSymbol" => Ok(json!(
            snapshot
                .document_symbols(file)
                .iter()
                .map(|s| document_symbol(s, source, enc))
                .collect::<Vec<_>>()
        )),
        "textDocument/prepareRename" => {
            let span = snapshot.prepare_rename(file, offset)?;
            Ok(json!({ "range": range(source, span, enc), "placeholder": sources.text(span) }))
        }
        "textDocument/rename" => {
            let new = params
                .get("newName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let spans = snapshot.rename(file, offset, new)?;
            Ok(rename_edit(server, snapshot, &spans, new, file, offset))
        }
        "textDocument/codeAction" => Ok(code_actions(
            snapshot, file, source, params, enc, &file_path,
        )),
        "textDocument/formatting" => Ok(formatting(source, enc)),
        _ => Err(format!("{method} is not supported")),
    }
}

/// The whole document in the canonical layout, as one edit (none when it
/// is formatted already, or does not parse).
fn formatting(source: &SourceFile, enc: Encoding) -> Value {
    match crate::fmt::format_source(FileId(0), &source.text) {
        Ok(after) if after != *source.text => json!([{
            "range": range(source, Span::new(FileId(0), 0, source.text.len()), enc),
            "newText": after,
        }]),
        Ok(_) => json!([]),
        Err(_) => Value::Null,
    }
}

fn code_actions(
    snapshot: &Snapshot,
    file: FileId,
    source: &SourceFile,
    params: &Value,
    enc: Encoding,
    file_path: &Path,
) -> Value {
    let r: lsp_types::Range = params
        .get("range")
        .and_then(|r| serde_json::from_value(r.clone()).ok())
        .unwrap_or_default();
    let (start, end) = (
        position::offset(source, r.start, enc),
        position::offset(source, r.end, enc),
    );
    let doc = uri(file_path);
    let mut out: Vec<Value> = snapshot
        .fixes(file, start, end)
        .into_iter()
        .map(|fix| {
            json!({
                "title": fix.title,
                "kind": "quickfix",
                "isPreferred": fix.preferred,
                "diagnostics": [diagnostic(&fix.diagnostic, &snapshot.analysis.sources, enc, "")],
                "edit": { "changes": { doc.as_str(): [{ "range": range(source, fix.span, enc), "newText": fix.text }] } },
            })
        })
        .collect();
    let format = formatting(source, enc);
    if format.as_array().is_some_and(|a| !a.is_empty()) {
        out.push(json!({
            "title": "Format the file (fibf fmt)",
            "kind": "source",
            "edit": { "changes": { doc.as_str(): format } },
        }));
    }
    json!(out)
}

/// The edit of a rename: each span replaced, in every file; the keys of
/// open offerings that name the entity too.
fn rename_edit(
    server: &Server,
    snapshot: &Snapshot,
    spans: &[Span],
    new: &str,
    file: FileId,
    offset: usize,
) -> Value {
    let enc = server.encoding;
    let sources = &snapshot.analysis.sources;
    let mut changes: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for s in spans {
        let f = sources.get(s.file);
        if let Some(p) = f.path.as_deref() {
            changes
                .entry(uri(p).as_str().to_owned())
                .or_default()
                .push(json!({ "range": range(f, *s, enc), "newText": new }));
        }
    }
    if let Some(target) = snapshot.at(file, offset).and_then(|o| o.target)
        && let Some(model) = snapshot.model()
    {
        for loc in offering_references(server, model.meta(target).id(), target.kind) {
            if let Some(u) = loc.get("uri").and_then(Value::as_str) {
                changes
                    .entry(u.to_owned())
                    .or_default()
                    .push(json!({ "range": loc["range"].clone(), "newText": new }));
            }
        }
    }
    json!({ "changes": changes })
}

/// Where open offerings name `id` as a key of the section for `kind`.
fn offering_references(server: &Server, id: &str, kind: EntityKind) -> Vec<Value> {
    let section = match kind {
        EntityKind::Capability => "capabilities",
        EntityKind::Element => "data_mappings",
        EntityKind::Metric => "metrics",
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    for (p, doc) in &server.docs {
        let DocKind::Offering(format) = doc.kind else {
            continue;
        };
        let Some(text) = server.io.buffer(p) else {
            continue;
        };
        let Some(Ok(d)) = crate::data::read(text, format).into_iter().next() else {
            continue;
        };
        let pointer = format!("/{section}/{}", id.replace('~', "~0").replace('/', "~1"));
        if d.value.pointer(&pointer).is_none() {
            continue;
        }
        if let Some(key) = d.locate(text, &pointer).key {
            let f = SourceFile::new("", None, text);
            let span = Span::new(FileId(0), key.start, key.end);
            out.push(json!({ "uri": uri(p), "range": range(&f, span, server.encoding) }));
        }
    }
    out
}

/// Hover and completion in an offering.
fn offering_request(
    server: &Server,
    method: &str,
    file_path: &Path,
    pos: lsp_types::Position,
    format: crate::data::Format,
) -> Value {
    let enc = server.encoding;
    let text = server.io.buffer(file_path).unwrap_or_default();
    let source = SourceFile::new("", None, text);
    let offset = position::offset(&source, pos, enc);
    let root = server.root_of(file_path);
    let Some(snapshot) = server.workspaces.get(&root) else {
        return Value::Null;
    };
    let Some(model) = snapshot.model() else {
        return Value::Null;
    };
    match method {
        "textDocument/hover" => {
            let hover = crate::ide::offering::hover(
                model,
                &snapshot.analysis.sources,
                text,
                format,
                offset,
                FileId(0),
            );
            hover.map_or(Value::Null, |h| {
                json!({
                    "contents": { "kind": "markdown", "value": h.markdown },
                    "range": range(&source, h.span, enc),
                })
            })
        }
        "textDocument/completion" => {
            let found = crate::ide::offering::completions(model, text, offset, FileId(0));
            completion_list(found, &source, enc)
        }
        "textDocument/definition" => {
            let hover = crate::ide::offering::hover(
                model,
                &snapshot.analysis.sources,
                text,
                format,
                offset,
                FileId(0),
            );
            let id = hover.map(|h| text[h.span.range()].to_owned());
            id.and_then(|id| model.lookup(&id))
                .and_then(|r| location(&snapshot.analysis.sources, model.meta(r).id.span, enc))
                .unwrap_or(Value::Null)
        }
        _ => Value::Null,
    }
}

/// The most completions sent at once. Past it the list is marked
/// incomplete, and the client asks again as more is typed: a thousand IDs
/// under an empty word help nobody, and cost the editor time to show.
const MAX_COMPLETIONS: usize = 200;

fn completion_list(mut found: Vec<Completion>, source: &SourceFile, enc: Encoding) -> Value {
    let incomplete = found.len() > MAX_COMPLETIONS;
    found.truncate(MAX_COMPLETIONS);
    // Every completion replaces the same word: one range for all.
    let mut ranges: Vec<(crate::source::Span, lsp_types::Range)> = Vec::with_capacity(1);
    let items: Vec<Value> = found
        .into_iter()
        .map(|c| {
            let range = match ranges.iter().find(|(s, _)| *s == c.replace) {
                Some((_, r)) => *r,
                None => {
                    let r = range(source, c.replace, enc);
                    ranges.push((c.replace, r));
                    r
                }
            };
            json!({
                "label": c.label,
                "kind": match c.kind {
                    CompletionKind::Declaration => 14,
                    CompletionKind::Field => 5,
                    CompletionKind::Entity(_) => 18,
                    CompletionKind::Value => 12,
                },
                "detail": c.detail,
                "textEdit": { "range": range, "newText": c.label },
            })
        })
        .collect();
    json!({ "isIncomplete": incomplete, "items": items })
}

fn document_symbol(s: &Symbol, source: &SourceFile, enc: Encoding) -> Value {
    json!({
        "name": s.id,
        "detail": s.detail,
        "kind": symbol_kind(s.entity.kind),
        "range": range(source, s.span, enc),
        "selectionRange": range(source, s.selection, enc),
    })
}

/// The protocol's symbol kind closest to an entity kind.
fn symbol_kind(kind: EntityKind) -> u32 {
    match kind {
        EntityKind::Area => 3,       // Namespace
        EntityKind::Process => 24,   // Event
        EntityKind::Function => 2,   // Module
        EntityKind::Activity => 5,   // Class
        EntityKind::Capability => 6, // Method
        EntityKind::UseCase => 24,   // Event
        EntityKind::Metric => 16,    // Number
        EntityKind::Element => 8,    // Field
        EntityKind::Record => 23,    // Struct
        EntityKind::Reference => 1,  // File
        EntityKind::Profile => 11,   // Interface
    }
}
