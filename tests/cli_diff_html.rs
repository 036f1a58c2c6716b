//! `fibf diff --format html`: the release review page. One self-contained
//! file with every change of the JSON report, grouped by area and impact,
//! texts as word diffs, and the standard's text escaped.

mod common;

use common::fibf;

const OLD: &str = "tests/fixtures/diff/capabilities/old.fibf";
const NEW: &str = "tests/fixtures/diff/capabilities/new.fibf";

fn diff(format: &str, old: &str, new: &str) -> (String, i32) {
    let out = fibf()
        .args(["diff", "--format", format, old, new])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn the_review_page_has_every_change_and_needs_nothing_else() {
    let (html, code) = diff("html", OLD, NEW);
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    for tag in ["<script", "<link", " src=", "<img", "url("] {
        assert!(!lower.contains(tag), "{tag}");
    }
    let (json, _) = diff("json", OLD, NEW);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(html.matches("<li><strong>").count(), changes.len());
    for c in changes {
        assert!(html.contains(&format!("<code>{}</code>", c["id"].as_str().unwrap())));
    }
    // A changed word is marked deleted and inserted, the rest kept whole.
    assert!(
        html.contains(
            "in the federal <del class=\"w\">catalog</del><ins class=\"w\">catalogue</ins>"
        )
    );
    assert!(html.contains("aria-label=\"GRM: 5 breaking, 1 additive, 1 editorial\""));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("diff__html__capabilities", html));
}

#[test]
fn text_from_the_releases_stays_text_and_out_writes_the_same_page() {
    let dir = tempfile::tempdir().unwrap();
    let release = |statement: &str| {
        format!(
            "area GRM \"Grants <b>Management</b>\"\nfunction GRM.010 \"F\" {{\n  area GRM\n}}\nactivity GRM.010.010 \"A\" {{\n  function GRM.010\n}}\ncapability GRM.010.010.011 input {{\n  activity GRM.010.010\n  statement \"{statement}\"\n}}\n"
        )
    };
    let old = dir.path().join("old.fibf");
    let new = dir.path().join("new.fibf");
    std::fs::write(&old, release("Capture the <script>alert(1)</script> text")).unwrap();
    std::fs::write(
        &new,
        release("Capture the <img src=x onerror=alert(2)> text"),
    )
    .unwrap();
    let (html, code) = diff("html", old.to_str().unwrap(), new.to_str().unwrap());
    assert_eq!(code, 0);
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script>alert"));
    assert!(!lower.contains("<img"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    let out = dir.path().join("review/diff.html");
    fibf()
        .args(["diff", "--format", "html", "--out"])
        .arg(&out)
        .arg(&old)
        .arg(&new)
        .assert()
        .code(0)
        .stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), html);
    // No changes is a page too.
    let (same, code) = diff("html", OLD, OLD);
    assert_eq!(code, 0);
    assert!(same.contains("<p>No changes.</p>"));
}
