//! The benchmark workload generator (`examples/synth.rs`) keeps its promises:
//! the standards it writes check without errors at more than one scale, one
//! offering in ten is not conformant and `expected.json` names them, the
//! JSON copies say the same as the YAML ones, the data model workspace holds
//! what the `LinkML` model does, and the same seed gives the same bytes.

mod common;
#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use std::path::Path;

use common::{fibf, read_tree};
use serde_json::Value;

/// The JSON report of `fibf conform` on `offerings`, some of them broken.
fn conform_report(standards: &Path, offerings: &Path) -> Value {
    let out = fibf()
        .arg("conform")
        .arg("--standards")
        .arg(standards)
        .args(["--format", "json"])
        .arg(offerings)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "some offerings are broken");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// How many offerings the report has, and how many are conformant.
fn conformant(report: &Value) -> (u64, u64) {
    let summary = &report["summary"];
    (
        summary["offerings"].as_u64().unwrap(),
        summary["conformant"].as_u64().unwrap(),
    )
}

/// The offerings (file stems) the report finds not conformant.
fn not_conformant(report: &Value) -> Vec<String> {
    report["offerings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["conformant"] == false)
        .map(|o| {
            let file = Path::new(o["file"].as_str().unwrap());
            file.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect()
}

#[test]
fn generated_workloads_check_and_one_offering_in_ten_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("3x");
    let capabilities = synth::generate(3, 20, 7, &out);
    assert_eq!(capabilities, 3 * 2317);
    let standards = out.join("standards");
    let check = fibf().arg("check").arg(&standards).output().unwrap();
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(", 0 errors"), "{stdout}");

    let report = conform_report(&standards, &out.join("offerings"));
    assert_eq!(conformant(&report), (20, 18));
    // The known answer the benchmark checks every tool against names the
    // offerings fibf finds not conformant.
    let expected: Value =
        serde_json::from_slice(&std::fs::read(out.join("expected.json")).unwrap()).unwrap();
    assert_eq!(expected["offerings"], 20);
    assert_eq!(
        expected["not_conformant"],
        serde_json::json!(not_conformant(&report))
    );
    let canary = std::fs::read_to_string(out.join("linkml/canary.yaml")).unwrap();
    assert!(!canary.contains("vendor:") && canary.contains("support: sometimes"));
    assert_eq!(
        conformant(&conform_report(&standards, &out.join("offerings-json"))),
        (20, 18)
    );
    assert!(out.join("linkml/model.yaml").is_file());
    // The YAML offerings are in the subset the simple reader takes (the
    // benchmarks time that path), and it reads them as saphyr does.
    for entry in std::fs::read_dir(out.join("offerings")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(fibf::data::simple_yaml_agrees(&text), Ok(true), "{path:?}");
    }

    // The data model workspace (what the LinkML model holds) checks
    // without errors and holds every element and record, the references
    // the elements cite (one each) and nothing else.
    let model_dir = out.join("data-model");
    let compiled = dir.path().join("compiled");
    let compile = fibf()
        .arg("compile")
        .arg(&model_dir)
        .arg("--out")
        .arg(&compiled)
        .output()
        .unwrap();
    assert_eq!(
        compile.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&compile.stderr)
    );
    let model: Value =
        serde_json::from_slice(&std::fs::read(compiled.join("model.json")).unwrap()).unwrap();
    let count = |kind: &str| model[kind].as_array().map_or(0, Vec::len);
    assert_eq!(count("elements"), 3 * 394);
    assert_eq!(count("records"), 3 * 2);
    assert_eq!(count("references"), 3 * 394);
    assert_eq!(count("capabilities"), 0);
    let linkml = std::fs::read_to_string(out.join("linkml/model.yaml")).unwrap();
    assert!(
        linkml.contains("  Rec2x1:\n"),
        "every record is a LinkML class"
    );
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    synth::generate(1, 10, 42, &a);
    synth::generate(1, 10, 42, &b);
    synth::generate(1, 10, 43, &c);
    let first = read_tree(&a);
    assert!(first.len() > 20);
    assert_eq!(first, read_tree(&b));
    assert_ne!(first, read_tree(&c));
}

/// The JSON report of a batch larger than one serialization batch (256) is
/// byte for byte the whole report serialized at once: compact by default
/// (each offering on a line of its own), pretty with `--json-layout
/// pretty`; and the same with one thread or two.
#[test]
fn a_large_json_report_is_the_whole_serialized_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("1x");
    synth::generate(1, 300, 11, &out);
    let run = |jobs: &str, layout: &[&str]| {
        fibf()
            .args(["-j", jobs, "conform", "--format", "json"])
            .args(layout)
            .arg("--standards")
            .arg(out.join("standards"))
            .arg(out.join("offerings-json"))
            .output()
            .unwrap()
            .stdout
    };
    let compact = String::from_utf8(run("2", &[])).unwrap();
    let mut value: Value = serde_json::from_str(&compact).unwrap();
    let offerings = value["offerings"].as_array().unwrap().clone();
    assert_eq!(offerings.len(), 300);
    let pretty = String::from_utf8(run("2", &["--json-layout", "pretty"])).unwrap();
    let whole = serde_json::to_string_pretty(&value).unwrap() + "\n";
    assert!(
        whole == pretty,
        "the streamed pretty report differs from the whole"
    );
    value.as_object_mut().unwrap().remove("offerings");
    let head = serde_json::to_string(&value).unwrap();
    let lines: Vec<String> = offerings
        .iter()
        .map(|o| serde_json::to_string(o).unwrap())
        .collect();
    let expected = format!(
        "{},\"offerings\":[\n{}\n]}}\n",
        head.strip_suffix('}').unwrap(),
        lines.join(",\n")
    );
    assert!(
        expected == compact,
        "the compact report differs from the whole"
    );
    assert!(
        run("2", &["--json-layout", "compact"]) == compact.as_bytes(),
        "compact is the default for a batch"
    );
    assert!(
        run("1", &[]) == compact.as_bytes(),
        "one thread differs from two"
    );
    assert!(
        run("1", &["--json-layout", "pretty"]) == pretty.as_bytes(),
        "one thread differs from two"
    );
}
