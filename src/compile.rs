//! `compile`: the files generated from a standard — the machine-readable
//! model and its schema, one JSON Schema per data record, and the offering
//! schema. Built in memory so they can be compared (`--check`), or
//! written atomically with the model streamed to its file.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Model;
use crate::model_json::{self, Sources};
use crate::output::{OutputError, OutputSet, Staging};
use crate::schema;

/// Pretty JSON with a final newline: the form of every generated file.
pub fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("generated values serialize");
    out.push(b'\n');
    out
}

/// `model.json`: the whole resolved standard, written from the model a
/// batch of entities at a time (see [`model_json::write_export`]).
fn model_json(
    model: &Model,
    sources: Sources<'_>,
    w: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    model_json::write_export(model, Some(sources), w)?;
    w.write_all(b"\n")
}

/// What `compile` makes of a model before writing anything: the schemas
/// (see `schemas`), which can be made while the model is still being
/// checked. `model.json` is not: it is written from the model as it is
/// made, never held whole.
pub struct Prepared {
    set: Result<OutputSet, LimitError>,
}

/// Make the files of [`outputs`], but for `model.json`.
pub fn prepare(model: &Model) -> Prepared {
    Prepared {
        set: schemas(model),
    }
}

/// Every file `fibf compile` writes, by path relative to the output; an
/// error when the record schemas would exceed [`schema::MAX_RECORD_DEFS`].
pub fn outputs(model: &Model, sources: Sources<'_>) -> Result<OutputSet, LimitError> {
    prepare(model).into_outputs(model, sources)
}

impl Prepared {
    /// The files of [`outputs`], for the model this was prepared from.
    pub fn into_outputs(
        self,
        model: &Model,
        sources: Sources<'_>,
    ) -> Result<OutputSet, LimitError> {
        let mut set = self.set?;
        let mut bytes = Vec::new();
        model_json(model, sources, &mut bytes).expect("writing to memory cannot fail");
        set.add("model.json", bytes);
        Ok(set)
    }
}

/// The record schemas would hold more than [`schema::MAX_RECORD_DEFS`]
/// definitions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitError;

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the record schemas would hold more than {} definitions (each record's schema repeats every record and data element below it); nest fewer records",
            schema::MAX_RECORD_DEFS
        )
    }
}

impl std::error::Error for LimitError {}

/// Why `fibf compile` wrote nothing.
#[derive(Debug)]
pub enum CompileError {
    /// The record schemas would be too large (see [`outputs`]).
    Limit(LimitError),
    /// The output could not be written.
    Output(OutputError),
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompileError::Limit(e) => write!(f, "{e}"),
            CompileError::Output(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

/// Write the files of [`outputs`] for the model `prepared` was made from
/// to `dir`, replacing it as a unit, with `model.json` serialized straight
/// to its file: at 100 times the bundled standards it is a quarter of a
/// gigabyte. Returns the number of files written.
pub fn write(
    model: &Model,
    sources: Sources<'_>,
    prepared: Prepared,
    dir: &Path,
) -> Result<usize, CompileError> {
    // Everything else is built before the output is touched: over the
    // limit, nothing is.
    let set = prepared.set.map_err(CompileError::Limit)?;
    let staging = Staging::begin(dir).map_err(CompileError::Output)?;
    // The small files are written while `model.json` is serialized.
    let (model_file, schema_files) = rayon::join(
        || staging.write_with(Path::new("model.json"), |w| model_json(model, sources, w)),
        || staging.write(set.iter()),
    );
    model_file.map_err(CompileError::Output)?;
    schema_files.map_err(CompileError::Output)?;
    staging.finish().map_err(CompileError::Output)
}

/// Every file but `model.json`.
fn schemas(model: &Model) -> Result<OutputSet, LimitError> {
    let mut set = OutputSet::new();
    let mut budget = schema::MAX_RECORD_DEFS;
    set.add("model.schema.json", json_bytes(&model_json::model_schema()));
    for (i, r) in model.records.iter().enumerate() {
        let path = PathBuf::from("schemas/records").join(format!("{}.schema.json", r.meta.id()));
        let Some(record) = schema::record_schema_within(model, i as u32, &mut budget) else {
            return Err(LimitError);
        };
        set.add(path, json_bytes(&record));
    }
    set.add(
        "schemas/offering.schema.json",
        json_bytes(&schema::offering_schema(model)),
    );
    Ok(set)
}
