//! `fibf conform`: how a vendor offering stands against the standard and the
//! marketplace's profiles.
//!
//! An offering (YAML or JSON, see `docs/offerings.md`) is checked in two
//! steps: structurally against the offering schema generated from the
//! standard (`explain` words the errors), then semantically
//! (`semantics`: unknown IDs with "did you mean", mandatory capabilities
//! and data elements, vendor types against the standard's, metric values
//! against profile thresholds, the standards release). The result is an
//! [`OfferingReport`] (`report`): coverage per area, function and activity
//! (`coverage`), each profile passed or failed, the use cases the offering
//! can support, and every finding placed at its line and column. [`render`]
//! writes reports for people and for CI.

mod batch;
mod chunks;
mod coverage;
mod explain;
mod html;
mod json;
pub mod render;
mod report;
mod semantics;

use std::collections::BTreeSet;
use std::sync::OnceLock;

// The standard's IDs are looked up for every key of every offering; the
// table is the standard's, so offering keys cannot degrade it.
use std::hash::BuildHasher;

use hashbrown::HashTable;
use serde::Serialize;

pub use batch::{
    BatchOptions, Found, PathFilter, check_files, check_found, find_offerings, offering_paths,
};
pub use report::*;

use crate::data::tree::{Tree, TreeJson};
use crate::data::{self, DataError, Document, Format, Locations, Locator};
use crate::diag::{Code, Diagnostic};
use crate::model::{Model, Requirements};
use crate::schema;
use crate::source::{FileId, SourceFile, Span};
use crate::suggest;
use crate::validate;

/// The standards a report is about: their name and version, and where
/// they came from (a path, or built into the binary).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StandardsInfo {
    /// The name in their `fibf.toml`.
    pub name: Option<String>,
    /// The version in their `fibf.toml`.
    pub version: Option<String>,
    /// Where they were read from.
    pub source: String,
}

impl StandardsInfo {
    /// `name version (source)`, for reports.
    pub fn describe(&self) -> String {
        let name = self.name.as_deref().unwrap_or("unnamed standards");
        match &self.version {
            Some(v) => format!("{name} {v} ({})", self.source),
            None => format!("{name} ({})", self.source),
        }
    }
}

/// What an offering claims for a capability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Support {
    /// Supported out of the box.
    Supported,
    /// Supported by configuration.
    Configurable,
    /// Supported by custom work.
    Custom,
    /// Not yet supported: on the product's roadmap.
    Planned,
    /// Not supported.
    NotSupported,
}

impl Support {
    /// The level as offerings write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Support::Supported => "supported",
            Support::Configurable => "configurable",
            Support::Custom => "custom",
            Support::Planned => "planned",
            Support::NotSupported => "not-supported",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Support> {
        Some(match s {
            "supported" => Support::Supported,
            "configurable" => Support::Configurable,
            "custom" => Support::Custom,
            "planned" => Support::Planned,
            "not-supported" => Support::NotSupported,
            _ => return None,
        })
    }

    /// Whether the offering delivers the capability today.
    pub fn covers(self) -> bool {
        matches!(
            self,
            Support::Supported | Support::Configurable | Support::Custom
        )
    }
}

/// Everything checking offerings needs from the standard, built once.
pub struct Standard<'m> {
    /// The standard.
    pub model: &'m Model,
    validator: jsonschema::Validator<TreeJson>,
    capabilities: Index<'m>,
    /// Whether each capability is deprecated, by index: read for every
    /// claim, where the capability itself is far away in memory.
    deprecated: Vec<bool>,
    elements: Index<'m>,
    metrics: Index<'m>,
    profiles: Index<'m>,
    use_cases: Index<'m>,
    requirements: Vec<Requirements>,
    /// The capabilities each use case's events exercise, in index order
    /// and once each.
    use_case_capabilities: Vec<Box<[u32]>>,
    /// Where each capability counts toward coverage.
    tree: coverage::Tree,
}

/// The IDs of one kind of entity: in declaration order (so "did you mean"
/// answers do not depend on hashing) and by ID.
///
/// The table holds indices, and the IDs' bytes sit one after the other in
/// `packed`: a lookup compares with bytes packed together rather than
/// following a pointer to each ID where the model keeps it, which missed
/// the cache on most of an offering's claims against a large standard.
struct Index<'m> {
    ids: Vec<&'m str>,
    packed: Vec<u8>,
    /// Where each ID ends in `packed`; it starts where the one before ends.
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// Built the first time an offering names an unknown ID: most batches
    /// never need it, and a batch with broken offerings asks it thousands
    /// of times.
    dictionary: OnceLock<suggest::Dictionary<'m>>,
}

impl<'m> Index<'m> {
    fn new(ids: impl Iterator<Item = &'m str>) -> Self {
        let ids: Vec<&'m str> = ids.collect();
        let mut packed = Vec::with_capacity(ids.iter().map(|id| id.len()).sum());
        let mut ends = Vec::with_capacity(ids.len());
        for id in &ids {
            packed.extend_from_slice(id.as_bytes());
            ends.push(u32::try_from(packed.len()).expect("IDs under 4 GB"));
        }
        let mut index = Index {
            ids,
            packed,
            ends,
            table: HashTable::with_capacity(0),
            hasher: foldhash::fast::FixedState::default(),
            dictionary: OnceLock::new(),
        };
        let mut table = HashTable::with_capacity(index.ids.len());
        for i in 0..index.ids.len() as u32 {
            let key = index.key(i);
            let hash = index.hasher.hash_one(key);
            // A repeated ID (an error `check` reports) means its last
            // declaration, as a map built by insertion would.
            match table.find_mut(hash, |&j| index.key(j) == key) {
                Some(j) => *j = i,
                None => {
                    table.insert_unique(hash, i, |&j| index.hasher.hash_one(index.key(j)));
                }
            }
        }
        index.table = table;
        index
    }

    fn key(&self, i: u32) -> &[u8] {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.packed[start..self.ends[i] as usize]
    }

    fn get(&self, id: &str) -> Option<u32> {
        let key = id.as_bytes();
        self.table
            .find(self.hasher.hash_one(key), |&i| self.key(i) == key)
            .copied()
    }

    fn suggest(&self, id: &str) -> Option<&'m str> {
        self.dictionary
            .get_or_init(|| suggest::Dictionary::new(self.ids.clone()))
            .best(id)
    }
}

impl<'m> Standard<'m> {
    /// The standard with its offering schema compiled; an error is a bug of fibf.
    pub fn new(model: &'m Model) -> Result<Self, schema::SchemaError> {
        Ok(Self::with_validator(model, OfferingValidator::new(model)?))
    }

    /// [`new`](Self::new), with the model's offering schema compiled
    /// already.
    pub fn with_validator(model: &'m Model, validator: OfferingValidator) -> Self {
        let validator = validator.0;
        let use_case_capabilities = model
            .use_cases
            .iter()
            .map(|u| {
                u.events
                    .iter()
                    .flat_map(|e| {
                        e.capabilities
                            .iter()
                            .filter_map(|c| c.target.map(|t| t.index))
                    })
                    .collect::<BTreeSet<u32>>()
                    .into_iter()
                    .collect()
            })
            .collect();
        Standard {
            model,
            validator,
            capabilities: Index::new(model.capabilities.iter().map(|c| c.meta.id())),
            deprecated: model
                .capabilities
                .iter()
                .map(|c| c.meta.is_deprecated())
                .collect(),
            elements: Index::new(model.elements.iter().map(|c| c.meta.id())),
            metrics: Index::new(model.metrics.iter().map(|c| c.meta.id())),
            profiles: Index::new(model.profiles.iter().map(|c| c.meta.id())),
            use_cases: Index::new(model.use_cases.iter().map(|c| c.meta.id())),
            requirements: (0..model.profiles.len() as u32)
                .map(|p| model.profile_requirements(p))
                .collect(),
            use_case_capabilities,
            tree: coverage::Tree::new(model),
        }
    }
}

/// The offering schema of a model, compiled: the part of a [`Standard`]
/// that does not borrow the model, so that `fibf conform` compiles it
/// while the standards' last checks run rather than after them, with the
/// other threads waiting (about 2 ms of 200 for 10,000 offerings).
pub struct OfferingValidator(jsonschema::Validator<TreeJson>);

impl OfferingValidator {
    /// The offering schema of `model`, compiled.
    pub fn new(model: &Model) -> Result<Self, schema::SchemaError> {
        schema::validator_for(&schema::offering_schema(model)).map(OfferingValidator)
    }
}

/// The one document of an offering file, or the diagnostic for a file of
/// none, several, or one that could not be read.
fn one_document<V>(
    mut documents: Vec<Result<Document<V>, DataError>>,
    id: FileId,
    format: Format,
) -> Result<Document<V>, Box<Diagnostic>> {
    if documents.len() != 1 {
        return Err(Box::new(
            Diagnostic::new(
                Code::E0401,
                format!("expected one offering document, found {}", documents.len()),
            )
            .with_label(Span::new(id, 0, 0), "here")
            .with_help("put one offering in each file"),
        ));
    }
    documents
        .pop()
        .expect("one document")
        .map_err(|e| Box::new(validate::data_error(id, format, e)))
}

/// Check one offering file, read as `file` in `format` with ID `id` in the
/// report's source map. `only_profiles` overrides the profiles the offering
/// claims.
pub fn check<'m>(
    standard: &Standard<'m>,
    file: SourceFile,
    format: Format,
    id: FileId,
    only_profiles: &[String],
) -> OfferingReport<'m> {
    check_document(standard, file, format, id, only_profiles, false)
}

/// Whether a document found in a directory is an offering rather than
/// another YAML or JSON file kept beside them (a `package.json`, the
/// offering schema, an earlier report): an object with a `capabilities` map, or
/// with `vendor` and `product`, or whose `$schema` names the offering
/// schema. `Err` says what it is not.
fn looks_like_an_offering(root: crate::data::tree::TreeNode<'_>) -> Result<(), String> {
    if !root.is_object() {
        return Err("not an offering: the document is not an object".to_owned());
    }
    let has = |key: &str| root.get(key).is_some();
    let schema = semantics::str_at(root, "$schema");
    // An offering's `capabilities` is a map of claims; `model.json` has a
    // list of capabilities.
    if root.get("capabilities").is_some_and(|c| c.is_object())
        || (has("vendor") && has("product"))
        || schema.is_some_and(|s| s.contains("offering"))
    {
        return Ok(());
    }
    Err(match schema {
        Some(s) => format!("not an offering: its `$schema` is `{s}`"),
        None => {
            "not an offering: it has no `capabilities` map, nor `vendor` and `product`".to_owned()
        }
    })
}

/// [`check`]; `recognise` for a file found in a directory, which is
/// skipped unless it looks like an offering.
pub(crate) fn check_document<'m>(
    standard: &Standard<'m>,
    file: SourceFile,
    format: Format,
    id: FileId,
    only_profiles: &[String],
    recognise: bool,
) -> OfferingReport<'m> {
    let mut report = OfferingReport::empty(file);
    let text = report.file.text.clone();
    if text.trim().is_empty() {
        let what = if text.is_empty() { "empty" } else { "blank" };
        return report.not_an_offering(
            Diagnostic::new(Code::E0401, format!("the file is {what}: it holds no offering"))
                .with_label(Span::new(id, 0, text.len()), "nothing here")
                .with_help("an offering is one YAML or JSON object with `vendor`, `product`, `version`, `standards` and `capabilities`; `fibf init --offering --profile ID` writes one to start from"),
        );
    }
    let json = Locations::Json;
    let whole = Locator {
        locations: &json,
        range: 0..text.len(),
        tree: None,
    };
    // JSON the tree's parser leaves to serde_json (errors above all) is
    // read as a `serde_json::Value` first; YAML goes straight into a tree.
    let (read, yaml_locations);
    let mut duplicates = Vec::new();
    let fast = (format == Format::Json)
        .then(|| Tree::parse(&text))
        .flatten();
    let (tree, mut locator) = match (fast, format) {
        (Some(tree), _) => (tree, whole),
        (None, Format::Yaml) => {
            let doc = match one_document(data::read_yaml_trees(&text), id, format) {
                Ok(doc) => doc,
                Err(d) => return report.not_an_offering(*d),
            };
            duplicates = doc.duplicates;
            yaml_locations = doc.locations;
            let locator = Locator {
                locations: &yaml_locations,
                range: doc.range,
                tree: None,
            };
            (doc.value, locator)
        }
        (None, _) => {
            read = match one_document(data::read(&text, format), id, format) {
                Ok(doc) => doc,
                Err(d) => return report.not_an_offering(*d),
            };
            (Tree::from_value(&read.value), read.locator())
        }
    };
    // A tree the JSON parser read knows where its values are.
    locator.tree = Some(&tree);
    let root = tree.root();
    if recognise && let Err(why) = looks_like_an_offering(root) {
        report.skipped = Some(why);
        return report;
    }
    let string = |key: &str| semantics::str_at(root, key).map(str::to_owned);
    report.vendor = string("vendor");
    report.product = string("product");
    report.version = string("version");

    let mut structural = validate::schema_errors(
        &standard.validator,
        root,
        &locator,
        id,
        &text,
        &explain::OfferingExplain,
    );
    structural.retain(|d| !explain::covered_by_semantics(d));
    structural.extend(
        duplicates
            .into_iter()
            .map(|e| validate::data_error(id, format, e)),
    );
    let mut checker = semantics::Checker {
        standard,
        root,
        locator,
        text: &text,
        file: id,
        out: structural,
        unreadable_claims: BTreeSet::new(),
        missed_thresholds: BTreeSet::new(),
    };
    checker.unknown_ids();
    checker.standards_release();
    let claims = checker.claims();
    report.unchecked_mappings = checker.mappings();
    report.profiles = checker.profiles(&claims, only_profiles);
    checker.metrics();
    checker.use_cases(&claims);
    report.claims = Some(claims.into_list());
    report.diagnostics = checker.out;
    report.finish();
    report
}
