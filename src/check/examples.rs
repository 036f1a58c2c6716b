//! E0320 and invalid patterns: every data element's schema must compile, and
//! its example must satisfy it.
//!
//! Elements share types (a standard has thousands of elements and a few
//! dozen distinct types), and compiling a validator costs far more than
//! using one, so each distinct type is compiled once, the distinct types in
//! parallel. Findings come back in element order.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::CheckError;
use crate::model::{
    CodeValue, EntityKind, EntityRef, Model, Number, Spanned, StringFormat, TypeKind,
};
use crate::schema;

/// Elements per task when finding the distinct types.
const CHUNK: usize = 512;

/// What [`schema::type_keywords`] makes a type's schema of: the type
/// without the places its parts were written. Types with equal keys have
/// the same schema, so one validator serves them all; finding them by key
/// rather than by their schema's JSON text spares building a schema and
/// its text for every element: with them this check was 19.4 M of the
/// 211.5 M instructions of a one-thread compile of 10x the data model, and
/// by key it is 4.8 M.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key<'a> {
    String {
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<&'a str>,
        format: Option<StringFormat>,
    },
    Integer {
        min: Option<&'a str>,
        max: Option<&'a str>,
    },
    Decimal {
        precision: Option<u64>,
        scale: Option<u64>,
        min: Option<&'a str>,
        max: Option<&'a str>,
    },
    Date,
    DateTime,
    Boolean,
    Code(Codes<'a>),
}

impl<'a> Key<'a> {
    fn of(kind: &'a TypeKind) -> Key<'a> {
        let int = |n: &Option<Spanned<u64>>| n.as_ref().map(|n| n.value);
        // A number's schema is made from its text as written.
        let num = |n: &'a Option<Spanned<Number>>| n.as_ref().map(|n| n.value.text.as_str());
        match kind {
            TypeKind::String {
                min_length,
                max_length,
                pattern,
                format,
            } => Key::String {
                min_length: int(min_length),
                max_length: int(max_length),
                pattern: pattern.as_ref().map(|p| p.value.as_str()),
                format: format.as_ref().map(|f| f.value),
            },
            TypeKind::Integer { min, max } => Key::Integer {
                min: num(min),
                max: num(max),
            },
            TypeKind::Decimal {
                precision,
                scale,
                min,
                max,
            } => Key::Decimal {
                precision: int(precision),
                scale: int(scale),
                min: num(min),
                max: num(max),
            },
            TypeKind::Date => Key::Date,
            TypeKind::DateTime => Key::DateTime,
            TypeKind::Boolean => Key::Boolean,
            TypeKind::Code { values } => Key::Code(Codes(values)),
        }
    }
}

/// A code list's codes and meanings, in order, without their places.
#[derive(Clone, Copy)]
struct Codes<'a>(&'a [CodeValue]);

impl Codes<'_> {
    fn parts(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.0.iter().map(|v| {
            (
                v.code.value.as_str(),
                v.meaning.as_ref().map(|m| m.value.as_str()),
            )
        })
    }
}

impl PartialEq for Codes<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.parts().eq(other.parts())
    }
}

impl Eq for Codes<'_> {}

impl Hash for Codes<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.len().hash(state);
        self.parts().for_each(|p| p.hash(state));
    }
}

/// The distinct types of a run of elements, in order of first use, and the
/// elements to check with the index of their type among them.
#[derive(Default)]
struct Types<'a> {
    distinct: Vec<(Key<'a>, &'a TypeKind)>,
    todo: Vec<(usize, usize)>,
}

pub(super) fn check(model: &Model, out: &mut Vec<CheckError>) {
    // Each chunk of elements finds its distinct types in parallel; the
    // chunks are then merged in order, so the distinct types are in order
    // of first use.
    let chunks: Vec<Types> = model
        .elements
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(c, elements)| {
            let mut types = Types::default();
            let mut by_key: HashMap<Key, usize> = HashMap::new();
            for (j, e) in elements.iter().enumerate() {
                let Some(ty) = e.data_type.as_ref() else {
                    continue;
                };
                if e.example.is_none() && !has_pattern(&ty.kind) {
                    continue;
                }
                let key = Key::of(&ty.kind);
                let t = *by_key.entry(key.clone()).or_insert_with(|| {
                    types.distinct.push((key, &ty.kind));
                    types.distinct.len() - 1
                });
                types.todo.push((c * CHUNK + j, t));
            }
            types
        })
        .collect();
    let mut distinct: Vec<&TypeKind> = Vec::new();
    let mut by_key: HashMap<Key, usize> = HashMap::new();
    let mut todo: Vec<(usize, usize)> = Vec::new();
    for chunk in chunks {
        let global: Vec<usize> = chunk
            .distinct
            .into_iter()
            .map(|(key, kind)| {
                *by_key.entry(key).or_insert_with(|| {
                    distinct.push(kind);
                    distinct.len() - 1
                })
            })
            .collect();
        todo.extend(chunk.todo.into_iter().map(|(i, t)| (i, global[t])));
    }
    let validators: Vec<Result<jsonschema::Validator, schema::SchemaError>> = distinct
        .par_iter()
        .map(|kind| schema::validator(&serde_json::Value::Object(schema::type_keywords(kind))))
        .collect();

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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::Key;
    use crate::model::{CodeValue, Spanned, TypeKind};
    use crate::source::{FileId, Span};

    fn at(start: usize) -> Span {
        Span::new(FileId(0), start, start + 1)
    }

    fn codes(values: &[(&str, Option<&str>)], start: usize) -> TypeKind {
        TypeKind::Code {
            values: values
                .iter()
                .enumerate()
                .map(|(i, (code, meaning))| CodeValue {
                    code: Spanned::new((*code).to_owned(), at(start + i)),
                    meaning: meaning.map(|m| Spanned::new(m.to_owned(), at(start + i))),
                })
                .collect(),
        }
    }

    #[test]
    fn keys_ignore_places_and_nothing_else() {
        let a = codes(&[("A", Some("Active")), ("I", None)], 0);
        let moved = codes(&[("A", Some("Active")), ("I", None)], 40);
        assert!(Key::of(&a) == Key::of(&moved));
        for other in [
            codes(&[("A", Some("Active")), ("I", Some("Inactive"))], 0),
            codes(&[("A", Some("Active"))], 0),
            codes(&[("I", None), ("A", Some("Active"))], 0),
        ] {
            assert!(Key::of(&a) != Key::of(&other));
        }
        let text = |max: u64, pattern: &str, start: usize| TypeKind::String {
            min_length: None,
            max_length: Some(Spanned::new(max, at(start))),
            pattern: Some(Spanned::new(pattern.to_owned(), at(start + 1))),
            format: None,
        };
        assert!(Key::of(&text(9, "^[A-Z]+$", 0)) == Key::of(&text(9, "^[A-Z]+$", 7)));
        assert!(Key::of(&text(9, "^[A-Z]+$", 0)) != Key::of(&text(8, "^[A-Z]+$", 0)));
        assert!(Key::of(&text(9, "^[A-Z]+$", 0)) != Key::of(&text(9, "^[a-z]+$", 0)));
        assert!(Key::of(&TypeKind::Date) != Key::of(&TypeKind::DateTime));
    }

    /// Types with one key have one schema (what sharing a validator relies
    /// on), and types written alike have one key wherever they are written.
    #[test]
    fn one_key_one_schema() {
        let types = [
            "string",
            "string {\n    max-length 9\n  }",
            "string {\n    min-length 2\n    max-length 9\n  }",
            "string {\n    pattern \"^[A-Z]+$\"\n  }",
            "string {\n    format email\n  }",
            "string {\n    format uri\n  }",
            "integer {\n    min 5\n  }",
            "integer {\n    min 5.0\n  }",
            "integer {\n    max 5\n  }",
            "decimal {\n    precision 9\n    scale 2\n  }",
            "decimal {\n    precision 9\n    scale 3\n  }",
            "decimal {\n    min 0\n    max 100\n  }",
            "date",
            "datetime",
            "boolean",
            "code {\n    value A \"Active\"\n    value C \"Closed\"\n  }",
            "code {\n    value A \"Active\"\n    value C\n  }",
            "code {\n    value C \"Closed\"\n    value A \"Active\"\n  }",
            "code {\n    value A \"Open\"\n    value C \"Closed\"\n  }",
        ];
        let mut text = String::new();
        for round in 0..3 {
            for (i, ty) in types.iter().enumerate() {
                text +=
                    &format!("element E{round}x{i} {{\n  definition \"d\"\n  type {ty}\n}}\n\n");
            }
        }
        let io = crate::io::MemoryIo::new();
        io.insert("/w/types.fibf", text);
        let input = crate::workspace::Input::Path("/w".into());
        let options = crate::workspace::Options::default();
        let analysis = crate::workspace::analyze_in(&io, &input, options);
        let model = analysis.model.expect("the file loads");
        assert_eq!(model.elements.len(), 3 * types.len());
        let mut schemas: HashMap<Key, String> = HashMap::new();
        for e in &model.elements {
            let ty = e.data_type.as_ref().expect("every element is typed");
            let text =
                serde_json::Value::Object(crate::schema::type_keywords(&ty.kind)).to_string();
            let seen = schemas
                .entry(Key::of(&ty.kind))
                .or_insert_with(|| text.clone());
            assert_eq!(*seen, text, "element {}", e.meta.id());
        }
        assert_eq!(schemas.len(), types.len());
    }
}
