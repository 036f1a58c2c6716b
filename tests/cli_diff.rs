//! `fibf diff` from the command line: formats and the CI gate.

mod common;

use predicates::prelude::*;

use common::fibf;

fn case(name: &str) -> [String; 2] {
    [
        format!("tests/fixtures/diff/{name}/old.fibf"),
        format!("tests/fixtures/diff/{name}/new.fibf"),
    ]
}

#[test]
fn text_report_and_exit_codes() {
    let [old, new] = case("metrics");
    fibf()
        .args(["diff", &old, &new])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("suggested version bump: major"))
        .stdout(predicate::str::contains(
            "target: >= 95 % → >= 98 % (the target tightens)",
        ));
    fibf()
        .args(["diff", "--fail-on", "breaking", &old, &new])
        .assert()
        .code(1);
    fibf()
        .args(["diff", "--fail-on", "any", &old, &new])
        .assert()
        .code(1);
}

#[test]
fn gate_passes_when_nothing_breaks() {
    let [old, new] = case("no-changes");
    fibf()
        .args(["diff", "--fail-on", "any", &old, &new])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"));
    // Additive and editorial changes only: the breaking gate stays open.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.fibf"), dir.path().join("b.fibf"));
    std::fs::write(&a, "reference R \"Old title\"\n").unwrap();
    std::fs::write(&b, "reference R \"New title\"\nreference S \"Another\"\n").unwrap();
    fibf()
        .args(["diff", "--fail-on", "breaking"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("suggested version bump: patch"));
    fibf()
        .args(["diff", "--fail-on", "any"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1);
}

#[test]
fn json_report_is_stable_and_complete() {
    let [old, new] = case("records");
    let out = fibf()
        .args(["diff", "--format", "json", &old, &new])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], 1);
    assert_eq!(report["suggested_bump"], "major");
    let change = &report["changes"][0];
    assert_eq!(change["entity"], "record");
    assert_eq!(change["change"], "modified");
    assert_eq!(change["impact"], "breaking");
    let f = change["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "fields.F")
        .unwrap();
    assert_eq!(f["impact"], "breaking");
    assert_eq!(f["new"], "required");
}

#[test]
fn markdown_changelog_groups_by_area_and_impact() {
    let [old, new] = case("lifecycle");
    fibf()
        .args(["diff", "--format", "markdown", &old, &new])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "## GRM\n\n### Breaking\n\n- **Removed** activity `GRM.010.030`",
        ))
        .stdout(predicate::str::contains("## Cross-cutting"));
}

#[test]
fn directories_compare_and_broken_input_exits_2() {
    fibf()
        .args(["diff", "standards", "standards"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no changes"));
    fibf()
        .args([
            "diff",
            "standards",
            "tests/fixtures/check/unknown-references.fibf",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("have errors; nothing was done"));
    fibf()
        .args(["diff", "standards", "no/such/dir"])
        .assert()
        .code(2);
}

/// Two releases in a temporary folder: `fibf.toml` versions and files.
fn releases(old: (&str, &str), new: (&str, &str)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (side, (version, text)) in [("old", old), ("new", new)] {
        let dir = tmp.path().join(side);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(
            dir.join("fibf.toml"),
            format!("name = \"s\"\nversion = \"{version}\"\n"),
        )
        .unwrap();
        std::fs::write(dir.join("s.fibf"), text).unwrap();
    }
    tmp
}

#[test]
fn a_reviewer_is_told_what_a_release_forgot() {
    // Many elements on a capability: the list is cut between IDs.
    let base = "area GRM \"Grants\"\nfunction GRM.010 \"F\" {\n  area GRM\n}\nactivity GRM.010.010 \"A\" {\n  function GRM.010\n}\n";
    let elements: Vec<String> = (1..=12)
        .map(|i| format!("element ProgramElementNumber{i:02} {{\n  definition \"e\"\n}}\n"))
        .collect();
    let elements = elements.concat();
    let ids: Vec<String> = (1..=12)
        .map(|i| format!("ProgramElementNumber{i:02}"))
        .collect();
    let cap = |inputs: &[String], statement: &str| {
        format!(
            "capability GRM.010.010.011 input {{\n  activity GRM.010.010\n  statement \"{statement}\"\n  inputs {}\n}}\n",
            inputs.join(", ")
        )
    };
    let old = format!("{base}{elements}{}", cap(&ids[..11], "Capture `the` law"));
    let new = format!("{base}{elements}{}", cap(&ids, "Capture `the` statute"));
    let tmp = releases(("1.0.0", &old), ("1.0.0", &new));
    let out = fibf()
        .current_dir(tmp.path())
        .args(["diff", "old", "new", "--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    // A bump is suggested, and the version was not raised.
    assert!(
        md.contains("> **Warning:** the version did not change (1.0.0 in both): raise `version` in the new release's fibf.toml for a major release."),
        "{md}"
    );
    // No escaped backticks; lists cut between items, saying how many are left.
    assert!(!md.contains("\\`"), "{md}");
    let line = md.lines().find(|l| l.contains("`inputs`")).unwrap();
    assert!(line.contains("… and "), "{line}");
    for cut in line.split("… and ").skip(1) {
        assert!(cut.starts_with(|c: char| c.is_ascii_digit()), "{line}");
    }
    assert!(!line.contains("ProgramElementNumber1…"), "{line}");
    let text = fibf()
        .current_dir(tmp.path())
        .args(["diff", "old", "new"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("warning: the version did not change (1.0.0 in both)"),
        "{text}"
    );
    let json = fibf()
        .current_dir(tmp.path())
        .args(["diff", "old", "new", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["version_unchanged"], true);
    // The version raised: no warning.
    let tmp = releases(("1.0.0", &old), ("1.1.0", &new));
    fibf()
        .current_dir(tmp.path())
        .args(["diff", "old", "new"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("did not change").not());
}

#[test]
fn warnings_say_which_release_has_them() {
    let base = "area GRM \"Grants\"\n";
    let tmp = releases(
        ("1.0.0", base),
        (
            "1.1.0",
            &format!("{base}element Unused {{\n  definition \"u\"\n}}\n"),
        ),
    );
    fibf()
        .current_dir(tmp.path())
        .args(["diff", "old", "new"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "warning: the standards at new (given) have 1 warning; `fibf check new` shows them",
        ))
        .stderr(predicate::str::contains("at old").not());
}

/// A data-element release shaped like the published ones: most definitions
/// say "See Authoritative Source"; every element has a workbook row.
fn element_release(ids: &[&str], first_row: usize) -> String {
    let mut text = String::from("area FFM \"Financial Management\"\n");
    for (i, id) in ids.iter().enumerate() {
        let definition = if id.starts_with("Payment") {
            format!("The {id} of a payment, as the payee's bank reports it.")
        } else {
            "See Authoritative Source".to_owned()
        };
        text.push_str(&format!(
            "element {id} {{\n  definition \"{definition}\"\n  provenance \"data-elements.xlsx\" sheet \"Elements\" row {}\n}}\n",
            first_row + i
        ));
    }
    text
}

#[test]
fn moved_rows_are_not_changes_and_renames_need_evidence_in_the_content() {
    let old_ids = [
        "VendorAddressLine1",
        "VendorCity",
        "VendorState",
        "PaymentTraceNumber",
        "VendorZip",
    ];
    // Rows moved down by one (a row inserted above); VendorAddressLine1 gone
    // and VendorAddressLine2 new (alike IDs, a definition many share);
    // PaymentTraceNumber renamed PaymentTraceId, its definition kept.
    let new_ids = [
        "VendorAddressLine2",
        "VendorCity",
        "VendorState",
        "PaymentTraceId",
        "VendorZip",
    ];
    let old = element_release(&old_ids, 4);
    let new = element_release(&new_ids, 5).replace(
        "The PaymentTraceId of a payment, as the payee's bank reports it.",
        "The PaymentTraceNumber of a payment, as the payee's bank records it.",
    );
    let tmp = releases(("1.0.0", &old), ("2.0.0", &new));
    let json = |extra: &[&str]| -> serde_json::Value {
        let out = fibf()
            .current_dir(tmp.path())
            .args(["diff", "old", "new", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let report = json(&[]);
    let changes: Vec<String> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}{}",
                c["change"].as_str().unwrap(),
                c["old_id"]
                    .as_str()
                    .map(|o| format!("{o} → "))
                    .unwrap_or_default(),
                c["id"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            "renamed PaymentTraceNumber → PaymentTraceId",
            "removed VendorAddressLine1",
            "added VendorAddressLine2",
        ],
        "{report:#}"
    );
    let renamed = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["change"] == "renamed")
        .unwrap();
    assert!(
        renamed["note"]
            .as_str()
            .unwrap()
            .contains("evidence: definition 83% the same in words"),
        "{renamed:#}"
    );
    // Asked for, the moved rows are there: one per element kept.
    let with = json(&["--provenance"]);
    let modified = with["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "modified")
        .count();
    assert_eq!(modified, 3, "{with:#}");
}
