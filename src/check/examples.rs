//! E0320 and invalid patterns: every data element's schema must compile, and
//! its example must satisfy it.
//!
//! Elements share types (a standard has thousands of elements and a few
//! dozen distinct types), and compiling a validator costs far more than
//! using one, so each distinct type is compiled once, the distinct types in
//! parallel. Findings come back in element order.

use std::collections::HashMap;

use rayon::prelude::*;

use super::CheckError;
use crate::model::{EntityKind, EntityRef, Model, TypeKind};
use crate::schema;

/// Elements per task when finding the distinct types.
const CHUNK: usize = 512;

/// The distinct types of a run of elements, in order of first use (each
/// schema with its JSON text, the key), and the elements to check with the
/// index of their type among them.
#[derive(Default)]
struct Types {
    distinct: Vec<(String, serde_json::Value)>,
    todo: Vec<(usize, usize)>,
}

pub(super) fn check(model: &Model, out: &mut Vec<CheckError>) {
    // Each chunk of elements finds its distinct types in parallel (building
    // a type's schema and its text is most of the work); the chunks are
    // then merged in order, so the distinct types are in order of first use
    // and only a few per chunk are held at once.
    let chunks: Vec<Types> = model
        .elements
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, elements)| {
            let mut types = Types::default();
            let mut by_text: HashMap<String, usize> = HashMap::new();
            for (j, e) in elements.iter().enumerate() {
                let Some(ty) = e.data_type.as_ref() else {
                    continue;
                };
                if e.example.is_none() && !has_pattern(&ty.kind) {
                    continue;
                }
                let schema = serde_json::Value::Object(schema::type_keywords(&ty.kind));
                let text = schema.to_string();
                let t = match by_text.get(&text) {
                    Some(&t) => t,
                    None => {
                        let t = types.distinct.len();
                        by_text.insert(text.clone(), t);
                        types.distinct.push((text, schema));
                        t
                    }
                };
                types.todo.push((c * CHUNK + j, t));
            }
            types
        })
        .collect();
    let mut distinct: Vec<serde_json::Value> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    let mut todo: Vec<(usize, usize)> = Vec::new();
    for chunk in chunks {
        let global: Vec<usize> = chunk
            .distinct
            .into_iter()
            .map(|(text, schema)| {
                *by_text.entry(text).or_insert_with(|| {
                    distinct.push(schema);
                    distinct.len() - 1
                })
            })
            .collect();
        todo.extend(chunk.todo.into_iter().map(|(i, t)| (i, global[t])));
    }
    let validators: Vec<Result<jsonschema::Validator, schema::SchemaError>> =
        distinct.par_iter().map(schema::validator).collect();

    let found: Vec<Option<CheckError>> = todo
        .par_iter()
        .map(|&(i, t)| {
            let e = &model.elements[i];
            let ty = e.data_type.as_ref()?;
            let owner = EntityRef {
                kind: EntityKind::Element,
                index: i as u32,
            };
            let validator = match &validators[t] {
                Ok(v) => v,
                Err(message) => {
                    let span = match &ty.kind {
                        TypeKind::String {
                            pattern: Some(p), ..
                        } => p.span,
                        _ => ty.span,
                    };
                    return Some(CheckError::InvalidPattern {
                        owner,
                        span,
                        message: message.0.clone(),
                    });
                }
            };
            let example = e.example.as_ref()?;
            let value = schema::example_value(e)?;
            let message = validator.iter_errors(&value).next()?.to_string();
            Some(CheckError::BadExample {
                owner,
                span: example.span,
                type_span: ty.span,
                message,
            })
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn has_pattern(kind: &TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::String {
            pattern: Some(_),
            ..
        }
    )
}
