//! Reports for CI systems from the CLI: GitHub workflow commands, GitLab
//! Code Quality and SARIF, from `check`, `conform`, `validate` and `diff`;
//! SARIF valid against the 2.1.0 schema and shaped as GitHub code scanning
//! takes it (relative URIs even for absolute paths, rules with help links,
//! fingerprints, the exit code).

mod common;

use std::path::{Path, PathBuf};

use common::fibf;
use serde_json::Value;

const SARIF_SCHEMA: &str = "../shared/schemas/sarif-schema-2.1.0.json";

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn stdout(args: &[&str], path: Option<&Path>) -> (String, i32) {
    let mut cmd = fibf();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    if let Some(p) = path {
        cmd.arg(p);
    }
    let out = cmd.output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn assert_valid_sarif(log: &Value) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(SARIF_SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // What GitHub's upload requires beyond the schema.
    let run = &log["runs"][0];
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .chars()
            .last(),
        Some('/')
    );
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(
            rule["helpUri"].as_str().unwrap().starts_with("https://"),
            "{rule}"
        );
    }
    for r in run["results"].as_array().unwrap() {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains(':') && !uri.contains(".."),
            "{uri}"
        );
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["fibfFingerprint/v1"].is_string());
    }
}

#[test]
fn check_annotates_github_with_repository_relative_paths() {
    // An absolute path in, a repository-relative path out.
    let file = repo("tests/fixtures/check/unknown-fields.fibf");
    let (out, code) = stdout(&["check", "--format", "github"], Some(&file));
    assert_eq!(code, 1);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=tests/fixtures/check/unknown-fields.fibf,line="),
        "{first}"
    );
    assert!(first.contains(",title=E0202::unknown field"), "{first}");
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn check_writes_gitlab_code_quality() {
    let (out, code) = stdout(
        &[
            "check",
            "--format",
            "gitlab",
            "tests/fixtures/check/unknown-fields.fibf",
        ],
        None,
    );
    assert_eq!(code, 1);
    let issues: Value = serde_json::from_str(&out).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut prints: Vec<&str> = Vec::new();
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert_eq!(
            i["location"]["path"],
            "tests/fixtures/check/unknown-fields.fibf"
        );
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(
            ["blocker", "critical", "major", "minor", "info"]
                .contains(&i["severity"].as_str().unwrap())
        );
        prints.push(i["fingerprint"].as_str().unwrap());
    }
    let n = prints.len();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), n, "fingerprints are unique");
}

#[test]
fn check_and_conform_sarif_is_what_code_scanning_takes() {
    let file = repo("tests/fixtures/check/unknown-fields.fibf");
    let (out, code) = stdout(&["check", "--format", "sarif"], Some(&file));
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(log["runs"][0]["invocations"][0]["exitCode"], code);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/check/unknown-fields.fibf"
    );
    // The same finding keeps its fingerprint when lines above it move it.
    let text = std::fs::read_to_string(&file).unwrap();
    let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
    let copy = dir.path().join("unknown-fields.fibf");
    let sarif_of = |text: &str| -> Value {
        std::fs::write(&copy, text).unwrap();
        serde_json::from_str(&stdout(&["check", "--format", "sarif"], Some(&copy)).0).unwrap()
    };
    let (before, after) = (sarif_of(&text), sarif_of(&format!("# moved\n\n\n{text}")));
    let first = |l: &Value, key: &str| l["runs"][0]["results"][0][key].clone();
    let line =
        |l: &Value| first(l, "locations")[0]["physicalLocation"]["region"]["startLine"].clone();
    assert_ne!(line(&before), line(&after));
    assert_eq!(
        first(&before, "partialFingerprints"),
        first(&after, "partialFingerprints")
    );

    let (out, code) = stdout(
        &[
            "conform",
            "--format",
            "sarif",
            "examples/offerings/quickpay-draft.yaml",
        ],
        None,
    );
    let log: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&log);
    assert_eq!(code, 1);
    assert_eq!(
        log["runs"][0]["properties"]["standards"]["name"],
        "fibf-standards"
    );
}

#[test]
fn conform_and_validate_annotate_github() {
    let (out, code) = stdout(
        &[
            "conform",
            "--format",
            "github",
            "examples/offerings/quickpay-draft.yaml",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("::error file=examples/offerings/quickpay-draft.yaml,line="),
        "{out}"
    );
    let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
    let data = dir.path().join("invoice.json");
    std::fs::write(&data, "{\"InvoiceReceiptDate\": \"yesterday\"}\n").unwrap();
    let (out, code) = stdout(
        &[
            "validate",
            "--record",
            "VendorInvoice",
            "--format",
            "github",
        ],
        Some(&data),
    );
    assert_eq!(code, 1);
    let rel = data.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
    assert!(
        out.contains(&format!("::error file={},line=1", rel.display())),
        "{out}"
    );
}

#[test]
fn diff_annotates_each_change_on_the_new_release() {
    let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    for d in [&old, &new] {
        std::fs::create_dir(d).unwrap();
    }
    std::fs::write(
        old.join("a.fibf"),
        "area GRM \"Grants\"\n\nfunction GRM.010 \"Admin\" {\n  area GRM\n}\n",
    )
    .unwrap();
    std::fs::write(new.join("a.fibf"), "area GRM \"Grants Management\"\n").unwrap();
    let out = fibf()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["diff", "--format", "github"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rel = |p: &Path| {
        p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string()
    };
    // The removed function, where it was; the renamed area, where it is.
    assert!(
        text.contains(&format!("::error file={}/a.fibf,line=3,col=10", rel(&old))),
        "{text}"
    );
    assert!(
        text.contains("title=breaking::removed function `GRM.010`"),
        "{text}"
    );
    assert!(
        text.contains(&format!("::notice file={}/a.fibf,line=1,col=6", rel(&new))),
        "{text}"
    );
}
