//! The resolved model: typed entities of all five FIBF components, each with
//! spans, stored in one arena per kind and addressed by [`EntityRef`].
//!
//! Building it is two steps: `lower` turns one file's AST into entities (in
//! parallel across files) and `build` merges the files, fills the symbol table
//! (every ID once, duplicates reported with both places) and resolves every
//! [`Ref`] to its target, so later passes follow integer indices instead of
//! looking up strings.

/// Calls the macro `$m` with the names of the model's entity lists, in
/// kind order: for the passes that do the same to every list.
macro_rules! entity_lists {
    ($m:ident) => {
        $m!(
            areas,
            processes,
            functions,
            activities,
            capabilities,
            use_cases,
            metrics,
            elements,
            records,
            references,
            profiles
        )
    };
}
pub(crate) use entity_lists;

mod arena;
mod build;
mod error;
mod fields;
pub mod ids;
pub mod kinds;
mod lower;
mod symbols;
mod walk;

pub use symbols::Symbols;

pub use arena::Entities;
pub use build::build;
pub use error::ModelError;
pub use kinds::{FieldInfo, KindInfo, Shape};
pub use lower::{FileModel, lower};
pub use walk::Requirements;

use std::fmt;

use crate::diag::Code;
use crate::source::Span;

/// A value with the place it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value written at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// Text from the source (a string or text block).
pub type Text = Spanned<String>;

/// The kinds of entity a standard declares. IDs share one namespace across
/// all kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    /// A service area (`GRM`): the top of the lifecycle.
    Area,
    /// An end-to-end process (`040` Procure-to-Pay) that use cases run through.
    Process,
    /// A function of an area (`GRM.010`).
    Function,
    /// An activity of a function (`GRM.010.010`).
    Activity,
    /// A business capability: an outcome statement tied to an activity.
    Capability,
    /// A business use case: ordered events across the lifecycle.
    UseCase,
    /// A performance metric.
    Metric,
    /// A standard data element.
    Element,
    /// A data record: data elements (and records) grouped for exchange.
    Record,
    /// An authoritative reference: a law, regulation or circular.
    Reference,
    /// A profile: what a marketplace requires of vendor offerings.
    Profile,
}

impl EntityKind {
    /// Every kind, in the order of the model (and of `model.json`).
    pub const ALL: [EntityKind; 11] = [
        EntityKind::Area,
        EntityKind::Process,
        EntityKind::Function,
        EntityKind::Activity,
        EntityKind::Capability,
        EntityKind::UseCase,
        EntityKind::Metric,
        EntityKind::Element,
        EntityKind::Record,
        EntityKind::Reference,
        EntityKind::Profile,
    ];

    /// The keyword that declares it.
    pub fn keyword(self) -> &'static str {
        self.info().keyword
    }

    /// What people call it.
    pub fn noun(self) -> &'static str {
        self.info().noun
    }

    /// The kind declared by `keyword`, if it is one.
    pub fn from_keyword(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.keyword() == s)
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// An entity in the model: its kind and index in that kind's arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    /// The kind, which picks the arena.
    pub kind: EntityKind,
    /// The index in that kind's arena.
    pub index: u32,
}

/// A reference to another entity by ID, resolved when the model is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// The ID as written.
    pub id: String,
    /// Where it was written.
    pub span: Span,
    /// The entity it names, once resolved (`None` when it names none).
    pub target: Option<EntityRef>,
}

impl Ref {
    /// An unresolved reference to `id`, written at `span`.
    pub fn new(id: impl Into<String>, span: Span) -> Self {
        Ref {
            id: id.into(),
            span,
            target: None,
        }
    }
}

/// Publication status of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Work in progress.
    Draft,
    /// Published.
    Final,
    /// Kept for reference; not to be used in new work.
    Deprecated,
}

impl Status {
    /// The keywords, as written after `status`.
    pub const NAMES: &'static [&'static str] = &["draft", "final", "deprecated"];

    /// The keyword of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Final => "final",
            Status::Deprecated => "deprecated",
        }
    }
}

/// Where an entity came from outside the DSL (a workbook row, an API record).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// The published file (workbook or export).
    pub file: String,
    /// Its sheet, for a workbook.
    pub sheet: Option<String>,
    /// The row, 1-based as in a spreadsheet.
    pub row: Option<u32>,
    /// The column's header.
    pub column: Option<String>,
    /// JSON pointer into an API export.
    pub pointer: Option<String>,
    /// The `provenance` line that says so.
    pub span: Span,
}

/// `@allow(CODE, "reason")`: a warning this entity knowingly carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The warning allowed.
    pub code: Code,
    /// Why the warning is expected.
    pub reason: String,
    /// The attribute.
    pub span: Span,
}

/// `@defect([CODE,] "reason")`: a known defect of the published source that
/// the standard keeps as published. With a code, errors of that code on the
/// entity are reported as warning W0316 instead; without one, W0316 is
/// reported with the reason. Either way the defect stays visible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defect {
    /// The error the defect would raise, if it names one.
    pub code: Option<Code>,
    /// What is wrong in the published source.
    pub reason: String,
    /// The attribute.
    pub span: Span,
}

/// What every entity has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    /// The ID, where it is declared.
    pub id: Spanned<String>,
    /// Name, title or label, as the kind calls it.
    pub name: Option<Text>,
    /// A longer description.
    pub description: Option<Text>,
    /// `draft`, `final` or `deprecated`.
    pub status: Option<Spanned<Status>>,
    /// Where the entity was published.
    pub sources: Vec<Provenance>,
    /// `@allow` attributes.
    pub allows: Vec<Allow>,
    /// `@defect` attributes.
    pub defects: Vec<Defect>,
    /// The whole declaration.
    pub span: Span,
}

impl Meta {
    /// The ID.
    pub fn id(&self) -> &str {
        &self.id.value
    }

    /// The name, title or label, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.value.as_str())
    }

    /// Whether the entity is deprecated.
    pub fn is_deprecated(&self) -> bool {
        self.status.as_ref().map(|s| s.value) == Some(Status::Deprecated)
    }
}

/// A service area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    /// What every entity has.
    pub meta: Meta,
    /// The agency or office that leads the area.
    pub lead: Option<Text>,
    /// The version of the area's published standard.
    pub version: Option<Text>,
}

/// An end-to-end process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    /// What every entity has.
    pub meta: Meta,
}

/// A function of a service area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// What every entity has.
    pub meta: Meta,
    /// The area it belongs to.
    pub area: Ref,
}

/// An activity of a function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// What every entity has.
    pub meta: Meta,
    /// The function it belongs to.
    pub function: Ref,
    /// Codes from earlier numberings (`A5.1.S1`).
    pub legacy: Vec<Text>,
    /// How the activity's delivery is measured, as published.
    pub measures: Vec<Text>,
}

/// Input, process or output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CapabilityKind {
    /// Data the capability takes in.
    Input,
    /// Work the capability does.
    Process,
    /// What the capability puts out.
    Output,
}

impl CapabilityKind {
    /// Accepted spellings: FM publishes `data-input` / `data-output`.
    pub const NAMES: &'static [&'static str] =
        &["input", "process", "output", "data-input", "data-output"];

    /// The kind for one of [`NAMES`](Self::NAMES).
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "input" | "data-input" => Some(CapabilityKind::Input),
            "process" => Some(CapabilityKind::Process),
            "output" | "data-output" => Some(CapabilityKind::Output),
            _ => None,
        }
    }

    /// The canonical keyword (`data-input` is written `input`).
    pub fn as_str(self) -> &'static str {
        match self {
            CapabilityKind::Input => "input",
            CapabilityKind::Process => "process",
            CapabilityKind::Output => "output",
        }
    }
}

/// A business capability.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capability {
    /// What every entity has.
    pub meta: Meta,
    /// Input, process or output, from the word after the ID.
    pub kind: Option<Spanned<CapabilityKind>>,
    /// The activity it belongs to.
    pub activity: Ref,
    /// The outcome statement.
    pub statement: Text,
    /// Authoritative references it cites.
    pub references: Vec<Ref>,
    /// Other sources, as free text.
    pub sources: Vec<Text>,
    /// Data elements it takes in.
    pub inputs: Vec<Ref>,
    /// Data elements it puts out.
    pub outputs: Vec<Ref>,
}

/// Something an event takes in or puts out: a data element or plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flow {
    /// A data element or record, by ID.
    Element(Ref),
    /// Free text.
    Text(Text),
}

/// One step of a use case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Its number; events are numbered in the order they happen.
    pub number: Spanned<u32>,
    /// What happens.
    pub description: Text,
    /// The activity it exercises.
    pub activity: Option<Ref>,
    /// The capabilities it exercises.
    pub capabilities: Vec<Ref>,
    /// What it takes in.
    pub inputs: Vec<Flow>,
    /// What it puts out.
    pub outputs: Vec<Flow>,
    /// Other lines of business (service areas) the event touches.
    pub intersects: Vec<Ref>,
    /// The whole `event` line and block.
    pub span: Span,
}

/// A business use case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseCase {
    /// What every entity has.
    pub meta: Meta,
    /// The end-to-end process it runs in.
    pub process: Option<Ref>,
    /// Who takes part.
    pub actors: Vec<Text>,
    /// What starts it.
    pub trigger: Option<Text>,
    /// What must hold before it starts.
    pub preconditions: Vec<Text>,
    /// Its steps, in order.
    pub events: Vec<Event>,
    /// What it achieves.
    pub outcome: Option<Text>,
}

/// What a metric measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    /// How fast.
    Timeliness,
    /// At what effort.
    Efficiency,
    /// How correct.
    Accuracy,
    /// How good.
    Quality,
    /// How satisfied the customer is.
    Customer,
    /// How compliant.
    Compliance,
    /// At what cost.
    Cost,
    /// How much.
    Volume,
}

impl Dimension {
    /// The keywords, as written after `dimension`.
    pub const NAMES: &'static [&'static str] = &[
        "timeliness",
        "efficiency",
        "accuracy",
        "quality",
        "customer",
        "compliance",
        "cost",
        "volume",
    ];

    /// The dimension for one of [`NAMES`](Self::NAMES).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "timeliness" => Dimension::Timeliness,
            "efficiency" => Dimension::Efficiency,
            "accuracy" => Dimension::Accuracy,
            "quality" => Dimension::Quality,
            "customer" => Dimension::Customer,
            "compliance" => Dimension::Compliance,
            "cost" => Dimension::Cost,
            "volume" => Dimension::Volume,
            _ => return None,
        })
    }

    /// The keyword of the dimension.
    pub fn as_str(self) -> &'static str {
        Dimension::NAMES[self as usize]
    }
}

/// A decimal number as written, with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    /// The number as written (`5.00`), keeping its precision.
    pub text: String,
    /// Its value.
    pub value: f64,
}

impl Eq for Number {}

impl Number {
    /// Plain decimal notation: optional sign, digits, optional fraction.
    pub fn parse(s: &str) -> Option<Number> {
        let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let ok = !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
            && !(digits.contains('.') && frac.is_empty());
        if !ok {
            return None;
        }
        Some(Number {
            text: s.to_owned(),
            value: s.parse().ok()?,
        })
    }

    /// Whether it is written without a fraction.
    pub fn is_integer(&self) -> bool {
        !self.text.contains('.')
    }
}

/// `<=`, `<`, `>=`, `>`, `=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    /// At most (`<=`).
    Le,
    /// Less than (`<`).
    Lt,
    /// At least (`>=`).
    Ge,
    /// More than (`>`).
    Gt,
    /// Exactly (`=`).
    Eq,
}

impl Comparator {
    /// The comparators as written (`==` is read as `=`).
    pub const NAMES: &'static [&'static str] = &["<=", "<", ">=", ">", "="];

    /// The comparator written `s`, if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "<=" => Comparator::Le,
            "<" => Comparator::Lt,
            ">=" => Comparator::Ge,
            ">" => Comparator::Gt,
            "=" | "==" => Comparator::Eq,
            _ => return None,
        })
    }

    /// The comparator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Le => "<=",
            Comparator::Lt => "<",
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
            Comparator::Eq => "=",
        }
    }

    /// Whether `value` meets a target of `target` under this comparator.
    pub fn holds(self, value: f64, target: f64) -> bool {
        match self {
            Comparator::Le => value <= target,
            Comparator::Lt => value < target,
            Comparator::Ge => value >= target,
            Comparator::Gt => value > target,
            Comparator::Eq => value == target,
        }
    }
}

/// `<= 5.00 USD`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// How the value compares with the number.
    pub comparator: Spanned<Comparator>,
    /// The number.
    pub value: Spanned<Number>,
    /// Its unit, if written.
    pub unit: Option<Text>,
    /// The whole target.
    pub span: Span,
}

/// A performance metric.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    /// What every entity has.
    pub meta: Meta,
    /// The activity it measures.
    pub activity: Option<Ref>,
    /// What it measures.
    pub dimension: Option<Spanned<Dimension>>,
    /// The unit of its values.
    pub unit: Option<Text>,
    /// The standard's target.
    pub target: Option<Target>,
    /// How it is computed.
    pub computation: Option<Text>,
}

/// A value of a code list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeValue {
    /// The code as exchanged.
    pub code: Text,
    /// What it means.
    pub meaning: Option<Text>,
}

/// Well-known string formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringFormat {
    /// An e-mail address.
    Email,
    /// A URI.
    Uri,
    /// A UUID.
    Uuid,
}

impl StringFormat {
    /// The keywords, as written after `format`.
    pub const NAMES: &'static [&'static str] = &["email", "uri", "uuid"];

    /// The format for one of [`NAMES`](Self::NAMES).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "email" => StringFormat::Email,
            "uri" => StringFormat::Uri,
            "uuid" => StringFormat::Uuid,
            _ => return None,
        })
    }

    /// The keyword of the format.
    pub fn as_str(self) -> &'static str {
        StringFormat::NAMES[self as usize]
    }
}

/// The type and format of a data element's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeKind {
    /// Text.
    String {
        /// The least number of characters.
        min_length: Option<Spanned<u64>>,
        /// The greatest number of characters.
        max_length: Option<Spanned<u64>>,
        /// A regular expression every value matches.
        pattern: Option<Text>,
        /// A well-known format.
        format: Option<Spanned<StringFormat>>,
    },
    /// A whole number.
    Integer {
        /// The least value.
        min: Option<Spanned<Number>>,
        /// The greatest value.
        max: Option<Spanned<Number>>,
    },
    /// A decimal number.
    Decimal {
        /// Total significant digits.
        precision: Option<Spanned<u64>>,
        /// Digits after the decimal point.
        scale: Option<Spanned<u64>>,
        /// The least value.
        min: Option<Spanned<Number>>,
        /// The greatest value.
        max: Option<Spanned<Number>>,
    },
    /// A calendar date (`2021-02-01`).
    Date,
    /// A date and time (RFC 3339).
    DateTime,
    /// `true` or `false`.
    Boolean,
    /// One of a list of codes.
    Code {
        /// The codes, in order.
        values: Vec<CodeValue>,
    },
}

impl TypeKind {
    /// The type names, as written after `type`.
    pub const NAMES: &'static [&'static str] = &[
        "string", "integer", "decimal", "date", "datetime", "boolean", "code",
    ];

    /// The type's name.
    pub fn name(&self) -> &'static str {
        match self {
            TypeKind::String { .. } => "string",
            TypeKind::Integer { .. } => "integer",
            TypeKind::Decimal { .. } => "decimal",
            TypeKind::Date => "date",
            TypeKind::DateTime => "datetime",
            TypeKind::Boolean => "boolean",
            TypeKind::Code { .. } => "code",
        }
    }
}

/// A data element's type, where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataType {
    /// The type and its options.
    pub kind: TypeKind,
    /// The `type` line and block.
    pub span: Span,
}

/// A standard data element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// What every entity has.
    pub meta: Meta,
    /// What the element means.
    pub definition: Text,
    /// Its type and format, if the standard declares one.
    pub data_type: Option<DataType>,
    /// An example value.
    pub example: Option<Text>,
    /// Activities it is used in.
    pub activities: Vec<Ref>,
    /// Capabilities it is used by.
    pub capabilities: Vec<Ref>,
    /// Authoritative references that define it.
    pub references: Vec<Ref>,
}

/// How many values a record field holds: `1`, `0..1`, `1..*`, `2..5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cardinality {
    /// The least number of values.
    pub min: u32,
    /// `None` means unbounded (`*`).
    pub max: Option<u32>,
}

impl Cardinality {
    /// The cardinality written `s` (`1`, `0..1`, `1..*`, `2..5`), if valid.
    pub fn parse(s: &str) -> Option<Cardinality> {
        let num = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        let card = match s.split_once("..") {
            None if s == "*" => Cardinality { min: 0, max: None },
            None => {
                let n = num(s)?;
                Cardinality {
                    min: n,
                    max: Some(n),
                }
            }
            Some((lo, "*")) => Cardinality {
                min: num(lo)?,
                max: None,
            },
            Some((lo, hi)) => Cardinality {
                min: num(lo)?,
                max: Some(num(hi)?),
            },
        };
        match card.max {
            Some(max) if max < card.min || max == 0 => None,
            _ => Some(card),
        }
    }

    /// Whether the field holds a list rather than one value.
    pub fn is_many(self) -> bool {
        self.max != Some(1)
    }
}

impl fmt::Display for Cardinality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) if max == self.min => write!(f, "{max}"),
            Some(max) => write!(f, "{}..{max}", self.min),
            None => write!(f, "{}..*", self.min),
        }
    }
}

/// A field of a data record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// A data element or a nested record.
    pub target: Ref,
    /// Whether an instance must have it.
    pub required: bool,
    /// How many values it holds, if written.
    pub cardinality: Option<Spanned<Cardinality>>,
    /// The `field` line.
    pub span: Span,
}

/// A data record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// What every entity has.
    pub meta: Meta,
    /// Its fields, in order.
    pub fields: Vec<Field>,
}

/// An authoritative reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// What every entity has.
    pub meta: Meta,
    /// The citation (`2 CFR 200`).
    pub citation: Option<Text>,
    /// Where it is published.
    pub url: Option<Text>,
}

/// `select FFM.090 kind output`: every capability under an area, function or
/// activity, optionally of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The area, function or activity whose capabilities are selected.
    pub scope: Ref,
    /// Only capabilities of this kind, if given.
    pub kind: Option<Spanned<CapabilityKind>>,
    /// The `select` line.
    pub span: Span,
}

/// `threshold FFM.M.001 <= 4.00 USD`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Threshold {
    /// The metric.
    pub metric: Ref,
    /// What an offering's value must meet.
    pub target: Target,
    /// The `threshold` line.
    pub span: Span,
}

/// A profile: what a marketplace requires of an offering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// What every entity has.
    pub meta: Meta,
    /// Profiles it builds on.
    pub extends: Vec<Ref>,
    /// Capabilities it requires by ID.
    pub requires: Vec<Ref>,
    /// Capabilities it requires by scope.
    pub selects: Vec<Selection>,
    /// Capabilities taken out of what it requires.
    pub excludes: Vec<Ref>,
    /// Data elements an offering must map.
    pub elements: Vec<Ref>,
    /// Metric thresholds an offering must meet.
    pub thresholds: Vec<Threshold>,
}

/// Workspace metadata from `fibf.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceInfo {
    /// The standard's name.
    pub name: Option<String>,
    /// The standard's version.
    pub version: Option<String>,
}

/// Every entity of a standard, resolved.
#[derive(Debug, Default)]
pub struct Model {
    /// The workspace's name and version.
    pub workspace: WorkspaceInfo,
    /// Service areas.
    pub areas: Entities<Area>,
    /// End-to-end processes.
    pub processes: Entities<Process>,
    /// Functions.
    pub functions: Entities<Function>,
    /// Activities.
    pub activities: Entities<Activity>,
    /// Capabilities.
    pub capabilities: Entities<Capability>,
    /// Use cases.
    pub use_cases: Entities<UseCase>,
    /// Metrics.
    pub metrics: Entities<Metric>,
    /// Data elements.
    pub elements: Entities<Element>,
    /// Data records.
    pub records: Entities<Record>,
    /// Authoritative references.
    pub references: Entities<Reference>,
    /// Profiles.
    pub profiles: Entities<Profile>,
    /// Each ID's entity (the first declaration, if an ID is duplicated).
    pub symbols: Symbols,
    /// The lifecycle's downward links.
    pub children: Children,
}

/// Downward links of the lifecycle, for selections and coverage: the
/// functions of each area, activities of each function and capabilities of
/// each activity, as arena indices in declaration order.
#[derive(Debug, Default)]
pub struct Children {
    /// The functions of each area.
    pub area_functions: Vec<Vec<u32>>,
    /// The activities of each function.
    pub function_activities: Vec<Vec<u32>>,
    /// The capabilities of each activity.
    pub activity_capabilities: Vec<Vec<u32>>,
}

impl Model {
    /// The entity with this ID.
    pub fn lookup(&self, id: &str) -> Option<EntityRef> {
        self.symbols.get(self, id)
    }

    /// What every entity has, for any entity.
    pub fn meta(&self, r: EntityRef) -> &Meta {
        let i = r.index as usize;
        match r.kind {
            EntityKind::Area => &self.areas[i].meta,
            EntityKind::Process => &self.processes[i].meta,
            EntityKind::Function => &self.functions[i].meta,
            EntityKind::Activity => &self.activities[i].meta,
            EntityKind::Capability => &self.capabilities[i].meta,
            EntityKind::UseCase => &self.use_cases[i].meta,
            EntityKind::Metric => &self.metrics[i].meta,
            EntityKind::Element => &self.elements[i].meta,
            EntityKind::Record => &self.records[i].meta,
            EntityKind::Reference => &self.references[i].meta,
            EntityKind::Profile => &self.profiles[i].meta,
        }
    }

    /// How many entities of a kind there are.
    pub fn count(&self, kind: EntityKind) -> usize {
        match kind {
            EntityKind::Area => self.areas.len(),
            EntityKind::Process => self.processes.len(),
            EntityKind::Function => self.functions.len(),
            EntityKind::Activity => self.activities.len(),
            EntityKind::Capability => self.capabilities.len(),
            EntityKind::UseCase => self.use_cases.len(),
            EntityKind::Metric => self.metrics.len(),
            EntityKind::Element => self.elements.len(),
            EntityKind::Record => self.records.len(),
            EntityKind::Reference => self.references.len(),
            EntityKind::Profile => self.profiles.len(),
        }
    }

    /// Every entity of a kind, in declaration order.
    pub fn refs_of(&self, kind: EntityKind) -> impl Iterator<Item = EntityRef> + use<> {
        (0..self.count(kind) as u32).map(move |index| EntityRef { kind, index })
    }

    /// Every entity, kind by kind.
    pub fn all_refs(&self) -> impl Iterator<Item = EntityRef> + '_ {
        EntityKind::ALL.into_iter().flat_map(|k| self.refs_of(k))
    }

    /// How many entities the model has.
    pub fn total(&self) -> usize {
        EntityKind::ALL.iter().map(|&k| self.count(k)).sum()
    }
}
