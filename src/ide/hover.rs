//! What an entity is, for the hover on any ID that names it: its kind,
//! title, statement or definition, where it sits in the lifecycle, what it
//! cites, its known published defects, and where it was published.

use std::fmt::Write as _;

use super::Snapshot;
use crate::model::{EntityKind, EntityRef, Model};
use crate::source::{FileId, Span};

/// The text of a hover and the span it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The ID hovered.
    pub span: Span,
    /// Markdown.
    pub markdown: String,
}

impl Snapshot {
    /// What the ID at `offset` names.
    pub fn hover(&self, file: FileId, offset: usize) -> Option<Hover> {
        let occurrence = self.at(file, offset)?;
        let model = self.model()?;
        let markdown = match occurrence.target {
            Some(target) => describe(model, target, &self.analysis.sources),
            None => {
                let id = self.analysis.sources.text(occurrence.span);
                let kinds: Vec<&str> = occurrence
                    .field
                    .map(|f| f.targets.iter().map(|k| k.noun()).collect())
                    .unwrap_or_default();
                format!(
                    "`{id}`: no {} has this ID",
                    if kinds.is_empty() {
                        "entity".to_owned()
                    } else {
                        kinds.join(" or ")
                    }
                )
            }
        };
        Some(Hover {
            span: occurrence.span,
            markdown,
        })
    }
}

/// An entity, in Markdown.
pub fn describe(model: &Model, r: EntityRef, sources: &crate::source::SourceMap) -> String {
    let meta = model.meta(r);
    let info = r.kind.info();
    let mut out = format!("**{}** `{}`", info.title, meta.id());
    let i = r.index as usize;
    if let EntityKind::Capability = r.kind
        && let Some(k) = &model.capabilities[i].kind
    {
        let _ = write!(out, " ({})", k.value.as_str());
    }
    if let Some(name) = meta.name() {
        let _ = write!(out, " {name}");
    }
    out.push_str("\n\n");
    let body = match r.kind {
        EntityKind::Capability => Some(model.capabilities[i].statement.value.as_str()),
        EntityKind::Element => Some(model.elements[i].definition.value.as_str()),
        _ => meta.description.as_ref().map(|d| d.value.as_str()),
    };
    if let Some(body) = body.filter(|b| !b.is_empty()) {
        out.push_str(body);
        out.push_str("\n\n");
    }
    let path = lifecycle_path(model, r);
    if !path.is_empty() {
        let _ = writeln!(out, "Lifecycle: {}\n", path.join(" → "));
    }
    let cites: Vec<String> = match r.kind {
        EntityKind::Capability => model.capabilities[i]
            .references
            .iter()
            .map(named(model))
            .collect(),
        EntityKind::Element => model.elements[i]
            .references
            .iter()
            .map(named(model))
            .collect(),
        _ => Vec::new(),
    };
    if !cites.is_empty() {
        let _ = writeln!(out, "References: {}\n", cites.join("; "));
    }
    if let EntityKind::Element = r.kind
        && let Some(t) = &model.elements[i].data_type
    {
        let _ = writeln!(out, "Type: `{}`\n", t.kind.name());
    }
    for d in &meta.defects {
        let code = d.code.map(|c| format!("{c}: ")).unwrap_or_default();
        let _ = writeln!(out, "Known published defect: {code}{}\n", d.reason);
    }
    if meta.is_deprecated() {
        out.push_str("Deprecated.\n\n");
    }
    for p in &meta.sources {
        let mut at = format!("Published in {}", p.file);
        if let Some(sheet) = &p.sheet {
            let _ = write!(at, ", sheet \"{sheet}\"");
        }
        if let Some(row) = p.row {
            let _ = write!(at, ", row {row}");
        }
        if let Some(column) = &p.column {
            let _ = write!(at, ", column \"{column}\"");
        }
        if let Some(pointer) = &p.pointer {
            let _ = write!(at, " at `{pointer}`");
        }
        let _ = writeln!(out, "{at}\n");
    }
    let _ = write!(out, "Declared in {}", sources.describe(meta.id.span));
    out
}

/// `ID (name)` of a reference, for lists.
fn named(model: &Model) -> impl Fn(&crate::model::Ref) -> String + '_ {
    |r| match r.target.and_then(|t| model.meta(t).name()) {
        Some(name) => format!("`{}` {name}", r.id),
        None => format!("`{}`", r.id),
    }
}

/// Area → function → activity above an entity of the lifecycle, each as
/// `ID name`.
fn lifecycle_path(model: &Model, r: EntityRef) -> Vec<String> {
    let step = |r: EntityRef| -> String {
        let meta = model.meta(r);
        match meta.name() {
            Some(n) => format!("`{}` {n}", meta.id()),
            None => format!("`{}`", meta.id()),
        }
    };
    let up = |r: EntityRef| -> Option<EntityRef> {
        let i = r.index as usize;
        match r.kind {
            EntityKind::Function => model.functions[i].area.target,
            EntityKind::Activity => model.activities[i].function.target,
            EntityKind::Capability => model.capabilities[i].activity.target,
            EntityKind::Metric => model.metrics[i].activity.as_ref().and_then(|a| a.target),
            EntityKind::Area
            | EntityKind::Process
            | EntityKind::UseCase
            | EntityKind::Element
            | EntityKind::Record
            | EntityKind::Reference
            | EntityKind::Profile => None,
        }
    };
    let mut path = Vec::new();
    let mut at = up(r);
    // The lifecycle is three levels deep; a cycle cannot be longer.
    for _ in 0..4 {
        let Some(p) = at else { break };
        path.push(step(p));
        at = up(p);
    }
    path.reverse();
    path
}
