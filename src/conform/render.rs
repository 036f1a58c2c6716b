//! Conformance reports: text for people, Markdown for pull-request comments,
//! JSON (documented in `docs/offerings.md`, stable), SARIF 2.1.0 for code
//! scanning, and JUnit XML with one test case per mandatory capability.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::{Value, json};

use super::{Counts, Finding, OfferingReport};
use crate::diag::render::{self as diag_render, TextStyle};
use crate::diag::{Code, Severity};
use crate::model::Model;
use crate::source::SourceMap;

fn who(r: &OfferingReport) -> String {
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
pub fn text(reports: &[OfferingReport], sources: &SourceMap, style: TextStyle) -> String {
    let mut out = String::new();
    for r in reports {
        let verdict = if r.conformant() {
            "conformant"
        } else {
            "NOT conformant"
        };
        let _ = writeln!(out, "{} ({}): {verdict}", r.file.name, who(r));
        for p in &r.profiles {
            let _ = writeln!(
                out,
                "  profile {} {}: {} ({}/{} mandatory capabilities delivered, {} data elements unmapped, {}/{} thresholds met)",
                p.id,
                p.name,
                if p.passed { "passed" } else { "failed" },
                p.satisfied,
                p.mandatory,
                p.unmapped_elements.len(),
                p.thresholds.iter().filter(|t| t.passed).count(),
                p.thresholds.len()
            );
        }
        if !r.unreadable {
            let c = &r.coverage;
            let _ = writeln!(
                out,
                "  coverage: {} capabilities covered, {} planned, {} not supported, {} unclaimed",
                counts(c),
                c.planned,
                c.not_supported,
                c.unclaimed
            );
            for a in r
                .areas
                .iter()
                .filter(|a| a.counts.total > a.counts.unclaimed)
            {
                let _ = writeln!(out, "    {} {}: {}", a.id, a.name, counts(&a.counts));
                for f in a
                    .functions
                    .iter()
                    .filter(|f| f.counts.total > f.counts.unclaimed)
                {
                    let _ = writeln!(out, "      {} {}: {}", f.id, f.name, counts(&f.counts));
                }
            }
            let supported: Vec<&str> = r
                .use_cases
                .iter()
                .filter(|u| u.supported)
                .map(|u| u.id)
                .collect();
            if !supported.is_empty() {
                let _ = writeln!(out, "  use cases fully supported: {}", supported.join(", "));
            }
        }
        out.push('\n');
        let diags: Vec<_> = r.diagnostics.to_vec();
        out.push_str(&diag_render::text(&diags, sources, style));
    }
    let ok = reports.iter().filter(|r| r.conformant()).count();
    let _ = writeln!(
        out,
        "{}: {} of {} conformant",
        if ok == reports.len() { "ok" } else { "failed" },
        ok,
        diag_render::plural(reports.len(), "offering", "offerings")
    );
    out
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
pub fn markdown(reports: &[OfferingReport]) -> String {
    let mut out = String::from("# Conformance report\n");
    for r in reports {
        let mark = if r.conformant() {
            "✅ conformant"
        } else {
            "❌ not conformant"
        };
        let _ = writeln!(out, "\n## `{}` — {}: {mark}\n", r.file.name, md(&who(r)));
        if !r.profiles.is_empty() {
            out.push_str("| profile | result | mandatory capabilities | data elements unmapped | thresholds met |\n| --- | --- | ---: | ---: | ---: |\n");
            for p in &r.profiles {
                let _ = writeln!(
                    out,
                    "| `{}` {} | {} | {}/{} | {} | {}/{} |",
                    p.id,
                    md(p.name),
                    if p.passed { "passed" } else { "**failed**" },
                    p.satisfied,
                    p.mandatory,
                    p.unmapped_elements.len(),
                    p.thresholds.iter().filter(|t| t.passed).count(),
                    p.thresholds.len()
                );
            }
            out.push('\n');
        }
        if !r.unreadable {
            let c = &r.coverage;
            let _ = writeln!(
                out,
                "Coverage: **{}** capabilities covered, {} planned, {} not supported, {} unclaimed.\n",
                counts(c),
                c.planned,
                c.not_supported,
                c.unclaimed
            );
            let claimed: Vec<_> = r
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
                    row(&mut out, format!("**{} {}**", a.id, md(a.name)), &a.counts);
                    for f in a
                        .functions
                        .iter()
                        .filter(|f| f.counts.total > f.counts.unclaimed)
                    {
                        row(&mut out, format!("{} {}", f.id, md(f.name)), &f.counts);
                    }
                }
                out.push('\n');
            }
            let supported: Vec<String> = r
                .use_cases
                .iter()
                .filter(|u| u.supported)
                .map(|u| format!("`{}`", u.id))
                .collect();
            if !supported.is_empty() {
                let _ = writeln!(
                    out,
                    "Use cases fully supported: {}.\n",
                    supported.join(", ")
                );
            }
        }
        let found = &r.findings;
        if !found.is_empty() {
            out.push_str("| | code | where | finding |\n| --- | --- | --- | --- |\n");
            for f in found {
                let icon = if f.severity == "error" {
                    "❌"
                } else {
                    "⚠️"
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
    let ok = reports.iter().filter(|r| r.conformant()).count();
    let _ = writeln!(
        out,
        "\n{} of {} conformant.",
        ok,
        diag_render::plural(reports.len(), "offering", "offerings")
    );
    out
}

/// The report's fields before its offerings.
#[derive(Serialize)]
struct JsonHead<'a> {
    format: u32,
    standards: JsonStandards<'a>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonStandards<'a> {
    name: Option<&'a str>,
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    offerings: usize,
    conformant: usize,
}

#[derive(Serialize)]
struct JsonOffering<'a> {
    file: &'a str,
    vendor: Option<&'a str>,
    product: Option<&'a str>,
    version: Option<&'a str>,
    conformant: bool,
    profiles: &'a [super::ProfileResult<'a>],
    coverage: &'a Counts,
    areas: &'a [super::AreaCoverage<'a>],
    use_cases: &'a [super::UseCaseResult<'a>],
    findings: &'a [Finding],
}

/// The stable JSON report.
pub fn json(reports: &[OfferingReport], model: &Model) -> String {
    let mut out = Vec::new();
    json_to(reports, model, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// Offerings serialized at a time by [`json_to`].
const JSON_BATCH: usize = 256;

/// The stable JSON report, written to `w` as it is produced.
///
/// Each offering is serialized on its own, a batch at a time in parallel,
/// and indented into place: a run over 10,000 offerings makes hundreds of
/// megabytes of report, which one thread serializing into one growing
/// buffer spent most of its time (and twice the memory) on. The bytes are
/// those of serializing the whole report at once.
pub fn json_to(
    reports: &[OfferingReport],
    model: &Model,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let head = JsonHead {
        format: 1,
        standards: JsonStandards {
            name: model.workspace.name.as_deref(),
            version: model.workspace.version.as_deref(),
        },
        summary: JsonSummary {
            offerings: reports.len(),
            conformant: reports.iter().filter(|r| r.conformant()).count(),
        },
    };
    let head = serde_json::to_string_pretty(&head).expect("reports serialize");
    let head = head
        .strip_suffix("\n}")
        .expect("an object ends with a brace");
    w.write_all(head.as_bytes())?;
    if reports.is_empty() {
        return w.write_all(b",\n  \"offerings\": []\n}\n");
    }
    w.write_all(b",\n  \"offerings\": [\n")?;
    // The batch's buffers are reused from batch to batch: fresh ones cost
    // a page fault per 4 KB once the allocator has handed the last batch's
    // memory back to the system.
    let mut buffers: Vec<Vec<u8>> = (0..JSON_BATCH.min(reports.len()))
        .map(|_| Vec::with_capacity(JSON_OFFERING_SIZE))
        .collect();
    for (b, batch) in reports.chunks(JSON_BATCH).enumerate() {
        let buffers = &mut buffers[..batch.len()];
        batch
            .par_iter()
            .zip(buffers.par_iter_mut())
            .for_each(|(r, out)| json_offering(r, out));
        for (i, text) in buffers.iter().enumerate() {
            if b > 0 || i > 0 {
                w.write_all(b",\n")?;
            }
            w.write_all(text)?;
        }
    }
    w.write_all(b"\n  ]\n}\n")
}

/// One offering of the JSON report, indented to its place in the array,
/// into `out` (cleared first).
fn json_offering(r: &OfferingReport, out: &mut Vec<u8>) {
    let offering = JsonOffering {
        file: &r.file.name,
        vendor: r.vendor.as_deref(),
        product: r.product.as_deref(),
        version: r.version.as_deref(),
        conformant: r.conformant(),
        profiles: &r.profiles,
        coverage: &r.coverage,
        areas: &r.areas,
        use_cases: &r.use_cases,
        findings: &r.findings,
    };
    out.clear();
    out.extend_from_slice(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(out, Nested::at(2));
    offering.serialize(&mut ser).expect("reports serialize");
}

/// The size of a typical offering's JSON report, to size its buffer once.
const JSON_OFFERING_SIZE: usize = 48 * 1024;

/// serde_json's pretty layout (two spaces a level) starting `level` levels
/// in, so an offering is written indented to its place in the report
/// without a second pass over its text.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn at(level: usize) -> Self {
        Nested {
            level,
            has_value: false,
        }
    }

    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = 2 * self.level;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.newline(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The first paragraph of a code's explanation, on one line.
fn summary(explanation: &str) -> String {
    explanation
        .split("\n\n")
        .find(|p| !p.trim_start().starts_with('#') && !p.trim().is_empty())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A relative file name as a URI reference: `/` separators, and the
/// characters URIs reserve percent-encoded.
fn uri(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// SARIF 2.1.0: one run, a rule per diagnostic code used, a result per
/// finding located in the offering file.
pub fn sarif(reports: &[OfferingReport]) -> String {
    let mut codes: Vec<Code> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(|d| d.code))
        .collect();
    codes.sort();
    codes.dedup();
    let rules: Vec<Value> = codes
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.title(),
                "shortDescription": { "text": c.title() },
                "fullDescription": { "text": summary(c.explanation()) },
                "help": {
                    "text": format!("{} Run `fibf explain {}` for an example.", summary(c.explanation()), c.as_str()),
                    "markdown": c.explanation(),
                },
                "defaultConfiguration": { "level": match c.severity() { Severity::Error => "error", Severity::Warning => "warning" } },
            })
        })
        .collect();
    let artifacts: Vec<Value> = reports
        .iter()
        .map(|r| json!({ "location": { "uri": uri(&r.file.name) } }))
        .collect();
    let mut results = Vec::new();
    for (i, r) in reports.iter().enumerate() {
        for f in &r.findings {
            let rule_index = codes.iter().position(|c| c.as_str() == f.code).unwrap_or(0);
            let mut result = json!({
                "ruleId": f.code,
                "ruleIndex": rule_index,
                "level": f.severity,
                "message": { "text": match &f.help { Some(h) => format!("{} ({h})", f.message), None => f.message.clone() } },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&r.file.name), "index": i },
                        "region": {
                            "startLine": f.line.max(1),
                            "startColumn": f.column.max(1),
                            "endLine": f.end_line.max(f.line).max(1),
                            "endColumn": f.end_column.max(1),
                        }
                    }
                }],
            });
            if !f.pointer.is_empty() {
                result["properties"] = json!({ "pointer": f.pointer });
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "fibf",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "artifacts": artifacts,
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("logs serialize");
    s.push('\n');
    s
}

/// Text XML 1.0 can hold: control characters other than tab and line
/// breaks are dropped (escaping `<`, `&` and quotes is the writer's job).
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\n' | '\t' | '\r'))
        .collect()
}

/// Codes whose findings JUnit shows as the profile's own test cases.
const PROFILE_CODES: [Code; 4] = [Code::E0605, Code::E0606, Code::E0607, Code::E0609];

/// One JUnit test case.
struct TestCase {
    class: String,
    name: String,
    /// The failure's message attribute and body.
    failure: Option<(String, String)>,
}

/// The test cases of one offering: the document itself (structure,
/// unknown IDs, data types, units, standards release), then per profile
/// each mandatory capability, required data element and metric threshold.
fn test_cases(r: &OfferingReport) -> Vec<TestCase> {
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
            let failure = match c.claim {
                _ if c.delivered => None,
                None => Some((
                    "not claimed".to_owned(),
                    format!("E0605: {} is mandatory and not claimed", c.id),
                )),
                Some(s) => Some((
                    "not delivered".to_owned(),
                    format!(
                        "E0606: {} is mandatory and claimed only as {}",
                        c.id,
                        s.as_str()
                    ),
                )),
            };
            cases.push(case(format!("{} {}", c.id, c.statement), failure));
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

/// JUnit XML: a test suite per offering (see [`test_cases`]).
pub fn junit(reports: &[OfferingReport]) -> String {
    use quick_xml::events::{BytesDecl, BytesText, Event};

    let suites: Vec<(&OfferingReport, Vec<TestCase>)> =
        reports.iter().map(|r| (r, test_cases(r))).collect();
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
            ("name", "fibf conform"),
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
