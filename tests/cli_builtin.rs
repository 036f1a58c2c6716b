//! The standards built into the binary: `conform`, `validate` and
//! `compile --builtin` from a directory with no standards, naming them in
//! their reports; and the built-in standards identical to `standards/`.

mod common;

use std::path::Path;

use common::fibf;

fn repo(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

#[test]
fn conform_outside_any_workspace_uses_the_built_in_standards() {
    let empty = tempfile::tempdir().unwrap();
    let out = fibf()
        .current_dir(empty.path())
        .arg("conform")
        .arg(repo("examples/offerings/acme-payables.yaml"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with("standards: fibf-standards 0.1.0 (built into fibf "),
        "{text}"
    );
    // The JSON report says the same.
    let out = fibf()
        .current_dir(empty.path())
        .args(["conform", "--format", "json"])
        .arg(repo("examples/offerings/acme-payables.yaml"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["standards"]["name"], "fibf-standards");
    assert!(
        json["standards"]["source"]
            .as_str()
            .unwrap()
            .starts_with("built into fibf")
    );
}

#[test]
fn a_workspace_above_the_current_directory_wins_over_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("fibf.toml"),
        "name = \"mine\"\nversion = \"2.0.0\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("areas.fibf"),
        "area GRM \"Grants\"\n\nprofile P \"P\" {\n  description \"Nothing required.\"\n}\n",
    )
    .unwrap();
    let sub = dir.path().join("offerings");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        sub.join("o.yaml"),
        "vendor: V\nproduct: P\nversion: \"1\"\nstandards:\n  name: mine\n  version: 2.0.0\nprofiles: [P]\ncapabilities: {}\n",
    )
    .unwrap();
    let out = fibf()
        .current_dir(&sub)
        .args(["conform", "o.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("standards: mine 2.0.0 ("), "{text}");
    assert_eq!(out.status.code(), Some(0), "{text}");
}

#[test]
fn validate_outside_any_workspace_uses_the_built_in_standards() {
    let empty = tempfile::tempdir().unwrap();
    let data = empty.path().join("invoice.json");
    std::fs::write(
        &data,
        r#"{"InvoiceReceiptDate": "2026-12-01", "PaymentDueDate": "2026-12-31"}"#,
    )
    .unwrap();
    fibf()
        .current_dir(empty.path())
        .args(["validate", "invoice.json", "--record", "VendorInvoice"])
        .assert()
        .success();
    std::fs::write(&data, r#"{"InvoiceReceiptDate": "yesterday"}"#).unwrap();
    fibf()
        .current_dir(empty.path())
        .args(["validate", "invoice.json", "--record", "VendorInvoice"])
        .assert()
        .code(1);
}

/// The built-in standards never go stale: what `compile --builtin` makes
/// is byte for byte what compiling `standards/` makes.
#[test]
fn compile_builtin_is_the_same_as_compiling_the_standards_directory() {
    let empty = tempfile::tempdir().unwrap();
    let (a, b) = (empty.path().join("builtin"), empty.path().join("source"));
    fibf()
        .current_dir(empty.path())
        .args(["compile", "--builtin", "--out"])
        .arg(&a)
        .assert()
        .success();
    fibf()
        .args(["compile"])
        .arg(repo("standards"))
        .arg("--out")
        .arg(&b)
        .assert()
        .success();
    let (ta, tb) = (common::read_tree(&a), common::read_tree(&b));
    assert_eq!(ta.len(), tb.len());
    for ((pa, ba), (pb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between --builtin and standards/");
    }
}
