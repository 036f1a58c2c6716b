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

/// A string of a document: the documents' types are generic over it, so
/// that a document can own its text ([`String`], the default: what
/// [`export`] and [`into_export`] make) or borrow it from the model
/// (`&str`: what [`write_export`] serializes, without copying the text of
/// every entity into documents it drops once written).
pub trait DocStr<'a>: Sized {
    /// The string of a document, made from text of the model.
    fn of(s: &'a str) -> Self;
}

impl<'a> DocStr<'a> for String {
    fn of(s: &'a str) -> String {
        s.to_owned()
    }
}

impl<'a> DocStr<'a> for &'a str {
    fn of(s: &'a str) -> &'a str {
        s
    }
}

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
// The fields' `default` would otherwise ask `S: Default`.
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
#[schemars(rename = "ProvenanceDoc")]
pub struct ProvenanceDoc<S = String> {
    /// The published file.
    pub file: S,
    /// Its sheet, for a workbook.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sheet: Option<S>,
    /// The row, 1-based as in a spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub row: Option<u32>,
    /// The column's header.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<S>,
    /// A JSON pointer into an API export.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pointer: Option<S>,
}

/// `@defect([CODE,] "reason")` on an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
// The fields' `default` would otherwise ask `S: Default`.
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
#[schemars(rename = "DefectDoc")]
pub struct DefectDoc<S = String> {
    /// The diagnostic code the defect would raise, if it names one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub code: Option<S>,
    /// What is wrong in the published source.
    pub reason: S,
}

/// Fields every entity has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
// The fields' `default` would otherwise ask `S: Default`.
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
#[schemars(rename = "Common")]
pub struct Common<S = String> {
    /// The ID.
    pub id: S,
    /// Name, title or label.
    pub name: Option<S>,
    /// A longer description.
    pub description: Option<S>,
    /// `draft`, `final` or `deprecated`.
    pub status: Option<S>,
    /// Where the entity was published.
    pub provenance: Vec<ProvenanceDoc<S>>,
    /// Known defects of the published source kept as published (`@defect`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub defects: Vec<DefectDoc<S>>,
    /// Absent when the model was exported without locations.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<Location>,
}

/// A service area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "AreaDoc")]
pub struct AreaDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// The agency or office that leads the area.
    pub lead: Option<S>,
    /// The version of the area's published standard.
    pub version: Option<S>,
    /// Functions of the area (derived).
    pub functions: Vec<S>,
}

/// An end-to-end process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ProcessDoc")]
pub struct ProcessDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// Use cases of the process (derived).
    pub use_cases: Vec<S>,
}

/// A function of a service area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "FunctionDoc")]
pub struct FunctionDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// The area it belongs to.
    pub area: S,
    /// Activities of the function (derived).
    pub activities: Vec<S>,
}

/// An activity of a function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ActivityDoc")]
pub struct ActivityDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// The function it belongs to.
    pub function: S,
    /// Codes of earlier numberings.
    pub legacy: Vec<S>,
    /// How the activity's delivery is measured, as published.
    pub measures: Vec<S>,
    /// Capabilities of the activity (derived).
    pub capabilities: Vec<S>,
    /// Metrics measuring the activity (derived).
    pub metrics: Vec<S>,
}

/// A business capability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CapabilityDoc")]
pub struct CapabilityDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// `input`, `process` or `output`.
    pub kind: Option<S>,
    /// The activity it belongs to.
    pub activity: S,
    /// The outcome statement.
    pub statement: S,
    /// Authoritative references it cites.
    pub references: Vec<S>,
    /// Other sources, as free text.
    pub other_sources: Vec<S>,
    /// Data elements it takes in.
    pub inputs: Vec<S>,
    /// Data elements it puts out.
    pub outputs: Vec<S>,
    /// Use cases with an event exercising it (derived).
    pub use_cases: Vec<S>,
    /// Profiles that require it, inheritance included (derived).
    pub profiles: Vec<S>,
}

/// An event input or output: a data element or record, or free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(rename = "FlowDoc")]
pub enum FlowDoc<S = String> {
    /// A data element or record, by ID.
    Element(S),
    /// Free text.
    Text(S),
}

/// One step of a use case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "EventDoc")]
pub struct EventDoc<S = String> {
    /// Its number, in the order events happen.
    pub number: u32,
    /// What happens.
    pub description: S,
    /// The activity it exercises.
    pub activity: Option<S>,
    /// The capabilities it exercises.
    pub capabilities: Vec<S>,
    /// What it takes in.
    pub inputs: Vec<FlowDoc<S>>,
    /// What it puts out.
    pub outputs: Vec<FlowDoc<S>>,
    /// Other service areas the event touches.
    pub intersects: Vec<S>,
}

/// A business use case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "UseCaseDoc")]
pub struct UseCaseDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// The end-to-end process it runs in.
    pub process: Option<S>,
    /// Who takes part.
    pub actors: Vec<S>,
    /// What starts it.
    pub trigger: Option<S>,
    /// What must hold before it starts.
    pub preconditions: Vec<S>,
    /// Its steps, in order.
    pub events: Vec<EventDoc<S>>,
    /// What it achieves.
    pub outcome: Option<S>,
}

/// `<= 5.00 USD`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "TargetDoc")]
pub struct TargetDoc<S = String> {
    /// `<=`, `<`, `>=`, `>` or `=`.
    pub comparator: S,
    /// The number's value.
    pub value: f64,
    /// The number as written, keeping its precision (`5.00`).
    pub literal: S,
    /// The unit, if written.
    pub unit: Option<S>,
}

/// A performance metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "MetricDoc")]
pub struct MetricDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// The activity it measures.
    pub activity: Option<S>,
    /// What it measures: `timeliness`, `efficiency`, `accuracy`, ...
    pub dimension: Option<S>,
    /// The unit of its values.
    pub unit: Option<S>,
    /// The standard's target.
    pub target: Option<TargetDoc<S>>,
    /// How it is computed.
    pub computation: Option<S>,
}

/// A value of a code list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "CodeValueDoc")]
pub struct CodeValueDoc<S = String> {
    /// The code as exchanged.
    pub code: S,
    /// What it means.
    pub meaning: Option<S>,
}

/// A data element's type and format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "name", rename_all = "snake_case")]
#[schemars(rename = "TypeDoc")]
pub enum TypeDoc<S = String> {
    /// Text.
    String {
        /// The least number of characters.
        min_length: Option<u64>,
        /// The greatest number of characters.
        max_length: Option<u64>,
        /// A regular expression every value matches.
        pattern: Option<S>,
        /// `email`, `uri` or `uuid`.
        format: Option<S>,
    },
    /// A whole number.
    Integer {
        /// The least value, as written.
        min: Option<S>,
        /// The greatest value, as written.
        max: Option<S>,
    },
    /// A decimal number.
    Decimal {
        /// Total significant digits.
        precision: Option<u64>,
        /// Digits after the decimal point.
        scale: Option<u64>,
        /// The least value, as written.
        min: Option<S>,
        /// The greatest value, as written.
        max: Option<S>,
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
        values: Vec<CodeValueDoc<S>>,
    },
}

/// A standard data element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ElementDoc")]
pub struct ElementDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// What the element means.
    pub definition: S,
    /// Its type and format, if the standard declares one.
    #[serde(rename = "type")]
    pub data_type: Option<TypeDoc<S>>,
    /// An example value.
    pub example: Option<S>,
    /// Activities it is used in.
    pub activities: Vec<S>,
    /// Capabilities it is used by.
    pub capabilities: Vec<S>,
    /// Authoritative references that define it.
    pub references: Vec<S>,
    /// Capabilities taking it in or putting it out (derived).
    pub used_by_capabilities: Vec<S>,
    /// Records with a field of it (derived).
    pub used_by_records: Vec<S>,
}

/// A field of a data record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "FieldDoc")]
pub struct FieldDoc<S = String> {
    /// The data element or record.
    pub target: S,
    /// `element` or `record`.
    pub target_kind: S,
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
#[schemars(rename = "RecordDoc")]
pub struct RecordDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// Its fields, in order.
    pub fields: Vec<FieldDoc<S>>,
}

/// An authoritative reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ReferenceDoc")]
pub struct ReferenceDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// The citation.
    pub citation: Option<S>,
    /// Where it is published.
    pub url: Option<S>,
    /// Capabilities and data elements citing it (derived).
    pub cited_by: Vec<S>,
}

/// `select SCOPE [kind KIND]` of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "SelectionDoc")]
pub struct SelectionDoc<S = String> {
    /// The area, function or activity whose capabilities are selected.
    pub scope: S,
    /// Only capabilities of this kind (`input`, `process`, `output`), if given.
    pub kind: Option<S>,
}

/// A metric threshold of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ThresholdDoc")]
pub struct ThresholdDoc<S = String> {
    /// The metric.
    pub metric: S,
    /// What an offering's value must meet.
    pub target: TargetDoc<S>,
}

/// A profile: what a marketplace requires of an offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ProfileDoc")]
pub struct ProfileDoc<S = String> {
    /// What every entity has.
    #[serde(flatten)]
    pub common: Common<S>,
    /// Profiles it builds on.
    pub extends: Vec<S>,
    /// Capabilities it requires by ID.
    pub requires: Vec<S>,
    /// Capabilities it requires by scope.
    pub selects: Vec<SelectionDoc<S>>,
    /// Capabilities taken out of what it requires.
    pub excludes: Vec<S>,
    /// Data elements an offering must map.
    pub elements: Vec<S>,
    /// Metric thresholds an offering must meet.
    pub thresholds: Vec<ThresholdDoc<S>>,
    /// Everything the profile requires, inheritance resolved (derived).
    pub resolved: ResolvedDoc<S>,
}

/// What a profile requires, its whole lineage resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(rename = "ResolvedDoc")]
pub struct ResolvedDoc<S = String> {
    /// Capabilities.
    pub capabilities: Vec<S>,
    /// Data elements.
    pub elements: Vec<S>,
    /// Metric thresholds (a child's replaces its parent's for the same metric).
    pub thresholds: Vec<ThresholdDoc<S>>,
}

/// The JSON Schema of [`ModelDoc`].
pub fn model_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(ModelDoc)).expect("schemas serialize")
}
