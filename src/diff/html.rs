//! The release review page (`fibf diff --format html`): one self-contained
//! file for a working group reviewing a release. The suggested bump and the
//! counts; a chart of the changes by service area and impact; then, area by
//! area, each change with its impact and why, and each changed field, long
//! texts as word diffs (deleted and inserted words marked, the rest kept
//! whole so a statement reads as it will be published).

use serde::Serialize;
use serde_json::Value;
use similar::ChangeTag;

use super::render::{by_area, entity_name, release, short, unchanged_version, word_runs};
use super::{Change, Impact, Report};

static PAGE: crate::html::Page =
    crate::html::Page::new("diff.html", include_str!("templates/report.html"));
/// The chart's bar: its full length stands for the busiest area.
const BAR_W: f64 = 300.0;
/// Impacts in report order, with their colours (dark enough for white
/// text, and told apart by position and the table too, not colour alone).
const IMPACTS: [(Impact, &str); 3] = [
    (Impact::Breaking, "#b50909"),
    (Impact::Additive, "#1e7f5c"),
    (Impact::Editorial, "#5c5c5c"),
];

#[derive(Serialize)]
struct Page<'a> {
    old: String,
    new: String,
    bump: &'a str,
    warning: Option<String>,
    breaking: usize,
    additive: usize,
    editorial: usize,
    total: usize,
    areas: Vec<Area<'a>>,
}

#[derive(Serialize)]
struct Area<'a> {
    title: String,
    anchor: String,
    counts: [usize; 3],
    bars: Vec<Bar>,
    label: String,
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Bar {
    x: f64,
    w: f64,
    color: &'static str,
}

#[derive(Serialize)]
struct Group<'a> {
    impact: &'static str,
    changes: Vec<ChangeView<'a>>,
}

#[derive(Serialize)]
struct ChangeView<'a> {
    verb: &'static str,
    entity: &'a str,
    id: &'a str,
    old_id: Option<&'a str>,
    similarity: Option<f64>,
    title: &'a str,
    note: Option<&'a str>,
    fields: Vec<FieldView<'a>>,
}

#[derive(Serialize)]
struct FieldView<'a> {
    field: &'a str,
    impact: &'static str,
    note: Option<&'a str>,
    old: String,
    new: String,
    /// For two texts: the words, each run deleted (`del`), inserted
    /// (`ins`) or kept (`same`).
    words: Vec<(&'static str, String)>,
}

/// The page for `report`.
pub fn html(report: &Report) -> String {
    let by_area = by_area(report);
    let busiest = by_area.values().map(Vec::len).max().unwrap_or(1).max(1);
    let areas = by_area
        .into_iter()
        .enumerate()
        .map(|(i, ((_, area), changes))| {
            let title = if area == "cross-cutting" {
                "Cross-cutting".to_owned()
            } else {
                area.to_owned()
            };
            let counts =
                IMPACTS.map(|(impact, _)| changes.iter().filter(|c| c.impact == impact).count());
            let mut x = 0.0;
            let bars = IMPACTS
                .iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .map(|((_, color), n)| {
                    let w = (n as f64 / busiest as f64 * BAR_W * 10.0).round() / 10.0;
                    let bar = Bar { x, w, color };
                    x += w;
                    bar
                })
                .collect();
            let label = format!(
                "{title}: {} breaking, {} additive, {} editorial",
                counts[0], counts[1], counts[2]
            );
            let groups = IMPACTS
                .iter()
                .filter_map(|(impact, _)| {
                    let these: Vec<ChangeView> = changes
                        .iter()
                        .filter(|c| c.impact == *impact)
                        .map(|c| view(c))
                        .collect();
                    (!these.is_empty()).then_some(Group {
                        impact: impact.as_str(),
                        changes: these,
                    })
                })
                .collect();
            Area {
                title,
                anchor: format!("area-{}", i + 1),
                counts,
                bars,
                label,
                groups,
            }
        })
        .collect();
    let s = &report.summary;
    let page = Page {
        old: release(&report.old),
        new: release(&report.new),
        bump: report.suggested_bump,
        warning: unchanged_version(report),
        breaking: s.breaking,
        additive: s.additive,
        editorial: s.editorial,
        total: report.changes.len(),
        areas,
    };
    PAGE.render(minijinja::context! { r => minijinja::value::Serde(&page) })
}

fn view(c: &Change) -> ChangeView<'_> {
    ChangeView {
        verb: c.change.as_str(),
        entity: entity_name(c.entity),
        id: &c.id,
        old_id: c.old_id.as_deref(),
        similarity: c.similarity,
        title: &c.title,
        note: c.note.as_deref(),
        fields: c
            .fields
            .iter()
            .map(|f| FieldView {
                field: &f.field,
                impact: f.impact.as_str(),
                note: f.note.as_deref(),
                old: short(&f.old),
                new: short(&f.new),
                words: match (&f.old, &f.new) {
                    (Value::String(a), Value::String(b)) => word_runs(a, b)
                        .into_iter()
                        .map(|(tag, text)| {
                            let tag = match tag {
                                ChangeTag::Delete => "del",
                                ChangeTag::Insert => "ins",
                                ChangeTag::Equal => "same",
                            };
                            (tag, text)
                        })
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect(),
    }
}
