//! The schema of a vendor offering document, specialised to a standard:
//! capability, data element, metric, profile and use case IDs are the only
//! keys and values allowed, and each metric's value must be in its unit.
//! `docs/offerings.md` describes the document.

use serde_json::{Map, Value, json};

use super::{DIALECT, base_id};
use crate::model::Model;

/// How far an offering supports a capability.
pub const SUPPORT_LEVELS: &[&str] = &[
    "supported",
    "configurable",
    "custom",
    "planned",
    "not-supported",
];

/// The type names a vendor may give a mapped field.
pub const VENDOR_TYPES: &[&str] = &[
    "string", "integer", "decimal", "date", "datetime", "boolean", "code",
];

/// An object keyed by the standard's IDs, each value a `def`. The keys are
/// constrained with `propertyNames` rather than one `properties` entry per
/// ID: the same meaning in a schema that stays small for thousands of
/// capabilities (and that validators which generate code, such as ajv, can
/// compile).
fn keyed(ids: impl Iterator<Item = String>, def: &str) -> Value {
    let mut ids: Vec<String> = ids.collect();
    ids.dedup();
    json!({
        "type": "object",
        "propertyNames": { "enum": ids },
        "additionalProperties": { "$ref": format!("#/$defs/{def}") }
    })
}

fn id_list(ids: Vec<String>, what: &str) -> Value {
    json!({
        "type": "array",
        "description": format!("{what} IDs of the standard."),
        "items": { "enum": ids },
        "uniqueItems": true
    })
}

/// The offering schema for this model.
pub fn offering_schema(model: &Model) -> Value {
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let capabilities = sorted(
        model
            .capabilities
            .iter()
            .map(|c| c.meta.id().to_owned())
            .collect(),
    );
    let elements = sorted(
        model
            .elements
            .iter()
            .map(|e| e.meta.id().to_owned())
            .collect(),
    );
    let profiles = sorted(
        model
            .profiles
            .iter()
            .map(|p| p.meta.id().to_owned())
            .collect(),
    );
    let use_cases = sorted(
        model
            .use_cases
            .iter()
            .map(|u| u.meta.id().to_owned())
            .collect(),
    );

    let mut metric_props: Vec<(String, Value)> = model
        .metrics
        .iter()
        .map(|m| {
            let mut value = json!({ "$ref": "#/$defs/metric_value" });
            if let Some(unit) = &m.unit {
                value = json!({
                    "allOf": [
                        { "$ref": "#/$defs/metric_value" },
                        { "properties": { "unit": { "const": unit.value } } }
                    ]
                });
            }
            (m.meta.id().to_owned(), value)
        })
        .collect();
    metric_props.sort_by(|a, b| a.0.cmp(&b.0));

    json!({
        "$schema": DIALECT,
        "$id": format!("{}:offering", base_id(model)),
        "title": "Vendor offering",
        "description": "What a vendor's product supports of the standard: capability claims, data mappings and metric values.",
        "type": "object",
        "required": ["vendor", "product", "version", "standards", "capabilities"],
        "additionalProperties": false,
        "properties": {
            "vendor": { "type": "string", "minLength": 1 },
            "product": { "type": "string", "minLength": 1 },
            "version": { "type": "string", "minLength": 1, "description": "The product's version." },
            "standards": {
                "type": "object",
                "description": "The standards release the offering was assessed against.",
                "required": ["name", "version"],
                "additionalProperties": false,
                "properties": {
                    "name": { "type": "string" },
                    "version": { "type": "string" }
                }
            },
            "profiles": id_list(profiles, "Profile"),
            "capabilities": keyed(capabilities.into_iter(), "claim"),
            "data_mappings": keyed(elements.into_iter(), "mapping"),
            "metrics": {
                "type": "object",
                "properties": Map::from_iter(metric_props),
                "additionalProperties": false
            },
            "use_cases": id_list(use_cases, "Use case")
        },
        "$defs": {
            "claim": {
                "type": "object",
                "required": ["support"],
                "additionalProperties": false,
                "properties": {
                    "support": { "enum": SUPPORT_LEVELS },
                    "evidence": { "type": "string", "description": "Where the support can be seen: documentation, a demo, a test report." },
                    "notes": { "type": "string" },
                    "date": { "type": "string", "format": "date", "description": "When planned support will be delivered." }
                },
                "if": { "properties": { "support": { "const": "planned" } } },
                "then": { "required": ["date"] }
            },
            "mapping": {
                "type": "object",
                "required": ["field", "type"],
                "additionalProperties": false,
                "properties": {
                    "field": { "type": "string", "minLength": 1, "description": "The vendor's field that holds the data element." },
                    "type": { "enum": VENDOR_TYPES },
                    "format": { "type": "string", "description": "The vendor's format, e.g. a date pattern." },
                    "max_length": { "type": "integer", "minimum": 0 },
                    "values": { "type": "array", "items": { "type": "string" }, "description": "For code lists: the values the vendor's field can take." },
                    "notes": { "type": "string" }
                }
            },
            "metric_value": {
                "type": "object",
                "required": ["value", "unit"],
                "additionalProperties": false,
                "properties": {
                    "value": { "type": "number" },
                    "unit": { "type": "string" },
                    "period": { "type": "string", "description": "The period measured, e.g. FY2025 Q4." },
                    "source": { "type": "string", "description": "Where the value comes from." }
                }
            }
        }
    })
}
