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
    /// [`write_export`] writes the same bytes from the model itself.
    pub fn write_pretty(&self, w: &mut (dyn std::io::Write + Send)) -> std::io::Result<()> {
        head(w, &self.workspace)?;
        // In the order of the fields above, as serde writes them.
        macro_rules! arrays {
            ($($field:ident),*) => {$(
                key(w, stringify!($field))?;
                crate::pretty::array(w, &self.$field, 1)?;
            )*};
        }
        crate::model::entity_lists!(arrays);
        w.write_all(b"\n}")
    }
}

/// The document's members before the entity lists.
fn head(w: &mut (dyn std::io::Write + Send), workspace: &WorkspaceDoc) -> std::io::Result<()> {
    use crate::pretty::value;
    w.write_all(b"{\n  \"format\": ")?;
    value(&mut *w, &FORMAT, 1)?;
    w.write_all(b",\n  \"workspace\": ")?;
    value(&mut *w, workspace, 1)
}

/// The key of an entity list, with the comma before it.
fn key(w: &mut (dyn std::io::Write + Send), name: &str) -> std::io::Result<()> {
    w.write_all(b",\n  \"")?;
    w.write_all(name.as_bytes())?;
    w.write_all(b"\": ")
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

/// What exporting a model needs before its first entity: the exporter,
/// the reverse relations, and whether every ID is declared once.
fn begin<'a>(model: &'a Model, sources: Option<Sources<'a>>) -> (Exporter<'a>, Reverse, bool) {
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
    let r = Reverse::new(&x);
    (x, r, unique)
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

impl Exporter<'_> {
    /// The indices of a kind's entities in the order of the export: by ID,
    /// on one thread and in place where the IDs are `unique` (a sound
    /// model's are); otherwise declarations of one ID stay in declaration
    /// order, by a stable sort, which takes a scratch copy of half the
    /// vector (when the documents themselves were sorted, that was 40 MB of
    /// the peak memory of `docs` at 100x for the largest kind; rayon's
    /// parallel merge sort takes a whole copy).
    fn order(&self, kind: EntityKind, unique: bool) -> Vec<u32> {
        let mut at: Vec<u32> = (0..self.model.count(kind) as u32).collect();
        let id = |&index: &u32| self.model.meta(EntityRef { kind, index }).id();
        if unique {
            at.sort_unstable_by(|a, b| id(a).cmp(id(b)));
        } else {
            at.sort_by(|a, b| id(a).cmp(id(b)));
        }
        at
    }
}

/// Export a model. With `sources`, every entity carries its location.
pub fn export(model: &Model, sources: Option<Sources<'_>>) -> ModelDoc {
    let (x, mut r, unique) = begin(model, sources);
    macro_rules! build {
        ($($field:ident),*) => {
            ModelDoc {
                format: FORMAT,
                workspace: workspace(model),
                $($field: x.$field(
                    &mut r,
                    &x.order(kind_of(stringify!($field)), unique),
                ),)*
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
    sources: Option<Sources<'_>>,
    w: &mut (dyn std::io::Write + Send),
) -> std::io::Result<()> {
    let (x, mut r, unique) = begin(model, sources);
    head(w, &workspace(model))?;
    macro_rules! stream {
        ($($field:ident),*) => {$(
            let name = stringify!($field);
            let at = x.order(kind_of(name), unique);
            key(w, name)?;
            crate::pretty::array_from(w, at.len(), 1, |range| {
                x.$field(&mut r, &at[range])
            })?;
        )*};
    }
    crate::model::entity_lists!(stream);
    w.write_all(b"\n}")
}

/// One function per kind, named as its list in [`ModelDoc`]: the documents
/// of the entities `at`, in that order. Each takes the reverse relations,
/// used or not, so that one macro calls them all.
impl Exporter<'_> {
    fn areas(&self, _: &mut Reverse, at: &[u32]) -> Vec<AreaDoc> {
        let ch = &self.model.children;
        at.par_iter()
            .map(|&i| {
                let a = &self.model.areas[i as usize];
                AreaDoc {
                    common: self.common(&a.meta),
                    lead: text(a.lead.as_ref()),
                    version: text(a.version.as_ref()),
                    functions: self.ids_of(EntityKind::Function, &ch.area_functions[i as usize]),
                }
            })
            .collect()
    }

    fn processes(&self, r: &mut Reverse, at: &[u32]) -> Vec<ProcessDoc> {
        at.par_iter()
            .zip(take(&mut r.use_cases_of_process, at))
            .map(|(&i, use_cases)| ProcessDoc {
                common: self.common(&self.model.processes[i as usize].meta),
                use_cases: sorted(use_cases),
            })
            .collect()
    }

    fn functions(&self, _: &mut Reverse, at: &[u32]) -> Vec<FunctionDoc> {
        let ch = &self.model.children;
        at.par_iter()
            .map(|&i| {
                let f = &self.model.functions[i as usize];
                FunctionDoc {
                    common: self.common(&f.meta),
                    area: f.area.id.clone(),
                    activities: self
                        .ids_of(EntityKind::Activity, &ch.function_activities[i as usize]),
                }
            })
            .collect()
    }

    fn activities(&self, r: &mut Reverse, at: &[u32]) -> Vec<ActivityDoc> {
        let ch = &self.model.children;
        at.par_iter()
            .zip(take(&mut r.metrics_of_activity, at))
            .map(|(&i, metrics)| {
                let a = &self.model.activities[i as usize];
                ActivityDoc {
                    common: self.common(&a.meta),
                    function: a.function.id.clone(),
                    legacy: a.legacy.iter().map(|l| l.value.clone()).collect(),
                    measures: a.measures.iter().map(|m| m.value.clone()).collect(),
                    capabilities: self.ids_of(
                        EntityKind::Capability,
                        &ch.activity_capabilities[i as usize],
                    ),
                    metrics: sorted(metrics),
                }
            })
            .collect()
    }

    fn capabilities(&self, r: &mut Reverse, at: &[u32]) -> Vec<CapabilityDoc> {
        at.par_iter()
            .zip(take(&mut r.use_cases_of_capability, at))
            .zip(take(&mut r.profiles_of_capability, at))
            .map(|((&i, use_cases), profiles)| {
                let c = &self.model.capabilities[i as usize];
                CapabilityDoc {
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
                }
            })
            .collect()
    }

    fn use_cases(&self, _: &mut Reverse, at: &[u32]) -> Vec<UseCaseDoc> {
        let flow = |f: &Flow| match f {
            Flow::Element(r) => FlowDoc::Element(r.id.clone()),
            Flow::Text(t) => FlowDoc::Text(t.value.clone()),
        };
        at.par_iter()
            .map(|&i| {
                let u = &self.model.use_cases[i as usize];
                UseCaseDoc {
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
                }
            })
            .collect()
    }

    fn metrics(&self, _: &mut Reverse, at: &[u32]) -> Vec<MetricDoc> {
        at.par_iter()
            .map(|&i| {
                let m = &self.model.metrics[i as usize];
                MetricDoc {
                    common: self.common(&m.meta),
                    activity: m.activity.as_ref().map(|a| a.id.clone()),
                    dimension: m.dimension.as_ref().map(|d| d.value.as_str().to_owned()),
                    unit: text(m.unit.as_ref()),
                    target: m.target.as_ref().map(target),
                    computation: text(m.computation.as_ref()),
                }
            })
            .collect()
    }

    fn elements(&self, r: &mut Reverse, at: &[u32]) -> Vec<ElementDoc> {
        at.par_iter()
            .zip(take(&mut r.capabilities_using_element, at))
            .zip(take(&mut r.records_using_element, at))
            .map(|((&i, capabilities), records)| {
                let e = &self.model.elements[i as usize];
                ElementDoc {
                    common: self.common(&e.meta),
                    definition: e.definition.value.clone(),
                    data_type: e.data_type.as_ref().map(|t| type_doc(&t.kind)),
                    example: text(e.example.as_ref()),
                    activities: ids(&e.activities),
                    capabilities: ids(&e.capabilities),
                    references: ids(&e.references),
                    used_by_capabilities: sorted(capabilities),
                    used_by_records: sorted(records),
                }
            })
            .collect()
    }

    fn records(&self, _: &mut Reverse, at: &[u32]) -> Vec<RecordDoc> {
        at.par_iter()
            .map(|&i| {
                let r = &self.model.records[i as usize];
                RecordDoc {
                    common: self.common(&r.meta),
                    fields: r.fields.iter().map(field_doc).collect(),
                }
            })
            .collect()
    }

    fn references(&self, r: &mut Reverse, at: &[u32]) -> Vec<ReferenceDoc> {
        at.par_iter()
            .zip(take(&mut r.cited_by, at))
            .map(|(&i, cited_by)| {
                let r = &self.model.references[i as usize];
                ReferenceDoc {
                    common: self.common(&r.meta),
                    citation: text(r.citation.as_ref()),
                    url: text(r.url.as_ref()),
                    cited_by: sorted(cited_by),
                }
            })
            .collect()
    }

    fn profiles(&self, r: &mut Reverse, at: &[u32]) -> Vec<ProfileDoc> {
        let model = self.model;
        let threshold = |(m, t): &(u32, model::Target)| ThresholdDoc {
            metric: model.metrics[*m as usize].meta.id().to_owned(),
            target: target(t),
        };
        let requirements = &r.requirements;
        at.par_iter()
            .map(|&i| {
                let p = &model.profiles[i as usize];
                let req = &requirements[i as usize];
                ProfileDoc {
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
