//! The HTML conformance report: one self-contained file (inline CSS and
//! SVG, no script, nothing fetched) for marketplace reviewers. Per
//! offering: its profiles, a coverage heat map by area → function →
//! activity, its metric values against their thresholds as bars, its data
//! mappings, and every finding with the lines it points at; with several
//! offerings, a comparison matrix of their claims on the capabilities the
//! profiles require. This module lays every picture out; the template
//! (`templates/report.html`) only draws.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::{AreaCoverage, Counts, OfferingReport, Skipped, Standard, StandardsInfo, Support};
use crate::data::{self, Format};
use crate::model::Model;

static PAGE: crate::html::Page =
    crate::html::Page::new("conform.html", include_str!("templates/report.html"));

/// Sizes of the coverage heat map: an activity's cell, a function's
/// heading, the space between, and the most functions side by side.
const CELL_W: u32 = 176;
const CELL_H: u32 = 46;
const HEAD_H: u32 = 40;
const GAP: u32 = 8;
const PER_BAND: usize = 6;
/// Covered share, none to all: dark text keeps above 7:1 on each.
const SHADES: [&str; 5] = ["#ffffff", "#e3f1e8", "#c8e6d1", "#a9d8b7", "#86c89a"];
/// Width of a metric's bar chart.
const BAR_W: f64 = 240.0;

#[derive(Serialize)]
struct Report<'a> {
    standards: String,
    offerings: Vec<Offering<'a>>,
    conformant: usize,
    comparison: Option<Comparison<'a>>,
    skipped: &'a [Skipped],
}

#[derive(Serialize)]
struct Offering<'a> {
    anchor: String,
    file: &'a str,
    who: String,
    verdict: &'static str,
    profiles: Vec<Profile<'a>>,
    coverage: CountsView,
    areas: Vec<HeatArea<'a>>,
    unclaimed_areas: Vec<&'a str>,
    metrics: Vec<MetricBar>,
    mappings: Vec<Mapping>,
    supported_use_cases: Vec<&'a str>,
    unsupported_use_cases: Vec<(&'a str, String)>,
    findings: Vec<FindingView<'a>>,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Profile<'a> {
    id: &'a str,
    name: &'a str,
    passed: bool,
    satisfied: usize,
    mandatory: usize,
    missing: &'a [&'a str],
    not_delivered: &'a [&'a str],
    unmapped: &'a [&'a str],
    thresholds: String,
}

#[derive(Serialize)]
struct CountsView {
    total: u32,
    covered: u32,
    planned: u32,
    not_supported: u32,
    unclaimed: u32,
    percent: f64,
}

impl From<&Counts> for CountsView {
    fn from(c: &Counts) -> Self {
        CountsView {
            total: c.total,
            covered: c.covered,
            planned: c.planned,
            not_supported: c.not_supported,
            unclaimed: c.unclaimed,
            percent: c.percent(),
        }
    }
}

/// One area's heat map.
#[derive(Serialize)]
struct HeatArea<'a> {
    id: &'a str,
    name: &'a str,
    counts: CountsView,
    width: u32,
    height: u32,
    functions: Vec<HeatBox<'a>>,
    cells: Vec<HeatBox<'a>>,
}

/// A function's heading or an activity's cell.
#[derive(Serialize)]
struct HeatBox<'a> {
    id: &'a str,
    x: u32,
    y: u32,
    w: u32,
    h: u32,
    fill: &'static str,
    lines: [String; 2],
    title: String,
    /// Capabilities a profile requires here that the offering does not
    /// deliver.
    short_of: usize,
}

#[derive(Serialize)]
struct MetricBar {
    id: String,
    name: String,
    value: Option<f64>,
    unit: String,
    /// `>= 98 %`, and whose it is.
    target: String,
    binding: String,
    verdict: &'static str,
    /// The bar's length and the threshold's place, in the chart's units.
    bar: f64,
    tick: Option<f64>,
    fill: &'static str,
    label: String,
}

#[derive(Serialize)]
struct Mapping {
    element: String,
    field: String,
    vendor_type: String,
    status: String,
    class: &'static str,
}

#[derive(Serialize)]
struct FindingView<'a> {
    severity: &'a str,
    code: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: u32,
    column: u32,
    pointer: &'a str,
    excerpt: Vec<ExcerptLine>,
}

#[derive(Serialize)]
struct ExcerptLine {
    number: u32,
    text: String,
    marked: bool,
    /// On the marked line: the text before the finding, and the finding's
    /// part of the line.
    before: String,
    span: String,
    after: String,
}

#[derive(Serialize)]
struct Comparison<'a> {
    offerings: Vec<(String, String)>,
    rows: Vec<CompareRow<'a>>,
}

#[derive(Serialize)]
struct CompareRow<'a> {
    id: &'a str,
    statement: String,
    cells: Vec<(&'static str, &'static str)>,
}

/// The report of `reports` against `model`.
pub fn html(
    reports: &[OfferingReport],
    skipped: &[Skipped],
    standard: &Standard,
    standards: &StandardsInfo,
) -> String {
    let model = standard.model;
    let documents: Vec<Option<Value>> = reports.iter().map(document).collect();
    let offerings: Vec<Offering> = reports
        .iter()
        .zip(&documents)
        .enumerate()
        .map(|(i, (r, doc))| offering(i, r, doc.as_ref(), standard))
        .collect();
    let report = Report {
        standards: standards.describe(),
        conformant: reports.iter().filter(|r| r.conformant()).count(),
        comparison: comparison(reports, &documents, &offerings, model),
        offerings,
        skipped,
    };
    PAGE.render(minijinja::context! { r => minijinja::value::Serde(&report) })
}

/// The offering read again, for what the report does not keep (its
/// mappings, metric values and claims); `None` when it cannot be read.
fn document(r: &OfferingReport) -> Option<Value> {
    if r.unreadable || r.file.text.is_empty() {
        return None;
    }
    let text = &r.file.text;
    let format = if text.trim_start().starts_with('{') {
        Format::Json
    } else {
        Format::Yaml
    };
    data::read(text, format)
        .into_iter()
        .next()?
        .ok()
        .map(|d| d.value)
}

fn offering<'a>(
    i: usize,
    r: &'a OfferingReport,
    doc: Option<&Value>,
    standard: &'a Standard,
) -> Offering<'a> {
    let model = standard.model;
    let errors = r.findings.iter().filter(|f| f.severity == "error").count();
    let warnings = r
        .findings
        .iter()
        .filter(|f| f.severity == "warning")
        .count();
    let coverage = r.coverage(standard);
    let (areas, unclaimed_areas) = heat_map(r, &coverage.areas, standard);
    Offering {
        anchor: format!("offering-{}", i + 1),
        file: &r.file.name,
        who: super::render::who(r),
        verdict: if r.unreadable {
            "unreadable"
        } else if r.conformant() {
            "conformant"
        } else {
            "not conformant"
        },
        profiles: r
            .profiles
            .iter()
            .map(|p| Profile {
                id: p.id,
                name: p.name,
                passed: p.passed,
                satisfied: p.satisfied,
                mandatory: p.mandatory,
                missing: &p.missing,
                not_delivered: &p.not_delivered,
                unmapped: &p.unmapped_elements,
                thresholds: if p.thresholds.is_empty() {
                    "none set".to_owned()
                } else {
                    format!(
                        "{} of {} met",
                        p.thresholds.iter().filter(|t| t.passed).count(),
                        p.thresholds.len()
                    )
                },
            })
            .collect(),
        coverage: (&coverage.counts).into(),
        areas,
        unclaimed_areas,
        metrics: metrics(r, doc, model),
        mappings: mappings(r, doc),
        supported_use_cases: coverage
            .use_cases
            .iter()
            .filter(|u| u.supported)
            .map(|u| u.labels(model).0)
            .collect(),
        unsupported_use_cases: coverage
            .use_cases
            .iter()
            .filter(|u| !u.supported)
            .map(|u| {
                let missing: Vec<&str> = u.missing_ids(model).collect();
                (u.labels(model).0, missing.join(", "))
            })
            .collect(),
        findings: r
            .findings
            .iter()
            .map(|f| FindingView {
                severity: f.severity,
                code: f.code,
                message: &f.message,
                help: f.help.as_deref(),
                line: f.line,
                column: f.column,
                pointer: &f.pointer,
                excerpt: excerpt(&r.file.text, f.line, f.column, f.end_line, f.end_column),
            })
            .collect(),
        errors,
        warnings,
    }
}

/// The shade of a covered share.
fn shade(c: &Counts) -> &'static str {
    if c.covered == 0 || c.total == 0 {
        return SHADES[0];
    }
    let i = (c.covered as usize * (SHADES.len() - 1)).div_ceil(c.total as usize);
    SHADES[i.clamp(1, SHADES.len() - 1)]
}

/// Per activity ID: capabilities the profiles require there, and how many
/// of them the offering does not deliver.
fn required_by_activity<'a>(
    r: &OfferingReport,
    model: &'a Model,
) -> BTreeMap<&'a str, (usize, usize)> {
    let mut out: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for p in &r.profiles {
        for c in &p.capabilities {
            if !seen.insert(c.index) {
                continue;
            }
            let Some(cap) = model.capabilities.get(c.index as usize) else {
                continue;
            };
            let e = out.entry(cap.activity.id.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(!c.delivered);
        }
    }
    out
}

/// The heat maps of the areas the offering claims or a profile requires
/// something of, every function and activity of each (the report keeps
/// only the claimed ones); the IDs of the areas it leaves alone.
fn heat_map<'a>(
    r: &'a OfferingReport,
    areas: &[AreaCoverage],
    standard: &'a Standard,
) -> (Vec<HeatArea<'a>>, Vec<&'a str>) {
    let model = standard.model;
    let required = required_by_activity(r, model);
    let mut maps = Vec::new();
    let mut alone = Vec::new();
    for a in areas {
        let functions = &model.children.area_functions[a.index as usize];
        let asked = functions.iter().any(|&f| {
            required.contains_key(model.functions[f as usize].meta.id())
                || model.children.function_activities[f as usize]
                    .iter()
                    .any(|&x| required.contains_key(model.activities[x as usize].meta.id()))
        });
        let (area_id, area_name) = a.labels(model);
        if a.functions.is_empty() && !asked {
            alone.push(area_id);
            continue;
        }
        let claimed: BTreeMap<u32, &Counts> =
            a.functions.iter().map(|f| (f.index, &f.counts)).collect();
        let claimed_activities: BTreeMap<u32, &Counts> = a
            .functions
            .iter()
            .flat_map(|f| &f.activities)
            .map(|x| (x.index, &x.counts))
            .collect();
        let nothing = |total: u32| Counts {
            total,
            unclaimed: total,
            ..Counts::default()
        };
        let columns = functions.len().clamp(1, PER_BAND) as u32;
        let mut area = HeatArea {
            id: area_id,
            name: area_name,
            counts: (&a.counts).into(),
            width: columns * CELL_W + (columns - 1) * GAP,
            height: 0,
            functions: Vec::new(),
            cells: Vec::new(),
        };
        let mut top = 0;
        for band in functions.chunks(PER_BAND) {
            let tallest = band
                .iter()
                .map(|&f| model.children.function_activities[f as usize].len())
                .max()
                .unwrap_or(0) as u32;
            for (i, &f) in band.iter().enumerate() {
                let x = i as u32 * (CELL_W + GAP);
                let meta = &model.functions[f as usize].meta;
                let counts = claimed.get(&f).map_or_else(
                    || nothing(standard.tree.function_total[f as usize]),
                    |c| (*c).clone(),
                );
                let need = required.get(meta.id()).copied().unwrap_or_default();
                area.functions.push(heat_box(
                    meta.id(),
                    meta.name().unwrap_or(""),
                    &counts,
                    need,
                    x,
                    top,
                    HEAD_H,
                ));
                for (j, &act) in model.children.function_activities[f as usize]
                    .iter()
                    .enumerate()
                {
                    let y = top + HEAD_H + GAP + j as u32 * (CELL_H + GAP);
                    let meta = &model.activities[act as usize].meta;
                    let counts = claimed_activities.get(&act).map_or_else(
                        || nothing(standard.tree.activity_total[act as usize]),
                        |c| (*c).clone(),
                    );
                    let need = required.get(meta.id()).copied().unwrap_or_default();
                    area.cells.push(heat_box(
                        meta.id(),
                        meta.name().unwrap_or(""),
                        &counts,
                        need,
                        x,
                        y,
                        CELL_H,
                    ));
                }
            }
            top += HEAD_H + GAP + tallest * (CELL_H + GAP) + 2 * GAP;
        }
        area.height = top - 2 * GAP;
        maps.push(area);
    }
    (maps, alone)
}

fn heat_box<'a>(
    id: &'a str,
    name: &str,
    c: &Counts,
    (required, short_of): (usize, usize),
    x: u32,
    y: u32,
    h: u32,
) -> HeatBox<'a> {
    let mut second = Vec::new();
    if short_of > 0 {
        second.push(format!("{short_of} required missing"));
    } else if required > 0 {
        second.push(format!("{required} required, met"));
    }
    if c.planned > 0 {
        second.push(format!("{} planned", c.planned));
    }
    let mut title = format!(
        "{id} {name}: {} of {} capabilities claimed as delivered, {} planned, {} not supported, {} unclaimed",
        c.covered, c.total, c.planned, c.not_supported, c.unclaimed
    );
    if required > 0 {
        title.push_str(&format!(
            "; profiles require {required}, {short_of} of them not delivered"
        ));
    }
    HeatBox {
        id,
        x,
        y,
        w: CELL_W,
        h,
        fill: shade(c),
        lines: [
            format!("{id} · {}/{}", c.covered, c.total),
            second.join(" · "),
        ],
        title,
        short_of,
    }
}

/// A metric's row: the value the offering reports against the profile
/// threshold, else the standard's own target.
fn metrics(r: &OfferingReport, doc: Option<&Value>, model: &Model) -> Vec<MetricBar> {
    // Metric ID → (comparator, limit, target text, whose, passed).
    let mut rows: BTreeMap<String, MetricBar> = BTreeMap::new();
    let reported = doc
        .and_then(|d| d.get("metrics"))
        .and_then(Value::as_object);
    let value_of = |id: &str| -> (Option<f64>, String) {
        let v = reported.and_then(|m| m.get(id));
        (
            v.and_then(|v| v.get("value")).and_then(Value::as_f64),
            v.and_then(|v| v.get("unit"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        )
    };
    let name_of = |id: &str| {
        model
            .lookup(id)
            .and_then(|e| model.metrics.get(e.index as usize))
            .and_then(|m| m.meta.name())
            .unwrap_or_default()
            .to_owned()
    };
    for p in &r.profiles {
        for t in &p.thresholds {
            if rows.contains_key(t.metric) {
                continue;
            }
            let (value, unit) = value_of(t.metric);
            let verdict = match (value, t.passed) {
                (None, _) => "not reported",
                (Some(_), true) => "meets",
                (Some(_), false) => "misses",
            };
            rows.insert(
                t.metric.to_owned(),
                bar(
                    t.metric,
                    name_of(t.metric),
                    value,
                    unit,
                    &t.target,
                    format!("profile {}", p.id),
                    verdict,
                    Some(t.limit),
                ),
            );
        }
    }
    for (id, _) in reported.into_iter().flatten() {
        if rows.contains_key(id) {
            continue;
        }
        let (value, unit) = value_of(id);
        let metric = model
            .lookup(id)
            .filter(|e| e.kind == crate::model::EntityKind::Metric)
            .and_then(|e| model.metrics.get(e.index as usize));
        let target = metric.and_then(|m| m.target.as_ref());
        let (text, limit, verdict) = match target {
            Some(t) => {
                let unit = t.unit.as_ref().or(metric.and_then(|m| m.unit.as_ref()));
                let text = format!(
                    "{} {}{}",
                    t.comparator.value.as_str(),
                    t.value.value.text,
                    unit.map(|u| format!(" {}", u.value)).unwrap_or_default()
                );
                let verdict = match value {
                    Some(v) if t.comparator.value.holds(v, t.value.value.value) => "meets",
                    Some(_) => "misses",
                    None => "not reported",
                };
                (text, Some(t.value.value.value), verdict)
            }
            None => ("none set".to_owned(), None, "no target"),
        };
        let whose = if metric.is_none() {
            "not a metric of the standard".to_owned()
        } else {
            "the standard's target (informative)".to_owned()
        };
        rows.insert(
            id.clone(),
            bar(id, name_of(id), value, unit, &text, whose, verdict, limit),
        );
    }
    rows.into_values().collect()
}

#[allow(clippy::too_many_arguments)]
fn bar(
    id: &str,
    name: String,
    value: Option<f64>,
    unit: String,
    target: &str,
    binding: String,
    verdict: &'static str,
    limit: Option<f64>,
) -> MetricBar {
    let v = value.unwrap_or(0.0).max(0.0);
    let top = if unit == "%" && v <= 100.0 && limit.unwrap_or(0.0) <= 100.0 {
        100.0
    } else {
        (v.max(limit.unwrap_or(0.0)) * 1.2).max(f64::MIN_POSITIVE)
    };
    let scale = |x: f64| (x / top * BAR_W * 10.0).round() / 10.0;
    let label = match value {
        Some(n) => format!(
            "{id}: {n}{} against {target}: {verdict}",
            if unit.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            }
        ),
        None => format!("{id}: no value reported; target {target}"),
    };
    MetricBar {
        id: id.to_owned(),
        name,
        value,
        unit,
        target: target.to_owned(),
        binding,
        verdict,
        bar: scale(v),
        tick: limit.map(|l| scale(l.max(0.0))),
        fill: match verdict {
            "meets" => "#1e7f5c",
            "misses" => "#b50909",
            _ => "#5c5c5c",
        },
        label,
    }
}

/// Each data mapping of the offering with what the check found about it,
/// then the data elements a profile requires and the offering leaves out.
fn mappings(r: &OfferingReport, doc: Option<&Value>) -> Vec<Mapping> {
    let mut out = Vec::new();
    let map = doc
        .and_then(|d| d.get("data_mappings"))
        .and_then(Value::as_object);
    // The findings at or under each mapping, by the mapping's pointer
    // segment, gathered in one pass rather than searched per mapping.
    let mut by_key: std::collections::HashMap<&str, Vec<&super::Finding>> =
        std::collections::HashMap::new();
    for f in &r.findings {
        if let Some(rest) = f.pointer.strip_prefix("/data_mappings/") {
            let key = rest.split('/').next().unwrap_or(rest);
            by_key.entry(key).or_default().push(f);
        }
    }
    for (key, m) in map.into_iter().flatten() {
        let found = by_key
            .get(super::semantics::escape(key).as_str())
            .map_or(&[][..], Vec::as_slice);
        let (status, class) = match found.iter().find(|f| f.severity == "error") {
            Some(f) if f.code == "E0602" => {
                ("not a data element of the standard".to_owned(), "bad")
            }
            Some(f) if f.code == "E0608" => {
                ("incompatible with the standard's type".to_owned(), "bad")
            }
            Some(f) => (format!("{} error", f.code), "bad"),
            None if found.iter().any(|f| f.code == "N0615") => (
                "not type-checked: no type in the standard".to_owned(),
                "note",
            ),
            None if !found.is_empty() => ("mapped, with a warning".to_owned(), "note"),
            None => ("checked".to_owned(), "good"),
        };
        let text = |k: &str| {
            m.get(k)
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .unwrap_or_default()
        };
        out.push(Mapping {
            element: key.clone(),
            field: text("field"),
            vendor_type: text("type"),
            status,
            class,
        });
    }
    let mut missing: Vec<&str> = r
        .profiles
        .iter()
        .flat_map(|p| p.unmapped_elements.iter().copied())
        .collect();
    missing.sort_unstable();
    missing.dedup();
    for e in missing {
        out.push(Mapping {
            element: e.to_owned(),
            field: String::new(),
            vendor_type: String::new(),
            status: "required by a profile, not mapped".to_owned(),
            class: "bad",
        });
    }
    out
}

/// The finding's lines, with one line before and after.
fn excerpt(text: &str, line: u32, column: u32, end_line: u32, end_column: u32) -> Vec<ExcerptLine> {
    if text.is_empty() || line == 0 {
        return Vec::new();
    }
    let first = line.saturating_sub(1).max(1);
    let last = end_line.max(line).min(line + 3) + 1;
    text.lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l))
        .filter(|(n, _)| (first..=last).contains(n))
        .map(|(n, l)| {
            let marked = n == line;
            let (before, span, after) = if marked {
                let chars: Vec<char> = l.chars().collect();
                let start = (column.max(1) as usize - 1).min(chars.len());
                let end = if end_line == line {
                    (end_column.max(1) as usize - 1).clamp(start, chars.len())
                } else {
                    chars.len()
                };
                let end = if end == start {
                    chars.len().min(start + 1).max(start)
                } else {
                    end
                };
                (
                    chars[..start].iter().collect(),
                    chars[start..end].iter().collect(),
                    chars[end..].iter().collect(),
                )
            } else {
                (String::new(), String::new(), String::new())
            };
            ExcerptLine {
                number: n,
                text: l.to_owned(),
                marked,
                before,
                span,
                after,
            }
        })
        .collect()
}

/// Offerings × the capabilities their profiles require, when there are
/// several offerings to compare.
fn comparison<'a>(
    reports: &'a [OfferingReport],
    documents: &[Option<Value>],
    offerings: &[Offering],
    model: &'a Model,
) -> Option<Comparison<'a>> {
    let readable: Vec<usize> = (0..reports.len())
        .filter(|&i| !reports[i].unreadable)
        .collect();
    if readable.len() < 2 {
        return None;
    }
    let mut required: BTreeMap<u32, &str> = BTreeMap::new();
    for &i in &readable {
        for p in &reports[i].profiles {
            for c in &p.capabilities {
                required.insert(c.index, c.labels(model).0);
            }
        }
    }
    if required.is_empty() {
        return None;
    }
    let claim = |i: usize, id: &str| -> Option<String> {
        let c = documents[i].as_ref()?.get("capabilities")?.get(id)?;
        Some(c.get("support")?.as_str()?.to_owned())
    };
    let mut ids: Vec<(u32, &str)> = required.into_iter().collect();
    ids.sort_by(|a, b| a.1.cmp(b.1));
    let rows = ids
        .into_iter()
        .map(|(index, id)| CompareRow {
            id,
            statement: model
                .capabilities
                .get(index as usize)
                .map(|c| crate::docs::short(Some(&c.statement.value), 90))
                .unwrap_or_default(),
            cells: readable
                .iter()
                .map(|&i| match claim(i, id).as_deref().map(Support::parse) {
                    Some(Some(
                        s @ (Support::Supported | Support::Configurable | Support::Custom),
                    )) => (s.as_str(), "good"),
                    Some(Some(Support::Planned)) => ("planned", "note"),
                    Some(Some(Support::NotSupported)) => ("not supported", "bad"),
                    Some(None) => ("unknown claim", "bad"),
                    None => ("not claimed", "bad"),
                })
                .collect(),
        })
        .collect();
    Some(Comparison {
        offerings: readable
            .iter()
            .map(|&i| (offerings[i].anchor.clone(), offerings[i].file.to_owned()))
            .collect(),
        rows,
    })
}
