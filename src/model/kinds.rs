//! One descriptor per entity kind: what each kind of declaration looks like,
//! written down once.
//!
//! A [`KindInfo`] gives a kind's spellings (the keyword that declares it, its
//! key in `model.json`, its name in reports, the folder of its pages and
//! files, its title), the fields its block takes in their canonical order
//! with their shape and the kinds a reference may point to, its parent
//! field, the relations derived from other entities, and its sheet in an
//! exported workbook. Lowering, resolution, formatting, the model export,
//! `diff`, the docs site, the workbook export and the import read these
//! tables instead of keeping their own; `tests/descriptor.rs` proves that
//! each of them covers every kind and field.
//!
//! The semantics of a field (how its values are checked, what they mean)
//! stay with the code that reads it; the descriptor says what exists.

use super::EntityKind;

/// How a field is written in a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One ID, number or keyword: `unit USD`, `status final`.
    Word,
    /// One ID of another entity: `activity GRM.010.010`.
    Ref,
    /// One quoted string or text block: `statement "..."`.
    Text,
    /// IDs, separated by commas, on one or more lines: `references A, B`.
    Refs,
    /// Quoted strings, separated by commas: `actors "Payee", "Agency"`.
    Texts,
    /// IDs or quoted strings, mixed: an event's `inputs`.
    Flows,
    /// One quoted string per line, the key repeated: `measure "..."`.
    TextLines,
    /// A line of its own structure, repeatable: `field X required 0..*`,
    /// `provenance "file" sheet "..." row 4`, `threshold M <= 4 USD`.
    Lines,
    /// A comparator, a number and optionally a unit: `target <= 5.00 USD`.
    Target,
    /// A line with a block of nested fields ([`FieldInfo::nested`]).
    Block,
}

impl Shape {
    /// Whether the values form a list written with `, ` between them.
    pub fn is_list(self) -> bool {
        matches!(self, Shape::Refs | Shape::Texts | Shape::Flows)
    }

    /// Whether the values are written bare (IDs and words), not quoted.
    pub fn is_bare(self) -> bool {
        matches!(self, Shape::Word | Shape::Ref | Shape::Refs | Shape::Target)
    }
}

/// One field of a kind's block.
#[derive(Debug, PartialEq, Eq)]
pub struct FieldInfo {
    /// The key that starts its line in the language: `other-sources`.
    pub key: &'static str,
    /// Its key in `model.json` and in `diff` reports: `other_sources`.
    pub json: &'static str,
    /// How its values are written.
    pub shape: Shape,
    /// Whether a declaration must have it.
    pub required: bool,
    /// The kinds its IDs may name, for fields that refer to entities
    /// (empty for every other field, and for IDs that are only labels,
    /// such as an activity's `legacy` codes).
    pub targets: &'static [EntityKind],
    /// The fields of its block, for [`Shape::Block`].
    pub nested: &'static [FieldInfo],
}

/// What the line that declares an entity holds after its ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderInfo {
    /// An example of the declaration line, when the kind requires a quoted
    /// name (the help of a missing-name error); `None` when it is optional.
    pub name_example: Option<&'static str>,
    /// A word the line may have between the ID and the name, with its key
    /// in `model.json`: a capability's `kind` (`input`, `process`, `output`).
    pub modifier: Option<&'static str>,
}

/// The sheet of a kind in a workbook written by `fibf export`.
#[derive(Debug, PartialEq, Eq)]
pub struct SheetInfo {
    /// The sheet's name, as the published workbooks call it.
    pub name: &'static str,
    /// Its columns, in order: the header, and the field key the column
    /// holds (or [`column::ID`], [`column::NAME`], [`column::WORD`] for the
    /// declaration line, [`column::SHOWN`] for a column not read back).
    pub columns: &'static [(&'static str, &'static str)],
}

/// Keys of workbook columns that hold a part of the declaration line
/// rather than a field.
pub mod column {
    /// The entity's ID.
    pub const ID: &str = "@id";
    /// The entity's quoted name.
    pub const NAME: &str = "@name";
    /// The word after the ID (a capability's kind).
    pub const WORD: &str = "@word";
    /// A column shown for readers and not read back.
    pub const SHOWN: &str = "@shown";
}

/// Everything a pass needs to know about one kind of entity.
#[derive(Debug, PartialEq, Eq)]
pub struct KindInfo {
    /// The kind described.
    pub kind: EntityKind,
    /// The keyword that declares it: `usecase`.
    pub keyword: &'static str,
    /// The key of its list in `model.json`: `use_cases`.
    pub json_key: &'static str,
    /// Its name in `diff` reports and JSON values: `use_case`.
    pub json_name: &'static str,
    /// The folder of its pages in the docs site and of its files in an
    /// imported workspace: `use-cases`.
    pub folder: &'static str,
    /// What people call it: `use case`.
    pub noun: &'static str,
    /// Its title, as headings say it: `Use case`.
    pub title: &'static str,
    /// The plural title, as lists say it: `Use cases`.
    pub plural: &'static str,
    /// What follows the ID on the declaration line.
    pub header: HeaderInfo,
    /// The fields of its block in canonical order (the order `fibf fmt`
    /// writes), the fields every kind has included.
    pub fields: &'static [FieldInfo],
    /// The field naming its parent in the lifecycle, whose change is a move.
    pub parent: Option<&'static str>,
    /// Keys of `model.json` that list other entities pointing at it: they
    /// change when those do, and are not changes of the entity itself.
    pub derived: &'static [&'static str],
    /// Keys of `model.json` computed from the entity's own fields (a
    /// profile's requirements with inheritance resolved).
    pub computed: &'static [&'static str],
    /// Its sheet in an exported workbook.
    pub sheet: SheetInfo,
}

impl KindInfo {
    /// The field with this key, if the kind has one.
    pub fn field(&self, key: &str) -> Option<&'static FieldInfo> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The keys of its fields, in canonical order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + use<> {
        self.fields.iter().map(|f| f.key)
    }
}

/// The keys `model.json` gives every entity, from its declaration line and
/// the fields every kind has.
pub const COMMON_JSON: &[&str] = &[
    "id",
    "name",
    "description",
    "status",
    "provenance",
    "defects",
    "location",
];

use EntityKind as K;

const fn field(key: &'static str, json: &'static str, shape: Shape) -> FieldInfo {
    FieldInfo {
        key,
        json,
        shape,
        required: false,
        targets: &[],
        nested: &[],
    }
}

const fn reference(key: &'static str, targets: &'static [EntityKind]) -> FieldInfo {
    FieldInfo {
        key,
        json: key,
        shape: Shape::Ref,
        required: false,
        targets,
        nested: &[],
    }
}

const fn references(key: &'static str, json: &'static str, targets: &'static [K]) -> FieldInfo {
    FieldInfo {
        key,
        json,
        shape: Shape::Refs,
        required: false,
        targets,
        nested: &[],
    }
}

const fn required(mut f: FieldInfo) -> FieldInfo {
    f.required = true;
    f
}

const DESCRIPTION: FieldInfo = field("description", "description", Shape::Text);
const STATUS: FieldInfo = field("status", "status", Shape::Word);
const PROVENANCE: FieldInfo = field("provenance", "provenance", Shape::Lines);

/// The fields of an event's block in a use case.
pub const EVENT_FIELDS: &[FieldInfo] = &[
    reference("activity", &[K::Activity]),
    references("capabilities", "capabilities", &[K::Capability]),
    FieldInfo {
        targets: &[K::Element, K::Record],
        ..field("inputs", "inputs", Shape::Flows)
    },
    FieldInfo {
        targets: &[K::Element, K::Record],
        ..field("outputs", "outputs", Shape::Flows)
    },
    references("intersects", "intersects", &[K::Area]),
];

/// The fields of a data element's `type` block, across all type names
/// (each type takes the ones that apply to it).
pub const TYPE_FIELDS: &[FieldInfo] = &[
    field("min-length", "min_length", Shape::Word),
    field("max-length", "max_length", Shape::Word),
    field("pattern", "pattern", Shape::Text),
    field("format", "format", Shape::Word),
    field("precision", "precision", Shape::Word),
    field("scale", "scale", Shape::Word),
    field("min", "min", Shape::Word),
    field("max", "max", Shape::Word),
    field("value", "values", Shape::Lines),
];

use column::{ID, NAME, SHOWN, WORD};

const AREA: KindInfo = KindInfo {
    kind: K::Area,
    keyword: "area",
    json_key: "areas",
    json_name: "area",
    folder: "areas",
    noun: "service area",
    title: "Service area",
    plural: "Service areas",
    header: HeaderInfo {
        name_example: Some("area GRM \"Grants Management\""),
        modifier: None,
    },
    fields: &[
        field("lead", "lead", Shape::Text),
        field("version", "version", Shape::Text),
        DESCRIPTION,
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &["functions"],
    computed: &[],
    sheet: SheetInfo {
        name: "Service Areas",
        columns: &[("ServiceAreaID", ID), ("ServiceAreaName", NAME)],
    },
};

const PROCESS: KindInfo = KindInfo {
    kind: K::Process,
    keyword: "process",
    json_key: "processes",
    json_name: "process",
    folder: "processes",
    noun: "end-to-end process",
    title: "End-to-end process",
    plural: "End-to-end processes",
    header: HeaderInfo {
        name_example: Some("process 040 \"Procure-to-Pay\""),
        modifier: None,
    },
    fields: &[DESCRIPTION, STATUS, PROVENANCE],
    parent: None,
    derived: &["use_cases"],
    computed: &[],
    sheet: SheetInfo {
        name: "End-to-End Processes",
        columns: &[
            ("Process ID", ID),
            ("Name", NAME),
            ("Description", "description"),
        ],
    },
};

const FUNCTION: KindInfo = KindInfo {
    kind: K::Function,
    keyword: "function",
    json_key: "functions",
    json_name: "function",
    folder: "functions",
    noun: "function",
    title: "Function",
    plural: "Functions",
    header: HeaderInfo {
        name_example: Some("function GRM.010 \"Grant Program Administration\""),
        modifier: None,
    },
    fields: &[
        required(reference("area", &[K::Area])),
        DESCRIPTION,
        STATUS,
        PROVENANCE,
    ],
    parent: Some("area"),
    derived: &["activities"],
    computed: &[],
    sheet: SheetInfo {
        name: "Service Functions",
        columns: &[
            ("ServiceAreaID", "area"),
            ("ServiceFunctionID", ID),
            ("ServiceFunctionName", NAME),
        ],
    },
};

const ACTIVITY: KindInfo = KindInfo {
    kind: K::Activity,
    keyword: "activity",
    json_key: "activities",
    json_name: "activity",
    folder: "activities",
    noun: "activity",
    title: "Activity",
    plural: "Activities",
    header: HeaderInfo {
        name_example: Some("activity GRM.010.010 \"Grant Program Set-up and Maintenance\""),
        modifier: None,
    },
    fields: &[
        required(reference("function", &[K::Function])),
        // Codes of earlier numberings: IDs by shape, naming no entity.
        references("legacy", "legacy", &[]),
        DESCRIPTION,
        field("measure", "measures", Shape::TextLines),
        STATUS,
        PROVENANCE,
    ],
    parent: Some("function"),
    derived: &["capabilities", "metrics"],
    computed: &[],
    sheet: SheetInfo {
        name: "Service Activities",
        columns: &[
            ("Function ID", "function"),
            ("Activity ID", ID),
            ("Activity Name", NAME),
            ("Activity Description", "description"),
        ],
    },
};

const CAPABILITY: KindInfo = KindInfo {
    kind: K::Capability,
    keyword: "capability",
    json_key: "capabilities",
    json_name: "capability",
    folder: "capabilities",
    noun: "capability",
    title: "Capability",
    plural: "Capabilities",
    header: HeaderInfo {
        name_example: None,
        modifier: Some("kind"),
    },
    fields: &[
        required(reference("activity", &[K::Activity])),
        required(field("statement", "statement", Shape::Text)),
        references("references", "references", &[K::Reference]),
        field("other-sources", "other_sources", Shape::Texts),
        references("inputs", "inputs", &[K::Element]),
        references("outputs", "outputs", &[K::Element]),
        DESCRIPTION,
        STATUS,
        PROVENANCE,
    ],
    parent: Some("activity"),
    derived: &["use_cases", "profiles"],
    computed: &[],
    sheet: SheetInfo {
        name: "Business Capabilities",
        columns: &[
            ("Function ID and Name", SHOWN),
            ("Activity ID", "activity"),
            ("Capability ID", ID),
            ("Capability Name", NAME),
            ("(I)input (P)process (O)output", WORD),
            ("Business Capability Statement", "statement"),
            ("Authoritative Reference", SHOWN),
        ],
    },
};

const USE_CASE: KindInfo = KindInfo {
    kind: K::UseCase,
    keyword: "usecase",
    json_key: "use_cases",
    json_name: "use_case",
    folder: "use-cases",
    noun: "use case",
    title: "Use case",
    plural: "Use cases",
    header: HeaderInfo {
        name_example: Some("usecase UC-040-01 \"Pay a vendor invoice\""),
        modifier: None,
    },
    fields: &[
        reference("process", &[K::Process]),
        DESCRIPTION,
        field("actors", "actors", Shape::Texts),
        field("trigger", "trigger", Shape::Text),
        field("preconditions", "preconditions", Shape::Texts),
        FieldInfo {
            nested: EVENT_FIELDS,
            ..field("event", "events", Shape::Block)
        },
        field("outcome", "outcome", Shape::Text),
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &[],
    computed: &[],
    sheet: SheetInfo {
        name: "Use Cases",
        columns: &[
            ("Use Case ID", ID),
            ("Title", NAME),
            ("End-to-End Process", "process"),
            ("Description", "description"),
            ("Trigger", "trigger"),
            ("Outcome", "outcome"),
        ],
    },
};

const METRIC: KindInfo = KindInfo {
    kind: K::Metric,
    keyword: "metric",
    json_key: "metrics",
    json_name: "metric",
    folder: "metrics",
    noun: "metric",
    title: "Metric",
    plural: "Metrics",
    header: HeaderInfo {
        name_example: Some("metric FFM-M-001 \"Cost per invoice\""),
        modifier: None,
    },
    fields: &[
        reference("activity", &[K::Activity]),
        field("dimension", "dimension", Shape::Word),
        field("unit", "unit", Shape::Word),
        field("target", "target", Shape::Target),
        field("computation", "computation", Shape::Text),
        DESCRIPTION,
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &[],
    computed: &[],
    sheet: SheetInfo {
        name: "Performance Metrics",
        columns: &[
            ("Metric ID", ID),
            ("Name", NAME),
            ("Activity", "activity"),
            ("Dimension", "dimension"),
            ("Unit", "unit"),
            ("Target", "target"),
            ("Computation", "computation"),
        ],
    },
};

const ELEMENT: KindInfo = KindInfo {
    kind: K::Element,
    keyword: "element",
    json_key: "elements",
    json_name: "element",
    folder: "elements",
    noun: "data element",
    title: "Data element",
    plural: "Data elements",
    header: HeaderInfo {
        name_example: None,
        modifier: None,
    },
    fields: &[
        required(field("definition", "definition", Shape::Text)),
        FieldInfo {
            nested: TYPE_FIELDS,
            ..field("type", "type", Shape::Block)
        },
        field("example", "example", Shape::Text),
        references("activities", "activities", &[K::Activity]),
        references("capabilities", "capabilities", &[K::Capability]),
        references("references", "references", &[K::Reference]),
        DESCRIPTION,
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &["used_by_capabilities", "used_by_records"],
    computed: &[],
    sheet: SheetInfo {
        name: "Standard Data Elements",
        columns: &[
            ("Data Element Label", ID),
            ("Name", NAME),
            ("Definition", "definition"),
            ("Example Value", "example"),
            ("Service Activity", SHOWN),
            ("Business Capability Reference", SHOWN),
            ("Authoritative Reference", SHOWN),
        ],
    },
};

const RECORD: KindInfo = KindInfo {
    kind: K::Record,
    keyword: "record",
    json_key: "records",
    json_name: "record",
    folder: "records",
    noun: "data record",
    title: "Data record",
    plural: "Data records",
    header: HeaderInfo {
        name_example: None,
        modifier: None,
    },
    fields: &[
        DESCRIPTION,
        FieldInfo {
            targets: &[K::Element, K::Record],
            ..field("field", "fields", Shape::Lines)
        },
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &[],
    computed: &[],
    sheet: SheetInfo {
        name: "Data Records",
        columns: &[
            ("Record ID", ID),
            ("Name", NAME),
            ("Description", "description"),
        ],
    },
};

const REFERENCE: KindInfo = KindInfo {
    kind: K::Reference,
    keyword: "reference",
    json_key: "references",
    json_name: "reference",
    folder: "references",
    noun: "authoritative reference",
    title: "Authoritative reference",
    plural: "Authoritative references",
    header: HeaderInfo {
        name_example: Some("reference PL-95-224 \"Federal Grant and Cooperative Agreement Act\""),
        modifier: None,
    },
    fields: &[
        field("citation", "citation", Shape::Text),
        field("url", "url", Shape::Text),
        DESCRIPTION,
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &["cited_by"],
    computed: &[],
    sheet: SheetInfo {
        name: "References",
        columns: &[
            ("Reference ID", ID),
            ("Title", NAME),
            ("Citation", "citation"),
            ("URL", "url"),
            ("Description", "description"),
        ],
    },
};

const PROFILE: KindInfo = KindInfo {
    kind: K::Profile,
    keyword: "profile",
    json_key: "profiles",
    json_name: "profile",
    folder: "profiles",
    noun: "profile",
    title: "Profile",
    plural: "Profiles",
    header: HeaderInfo {
        name_example: None,
        modifier: None,
    },
    fields: &[
        references("extends", "extends", &[K::Profile]),
        DESCRIPTION,
        references("require", "requires", &[K::Capability]),
        FieldInfo {
            targets: &[K::Area, K::Function, K::Activity],
            ..field("select", "selects", Shape::Lines)
        },
        references("exclude", "excludes", &[K::Capability]),
        references("elements", "elements", &[K::Element]),
        FieldInfo {
            targets: &[K::Metric],
            ..field("threshold", "thresholds", Shape::Lines)
        },
        STATUS,
        PROVENANCE,
    ],
    parent: None,
    derived: &[],
    computed: &["resolved"],
    sheet: SheetInfo {
        name: "Profiles",
        columns: &[
            ("Profile ID", ID),
            ("Name", NAME),
            ("Description", "description"),
        ],
    },
};

impl EntityKind {
    /// The kind's descriptor.
    pub fn info(self) -> &'static KindInfo {
        match self {
            K::Area => &AREA,
            K::Process => &PROCESS,
            K::Function => &FUNCTION,
            K::Activity => &ACTIVITY,
            K::Capability => &CAPABILITY,
            K::UseCase => &USE_CASE,
            K::Metric => &METRIC,
            K::Element => &ELEMENT,
            K::Record => &RECORD,
            K::Reference => &REFERENCE,
            K::Profile => &PROFILE,
        }
    }

    /// The kind whose name in `diff` reports and JSON values is `name`.
    pub fn from_json_name(name: &str) -> Option<EntityKind> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.info().json_name == name)
    }
}

/// The field `key` of `kind`: for the code that reads a field the
/// descriptor lists, which is a bug if it does not.
pub(crate) fn field_of(kind: EntityKind, key: &str) -> &'static FieldInfo {
    kind.info()
        .field(key)
        .unwrap_or_else(|| panic!("the {} descriptor has no field `{key}`", kind.keyword()))
}

/// The field `key` of a nested block's fields (an event's, a type's).
pub(crate) fn nested_field(fields: &'static [FieldInfo], key: &str) -> &'static FieldInfo {
    fields
        .iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("no nested field `{key}` in the descriptor"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_describes_itself_once() {
        for kind in EntityKind::ALL {
            let info = kind.info();
            assert_eq!(info.kind, kind);
            let mut keys: Vec<_> = info.keys().collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), info.fields.len(), "{kind:?} repeats a key");
            for f in info.fields {
                assert_eq!(
                    f.shape == Shape::Block,
                    !f.nested.is_empty(),
                    "{kind:?}.{}: a block has nested fields, nothing else does",
                    f.key
                );
            }
            if let Some(parent) = info.parent {
                assert_eq!(info.field(parent).map(|f| f.shape), Some(Shape::Ref));
            }
        }
        for spelling in [
            |k: EntityKind| k.info().keyword,
            |k: EntityKind| k.info().json_key,
            |k: EntityKind| k.info().json_name,
            |k: EntityKind| k.info().folder,
            |k: EntityKind| k.info().title,
            |k: EntityKind| k.info().sheet.name,
        ] {
            let mut all: Vec<_> = EntityKind::ALL.into_iter().map(spelling).collect();
            all.sort_unstable();
            all.dedup();
            assert_eq!(all.len(), EntityKind::ALL.len());
        }
    }
}
