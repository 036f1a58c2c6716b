//! E0320 and invalid patterns: every data element's schema must compile, and
//! its example must satisfy it. Validators are built in parallel; findings
//! come back in element order.

use rayon::prelude::*;

use super::CheckError;
use crate::model::{EntityKind, EntityRef, Model, TypeKind};
use crate::schema;

pub(super) fn check(model: &Model, out: &mut Vec<CheckError>) {
    let found: Vec<Option<CheckError>> = model
        .elements
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            let ty = e.data_type.as_ref()?;
            let has_pattern = matches!(
                &ty.kind,
                TypeKind::String {
                    pattern: Some(_),
                    ..
                }
            );
            if e.example.is_none() && !has_pattern {
                return None;
            }
            let owner = EntityRef {
                kind: EntityKind::Element,
                index: i as u32,
            };
            let validator = match schema::validator(&serde_json::Value::Object(
                schema::type_keywords(&ty.kind),
            )) {
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
                        message,
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
