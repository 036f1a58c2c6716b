//! `compile`: the files generated from a standard — the machine-readable
//! model and its schema, one JSON Schema per data record, and the offering
//! schema. Built in memory so they can be compared (`--check`), or
//! written atomically with the model streamed to its file.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::Model;
use crate::model_json::{self, Locations, Sources};
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
    locations: &Locations,
    w: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    model_json::write_export(model, Some(locations), w)?;
    w.write_all(b"\n")
}

/// Every file `fibf compile` writes, by path relative to the output; an
/// error when the record schemas would exceed [`schema::MAX_RECORD_DEFS`].
pub fn outputs(model: &Model, sources: Sources<'_>) -> Result<OutputSet, LimitError> {
    outputs_at(model, &Locations::new(model, sources))
}

/// [`outputs`], for a model whose entities are at `locations`.
pub fn outputs_at(model: &Model, locations: &Locations) -> Result<OutputSet, LimitError> {
    let mut set = schemas(model)?;
    let mut bytes = Vec::new();
    model_json(model, locations, &mut bytes).expect("writing to memory cannot fail");
    set.add("model.json", bytes);
    Ok(set)
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

impl From<LimitError> for CompileError {
    fn from(e: LimitError) -> Self {
        CompileError::Limit(e)
    }
}

impl From<OutputError> for CompileError {
    fn from(e: OutputError) -> Self {
        CompileError::Output(e)
    }
}

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

/// Write the files of [`outputs`] for `model`, whose entities are at
/// `locations`, to `dir`, replacing it as a unit, with `model.json`
/// serialized straight to its file: at 100 times the bundled standards it
/// is a quarter of a gigabyte. Returns the number of files written.
pub fn write(model: &Model, locations: &Locations, dir: &Path) -> Result<usize, CompileError> {
    stage(model, locations, dir)?
        .finish()
        .map_err(CompileError::Output)
}

/// [`write()`] up to the last step: the files are in a staging directory
/// beside `dir`, which [`Staging::finish`] puts in place of `dir` and
/// dropping the staging removes (`fibf compile` writes while the last
/// checks run, and keeps the files only if those find no error).
pub fn stage(model: &Model, locations: &Locations, dir: &Path) -> Result<Staging, CompileError> {
    let staging = Staging::begin(dir).map_err(CompileError::Output)?;
    // The other files are made and written while `model.json` is
    // serialized. Over the limit, the staging directory is removed and
    // the output left as it was.
    let (model_file, schema_files) = rayon::join(
        || staging.write_with(Path::new("model.json"), |w| model_json(model, locations, w)),
        || {
            let mut dirs = std::collections::HashSet::new();
            each_schema(model, |path, bytes| {
                if dirs.insert(path.parent().map(Path::to_path_buf)) {
                    staging.create_dirs(std::iter::once(path.as_path()))?;
                }
                staging.write_file(&path, &bytes)?;
                Ok::<(), CompileError>(())
            })
        },
    );
    schema_files?;
    model_file.map_err(CompileError::Output)?;
    Ok(staging)
}

/// Every file but `model.json`, each handed to `file` as soon as it is
/// made: the record schemas repeat the records and data elements below
/// each record, tens of megabytes together at 100 times the bundled
/// standards, which `fibf compile` need not hold at once.
fn each_schema<E: From<LimitError>>(
    model: &Model,
    mut file: impl FnMut(PathBuf, Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    let mut budget = schema::MAX_RECORD_DEFS;
    file(
        "model.schema.json".into(),
        json_bytes(&model_json::model_schema()),
    )?;
    for (i, r) in model.records.iter().enumerate() {
        let path = PathBuf::from("schemas/records").join(format!("{}.schema.json", r.meta.id()));
        let Some(record) = schema::record_schema_within(model, i as u32, &mut budget) else {
            return Err(LimitError.into());
        };
        file(path, json_bytes(&record))?;
    }
    file(
        "schemas/offering.schema.json".into(),
        json_bytes(&schema::offering_schema(model)),
    )
}

/// Every file but `model.json`, in memory.
fn schemas(model: &Model) -> Result<OutputSet, LimitError> {
    let mut set = OutputSet::new();
    each_schema(model, |path, bytes| {
        set.add(path, bytes);
        Ok::<(), LimitError>(())
    })?;
    Ok(set)
}
