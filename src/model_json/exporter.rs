//! Making the export ([`ModelDoc`]) of a model: the reverse relations, the
//! order of each kind's list, locations, and one function per kind that
//! turns entities into their documents.
//!
//! Every kind's function takes the entities themselves, in the order of the
//! export: [`export`] and [`write_export`] hand it clones of the model's;
//! [`into_export`] hands it the model's own, so that their strings move
//! into the documents and each entity is freed once its document is made.
//! At 100 times the bundled standards that is the difference between
//! holding the model and its copy at once (`fibf docs` peaked there) and
//! holding about one of them.

use std::sync::Arc;

use rayon::prelude::*;

use super::{
    ActivityDoc, AreaDoc, CapabilityDoc, CodeValueDoc, Common, DefectDoc, ElementDoc, EventDoc,
    FORMAT, FieldDoc, FlowDoc, FunctionDoc, Location, MetricDoc, ModelDoc, ProcessDoc, ProfileDoc,
    ProvenanceDoc, RecordDoc, ReferenceDoc, ResolvedDoc, SelectionDoc, TargetDoc, ThresholdDoc,
    TypeDoc, UseCaseDoc, WorkspaceDoc, head, key,
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
    locations: Option<&'a Locations>,
}

fn ids(refs: Vec<Ref>) -> Vec<String> {
    refs.into_iter().map(|r| r.id).collect()
}

fn text(t: Option<model::Text>) -> Option<String> {
    t.map(|t| t.value)
}

fn texts(t: Vec<model::Text>) -> Vec<String> {
    t.into_iter().map(|t| t.value).collect()
}

fn target(t: model::Target) -> TargetDoc {
    TargetDoc {
        comparator: t.comparator.value.as_str().to_owned(),
        value: t.value.value.value,
        literal: t.value.value.text,
        unit: text(t.unit),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

impl Exporter<'_> {
    fn common(&self, meta: Meta, kind: EntityKind, index: u32) -> Common {
        Common {
            id: meta.id.value,
            name: text(meta.name),
            description: text(meta.description),
            status: meta.status.map(|s| s.value.as_str().to_owned()),
            provenance: meta
                .sources
                .into_iter()
                .map(|p| ProvenanceDoc {
                    file: p.file,
                    sheet: p.sheet,
                    row: p.row,
                    column: p.column,
                    pointer: p.pointer,
                })
                .collect(),
            defects: meta
                .defects
                .into_iter()
                .map(|d| DefectDoc {
                    code: d.code.map(|c| c.as_str().to_owned()),
                    reason: d.reason,
                })
                .collect(),
            location: self.locations.map(|l| l.get(kind, index)),
        }
    }

    fn ids_of(&self, kind: EntityKind, indices: &[u32]) -> Vec<String> {
        sorted(
            indices
                .iter()
                .map(|&index| self.ids.get(kind, index).to_owned())
                .collect(),
        )
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
    fn order(&self, kind: EntityKind, unique: bool) -> Vec<u32> {
        let n = self.ids.kinds[kind as usize].1.len() as u32;
        let mut at: Vec<u32> = (0..n).collect();
        let id = |&index: &u32| self.ids.get(kind, index);
        if unique {
            at.par_sort_unstable_by(|a, b| id(a).cmp(id(b)));
        } else {
            at.sort_by(|a, b| id(a).cmp(id(b)));
        }
        at
    }
}

/// Reverse relations of a model, gathered in one pass over its references:
/// for each entity, the IDs of the entities that point at it.
struct Reverse {
    use_cases_of_process: Vec<Vec<String>>,
    metrics_of_activity: Vec<Vec<String>>,
    use_cases_of_capability: Vec<Vec<String>>,
    capabilities_using_element: Vec<Vec<String>>,
    records_using_element: Vec<Vec<String>>,
    cited_by: Vec<Vec<String>>,
    /// Each profile's requirements, inheritance resolved.
    requirements: Vec<model::Requirements>,
    profiles_of_capability: Vec<Vec<String>>,
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
            let owner_id = || model.meta(owner).id().to_owned();
            match (owner.kind, t.kind) {
                (EntityKind::UseCase, EntityKind::Process) => {
                    r.use_cases_of_process[i].push(owner_id());
                }
                (EntityKind::Metric, EntityKind::Activity) => {
                    r.metrics_of_activity[i].push(owner_id());
                }
                (EntityKind::UseCase, EntityKind::Capability) => {
                    r.use_cases_of_capability[i].push(owner_id());
                }
                (EntityKind::Capability, EntityKind::Element) => {
                    r.capabilities_using_element[i].push(owner_id());
                }
                (EntityKind::Record, EntityKind::Element) => {
                    r.records_using_element[i].push(owner_id());
                }
                (EntityKind::Capability | EntityKind::Element, EntityKind::Reference) => {
                    r.cited_by[i].push(owner_id());
                }
                // The other references are not listed in reverse.
                _ => {}
            }
        });
        for (p, req) in r.requirements.iter().enumerate() {
            for &c in &req.capabilities {
                r.profiles_of_capability[c as usize].push(model.profiles[p].meta.id().to_owned());
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
    (Ids::new(model), Reverse::new(model), unique)
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
    let (ids, mut r, unique) = begin(model);
    let x = Exporter {
        children: &model.children,
        ids,
        locations,
    };
    macro_rules! build {
        ($($field:ident),*) => {
            ModelDoc {
                format: FORMAT,
                workspace: workspace(model),
                $($field: {
                    let at = x.order(kind_of(stringify!($field)), unique);
                    let items = at.par_iter().map(|&i| model.$field[i as usize].clone());
                    x.$field(&mut r, &at, items)
                },)*
            }
        };
    }
    crate::model::entity_lists!(build)
}

/// [`export`], consuming the model: each entity's text moves into its
/// document rather than being copied, and the entity is freed once its
/// document is made, so the model and its export are not held whole at
/// once. The same document as [`export`] makes.
pub fn into_export(mut model: Model, locations: Option<&Locations>) -> ModelDoc {
    let (ids, mut r, unique) = begin(&model);
    // Nothing below looks an ID up by name.
    drop(std::mem::take(&mut model.symbols));
    let children = std::mem::take(&mut model.children);
    let x = Exporter {
        children: &children,
        ids,
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
                    x.$field(&mut r, &at, items)
                },)*
            }
        };
    }
    crate::model::entity_lists!(build)
}

/// The bytes [`ModelDoc::write_pretty`] writes of the export of `model`,
/// with no more than two batches of entity documents made at a time: each
/// batch is made, written and dropped. At 100 times the bundled standards
/// the whole export is about 300 MB, which `fibf compile` held beside the
/// model for no other use than writing it.
pub fn write_export(
    model: &Model,
    locations: Option<&Locations>,
    w: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let (ids, mut r, unique) = begin(model);
    let x = Exporter {
        children: &model.children,
        ids,
        locations,
    };
    head(w, &workspace(model))?;
    macro_rules! stream {
        ($($field:ident),*) => {$(
            let name = stringify!($field);
            let at = x.order(kind_of(name), unique);
            key(w, name)?;
            crate::pretty::array_from(w, at.len(), 1, |range| {
                let at = &at[range];
                let items = at.par_iter().map(|&i| model.$field[i as usize].clone());
                x.$field(&mut r, at, items)
            })?;
        )*};
    }
    crate::model::entity_lists!(stream);
    w.write_all(b"\n}")
}

/// One function per kind, named as its list in [`ModelDoc`]: the documents
/// of `items`, the entities `at` in that order. Each takes the reverse
/// relations, used or not, so that one macro calls them all.
impl Exporter<'_> {
    fn areas(
        &self,
        _: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Area>,
    ) -> Vec<AreaDoc> {
        at.par_iter()
            .zip(items)
            .map(|(&i, a)| AreaDoc {
                common: self.common(a.meta, EntityKind::Area, i),
                lead: text(a.lead),
                version: text(a.version),
                functions: self.ids_of(
                    EntityKind::Function,
                    &self.children.area_functions[i as usize],
                ),
            })
            .collect()
    }

    fn processes(
        &self,
        r: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Process>,
    ) -> Vec<ProcessDoc> {
        at.par_iter()
            .zip(items)
            .zip(take(&mut r.use_cases_of_process, at))
            .map(|((&i, p), use_cases)| ProcessDoc {
                common: self.common(p.meta, EntityKind::Process, i),
                use_cases: sorted(use_cases),
            })
            .collect()
    }

    fn functions(
        &self,
        _: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Function>,
    ) -> Vec<FunctionDoc> {
        at.par_iter()
            .zip(items)
            .map(|(&i, f)| FunctionDoc {
                common: self.common(f.meta, EntityKind::Function, i),
                area: f.area.id,
                activities: self.ids_of(
                    EntityKind::Activity,
                    &self.children.function_activities[i as usize],
                ),
            })
            .collect()
    }

    fn activities(
        &self,
        r: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Activity>,
    ) -> Vec<ActivityDoc> {
        at.par_iter()
            .zip(items)
            .zip(take(&mut r.metrics_of_activity, at))
            .map(|((&i, a), metrics)| ActivityDoc {
                common: self.common(a.meta, EntityKind::Activity, i),
                function: a.function.id,
                legacy: texts(a.legacy),
                measures: texts(a.measures),
                capabilities: self.ids_of(
                    EntityKind::Capability,
                    &self.children.activity_capabilities[i as usize],
                ),
                metrics: sorted(metrics),
            })
            .collect()
    }

    fn capabilities(
        &self,
        r: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Capability>,
    ) -> Vec<CapabilityDoc> {
        at.par_iter()
            .zip(items)
            .zip(take(&mut r.use_cases_of_capability, at))
            .zip(take(&mut r.profiles_of_capability, at))
            .map(|(((&i, c), use_cases), profiles)| CapabilityDoc {
                common: self.common(c.meta, EntityKind::Capability, i),
                kind: c.kind.map(|k| k.value.as_str().to_owned()),
                activity: c.activity.id,
                statement: c.statement.value,
                references: ids(c.references),
                other_sources: texts(c.sources),
                inputs: ids(c.inputs),
                outputs: ids(c.outputs),
                use_cases: sorted(use_cases),
                profiles: sorted(profiles),
            })
            .collect()
    }

    fn use_cases(
        &self,
        _: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = UseCase>,
    ) -> Vec<UseCaseDoc> {
        let flows = |f: Vec<Flow>| {
            f.into_iter()
                .map(|f| match f {
                    Flow::Element(r) => FlowDoc::Element(r.id),
                    Flow::Text(t) => FlowDoc::Text(t.value),
                })
                .collect()
        };
        at.par_iter()
            .zip(items)
            .map(|(&i, u)| UseCaseDoc {
                common: self.common(u.meta, EntityKind::UseCase, i),
                process: u.process.map(|p| p.id),
                actors: texts(u.actors),
                trigger: text(u.trigger),
                preconditions: texts(u.preconditions),
                events: u
                    .events
                    .into_iter()
                    .map(|e| EventDoc {
                        number: e.number.value,
                        description: e.description.value,
                        activity: e.activity.map(|a| a.id),
                        capabilities: ids(e.capabilities),
                        inputs: flows(e.inputs),
                        outputs: flows(e.outputs),
                        intersects: ids(e.intersects),
                    })
                    .collect(),
                outcome: text(u.outcome),
            })
            .collect()
    }

    fn metrics(
        &self,
        _: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Metric>,
    ) -> Vec<MetricDoc> {
        at.par_iter()
            .zip(items)
            .map(|(&i, m)| MetricDoc {
                common: self.common(m.meta, EntityKind::Metric, i),
                activity: m.activity.map(|a| a.id),
                dimension: m.dimension.map(|d| d.value.as_str().to_owned()),
                unit: text(m.unit),
                target: m.target.map(target),
                computation: text(m.computation),
            })
            .collect()
    }

    fn elements(
        &self,
        r: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Element>,
    ) -> Vec<ElementDoc> {
        at.par_iter()
            .zip(items)
            .zip(take(&mut r.capabilities_using_element, at))
            .zip(take(&mut r.records_using_element, at))
            .map(|(((&i, e), capabilities), records)| ElementDoc {
                common: self.common(e.meta, EntityKind::Element, i),
                definition: e.definition.value,
                data_type: e.data_type.map(|t| type_doc(t.kind)),
                example: text(e.example),
                activities: ids(e.activities),
                capabilities: ids(e.capabilities),
                references: ids(e.references),
                used_by_capabilities: sorted(capabilities),
                used_by_records: sorted(records),
            })
            .collect()
    }

    fn records(
        &self,
        _: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Record>,
    ) -> Vec<RecordDoc> {
        at.par_iter()
            .zip(items)
            .map(|(&i, r)| RecordDoc {
                common: self.common(r.meta, EntityKind::Record, i),
                fields: r.fields.into_iter().map(field_doc).collect(),
            })
            .collect()
    }

    fn references(
        &self,
        r: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Reference>,
    ) -> Vec<ReferenceDoc> {
        at.par_iter()
            .zip(items)
            .zip(take(&mut r.cited_by, at))
            .map(|((&i, r), cited_by)| ReferenceDoc {
                common: self.common(r.meta, EntityKind::Reference, i),
                citation: text(r.citation),
                url: text(r.url),
                cited_by: sorted(cited_by),
            })
            .collect()
    }

    fn profiles(
        &self,
        r: &mut Reverse,
        at: &[u32],
        items: impl IndexedParallelIterator<Item = Profile>,
    ) -> Vec<ProfileDoc> {
        let threshold = |(m, t): &(u32, model::Target)| ThresholdDoc {
            metric: self.ids.get(EntityKind::Metric, *m).to_owned(),
            target: target(t.clone()),
        };
        let requirements = &r.requirements;
        at.par_iter()
            .zip(items)
            .map(|(&i, p)| {
                let req = &requirements[i as usize];
                ProfileDoc {
                    common: self.common(p.meta, EntityKind::Profile, i),
                    extends: ids(p.extends),
                    requires: ids(p.requires),
                    selects: p
                        .selects
                        .into_iter()
                        .map(|s| SelectionDoc {
                            scope: s.scope.id,
                            kind: s.kind.map(|k| k.value.as_str().to_owned()),
                        })
                        .collect(),
                    excludes: ids(p.excludes),
                    elements: ids(p.elements),
                    thresholds: p
                        .thresholds
                        .into_iter()
                        .map(|t| ThresholdDoc {
                            metric: t.metric.id,
                            target: target(t.target),
                        })
                        .collect(),
                    resolved: ResolvedDoc {
                        capabilities: self.ids_of(
                            EntityKind::Capability,
                            &req.capabilities.iter().copied().collect::<Vec<_>>(),
                        ),
                        elements: self.ids_of(
                            EntityKind::Element,
                            &req.elements.iter().copied().collect::<Vec<_>>(),
                        ),
                        thresholds: {
                            // Stable: a metric's thresholds keep their order.
                            let mut t: Vec<ThresholdDoc> =
                                req.thresholds.iter().map(threshold).collect();
                            t.sort_by(|a, b| a.metric.cmp(&b.metric));
                            t
                        },
                    },
                }
            })
            .collect()
    }
}

/// The reverse relations of the entities `at`, taken out of the lists of
/// every entity of their kind.
fn take(lists: &mut [Vec<String>], at: &[u32]) -> Vec<Vec<String>> {
    at.iter()
        .map(|&i| std::mem::take(&mut lists[i as usize]))
        .collect()
}

/// A record's field as exported: its target, kind and cardinality.
fn field_doc(f: model::Field) -> FieldDoc {
    let card = f.cardinality.map(|c| c.value);
    FieldDoc {
        target_kind: match f.target.target.map(|t| t.kind) {
            Some(EntityKind::Record) => "record",
            _ => "element",
        }
        .to_owned(),
        target: f.target.id,
        required: f.required,
        min: card.map_or(u32::from(f.required), |c| c.min),
        max: card.map_or(Some(1), |c| c.max),
        many: card.is_some_and(model::Cardinality::is_many),
    }
}

fn type_doc(kind: TypeKind) -> TypeDoc {
    let n = |n: Option<model::Spanned<model::Number>>| n.map(|n| n.value.text);
    let u = |n: Option<model::Spanned<u64>>| n.map(|n| n.value);
    match kind {
        TypeKind::String {
            min_length,
            max_length,
            pattern,
            format,
        } => TypeDoc::String {
            min_length: u(min_length),
            max_length: u(max_length),
            pattern: text(pattern),
            format: format.map(|f| f.value.as_str().to_owned()),
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
                .into_iter()
                .map(|v| CodeValueDoc {
                    code: v.code.value,
                    meaning: text(v.meaning),
                })
                .collect(),
        },
    }
}
