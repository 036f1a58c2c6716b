//! Structural errors of an offering in its author's terms: what was
//! expected at the key, the shape of the section, the likely intended
//! choice; and which of them the semantic checks explain better.

use serde_json::Value;

use crate::data;
use crate::diag::Diagnostic;
use crate::suggest;
use crate::validate::Explain;

/// Explains offering schema errors.
pub(super) struct OfferingExplain;

impl Explain for OfferingExplain {
    fn expected(&self, _pointer: &str, error: &jsonschema::ValidationError<'_>) -> Option<String> {
        use jsonschema::error::{TypeKind as Types, ValidationErrorKind as K};
        Some(match error.kind() {
            K::Type {
                kind: Types::Single(t),
            } => format!("expected {}", json_type(&t.to_string())),
            K::Enum { options } => format!("expected one of {}", list(options)),
            K::MinLength { .. } => "must not be empty".to_owned(),
            K::Format { format } if format == "date" => "expected a date (YYYY-MM-DD)".to_owned(),
            K::Minimum { limit } => format!("must be at least {limit}"),
            K::Constant { expected_value } => format!("expected {expected_value}"),
            other => format!("fails `{}`", other.keyword()),
        })
    }

    fn help(&self, pointer: &str, error: &jsonschema::ValidationError<'_>) -> Option<String> {
        let section = data::pointer_segments(pointer)
            .into_iter()
            .next()
            .unwrap_or_default();
        let shape = match section.as_str() {
            "capabilities" => {
                "a claim is `{support: supported|configurable|custom|planned|not-supported, evidence, notes, date}`; `planned` needs a `date` (YYYY-MM-DD)"
            }
            "data_mappings" => {
                "a mapping is `{field, type: string|integer|decimal|date|datetime|boolean|code, format, max_length, values, notes}`"
            }
            "metrics" => {
                "a metric value is `{value: number, unit, period, source}`, in the metric's unit"
            }
            "standards" => {
                "`standards` names the release assessed against: `{name, version}`, as in the standards' fibf.toml"
            }
            _ => concat!(
                "the offering document is described at ",
                env!("CARGO_PKG_REPOSITORY"),
                "/blob/main/docs/offerings.md; `fibf init --offering --profile ID` writes one to start from"
            ),
        };
        // A misspelt choice: name the likely one.
        if let (jsonschema::error::ValidationErrorKind::Enum { options }, Some(given)) =
            (error.kind(), error.instance().as_str())
        {
            let choices = options
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str);
            if let Some(s) = suggest::best(given, choices) {
                return Some(format!("did you mean `{s}`? ({shape})"));
            }
        }
        Some(shape.to_owned())
    }
}

/// A JSON type in the words of a YAML or JSON author.
fn json_type(t: &str) -> &'static str {
    match t {
        "object" => "a mapping of keys to values",
        "array" => "a list",
        "string" => "text (quote it if it looks like a number or date)",
        "number" => "a number",
        "integer" => "a whole number",
        "boolean" => "true or false",
        _ => "another type of value",
    }
}

/// The values of a JSON array as `a, b or c`.
fn list(options: &Value) -> String {
    let items: Vec<String> = options
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            v.as_str()
                .map_or_else(|| v.to_string(), |s| format!("`{s}`"))
        })
        .collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing".to_owned(),
    }
}

/// Which schema errors the semantic checks report better: unknown IDs (with
/// "did you mean") and metric units (with the metric's unit).
pub(super) fn covered_by_semantics(d: &Diagnostic) -> bool {
    let Some(p) = &d.pointer else { return false };
    let unknown_key = d.message.contains("unexpected key") || d.message.contains("is not one of");
    (unknown_key && matches!(p.as_str(), "/capabilities" | "/data_mappings" | "/metrics"))
        || ((p.starts_with("/profiles/") || p.starts_with("/use_cases/"))
            && d.message.contains("is not one of"))
        || (p.starts_with("/metrics/") && p.ends_with("/unit") && d.message.contains("expected"))
}
