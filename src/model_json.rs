//! The machine-readable model: every entity with its relations, provenance
//! and location, as serializable types.
//!
//! These types are the stable public form of a standard (`model.json`); their
//! JSON Schema (`model.schema.json`) is derived from them with schemars, so
//! the two cannot drift. Entities are sorted by ID within each kind; forward
//! references keep their written order; reverse relations are sorted. The
//! same form, without locations, is what `fibf fmt` and `fibf diff` compare.

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{self, EntityKind, EntityRef, Flow, Model, Ref, TypeKind};
use crate::source::{FileId, SourceMap, Span};

/// Version of the document format; bumped on incompatible changes.
pub const FORMAT: u32 = 1;

/// A whole resolved standard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ModelDoc {
    /// Version of this document format.
    pub format: u32,
    /// The workspace's name and version.
    pub workspace: WorkspaceDoc,
    /// Service areas.
    pub areas: Vec<AreaDoc>,
    /// End-to-end processes.
    pub processes: Vec<ProcessDoc>,
    /// Functions of the areas.
    pub functions: Vec<FunctionDoc>,
    /// Activities of the functions.
    pub activities: Vec<ActivityDoc>,
    /// Business capabilities.
    pub capabilities: Vec<CapabilityDoc>,
    /// Business use cases.
    pub use_cases: Vec<UseCaseDoc>,
    /// Performance metrics.
    pub metrics: Vec<MetricDoc>,
    /// Standard data elements.
    pub elements: Vec<ElementDoc>,
    /// Data records.
    pub records: Vec<RecordDoc>,
    /// Authoritative references.
    pub references: Vec<ReferenceDoc>,
    /// Profiles of what offerings must provide.
    pub profiles: Vec<ProfileDoc>,
}

impl ModelDoc {
    /// The document as `serde_json::to_writer_pretty` writes it, with each
    /// kind's entities serialized in parallel a batch at a time: at 100
    /// times the bundled standards `model.json` is a quarter of a
    /// gigabyte, which one thread took a fifth of `fibf compile` to write.
    pub fn write_pretty(&self, w: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        use crate::pretty::{array, value};
        w.write_all(b"{\n  \"format\": ")?;
        value(&mut *w, &self.format, 1)?;
        w.write_all(b",\n  \"workspace\": ")?;
        value(&mut *w, &self.workspace, 1)?;
        // In the order of the fields above, as serde writes them.
        macro_rules! arrays {
            ($($field:ident),*) => {$(
                w.write_all(concat!(",\n  \"", stringify!($field), "\": ").as_bytes())?;
                array(w, &self.$field, 1)?;
            )*};
        }
        crate::model::entity_lists!(arrays);
        w.write_all(b"\n}")
    }
}

/// `$body` with `$items` bound to the list of `$kind`'s entities in `$doc`:
/// one arm per kind, so that code over every kind's list is written once
/// and a new kind cannot be forgotten.
macro_rules! with_kind {
    ($doc:expr, $kind:expr, |$items:ident| $body:expr) => {
        match $kind {
            EntityKind::Area => {
                let $items = &$doc.areas;
                $body
            }
            EntityKind::Process => {
                let $items = &$doc.processes;
                $body
            }
            EntityKind::Function => {
                let $items = &$doc.functions;
                $body
            }
            EntityKind::Activity => {
                let $items = &$doc.activities;
                $body
            }
            EntityKind::Capability => {
                let $items = &$doc.capabilities;
                $body
            }
            EntityKind::UseCase => {
                let $items = &$doc.use_cases;
                $body
            }
            EntityKind::Metric => {
                let $items = &$doc.metrics;
                $body
            }
            EntityKind::Element => {
                let $items = &$doc.elements;
                $body
            }
            EntityKind::Record => {
                let $items = &$doc.records;
                $body
            }
            EntityKind::Reference => {
                let $items = &$doc.references;
                $body
            }
            EntityKind::Profile => {
                let $items = &$doc.profiles;
                $body
            }
        }
    };
}

impl ModelDoc {
    /// How many entities of a kind the document has.
    pub fn count(&self, kind: EntityKind) -> usize {
        with_kind!(self, kind, |items| items.len())
    }

    /// The fields every entity has, for each entity of a kind, in order.
    pub fn commons(&self, kind: EntityKind) -> Vec<&Common> {
        with_kind!(self, kind, |items| items
            .iter()
            .map(|x| &x.common)
            .collect())
    }

    /// Each entity of a kind as the JSON object `model.json` has for it.
    pub fn objects(&self, kind: EntityKind) -> Vec<serde_json::Map<String, serde_json::Value>> {
        with_kind!(self, kind, |items| items
            .iter()
            .filter_map(|x| match serde_json::to_value(x) {
                Ok(serde_json::Value::Object(o)) => Some(o),
                _ => None,
            })
            .collect())
    }
}

/// The workspace's `fibf.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkspaceDoc {
    /// The standard's name.
    pub name: Option<String>,
    /// The standard's version.
    pub version: Option<String>,
}

/// Where an entity is declared in the standards sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    // Shared by the entities of a file: a name per entity was a third of
    // a million allocations at 100x the bundled standards.
    /// The file, relative to the workspace.
    pub file: std::sync::Arc<str>,
    /// 1-based.
    pub line: u32,
    /// 1-based, in Unicode scalar values.
    pub column: u32,
}

/// Where an entity was published outside the DSL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProvenanceDoc {
    /// The published file.
    pub file: String,
    /// Its sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<String>,
    /// The row, 1-based as in a spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<u32>,
    /// The column's header.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
    /// A JSON pointer into an API export.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pointer: Option<String>,
}

/// `@defect([CODE,] "reason")` on an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DefectDoc {
    /// The diagnostic code the defect would raise, if it names one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub code: Option<String>,
    /// What is wrong in the published source.
    pub reason: String,
}

/// Fields every entity has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Common {
    /// The ID.
    pub id: String,
    /// Name, title or label.
    pub name: Option<String>,
    /// A longer description.
    pub description: Option<String>,
    /// `draft`, `final` or `deprecated`.
    pub status: Option<String>,
    /// Where the entity was published.
    pub provenance: Vec<ProvenanceDoc>,
    /// Known defects of the published source kept as published (`@defect`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub defects: Vec<DefectDoc>,
    /// Absent when the model was exported without locations.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

/// A service area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AreaDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// The agency or office that leads the area.
    pub lead: Option<String>,
    /// The version of the area's published standard.
    pub version: Option<String>,
    /// Functions of the area (derived).
    pub functions: Vec<String>,
}

/// An end-to-end process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProcessDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// Use cases of the process (derived).
    pub use_cases: Vec<String>,
}

/// A function of a service area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FunctionDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// The area it belongs to.
    pub area: String,
    /// Activities of the function (derived).
    pub activities: Vec<String>,
}

/// An activity of a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ActivityDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// The function it belongs to.
    pub function: String,
    /// Codes of earlier numberings.
    pub legacy: Vec<String>,
    /// How the activity's delivery is measured, as published.
    pub measures: Vec<String>,
    /// Capabilities of the activity (derived).
    pub capabilities: Vec<String>,
    /// Metrics measuring the activity (derived).
    pub metrics: Vec<String>,
}

/// A business capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CapabilityDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// `input`, `process` or `output`.
    pub kind: Option<String>,
    /// The activity it belongs to.
    pub activity: String,
    /// The outcome statement.
    pub statement: String,
    /// Authoritative references it cites.
    pub references: Vec<String>,
    /// Other sources, as free text.
    pub other_sources: Vec<String>,
    /// Data elements it takes in.
    pub inputs: Vec<String>,
    /// Data elements it puts out.
    pub outputs: Vec<String>,
    /// Use cases with an event exercising it (derived).
    pub use_cases: Vec<String>,
    /// Profiles that require it, inheritance included (derived).
    pub profiles: Vec<String>,
}

/// An event input or output: a data element or record, or free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlowDoc {
    /// A data element or record, by ID.
    Element(String),
    /// Free text.
    Text(String),
}

/// One step of a use case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventDoc {
    /// Its number, in the order events happen.
    pub number: u32,
    /// What happens.
    pub description: String,
    /// The activity it exercises.
    pub activity: Option<String>,
    /// The capabilities it exercises.
    pub capabilities: Vec<String>,
    /// What it takes in.
    pub inputs: Vec<FlowDoc>,
    /// What it puts out.
    pub outputs: Vec<FlowDoc>,
    /// Other service areas the event touches.
    pub intersects: Vec<String>,
}

/// A business use case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UseCaseDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// The end-to-end process it runs in.
    pub process: Option<String>,
    /// Who takes part.
    pub actors: Vec<String>,
    /// What starts it.
    pub trigger: Option<String>,
    /// What must hold before it starts.
    pub preconditions: Vec<String>,
    /// Its steps, in order.
    pub events: Vec<EventDoc>,
    /// What it achieves.
    pub outcome: Option<String>,
}

/// `<= 5.00 USD`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetDoc {
    /// `<=`, `<`, `>=`, `>` or `=`.
    pub comparator: String,
    /// The number's value.
    pub value: f64,
    /// The number as written, keeping its precision (`5.00`).
    pub literal: String,
    /// The unit, if written.
    pub unit: Option<String>,
}

/// A performance metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MetricDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// The activity it measures.
    pub activity: Option<String>,
    /// What it measures: `timeliness`, `efficiency`, `accuracy`, ...
    pub dimension: Option<String>,
    /// The unit of its values.
    pub unit: Option<String>,
    /// The standard's target.
    pub target: Option<TargetDoc>,
    /// How it is computed.
    pub computation: Option<String>,
}

/// A value of a code list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CodeValueDoc {
    /// The code as exchanged.
    pub code: String,
    /// What it means.
    pub meaning: Option<String>,
}

/// A data element's type and format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum TypeDoc {
    /// Text.
    String {
        /// The least number of characters.
        min_length: Option<u64>,
        /// The greatest number of characters.
        max_length: Option<u64>,
        /// A regular expression every value matches.
        pattern: Option<String>,
        /// `email`, `uri` or `uuid`.
        format: Option<String>,
    },
    /// A whole number.
    Integer {
        /// The least value, as written.
        min: Option<String>,
        /// The greatest value, as written.
        max: Option<String>,
    },
    /// A decimal number.
    Decimal {
        /// Total significant digits.
        precision: Option<u64>,
        /// Digits after the decimal point.
        scale: Option<u64>,
        /// The least value, as written.
        min: Option<String>,
        /// The greatest value, as written.
        max: Option<String>,
    },
    /// A calendar date.
    Date,
    /// A date and time.
    Datetime,
    /// `true` or `false`.
    Boolean,
    /// One of a list of codes.
    Code {
        /// The codes, in order.
        values: Vec<CodeValueDoc>,
    },
}

/// A standard data element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ElementDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// What the element means.
    pub definition: String,
    /// Its type and format, if the standard declares one.
    #[serde(rename = "type")]
    pub data_type: Option<TypeDoc>,
    /// An example value.
    pub example: Option<String>,
    /// Activities it is used in.
    pub activities: Vec<String>,
    /// Capabilities it is used by.
    pub capabilities: Vec<String>,
    /// Authoritative references that define it.
    pub references: Vec<String>,
    /// Capabilities taking it in or putting it out (derived).
    pub used_by_capabilities: Vec<String>,
    /// Records with a field of it (derived).
    pub used_by_records: Vec<String>,
}

/// A field of a data record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FieldDoc {
    /// The data element or record.
    pub target: String,
    /// `element` or `record`.
    pub target_kind: String,
    /// Whether an instance must have it.
    pub required: bool,
    /// The least number of values.
    pub min: u32,
    /// Absent when unbounded.
    pub max: Option<u32>,
    /// Whether the field holds a list.
    pub many: bool,
}

/// A data record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecordDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// Its fields, in order.
    pub fields: Vec<FieldDoc>,
}

/// An authoritative reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReferenceDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// The citation.
    pub citation: Option<String>,
    /// Where it is published.
    pub url: Option<String>,
    /// Capabilities and data elements citing it (derived).
    pub cited_by: Vec<String>,
}

/// `select SCOPE [kind KIND]` of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SelectionDoc {
    /// The area, function or activity whose capabilities are selected.
    pub scope: String,
    /// Only capabilities of this kind (`input`, `process`, `output`), if given.
    pub kind: Option<String>,
}

/// A metric threshold of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ThresholdDoc {
    /// The metric.
    pub metric: String,
    /// What an offering's value must meet.
    pub target: TargetDoc,
}

/// A profile: what a marketplace requires of an offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProfileDoc {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common,
    /// Profiles it builds on.
    pub extends: Vec<String>,
    /// Capabilities it requires by ID.
    pub requires: Vec<String>,
    /// Capabilities it requires by scope.
    pub selects: Vec<SelectionDoc>,
    /// Capabilities taken out of what it requires.
    pub excludes: Vec<String>,
    /// Data elements an offering must map.
    pub elements: Vec<String>,
    /// Metric thresholds an offering must meet.
    pub thresholds: Vec<ThresholdDoc>,
    /// Everything the profile requires, inheritance resolved (derived).
    pub resolved: ResolvedDoc,
}

/// What a profile requires, its whole lineage resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ResolvedDoc {
    /// Capabilities.
    pub capabilities: Vec<String>,
    /// Data elements.
    pub elements: Vec<String>,
    /// Metric thresholds (a child's replaces its parent's for the same metric).
    pub thresholds: Vec<ThresholdDoc>,
}

/// The JSON Schema of [`ModelDoc`].
pub fn model_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ModelDoc)).expect("schemas serialize")
}

struct Exporter<'a> {
    model: &'a Model,
    sources: Option<Sources<'a>>,
    /// Each source file's name in locations, by file ID: worked out once
    /// per file rather than once per entity.
    file_names: Vec<std::sync::Arc<str>>,
}

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

fn ids(refs: &[Ref]) -> Vec<String> {
    refs.iter().map(|r| r.id.clone()).collect()
}

fn text(t: Option<&model::Text>) -> Option<String> {
    t.map(|t| t.value.clone())
}

fn target(t: &model::Target) -> TargetDoc {
    TargetDoc {
        comparator: t.comparator.value.as_str().to_owned(),
        value: t.value.value.value,
        literal: t.value.value.text.clone(),
        unit: text(t.unit.as_ref()),
    }
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Sorted by ID, on one thread and in place where the IDs are `unique`
/// (a sound model's are): a stable sort, which keeps duplicates in
/// declaration order, takes a scratch copy of half the vector, which for
/// the largest kind at 100x was 40 MB of the peak memory of `docs`
/// (rayon's parallel merge sort takes a whole copy).
fn by_id<T>(mut v: Vec<T>, unique: bool, id: impl Fn(&T) -> &str) -> Vec<T> {
    if unique {
        v.sort_unstable_by(|a, b| id(a).cmp(id(b)));
    } else {
        v.sort_by(|a, b| id(a).cmp(id(b)));
    }
    v
}

impl Exporter<'_> {
    fn location(&self, span: Span) -> Option<Location> {
        let sources = self.sources?;
        let lc = sources.map.start(span);
        Some(Location {
            file: self.file_names[span.file.0 as usize].clone(),
            line: lc.line,
            column: lc.column,
        })
    }

    fn common(&self, meta: &model::Meta) -> Common {
        Common {
            id: meta.id().to_owned(),
            name: text(meta.name.as_ref()),
            description: text(meta.description.as_ref()),
            status: meta.status.as_ref().map(|s| s.value.as_str().to_owned()),
            provenance: meta
                .sources
                .iter()
                .map(|p| ProvenanceDoc {
                    file: p.file.clone(),
                    sheet: p.sheet.clone(),
                    row: p.row,
                    column: p.column.clone(),
                    pointer: p.pointer.clone(),
                })
                .collect(),
            defects: meta
                .defects
                .iter()
                .map(|d| DefectDoc {
                    code: d.code.map(|c| c.as_str().to_owned()),
                    reason: d.reason.clone(),
                })
                .collect(),
            location: self.location(meta.id.span),
        }
    }

    fn id(&self, r: EntityRef) -> String {
        self.model.meta(r).id().to_owned()
    }

    fn ids_of(&self, kind: EntityKind, indices: &[u32]) -> Vec<String> {
        sorted(
            indices
                .iter()
                .map(|&index| self.id(EntityRef { kind, index }))
                .collect(),
        )
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
    fn new(x: &Exporter<'_>) -> Reverse {
        let model = x.model;
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
            let owner_id = || x.id(owner);
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

/// Export a model. With `sources`, every entity carries its location.
pub fn export(model: &Model, sources: Option<Sources<'_>>) -> ModelDoc {
    let file_names = sources
        .map(|s| s.map.ids().map(|id| s.name(id).into()).collect())
        .unwrap_or_default();
    let x = Exporter {
        model,
        sources,
        file_names,
    };
    // Every ID declared once (the symbol table keeps one entity per ID).
    let unique = model.symbols.len() == model.total();
    let mut r = Reverse::new(&x);
    ModelDoc {
        format: FORMAT,
        workspace: WorkspaceDoc {
            name: model.workspace.name.clone(),
            version: model.workspace.version.clone(),
        },
        areas: by_id(x.areas(), unique, |a: &AreaDoc| &a.common.id),
        processes: by_id(x.processes(&mut r), unique, |a: &ProcessDoc| &a.common.id),
        functions: by_id(x.functions(), unique, |a: &FunctionDoc| &a.common.id),
        activities: by_id(x.activities(&mut r), unique, |a: &ActivityDoc| &a.common.id),
        capabilities: by_id(x.capabilities(&mut r), unique, |a: &CapabilityDoc| {
            &a.common.id
        }),
        use_cases: by_id(x.use_cases(), unique, |a: &UseCaseDoc| &a.common.id),
        metrics: by_id(x.metrics(), unique, |a: &MetricDoc| &a.common.id),
        elements: by_id(x.elements(&mut r), unique, |a: &ElementDoc| &a.common.id),
        records: by_id(x.records(), unique, |a: &RecordDoc| &a.common.id),
        references: by_id(x.references(&mut r), unique, |a: &ReferenceDoc| {
            &a.common.id
        }),
        profiles: by_id(x.profiles(&r), unique, |a: &ProfileDoc| &a.common.id),
    }
}

/// One function per kind: its entities as documents, in declaration order.
impl Exporter<'_> {
    fn areas(&self) -> Vec<AreaDoc> {
        let ch = &self.model.children;
        self.model
            .areas
            .par_iter()
            .enumerate()
            .map(|(i, a)| AreaDoc {
                common: self.common(&a.meta),
                lead: text(a.lead.as_ref()),
                version: text(a.version.as_ref()),
                functions: self.ids_of(EntityKind::Function, &ch.area_functions[i]),
            })
            .collect()
    }

    fn processes(&self, r: &mut Reverse) -> Vec<ProcessDoc> {
        self.model
            .processes
            .par_iter()
            .zip(std::mem::take(&mut r.use_cases_of_process))
            .map(|(p, use_cases)| ProcessDoc {
                common: self.common(&p.meta),
                use_cases: sorted(use_cases),
            })
            .collect()
    }

    fn functions(&self) -> Vec<FunctionDoc> {
        let ch = &self.model.children;
        self.model
            .functions
            .par_iter()
            .enumerate()
            .map(|(i, f)| FunctionDoc {
                common: self.common(&f.meta),
                area: f.area.id.clone(),
                activities: self.ids_of(EntityKind::Activity, &ch.function_activities[i]),
            })
            .collect()
    }

    fn activities(&self, r: &mut Reverse) -> Vec<ActivityDoc> {
        let ch = &self.model.children;
        self.model
            .activities
            .par_iter()
            .zip(std::mem::take(&mut r.metrics_of_activity))
            .enumerate()
            .map(|(i, (a, metrics))| ActivityDoc {
                common: self.common(&a.meta),
                function: a.function.id.clone(),
                legacy: a.legacy.iter().map(|l| l.value.clone()).collect(),
                measures: a.measures.iter().map(|m| m.value.clone()).collect(),
                capabilities: self.ids_of(EntityKind::Capability, &ch.activity_capabilities[i]),
                metrics: sorted(metrics),
            })
            .collect()
    }

    fn capabilities(&self, r: &mut Reverse) -> Vec<CapabilityDoc> {
        self.model
            .capabilities
            .par_iter()
            .zip(std::mem::take(&mut r.use_cases_of_capability))
            .zip(std::mem::take(&mut r.profiles_of_capability))
            .map(|((c, use_cases), profiles)| CapabilityDoc {
                common: self.common(&c.meta),
                kind: c.kind.as_ref().map(|k| k.value.as_str().to_owned()),
                activity: c.activity.id.clone(),
                statement: c.statement.value.clone(),
                references: ids(&c.references),
                other_sources: c.sources.iter().map(|s| s.value.clone()).collect(),
                inputs: ids(&c.inputs),
                outputs: ids(&c.outputs),
                use_cases: sorted(use_cases),
                profiles: sorted(profiles),
            })
            .collect()
    }

    fn use_cases(&self) -> Vec<UseCaseDoc> {
        let flow = |f: &Flow| match f {
            Flow::Element(r) => FlowDoc::Element(r.id.clone()),
            Flow::Text(t) => FlowDoc::Text(t.value.clone()),
        };
        self.model
            .use_cases
            .par_iter()
            .map(|u| UseCaseDoc {
                common: self.common(&u.meta),
                process: u.process.as_ref().map(|p| p.id.clone()),
                actors: u.actors.iter().map(|a| a.value.clone()).collect(),
                trigger: text(u.trigger.as_ref()),
                preconditions: u.preconditions.iter().map(|p| p.value.clone()).collect(),
                events: u
                    .events
                    .iter()
                    .map(|e| EventDoc {
                        number: e.number.value,
                        description: e.description.value.clone(),
                        activity: e.activity.as_ref().map(|a| a.id.clone()),
                        capabilities: ids(&e.capabilities),
                        inputs: e.inputs.iter().map(flow).collect(),
                        outputs: e.outputs.iter().map(flow).collect(),
                        intersects: ids(&e.intersects),
                    })
                    .collect(),
                outcome: text(u.outcome.as_ref()),
            })
            .collect()
    }

    fn metrics(&self) -> Vec<MetricDoc> {
        self.model
            .metrics
            .par_iter()
            .map(|m| MetricDoc {
                common: self.common(&m.meta),
                activity: m.activity.as_ref().map(|a| a.id.clone()),
                dimension: m.dimension.as_ref().map(|d| d.value.as_str().to_owned()),
                unit: text(m.unit.as_ref()),
                target: m.target.as_ref().map(target),
                computation: text(m.computation.as_ref()),
            })
            .collect()
    }

    fn elements(&self, r: &mut Reverse) -> Vec<ElementDoc> {
        self.model
            .elements
            .par_iter()
            .zip(std::mem::take(&mut r.capabilities_using_element))
            .zip(std::mem::take(&mut r.records_using_element))
            .map(|((e, capabilities), records)| ElementDoc {
                common: self.common(&e.meta),
                definition: e.definition.value.clone(),
                data_type: e.data_type.as_ref().map(|t| type_doc(&t.kind)),
                example: text(e.example.as_ref()),
                activities: ids(&e.activities),
                capabilities: ids(&e.capabilities),
                references: ids(&e.references),
                used_by_capabilities: sorted(capabilities),
                used_by_records: sorted(records),
            })
            .collect()
    }

    fn records(&self) -> Vec<RecordDoc> {
        self.model
            .records
            .par_iter()
            .map(|r| RecordDoc {
                common: self.common(&r.meta),
                fields: r.fields.iter().map(field_doc).collect(),
            })
            .collect()
    }

    fn references(&self, r: &mut Reverse) -> Vec<ReferenceDoc> {
        self.model
            .references
            .par_iter()
            .zip(std::mem::take(&mut r.cited_by))
            .map(|(r, cited_by)| ReferenceDoc {
                common: self.common(&r.meta),
                citation: text(r.citation.as_ref()),
                url: text(r.url.as_ref()),
                cited_by: sorted(cited_by),
            })
            .collect()
    }

    fn profiles(&self, r: &Reverse) -> Vec<ProfileDoc> {
        let model = self.model;
        let threshold = |(m, t): &(u32, model::Target)| ThresholdDoc {
            metric: model.metrics[*m as usize].meta.id().to_owned(),
            target: target(t),
        };
        model
            .profiles
            .par_iter()
            .zip(&r.requirements)
            .map(|(p, req)| ProfileDoc {
                common: self.common(&p.meta),
                extends: ids(&p.extends),
                requires: ids(&p.requires),
                selects: p
                    .selects
                    .iter()
                    .map(|s| SelectionDoc {
                        scope: s.scope.id.clone(),
                        kind: s.kind.as_ref().map(|k| k.value.as_str().to_owned()),
                    })
                    .collect(),
                excludes: ids(&p.excludes),
                elements: ids(&p.elements),
                thresholds: p
                    .thresholds
                    .iter()
                    .map(|t| ThresholdDoc {
                        metric: t.metric.id.clone(),
                        target: target(&t.target),
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
                    thresholds: by_id(
                        req.thresholds.iter().map(threshold).collect(),
                        false,
                        |t: &ThresholdDoc| &t.metric,
                    ),
                },
            })
            .collect()
    }
}

/// A record's field as exported: its target, kind and cardinality.
fn field_doc(f: &model::Field) -> FieldDoc {
    let card = f.cardinality.as_ref().map(|c| c.value);
    FieldDoc {
        target: f.target.id.clone(),
        target_kind: match f.target.target.map(|t| t.kind) {
            Some(EntityKind::Record) => "record",
            _ => "element",
        }
        .to_owned(),
        required: f.required,
        min: card.map_or(u32::from(f.required), |c| c.min),
        max: card.map_or(Some(1), |c| c.max),
        many: card.is_some_and(model::Cardinality::is_many),
    }
}

fn type_doc(kind: &TypeKind) -> TypeDoc {
    let n = |n: &Option<model::Spanned<model::Number>>| n.as_ref().map(|n| n.value.text.clone());
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
            format: format.as_ref().map(|f| f.value.as_str().to_owned()),
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
                    code: v.code.value.clone(),
                    meaning: text(v.meaning.as_ref()),
                })
                .collect(),
        },
    }
}
