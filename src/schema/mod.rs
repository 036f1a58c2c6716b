//! JSON Schema (draft 2020-12) for the standard's data: one schema per data
//! record, the schema of each data element, and the schema of a vendor
//! offering specialised to the standard.
//!
//! See `docs/schemas.md` for the mapping from the language's types to JSON
//! Schema. Schemas are `serde_json::Value`s built in a fixed order, so the same
//! model always gives byte-identical output.

mod offering;

pub use offering::{SUPPORT_LEVELS, VENDOR_TYPES, offering_schema};

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::model::{Element, EntityKind, Model, Number, Record, StringFormat, TypeKind};

/// The JSON Schema dialect every emitted schema declares.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The base of every `$id`: `urn:fibf:NAME:VERSION`, from `fibf.toml`.
pub fn base_id(model: &Model) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-._".contains(c) {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    };
    format!(
        "urn:fibf:{}:{}",
        clean(model.workspace.name.as_deref().unwrap_or("standards")),
        clean(model.workspace.version.as_deref().unwrap_or("unversioned"))
    )
}

/// `$id` of a record's schema.
pub fn record_id(model: &Model, record: &str) -> String {
    format!("{}:records:{record}", base_id(model))
}

fn number(n: &Number) -> Value {
    if n.is_integer()
        && let Ok(i) = n.text.parse::<i64>()
    {
        return Value::from(i);
    }
    serde_json::Number::from_f64(n.value).map_or(Value::Null, Value::Number)
}

/// `10^exp` as a JSON number, exactly for the exponents that matter here.
fn power_of_ten(exp: i64) -> Value {
    if (0..=18).contains(&exp) {
        Value::from(10i64.pow(exp as u32))
    } else {
        serde_json::Number::from_f64(10f64.powi(exp as i32)).map_or(Value::Null, Value::Number)
    }
}

/// The type keywords of a data element (without title or examples).
pub fn type_keywords(kind: &TypeKind) -> Map<String, Value> {
    let mut s = Map::new();
    match kind {
        TypeKind::String {
            min_length,
            max_length,
            pattern,
            format,
        } => {
            s.insert("type".into(), json!("string"));
            if let Some(n) = min_length {
                s.insert("minLength".into(), json!(n.value));
            }
            if let Some(n) = max_length {
                s.insert("maxLength".into(), json!(n.value));
            }
            if let Some(p) = pattern {
                s.insert("pattern".into(), json!(p.value));
            }
            if let Some(f) = format {
                let name = match f.value {
                    StringFormat::Email => "email",
                    StringFormat::Uri => "uri",
                    StringFormat::Uuid => "uuid",
                };
                s.insert("format".into(), json!(name));
            }
        }
        TypeKind::Integer { min, max } => {
            s.insert("type".into(), json!("integer"));
            if let Some(n) = min {
                s.insert("minimum".into(), number(&n.value));
            }
            if let Some(n) = max {
                s.insert("maximum".into(), number(&n.value));
            }
        }
        TypeKind::Decimal {
            precision,
            scale,
            min,
            max,
        } => {
            s.insert("type".into(), json!("number"));
            if let Some(n) = min {
                s.insert("minimum".into(), number(&n.value));
            }
            if let Some(n) = max {
                s.insert("maximum".into(), number(&n.value));
            }
            let scale = scale.as_ref().map(|s| s.value);
            if let Some(p) = precision {
                // Digits before the point: precision - scale. A value has
                // fewer than that many, so |v| < 10^(precision - scale).
                let whole = p.value as i64 - scale.unwrap_or(0) as i64;
                let limit = power_of_ten(whole.max(0));
                s.insert("exclusiveMaximum".into(), limit.clone());
                let negative = match limit {
                    Value::Number(n) if n.is_i64() => json!(-n.as_i64().unwrap_or(0)),
                    Value::Number(n) => json!(-n.as_f64().unwrap_or(0.0)),
                    other => other,
                };
                s.insert("exclusiveMinimum".into(), negative);
                s.insert("x-fibf-precision".into(), json!(p.value));
            }
            if let Some(scale) = scale {
                s.insert("x-fibf-scale".into(), json!(scale));
                s.insert("multipleOf".into(), power_of_ten(-(scale as i64)));
            }
        }
        TypeKind::Date => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("date"));
        }
        TypeKind::DateTime => {
            s.insert("type".into(), json!("string"));
            s.insert("format".into(), json!("date-time"));
        }
        TypeKind::Boolean => {
            s.insert("type".into(), json!("boolean"));
        }
        TypeKind::Code { values } => {
            s.insert("type".into(), json!("string"));
            s.insert(
                "enum".into(),
                Value::Array(values.iter().map(|v| json!(v.code.value)).collect()),
            );
            let meanings: Map<String, Value> = values
                .iter()
                .filter_map(|v| {
                    v.meaning
                        .as_ref()
                        .map(|m| (v.code.value.clone(), json!(m.value)))
                })
                .collect();
            if !meanings.is_empty() {
                s.insert("x-fibf-meanings".into(), Value::Object(meanings));
            }
        }
    }
    s
}

/// The JSON value an example written in the DSL stands for, given the
/// element's type: numbers and booleans are typed, everything else a string.
pub fn example_value(element: &Element) -> Option<Value> {
    let text = &element.example.as_ref()?.value;
    let kind = element.data_type.as_ref().map(|t| &t.kind);
    let typed = match kind {
        Some(TypeKind::Integer { .. }) => text.parse::<i64>().ok().map(Value::from),
        Some(TypeKind::Decimal { .. }) => Number::parse(text).and_then(|n| match number(&n) {
            Value::Null => None,
            v => Some(v),
        }),
        Some(TypeKind::Boolean) => match text.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    };
    Some(typed.unwrap_or_else(|| Value::String(text.clone())))
}

/// The schema of one data element: its type, title, definition and example.
pub fn element_schema(element: &Element) -> Value {
    let mut s = Map::new();
    s.insert(
        "title".into(),
        json!(element.meta.name().unwrap_or(element.meta.id())),
    );
    s.insert("description".into(), json!(element.definition.value));
    if let Some(t) = &element.data_type {
        s.extend(type_keywords(&t.kind));
    }
    if let Some(example) = example_value(element) {
        s.insert("examples".into(), json!([example]));
    }
    Value::Object(s)
}

/// The object schema of a record's own fields, referring to `$defs`.
fn record_object(record: &Record, defs: &mut BTreeSet<(EntityKind, u32)>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &record.fields {
        let Some(target) = field.target.target else {
            continue;
        };
        defs.insert((target.kind, target.index));
        let reference = json!({ "$ref": format!("#/$defs/{}", field.target.id) });
        let card = field.cardinality.as_ref().map(|c| c.value);
        let property = match card {
            Some(c) if c.is_many() => {
                let mut array = Map::new();
                array.insert("type".into(), json!("array"));
                array.insert("items".into(), reference);
                if c.min > 0 {
                    array.insert("minItems".into(), json!(c.min));
                }
                if let Some(max) = c.max {
                    array.insert("maxItems".into(), json!(max));
                }
                Value::Object(array)
            }
            _ => reference,
        };
        properties.insert(field.target.id.clone(), property);
        if field.required {
            required.push(json!(field.target.id));
        }
    }
    let mut s = Map::new();
    s.insert(
        "title".into(),
        json!(record.meta.name().unwrap_or(record.meta.id())),
    );
    if let Some(d) = &record.meta.description {
        s.insert("description".into(), json!(d.value));
    }
    s.insert("type".into(), json!("object"));
    s.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        s.insert("required".into(), Value::Array(required));
    }
    s.insert("additionalProperties".into(), json!(false));
    Value::Object(s)
}

/// The complete schema of a record: its fields, with every data element and
/// nested record it uses in `$defs`.
pub fn record_schema(model: &Model, index: u32) -> Value {
    let mut unlimited = usize::MAX;
    record_schema_within(model, index, &mut unlimited)
        .expect("an unlimited budget is never exhausted")
}

/// How many definitions (`$defs` entries) all the record schemas of one
/// standard may hold together. Each record's schema carries every record and
/// data element below it, so a record used by many others is repeated in
/// each: harmless for real standards (a few hundred), but a crafted one
/// could make the output grow with the square of the input.
pub const MAX_RECORD_DEFS: usize = 500_000;

/// [`record_schema`], spending one unit of `budget` per definition; `None`
/// when the budget runs out, so the total work stays bounded.
pub fn record_schema_within(model: &Model, index: u32, budget: &mut usize) -> Option<Value> {
    let record = &model.records[index as usize];
    let mut pending = BTreeSet::new();
    let root = record_object(record, &mut pending);
    let mut defs = Map::new();
    let mut done = BTreeSet::new();
    // Nested records add their own fields' targets; the done set also keeps
    // a (rejected) record cycle from looping here.
    while let Some(next) = pending.pop_first() {
        if !done.insert(next) {
            continue;
        }
        *budget = budget.checked_sub(1)?;
        let (kind, i) = next;
        let (id, schema) = match kind {
            EntityKind::Element => {
                let e = &model.elements[i as usize];
                (e.meta.id().to_owned(), element_schema(e))
            }
            EntityKind::Record => {
                let r = &model.records[i as usize];
                let mut nested = BTreeSet::new();
                let schema = record_object(r, &mut nested);
                pending.extend(nested.difference(&done).copied());
                (r.meta.id().to_owned(), schema)
            }
            // Only elements and records have data schemas.
            EntityKind::Area
            | EntityKind::Process
            | EntityKind::Function
            | EntityKind::Activity
            | EntityKind::Capability
            | EntityKind::UseCase
            | EntityKind::Metric
            | EntityKind::Reference
            | EntityKind::Profile => continue,
        };
        defs.insert(id, schema);
    }
    let mut s = Map::new();
    s.insert("$schema".into(), json!(DIALECT));
    s.insert("$id".into(), json!(record_id(model, record.meta.id())));
    if let Value::Object(o) = root {
        s.extend(o);
    }
    if !defs.is_empty() {
        let mut sorted: Vec<(String, Value)> = defs.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        s.insert("$defs".into(), Value::Object(sorted.into_iter().collect()));
    }
    Some(Value::Object(s))
}

/// Compile a schema for validation: draft 2020-12, formats asserted, and no
/// way to load anything from outside (the crate is built without network or
/// file resolution, so a remote `$ref` is an error, never a fetch).
pub fn validator(schema: &Value) -> Result<jsonschema::Validator, SchemaError> {
    validator_for(schema)
}

/// A schema that does not compile: a bug in fibf (every schema it makes is
/// tested against the meta-schema), reported rather than panicking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

/// [`validator`], for instances in the JSON representation `F`.
pub fn validator_for<F: jsonschema::json::Json>(
    schema: &Value,
) -> Result<jsonschema::Validator<F>, SchemaError> {
    jsonschema::options_for::<F>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(schema)
        .map_err(|e| SchemaError(e.to_string()))
}

/// What a value of a type looks like, in words.
pub fn describe(kind: &TypeKind) -> String {
    match kind {
        TypeKind::String {
            min_length,
            max_length,
            pattern,
            format,
        } => {
            let mut s = match format {
                Some(f) => format!("a string in {} format", f.value.as_str()),
                None => "a string".to_owned(),
            };
            match (min_length, max_length) {
                (Some(a), Some(b)) if a.value == b.value => {
                    s.push_str(&format!(" of exactly {} characters", a.value));
                }
                (Some(a), Some(b)) => {
                    s.push_str(&format!(" of {} to {} characters", a.value, b.value));
                }
                (Some(a), None) => s.push_str(&format!(" of at least {} characters", a.value)),
                (None, Some(b)) => s.push_str(&format!(" of at most {} characters", b.value)),
                (None, None) => {}
            }
            if let Some(p) = pattern {
                s.push_str(&format!(" matching `{}`", p.value));
            }
            s
        }
        TypeKind::Integer { min, max } => {
            format!("a whole number{}", bounds(min.as_ref(), max.as_ref()))
        }
        TypeKind::Decimal {
            scale, min, max, ..
        } => {
            let places = match scale {
                Some(s) => format!(" with at most {} decimal places", s.value),
                None => String::new(),
            };
            format!("a number{}{places}", bounds(min.as_ref(), max.as_ref()))
        }
        TypeKind::Date => "a date (YYYY-MM-DD)".to_owned(),
        TypeKind::DateTime => "a date and time (RFC 3339, e.g. 2021-02-20T13:45:00Z)".to_owned(),
        TypeKind::Boolean => "true or false".to_owned(),
        TypeKind::Code { values } => {
            let codes: Vec<&str> = values
                .iter()
                .take(12)
                .map(|v| v.code.value.as_str())
                .collect();
            let more = if values.len() > 12 { ", ..." } else { "" };
            format!("one of {}{more}", codes.join(", "))
        }
    }
}

fn bounds(
    min: Option<&crate::model::Spanned<Number>>,
    max: Option<&crate::model::Spanned<Number>>,
) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!(" from {} to {}", a.value.text, b.value.text),
        (Some(a), None) => format!(" of at least {}", a.value.text),
        (None, Some(b)) => format!(" of at most {}", b.value.text),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(schema: Value, instance: Value) -> bool {
        validator(&schema).unwrap().is_valid(&instance)
    }

    #[test]
    fn decimal_scale_accepts_exact_cents_despite_binary_floats() {
        let s = json!({"type": "number", "multipleOf": 0.01});
        for ok in [
            json!(12.57),
            json!(0.07),
            json!(0.1),
            json!(1_234_567.89),
            json!(5),
        ] {
            assert!(valid(s.clone(), ok.clone()), "{ok}");
        }
        assert!(!valid(s, json!(12.575)));
    }

    #[test]
    fn formats_are_asserted() {
        let s = json!({"type": "string", "format": "date"});
        assert!(valid(s.clone(), json!("2021-02-28")));
        assert!(!valid(s.clone(), json!("2021-02-30")));
        assert!(!valid(s, json!("20210228")));
    }

    #[test]
    fn remote_references_are_never_fetched() {
        let s = json!({"$ref": "https://example.com/schema.json"});
        assert!(validator(&s).is_err());
    }
}
