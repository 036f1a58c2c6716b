//! `fibf conform` as a vendor meets it: a folder with other files in it,
//! standard input in YAML, empty and unreadable files, type checks that
//! could not run, hints that point somewhere a vendor can go, and the
//! small words of the summary.

mod common;

use predicates::prelude::*;
use serde_json::Value;

use common::fibf;

const CONFORMANT: &str = "examples/offerings/acme-payables.yaml";
const PARTIAL: &str = "examples/offerings/ledgerline-payables.json";

/// The JSON report of `fibf conform` on `path`.
fn json_report(path: impl AsRef<std::ffi::OsStr>) -> Value {
    let out = fibf()
        .args(["conform", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A folder of offerings with the files a vendor's repository also holds.
fn vendor_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::copy(CONFORMANT, p.join("acme.yaml")).unwrap();
    std::fs::copy(PARTIAL, p.join("ledgerline.json")).unwrap();
    std::fs::write(
        p.join("package.json"),
        r#"{"name": "site", "version": "1.0.0"}"#,
    )
    .unwrap();
    std::fs::create_dir(p.join("schemas")).unwrap();
    std::fs::write(
        p.join("schemas/offering.schema.json"),
        r#"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"#,
    )
    .unwrap();
    dir
}

#[test]
fn a_folder_checks_its_offerings_and_says_what_it_skipped() {
    let dir = vendor_folder();
    fibf()
        .arg("conform")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "package.json: not an offering: it has no `capabilities` map, nor `vendor` and `product`",
        ))
        .stdout(predicate::str::contains(
            "offering.schema.json: not an offering: its `$schema` is `https://json-schema.org/draft/2020-12/schema`",
        ))
        .stdout(predicate::str::ends_with("failed: 1 of 2 offerings conformant\n"));
    let report = json_report(dir.path());
    assert_eq!(report["summary"]["offerings"], 2);
    let skipped: Vec<&str> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(skipped, ["package.json", "offering.schema.json"]);
    // Named on the command line, a file is always checked.
    fibf()
        .arg("conform")
        .arg(dir.path().join("package.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("missing required key"));
}

#[test]
fn include_and_exclude_choose_among_a_folders_files() {
    let dir = vendor_folder();
    fibf()
        .args(["conform", "--include", "*.yaml"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("skipped").not())
        .stdout(predicate::str::ends_with(
            "ok: 1 of 1 offering conformant\n",
        ));
    fibf()
        .args(["conform", "--exclude", "*.json"])
        .arg(dir.path())
        .assert()
        .code(0);
    fibf()
        .args(["conform", "--exclude", "*"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no offerings found"));
    fibf()
        .args(["conform", "--include", "[oops"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`[oops` is not a glob"));
}

#[test]
fn a_folder_is_walked_in_name_order_directory_by_directory() {
    // Sorted as whole strings, `a-b.json` and `a.json` would come before
    // `a/x.json` (`-` and `.` sort before `/`); a walk that reads each
    // folder in name order meets the folder `a` first.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    for name in ["a.json", "a/x.json", "a-b.json"] {
        std::fs::copy(PARTIAL, dir.path().join(name)).unwrap();
    }
    let report = json_report(dir.path());
    let files: Vec<String> = report["offerings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let file = o["file"].as_str().unwrap();
            let root = dir.path().to_string_lossy().replace('\\', "/");
            file.strip_prefix(&format!("{root}/")).unwrap().to_owned()
        })
        .collect();
    assert_eq!(files, ["a/x.json", "a-b.json", "a.json"]);
}

#[test]
fn standards_that_cannot_be_read_are_said_before_a_bad_glob() {
    // The folder is listed while the standards load; what the standards
    // say still comes first, and alone.
    let dir = vendor_folder();
    fibf()
        .args([
            "conform",
            "--standards",
            "no-such-standards",
            "--include",
            "[oops",
        ])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("could not be read"))
        .stderr(predicate::str::contains("is not a glob").not());
}

#[test]
fn standard_input_is_yaml_or_json() {
    let yaml = std::fs::read(CONFORMANT).unwrap();
    fibf()
        .args(["conform", "-"])
        .write_stdin(yaml)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("<stdin> (Acme Federal Systems"));
    let json = std::fs::read(PARTIAL).unwrap();
    fibf()
        .args(["conform", "-"])
        .write_stdin(json)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("<stdin> (Ledgerline Inc."));
}

#[test]
fn empty_and_unreadable_files_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    fibf()
        .arg("conform")
        .arg(&empty)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "the file is empty: it holds no offering",
        ))
        .stdout(predicate::str::contains("null is not of type").not())
        .stdout(predicate::str::contains(
            "empty.yaml: unreadable, not checked",
        ))
        .stdout(predicate::str::contains("((").not());
    fibf()
        .arg("conform")
        .arg(dir.path().join("missing.yaml"))
        .arg(CONFORMANT)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "missing.yaml: unreadable, not checked",
        ))
        .stdout(predicate::str::ends_with(
            "failed: 1 of 2 offerings conformant, 1 could not be read\n",
        ));
}

#[test]
fn mappings_that_could_not_be_type_checked_are_counted_everywhere() {
    fibf()
        .args(["conform", CONFORMANT])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "4 data mappings not type-checked: the standard declares no type for their elements (N0615)",
        ))
        .stdout(predicate::str::contains(
            "`PaymentDueDate`: not type-checked: the standard declares no type for this data element",
        ));
    let report = json_report(CONFORMANT);
    assert_eq!(report["offerings"][0]["unchecked_mappings"], 4);
    fibf()
        .args(["conform", "--format", "junit", CONFORMANT])
        .assert()
        .stdout(predicate::str::contains(
            r#"<property name="unchecked_mappings" value="4"/>"#,
        ));
    fibf()
        .args(["conform", "--format", "markdown", CONFORMANT])
        .assert()
        .stdout(predicate::str::contains("4 data mappings not type-checked"))
        .stdout(predicate::str::contains("| ℹ️ | N0615 |"));
}

#[test]
fn small_words_and_hints() {
    let dir = tempfile::tempdir().unwrap();
    let offering = dir.path().join("o.yaml");
    let text = std::fs::read_to_string(CONFORMANT)
        .unwrap()
        .replace("value: 98.6", "value: 0.97")
        .replace(
            "  - FFM-PAYABLES-CORE",
            "  - FFM-PAYABLES-CORE\n  - FFM-PAYABLES",
        );
    std::fs::write(&offering, text).unwrap();
    let report = json_report(&offering);
    let help = |code: &str| -> String {
        report["offerings"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .map_or_else(
                || panic!("no {code}: {report:#}"),
                |f| f["help"].as_str().unwrap().to_owned(),
            )
    };
    // A percentage written as a fraction.
    assert!(
        help("E0609")
            .contains("`0.97` looks like a fraction: the unit is `%`, so write 97 for 97 %"),
        "{}",
        help("E0609")
    );
    // An unknown profile in the file lists those there are.
    assert!(
        help("E0604").contains("the standard's profiles: FFM-PAYABLES-CORE, FFM-PAYABLES-PLUS"),
        "{}",
        help("E0604")
    );
    fibf()
        .arg("conform")
        .arg(&offering)
        .assert()
        .code(1)
        // No repository path a vendor does not have, no 0/0.
        .stdout(predicate::str::contains("see docs/").not())
        .stdout(predicate::str::contains("0/0").not())
        .stdout(predicate::str::contains("0 data elements unmapped").not());
    // A document without the offering's keys is pointed at the guide.
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"name": "site"}"#).unwrap();
    fibf()
        .args(["conform", "--format", "json"])
        .arg(&other)
        .assert()
        .stdout(predicate::str::contains(
            "https://github.com/fibf-dev/fibf/blob/main/docs/offerings.md",
        ));
}

#[test]
fn the_standards_warnings_are_said_only_when_asked() {
    // Standards with a warning (an unused data element).
    let standards = "tests/fixtures/lints/order/a-warning.fibf";
    fibf()
        .args(["conform", "--standards", standards, CONFORMANT])
        .assert()
        .stderr(predicate::str::contains("the standards have").not());
    fibf()
        .args(["conform", "-v", "--standards", standards, CONFORMANT])
        .assert()
        .stderr(predicate::str::contains(
            "warning: the standards at tests/fixtures/lints/order/a-warning.fibf (given) have 1 warning; `fibf check tests/fixtures/lints/order/a-warning.fibf` shows them",
        ));
}

#[test]
fn unusable_standards_say_which_were_tried() {
    fibf()
        .args(["conform", "--standards", "no/such/standards", CONFORMANT])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: the standards at no/such/standards (given) could not be read; nothing was done",
        ))
        .stderr(predicate::str::contains(
            "`--standards` takes a .fibf file or a directory",
        ));
}

#[test]
fn a_duplicate_key_is_reported_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let offering = dir.path().join("dup.yaml");
    let text = std::fs::read_to_string(CONFORMANT)
        .unwrap()
        .replace(
            "product: Acme Payables Cloud",
            "product: Acme Payables Cloud\nvendor: Someone Else",
        )
        .replace("value: 98.6", "value: 0.97");
    std::fs::write(&offering, text).unwrap();
    let out = fibf()
        .args(["conform", "--format", "json"])
        .arg(&offering)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let offering = &report["offerings"][0];
    // The first `vendor` is kept.
    assert_eq!(offering["vendor"], "Acme Federal Systems");
    let codes: Vec<&str> = offering["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"E0401"), "{codes:?}");
    // The rest of the document was checked: the metric's threshold too.
    assert!(codes.contains(&"E0609"), "{codes:?}");
    assert_eq!(report["summary"]["unreadable"], 0);
}
