//! The resolved model: typed entities of all five FIBF components, each with
//! spans, stored in one arena per kind and addressed by [`EntityRef`].
//!
//! Building it is two steps: `lower` turns one file's AST into entities (in
//! parallel across files) and `build` merges the files, fills the symbol table
//! (every ID once, duplicates reported with both places) and resolves every
//! [`Ref`] to its target, so later passes follow integer indices instead of
//! looking up strings.

mod arena;
mod build;
mod error;
mod fields;
pub mod ids;
pub mod kinds;
mod lower;
mod walk;

pub use arena::Entities;
pub use build::build;
pub use error::ModelError;
pub use kinds::{FieldInfo, KindInfo, Shape};
pub use lower::{FileModel, lower};
pub use walk::Requirements;

use std::collections::HashMap;
use std::fmt;

use crate::diag::Code;
use crate::source::Span;

/// A value with the place it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
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
    Area,
    Process,
    Function,
    Activity,
    Capability,
    UseCase,
    Metric,
    Element,
    Record,
    Reference,
    Profile,
}

impl EntityKind {
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
    pub kind: EntityKind,
    pub index: u32,
}

/// A reference to another entity by ID, resolved when the model is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    pub id: String,
    pub span: Span,
    pub target: Option<EntityRef>,
}

impl Ref {
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
    Draft,
    Final,
    Deprecated,
}

impl Status {
    pub const NAMES: &'static [&'static str] = &["draft", "final", "deprecated"];

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
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<u32>,
    pub column: Option<String>,
    /// JSON pointer into an API export.
    pub pointer: Option<String>,
    pub span: Span,
}

/// `@allow(CODE, "reason")`: a warning this entity knowingly carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    pub code: Code,
    pub reason: String,
    pub span: Span,
}

/// `@defect([CODE,] "reason")`: a known defect of the published source that
/// the standard keeps as published. With a code, errors of that code on the
/// entity are reported as warning W0316 instead; without one, W0316 is
/// reported with the reason. Either way the defect stays visible.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Defect {
    pub code: Option<Code>,
    pub reason: String,
    pub span: Span,
}

/// What every entity has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub id: Spanned<String>,
    /// Name, title or label, as the kind calls it.
    pub name: Option<Text>,
    pub description: Option<Text>,
    pub status: Option<Spanned<Status>>,
    pub sources: Vec<Provenance>,
    pub allows: Vec<Allow>,
    pub defects: Vec<Defect>,
    /// The whole declaration.
    pub span: Span,
}

impl Meta {
    pub fn id(&self) -> &str {
        &self.id.value
    }

    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|n| n.value.as_str())
    }

    pub fn is_deprecated(&self) -> bool {
        self.status.as_ref().map(|s| s.value) == Some(Status::Deprecated)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Area {
    pub meta: Meta,
    pub lead: Option<Text>,
    pub version: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Process {
    pub meta: Meta,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub meta: Meta,
    pub area: Ref,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub meta: Meta,
    pub function: Ref,
    /// Codes from earlier numberings (`A5.1.S1`).
    pub legacy: Vec<Text>,
    /// How the activity's delivery is measured, as published.
    pub measures: Vec<Text>,
}

/// Input, process or output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CapabilityKind {
    Input,
    Process,
    Output,
}

impl CapabilityKind {
    /// Accepted spellings: FM publishes `data-input` / `data-output`.
    pub const NAMES: &'static [&'static str] =
        &["input", "process", "output", "data-input", "data-output"];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "input" | "data-input" => Some(CapabilityKind::Input),
            "process" => Some(CapabilityKind::Process),
            "output" | "data-output" => Some(CapabilityKind::Output),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CapabilityKind::Input => "input",
            CapabilityKind::Process => "process",
            CapabilityKind::Output => "output",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capability {
    pub meta: Meta,
    pub kind: Option<Spanned<CapabilityKind>>,
    pub activity: Ref,
    pub statement: Text,
    pub references: Vec<Ref>,
    /// Other sources, as free text.
    pub sources: Vec<Text>,
    pub inputs: Vec<Ref>,
    pub outputs: Vec<Ref>,
}

/// Something an event takes in or puts out: a data element or plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flow {
    Element(Ref),
    Text(Text),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub number: Spanned<u32>,
    pub description: Text,
    pub activity: Option<Ref>,
    pub capabilities: Vec<Ref>,
    pub inputs: Vec<Flow>,
    pub outputs: Vec<Flow>,
    /// Other lines of business (service areas) the event touches.
    pub intersects: Vec<Ref>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseCase {
    pub meta: Meta,
    pub process: Option<Ref>,
    pub actors: Vec<Text>,
    pub trigger: Option<Text>,
    pub preconditions: Vec<Text>,
    pub events: Vec<Event>,
    pub outcome: Option<Text>,
}

/// What a metric measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Timeliness,
    Efficiency,
    Accuracy,
    Quality,
    Customer,
    Compliance,
    Cost,
    Volume,
}

impl Dimension {
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

    pub fn as_str(self) -> &'static str {
        Dimension::NAMES[self as usize]
    }
}

/// A decimal number as written, with its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    pub text: String,
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

    pub fn is_integer(&self) -> bool {
        !self.text.contains('.')
    }
}

/// `<=`, `<`, `>=`, `>`, `=`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
}

impl Comparator {
    pub const NAMES: &'static [&'static str] = &["<=", "<", ">=", ">", "="];

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
    pub comparator: Spanned<Comparator>,
    pub value: Spanned<Number>,
    pub unit: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    pub meta: Meta,
    pub activity: Option<Ref>,
    pub dimension: Option<Spanned<Dimension>>,
    pub unit: Option<Text>,
    pub target: Option<Target>,
    pub computation: Option<Text>,
}

/// A value of a code list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeValue {
    pub code: Text,
    pub meaning: Option<Text>,
}

/// Well-known string formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringFormat {
    Email,
    Uri,
    Uuid,
}

impl StringFormat {
    pub const NAMES: &'static [&'static str] = &["email", "uri", "uuid"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "email" => StringFormat::Email,
            "uri" => StringFormat::Uri,
            "uuid" => StringFormat::Uuid,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        StringFormat::NAMES[self as usize]
    }
}

/// The type and format of a data element's values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeKind {
    String {
        min_length: Option<Spanned<u64>>,
        max_length: Option<Spanned<u64>>,
        pattern: Option<Text>,
        format: Option<Spanned<StringFormat>>,
    },
    Integer {
        min: Option<Spanned<Number>>,
        max: Option<Spanned<Number>>,
    },
    Decimal {
        /// Total significant digits.
        precision: Option<Spanned<u64>>,
        /// Digits after the decimal point.
        scale: Option<Spanned<u64>>,
        min: Option<Spanned<Number>>,
        max: Option<Spanned<Number>>,
    },
    Date,
    DateTime,
    Boolean,
    Code {
        values: Vec<CodeValue>,
    },
}

impl TypeKind {
    pub const NAMES: &'static [&'static str] = &[
        "string", "integer", "decimal", "date", "datetime", "boolean", "code",
    ];

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataType {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    pub meta: Meta,
    pub definition: Text,
    pub data_type: Option<DataType>,
    pub example: Option<Text>,
    pub activities: Vec<Ref>,
    pub capabilities: Vec<Ref>,
    pub references: Vec<Ref>,
}

/// How many values a record field holds: `1`, `0..1`, `1..*`, `2..5`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cardinality {
    pub min: u32,
    /// `None` means unbounded (`*`).
    pub max: Option<u32>,
}

impl Cardinality {
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// A data element or a nested record.
    pub target: Ref,
    pub required: bool,
    pub cardinality: Option<Spanned<Cardinality>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub meta: Meta,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub meta: Meta,
    pub citation: Option<Text>,
    pub url: Option<Text>,
}

/// `select FFM.090 kind output`: every capability under an area, function or
/// activity, optionally of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub scope: Ref,
    pub kind: Option<Spanned<CapabilityKind>>,
    pub span: Span,
}

/// `threshold FFM.M.001 <= 4.00 USD`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Threshold {
    pub metric: Ref,
    pub target: Target,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub meta: Meta,
    pub extends: Vec<Ref>,
    pub requires: Vec<Ref>,
    pub selects: Vec<Selection>,
    pub excludes: Vec<Ref>,
    /// Data elements an offering must map.
    pub elements: Vec<Ref>,
    pub thresholds: Vec<Threshold>,
}

/// Workspace metadata from `fibf.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceInfo {
    pub name: Option<String>,
    pub version: Option<String>,
}

/// Every entity of a standard, resolved.
#[derive(Debug, Default)]
pub struct Model {
    pub workspace: WorkspaceInfo,
    pub areas: Entities<Area>,
    pub processes: Entities<Process>,
    pub functions: Entities<Function>,
    pub activities: Entities<Activity>,
    pub capabilities: Entities<Capability>,
    pub use_cases: Entities<UseCase>,
    pub metrics: Entities<Metric>,
    pub elements: Entities<Element>,
    pub records: Entities<Record>,
    pub references: Entities<Reference>,
    pub profiles: Entities<Profile>,
    /// Each ID's entity (the first declaration, if an ID is duplicated).
    pub symbols: HashMap<String, EntityRef>,
    pub children: Children,
}

/// Downward links of the lifecycle, for selections and coverage: the
/// functions of each area, activities of each function and capabilities of
/// each activity, as arena indices in declaration order.
#[derive(Debug, Default)]
pub struct Children {
    pub area_functions: Vec<Vec<u32>>,
    pub function_activities: Vec<Vec<u32>>,
    pub activity_capabilities: Vec<Vec<u32>>,
}

impl Model {
    /// The entity with this ID.
    pub fn lookup(&self, id: &str) -> Option<EntityRef> {
        self.symbols.get(id).copied()
    }

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

    pub fn total(&self) -> usize {
        EntityKind::ALL.iter().map(|&k| self.count(k)).sum()
    }
}
