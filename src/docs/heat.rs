//! The traceability heat map of an area: its activities (under their
//! functions) as rows, what traces to each as columns (capabilities, data
//! elements in or out, data elements that reference them, use cases,
//! metrics, profiles), every cell the number of distinct entities, shaded
//! against the column's largest. A white cell is where the area's
//! traceability is thin. Laid out here, drawn by `trace.svg`.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt};
use serde::Serialize;

use super::map::short;
use super::{FunctionTree, TraceRow};

/// What each column counts, in order; the headings are two lines.
pub const COLUMNS: [[&str; 2]; 6] = [
    ["Capa-", "bilities"],
    ["Data elements", "in or out"],
    ["Data elements", "referencing"],
    ["Use", "cases"],
    ["Metrics", ""],
    ["Profiles", ""],
];
/// The same, as words for labels and the table.
pub const COLUMN_NAMES: [&str; 6] = [
    "capabilities",
    "data elements in or out",
    "data elements referencing them",
    "use cases",
    "metrics",
    "profiles",
];
const LABEL_W: u32 = 350;
const COL_W: u32 = 112;
const ROW_H: u32 = 26;
const HEAD_H: u32 = 44;
/// Characters of a name beside its ID in a row label.
const NAME_CHARS: usize = 28;
/// Zero is white; then light to dark, dark text above 7:1 on each.
const SHADES: [&str; 5] = ["#ffffff", "#e1eaf6", "#cddcf0", "#b7cce8", "#9fbbe0"];

/// What the template draws.
#[derive(Serialize)]
pub struct TraceMatrix<'d> {
    pub width: u32,
    pub height: u32,
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow<'d>>,
    /// Activities with at least one white cell.
    pub thin: usize,
}

/// A column heading.
#[derive(Serialize)]
pub struct MatrixColumn {
    pub x: u32,
    /// Where its text is centred.
    pub cx: u32,
    pub lines: [&'static str; 2],
    pub name: &'static str,
    pub most: usize,
}

/// A function's band, or an activity's row of cells.
#[derive(Serialize)]
pub struct MatrixRow<'d> {
    pub id: &'d str,
    pub name: String,
    pub function: bool,
    pub y: u32,
    pub cells: Vec<MatrixCell>,
}

/// One count.
#[derive(Serialize)]
pub struct MatrixCell {
    pub x: u32,
    pub w: u32,
    pub cx: u32,
    pub count: usize,
    pub fill: &'static str,
    pub title: String,
}

/// Distinct IDs of each column, for one activity.
#[derive(Default)]
struct Sets<'d>([BTreeSet<&'d str>; 6]);

/// Whether an area whose functions are `functions` has a heat map: it has
/// when it has activities.
pub fn has_matrix(functions: &[FunctionTree<'_>]) -> bool {
    functions.iter().any(|f| !f.activities.is_empty())
}

/// The heat map of an area whose functions are `functions` and whose
/// capabilities are `rows`; `use_cases_at` gives the use cases with an
/// event at an activity, `metrics_of` the metrics measuring it. `None` when
/// the area has no activities.
pub fn trace_matrix<'d>(
    functions: &[FunctionTree<'d>],
    rows: &[TraceRow<'d>],
    use_cases_at: impl Fn(&str) -> &'d [&'d str],
    metrics_of: impl Fn(&str) -> &'d [String],
) -> Option<TraceMatrix<'d>> {
    if !has_matrix(functions) {
        return None;
    }
    let mut sets: HashMap<&str, Sets<'d>> = HashMap::with_capacity(rows.len());
    for r in rows {
        let s = &mut sets.entry(r.activity).or_default().0;
        s[0].insert(r.id);
        s[1].extend(r.inputs.iter().chain(r.outputs).map(String::as_str));
        s[2].extend(r.cited_by.iter().copied());
        s[3].extend(r.use_cases.iter().map(String::as_str));
        s[5].extend(r.profiles.iter().map(String::as_str));
    }
    let mut counted: Vec<(&'d str, String, bool, [usize; 6])> = Vec::new();
    for f in functions {
        counted.push((f.id, short(f.name, 2 * NAME_CHARS), true, [0; 6]));
        let direct = f.direct.iter().map(|g| g.caps.len()).sum::<usize>() > 0;
        let ids = direct
            .then_some((f.id, f.name))
            .into_iter()
            .chain(f.activities.iter().map(|a| (a.id, a.name)));
        for (id, name) in ids {
            let mut s = sets.remove(id).unwrap_or_default().0;
            s[3].extend(use_cases_at(id).iter().copied());
            s[4].extend(metrics_of(id).iter().map(String::as_str));
            let label = if id == f.id {
                "(the function itself)".to_owned()
            } else {
                short(name, NAME_CHARS)
            };
            counted.push((id, label, false, s.each_ref().map(BTreeSet::len)));
        }
    }
    let mut most = [0; 6];
    for (_, _, _, counts) in &counted {
        for (m, c) in most.iter_mut().zip(counts) {
            *m = (*m).max(*c);
        }
    }
    let x_of = |i: usize| LABEL_W + i as u32 * COL_W;
    let mut thin = 0;
    let rows = counted
        .into_iter()
        .enumerate()
        .map(|(i, (id, name, function, counts))| {
            let cells = if function {
                Vec::new()
            } else {
                thin += usize::from(counts.contains(&0));
                counts
                    .iter()
                    .enumerate()
                    .map(|(c, &count)| MatrixCell {
                        x: x_of(c) + 2,
                        w: COL_W - 4,
                        cx: x_of(c) + COL_W / 2,
                        count,
                        fill: shade(count, most[c]),
                        title: format!("{id}: {count} {}", COLUMN_NAMES[c]),
                    })
                    .collect()
            };
            MatrixRow {
                id,
                name,
                function,
                y: HEAD_H + i as u32 * ROW_H,
                cells,
            }
        })
        .collect::<Vec<_>>();
    Some(TraceMatrix {
        width: x_of(COLUMNS.len()),
        height: HEAD_H + rows.len() as u32 * ROW_H,
        columns: (0..COLUMNS.len())
            .map(|c| MatrixColumn {
                x: x_of(c),
                cx: x_of(c) + COL_W / 2,
                lines: COLUMNS[c],
                name: COLUMN_NAMES[c],
                most: most[c],
            })
            .collect(),
        rows,
        thin,
    })
}

/// White for none, then a darker shade the nearer `count` is to `most`.
fn shade(count: usize, most: usize) -> &'static str {
    if count == 0 || most == 0 {
        return SHADES[0];
    }
    SHADES[(count * (SHADES.len() - 1))
        .div_ceil(most)
        .clamp(1, SHADES.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::shade;

    #[test]
    fn none_is_white_and_the_most_is_darkest() {
        assert_eq!(shade(0, 9), "#ffffff");
        assert_eq!(shade(1, 9), "#e1eaf6");
        assert_eq!(shade(9, 9), "#9fbbe0");
        assert_eq!(shade(3, 0), "#ffffff");
    }
}
