//! Making the export ([`ModelDoc`]) of a model: the reverse relations, the
//! order of each kind's list, locations, and one function per kind that
//! turns entities into their documents.
//!
//! Every kind's function makes one entity's document from a reference to
//! it, its strings borrowed (`&str`: what [`write_export`] serializes, a
//! batch at a time) or copied ([`String`]: [`export`]). [`into_export`]
//! takes the entities out of the model and frees each once its document is
//! made: at 100 times the bundled standards that is the difference between
//! holding the model and its copy at once (`fibf docs` peaked there) and
//! holding about one of them.

use std::sync::Arc;

use rayon::prelude::*;

use super::{
    ActivityDoc, AreaDoc, CapabilityDoc, CodeValueDoc, Common, DefectDoc, DocStr, ElementDoc,
    EventDoc, FORMAT, FieldDoc, FlowDoc, FunctionDoc, Location, MetricDoc, ModelDoc, ProcessDoc,
    ProfileDoc, ProvenanceDoc, RecordDoc, ReferenceDoc, ResolvedDoc, SelectionDoc, TargetDoc,
    ThresholdDoc, TypeDoc, UseCaseDoc, WorkspaceDoc, head, key,
};
use crate::model::{
    self, Activity, Area, Capability, Children, Element, EntityKind, EntityRef, Flow, Function,
    Meta, Metric, Model, Process, Profile, Record, Ref, Reference, TypeKind, UseCase,
};
use crate::source::{FileId, LineCol, SourceMap};

/// Where the standard's files are, for locations in the export. File names
/// are given relative to `root`, so the export does not depend on the
/// directory `fibf` was run from.
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    /// The files.
    pub map: &'a SourceMap,
    /// The workspace directory, when there is one.
    pub root: Option<&'a std::path::Path>,
}

impl Sources<'_> {
    fn name(&self, id: FileId) -> String {
        let file = self.map.get(id);
        match (self.root, &file.path) {
            (Some(root), Some(path)) => path
                .strip_prefix(root)
                .map_or_else(|_| file.name.clone(), crate::source::display_name),
            _ => file.name.clone(),
        }
    }
}

/// Where each entity of a model is declared, worked out from the sources
/// once: with it, the export needs neither the sources' text nor their
/// line indices, and a command can let them go before exporting (about a
/// hundred megabytes at 100 times the bundled standards).
pub struct Locations {
    /// Each file's name, by file ID: shared by the locations in it.
    file_names: Vec<Arc<str>>,
    /// By kind, then arena index: the file and the start of the ID.
    at: Vec<Vec<(FileId, LineCol)>>,
}

impl Locations {
    /// The locations of every entity of `model`, whose files are `sources`.
    pub fn new(model: &Model, sources: Sources<'_>) -> Locations {
        let mut at = vec![Vec::new(); EntityKind::ALL.len()];
        for kind in EntityKind::ALL {
            at[kind as usize] = (0..model.count(kind) as u32)
                .into_par_iter()
                .map(|index| {
                    let span = model.meta(EntityRef { kind, index }).id.span;
                    (span.file, sources.map.start(span))
                })
                .collect();
        }
        Locations {
            file_names: sources
                .map
                .ids()
                .map(|id| sources.name(id).into())
                .collect(),
            at,
        }
    }

    fn get(&self, kind: EntityKind, index: u32) -> Location {
        let (file, lc) = self.at[kind as usize][index as usize];
        Location {
            file: self.file_names[file.0 as usize].clone(),
            line: lc.line,
            column: lc.column,
        }
    }
}

/// Every entity's ID, by kind and arena index, packed in one string per
/// kind: the documents name other entities by ID, and [`into_export`] has
/// moved some entities' IDs out of the model by then.
struct Ids {
    /// By kind: the IDs end to end, and where each ends.
    kinds: Vec<(String, Vec<u32>)>,
}

impl Ids {
    fn new(model: &Model) -> Ids {
        let mut kinds = vec![(String::new(), Vec::new()); EntityKind::ALL.len()];
        for kind in EntityKind::ALL {
            let (text, ends) = &mut kinds[kind as usize];
            ends.reserve_exact(model.count(kind));
            for r in model.refs_of(kind) {
                text.push_str(model.meta(r).id());
                ends.push(u32::try_from(text.len()).expect("a kind's IDs fit in 4 GiB"));
            }
        }
        Ids { kinds }
    }

    fn get(&self, kind: EntityKind, index: u32) -> &str {
        let (text, ends) = &self.kinds[kind as usize];
        let i = index as usize;
        let start = if i == 0 { 0 } else { ends[i - 1] as usize };
        &text[start..ends[i] as usize]
    }
}

struct Exporter<'a> {
    children: &'a Children,
    ids: Ids,
    reverse: Reverse,
    locations: Option<&'a Locations>,
}

fn text<'a, S: DocStr<'a>>(t: Option<&'a model::Text>) -> Option<S> {
    t.map(|t| S::of(&t.value))
}

fn texts<'a, S: DocStr<'a>>(t: &'a [model::Text]) -> Vec<S> {
    t.iter().map(|t| S::of(&t.value)).collect()
}

fn ids<'a, S: DocStr<'a>>(refs: &'a [Ref]) -> Vec<S> {
    refs.iter().map(|r| S::of(&r.id)).collect()
}

fn target<'a, S: DocStr<'a>>(t: &'a model::Target) -> TargetDoc<S> {
    TargetDoc {
        comparator: S::of(t.comparator.value.as_str()),
        value: t.value.value.value,
        literal: S::of(&t.value.value.text),
        unit: text(t.unit.as_ref()),
    }
}

impl Exporter<'_> {
    fn common<'a, S: DocStr<'a>>(
        &'a self,
        meta: &'a Meta,
        kind: EntityKind,
        index: u32,
    ) -> Common<S> {
        Common {
            id: S::of(meta.id()),
            name: text(meta.name.as_ref()),
            description: text(meta.description.as_ref()),
            status: meta.status.as_ref().map(|s| S::of(s.value.as_str())),
            provenance: meta
                .sources
                .iter()
                .map(|p| ProvenanceDoc {
                    file: S::of(&p.file),
                    sheet: p.sheet.as_deref().map(S::of),
                    row: p.row,
                    column: p.column.as_deref().map(S::of),
                    pointer: p.pointer.as_deref().map(S::of),
                })
                .collect(),
            defects: meta
                .defects
                .iter()
                .map(|d| DefectDoc {
                    code: d.code.map(|c| S::of(c.as_str())),
                    reason: S::of(&d.reason),
                })
                .collect(),
            location: self.locations.map(|l| l.get(kind, index)),
        }
    }

    /// The IDs of the entities `at` of `kind`, sorted, each once.
    fn ids_of<'a, S: DocStr<'a>>(&'a self, kind: EntityKind, at: &[u32]) -> Vec<S> {
        self.sorted(at.iter().map(|&index| EntityRef { kind, index }))
    }

    /// The IDs of the entities pointing at entity `i`, in one of the
    /// reverse relations (`list`), sorted, each once.
    fn pointing_at<'a, S: DocStr<'a>>(&'a self, list: &[Vec<EntityRef>], i: u32) -> Vec<S> {
        self.sorted(list[i as usize].iter().copied())
    }

    /// The IDs of `refs`, sorted, each once: the reverse relations, and
    /// the entities a profile resolves to.
    fn sorted<'a, S: DocStr<'a>>(&'a self, refs: impl Iterator<Item = EntityRef>) -> Vec<S> {
        let mut v: Vec<&str> = refs.map(|r| self.ids.get(r.kind, r.index)).collect();
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(S::of).collect()
    }

    /// The indices of a kind's entities in the order of the export: by ID,
    /// in place by rayon's parallel quicksort where the IDs are `unique` (a
    /// sound model's are; on one thread, sorting the 4,000 elements of the
    /// 10x data model was 10 M of `compile`'s 209 M instructions); otherwise
    /// declarations of one ID stay in declaration order, by a stable sort
    /// on one thread, which takes a scratch copy of half the vector (when
    /// the documents themselves were sorted, that was 40 MB of the peak
    /// memory of `docs` at 100x for the largest kind; rayon's parallel
    /// merge sort takes a whole copy).
    ///
    /// The IDs are sorted beside their indices, so that a comparison reads
    /// two strings rather than first finding them in [`Ids`].
    fn order(&self, kind: EntityKind, unique: bool) -> Vec<u32> {
        let n = self.ids.kinds[kind as usize].1.len() as u32;
        let mut keyed: Vec<(&str, u32)> = (0..n).map(|i| (self.ids.get(kind, i), i)).collect();
        if unique {
            keyed.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        } else {
            keyed.sort_by(|a, b| a.0.cmp(b.0));
        }
        keyed.into_iter().map(|(_, i)| i).collect()
    }
}

/// Reverse relations of a model, gathered in one pass over its references:
/// for each entity, the entities that point at it.
struct Reverse {
    use_cases_of_process: Vec<Vec<EntityRef>>,
    metrics_of_activity: Vec<Vec<EntityRef>>,
    use_cases_of_capability: Vec<Vec<EntityRef>>,
    capabilities_using_element: Vec<Vec<EntityRef>>,
    records_using_element: Vec<Vec<EntityRef>>,
    cited_by: Vec<Vec<EntityRef>>,
    /// Each profile's requirements, inheritance resolved.
    requirements: Vec<model::Requirements>,
    profiles_of_capability: Vec<Vec<EntityRef>>,
}

impl Reverse {
    fn new(model: &Model) -> Reverse {
        let n = |k| vec![Vec::new(); model.count(k)];
        let mut r = Reverse {
            use_cases_of_process: n(EntityKind::Process),
            metrics_of_activity: n(EntityKind::Activity),
            use_cases_of_capability: n(EntityKind::Capability),
            capabilities_using_element: n(EntityKind::Element),
            records_using_element: n(EntityKind::Element),
            cited_by: n(EntityKind::Reference),
            requirements: (0..model.profiles.len() as u32)
                .map(|p| model.profile_requirements(p))
                .collect(),
            profiles_of_capability: n(EntityKind::Capability),
        };
        model.for_each_ref(|owner, target| {
            let Some(t) = target.target else { return };
            let i = t.index as usize;
            match (owner.kind, t.kind) {
                (EntityKind::UseCase, EntityKind::Process) => r.use_cases_of_process[i].push(owner),
                (EntityKind::Metric, EntityKind::Activity) => r.metrics_of_activity[i].push(owner),
                (EntityKind::UseCase, EntityKind::Capability) => {
                    r.use_cases_of_capability[i].push(owner);
                }
                (EntityKind::Capability, EntityKind::Element) => {
                    r.capabilities_using_element[i].push(owner);
                }
                (EntityKind::Record, EntityKind::Element) => r.records_using_element[i].push(owner),
                (EntityKind::Capability | EntityKind::Element, EntityKind::Reference) => {
                    r.cited_by[i].push(owner);
                }
                // The other references are not listed in reverse.
                _ => {}
            }
        });
        for (p, req) in r.requirements.iter().enumerate() {
            let profile = EntityRef {
                kind: EntityKind::Profile,
                index: p as u32,
            };
            for &c in &req.capabilities {
                r.profiles_of_capability[c as usize].push(profile);
            }
        }
        r
    }
}

/// What exporting a model needs before its first entity: the IDs, the
/// reverse relations, and whether every ID is declared once.
fn begin(model: &Model) -> (Ids, Reverse, bool) {
    // Every ID declared once (the symbol table keeps one entity per ID).
    let unique = model.symbols.len() == model.total();
    let (ids, reverse) = rayon::join(|| Ids::new(model), || Reverse::new(model));
    (ids, reverse, unique)
}

fn workspace(model: &Model) -> WorkspaceDoc {
    WorkspaceDoc {
        name: model.workspace.name.clone(),
        version: model.workspace.version.clone(),
    }
}

/// The kind whose list in `model.json` is `key`.
fn kind_of(key: &str) -> EntityKind {
    EntityKind::ALL
        .into_iter()
        .find(|k| k.info().json_key == key)
        .expect("every list of the document is a kind's")
}

/// Export a model. With `locations`, every entity carries its location.
pub fn export(model: &Model, locations: Option<&Locations>) -> ModelDoc {
    let (ids, reverse, unique) = begin(model);
    let x = Exporter {
        children: &model.children,
        ids,
        reverse,
        locations,
    };
    macro_rules! build {
        ($($field:ident),*) => {
            ModelDoc {
                format: FORMAT,
                workspace: workspace(model),
                $($field: {
                    let at = x.order(kind_of(stringify!($field)), unique);
                    at.par_iter()
                        .map(|&i| x.$field(&model.$field[i as usize], i))
                        .collect()
                },)*
            }
        };
    }
    crate::model::entity_lists!(build)
}

/// [`export`], consuming the model: each entity is freed once its document
/// is made, so the model and its export are not held whole at once (at
/// 100 times the bundled standards `fibf docs` peaked there). The same
/// document as [`export`] makes.
pub fn into_export(mut model: Model, locations: Option<&Locations>) -> ModelDoc {
    let (ids, reverse, unique) = begin(&model);
    // Nothing below looks an ID up by name.
    drop(std::mem::take(&mut model.symbols));
    let children = std::mem::take(&mut model.children);
    let x = Exporter {
        children: &children,
        ids,
        reverse,
        locations,
    };
    macro_rules! build {
        ($($field:ident),*) => {
            ModelDoc {
                format: FORMAT,
                workspace: workspace(&model),
                $($field: {
                    let at = x.order(kind_of(stringify!($field)), unique);
                    let items = std::mem::take(&mut model.$field).into_par_iter_in(&at);
                    at.par_iter().zip(items).map(|(&i, e)| x.$field(&e, i)).collect()
                },)*
            }
        };
    }
    crate::model::entity_lists!(build)
}

/// The bytes [`ModelDoc::write_pretty`] writes of the export of `model`,
/// with no more than two batches of entity documents made at a time: each
/// batch is made, written and dropped. The documents borrow their text
/// from the model (`&str`), so a batch costs its lists, not a copy of its
/// text. At 100 times the bundled standards the whole export is about 300
/// MB, which `fibf compile` held beside the model for no other use than
/// writing it.
pub fn write_export(
    model: &Model,
    locations: Option<&Locations>,
    w: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let (ids, reverse, unique) = begin(model);
    let x = Exporter {
        children: &model.children,
        ids,
        reverse,
        locations,
    };
    head(w, &workspace(model))?;
    macro_rules! stream {
        ($($field:ident),*) => {$(
            let name = stringify!($field);
            let at = x.order(kind_of(name), unique);
            key(w, name)?;
            crate::pretty::array_from(w, at.len(), 1, |range| {
                at[range]
                    .par_iter()
                    .map(|&i| x.$field::<&str>(&model.$field[i as usize], i))
                    .collect::<Vec<_>>()
            })?;
        )*};
    }
    crate::model::entity_lists!(stream);
    w.write_all(b"\n}")
}

/// One function per kind, named as its list in [`ModelDoc`]: the document
/// of the entity `e`, whose arena index is `i`, with its text owned or
/// borrowed (`S`).
impl Exporter<'_> {
    fn areas<'a, S: DocStr<'a>>(&'a self, a: &'a Area, i: u32) -> AreaDoc<S> {
        AreaDoc {
            common: self.common(&a.meta, EntityKind::Area, i),
            lead: text(a.lead.as_ref()),
            version: text(a.version.as_ref()),
            functions: self.ids_of(
                EntityKind::Function,
                &self.children.area_functions[i as usize],
            ),
        }
    }

    fn processes<'a, S: DocStr<'a>>(&'a self, p: &'a Process, i: u32) -> ProcessDoc<S> {
        ProcessDoc {
            common: self.common(&p.meta, EntityKind::Process, i),
            use_cases: self.pointing_at(&self.reverse.use_cases_of_process, i),
        }
    }

    fn functions<'a, S: DocStr<'a>>(&'a self, f: &'a Function, i: u32) -> FunctionDoc<S> {
        FunctionDoc {
            common: self.common(&f.meta, EntityKind::Function, i),
            area: S::of(&f.area.id),
            activities: self.ids_of(
                EntityKind::Activity,
                &self.children.function_activities[i as usize],
            ),
        }
    }

    fn activities<'a, S: DocStr<'a>>(&'a self, a: &'a Activity, i: u32) -> ActivityDoc<S> {
        ActivityDoc {
            common: self.common(&a.meta, EntityKind::Activity, i),
            function: S::of(&a.function.id),
            legacy: texts(&a.legacy),
            measures: texts(&a.measures),
            capabilities: self.ids_of(
                EntityKind::Capability,
                &self.children.activity_capabilities[i as usize],
            ),
            metrics: self.pointing_at(&self.reverse.metrics_of_activity, i),
        }
    }

    fn capabilities<'a, S: DocStr<'a>>(&'a self, c: &'a Capability, i: u32) -> CapabilityDoc<S> {
        let r = &self.reverse;
        CapabilityDoc {
            common: self.common(&c.meta, EntityKind::Capability, i),
            kind: c.kind.as_ref().map(|k| S::of(k.value.as_str())),
            activity: S::of(&c.activity.id),
            statement: S::of(&c.statement.value),
            references: ids(&c.references),
            other_sources: texts(&c.sources),
            inputs: ids(&c.inputs),
            outputs: ids(&c.outputs),
            use_cases: self.pointing_at(&r.use_cases_of_capability, i),
            profiles: self.pointing_at(&r.profiles_of_capability, i),
        }
    }

    fn use_cases<'a, S: DocStr<'a>>(&'a self, u: &'a UseCase, i: u32) -> UseCaseDoc<S> {
        let flows = |f: &'a [Flow]| {
            f.iter()
                .map(|f| match f {
                    Flow::Element(r) => FlowDoc::Element(S::of(&r.id)),
                    Flow::Text(t) => FlowDoc::Text(S::of(&t.value)),
                })
                .collect()
        };
        UseCaseDoc {
            common: self.common(&u.meta, EntityKind::UseCase, i),
            process: u.process.as_ref().map(|p| S::of(&p.id)),
            actors: texts(&u.actors),
            trigger: text(u.trigger.as_ref()),
            preconditions: texts(&u.preconditions),
            events: u
                .events
                .iter()
                .map(|e| EventDoc {
                    number: e.number.value,
                    description: S::of(&e.description.value),
                    activity: e.activity.as_ref().map(|a| S::of(&a.id)),
                    capabilities: ids(&e.capabilities),
                    inputs: flows(&e.inputs),
                    outputs: flows(&e.outputs),
                    intersects: ids(&e.intersects),
                })
                .collect(),
            outcome: text(u.outcome.as_ref()),
        }
    }

    fn metrics<'a, S: DocStr<'a>>(&'a self, m: &'a Metric, i: u32) -> MetricDoc<S> {
        MetricDoc {
            common: self.common(&m.meta, EntityKind::Metric, i),
            activity: m.activity.as_ref().map(|a| S::of(&a.id)),
            dimension: m.dimension.as_ref().map(|d| S::of(d.value.as_str())),
            unit: text(m.unit.as_ref()),
            target: m.target.as_ref().map(target),
            computation: text(m.computation.as_ref()),
        }
    }

    fn elements<'a, S: DocStr<'a>>(&'a self, e: &'a Element, i: u32) -> ElementDoc<S> {
        let r = &self.reverse;
        ElementDoc {
            common: self.common(&e.meta, EntityKind::Element, i),
            definition: S::of(&e.definition.value),
            data_type: e.data_type.as_ref().map(|t| type_doc(&t.kind)),
            example: text(e.example.as_ref()),
            activities: ids(&e.activities),
            capabilities: ids(&e.capabilities),
            references: ids(&e.references),
            used_by_capabilities: self.pointing_at(&r.capabilities_using_element, i),
            used_by_records: self.pointing_at(&r.records_using_element, i),
        }
    }

    fn records<'a, S: DocStr<'a>>(&'a self, r: &'a Record, i: u32) -> RecordDoc<S> {
        RecordDoc {
            common: self.common(&r.meta, EntityKind::Record, i),
            fields: r.fields.iter().map(field_doc).collect(),
        }
    }

    fn references<'a, S: DocStr<'a>>(&'a self, r: &'a Reference, i: u32) -> ReferenceDoc<S> {
        ReferenceDoc {
            common: self.common(&r.meta, EntityKind::Reference, i),
            citation: text(r.citation.as_ref()),
            url: text(r.url.as_ref()),
            cited_by: self.pointing_at(&self.reverse.cited_by, i),
        }
    }

    fn profiles<'a, S: DocStr<'a>>(&'a self, p: &'a Profile, i: u32) -> ProfileDoc<S> {
        let req = &self.reverse.requirements[i as usize];
        let refs = |kind, set: &'a std::collections::BTreeSet<u32>| {
            self.sorted(set.iter().map(move |&index| EntityRef { kind, index }))
        };
        // Stable: a metric's thresholds keep their order.
        let mut thresholds: Vec<(&str, &model::Target)> = req
            .thresholds
            .iter()
            .map(|(m, t)| (self.ids.get(EntityKind::Metric, *m), t))
            .collect();
        thresholds.sort_by(|a, b| a.0.cmp(b.0));
        ProfileDoc {
            common: self.common(&p.meta, EntityKind::Profile, i),
            extends: ids(&p.extends),
            requires: ids(&p.requires),
            selects: p
                .selects
                .iter()
                .map(|s| SelectionDoc {
                    scope: S::of(&s.scope.id),
                    kind: s.kind.as_ref().map(|k| S::of(k.value.as_str())),
                })
                .collect(),
            excludes: ids(&p.excludes),
            elements: ids(&p.elements),
            thresholds: p
                .thresholds
                .iter()
                .map(|t| ThresholdDoc {
                    metric: S::of(&t.metric.id),
                    target: target(&t.target),
                })
                .collect(),
            resolved: ResolvedDoc {
                capabilities: refs(EntityKind::Capability, &req.capabilities),
                elements: refs(EntityKind::Element, &req.elements),
                thresholds: thresholds
                    .into_iter()
                    .map(|(metric, t)| ThresholdDoc {
                        metric: S::of(metric),
                        target: target(t),
                    })
                    .collect(),
            },
        }
    }
}

/// A record's field as exported: its target, kind and cardinality.
fn field_doc<'a, S: DocStr<'a>>(f: &'a model::Field) -> FieldDoc<S> {
    let card = f.cardinality.as_ref().map(|c| c.value);
    FieldDoc {
        target_kind: S::of(match f.target.target.map(|t| t.kind) {
            Some(EntityKind::Record) => "record",
            _ => "element",
        }),
        target: S::of(&f.target.id),
        required: f.required,
        min: card.map_or(u32::from(f.required), |c| c.min),
        max: card.map_or(Some(1), |c| c.max),
        many: card.is_some_and(model::Cardinality::is_many),
    }
}

fn type_doc<'a, S: DocStr<'a>>(kind: &'a TypeKind) -> TypeDoc<S> {
    let n = |n: &'a Option<model::Spanned<model::Number>>| n.as_ref().map(|n| S::of(&n.value.text));
    let u = |n: &Option<model::Spanned<u64>>| n.as_ref().map(|n| n.value);
    match kind {
        TypeKind::String {
            min_length,
            max_length,
            pattern,
            format,
        } => TypeDoc::String {
            min_length: u(min_length),
            max_length: u(max_length),
            pattern: text(pattern.as_ref()),
            format: format.as_ref().map(|f| S::of(f.value.as_str())),
        },
        TypeKind::Integer { min, max } => TypeDoc::Integer {
            min: n(min),
            max: n(max),
        },
        TypeKind::Decimal {
            precision,
            scale,
            min,
            max,
        } => TypeDoc::Decimal {
            precision: u(precision),
            scale: u(scale),
            min: n(min),
            max: n(max),
        },
        TypeKind::Date => TypeDoc::Date,
        TypeKind::DateTime => TypeDoc::Datetime,
        TypeKind::Boolean => TypeDoc::Boolean,
        TypeKind::Code { values } => TypeDoc::Code {
            values: values
                .iter()
                .map(|v| CodeValueDoc {
                    code: S::of(&v.code.value),
                    meaning: text(v.meaning.as_ref()),
                })
                .collect(),
        },
    }
}
