//! The entity descriptors (`fibf::model::kinds`) against every pass that
//! reads them: a standard with every field of every kind is generated from
//! the descriptors alone, and each consumer must cover all of it.
//!
//! Adding a field to a descriptor without teaching a pass about it fails
//! here: lowering reports it as unknown, the export leaves it out, `fmt`
//! drops or misplaces it, `diff` does not see it change, the workbook round
//! trip loses it, or the docs site has no page for its kind.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use fibf::diag::Severity;
use fibf::model::kinds::{EVENT_FIELDS, TYPE_FIELDS};
use fibf::model::{EntityKind, FieldInfo, Model, Shape};
use fibf::model_json::{ModelDoc, export, model_schema};
use fibf::workspace::{Analysis, analyze_text};
use serde_json::{Map, Value};

/// The type names of a data element's `type` block and the fields each
/// takes; together they must cover [`TYPE_FIELDS`].
const TYPES: &[(&str, &[&str])] = &[
    ("string", &["min-length", "max-length", "pattern", "format"]),
    ("decimal", &["precision", "scale", "min", "max"]),
    ("code", &["value"]),
];

/// The ID of the first (full) or second (minimal) sample entity of a kind.
fn id(kind: EntityKind, second: bool) -> &'static str {
    let (a, b) = match kind {
        EntityKind::Area => ("AAA", "BBB"),
        EntityKind::Process => ("010", "020"),
        EntityKind::Function => ("AAA.010", "AAA.020"),
        EntityKind::Activity => ("AAA.010.010", "AAA.010.020"),
        EntityKind::Capability => ("AAA.010.010.001", "AAA.010.010.002"),
        EntityKind::UseCase => ("UC-1", "UC-2"),
        EntityKind::Metric => ("M-1", "M-2"),
        EntityKind::Element => ("ElemA", "ElemB"),
        EntityKind::Record => ("RecA", "RecB"),
        EntityKind::Reference => ("REF-1", "REF-2"),
        EntityKind::Profile => ("PROF-1", "PROF-2"),
    };
    if second { b } else { a }
}

/// The values of a field whose shape alone does not say what is valid.
fn special(key: &str) -> Option<&'static str> {
    Some(match key {
        "status" => "final",
        "dimension" => "cost",
        "unit" => "USD",
        "format" => "email",
        "min-length" | "min" | "scale" => "1",
        "max-length" => "40",
        "precision" => "5",
        "max" => "9",
        "provenance" => "\"book.xlsx\" sheet \"Sheet\" row 4 column \"C\"",
        "field" => "ElemA required 1..*",
        "select" => "AAA kind input",
        "threshold" => "M-1 <= 4.00 USD",
        "value" => "A \"Active\"",
        "pattern" => "\"^.+@.+$\"",
        "example" => "\"a@b.gov\"",
        _ => return None,
    })
}

/// The value of a field: `second` picks the other target, so that a
/// required field can change without being removed.
fn value(kind: EntityKind, f: &FieldInfo, second: bool) -> String {
    if let Some(v) = special(f.key) {
        return v.to_owned();
    }
    // A reference to the entity's own kind (a profile's `extends`) names the
    // other sample entity of that kind, not itself.
    let target = || id(f.targets[0], second != (f.targets[0] == kind)).to_owned();
    match f.shape {
        Shape::Ref => target(),
        Shape::Refs if f.targets.is_empty() => "L1.2".to_owned(),
        Shape::Refs => target(),
        Shape::Text => format!(
            "\"{} of {}{}\"",
            f.key,
            kind.keyword(),
            if second { " (2)" } else { "" }
        ),
        Shape::Texts => "\"one\", \"two\"".to_owned(),
        Shape::Flows => format!("{}, \"free text\"", id(EntityKind::Element, false)),
        Shape::TextLines => "\"measured\"".to_owned(),
        Shape::Target => "<= 5.00 USD".to_owned(),
        Shape::Word | Shape::Lines | Shape::Block => {
            panic!(
                "no sample value for `{}` of {:?}: add one to this test",
                f.key, kind
            )
        }
    }
}

/// The lines of a block with every field of `fields`, less `skip`.
fn block(kind: EntityKind, fields: &[FieldInfo], skip: Option<&str>, out: &mut String, pad: &str) {
    for f in fields {
        if Some(f.key) == skip {
            continue;
        }
        match (f.shape, f.key) {
            (Shape::Block, "event") => {
                out.push_str(&format!("{pad}event 1 \"First step\" {{\n"));
                block(kind, EVENT_FIELDS, skip, out, &format!("{pad}  "));
                out.push_str(&format!("{pad}}}\n"));
            }
            (Shape::Block, "type") => {
                let (name, keys) = TYPES[0];
                out.push_str(&format!("{pad}type {name} {{\n"));
                for k in keys {
                    let nested = TYPE_FIELDS.iter().find(|t| t.key == *k).unwrap();
                    if Some(nested.key) != skip {
                        out.push_str(&format!("{pad}  {k} {}\n", value(kind, nested, false)));
                    }
                }
                out.push_str(&format!("{pad}}}\n"));
            }
            (Shape::Block, other) => panic!("no sample for the block `{other}`"),
            _ => out.push_str(&format!("{pad}{} {}\n", f.key, value(kind, f, false))),
        }
    }
}

/// A standard with every field of every kind (the first entity of each),
/// a minimal second entity of each kind, and elements of the other types.
/// `mutate` leaves out one field of one kind, or changes it when it is
/// required.
fn sample(mutate: Option<(EntityKind, &str)>) -> String {
    let mut out = String::new();
    for kind in EntityKind::ALL {
        let info = kind.info();
        let skip = mutate.filter(|(k, _)| *k == kind).map(|(_, f)| f);
        let modifier = if info.header.modifier.is_some() {
            " input"
        } else {
            ""
        };
        out.push_str(&format!(
            "@defect(\"as published\")\n{} {}{modifier} \"Name of {}\" {{\n",
            info.keyword,
            id(kind, false),
            kind.keyword()
        ));
        let required_change = skip.and_then(|k| info.field(k)).filter(|f| f.required);
        match required_change {
            Some(f) => {
                block(kind, info.fields, Some(f.key), &mut out, "  ");
                out.push_str(&format!("  {} {}\n", f.key, value(kind, f, true)));
            }
            None => block(kind, info.fields, skip, &mut out, "  "),
        }
        out.push_str("}\n\n");
        // The second entity: only what is required.
        out.push_str(&format!(
            "{} {} \"Second {}\"",
            info.keyword,
            id(kind, true),
            kind.keyword()
        ));
        let required: Vec<&FieldInfo> = info.fields.iter().filter(|f| f.required).collect();
        if !required.is_empty() {
            out.push_str(" {\n");
            for f in required {
                out.push_str(&format!("  {} {}\n", f.key, value(kind, f, false)));
            }
            out.push('}');
        }
        out.push_str("\n\n");
    }
    for (name, keys) in &TYPES[1..] {
        out.push_str(&format!(
            "element Elem{name} \"A {name}\" {{\n  definition \"A {name} element.\"\n  type {name} {{\n"
        ));
        for k in *keys {
            let nested = TYPE_FIELDS.iter().find(|t| t.key == *k).unwrap();
            out.push_str(&format!(
                "    {k} {}\n",
                value(EntityKind::Element, nested, false)
            ));
        }
        out.push_str("  }\n}\n\n");
    }
    out
}

fn analyzed(text: &str) -> (Analysis, Model) {
    let mut analysis = analyze_text("sample.fibf", text);
    let errors: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{text}");
    let model = analysis.model.take().expect("a model");
    (analysis, model)
}

fn object<'d>(doc: &'d Value, kind: EntityKind, id: &str) -> &'d Map<String, Value> {
    doc[kind.info().json_key]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{kind:?} {id} is not in model.json"))
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

#[test]
fn type_names_cover_the_type_fields() {
    let covered: BTreeSet<&str> = TYPES.iter().flat_map(|(_, k)| k.iter().copied()).collect();
    let described: BTreeSet<&str> = TYPE_FIELDS.iter().map(|f| f.key).collect();
    assert_eq!(covered, described);
}

/// Lowering reads every field (an unread one is an unknown field), and
/// resolution follows every field that names entities.
#[test]
fn lowering_and_resolution_cover_every_field() {
    let (_, model) = analyzed(&sample(None));
    for kind in EntityKind::ALL {
        assert_eq!(
            model.count(kind),
            2 + usize::from(kind == EntityKind::Element) * 2
        );
    }
    let mut resolved: BTreeSet<(EntityKind, &str)> = BTreeSet::new();
    model.for_each_field_ref(|owner, field, r| {
        assert!(r.target.is_some(), "{} is not resolved", r.id);
        resolved.insert((owner.kind, field.key));
    });
    let mut described = BTreeSet::new();
    for kind in EntityKind::ALL {
        for f in kind.info().fields {
            if !f.targets.is_empty() {
                described.insert((kind, f.key));
            }
            for n in f.nested.iter().filter(|n| !n.targets.is_empty()) {
                described.insert((kind, n.key));
            }
        }
    }
    assert_eq!(resolved, described);
}

/// `fibf fmt` keeps every field and writes them in the descriptor's order.
#[test]
fn formatting_keeps_every_field_in_canonical_order() {
    let text = sample(None);
    let formatted = fibf::fmt::format_source(fibf::source::FileId(0), &text).unwrap();
    let ours: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let theirs: Vec<&str> = formatted
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // The sample is written in canonical order already: nothing moves.
    assert_eq!(ours, theirs);
    let (_, a) = analyzed(&text);
    let (_, b) = analyzed(&formatted);
    assert_eq!(export(&a, None), export(&b, None));
}

/// `model.json` has every field of every kind, non-empty, and nothing
/// the descriptors do not list; its schema says the same.
#[test]
fn the_export_and_its_schema_cover_every_field() {
    let (_, model) = analyzed(&sample(None));
    let doc = serde_json::to_value(export(&model, None)).unwrap();
    let top: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec!["format", "workspace"];
    expected.extend(EntityKind::ALL.map(|k| k.info().json_key));
    assert_eq!(
        top, expected,
        "model.json lists the kinds in descriptor order"
    );
    let schema = model_schema();
    for kind in EntityKind::ALL {
        let info = kind.info();
        let o = object(&doc, kind, id(kind, false));
        let mut keys: BTreeSet<&str> = info.fields.iter().map(|f| f.json).collect();
        keys.extend(fibf::model::kinds::COMMON_JSON);
        keys.extend(info.header.modifier);
        keys.extend(info.derived);
        keys.extend(info.computed);
        // Locations are left out of this export.
        keys.remove("location");
        let have: BTreeSet<&str> = o.keys().map(String::as_str).collect();
        assert_eq!(have, keys, "{kind:?}");
        for f in info.fields {
            assert!(
                !is_empty(&o[f.json]),
                "{kind:?}.{} is empty in model.json",
                f.json
            );
            for n in f.nested.iter().filter(|_| f.key == "event") {
                assert!(!is_empty(&o["events"][0][n.json]), "event {}", n.json);
            }
        }
        // The schema of the kind's entities names the same properties.
        let reference = schema["properties"][info.json_key]["items"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("model.schema.json has no list of {kind:?}"));
        let def = &schema["$defs"][reference.trim_start_matches("#/$defs/")];
        let props: BTreeSet<&str> = def["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "location")
            .collect();
        assert_eq!(props, keys, "the schema of {kind:?}");
    }
    // Every type field is in one of the sample's types.
    let mut type_keys = BTreeSet::new();
    for (name, _) in TYPES {
        let id = if *name == "string" {
            "ElemA".to_owned()
        } else {
            format!("Elem{name}")
        };
        let t = &object(&doc, EntityKind::Element, &id)["type"];
        for (k, v) in t.as_object().unwrap() {
            if !is_empty(v) && k != "name" {
                type_keys.insert(k.clone());
            }
        }
    }
    let described: BTreeSet<String> = TYPE_FIELDS.iter().map(|f| f.json.to_owned()).collect();
    assert_eq!(type_keys, described);
}

/// `diff` sees a change to every field of every kind, under the field's
/// name, on the entity that has it.
#[test]
fn diff_sees_every_field_change() {
    let (_, base) = analyzed(&sample(None));
    let old = export(&base, None);
    for kind in EntityKind::ALL {
        let info = kind.info();
        let keys = info
            .fields
            .iter()
            .map(|f| (f.key, f.json))
            .chain(
                EVENT_FIELDS
                    .iter()
                    .filter(|_| kind == EntityKind::UseCase)
                    .map(|f| (f.key, "events")),
            )
            .chain(
                TYPE_FIELDS
                    .iter()
                    .filter(|_| kind == EntityKind::Element)
                    .filter(|f| TYPES[0].1.contains(&f.key))
                    .map(|f| (f.key, "type")),
            );
        for (key, json) in keys {
            // A changed parent may break the lifecycle's numbering: the
            // model is there all the same.
            let changed = analyze_text("sample.fibf", &sample(Some((kind, key))))
                .model
                .expect("a model");
            let new = export(&changed, None);
            // Provenance is compared when asked (`--provenance`).
            let options = fibf::diff::Options { provenance: true };
            let report = fibf::diff::compare_with(&old, &new, options);
            let seen = report.changes.iter().any(|c| {
                c.entity == info.json_name
                    && c.id == id(kind, false)
                    && c.fields
                        .iter()
                        .any(|f| f.field == json || f.field.starts_with(&format!("{json}.")))
            });
            assert!(
                seen,
                "diff does not see `{key}` of {kind:?} change: {:#?}",
                report.changes
            );
        }
    }
}

/// Exporting the sample to workbooks and importing them gives it back:
/// each kind has its sheet, and every field survives.
#[test]
fn the_workbook_round_trip_keeps_every_field() {
    let text = sample(None);
    let (analysis, model) = analyzed(&text);
    let books = fibf::export::xlsx(&model, &analysis.sources).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let exported = tmp.path().join("exported");
    books.commit(&exported).unwrap();
    let outcome = fibf::import::import(
        std::slice::from_ref(&exported),
        fibf::import::Options {
            prefer: fibf::import::Release::Workbook,
            separate: false,
        },
    );
    assert!(outcome.failures.is_empty());
    let reimported = tmp.path().join("reimported");
    outcome.output.commit(&reimported).unwrap();
    let again = fibf::workspace::analyze(
        &fibf::workspace::Input::Path(reimported),
        fibf::workspace::Options::default(),
    );
    let sheets: BTreeSet<&str> = fibf::export::sheets().map(|k| k.sheet.name).collect();
    assert_eq!(sheets.len(), EntityKind::ALL.len());
    let (a, b): (ModelDoc, ModelDoc) = (
        export(&model, None),
        export(again.model.as_ref().unwrap(), None),
    );
    for kind in EntityKind::ALL {
        let (x, y) = (a.objects(kind), b.objects(kind));
        assert_eq!(x, y, "{kind:?}");
    }
}

/// The docs site has a page for every entity, in its kind's folder, and
/// the index counts every kind.
#[test]
fn the_docs_site_has_a_page_for_every_kind() {
    let (_, model) = analyzed(&sample(None));
    let doc = Arc::new(export(&model, None));
    let site = fibf::docs::build(&doc, fibf::docs::Format::Html).unwrap();
    let pages: BTreeMap<String, usize> = site
        .iter()
        .map(|(p, b)| (p.display().to_string(), b.len()))
        .collect();
    for kind in EntityKind::ALL {
        let page = format!("{}/{}.html", kind.info().folder, id(kind, false));
        assert!(pages.contains_key(&page), "no page {page}");
    }
}
