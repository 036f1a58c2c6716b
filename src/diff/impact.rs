//! How much a change costs vendors and data users.
//!
//! - **breaking**: an offering or a data exchange that conformed may no
//!   longer conform: something that can be claimed or sent is removed or
//!   renamed, a requirement is added or tightened, a data type narrows;
//! - **additive**: new things, or requirements relaxed;
//! - **editorial**: wording, references and provenance only.
//!
//! `docs/diff.md` lists the rules.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{FieldChange, parent_field};
use crate::model::EntityKind;

/// The impact of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Wording, references and provenance only.
    Editorial,
    /// New things, or requirements relaxed.
    Additive,
    /// What conformed may no longer conform.
    Breaking,
}

impl Impact {
    /// The impact as reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Editorial => "editorial",
            Impact::Additive => "additive",
            Impact::Breaking => "breaking",
        }
    }
}

pub(super) fn removed(kind: EntityKind) -> (Impact, &'static str) {
    match kind {
        EntityKind::Capability | EntityKind::Profile => {
            (Impact::Breaking, "offerings may claim it")
        }
        EntityKind::Element => (
            Impact::Breaking,
            "offerings may map it and records may carry it",
        ),
        EntityKind::Record => (
            Impact::Breaking,
            "data exchanged as this record has no schema any more",
        ),
        EntityKind::Metric => (Impact::Breaking, "offerings may report it"),
        EntityKind::UseCase => (Impact::Breaking, "offerings may demonstrate it"),
        EntityKind::Reference => (Impact::Editorial, "references document the standard"),
        EntityKind::Area | EntityKind::Process | EntityKind::Function | EntityKind::Activity => (
            Impact::Breaking,
            "the lifecycle loses an entry that capabilities and reports refer to",
        ),
    }
}

pub(super) fn added(kind: EntityKind) -> (Impact, &'static str) {
    match kind {
        EntityKind::Reference => (Impact::Editorial, "references document the standard"),
        EntityKind::Profile => (Impact::Additive, "a new baseline offerings may claim"),
        EntityKind::Area
        | EntityKind::Process
        | EntityKind::Function
        | EntityKind::Activity
        | EntityKind::Capability
        | EntityKind::UseCase
        | EntityKind::Metric
        | EntityKind::Element
        | EntityKind::Record => (Impact::Additive, "new in this release"),
    }
}

pub(super) fn renamed(kind: EntityKind) -> (Impact, &'static str) {
    match kind {
        EntityKind::Reference => (Impact::Editorial, "references document the standard"),
        EntityKind::Area
        | EntityKind::Process
        | EntityKind::Function
        | EntityKind::Activity
        | EntityKind::Capability
        | EntityKind::UseCase
        | EntityKind::Metric
        | EntityKind::Element
        | EntityKind::Record
        | EntityKind::Profile => (
            Impact::Breaking,
            "the old ID is gone: offerings and data that use it must change",
        ),
    }
}

fn change(
    field: &str,
    old: &Value,
    new: &Value,
    impact: Impact,
    note: Option<String>,
) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        old: old.clone(),
        new: new.clone(),
        impact,
        note,
    }
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn list_note(old: &Value, new: &Value) -> Option<String> {
    let (o, n) = (strings(old), strings(new));
    let added: Vec<&String> = n.difference(&o).collect();
    let removed: Vec<&String> = o.difference(&n).collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("adds {}", join(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!("removes {}", join(&removed)));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Field-by-field changes between two versions of one entity.
pub(super) fn fields(
    kind: EntityKind,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Vec<FieldChange> {
    let null = Value::Null;
    let mut keys: Vec<&String> = old.keys().collect();
    keys.extend(new.keys().filter(|k| !old.contains_key(*k)));
    let mut out = Vec::new();
    for key in keys {
        if key == "id" {
            continue;
        }
        let (o, n) = (old.get(key).unwrap_or(&null), new.get(key).unwrap_or(&null));
        if o == n {
            continue;
        }
        match (kind, key.as_str()) {
            (_, "name" | "description" | "status" | "provenance" | "defects") => {
                out.push(change(key, o, n, Impact::Editorial, None));
            }
            (_, k) if parent_field(kind) == Some(k) => out.push(change(
                key,
                o,
                n,
                Impact::Breaking,
                Some("moved to another parent in the lifecycle".to_owned()),
            )),
            (EntityKind::Capability, "kind") => out.push(change(
                key,
                o,
                n,
                Impact::Breaking,
                Some("what the capability is changes".to_owned()),
            )),
            (EntityKind::Capability, "inputs" | "outputs") => {
                let more = !strings(n).is_subset(&strings(o));
                let impact = if more {
                    Impact::Breaking
                } else {
                    Impact::Additive
                };
                out.push(change(key, o, n, impact, list_note(o, n)));
            }
            (EntityKind::Element, "type") => out.extend(type_changes(o, n)),
            (EntityKind::Record, "fields") => out.extend(record_fields(o, n)),
            (EntityKind::Metric, "target") => out.push(target_change("target", o, n)),
            (EntityKind::Metric, "unit") => out.push(change(
                key,
                o,
                n,
                Impact::Breaking,
                Some("values reported in the old unit no longer match".to_owned()),
            )),
            (EntityKind::Metric, "activity" | "dimension") => {
                out.push(change(key, o, n, Impact::Additive, None));
            }
            (EntityKind::UseCase, "events") => out.extend(event_changes(o, n)),
            (EntityKind::UseCase, "process") => out.push(change(key, o, n, Impact::Additive, None)),
            (EntityKind::Profile, "resolved") => out.extend(resolved_changes(o, n)),
            (
                EntityKind::Profile,
                "extends" | "requires" | "selects" | "excludes" | "elements" | "thresholds",
            ) => {
                // The effect on what offerings must do is judged on the
                // resolved requirements; the written lines are the cause.
                let (o, n) = (profile_lines(key, o), profile_lines(key, n));
                out.push(change(
                    key,
                    &o,
                    &n,
                    Impact::Editorial,
                    Some("see `resolved` for the effect".to_owned()),
                ));
            }
            (_, _) => {
                let note = if o.is_array() || n.is_array() {
                    list_note(o, n)
                } else {
                    None
                };
                out.push(change(key, o, n, Impact::Editorial, note));
            }
        }
    }
    out
}

/// Use case events, matched by number: wording changes are editorial, any
/// other change (activity, capabilities, flows, events added or removed)
/// additive.
fn event_changes(o: &Value, n: &Value) -> Vec<FieldChange> {
    let by_number = |v: &Value| -> BTreeMap<u64, Map<String, Value>> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| Some((e.get("number")?.as_u64()?, e.as_object()?.clone())))
            .collect()
    };
    let (a, b) = (by_number(o), by_number(n));
    let mut numbers: BTreeSet<u64> = a.keys().copied().collect();
    numbers.extend(b.keys());
    let mut out = Vec::new();
    let null = Value::Null;
    for number in numbers {
        match (a.get(&number), b.get(&number)) {
            (Some(ea), Some(eb)) => {
                for (k, va) in ea {
                    let vb = eb.get(k).unwrap_or(&null);
                    if va != vb {
                        let impact = if k == "description" {
                            Impact::Editorial
                        } else {
                            Impact::Additive
                        };
                        out.push(change(
                            &format!("events.{number}.{k}"),
                            va,
                            vb,
                            impact,
                            None,
                        ));
                    }
                }
            }
            (ea, eb) => {
                let describe = |e: Option<&Map<String, Value>>| {
                    e.and_then(|e| e.get("description").cloned())
                        .unwrap_or(Value::Null)
                };
                out.push(change(
                    &format!("events.{number}"),
                    &describe(ea),
                    &describe(eb),
                    Impact::Additive,
                    None,
                ));
            }
        }
    }
    out
}

fn number(v: &Value, key: &str) -> Option<f64> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// Whether a bound moved so fewer values are allowed: a lower bound rising,
/// an upper bound falling, or one appearing.
fn bound_narrows(old: Option<f64>, new: Option<f64>, lower: bool) -> Option<bool> {
    match (old, new) {
        (None, None) => None,
        (None, Some(_)) => Some(true),
        (Some(_), None) => Some(false),
        (Some(a), Some(b)) if a == b => None,
        (Some(a), Some(b)) => Some(if lower { b > a } else { b < a }),
    }
}

/// Element type changes, one per option, each narrowing (breaking) or
/// widening (additive).
fn type_changes(o: &Value, n: &Value) -> Vec<FieldChange> {
    let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_owned);
    let (on, nn) = (name(o), name(n));
    if on != nn {
        let widening = matches!(
            (on.as_deref(), nn.as_deref()),
            (Some(_), None) | (Some("integer"), Some("decimal")) | (Some("code"), Some("string"))
        );
        let (impact, note) = if widening {
            (Impact::Additive, "the type accepts more values")
        } else {
            (
                Impact::Breaking,
                "the type changes: existing values may not fit",
            )
        };
        return vec![change(
            "type",
            &type_summary(o),
            &type_summary(n),
            impact,
            Some(note.to_owned()),
        )];
    }
    let mut out = Vec::new();
    let null = Value::Null;
    let get = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    let mut judge = |field: &str, narrows: Option<bool>| {
        if let Some(narrows) = narrows {
            let (impact, note) = if narrows {
                (Impact::Breaking, "narrows: fewer values are valid")
            } else {
                (Impact::Additive, "widens: more values are valid")
            };
            out.push(change(
                &format!("type.{field}"),
                &get(o, field),
                &get(n, field),
                impact,
                Some(note.to_owned()),
            ));
        }
    };
    judge(
        "min_length",
        bound_narrows(number(o, "min_length"), number(n, "min_length"), true),
    );
    judge(
        "max_length",
        bound_narrows(number(o, "max_length"), number(n, "max_length"), false),
    );
    judge(
        "min",
        bound_narrows(number(o, "min"), number(n, "min"), true),
    );
    judge(
        "max",
        bound_narrows(number(o, "max"), number(n, "max"), false),
    );
    // Fewer digits allowed narrows, like an upper bound.
    judge(
        "precision",
        bound_narrows(number(o, "precision"), number(n, "precision"), false),
    );
    judge(
        "scale",
        bound_narrows(number(o, "scale"), number(n, "scale"), false),
    );
    for field in ["pattern", "format"] {
        let (a, b) = (o.get(field).unwrap_or(&null), n.get(field).unwrap_or(&null));
        if a != b {
            // Any new or different constraint may reject values that passed.
            judge(field, Some(!b.is_null()));
        }
    }
    if let (Some(a), Some(b)) = (o.get("values"), n.get("values")) {
        let codes = |v: &Value| -> BTreeMap<String, Value> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| {
                    Some((
                        c.get("code")?.as_str()?.to_owned(),
                        c.get("meaning").cloned().unwrap_or(Value::Null),
                    ))
                })
                .collect()
        };
        let (ca, cb) = (codes(a), codes(b));
        let removed: Vec<&String> = ca.keys().filter(|k| !cb.contains_key(*k)).collect();
        let added: Vec<&String> = cb.keys().filter(|k| !ca.contains_key(*k)).collect();
        if !removed.is_empty() {
            out.push(change(
                "type.values",
                a,
                b,
                Impact::Breaking,
                Some(format!("the domain narrows: removes {}", join(&removed))),
            ));
        } else if !added.is_empty() {
            out.push(change(
                "type.values",
                a,
                b,
                Impact::Additive,
                Some(format!("the domain widens: adds {}", join(&added))),
            ));
        } else if a != b {
            out.push(change(
                "type.values",
                a,
                b,
                Impact::Editorial,
                Some("meanings or order only".to_owned()),
            ));
        }
    }
    out
}

/// Record fields, matched by target.
fn record_fields(o: &Value, n: &Value) -> Vec<FieldChange> {
    let by_target = |v: &Value| -> BTreeMap<String, Value> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| Some((f.get("target")?.as_str()?.to_owned(), f.clone())))
            .collect()
    };
    let (a, b) = (by_target(o), by_target(n));
    let null = Value::Null;
    let mut out = Vec::new();
    let mut names: Vec<&String> = a.keys().collect();
    names.extend(b.keys().filter(|k| !a.contains_key(*k)));
    for name in names {
        let (fa, fb) = (a.get(name).unwrap_or(&null), b.get(name).unwrap_or(&null));
        if fa == fb {
            continue;
        }
        let required = |f: &Value| f.get("required").and_then(Value::as_bool).unwrap_or(false);
        let (impact, note) = if fa.is_null() {
            if required(fb) {
                (
                    Impact::Breaking,
                    "a new required field: existing data lacks it",
                )
            } else {
                (Impact::Additive, "a new optional field")
            }
        } else if fb.is_null() {
            (
                Impact::Breaking,
                "the field is removed: data that carries it is rejected",
            )
        } else {
            let min = bound_narrows(number(fa, "min"), number(fb, "min"), true);
            let max = match (fa.get("max"), fb.get("max")) {
                (Some(Value::Null), Some(Value::Null)) => None,
                (Some(Value::Null), _) => Some(true),
                (_, Some(Value::Null)) => Some(false),
                _ => bound_narrows(number(fa, "max"), number(fb, "max"), false),
            };
            let many = fa.get("many") != fb.get("many");
            if many || required(fb) && !required(fa) || min == Some(true) || max == Some(true) {
                (
                    Impact::Breaking,
                    "the field becomes stricter or changes shape",
                )
            } else {
                (Impact::Additive, "the field becomes more lenient")
            }
        };
        out.push(change(
            &format!("fields.{name}"),
            &field_summary(fa),
            &field_summary(fb),
            impact,
            Some(note.to_owned()),
        ));
    }
    out
}

/// Whether target `n` asks for more than target `o` (same comparator
/// direction and unit), less, or something else.
fn target_change(field: &str, o: &Value, n: &Value) -> FieldChange {
    if o.is_null() {
        return change(
            field,
            o,
            &target_summary(n),
            Impact::Breaking,
            Some("a new target to meet".to_owned()),
        );
    }
    if n.is_null() {
        return change(
            field,
            &target_summary(o),
            n,
            Impact::Additive,
            Some("the target is dropped".to_owned()),
        );
    }
    let cmp = |v: &Value| {
        v.get("comparator")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let unit = |v: &Value| v.get("unit").cloned().unwrap_or(Value::Null);
    let (co, cn) = (cmp(o), cmp(n));
    let (vo, vn) = (
        number(o, "value").unwrap_or(0.0),
        number(n, "value").unwrap_or(0.0),
    );
    let upward = |c: &str| c.starts_with('>');
    let downward = |c: &str| c.starts_with('<');
    let (impact, note) =
        if unit(o) != unit(n) || upward(&co) != upward(&cn) || downward(&co) != downward(&cn) {
            (Impact::Breaking, "the target changes unit or direction")
        } else if vo == vn && co == cn {
            (Impact::Editorial, "the same target written differently")
        } else {
            // For `>=`, a higher value is harder to meet; for `<=`, a lower one.
            // A strict comparator at the same value is harder than a loose one.
            let tighter = if upward(&cn) {
                vn > vo || vn == vo && cn == ">"
            } else if downward(&cn) {
                vn < vo || vn == vo && cn == "<"
            } else {
                true
            };
            if tighter {
                (Impact::Breaking, "the target tightens")
            } else {
                (Impact::Additive, "the target loosens")
            }
        };
    change(
        field,
        &target_summary(o),
        &target_summary(n),
        impact,
        Some(note.to_owned()),
    )
}

/// The effect of a profile change on what offerings must do.
fn resolved_changes(o: &Value, n: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for (key, what) in [
        ("capabilities", "mandatory capabilities"),
        ("elements", "data elements to map"),
    ] {
        let (a, b) = (strings(&o[key]), strings(&n[key]));
        let added: Vec<&String> = b.difference(&a).collect();
        let removed: Vec<&String> = a.difference(&b).collect();
        if !added.is_empty() {
            out.push(change(
                &format!("resolved.{key}"),
                &o[key],
                &n[key],
                Impact::Breaking,
                Some(format!("new {what}: {}", join(&added))),
            ));
        } else if !removed.is_empty() {
            out.push(change(
                &format!("resolved.{key}"),
                &o[key],
                &n[key],
                Impact::Additive,
                Some(format!("no longer {what}: {}", join(&removed))),
            ));
        }
    }
    let by_metric = |v: &Value| -> BTreeMap<String, Value> {
        v["thresholds"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| {
                Some((
                    t.get("metric")?.as_str()?.to_owned(),
                    t.get("target")?.clone(),
                ))
            })
            .collect()
    };
    let (a, b) = (by_metric(o), by_metric(n));
    let mut metrics: BTreeSet<&String> = a.keys().collect();
    metrics.extend(b.keys());
    for m in metrics {
        let (ta, tb) = (
            a.get(m).cloned().unwrap_or(Value::Null),
            b.get(m).cloned().unwrap_or(Value::Null),
        );
        if ta != tb {
            out.push(target_change(&format!("resolved.thresholds.{m}"), &ta, &tb));
        }
    }
    out
}

/// `<= 5.00 USD`
fn target_summary(t: &Value) -> Value {
    if t.is_null() {
        return Value::Null;
    }
    let s = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("");
    let unit = t
        .get("unit")
        .and_then(Value::as_str)
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    Value::String(format!("{} {}{unit}", s("comparator"), s("literal")))
}

/// `required`, `optional 0..5 (list)`
fn field_summary(f: &Value) -> Value {
    if f.is_null() {
        return Value::Null;
    }
    let required = f.get("required").and_then(Value::as_bool).unwrap_or(false);
    let min = f.get("min").and_then(Value::as_u64).unwrap_or(0);
    let max = f
        .get("max")
        .and_then(Value::as_u64)
        .map_or("*".to_owned(), |m| m.to_string());
    let many = f.get("many").and_then(Value::as_bool).unwrap_or(false);
    let presence = if required { "required" } else { "optional" };
    Value::String(if many {
        format!("{presence} {min}..{max} (list)")
    } else {
        presence.to_owned()
    })
}

/// `string, max_length 10, pattern ^[A-Z]+$`
fn type_summary(t: &Value) -> Value {
    let Some(o) = t.as_object() else {
        return Value::Null;
    };
    let mut parts = vec![
        o.get("name")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned(),
    ];
    for (k, v) in o {
        if k == "name" || v.is_null() {
            continue;
        }
        match v {
            Value::Array(values) => {
                let codes: Vec<&str> = values
                    .iter()
                    .filter_map(|c| c.get("code")?.as_str())
                    .collect();
                parts.push(format!("values {}", codes.join("|")));
            }
            Value::String(s) => parts.push(format!("{k} {s}")),
            other => parts.push(format!("{k} {other}")),
        }
    }
    Value::String(parts.join(", "))
}

/// A profile's written lines as short strings.
fn profile_lines(key: &str, v: &Value) -> Value {
    let items = v.as_array().cloned().unwrap_or_default();
    Value::Array(
        items
            .into_iter()
            .map(|item| match key {
                "selects" => {
                    let scope = item.get("scope").and_then(Value::as_str).unwrap_or("");
                    Value::String(match item.get("kind").and_then(Value::as_str) {
                        Some(k) => format!("{scope} kind {k}"),
                        None => scope.to_owned(),
                    })
                }
                "thresholds" => {
                    let metric = item.get("metric").and_then(Value::as_str).unwrap_or("");
                    let target = target_summary(item.get("target").unwrap_or(&Value::Null));
                    Value::String(format!("{metric} {}", target.as_str().unwrap_or("")))
                }
                _ => item,
            })
            .collect(),
    )
}
