//! Outlines: the declarations of a file, and every entity of the workspace
//! found by ID or title.

use super::Snapshot;
use crate::model::{EntityKind, EntityRef};
use crate::source::{FileId, Span};

/// A declaration, for an outline or a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    /// The entity.
    pub entity: EntityRef,
    /// Its ID.
    pub id: String,
    /// Its name, title, statement or definition, shortened.
    pub detail: Option<String>,
    /// The whole declaration.
    pub span: Span,
    /// Its ID, where the declaration is.
    pub selection: Span,
}

/// How much of a statement or definition a symbol shows.
const DETAIL: usize = 80;

impl Snapshot {
    fn symbol(&self, entity: EntityRef) -> Option<Symbol> {
        let model = self.model()?;
        let meta = model.meta(entity);
        let i = entity.index as usize;
        let text = match entity.kind {
            EntityKind::Capability if meta.name().is_none() => {
                Some(model.capabilities[i].statement.value.as_str())
            }
            EntityKind::Element if meta.name().is_none() => {
                Some(model.elements[i].definition.value.as_str())
            }
            _ => meta.name(),
        };
        let detail = text.filter(|t| !t.is_empty()).map(|t| {
            if t.chars().count() > DETAIL {
                let mut s: String = t.chars().take(DETAIL - 1).collect();
                s.push('…');
                s
            } else {
                t.to_owned()
            }
        });
        Some(Symbol {
            entity,
            id: meta.id().to_owned(),
            detail,
            span: meta.span,
            selection: meta.id.span,
        })
    }

    /// The declarations of a file, in order.
    pub fn document_symbols(&self, file: FileId) -> Vec<Symbol> {
        let Some(list) = self.by_file.get(file.0 as usize) else {
            return Vec::new();
        };
        list.iter()
            .filter(|o| o.is_declaration())
            .filter_map(|o| self.symbol(o.target?))
            .collect()
    }

    /// Entities whose ID or name holds `query` (ignoring case), IDs that
    /// start with it first, at most `limit`.
    pub fn workspace_symbols(&self, query: &str, limit: usize) -> Vec<Symbol> {
        let Some(model) = self.model() else {
            return Vec::new();
        };
        let q = query.to_lowercase();
        let mut scored: Vec<(u8, EntityRef)> = Vec::new();
        for r in model.all_refs() {
            let meta = model.meta(r);
            let id = meta.id().to_lowercase();
            let score = if id.starts_with(&q) {
                0
            } else if id.contains(&q) {
                1
            } else if meta.name().is_some_and(|n| n.to_lowercase().contains(&q)) {
                2
            } else {
                continue;
            };
            scored.push((score, r));
        }
        scored.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| model.meta(a.1).id().cmp(model.meta(b.1).id()))
        });
        scored
            .into_iter()
            .take(limit)
            .filter_map(|(_, r)| self.symbol(r))
            .collect()
    }
}
