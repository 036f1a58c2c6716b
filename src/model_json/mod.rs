//! The machine-readable model: every entity with its relations, provenance
//! and location, as serializable types.
//!
//! These types are the stable public form of a standard (`model.json`); their
//! JSON Schema (`model.schema.json`) is derived from them with schemars, so
//! the two cannot drift. Entities are sorted by ID within each kind; forward
//! references keep their written order; reverse relations are sorted. The
//! same form, without locations, is what `fibf fmt` and `fibf diff` compare.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::EntityKind;

mod exporter;

pub use exporter::{Locations, Sources, export, into_export, write_export};

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

    /// The fields every entity has, of the entity of a kind at `index`.
    pub fn common(&self, kind: EntityKind, index: usize) -> &Common {
        with_kind!(self, kind, |items| &items[index].common)
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
