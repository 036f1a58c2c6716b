//! Merging per-file entities into one model: the symbol table, duplicate IDs,
//! reference resolution and the lifecycle's downward links.

use std::collections::HashMap;

use super::{Children, EntityKind, EntityRef, FileModel, Model, ModelError, Ref, WorkspaceInfo};
use crate::diag::Code;
use crate::suggest;

/// How many unknown references get a "did you mean" search: each search is a
/// scan over the IDs of one kind, so a file full of typos must not turn into
/// a quadratic run.
const SUGGESTION_BUDGET: usize = 200;

/// Merge the files' entities (in file order) and resolve every reference.
pub fn build(files: Vec<FileModel>, workspace: WorkspaceInfo) -> (Model, Vec<ModelError>) {
    let mut model = Model {
        workspace,
        ..Model::default()
    };
    let mut errors = Vec::new();
    model.merge(files, &mut errors);
    fill_symbols(&mut model, &mut errors);
    resolve(&mut model, &mut errors);
    link_children(&mut model);
    (model, errors)
}

impl Model {
    /// Take a built model apart again into the models of its `files` files
    /// (as [`lower`](super::lower) made them: references unresolved), so
    /// that a new build can reuse the files that did not change. Entities
    /// move, nothing is copied. `None` if an entity names a file past
    /// `files`.
    pub fn into_files(mut self, files: usize) -> Option<Vec<Model>> {
        self.for_each_field_ref_mut(|_, _, r| r.target = None);
        let mut parts: Vec<Model> = (0..files).map(|_| Model::default()).collect();
        macro_rules! split {
            ($($kind:ident),*) => {$(
                let lists = self.$kind.split_by(files, |e| e.meta.id.span.file.0 as usize)?;
                for (part, list) in parts.iter_mut().zip(lists) {
                    part.$kind = list;
                }
            )*};
        }
        crate::model::entity_lists!(split);
        Some(parts)
    }

    /// Append the files' entities, kind by kind in file order, and collect
    /// their errors. Each kind's room is reserved first from the files'
    /// counts, so that each entity is moved once (growing by doubling moved
    /// the larger kinds several times over).
    fn merge(&mut self, files: Vec<FileModel>, errors: &mut Vec<ModelError>) {
        macro_rules! merge {
            ($($kind:ident),*) => {
                $(self.$kind.reserve(files.iter().map(|f| f.model.$kind.len()).sum());)*
                for mut file in files {
                    $(self.$kind.append(&mut file.model.$kind);)*
                    errors.extend(file.errors);
                }
            };
        }
        crate::model::entity_lists!(merge);
    }
}

fn fill_symbols(model: &mut Model, errors: &mut Vec<ModelError>) {
    let mut symbols: foldhash::HashMap<String, EntityRef> =
        foldhash::HashMapExt::with_capacity(model.total());
    // Report duplicates in source order, not kind order: collect them first.
    let mut duplicates = Vec::new();
    for r in model.all_refs() {
        let meta = model.meta(r);
        if let Some(&first) = symbols.get(meta.id()) {
            duplicates.push((first, r));
        } else {
            symbols.insert(meta.id().to_owned(), r);
        }
    }
    for (first, second) in duplicates {
        let (a, b) = (model.meta(first), model.meta(second));
        errors.push(ModelError::DuplicateId {
            id: b.id().to_owned(),
            first: a.id.span,
            first_kind: first.kind,
            second: b.id.span,
            second_kind: second.kind,
        });
    }
    model.symbols = symbols;
}

struct Resolver<'m> {
    symbols: &'m foldhash::HashMap<String, EntityRef>,
    /// IDs of each kind, sorted, built on the first unknown reference.
    candidates: HashMap<EntityKind, Vec<&'m str>>,
    budget: usize,
    /// Each unknown reference's error (its index) and the entity that
    /// makes it, for the suggestions made after the walk.
    unknown: Vec<(usize, EntityRef)>,
    errors: &'m mut Vec<ModelError>,
}

impl Resolver<'_> {
    fn resolve(&mut self, owner: EntityRef, r: &mut Ref, expected: &'static [EntityKind]) {
        if r.id.is_empty() {
            // A required reference that was missing; already reported.
            return;
        }
        match self.symbols.get(r.id.as_str()) {
            Some(&target) if expected.contains(&target.kind) => r.target = Some(target),
            Some(&target) => {
                self.errors.push(ModelError::WrongKind {
                    span: r.span,
                    id: r.id.clone(),
                    expected,
                    actual: target.kind,
                    // Filled in by the caller, which can see the arenas.
                    definition: r.span,
                });
            }
            None => {
                self.unknown.push((self.errors.len(), owner));
                self.errors.push(ModelError::UnknownRef {
                    span: r.span,
                    id: r.id.clone(),
                    expected,
                    // Filled in by the caller, which can see the owner.
                    suggestion: None,
                });
            }
        }
    }

    fn suggest(&mut self, id: &str, expected: &[EntityKind]) -> Option<String> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let symbols = self.symbols;
        let mut best: Option<&str> = None;
        for kind in expected {
            let list = self.candidates.entry(*kind).or_insert_with(|| {
                let mut ids: Vec<&str> = symbols
                    .iter()
                    .filter(|(_, r)| r.kind == *kind)
                    .map(|(id, _)| id.as_str())
                    .collect();
                ids.sort_unstable();
                ids
            });
            if best.is_none() {
                best = suggest::best(id, list.iter().copied());
            }
        }
        best.map(str::to_owned)
    }
}

fn resolve(model: &mut Model, errors: &mut Vec<ModelError>) {
    let first_new = errors.len();
    // The symbol table is taken out for the walk, which needs the rest of
    // the model mutably, and put back after.
    let symbols = std::mem::take(&mut model.symbols);
    let mut rs = Resolver {
        symbols: &symbols,
        unknown: Vec::new(),
        candidates: HashMap::new(),
        budget: SUGGESTION_BUDGET,
        errors,
    };
    model.for_each_field_ref_mut(|owner, field, r| rs.resolve(owner, r, field.targets));
    // "Did you mean" for the unknown references, now that their owners can
    // be read. None for a reference a known defect covers: its diagnostic
    // gives the defect's reason as its help, so the search (a scan of every
    // ID of the kinds) would be thrown away, and the published standards
    // have hundreds of such references.
    for (at, owner) in std::mem::take(&mut rs.unknown) {
        let defects = &model.meta(owner).defects;
        if defects.iter().any(|d| d.code == Some(Code::E0301)) {
            continue;
        }
        let ModelError::UnknownRef { id, expected, .. } = &rs.errors[at] else {
            continue;
        };
        let (id, expected) = (id.clone(), *expected);
        let found = rs.suggest(&id, expected);
        if let ModelError::UnknownRef { suggestion, .. } = &mut rs.errors[at] {
            *suggestion = found;
        }
    }
    model.symbols = symbols;
    // Point wrong-kind errors at the declaration they found.
    for err in &mut errors[first_new..] {
        if let ModelError::WrongKind { id, definition, .. } = err
            && let Some(&r) = model.symbols.get(id.as_str())
        {
            *definition = model.meta(r).id.span;
        }
    }
}

fn link_children(model: &mut Model) {
    let mut children = Children {
        area_functions: vec![Vec::new(); model.areas.len()],
        function_activities: vec![Vec::new(); model.functions.len()],
        activity_capabilities: vec![Vec::new(); model.activities.len()],
    };
    for (i, f) in model.functions.iter().enumerate() {
        if let Some(t) = f.area.target {
            children.area_functions[t.index as usize].push(i as u32);
        }
    }
    for (i, a) in model.activities.iter().enumerate() {
        if let Some(t) = a.function.target {
            children.function_activities[t.index as usize].push(i as u32);
        }
    }
    for (i, c) in model.capabilities.iter().enumerate() {
        if let Some(t) = c.activity.target {
            children.activity_capabilities[t.index as usize].push(i as u32);
        }
    }
    model.children = children;
}
