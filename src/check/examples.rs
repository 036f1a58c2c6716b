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

pub(super) fn check(model: &Model, out: &mut Vec<CheckError>) {
    // The elements to check, each with the index of its type's schema among
    // the distinct ones (keyed by the schema's JSON text).
    let mut distinct: Vec<serde_json::Value> = Vec::new();
    let mut by_text: HashMap<String, usize> = HashMap::new();
    let mut todo: Vec<(usize, usize)> = Vec::new();
    for (i, e) in model.elements.iter().enumerate() {
        let Some(ty) = e.data_type.as_ref() else {
            continue;
        };
        if e.example.is_none() && !has_pattern(&ty.kind) {
            continue;
        }
        let schema = serde_json::Value::Object(schema::type_keywords(&ty.kind));
        let text = schema.to_string();
        let next = distinct.len();
        let t = *by_text.entry(text).or_insert(next);
        if t == next {
            distinct.push(schema);
        }
        todo.push((i, t));
    }
    let validators: Vec<Result<jsonschema::Validator, String>> =
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
                        message: message.clone(),
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
