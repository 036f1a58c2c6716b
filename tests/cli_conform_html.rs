//! `fibf conform --format html`: one self-contained page (no script,
//! nothing fetched, every link inside the page), with the same findings as
//! the JSON report, a coverage heat map of every activity of the areas an
//! offering touches, metric bars, mappings, excerpts of the lines each
//! finding points at, and a comparison of several offerings.

mod common;

use common::fibf;

const EXAMPLES: &str = "examples/offerings";

fn run(args: &[&str]) -> (String, i32) {
    let out = fibf().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Values of `attr="..."` in `html`.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.split(needle.as_str())
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn the_report_of_the_examples_is_self_contained_and_says_what_json_says() {
    let (html, code) = run(&["conform", "--format", "html", EXAMPLES]);
    assert_eq!(code, 1);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_lowercase();
    for tag in ["<script", "<link", " src=", "<img", "@import", "url("] {
        assert!(!lower.contains(tag), "{tag}");
    }
    // Every link is to a place in the page.
    let ids = attributes(&html, "id");
    for href in attributes(&html, "href") {
        let anchor = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{href} leaves the page"));
        assert!(ids.contains(&anchor), "no #{anchor}");
    }
    // The same findings as the JSON report, each with its excerpt.
    let (json, _) = run(&["conform", "--format", "json", EXAMPLES]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let offerings = json["offerings"].as_array().unwrap();
    let findings: usize = offerings
        .iter()
        .map(|o| o["findings"].as_array().unwrap().len())
        .sum();
    assert!(findings > 5);
    assert_eq!(html.matches("<span class=\"sev ").count(), findings);
    for o in offerings {
        for f in o["findings"].as_array().unwrap() {
            let at = format!(
                "{}:{}:{}",
                o["file"].as_str().unwrap(),
                f["line"],
                f["column"]
            );
            assert!(html.contains(&at), "{at}");
        }
    }
    assert!(html.contains("<mark>"));
    // A section per offering, and their comparison.
    assert_eq!(
        html.matches("<section aria-labelledby=\"offering-").count(),
        3
    );
    let comparison = &html[html.find("<table>").unwrap()..html.find("</table>").unwrap()];
    assert_eq!(
        comparison
            .matches("<th scope=\"col\"><a href=\"#offering-")
            .count(),
        3
    );
    assert!(comparison.contains("<th scope=\"row\">FFMSR.2.2.1.1<br>"));
    // The heat map: every activity of FFM, the claimed ones counted.
    assert!(html.contains(
        "<title>FFM.030.010 Payee Set-up and Maintenance: 2 of 2 capabilities claimed as delivered, 0 planned, 0 not supported, 0 unclaimed; profiles require 2, 0 of them not delivered</title>"
    ));
    assert!(html.contains("<title>FFM.020.050 "));
    // Metric bars name what they show.
    assert!(html.contains("aria-label=\"FFM-M-001: 98.6 % against &gt;= 98 %: meets\""));
    // Mappings, with what the check found.
    assert!(html.contains("<th scope=\"row\">InvoiceReceiptDate</th>"));
}

#[test]
fn the_report_of_the_fixture_standard() {
    let (html, code) = run(&[
        "conform",
        "--standards",
        "tests/fixtures/standard",
        "--format",
        "html",
        "tests/fixtures/conform/conformant.yaml",
        "tests/fixtures/conform/missing.yaml",
    ]);
    assert_eq!(code, 1);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!("conform__html__fixture", html));
}

#[test]
fn the_report_is_the_same_for_any_thread_count_and_from_standard_input() {
    let (one, _) = run(&["-j", "1", "conform", "--format", "html", EXAMPLES]);
    let (two, _) = run(&["-j", "2", "conform", "--format", "html", EXAMPLES]);
    assert_eq!(one, two);
    let yaml = std::fs::read_to_string("examples/offerings/quickpay-draft.yaml").unwrap();
    let out = fibf()
        .args(["conform", "--format", "html", "-"])
        .write_stdin(yaml)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8(out.stdout).unwrap();
    // The excerpts quote standard input too.
    assert!(html.contains("<mark>"), "{html}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("reports/conform.html");
    fibf()
        .args(["conform", "--format", "html", "--out"])
        .arg(&file)
        .arg(EXAMPLES)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), one);
}
