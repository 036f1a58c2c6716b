//! Merging per-file entities into one model: the symbol table, duplicate IDs,
//! reference resolution and the lifecycle's downward links.

use std::collections::HashMap;

use super::{
    Children, EntityKind, EntityRef, FileModel, Model, ModelError, Ref, Symbols, WorkspaceInfo,
};
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
    let (symbols, duplicates) = Symbols::build(model);
    // Found kind by kind; the diagnostics are put in source order later.
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

/// The "did you mean" search for unknown references, within a budget.
struct Suggester<'m> {
    model: &'m Model,
    /// IDs of each kind, sorted, built on the first unknown reference.
    candidates: HashMap<EntityKind, Vec<&'m str>>,
    budget: usize,
}

impl Suggester<'_> {
    fn suggest(&mut self, id: &str, expected: &[EntityKind]) -> Option<String> {
        if self.budget == 0 {
            return None;
        }
        self.budget -= 1;
        let model = self.model;
        let mut best: Option<&str> = None;
        for kind in expected {
            let list = self.candidates.entry(*kind).or_insert_with(|| {
                let mut ids: Vec<&str> = model.refs_of(*kind).map(|r| model.meta(r).id()).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            });
            if best.is_none() {
                best = suggest::best(id, list.iter().copied());
            }
        }
        best.map(str::to_owned)
    }
}

/// Give `r` the entity `found` for its ID, or the error of a reference to
/// nothing or to the wrong kind of entity. An unknown reference's error
/// (its index in `errors`) and the entity making it go to `unknown`, for
/// the suggestions made after the walk.
fn resolve_one(
    errors: &mut Vec<ModelError>,
    unknown: &mut Vec<(usize, EntityRef)>,
    owner: EntityRef,
    r: &mut Ref,
    expected: &'static [EntityKind],
    found: Option<EntityRef>,
) {
    if r.id.is_empty() {
        // A required reference that was missing; already reported.
        return;
    }
    match found {
        Some(target) if expected.contains(&target.kind) => r.target = Some(target),
        Some(target) => {
            errors.push(ModelError::WrongKind {
                span: r.span,
                id: r.id.clone(),
                expected,
                actual: target.kind,
                // Filled in by the caller, which can see the arenas.
                definition: r.span,
            });
        }
        None => {
            unknown.push((errors.len(), owner));
            errors.push(ModelError::UnknownRef {
                span: r.span,
                id: r.id.clone(),
                expected,
                // Filled in by the caller, which can see the owner.
                suggestion: None,
            });
        }
    }
}

fn resolve(model: &mut Model, errors: &mut Vec<ModelError>) {
    let first_new = errors.len();
    // Looking an ID up reads the model (the table holds no text), so every
    // reference is looked up first, in the order of the walk that then
    // fills the targets in.
    let mut found = Vec::new();
    model.for_each_field_ref(|_, _, r| {
        found.push(if r.id.is_empty() {
            None
        } else {
            model.lookup(&r.id)
        });
    });
    let mut found = found.into_iter();
    let mut unknown = Vec::new();
    model.for_each_field_ref_mut(|owner, field, r| {
        let target = found
            .next()
            .expect("the same references, in the same order");
        resolve_one(errors, &mut unknown, owner, r, field.targets, target);
    });
    // "Did you mean" for the unknown references, now that their owners can
    // be read. None for a reference a known defect covers: its diagnostic
    // gives the defect's reason as its help, so the search (a scan of every
    // ID of the kinds) would be thrown away, and the published standards
    // have hundreds of such references.
    let mut suggester = Suggester {
        model,
        candidates: HashMap::new(),
        budget: SUGGESTION_BUDGET,
    };
    for (at, owner) in unknown {
        let defects = &model.meta(owner).defects;
        if defects.iter().any(|d| d.code == Some(Code::E0301)) {
            continue;
        }
        let ModelError::UnknownRef { id, expected, .. } = &errors[at] else {
            continue;
        };
        let found = suggester.suggest(id, expected);
        if let ModelError::UnknownRef { suggestion, .. } = &mut errors[at] {
            *suggestion = found;
        }
    }
    // Point wrong-kind errors at the declaration they found.
    for err in &mut errors[first_new..] {
        if let ModelError::WrongKind { id, definition, .. } = err
            && let Some(r) = model.lookup(id)
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
