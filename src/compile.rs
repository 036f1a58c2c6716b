//! `compile`: the files generated from a standard — the machine-readable
//! model and its schema, one JSON Schema per data record, and the offering
//! schema. Built in memory, so they can be written atomically or compared.

use std::path::PathBuf;

use serde::Serialize;

use crate::export::{self, Sources};
use crate::model::Model;
use crate::output::OutputSet;
use crate::schema;

/// Pretty JSON with a final newline: the form of every generated file.
pub fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).expect("generated values serialize");
    out.push(b'\n');
    out
}

/// Every file `fibf compile` writes, by path relative to the output; an
/// error when the record schemas would exceed [`schema::MAX_RECORD_DEFS`].
pub fn outputs(model: &Model, sources: Sources<'_>) -> Result<OutputSet, String> {
    let mut set = OutputSet::new();
    let mut budget = schema::MAX_RECORD_DEFS;
    set.add(
        "model.json",
        json_bytes(&export::export(model, Some(sources))),
    );
    set.add("model.schema.json", json_bytes(&export::model_schema()));
    for (i, r) in model.records.iter().enumerate() {
        let path = PathBuf::from("schemas/records").join(format!("{}.schema.json", r.meta.id()));
        let Some(record) = schema::record_schema_within(model, i as u32, &mut budget) else {
            return Err(format!(
                "the record schemas would hold more than {} definitions (each record's schema repeats every record and data element below it); nest fewer records",
                schema::MAX_RECORD_DEFS
            ));
        };
        set.add(path, json_bytes(&record));
    }
    set.add(
        "schemas/offering.schema.json",
        json_bytes(&schema::offering_schema(model)),
    );
    Ok(set)
}
