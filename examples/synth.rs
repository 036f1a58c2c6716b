//! A deterministic synthetic workload for benchmarks (`benches/compare.sh`):
//! a standards workspace SCALE times the size of the bundled one, with the
//! same mix of entities, OFFERINGS vendor offerings against it (one in ten
//! with mistakes), and the equivalent `LinkML` model of its data elements,
//! records and offering document, for the peer tools, with the fibf
//! workspace of just those data elements and records beside it.
//!
//!     cargo run --release --example synth -- --scale 10 --offerings 1000 --out target/synth/10x
//!
//! The same seed gives the same bytes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Entities per copy of the bundled standards (what `fibf compile` counts).
struct Mix {
    areas_with_lifecycle: usize,
    areas_without: usize,
    functions_per_area: usize,
    activities_per_function: usize,
    capabilities: usize,
    elements: usize,
    references: usize,
    use_cases: usize,
    metrics: usize,
    records: usize,
    processes: usize,
}

const MIX: Mix = Mix {
    areas_with_lifecycle: 6,
    areas_without: 11,
    functions_per_area: 5,
    activities_per_function: 4,
    capabilities: 2317,
    elements: 394,
    references: 715,
    use_cases: 23,
    metrics: 21,
    records: 2,
    processes: 10,
};

const WORDS: &[&str] = &[
    "capture",
    "provide",
    "maintain",
    "process",
    "report",
    "federal",
    "payment",
    "invoice",
    "obligation",
    "award",
    "recipient",
    "agency",
    "information",
    "consistent",
    "with",
    "requirements",
    "the",
    "and",
    "of",
    "for",
    "to",
    "data",
    "program",
    "fund",
    "budget",
    "transaction",
    "account",
    "status",
    "record",
    "property",
    "travel",
    "employee",
    "benefit",
    "approval",
    "review",
    "document",
    "schedule",
    "reconcile",
    "disbursement",
    "Treasury",
    "guidance",
    "including",
    "as",
    "specified",
    "in",
    "OMB",
    "Circular",
    "A-123",
    "TFM",
    "CFR",
];

fn sentence(rng: &mut ChaCha8Rng, min: usize, max: usize) -> String {
    let n = rng.random_range(min..=max);
    let words: Vec<&str> = (0..n).map(|_| *WORDS.choose(rng).unwrap()).collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// Area IDs: two letters and the copy number (`AA0`, `AB0`, ... `AA12`).
fn area_id(copy: usize, i: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    format!(
        "{}{}{copy}",
        letters[i / 26] as char,
        letters[i % 26] as char
    )
}

/// ID, name and fields (element ID, required) of a record.
type Record = (String, String, Vec<(String, bool)>);

struct Copy {
    capabilities: Vec<(String, String)>,
    elements: Vec<(String, u8)>,
    /// Name and definition of each element, for the `LinkML` model.
    element_docs: Vec<(String, String)>,
    records: Vec<Record>,
    activities: Vec<String>,
    metrics: Vec<String>,
    profiles: Vec<(String, Vec<String>, Vec<String>, String)>,
    use_cases: Vec<String>,
    /// The declarations of the references the data elements cite, for the
    /// data model workspace (capabilities cite the others).
    cited_references: String,
}

/// The reference data element `e` of a copy cites.
fn cited_by_element(e: usize) -> usize {
    e % MIX.references
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// One copy of the standards, in files like `standards/published/`.
fn standards_copy(rng: &mut ChaCha8Rng, copy: usize, dir: &Path) -> Copy {
    let mut c = Copy {
        capabilities: Vec::new(),
        elements: Vec::new(),
        element_docs: Vec::new(),
        records: Vec::new(),
        activities: Vec::new(),
        metrics: Vec::new(),
        profiles: Vec::new(),
        use_cases: Vec::new(),
        cited_references: String::new(),
    };
    let base = dir.join(format!("copy{copy}"));
    // References and elements first: capabilities cite them.
    references_and_elements(rng, copy, &base, &mut c);
    processes_and_areas(rng, copy, &base);
    lifecycles(rng, copy, &base, &mut c);
    metrics_records_use_cases_profiles(rng, copy, &base, &mut c);
    c
}

/// A string literal of the language.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn references_and_elements(rng: &mut ChaCha8Rng, copy: usize, base: &Path, c: &mut Copy) {
    let declared: Vec<String> = (0..MIX.references)
        .map(|r| {
            format!(
                "reference REF-{copy}-{r} {} {{\n  citation {}\n  url \"https://www.ecfr.gov/current/title-2/section-{r}\"\n}}\n\n",
                q(&sentence(rng, 4, 10)),
                q(&sentence(rng, 3, 6))
            )
        })
        .collect();
    write(&base.join("references.fibf"), &declared.concat());
    let mut cited = vec![false; MIX.references];
    for e in 0..MIX.elements {
        cited[cited_by_element(e)] = true;
    }
    c.cited_references = declared
        .iter()
        .zip(&cited)
        .filter(|(_, cited)| **cited)
        .map(|(d, _)| d.as_str())
        .collect();
    let mut els = String::new();
    for e in 0..MIX.elements {
        let id = format!("Element{copy}x{e}");
        // Most published elements are untyped; the typed ones are what
        // schemas and conformance check.
        let kind: u8 = rng.random_range(0..6);
        let (name, definition) = (sentence(rng, 2, 4), sentence(rng, 10, 30));
        let _ = write!(
            els,
            "element {id} {} {{\n  definition {}\n",
            q(&name),
            q(&definition)
        );
        c.element_docs.push((name, definition));
        match kind {
            1 => els.push_str("  type string {\n    max-length 120\n  }\n  example \"Example text\"\n"),
            2 => els.push_str("  type date\n  example \"2021-02-20\"\n"),
            3 => els.push_str("  type decimal {\n    scale 2\n    min 0\n  }\n  example \"12.50\"\n"),
            4 => els.push_str("  type code {\n    value A \"Active\"\n    value I \"Inactive\"\n    value P \"Pending\"\n  }\n  example A\n"),
            _ => {}
        }
        let _ = writeln!(els, "  references REF-{copy}-{}\n}}\n", cited_by_element(e));
        c.elements.push((id, kind));
    }
    write(&base.join("data-elements.fibf"), &els);
}

fn processes_and_areas(rng: &mut ChaCha8Rng, copy: usize, base: &Path) {
    let mut common = String::new();
    // End-to-end processes are one fixed, government-wide list with
    // three-digit IDs: only the first copy declares them, and every copy's
    // use cases run through them.
    let processes = if copy == 0 { MIX.processes } else { 0 };
    for p in 0..processes {
        let _ = writeln!(
            common,
            "process {:03} {} {{\n  description {}\n}}\n",
            (p + 1) * 10,
            q(&sentence(rng, 2, 4)),
            q(&sentence(rng, 8, 16))
        );
    }
    let areas = MIX.areas_with_lifecycle + MIX.areas_without;
    for a in 0..areas {
        let _ = writeln!(
            common,
            "area {} {} {{\n  lead {}\n  version \"1.0\"\n}}\n",
            area_id(copy, a),
            q(&sentence(rng, 2, 3)),
            q(&sentence(rng, 1, 2))
        );
    }
    write(&base.join("areas.fibf"), &common);
}

fn lifecycles(rng: &mut ChaCha8Rng, copy: usize, base: &Path, c: &mut Copy) {
    // The lifecycle and capabilities, per area with one.
    let per_area = MIX.capabilities / MIX.areas_with_lifecycle;
    for a in 0..MIX.areas_with_lifecycle {
        let area = area_id(copy, a);
        let mut life = String::new();
        let mut caps = String::new();
        let mut activities = Vec::new();
        for f in 0..MIX.functions_per_area {
            let fid = format!("{area}.{:03}", (f + 1) * 10);
            let _ = writeln!(
                life,
                "function {fid} {} {{\n  area {area}\n}}\n",
                q(&sentence(rng, 2, 5))
            );
            for v in 0..MIX.activities_per_function {
                let aid = format!("{fid}.{:03}", (v + 1) * 10);
                let _ = writeln!(
                    life,
                    "activity {aid} {} {{\n  function {fid}\n  description {}\n}}\n",
                    q(&sentence(rng, 2, 6)),
                    q(&sentence(rng, 10, 25))
                );
                activities.push(aid);
            }
        }
        let count = if a + 1 == MIX.areas_with_lifecycle {
            MIX.capabilities - per_area * (MIX.areas_with_lifecycle - 1)
        } else {
            per_area
        };
        for i in 0..count {
            let aid = &activities[i % activities.len()];
            let id = format!("{aid}.{:03}", i / activities.len() + 1);
            let kind = ["input", "process", "output"][rng.random_range(0..3)];
            let statement = sentence(rng, 12, 40);
            let _ = write!(
                caps,
                "capability {id} {kind} {{\n  activity {aid}\n  statement {}\n",
                q(&statement)
            );
            let _ = writeln!(
                caps,
                "  references REF-{copy}-{}",
                rng.random_range(0..MIX.references)
            );
            if rng.random_range(0..4) == 0 {
                let (e, _) = c.elements.choose(rng).unwrap();
                let _ = writeln!(
                    caps,
                    "  {} {e}",
                    if kind == "output" {
                        "outputs"
                    } else {
                        "inputs"
                    }
                );
            }
            caps.push_str("}\n\n");
            c.capabilities.push((id, aid.clone()));
        }
        write(
            &base.join(format!("{}/lifecycle.fibf", area.to_lowercase())),
            &life,
        );
        write(
            &base.join(format!("{}/capabilities.fibf", area.to_lowercase())),
            &caps,
        );
        c.activities.extend(activities);
    }
}

fn metrics_records_use_cases_profiles(
    rng: &mut ChaCha8Rng,
    copy: usize,
    base: &Path,
    c: &mut Copy,
) {
    // Metrics, records, use cases and profiles; records in a file of their
    // own, as they also make up the data model workspace.
    let mut rest = String::new();
    let mut recs = String::new();
    for m in 0..MIX.metrics {
        let id = format!("M-{copy}-{m}");
        let activity = c.activities.choose(rng).unwrap();
        let _ = writeln!(
            rest,
            "metric {id} {} {{\n  activity {activity}\n  dimension timeliness\n  unit %\n  target >= 95 %\n  computation {}\n}}\n",
            q(&sentence(rng, 3, 6)),
            q(&sentence(rng, 10, 20))
        );
        c.metrics.push(id);
    }
    for r in 0..MIX.records {
        let (id, name) = (format!("Rec{copy}x{r}"), sentence(rng, 2, 3));
        let _ = writeln!(recs, "record {id} {} {{", q(&name));
        let mut fields = Vec::new();
        for (e, _) in c.elements.choose_multiple(rng, 6) {
            let required = rng.random_bool(0.5);
            let _ = writeln!(
                recs,
                "  field {e} {}",
                if required { "required" } else { "optional" }
            );
            fields.push((e.clone(), required));
        }
        recs.push_str("}\n\n");
        c.records.push((id, name, fields));
    }
    for u in 0..MIX.use_cases {
        let id = format!("UC-{copy}-{u}");
        let _ = writeln!(
            rest,
            "usecase {id} {} {{\n  process {:03}\n  actors \"Technician\", \"Approver\"\n  trigger {}",
            q(&sentence(rng, 3, 6)),
            (u % MIX.processes + 1) * 10,
            q(&sentence(rng, 5, 10))
        );
        for ev in 0..rng.random_range(2..6) {
            let (cap, activity) = c.capabilities.choose(rng).unwrap();
            let (e, _) = c.elements.choose(rng).unwrap();
            let _ = writeln!(
                rest,
                "  event {} {} {{\n    activity {activity}\n    capabilities {cap}\n    inputs {e}\n    outputs \"A result\"\n  }}",
                ev + 1,
                q(&sentence(rng, 4, 8))
            );
        }
        let _ = writeln!(rest, "  outcome {}\n}}\n", q(&sentence(rng, 5, 10)));
        c.use_cases.push(id);
    }
    for p in 0..2 {
        let id = format!("PROFILE-{copy}-{p}");
        let required: Vec<String> = c
            .capabilities
            .choose_multiple(rng, 20)
            .map(|(id, _)| id.clone())
            .collect();
        let elements: Vec<String> = c
            .elements
            .choose_multiple(rng, 4)
            .map(|(id, _)| id.clone())
            .collect();
        let metric = c.metrics.choose(rng).unwrap().clone();
        let _ = writeln!(
            rest,
            "profile {id} {} {{\n  require {}\n  elements {}\n  threshold {metric} >= 97 %\n}}\n",
            q(&sentence(rng, 2, 3)),
            required.join(", "),
            elements.join(", ")
        );
        c.profiles.push((id, required, elements, metric));
    }
    write(&base.join("authored.fibf"), &rest);
    write(&base.join("records.fibf"), &recs);
}

/// One offering; `broken` ones have the mistakes vendors make.
fn offering(rng: &mut ChaCha8Rng, copies: &[Copy], n: usize, broken: bool) -> String {
    let copy = &copies[n % copies.len()];
    let (profile, required, elements, metric) = copy.profiles.choose(rng).unwrap();
    let mut claims: Vec<String> = required.clone();
    for (id, _) in copy.capabilities.choose_multiple(rng, 40) {
        claims.push(id.clone());
    }
    claims.sort();
    claims.dedup();
    let mut s = format!(
        "vendor: Vendor {n}\nproduct: Product {n}\nversion: \"{}.{}\"\nstandards:\n  name: synth-standards\n  version: 1.0.0\nprofiles: [{profile}]\ncapabilities:\n",
        n % 7 + 1,
        n % 13
    );
    for (i, id) in claims.iter().enumerate() {
        let support = ["supported", "configurable", "custom"][i % 3];
        let id = if broken && i == 0 {
            format!("{id}9")
        } else {
            id.clone()
        };
        let _ = writeln!(
            s,
            "  {id}:\n    support: {support}\n    evidence: https://vendor{n}.example/docs/{i}"
        );
    }
    s.push_str("data_mappings:\n");
    for e in elements {
        let kind = copy
            .elements
            .iter()
            .find(|(id, _)| id == e)
            .map_or(0, |x| x.1);
        let vendor_type = match (kind, broken) {
            (2, true) => "string",
            (1 | 0, _) => "string",
            (2, _) => "date",
            (3, _) => "decimal",
            _ => "code",
        };
        let _ = writeln!(
            s,
            "  {e}:\n    field: field_{}\n    type: {vendor_type}",
            e.len()
        );
    }
    let value = if broken { 90.5 } else { 98.5 };
    let _ = writeln!(
        s,
        "metrics:\n  {metric}:\n    value: {value}\n    unit: \"%\"\n    period: FY2026\n    source: Service report"
    );
    s
}

/// The `LinkML` model equivalent to the standard's data: a slot per data
/// element with its range, a class per record, and the offering document.
fn linkml(copies: &[Copy]) -> String {
    let mut s = String::from(
        "id: https://example.org/fibf-synth\nname: fibf_synth\nprefixes:\n  linkml: https://w3id.org/linkml/\ndefault_prefix: fibf_synth\ndefault_range: string\nimports:\n  - linkml:types\n",
    );
    s.push_str("enums:\n  SupportLevel:\n    permissible_values:\n      supported: {}\n      configurable: {}\n      custom: {}\n      planned: {}\n      not-supported: {}\n");
    s.push_str("  Status:\n    permissible_values:\n      A: {}\n      I: {}\n      P: {}\n");
    s.push_str("slots:\n");
    for c in copies {
        for ((id, kind), (name, definition)) in c.elements.iter().zip(&c.element_docs) {
            let range = match kind {
                2 => "date",
                3 => "decimal",
                4 => "Status",
                _ => "string",
            };
            let _ = writeln!(
                s,
                "  {id}:\n    title: {}\n    description: {}\n    range: {range}",
                yaml(name),
                yaml(definition)
            );
        }
    }
    s.push_str("classes:\n");
    s.push_str("  Claim:\n    attributes:\n      capability:\n        identifier: true\n      support:\n        range: SupportLevel\n        required: true\n      evidence: {}\n      notes: {}\n      date:\n        range: date\n");
    s.push_str("  Mapping:\n    attributes:\n      element:\n        identifier: true\n      field:\n        required: true\n      type:\n        required: true\n      format: {}\n      max_length:\n        range: integer\n      values:\n        multivalued: true\n      notes: {}\n");
    s.push_str("  MetricValue:\n    attributes:\n      metric:\n        identifier: true\n      value:\n        range: float\n        required: true\n      unit:\n        required: true\n      period: {}\n      source: {}\n");
    s.push_str("  StandardsRef:\n    attributes:\n      name:\n        required: true\n      version:\n        required: true\n");
    s.push_str("  Offering:\n    tree_root: true\n    attributes:\n      vendor:\n        required: true\n      product:\n        required: true\n      version:\n        required: true\n      standards:\n        range: StandardsRef\n        inlined: true\n        required: true\n      profiles:\n        multivalued: true\n      capabilities:\n        range: Claim\n        multivalued: true\n        inlined: true\n        required: true\n      data_mappings:\n        range: Mapping\n        multivalued: true\n        inlined: true\n      metrics:\n        range: MetricValue\n        multivalued: true\n        inlined: true\n      use_cases:\n        multivalued: true\n");
    for c in copies {
        for (id, name, fields) in &c.records {
            let _ = writeln!(s, "  {id}:\n    description: {}\n    slots:", yaml(name));
            for (e, _) in fields {
                let _ = writeln!(s, "      - {e}");
            }
            s.push_str("    slot_usage:\n");
            for (e, required) in fields {
                let _ = writeln!(s, "      {e}:\n        required: {required}");
            }
        }
    }
    s
}

/// A YAML double-quoted scalar (JSON's string syntax is a subset of it).
fn yaml(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Writes the workload into `out` (replacing what is there): `standards/`,
/// `offerings/*.yaml`, the same offerings as `offerings-json/*.json`,
/// `linkml/model.yaml` with `linkml/canary.yaml`, `expected.json` (the verdicts a tool must give)
/// and `data-model/`: the fibf workspace that holds
/// what the `LinkML` model holds (the data elements, the references they
/// cite and the records). Returns the number of capabilities.
pub fn generate(scale: usize, offerings: usize, seed: u64, out: &Path) -> usize {
    let _ = std::fs::remove_dir_all(out);
    let standards = out.join("standards");
    write(
        &standards.join("fibf.toml"),
        "name = \"synth-standards\"\nversion = \"1.0.0\"\n",
    );
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let copies: Vec<Copy> = (0..scale)
        .map(|k| standards_copy(&mut rng, k, &standards))
        .collect();
    let mut broken_names = Vec::new();
    for n in 0..offerings {
        let broken = n % 10 == 9;
        if broken {
            broken_names.push(format!("offering-{n:05}"));
        }
        let text = offering(&mut rng, &copies, n, broken);
        write(&out.join(format!("offerings/offering-{n:05}.yaml")), &text);
        // The same document as JSON, for the peers that read only JSON.
        let value: serde_json::Value = {
            let docs = fibf::data::read(&text, fibf::data::Format::Yaml);
            docs.into_iter().next().unwrap().unwrap().value
        };
        write(
            &out.join(format!("offerings-json/offering-{n:05}.json")),
            &serde_json::to_string_pretty(&value).unwrap(),
        );
    }
    // The known answer each tool's verdict is checked against
    // (benches/verdict.py). A broken offering claims a capability whose
    // last segment has four digits, so no standard has it: the offering
    // schema's list of IDs rejects it, and fibf's semantic checks also
    // find its wrong mapping type and its metric under target. The LinkML
    // model has no list of IDs and no targets, and a mapping's type is
    // free text there, so every offering is valid by it.
    write(
        &out.join("expected.json"),
        &serde_json::to_string_pretty(&serde_json::json!({
            "offerings": offerings,
            "not_conformant": broken_names,
            "invalid_by_schema": broken_names,
            "invalid_by_linkml_model": [],
            "canary_rejected": ["canary"],
        }))
        .unwrap(),
    );
    write(&out.join("linkml/model.yaml"), &linkml(&copies));
    // An offering the LinkML model does reject (no vendor, a support level
    // it does not list), to show that linkml-validate, which rejects none
    // of the others, does validate.
    let first = offering(&mut ChaCha8Rng::seed_from_u64(seed), &copies, 0, false);
    let canary: String = first
        .lines()
        .filter(|l| !l.starts_with("vendor:"))
        .map(|l| l.replacen("support: supported", "support: sometimes", 1) + "\n")
        .collect();
    write(&out.join("linkml/canary.yaml"), &canary);
    let model = out.join("data-model");
    write(
        &model.join("fibf.toml"),
        "name = \"synth-data-model\"\nversion = \"1.0.0\"\n",
    );
    for (k, c) in copies.iter().enumerate() {
        write(
            &model.join(format!("copy{k}/references.fibf")),
            &c.cited_references,
        );
        for file in ["data-elements.fibf", "records.fibf"] {
            let from = standards.join(format!("copy{k}/{file}"));
            let to = model.join(format!("copy{k}/{file}"));
            std::fs::copy(from, to).unwrap();
        }
    }
    copies.iter().map(|c| c.capabilities.len()).sum()
}

fn main() {
    let mut scale = 1usize;
    let mut offerings = 100usize;
    let mut seed = 42u64;
    let mut out = PathBuf::from("target/synth");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().expect("a value after the option");
        match a.as_str() {
            "--scale" => scale = value().parse().expect("a number"),
            "--offerings" => offerings = value().parse().expect("a number"),
            "--seed" => seed = value().parse().expect("a number"),
            "--out" => out = PathBuf::from(value()),
            other => {
                eprintln!(
                    "unknown option {other}\nusage: synth [--scale N] [--offerings M] [--seed S] [--out DIR]"
                );
                std::process::exit(2);
            }
        }
    }
    let caps = generate(scale, offerings, seed, &out);
    println!(
        "wrote {} (scale {scale}: {caps} capabilities) and {offerings} offerings ({} with mistakes)",
        out.display(),
        offerings / 10
    );
}
