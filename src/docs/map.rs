//! The pictures of the docs site, laid out here and drawn by the templates
//! as inline SVG with a link on every box (so links and escaping are the
//! site's own): the lifecycle map of an area page (its functions as
//! columns, their activities as cells shaded by how many capabilities they
//! hold, each split by kind) and the flow of an end-to-end process (the
//! events of its use cases in order, in lanes by service area). This module
//! owns every coordinate; the same model gives the same picture.

use serde::Serialize;

use super::{ActivityTree, FunctionTree};

/// Width of a function's column, and the space between columns.
const COLUMN: u32 = 168;
const GAP: u32 = 12;
/// Heights of a function's heading and of an activity cell.
const HEADING: u32 = 52;
const CELL: u32 = 58;
/// Most columns side by side: more wrap into another band, so that the map
/// stays readable at the width of a laptop screen and on paper.
const PER_BAND: usize = 6;
/// Characters of a name shown in a box (the whole name is in its label).
const NAME_CHARS: usize = 20;
/// Light to dark: dark text keeps a contrast above 7:1 on each.
const SHADES: [&str; 5] = ["#f4f7fb", "#e1eaf6", "#cddcf0", "#b7cce8", "#9fbbe0"];

/// What the template draws.
#[derive(Serialize)]
pub struct LifecycleMap<'d> {
    pub width: u32,
    pub height: u32,
    pub functions: Vec<MapFunction<'d>>,
    pub cells: Vec<MapCell<'d>>,
    /// The most capabilities any activity of the area has.
    pub most: usize,
}

/// A function's heading.
#[derive(Serialize)]
pub struct MapFunction<'d> {
    pub id: &'d str,
    pub name: String,
    pub label: String,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// An activity's cell.
#[derive(Serialize)]
pub struct MapCell<'d> {
    pub id: &'d str,
    pub name: String,
    pub label: String,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub fill: &'static str,
    pub total: usize,
    /// The bar of capability kinds: input, process, output, other.
    pub segments: Vec<Segment>,
}

/// One kind's part of a cell's bar.
#[derive(Serialize)]
pub struct Segment {
    pub kind: &'static str,
    pub count: usize,
    pub x: u32,
    pub w: u32,
    pub color: &'static str,
}

/// Kinds in bar order, with their colours (also in the legend).
pub const KINDS: [(&str, &str); 4] = [
    ("input", "#2f6db5"),
    ("process", "#6b4fa0"),
    ("output", "#1e7f5c"),
    ("not classified", "#8a8a8a"),
];

/// `name` cut to `chars` characters, the cut marked.
pub(crate) fn short(name: Option<&str>, chars: usize) -> String {
    let name = name.unwrap_or_default();
    if name.chars().count() <= chars {
        return name.to_owned();
    }
    let cut: String = name.chars().take(chars - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Capabilities of an activity by kind, in [`KINDS`] order.
fn by_kind(a: &ActivityTree<'_>) -> [usize; 4] {
    let mut counts = [0; 4];
    for g in &a.groups {
        let i = match g.kind {
            "Input" => 0,
            "Process" => 1,
            "Output" => 2,
            _ => 3,
        };
        counts[i] += g.caps.len();
    }
    counts
}

/// Lay out an area's functions and activities; `None` when it has none.
pub fn lifecycle_map<'d>(functions: &[FunctionTree<'d>]) -> Option<LifecycleMap<'d>> {
    if functions.is_empty() {
        return None;
    }
    let most = functions
        .iter()
        .flat_map(|f| &f.activities)
        .map(|a| by_kind(a).iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    let columns = functions.len().min(PER_BAND) as u32;
    let width = columns * COLUMN + (columns - 1) * GAP;
    let mut map = LifecycleMap {
        width,
        height: 0,
        functions: Vec::new(),
        cells: Vec::new(),
        most,
    };
    let mut top = 0;
    for band in functions.chunks(PER_BAND) {
        let tallest = band.iter().map(|f| f.activities.len()).max().unwrap_or(0) as u32;
        for (i, f) in band.iter().enumerate() {
            let x = i as u32 * (COLUMN + GAP);
            let activities = f.activities.len();
            map.functions.push(MapFunction {
                id: f.id,
                name: short(f.name, NAME_CHARS),
                label: format!(
                    "Function {} {}: {}",
                    f.id,
                    f.name.unwrap_or_default(),
                    if activities == 1 {
                        "1 activity".to_owned()
                    } else {
                        format!("{activities} activities")
                    }
                ),
                x,
                y: top,
                w: COLUMN,
                h: HEADING,
            });
            for (j, a) in f.activities.iter().enumerate() {
                let counts = by_kind(a);
                let total: usize = counts.iter().sum();
                let shade = if most == 0 {
                    0
                } else {
                    (total * (SHADES.len() - 1)).div_ceil(most)
                };
                let bar = COLUMN - 16;
                let mut x0 = x + 8;
                let mut segments = Vec::new();
                for (k, &(kind, color)) in KINDS.iter().enumerate() {
                    if counts[k] == 0 {
                        continue;
                    }
                    let w = (bar as usize * counts[k] / total.max(1)).max(2) as u32;
                    segments.push(Segment {
                        kind,
                        count: counts[k],
                        x: x0,
                        w,
                        color,
                    });
                    x0 += w;
                }
                let kinds: Vec<String> = KINDS
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| *n > 0)
                    .map(|((kind, _), n)| format!("{n} {kind}"))
                    .collect();
                map.cells.push(MapCell {
                    id: a.id,
                    name: short(a.name, NAME_CHARS),
                    label: format!(
                        "Activity {} {}: {}{}",
                        a.id,
                        a.name.unwrap_or_default(),
                        match total {
                            0 => "no capabilities".to_owned(),
                            1 => "1 capability".to_owned(),
                            n => format!("{n} capabilities"),
                        },
                        if kinds.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", kinds.join(", "))
                        }
                    ),
                    x,
                    y: top + HEADING + 6 + j as u32 * (CELL + 6),
                    w: COLUMN,
                    h: CELL,
                    fill: SHADES[shade.min(SHADES.len() - 1)],
                    total,
                    segments,
                });
            }
        }
        top += HEADING + 6 + tallest * (CELL + 6) + GAP * 2;
    }
    map.height = top - GAP * 2;
    Some(map)
}

/// Width and height of an event's box in a process flow, the space between
/// boxes, and the width of the lane labels.
const EVENT_W: u32 = 150;
const EVENT_H: u32 = 64;
const EVENT_GAP: u32 = 28;
const LANE_LABEL: u32 = 120;
const LANE_PAD: u32 = 10;
/// Height of the row of use case titles above the lanes.
const TITLES: u32 = 26;

/// What the process template draws.
#[derive(Serialize)]
pub struct ProcessFlow<'d> {
    pub width: u32,
    pub height: u32,
    pub lanes: Vec<Lane<'d>>,
    pub use_cases: Vec<FlowUseCase<'d>>,
    pub events: Vec<FlowEvent<'d>>,
    /// Arrows from an event to the next of its use case.
    pub arrows: Vec<Arrow>,
}

/// A service area's lane.
#[derive(Serialize)]
pub struct Lane<'d> {
    pub area: &'d str,
    pub y: u32,
    pub h: u32,
}

/// A use case's title over its events.
#[derive(Serialize)]
pub struct FlowUseCase<'d> {
    pub id: &'d str,
    pub label: String,
    pub x: u32,
    pub w: u32,
}

/// An event's box: a link to the activity it exercises (or to its use case
/// when it names none).
#[derive(Serialize)]
pub struct FlowEvent<'d> {
    pub target: &'d str,
    pub number: u32,
    /// The description, wrapped into at most two short lines.
    pub lines: Vec<String>,
    pub activity: Option<&'d str>,
    pub label: String,
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

/// A line between two events, ending in an arrowhead.
#[derive(Serialize)]
pub struct Arrow {
    pub x1: u32,
    pub y1: u32,
    pub x2: u32,
    pub y2: u32,
}

/// Lay out the flow of a process's use cases; `area_of` gives the service
/// area of an activity. `None` when its use cases have no events.
pub fn process_flow<'d>(
    use_cases: &[&'d crate::model_json::UseCaseDoc],
    area_of: impl Fn(&str) -> Option<&'d str>,
) -> Option<ProcessFlow<'d>> {
    // Lanes in the order areas first appear; events with no area in a
    // lane of their own at the end.
    let mut lanes: Vec<Option<&'d str>> = Vec::new();
    for u in use_cases {
        for e in &u.events {
            let area = e.activity.as_deref().and_then(&area_of);
            if !lanes.contains(&area) {
                lanes.push(area);
            }
        }
    }
    if lanes.is_empty() {
        return None;
    }
    if let Some(i) = lanes.iter().position(Option::is_none) {
        let none = lanes.remove(i);
        lanes.push(none);
    }
    let lane_h = EVENT_H + 2 * LANE_PAD;
    let lane_y = |i: usize| TITLES + i as u32 * lane_h;
    let mut flow = ProcessFlow {
        width: 0,
        height: lane_y(lanes.len()),
        lanes: lanes
            .iter()
            .enumerate()
            .map(|(i, a)| Lane {
                area: a.unwrap_or("(no activity)"),
                y: lane_y(i),
                h: lane_h,
            })
            .collect(),
        use_cases: Vec::new(),
        events: Vec::new(),
        arrows: Vec::new(),
    };
    let mut column = 0u32;
    let x_of = |column: u32| LANE_LABEL + EVENT_GAP / 2 + column * (EVENT_W + EVENT_GAP);
    for u in use_cases {
        if u.events.is_empty() {
            continue;
        }
        let first = column;
        let mut previous: Option<(u32, u32)> = None;
        for e in &u.events {
            let area = e.activity.as_deref().and_then(&area_of);
            let lane = lanes.iter().position(|l| *l == area).unwrap_or(0);
            let (x, y) = (x_of(column), lane_y(lane) + LANE_PAD);
            flow.events.push(FlowEvent {
                target: e.activity.as_deref().unwrap_or(u.common.id.as_str()),
                number: e.number,
                lines: wrap(&e.description, 19, 2),
                activity: e.activity.as_deref(),
                label: format!(
                    "{} event {}: {}{}",
                    u.common.id,
                    e.number,
                    e.description,
                    e.activity
                        .as_deref()
                        .map(|a| format!(" (activity {a})"))
                        .unwrap_or_default()
                ),
                x,
                y,
                w: EVENT_W,
                h: EVENT_H,
            });
            if let Some((px, py)) = previous {
                flow.arrows.push(Arrow {
                    x1: px + EVENT_W,
                    y1: py + EVENT_H / 2,
                    x2: x - 4,
                    y2: y + EVENT_H / 2,
                });
            }
            previous = Some((x, y));
            column += 1;
        }
        flow.use_cases.push(FlowUseCase {
            id: u.common.id.as_str(),
            label: wrap(
                &format!(
                    "{} {}",
                    u.common.id,
                    u.common.name.as_deref().unwrap_or_default()
                ),
                64,
                1,
            )
            .concat(),
            x: x_of(first),
            w: (column - first) * (EVENT_W + EVENT_GAP) - EVENT_GAP,
        });
    }
    flow.width = x_of(column) - EVENT_GAP / 2;
    Some(flow)
}

/// `text` in at most `lines` lines of at most `width` characters, broken
/// between words; what does not fit ends in `…`.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        let fits = out
            .last()
            .is_some_and(|line| line.chars().count() + 1 + w.chars().count() <= width);
        if fits {
            let line = out.last_mut().expect("a line");
            line.push(' ');
            line.push_str(w);
        } else if out.len() == lines {
            let last = out.last_mut().expect("a line");
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
            return out;
        } else {
            out.push(w.chars().take(width).collect());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_between_words_and_marks_the_cut() {
        assert_eq!(
            wrap("Certify and schedule the payment", 21, 2),
            ["Certify and schedule", "the payment"]
        );
        assert_eq!(
            wrap(
                "Verify the vendor's registration and payment information",
                21,
                2
            ),
            ["Verify the vendor's", "registration and…"]
        );
        assert_eq!(wrap("short", 21, 2), ["short"]);
    }
}
