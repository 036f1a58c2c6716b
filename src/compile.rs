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

/// `model.json`: the whole resolved standard.
fn model_json(doc: &model_json::ModelDoc, w: &mut (dyn Write + Send)) -> std::io::Result<()> {
    doc.write_pretty(w)?;
    w.write_all(b"\n")
}

/// What `compile` makes of a model before writing anything: the schemas
/// (see `schemas`) and the export of the model, made at the same time
/// (the schemas on one thread while the export uses the others).
pub struct Prepared {
    set: Result<OutputSet, LimitError>,
    doc: model_json::ModelDoc,
}

/// Make the files of [`outputs`], but for `model.json`, which is written
/// from the export.
pub fn prepare(model: &Model, sources: Sources<'_>) -> Prepared {
    let (set, doc) = rayon::join(
        || schemas(model),
        || model_json::export(model, Some(sources)),
    );
    Prepared { set, doc }
}

/// Every file `fibf compile` writes, by path relative to the output; an
/// error when the record schemas would exceed [`schema::MAX_RECORD_DEFS`].
pub fn outputs(model: &Model, sources: Sources<'_>) -> Result<OutputSet, LimitError> {
    prepare(model, sources).into_outputs()
}

impl Prepared {
    /// The files of [`outputs`].
    pub fn into_outputs(self) -> Result<OutputSet, LimitError> {
        let mut set = self.set?;
        let mut bytes = Vec::new();
        model_json(&self.doc, &mut bytes).expect("writing to memory cannot fail");
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

/// Write the files of [`outputs`] to `dir`, replacing it as a unit, with
/// `model.json` serialized straight to its file: at 100 times the bundled
/// standards it is a quarter of a gigabyte, which need not sit in memory
/// beside the model it comes from. Returns the number of files written,
/// and the export, for the caller to free or to leave to the end of the
/// process (millions of strings at scale).
pub fn write(
    prepared: Prepared,
    dir: &Path,
) -> Result<(usize, model_json::ModelDoc), CompileError> {
    // Everything is built before the output is touched: over the limit,
    // nothing is.
    let Prepared { set, doc } = prepared;
    let set = set.map_err(CompileError::Limit)?;
    let staging = Staging::begin(dir).map_err(CompileError::Output)?;
    // The small files are written while `model.json` is serialized.
    let (model_file, schema_files) = rayon::join(
        || staging.write_with(Path::new("model.json"), |w| model_json(&doc, w)),
        || staging.write(set.iter()),
    );
    model_file.map_err(CompileError::Output)?;
    schema_files.map_err(CompileError::Output)?;
    let files = staging.finish().map_err(CompileError::Output)?;
    Ok((files, doc))
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
