//! What an editor asks of a standard, answered from an analysis: what is
//! at a position, where it is defined and used, what to show on hover,
//! what may be typed next, the outline of a file, renames and quick fixes.
//!
//! A [`Snapshot`] is an [`Analysis`] with an index of every ID written in
//! it: each declaration and each reference, by file and position, and the
//! references to each entity. Queries take a file and a byte offset and
//! answer in spans; the language server (`fibf lsp`) turns them into the
//! protocol's positions. Nothing here knows the protocol, so the same
//! answers serve any front end, and the tests ask them directly.
//!
//! The analysis may be partial (a file being typed does not parse): the
//! index covers what parsed, so navigation keeps working mid-edit.

mod complete;
mod hover;
pub mod offering;
mod symbols;

use std::path::Path;

use foldhash::{HashMap, HashMapExt};

pub use complete::{Completion, CompletionKind};
pub use hover::Hover;
pub use symbols::Symbol;

use crate::diag::{Diagnostic, Severity};
use crate::model::{EntityKind, EntityRef, FieldInfo, Model, ids};
use crate::source::{FileId, Span};
use crate::workspace::Analysis;

/// An ID written in a file: a declaration or a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Where the ID is written.
    pub span: Span,
    /// The entity it declares or names (`None` for a reference that
    /// resolves to nothing).
    pub target: Option<EntityRef>,
    /// For a reference, the field it is written in.
    pub field: Option<&'static FieldInfo>,
}

impl Occurrence {
    /// Whether this is the entity's declaration.
    pub fn is_declaration(&self) -> bool {
        self.field.is_none()
    }
}

/// An analysis and the index of every ID in it.
pub struct Snapshot {
    /// The analysis the answers come from.
    pub analysis: Analysis,
    /// Each file's occurrences, in order of position.
    by_file: Vec<Vec<Occurrence>>,
    /// Each entity's references (not its declaration), in file order.
    references: HashMap<EntityRef, Vec<Span>>,
    /// Each kind's entities, by ID.
    by_kind: Vec<Vec<EntityRef>>,
}

impl Snapshot {
    /// Index `analysis`.
    pub fn new(analysis: Analysis) -> Snapshot {
        let mut by_file: Vec<Vec<Occurrence>> = vec![Vec::new(); analysis.sources.len()];
        let mut references: HashMap<EntityRef, Vec<Span>> = HashMap::new();
        let mut by_kind = vec![Vec::new(); EntityKind::ALL.len()];
        if let Some(model) = &analysis.model {
            for r in model.all_refs() {
                let span = model.meta(r).id.span;
                if let Some(list) = by_file.get_mut(span.file.0 as usize) {
                    list.push(Occurrence {
                        span,
                        target: Some(r),
                        field: None,
                    });
                }
                by_kind[r.kind as usize].push(r);
            }
            model.for_each_field_ref(|_, field, r| {
                if r.id.is_empty() {
                    return;
                }
                if let Some(list) = by_file.get_mut(r.span.file.0 as usize) {
                    list.push(Occurrence {
                        span: r.span,
                        target: r.target,
                        field: Some(field),
                    });
                }
                if let Some(t) = r.target {
                    references.entry(t).or_default().push(r.span);
                }
            });
            for list in &mut by_kind {
                list.sort_by(|a, b| model.meta(*a).id().cmp(model.meta(*b).id()));
            }
        }
        for list in &mut by_file {
            list.sort_by_key(|o| (o.span.start, o.span.end));
        }
        for spans in references.values_mut() {
            spans.sort();
        }
        Snapshot {
            analysis,
            by_file,
            references,
            by_kind,
        }
    }

    /// The analysis, without the index (for the next analysis to reuse).
    pub fn into_analysis(self) -> Analysis {
        self.analysis
    }

    /// The model, if there is one.
    pub fn model(&self) -> Option<&Model> {
        self.analysis.model.as_ref()
    }

    /// The file read from `path`, if it takes part.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        let path = crate::io::normalize(path);
        self.analysis.sources.iter().find_map(|(id, f)| {
            f.path
                .as_deref()
                .is_some_and(|p| crate::io::normalize(p) == path)
                .then_some(id)
        })
    }

    /// The ID written at `offset` in `file` (its end included, where a
    /// cursor after the last character stands).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let list = self.by_file.get(file.0 as usize)?;
        let offset = offset as u32;
        let after = list.partition_point(|o| o.span.start <= offset);
        list[..after]
            .iter()
            .rev()
            .take_while(|o| o.span.end + 64 >= offset)
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }

    /// Where the entity whose ID is at `offset` is declared.
    pub fn definition(&self, file: FileId, offset: usize) -> Option<Span> {
        let target = self.at(file, offset)?.target?;
        Some(self.model()?.meta(target).id.span)
    }

    /// Every place the entity whose ID is at `offset` is named, its
    /// declaration first when asked for.
    pub fn references(&self, file: FileId, offset: usize, declaration: bool) -> Vec<Span> {
        let Some(target) = self.at(file, offset).and_then(|o| o.target) else {
            return Vec::new();
        };
        self.references_to(target, declaration)
    }

    /// Every place `target` is named.
    pub fn references_to(&self, target: EntityRef, declaration: bool) -> Vec<Span> {
        let mut out = Vec::new();
        if declaration && let Some(model) = self.model() {
            out.push(model.meta(target).id.span);
        }
        out.extend(self.references.get(&target).into_iter().flatten().copied());
        out
    }

    /// The entities of a kind, in ID order.
    pub fn entities_of(&self, kind: EntityKind) -> &[EntityRef] {
        &self.by_kind[kind as usize]
    }

    /// The span a rename at `offset` would replace, or why there is none.
    pub fn prepare_rename(&self, file: FileId, offset: usize) -> Result<Span, String> {
        let occurrence = self
            .at(file, offset)
            .ok_or("only an ID can be renamed: put the cursor on one")?;
        if occurrence.target.is_none() {
            return Err("this ID names no entity: fix the reference instead".to_owned());
        }
        if self.analysis.partial {
            return Err("the workspace has syntax errors: fix them before renaming".to_owned());
        }
        Ok(occurrence.span)
    }

    /// Every span to replace with `new_id` to rename the entity whose ID is
    /// at `offset`: its declaration and every reference.
    pub fn rename(&self, file: FileId, offset: usize, new_id: &str) -> Result<Vec<Span>, String> {
        self.prepare_rename(file, offset)?;
        let target = self
            .at(file, offset)
            .and_then(|o| o.target)
            .ok_or("no entity")?;
        let model = self.model().ok_or("no model")?;
        if !ids::is_valid(target.kind, new_id) {
            return Err(format!(
                "`{new_id}` is not a valid {} ID: {} IDs are {}",
                target.kind,
                target.kind.noun(),
                ids::expected_form(target.kind)
            ));
        }
        if let Some(taken) = model.lookup(new_id)
            && taken != target
        {
            return Err(format!(
                "`{new_id}` is already the ID of {}",
                taken.kind.noun()
            ));
        }
        Ok(self.references_to(target, true))
    }

    /// The diagnostics of a file, in report order.
    pub fn diagnostics_of(&self, file: FileId) -> impl Iterator<Item = &Diagnostic> {
        self.analysis
            .diagnostics
            .iter()
            .filter(move |d| d.primary_span().is_some_and(|s| s.file == file))
    }

    /// The entity whose declaration holds `offset`, innermost (the
    /// declaration, not its block's references).
    pub fn declaration_at(&self, file: FileId, offset: usize) -> Option<EntityRef> {
        let model = self.model()?;
        let offset = offset as u32;
        model
            .all_refs()
            .filter(|r| {
                let span = model.meta(*r).span;
                span.file == file && span.start <= offset && offset <= span.end
            })
            .min_by_key(|r| model.meta(*r).span.len())
    }

    /// Quick fixes for the diagnostics of `file` whose primary place is in
    /// `start..=end`: the "did you mean" replacements, and an `@allow` for
    /// each warning, placed above the declaration it is about.
    pub fn fixes(&self, file: FileId, start: usize, end: usize) -> Vec<QuickFix> {
        let mut out = Vec::new();
        for d in self.diagnostics_of(file) {
            let Some(span) = d.primary_span() else {
                continue;
            };
            if (span.end as usize) < start || (span.start as usize) > end {
                continue;
            }
            if let Some(fix) = &d.fix {
                out.push(QuickFix {
                    title: format!("Replace with `{}`", fix.replacement),
                    diagnostic: d.clone(),
                    span: fix.span,
                    text: fix.replacement.clone(),
                    preferred: true,
                });
            }
            if d.severity == Severity::Warning
                && let Some(owner) = self.declaration_at(file, span.start as usize)
                && let Some(model) = self.model()
            {
                let meta = model.meta(owner);
                let text = &self.analysis.sources.get(file).text;
                // The declaration's line, before any attribute above it.
                let first = meta
                    .allows
                    .iter()
                    .map(|a| a.span.start)
                    .chain(meta.defects.iter().map(|a| a.span.start))
                    .chain([meta.span.start])
                    .min()
                    .unwrap_or(meta.span.start) as usize;
                let line = text[..first].rfind('\n').map_or(0, |i| i + 1);
                let indent: String = text[line..]
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                out.push(QuickFix {
                    title: format!("Allow {} on `{}`", d.code, meta.id()),
                    diagnostic: d.clone(),
                    span: Span::new(file, line, line),
                    text: format!("{indent}@allow({}, \"why this is expected\")\n", d.code),
                    preferred: false,
                });
            }
        }
        out
    }
}

/// A change that fixes a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickFix {
    /// What the editor offers.
    pub title: String,
    /// The diagnostic it fixes.
    pub diagnostic: Diagnostic,
    /// What is replaced (empty for an insertion).
    pub span: Span,
    /// What replaces it.
    pub text: String,
    /// Whether it is the fix to apply without asking.
    pub preferred: bool,
}

#[cfg(test)]
mod tests;
