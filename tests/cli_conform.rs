//! `fibf conform` from the command line, on the example offerings and the
//! bundled standards: golden reports in every format, SARIF checked against
//! the SARIF 2.1.0 schema, `JUnit` read back, positions in YAML and JSON, exit
//! codes, `--out`, standard input and parallel runs.

mod common;

use std::collections::BTreeMap;

use predicates::prelude::*;
use serde_json::Value;

use common::fibf;

const EXAMPLES: &str = "examples/offerings";
const CONFORMANT: &str = "examples/offerings/acme-payables.yaml";
const PARTIAL: &str = "examples/offerings/ledgerline-payables.json";
const DRAFT: &str = "examples/offerings/quickpay-draft.yaml";
const SARIF_SCHEMA: &str = "../shared/schemas/sarif-schema-2.1.0.json";

/// Run `fibf conform` on the examples directory in a format; stdout and
/// the exit code.
fn report(format: &str) -> (String, i32) {
    let out = fibf()
        .args(["conform", "--format", format, EXAMPLES])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn snapshot(name: &str, text: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
}

#[test]
fn golden_reports_in_every_format() {
    for format in ["text", "json", "sarif", "junit", "markdown"] {
        let (text, code) = report(format);
        // One offering is not conformant, none is unreadable.
        assert_eq!(code, 1, "{format}");
        // SARIF names the checkout it ran in; the snapshot must not.
        let root = format!("file://{}/", env!("CARGO_MANIFEST_DIR"));
        let text = text.replace(&root, "file:///[checkout]/");
        snapshot(&format!("conform__examples__{format}"), &text);
    }
}

#[test]
fn exit_codes() {
    fibf()
        .args(["conform", CONFORMANT])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok: 1 of 1 offering conformant"));
    fibf().args(["conform", PARTIAL]).assert().code(1);
    fibf().args(["conform", DRAFT]).assert().code(1);
    // Unreadable offerings are exit 2, and the others are still reported.
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "vendor: [unclosed\n").unwrap();
    fibf()
        .args(["conform", CONFORMANT])
        .arg(&broken)
        .arg(dir.path().join("missing.yaml"))
        .assert()
        .code(2)
        .stdout(predicate::str::contains("acme-payables.yaml"))
        .stdout(predicate::str::contains("E0401"))
        .stdout(predicate::str::contains("E0100"))
        .stdout(predicate::str::contains(
            "failed: 1 of 3 offerings conformant",
        ));
    // Usage errors.
    fibf()
        .args(["conform", "--profile", "FFM-PAYABLES-COR", CONFORMANT])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `FFM-PAYABLES-CORE`?",
        ));
    let empty = tempfile::tempdir().unwrap();
    fibf()
        .args(["conform"])
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no offerings found"));
}

#[test]
fn profile_option_overrides_the_claimed_profiles() {
    // The conformant offering claims the core profile; against the
    // stricter one it misses a capability and a data element.
    let out = fibf()
        .args([
            "conform",
            "--format",
            "json",
            "--profile",
            "FFM-PAYABLES-PLUS",
            CONFORMANT,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let profiles = &json["offerings"][0]["profiles"];
    assert_eq!(profiles.as_array().unwrap().len(), 1);
    assert_eq!(profiles[0]["id"], "FFM-PAYABLES-PLUS");
    assert_eq!(profiles[0]["passed"], false);
    assert_eq!(profiles[0]["not_delivered"][0], "FFMSR.2.2.3.1");
}

/// Findings of one offering in the JSON report: (code, line, column).
fn findings(path: &str) -> Vec<(String, u64, u64)> {
    let out = fibf()
        .args(["conform", "--format", "json", path])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["offerings"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn findings_are_placed_at_the_key_or_value_in_yaml_and_json() {
    let yaml = findings(DRAFT);
    // The misspelt capability key, line 14 column 3.
    assert!(yaml.contains(&("E0601".into(), 14, 3)), "{yaml:?}");
    // The support level that does not exist: the value `yes`.
    assert!(yaml.contains(&("E0403".into(), 13, 14)), "{yaml:?}");
    // The metric value written as text, and the unit of another metric.
    assert!(yaml.contains(&("E0403".into(), 24, 12)), "{yaml:?}");
    assert!(yaml.contains(&("E0610".into(), 28, 11)), "{yaml:?}");
    let json = findings(PARTIAL);
    // The planned claim's key on line 11, the value missing its threshold.
    assert!(json.contains(&("E0606".into(), 11, 5)), "{json:?}");
    assert!(json.contains(&("E0609".into(), 21, 29)), "{json:?}");
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    let (text, _) = report("sarif");
    let log: Value = serde_json::from_str(&text).unwrap();
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(SARIF_SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does hold the log to account.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!validator.is_valid(&broken));
    // Every result points into the offering it is about.
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("examples/offerings/"), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
    }
    let rules: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"E0605") && rules.contains(&"E0601"),
        "{rules:?}"
    );
}

/// A `JUnit` test case read back: suite, class, name, failure message.
#[derive(Debug)]
struct Case {
    suite: String,
    class: String,
    name: String,
    failure: Option<String>,
}

fn parse_junit(xml: &str) -> (BTreeMap<String, (usize, usize)>, Vec<Case>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> String {
        e.try_get_attribute(name)
            .unwrap()
            .map(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .unwrap()
                    .into_owned()
            })
            .unwrap_or_default()
    };
    let mut suites = BTreeMap::new();
    let mut cases: Vec<Case> = Vec::new();
    let mut suite = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().0 {
                "testsuite" => {
                    suite = attr(&e, "name");
                    let n = |k| attr(&e, k).parse::<usize>().unwrap();
                    suites.insert(suite.clone(), (n("tests"), n("failures")));
                }
                "testcase" => cases.push(Case {
                    suite: suite.clone(),
                    class: attr(&e, "classname"),
                    name: attr(&e, "name"),
                    failure: None,
                }),
                "failure" => cases.last_mut().unwrap().failure = Some(attr(&e, "message")),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (suites, cases)
}

#[test]
fn junit_has_a_test_case_per_mandatory_capability() {
    let (text, _) = report("junit");
    let (suites, cases) = parse_junit(&text);
    assert_eq!(suites.len(), 3);
    for (suite, (tests, failures)) in &suites {
        let mine: Vec<&Case> = cases.iter().filter(|c| &c.suite == suite).collect();
        assert_eq!(mine.len(), *tests, "{suite}");
        assert_eq!(
            mine.iter().filter(|c| c.failure.is_some()).count(),
            *failures,
            "{suite}"
        );
    }
    let acme = "examples/offerings/acme-payables.yaml";
    assert_eq!(suites[acme].1, 0);
    // The core profile's five mandatory capabilities, each a case.
    let mandatory: Vec<&Case> = cases
        .iter()
        .filter(|c| {
            c.suite == acme && c.class == "FFM-PAYABLES-CORE" && c.name.starts_with("FFMSR")
        })
        .collect();
    assert_eq!(mandatory.len(), 5, "{mandatory:#?}");
    // The partial offering: a capability not claimed, one only planned.
    let ledger = "examples/offerings/ledgerline-payables.json";
    let failure = |id: &str| {
        cases
            .iter()
            .find(|c| c.suite == ledger && c.name.starts_with(id))
            .and_then(|c| c.failure.clone())
    };
    assert_eq!(failure("FFMSR.2.2.3.1 ").as_deref(), Some("not claimed"));
    assert_eq!(failure("FFMSR.2.2.3.2 ").as_deref(), Some("not delivered"));
    assert_eq!(failure("FFMSR.2.2.1.1 "), None);
}

#[test]
fn out_writes_the_report_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.sarif");
    fibf()
        .args(["conform", "--format", "sarif", "--out"])
        .arg(&path)
        .arg(CONFORMANT)
        .assert()
        .code(0)
        .stdout("");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["version"], "2.1.0");
    // Only the report is left in the directory: no temporary file.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // The folders of the output path are made...
    fibf()
        .args(["conform", "--out"])
        .arg(dir.path().join("new/dir/report.txt"))
        .arg(CONFORMANT)
        .assert()
        .code(0)
        .stdout("");
    assert!(dir.path().join("new/dir/report.txt").is_file());
    // ...and one that cannot be written is a usage error.
    std::fs::write(dir.path().join("file"), "").unwrap();
    fibf()
        .args(["conform", "--out"])
        .arg(dir.path().join("file/report.txt"))
        .arg(CONFORMANT)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

/// `--out` naming something that is not a regular file (a device such as
/// `/dev/null`, a named pipe) writes through it and leaves it in place; a
/// symbolic link is kept and the file it points to replaced. (Renaming the
/// report over the path, as for a regular file, once replaced `/dev/null`
/// itself with a file when run as root.)
#[cfg(unix)]
#[test]
fn out_writes_through_devices_pipes_and_links() {
    use std::os::unix::fs::{FileTypeExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let is_link = |p: &std::path::Path| {
        std::fs::symlink_metadata(p)
            .unwrap()
            .file_type()
            .is_symlink()
    };

    // Through a link, so that a regression replaces the link, not /dev/null.
    let null = dir.path().join("null");
    symlink("/dev/null", &null).unwrap();
    fibf()
        .args(["conform", "--out"])
        .arg(&null)
        .arg(CONFORMANT)
        .assert()
        .code(0)
        .stdout("");
    assert!(is_link(&null), "the link to /dev/null was replaced");
    let dev_null = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(dev_null.is_char_device());

    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    symlink(&real, &link).unwrap();
    fibf()
        .args(["conform", "--format", "json", "--out"])
        .arg(&link)
        .arg(CONFORMANT)
        .assert()
        .code(0);
    assert!(is_link(&link), "the link was replaced by a file");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&real).unwrap()).unwrap();
    assert_eq!(written["offerings"].as_array().unwrap().len(), 1);

    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    fibf()
        .args(["conform", "--out"])
        .arg(&fifo)
        .arg(CONFORMANT)
        .assert()
        .code(0);
    // Checked before joining: had the pipe been replaced, its reader would
    // wait for ever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the named pipe was replaced");
    assert!(reader.join().unwrap().contains("Acme Federal Systems"));

    // Nothing else was left beside them.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["fifo", "link.json", "null", "real.json"]);
}

/// A report of many chunks whose writing fails part way, to a full
/// device and to a pipe its reader closed: fibf stops, says so for the
/// device, and does not wait for ever on the offerings still being
/// serialized.
#[test]
fn a_report_whose_writing_fails_part_way_ends_the_run() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let yaml = std::fs::read_to_string(CONFORMANT).unwrap();
    // Chunks are 16 offerings, and up to eight wait ahead of the output:
    // a thousand offerings are far more than the threads make ahead.
    for i in 0..1000 {
        std::fs::write(dir.path().join(format!("o{i:04}.yaml")), &yaml).unwrap();
    }
    fibf()
        .args(["conform", "--format", "json", "--out", "/dev/full"])
        .arg(dir.path())
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write /dev/full"));

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fibf"))
        .args(["conform", "--format", "json"])
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The first megabyte is read, slowly enough that the threads have made
    // the chunks after it and wait for the write; then the reading end
    // is closed. The run ends with the offerings' verdict.
    let mut start = vec![0u8; 1 << 20];
    let mut out = child.stdout.take().unwrap();
    out.read_exact(&mut start).unwrap();
    assert!(start.starts_with(b"{"));
    std::thread::sleep(std::time::Duration::from_millis(500));
    drop(out);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("fibf went on after its reader left");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
}

#[test]
fn reads_an_offering_from_standard_input() {
    let yaml = std::fs::read_to_string(CONFORMANT).unwrap();
    fibf()
        .args(["conform", "--input-format", "yaml", "-"])
        .write_stdin(yaml)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("<stdin> (Acme Federal Systems"));
    let json = std::fs::read_to_string(PARTIAL).unwrap();
    fibf()
        .args(["conform", "--format", "json", "-"])
        .write_stdin(json)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"file\": \"<stdin>\""));
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let run = |jobs: &str| {
        fibf()
            .args([
                "-j",
                jobs,
                "conform",
                "--format",
                "json",
                EXAMPLES,
                "tests/fixtures/conform",
            ])
            .args(["--standards", "tests/fixtures/standard"])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("2"));
    assert_eq!(one, run("8"));
}

#[test]
fn help_documents_formats_and_exit_codes() {
    fibf()
        .args(["conform", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("sarif"))
        .stdout(predicate::str::contains("junit"))
        .stdout(predicate::str::contains("--json-layout <LAYOUT>"))
        .stdout(predicate::str::contains("0 every offering conformant"));
}
