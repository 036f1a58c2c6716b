//! The lifecycle map of an area page: its functions as columns, their
//! activities as cells shaded by how many capabilities they hold, each
//! split by kind. This module owns the layout (every coordinate, the
//! shades, the wrapping of many functions into bands); the `area.html`
//! template draws it as inline SVG with a link on every box, so links are
//! written the way every other link of the site is.

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

fn short(name: Option<&str>) -> String {
    let name = name.unwrap_or_default();
    if name.chars().count() <= NAME_CHARS {
        return name.to_owned();
    }
    let cut: String = name.chars().take(NAME_CHARS - 1).collect();
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
                name: short(f.name),
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
                    name: short(a.name),
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
