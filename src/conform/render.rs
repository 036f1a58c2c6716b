//! Conformance reports: text for people, Markdown for pull-request comments,
//! JSON (documented in `docs/offerings.md`, stable), SARIF 2.1.0 for code
//! scanning, and `JUnit` XML with one test case per mandatory capability.

use std::fmt::Write as _;

pub use super::html::html;
pub use super::json::{JsonLayout, json, json_to};
use super::{Counts, OfferingReport, Skipped, Standard, StandardsInfo};
use crate::diag::Code;
use crate::diag::render::{self as diag_render, TextStyle};
use crate::model::Model;
use crate::source::SourceMap;

/// Vendor, product and version, as reports name an offering.
pub(super) fn who(r: &OfferingReport) -> String {
    let parts: Vec<&str> = [
        r.vendor.as_deref(),
        r.product.as_deref(),
        r.version.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect();
    if parts.is_empty() {
        "(unnamed offering)".to_owned()
    } else {
        parts.join(", ")
    }
}

fn counts(c: &Counts) -> String {
    format!("{}/{} ({}%)", c.covered, c.total, c.percent())
}

/// The report for a terminal: summary, coverage, then each finding drawn
/// by miette.
pub fn text(
    reports: &[OfferingReport],
    skipped: &[Skipped],
    sources: &SourceMap,
    style: TextStyle,
    standards: &StandardsInfo,
    standard: &Standard,
) -> String {
    let model = standard.model;
    let mut out = format!("standards: {}\n", standards.describe());
    for r in reports {
        if r.unreadable {
            let _ = writeln!(out, "{}: unreadable, not checked", r.file.name);
        } else {
            let verdict = if r.conformant() {
                "conformant"
            } else {
                "NOT conformant"
            };
            let _ = writeln!(out, "{} ({}): {verdict}", r.file.name, who(r));
        }
        for p in &r.profiles {
            let _ = writeln!(
                out,
                "  profile {} {}: {} ({})",
                p.id,
                p.name,
                if p.passed { "passed" } else { "failed" },
                profile_counts(p)
            );
        }
        if !r.unreadable {
            let coverage = r.coverage(standard);
            let c = &coverage.counts;
            let _ = writeln!(
                out,
                "  coverage: {} capabilities covered, {} planned, {} not supported, {} unclaimed",
                counts(c),
                c.planned,
                c.not_supported,
                c.unclaimed
            );
            for a in coverage
                .areas
                .iter()
                .filter(|a| a.counts.total > a.counts.unclaimed)
            {
                let (id, name) = a.labels(model);
                let _ = writeln!(out, "    {id} {name}: {}", counts(&a.counts));
                for f in a
                    .functions
                    .iter()
                    .filter(|f| f.counts.total > f.counts.unclaimed)
                {
                    let (id, name) = f.labels(model);
                    let _ = writeln!(out, "      {id} {name}: {}", counts(&f.counts));
                }
            }
            let supported: Vec<&str> = coverage
                .use_cases
                .iter()
                .filter(|u| u.supported)
                .map(|u| u.labels(model).0)
                .collect();
            if !supported.is_empty() {
                let _ = writeln!(out, "  use cases fully supported: {}", supported.join(", "));
            }
            if r.unchecked_mappings > 0 {
                let _ = writeln!(out, "  {}", unchecked(r.unchecked_mappings));
            }
        }
        out.push('\n');
        let diags: Vec<_> = r.diagnostics.clone();
        out.push_str(&diag_render::text(&diags, sources, style));
    }
    for s in skipped {
        let _ = writeln!(out, "skipped {}: {}", s.file, s.reason);
    }
    out.push_str(&verdict(reports));
    out
}

/// What a profile's result rests on: `3/4 mandatory capabilities delivered,
/// 1 data element unmapped, 2/3 thresholds met`, leaving out what the
/// profile does not ask for.
fn profile_counts(p: &super::ProfileResult) -> String {
    let mut parts = vec![format!(
        "{}/{} mandatory {} delivered",
        p.satisfied,
        p.mandatory,
        if p.mandatory == 1 {
            "capability"
        } else {
            "capabilities"
        }
    )];
    if !p.unmapped_elements.is_empty() {
        parts.push(format!(
            "{} unmapped",
            diag_render::plural(p.unmapped_elements.len(), "data element", "data elements")
        ));
    }
    if !p.thresholds.is_empty() {
        parts.push(format!(
            "{}/{} {} met",
            p.thresholds.iter().filter(|t| t.passed).count(),
            p.thresholds.len(),
            if p.thresholds.len() == 1 {
                "threshold"
            } else {
                "thresholds"
            }
        ));
    }
    parts.join(", ")
}

/// `3 data mappings not type-checked: ...`.
fn unchecked(n: usize) -> String {
    format!(
        "{} not type-checked: the standard declares no type for {} (N0615)",
        diag_render::plural(n, "data mapping", "data mappings"),
        if n == 1 {
            "its element"
        } else {
            "their elements"
        }
    )
}

/// The closing line: how many offerings are conformant, and how many could
/// not be read (exit 2, not 1).
fn verdict(reports: &[OfferingReport]) -> String {
    let ok = reports.iter().filter(|r| r.conformant()).count();
    let unreadable = reports.iter().filter(|r| r.unreadable).count();
    let mut line = format!(
        "{}: {} of {} conformant",
        if ok == reports.len() { "ok" } else { "failed" },
        ok,
        diag_render::plural(reports.len(), "offering", "offerings")
    );
    if unreadable > 0 {
        line.push_str(&format!(
            ", {} could not be read",
            if unreadable == reports.len() && unreadable > 1 {
                "all".to_owned()
            } else {
                unreadable.to_string()
            }
        ));
    }
    line.push('\n');
    line
}

/// Text for a Markdown table cell. Pipes would end the cell; `<` and `>`
/// outside code spans would be read as HTML. Inside code spans entities are
/// shown literally, so there only the pipe is escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '|' => out.push_str("\\|"),
            '<' if !in_code => out.push_str("&lt;"),
            '>' if !in_code => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report for a pull-request comment.
pub fn markdown(
    reports: &[OfferingReport],
    skipped: &[Skipped],
    standards: &StandardsInfo,
    standard: &Standard,
) -> String {
    let model = standard.model;
    let mut out = format!(
        "# Conformance report\n\nAgainst the standards {}.\n",
        md(&standards.describe())
    );
    for r in reports {
        if r.unreadable {
            let _ = writeln!(out, "\n## `{}`: ⚠️ unreadable, not checked\n", r.file.name);
        } else {
            let mark = if r.conformant() {
                "✅ conformant"
            } else {
                "❌ not conformant"
            };
            let _ = writeln!(out, "\n## `{}` — {}: {mark}\n", r.file.name, md(&who(r)));
        }
        if !r.profiles.is_empty() {
            out.push_str("| profile | result | mandatory capabilities | data elements unmapped | thresholds met |\n| --- | --- | ---: | ---: | ---: |\n");
            for p in &r.profiles {
                let _ = writeln!(
                    out,
                    "| `{}` {} | {} | {}/{} | {} | {} |",
                    p.id,
                    md(p.name),
                    if p.passed { "passed" } else { "**failed**" },
                    p.satisfied,
                    p.mandatory,
                    p.unmapped_elements.len(),
                    if p.thresholds.is_empty() {
                        "none set".to_owned()
                    } else {
                        format!(
                            "{}/{}",
                            p.thresholds.iter().filter(|t| t.passed).count(),
                            p.thresholds.len()
                        )
                    }
                );
            }
            out.push('\n');
        }
        if !r.unreadable {
            let coverage = r.coverage(standard);
            let c = &coverage.counts;
            let _ = writeln!(
                out,
                "Coverage: **{}** capabilities covered, {} planned, {} not supported, {} unclaimed.\n",
                counts(c),
                c.planned,
                c.not_supported,
                c.unclaimed
            );
            let claimed: Vec<_> = coverage
                .areas
                .iter()
                .filter(|a| a.counts.total > a.counts.unclaimed)
                .collect();
            if !claimed.is_empty() {
                out.push_str("| area / function | covered | planned | not supported |\n| --- | ---: | ---: | ---: |\n");
                let row = |out: &mut String, label: String, c: &Counts| {
                    let _ = writeln!(
                        out,
                        "| {label} | {} | {} | {} |",
                        counts(c),
                        c.planned,
                        c.not_supported
                    );
                };
                for a in claimed {
                    let (id, name) = a.labels(model);
                    row(&mut out, format!("**{id} {}**", md(name)), &a.counts);
                    for f in a
                        .functions
                        .iter()
                        .filter(|f| f.counts.total > f.counts.unclaimed)
                    {
                        let (id, name) = f.labels(model);
                        row(&mut out, format!("{id} {}", md(name)), &f.counts);
                    }
                }
                out.push('\n');
            }
            let supported: Vec<String> = coverage
                .use_cases
                .iter()
                .filter(|u| u.supported)
                .map(|u| format!("`{}`", u.labels(model).0))
                .collect();
            if !supported.is_empty() {
                let _ = writeln!(
                    out,
                    "Use cases fully supported: {}.\n",
                    supported.join(", ")
                );
            }
            if r.unchecked_mappings > 0 {
                let _ = writeln!(out, "{}.\n", md(&unchecked(r.unchecked_mappings)));
            }
        }
        let found = &r.findings;
        if !found.is_empty() {
            out.push_str("| | code | where | finding |\n| --- | --- | --- | --- |\n");
            for f in found {
                let icon = match f.severity {
                    "error" => "❌",
                    "warning" => "⚠️",
                    _ => "ℹ️",
                };
                let _ = writeln!(
                    out,
                    "| {icon} | {} | {}:{}:{} | {} |",
                    f.code,
                    r.file.name,
                    f.line,
                    f.column,
                    md(&f.message)
                );
            }
        }
    }
    if !skipped.is_empty() {
        out.push_str("\n## Files skipped\n\n");
        for s in skipped {
            let _ = writeln!(out, "- `{}`: {}", s.file, md(&s.reason));
        }
    }
    let ok = reports.iter().filter(|r| r.conformant()).count();
    let _ = writeln!(
        out,
        "\n{} of {} conformant.",
        ok,
        diag_render::plural(reports.len(), "offering", "offerings")
    );
    out
}

/// Text XML 1.0 can hold: control characters other than tab and line
/// breaks are dropped (escaping `<`, `&` and quotes is the writer's job).
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\t' | '\r'))
        .collect()
}

/// Codes whose findings `JUnit` shows as the profile's own test cases.
const PROFILE_CODES: [Code; 4] = [Code::E0605, Code::E0606, Code::E0607, Code::E0609];

/// One `JUnit` test case.
struct TestCase {
    class: String,
    name: String,
    /// The failure's message attribute and body.
    failure: Option<(String, String)>,
}

/// The test cases of one offering: the document itself (structure,
/// unknown IDs, data types, units, standards release), then per profile
/// each mandatory capability, required data element and metric threshold.
fn test_cases(r: &OfferingReport, model: &Model) -> Vec<TestCase> {
    let document_errors: Vec<String> = r
        .findings
        .iter()
        .zip(&r.diagnostics)
        .filter(|(f, d)| f.severity == "error" && !PROFILE_CODES.contains(&d.code))
        .map(|(f, _)| {
            format!(
                "{}:{}:{}: {} {}",
                r.file.name, f.line, f.column, f.code, f.message
            )
        })
        .collect();
    let mut cases = vec![TestCase {
        class: "offering".to_owned(),
        name: "offering document".to_owned(),
        failure: (!document_errors.is_empty()).then(|| {
            (
                diag_render::plural(document_errors.len(), "error", "errors"),
                document_errors.join("\n"),
            )
        }),
    }];
    for p in &r.profiles {
        let case = |name: String, failure| TestCase {
            class: p.id.to_owned(),
            name,
            failure,
        };
        for c in &p.capabilities {
            let (id, statement) = c.labels(model);
            let failure = match c.claim {
                _ if c.delivered => None,
                None => Some((
                    "not claimed".to_owned(),
                    format!("E0605: {id} is mandatory and not claimed"),
                )),
                Some(s) => Some((
                    "not delivered".to_owned(),
                    format!(
                        "E0606: {id} is mandatory and claimed only as {}",
                        s.as_str()
                    ),
                )),
            };
            cases.push(case(format!("{id} {statement}"), failure));
        }
        for e in &p.unmapped_elements {
            cases.push(case(
                format!("data element {e}"),
                Some((
                    "not mapped".to_owned(),
                    format!("E0607: {e} is required and not mapped"),
                )),
            ));
        }
        for t in &p.thresholds {
            let failure = (!t.passed).then(|| {
                let reported = match (t.value, &t.unit) {
                    (Some(v), Some(u)) => format!("{v} {u}"),
                    (Some(v), None) => v.to_string(),
                    (None, _) => "nothing".to_owned(),
                };
                (
                    "threshold missed".to_owned(),
                    format!(
                        "E0609: {} must be {}; the offering reports {reported}",
                        t.metric, t.target
                    ),
                )
            });
            cases.push(case(format!("metric {} {}", t.metric, t.target), failure));
        }
    }
    cases
}

/// `JUnit` XML: a test suite per offering (see `test_cases`).
pub fn junit(reports: &[OfferingReport], standards: &StandardsInfo, standard: &Standard) -> String {
    let model = standard.model;
    use quick_xml::events::{BytesDecl, BytesText, Event};

    let suites: Vec<(&OfferingReport, Vec<TestCase>)> =
        reports.iter().map(|r| (r, test_cases(r, model))).collect();
    let count = |f: &dyn Fn(&TestCase) -> bool| -> usize {
        suites
            .iter()
            .map(|(_, cs)| cs.iter().filter(|c| f(c)).count())
            .sum()
    };
    let (total, failed) = (count(&|_| true), count(&|c| c.failure.is_some()));
    let mut w = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to memory cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let _ = w
        .create_element("testsuites")
        .with_attributes([
            (
                "name",
                format!("fibf conform against {}", standards.describe()).as_str(),
            ),
            ("tests", total.to_string().as_str()),
            ("failures", failed.to_string().as_str()),
        ])
        .write_inner_content(|w| {
            for (r, cases) in &suites {
                let failures = cases.iter().filter(|c| c.failure.is_some()).count();
                w.create_element("testsuite")
                    .with_attributes([
                        ("name", xml_text(&r.file.name).as_str()),
                        ("tests", cases.len().to_string().as_str()),
                        ("failures", failures.to_string().as_str()),
                        ("errors", "0"),
                        ("skipped", "0"),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("properties").write_inner_content(|w| {
                            w.create_element("property")
                                .with_attributes([
                                    ("name", "unchecked_mappings"),
                                    ("value", r.unchecked_mappings.to_string().as_str()),
                                ])
                                .write_empty()?;
                            Ok(())
                        })?;
                        for c in cases {
                            let case = w.create_element("testcase").with_attributes([
                                ("classname", xml_text(&c.class).as_str()),
                                ("name", xml_text(&c.name).as_str()),
                            ]);
                            match &c.failure {
                                None => {
                                    case.write_empty()?;
                                }
                                Some((message, body)) => {
                                    case.write_inner_content(|w| {
                                        w.create_element("failure")
                                            .with_attributes([
                                                ("message", xml_text(message).as_str()),
                                                ("type", "fibf"),
                                            ])
                                            .write_text_content(BytesText::new(&xml_text(body)))?;
                                        Ok(())
                                    })?;
                                }
                            }
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        });
    let mut out = String::from_utf8(w.into_inner()).expect("the writer writes UTF-8");
    out.push('\n');
    out
}
