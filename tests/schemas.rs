//! The emitted schemas: snapshots for the fixture standard, validity against
//! the JSON Schema 2020-12 meta-schema for everything `fibf compile` writes
//! from the bundled standards, and model.json against model.schema.json.

use fibf::compile;
use fibf::model_json::Sources;
use fibf::output::OutputSet;
use fibf::workspace::{self, Input, Options};
use serde_json::Value;

fn compiled(path: &str) -> OutputSet {
    let analysis = workspace::analyze(&Input::Path(path.into()), Options::default());
    assert!(
        analysis.diagnostics.iter().all(|d| !d.is_error()),
        "{path} has errors: {:?}",
        analysis.diagnostics
    );
    let model = analysis.model.as_ref().unwrap();
    compile::outputs(
        model,
        Sources {
            map: &analysis.sources,
            root: analysis.root.as_deref(),
        },
    )
    .expect("within the schema budget")
}

fn json(set: &OutputSet, path: &str) -> Value {
    serde_json::from_slice(set.get(path).unwrap_or_else(|| panic!("{path} is emitted"))).unwrap()
}

#[test]
fn fixture_standard_schemas_snapshot() {
    let set = compiled("tests/fixtures/standard");
    let names: Vec<String> = set.iter().map(|(p, _)| p.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "model.json",
            "model.schema.json",
            "schemas/offering.schema.json",
            "schemas/records/Application.schema.json",
            "schemas/records/Budget.schema.json",
        ]
    );
    for name in [
        "schemas/offering.schema.json",
        "schemas/records/Application.schema.json",
        "schemas/records/Budget.schema.json",
        "model.json",
    ] {
        let text = String::from_utf8(set.get(name).unwrap().to_vec()).unwrap();
        insta::assert_snapshot!(name.replace('/', "__"), text);
    }
}

#[test]
fn every_emitted_schema_is_valid_draft_2020_12() {
    for standard in ["standards", "tests/fixtures/standard"] {
        let set = compiled(standard);
        for (path, bytes) in set.iter() {
            let name = path.display().to_string();
            if !name.ends_with(".schema.json") {
                continue;
            }
            let schema: Value = serde_json::from_slice(bytes).unwrap();
            let meta = jsonschema::draft202012::meta::validator();
            let errors: Vec<String> = meta.iter_errors(&schema).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{standard}/{name}: {errors:?}");
            // And it compiles as a validator with formats asserted.
            fibf::schema::validator(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn model_json_satisfies_model_schema() {
    for standard in ["standards", "tests/fixtures/standard"] {
        let set = compiled(standard);
        let schema = json(&set, "model.schema.json");
        let model = json(&set, "model.json");
        let validator = fibf::schema::validator(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&model)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{standard}: {errors:?}");
    }
}

#[test]
fn examples_satisfy_their_element_schemas() {
    let set = compiled("tests/fixtures/standard");
    let schema = json(&set, "schemas/records/Application.schema.json");
    let defs = schema["$defs"].as_object().unwrap();
    let mut checked = 0;
    for (name, def) in defs {
        let Some(examples) = def.get("examples") else {
            continue;
        };
        let validator = fibf::schema::validator(def).unwrap();
        for example in examples.as_array().unwrap() {
            assert!(validator.is_valid(example), "{name}: {example}");
            checked += 1;
        }
    }
    assert!(checked >= 8, "the fixture has an example for every type");
}

#[test]
fn output_is_byte_identical_across_runs() {
    let a = compiled("standards");
    let b = compiled("standards");
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(b.iter()) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{} differs between runs", pa.display());
    }
}
