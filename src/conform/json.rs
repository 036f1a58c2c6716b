//! The stable JSON report of `fibf conform` (documented in
//! `docs/offerings.md`): the layout of `serde_json`'s pretty printer, two
//! spaces a level, or compact with an offering a line, written a few
//! offerings at a time.
//!
//! The parts every offering repeats (coverage of each area, function and
//! activity; each profile's mandatory capabilities; use cases) are written
//! by hand with [`Pretty`]: through serde each key and label went through
//! `serde_json`'s escaping loop, byte by byte, and that loop was the largest
//! single cost of a run over thousands of offerings. Strings are escaped
//! as `crate::pretty` escapes them (tested sixteen bytes at a time, copied
//! whole when nothing needs escaping). Findings and thresholds, which are
//! few, go through serde (`crate::pretty::value`), at the level the
//! [`Nested`] state says, so the bytes are the same either way.

use std::io::Write;
use std::sync::OnceLock;

use serde::Serialize;

use super::{
    AreaCoverage, Counts, Finding, MandatoryCapability, OfferingReport, ProfileResult, Skipped,
    Standard, UseCaseResult,
};
use crate::model::Model;
use crate::pretty::{Nested, indent};

/// The report's fields before its offerings.
#[derive(Serialize)]
struct JsonHead<'a> {
    format: u32,
    standards: JsonStandards<'a>,
    summary: JsonSummary,
    skipped: &'a [Skipped],
}

#[derive(Serialize)]
struct JsonStandards<'a> {
    name: Option<&'a str>,
    version: Option<&'a str>,
    /// Where they came from: a path, or built into fibf.
    source: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    offerings: usize,
    conformant: usize,
    unreadable: usize,
}

/// How the JSON report is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonLayout {
    /// `serde_json`'s pretty layout: two spaces a level.
    Pretty,
    /// No spaces; the report's head on the first line and each offering on
    /// a line of its own (about half the pretty report's size).
    Compact,
}

impl JsonLayout {
    /// The default: pretty for one offering, which people read, compact
    /// for a batch, which programs read.
    pub fn for_batch(offerings: usize) -> Self {
        if offerings > 1 {
            JsonLayout::Compact
        } else {
            JsonLayout::Pretty
        }
    }
}

/// The stable JSON report.
pub fn json(
    reports: &[OfferingReport],
    skipped: &[Skipped],
    standard: &Standard,
    source: &str,
    layout: JsonLayout,
) -> String {
    let mut out = Vec::new();
    json_to(reports, skipped, standard, source, layout, &mut out)
        .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("the report is written as UTF-8")
}

/// The stable JSON report, written to `w` as it is produced.
///
/// Each offering is serialized on its own, in parallel, and indented into
/// place: a run over 10,000 offerings makes hundreds of megabytes of
/// report, which one thread serializing into one growing buffer spent most
/// of its time (and twice the memory) on. The offerings are made and
/// written a few at a time by the pool's threads, in order (see
/// `conform::chunks`). The bytes are those of serializing the whole report
/// at once (pretty), or that with each offering on a line of its own
/// (compact).
pub fn json_to(
    reports: &[OfferingReport],
    skipped: &[Skipped],
    standard: &Standard,
    source: &str,
    layout: JsonLayout,
    w: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    let model = standard.model;
    let head = JsonHead {
        format: 1,
        standards: JsonStandards {
            name: model.workspace.name.as_deref(),
            version: model.workspace.version.as_deref(),
            source,
        },
        summary: JsonSummary {
            offerings: reports.len(),
            conformant: reports.iter().filter(|r| r.conformant()).count(),
            unreadable: reports.iter().filter(|r| r.unreadable).count(),
        },
        skipped,
    };
    let compact = layout == JsonLayout::Compact;
    let head = if compact {
        serde_json::to_string(&head)
    } else {
        serde_json::to_string_pretty(&head)
    }
    .expect("reports serialize");
    let head = head
        .strip_suffix(if compact { "}" } else { "\n}" })
        .expect("an object ends with a brace");
    w.write_all(head.as_bytes())?;
    match (compact, reports.is_empty()) {
        (true, true) => return w.write_all(b",\"offerings\":[]}\n"),
        (false, true) => return w.write_all(b",\n  \"offerings\": []\n}\n"),
        (true, false) => w.write_all(b",\"offerings\":[\n")?,
        (false, false) => w.write_all(b",\n  \"offerings\": [\n")?,
    }
    let openings = Openings::new(model, compact);
    write_offerings(reports, standard, &openings, w)?;
    w.write_all(if compact { b"\n]}\n" } else { b"\n  ]\n}\n" })
}

/// Offerings in a chunk of the report (see [`super::chunks`]): about
/// 340 KB against the compare script's 1x standards (21 KB an offering).
const JSON_CHUNK: usize = 16;

/// The offerings of the report, serialized by the pool a chunk at a time
/// and written to `w` in order.
fn write_offerings(
    reports: &[OfferingReport],
    standard: &Standard,
    openings: &Openings,
    w: &mut (dyn Write + Send),
) -> std::io::Result<()> {
    super::chunks::write_in_order(reports.len().div_ceil(JSON_CHUNK), w, |chunk, out| {
        let from = chunk * JSON_CHUNK;
        let to = (from + JSON_CHUNK).min(reports.len());
        for (i, r) in reports[from..to].iter().enumerate() {
            json_offering(r, standard, openings, from + i == 0, out);
        }
    })
}

/// One offering of the JSON report, indented to its place in the array
/// and after the comma that separates it from the one before unless it is
/// the `first`, at the end of `out`.
fn json_offering(
    r: &OfferingReport,
    standard: &Standard,
    openings: &Openings,
    first: bool,
    out: &mut Vec<u8>,
) {
    let compact = openings.compact;
    out.extend_from_slice(match (compact, first) {
        (true, true) => b"",
        (true, false) => b",\n",
        (false, true) => b"    ",
        (false, false) => b",\n    ",
    });
    let mut w = Pretty::at(out, 2, compact);
    w.open(b'{');
    w.key("file");
    w.str(&r.file.name);
    w.key("vendor");
    w.opt_str(r.vendor.as_deref());
    w.key("product");
    w.opt_str(r.product.as_deref());
    w.key("version");
    w.opt_str(r.version.as_deref());
    w.key("conformant");
    w.bool(r.conformant());
    w.key("profiles");
    w.array(&r.profiles, |w, p| profile(w, openings, p));
    w.key("coverage");
    let coverage = r.coverage(standard);
    counts(&mut w, &openings.counts, &coverage.counts);
    w.key("areas");
    w.array(&coverage.areas, |w, a| area(w, openings, a));
    w.key("use_cases");
    w.array(&coverage.use_cases, |w, u| use_case(w, openings, u));
    w.key("unchecked_mappings");
    w.serde(&r.unchecked_mappings);
    w.key("findings");
    w.array(&r.findings, |w, f: &Finding| w.serde(f));
    w.close(b'}');
}

/// The keys of a `counts` object, in order.
const COUNT_KEYS: [&str; 5] = ["total", "covered", "planned", "not_supported", "unclaimed"];

fn counts(w: &mut Pretty, frames: &CountFrames, c: &Counts) {
    let numbers = [c.total, c.covered, c.planned, c.not_supported, c.unclaimed];
    // Compact counts are the same bytes at every level.
    let level = if w.compact { 0 } else { w.layout.level };
    let Some(cell) = frames.get(level) else {
        w.open(b'{');
        for (key, n) in COUNT_KEYS.into_iter().zip(numbers) {
            w.key(key);
            w.uint(n as usize);
        }
        w.close(b'}');
        return;
    };
    let frame = cell.get_or_init(|| CountFrame::new(level, w.compact));
    for (piece, n) in frame.pieces.iter().zip(numbers) {
        w.out.extend_from_slice(piece.get());
        w.uint(n as usize);
    }
    w.out.extend_from_slice(frame.pieces[5].get());
    // As after closing the object.
    w.layout.has_value = true;
}

/// The bytes around the five numbers of a `counts` object, by the level
/// it is written at: coverage nodes are written thousands of times per
/// offering batch, at four levels.
type CountFrames = [OnceLock<CountFrame>; 16];

struct CountFrame {
    /// Before each number, and the close after the last.
    pieces: [Apart; 6],
}

impl CountFrame {
    fn new(level: usize, compact: bool) -> Self {
        let mut out = Vec::new();
        let mut w = Pretty::at(&mut out, level, compact);
        let mut pieces: [Vec<u8>; 6] = Default::default();
        w.open(b'{');
        for (i, key) in COUNT_KEYS.into_iter().enumerate() {
            w.key(key);
            pieces[i] = std::mem::take(w.out);
        }
        w.close(b'}');
        pieces[5] = std::mem::take(w.out);
        CountFrame {
            pieces: pieces.map(|p| Apart::new(&p)),
        }
    }
}

/// Bytes on cache lines of their own.
///
/// Openings and count frames are made by whichever pool thread first needs
/// them, then read by every thread for each offering. Allocated like any
/// other bytes, they shared cache lines with that thread's short-lived
/// allocations of the same size, and each write there took the line from
/// the other core's cache. Kept apart, the offerings of the JSON report
/// of 10,000 offerings took 62.1 ms on two threads, against 67.0 ms
/// before. On one thread the time did not change (113.7 and 115.9 ms):
/// the cost was in sharing between cores. These were interleaved runs; see
/// docs/performance.md.
struct Apart {
    /// `LINE` bytes, the bytes, and `LINE` bytes: no line holding one of
    /// the bytes holds anything else.
    padded: Box<[u8]>,
}

/// A cache line's size, or two: Intel cores fetch lines in pairs.
const LINE: usize = 128;

impl Apart {
    fn new(bytes: &[u8]) -> Self {
        Apart {
            padded: [&[0; LINE][..], bytes, &[0; LINE]].concat().into(),
        }
    }

    fn get(&self) -> &[u8] {
        &self.padded[LINE..self.padded.len() - LINE]
    }
}

/// The opening of each entity's object in the report, by kind: the bytes
/// from its `{` through the key of its first field that varies from one
/// offering to the next. Every offering's report repeats them (a coverage
/// node's ID and name, a use case's title, a mandatory capability's
/// statement), so each is written once, the first time it is needed, and
/// copied after that.
struct Openings<'m> {
    /// Where the labels come from.
    model: &'m Model,
    areas: Vec<OnceLock<Opening>>,
    functions: Vec<OnceLock<Opening>>,
    activities: Vec<OnceLock<Opening>>,
    use_cases: Vec<OnceLock<Opening>>,
    capabilities: Vec<OnceLock<Opening>>,
    counts: CountFrames,
    /// The layout they are written in.
    compact: bool,
}

struct Opening {
    bytes: Apart,
    /// The writer's level where the opening starts and where it ends.
    from: usize,
    to: usize,
}

impl<'m> Openings<'m> {
    fn new(model: &'m Model, compact: bool) -> Self {
        let cells = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        Openings {
            model,
            areas: cells(model.areas.len()),
            functions: cells(model.functions.len()),
            activities: cells(model.activities.len()),
            use_cases: cells(model.use_cases.len()),
            capabilities: cells(model.capabilities.len()),
            counts: Default::default(),
            compact,
        }
    }
}

/// The opening of an entity's object (see [`Openings`]): its `id` and its
/// label (from `labels`, asked only the first time) under `label_key`, and
/// `next_key`, the key of its first field that varies.
fn opening<'m>(
    w: &mut Pretty,
    cell: &OnceLock<Opening>,
    labels: impl FnOnce() -> (&'m str, &'m str),
    label_key: &str,
    next_key: &str,
) {
    w.opening(cell, |w| {
        let (id, label) = labels();
        w.open(b'{');
        w.key("id");
        w.str(id);
        w.key(label_key);
        w.str(label);
        w.key(next_key);
    });
}

/// The `id`, `name` and `counts` every node of the coverage tree starts with.
fn node<'m>(
    w: &mut Pretty,
    openings: &Openings<'m>,
    cell: &OnceLock<Opening>,
    labels: impl FnOnce() -> (&'m str, &'m str),
    c: &Counts,
) {
    opening(w, cell, labels, "name", "counts");
    counts(w, &openings.counts, c);
}

fn area(w: &mut Pretty, openings: &Openings, a: &AreaCoverage) {
    let o = openings;
    let m = o.model;
    node(w, o, &o.areas[a.index as usize], || a.labels(m), &a.counts);
    w.key("functions");
    w.array(&a.functions, |w, f| {
        let cell = &o.functions[f.index as usize];
        node(w, o, cell, || f.labels(m), &f.counts);
        w.key("activities");
        w.array(&f.activities, |w, act| {
            let cell = &o.activities[act.index as usize];
            node(w, o, cell, || act.labels(m), &act.counts);
            w.close(b'}');
        });
        w.close(b'}');
    });
    w.close(b'}');
}

fn profile(w: &mut Pretty, openings: &Openings, p: &ProfileResult) {
    w.open(b'{');
    w.key("id");
    w.str(p.id);
    w.key("name");
    w.str(p.name);
    w.key("passed");
    w.bool(p.passed);
    w.key("mandatory");
    w.uint(p.mandatory);
    w.key("satisfied");
    w.uint(p.satisfied);
    w.key("capabilities");
    w.array(&p.capabilities, |w, c: &MandatoryCapability| {
        let cell = &openings.capabilities[c.index as usize];
        opening(w, cell, || c.labels(openings.model), "statement", "claim");
        w.opt_str(c.claim.map(super::Support::as_str));
        w.key("delivered");
        w.bool(c.delivered);
        w.close(b'}');
    });
    w.key("missing");
    w.strs(&p.missing);
    w.key("not_delivered");
    w.strs(&p.not_delivered);
    w.key("unmapped_elements");
    w.strs(&p.unmapped_elements);
    w.key("thresholds");
    w.array(&p.thresholds, Pretty::serde);
    w.close(b'}');
}

fn use_case(w: &mut Pretty, openings: &Openings, u: &UseCaseResult) {
    let cell = &openings.use_cases[u.index as usize];
    opening(w, cell, || u.labels(openings.model), "title", "supported");
    w.bool(u.supported);
    w.key("missing");
    w.open(b'[');
    for id in u.missing_ids(openings.model) {
        w.next();
        w.str(id);
    }
    w.close(b']');
    w.close(b'}');
}

/// A JSON writer with `serde_json`'s pretty layout, for values written by
/// hand. Where it stands (the depth, whether the innermost array or object
/// has an element yet) is the state of the [`Nested`] formatter, which also
/// opens and closes its brackets: one layout, whether a value is written here
/// or through serde.
///
/// `compact` writes the same values without line breaks or spaces (as
/// `serde_json::to_writer` does); the level is still tracked, as the
/// openings are kept by it.
struct Pretty<'o> {
    out: &'o mut Vec<u8>,
    layout: Nested,
    compact: bool,
}

impl<'o> Pretty<'o> {
    /// A writer for a value that starts `level` levels in.
    fn at(out: &'o mut Vec<u8>, level: usize, compact: bool) -> Self {
        Pretty {
            out,
            layout: Nested::at(level),
            compact,
        }
    }

    /// What `write` writes, from `cell` once it has been written there at
    /// this writer's level.
    fn opening(&mut self, cell: &OnceLock<Opening>, write: impl FnOnce(&mut Pretty)) {
        let from = self.layout.level;
        let compact = self.compact;
        let mut write = Some(write);
        let opening = cell.get_or_init(|| {
            let mut bytes = Vec::new();
            let mut w = Pretty::at(&mut bytes, from, compact);
            (write.take().expect("written once"))(&mut w);
            let to = w.layout.level;
            Opening {
                bytes: Apart::new(&bytes),
                from,
                to,
            }
        });
        match write {
            // Each kind of entity sits at one level of the report; should
            // one ever be written at another, it is written afresh.
            Some(write) if opening.from != from => write(self),
            _ => {
                self.out.extend_from_slice(opening.bytes.get());
                self.layout.level = opening.to;
                // Every opening ends with a key.
                self.layout.has_value = true;
            }
        }
    }

    fn open(&mut self, bracket: u8) {
        if self.compact {
            self.out.push(bracket);
            self.layout.level += 1;
            self.layout.has_value = false;
            return;
        }
        self.layout
            .open(&mut *self.out, &[bracket])
            .expect("writing to memory cannot fail");
    }

    fn close(&mut self, bracket: u8) {
        if self.compact {
            self.out.push(bracket);
            self.layout.level -= 1;
            self.layout.has_value = true;
            return;
        }
        self.layout
            .close(&mut *self.out, &[bracket])
            .expect("writing to memory cannot fail");
        // The container just closed is an element of the one around it.
        self.layout.has_value = true;
    }

    /// The comma, line break and indentation before an element or key, as
    /// one copy: this runs for every key of every offering.
    fn next(&mut self) {
        if self.compact {
            if self.layout.has_value {
                self.out.push(b',');
            }
            self.layout.has_value = true;
            return;
        }
        const BREAK: &[u8] = b",\n                                                                ";
        let skip = usize::from(!self.layout.has_value);
        let end = 2 + 2 * self.layout.level;
        if end <= BREAK.len() {
            self.out.extend_from_slice(&BREAK[skip..end]);
        } else {
            self.out.extend_from_slice(&BREAK[skip..2]);
            indent(&mut *self.out, self.layout.level).expect("writing to memory cannot fail");
        }
        self.layout.has_value = true;
    }

    /// An object key; keys are field names, which need no escaping.
    fn key(&mut self, key: &str) {
        self.next();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out
            .extend_from_slice(if self.compact { b"\":" } else { b"\": " });
    }

    fn str(&mut self, s: &str) {
        crate::pretty::write_str(&mut *self.out, s).expect("writing to memory cannot fail");
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.out.extend_from_slice(b"null"),
        }
    }

    fn bool(&mut self, b: bool) {
        self.out
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    fn uint(&mut self, n: usize) {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    fn array<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.open(b'[');
        for item in items {
            self.next();
            each(self, item);
        }
        self.close(b']');
    }

    fn strs(&mut self, items: &[&str]) {
        self.array(items, |w, s| w.str(s));
    }

    /// A value through serde, laid out as if this writer had written it.
    fn serde(&mut self, value: &impl Serialize) {
        if self.compact {
            serde_json::to_writer(&mut *self.out, value).expect("reports serialize");
            return;
        }
        crate::pretty::value(&mut *self.out, value, self.layout.level).expect("reports serialize");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_kept_apart_are_the_bytes_with_a_line_either_side() {
        for bytes in [&b""[..], b"{\"id\":", &[7; 300]] {
            let apart = Apart::new(bytes);
            assert_eq!(apart.get(), bytes);
            assert_eq!(apart.padded.len(), bytes.len() + 2 * LINE);
            assert!(apart.padded[..LINE].iter().all(|&b| b == 0));
            assert!(apart.padded[LINE + bytes.len()..].iter().all(|&b| b == 0));
        }
    }

    #[test]
    fn an_opening_is_copied_as_written_and_rewritten_at_another_level() {
        let write = |w: &mut Pretty| {
            w.open(b'{');
            w.key("id");
            w.str("GRM.010");
            w.key("name");
            w.str("Grants \"pre-award\"");
            w.key("counts");
        };
        // Each of a few objects in an array, the opening ending in a
        // value, at `level`.
        let report = |level: usize, cell: Option<&OnceLock<Opening>>| {
            let mut out = Vec::new();
            let mut w = Pretty::at(&mut out, level, false);
            w.array(&[1, 2, 3], |w, n| {
                match cell {
                    Some(cell) => w.opening(cell, write),
                    None => write(w),
                }
                w.uint(*n);
                w.key("more");
                w.bool(true);
                w.close(b'}');
            });
            out
        };
        let cell = OnceLock::new();
        assert_eq!(report(2, Some(&cell)), report(2, None));
        assert_eq!(cell.get().map(|o| o.from), Some(3));
        // The cell holds the opening for level 3; at another level it is
        // written afresh, and the cell is left as it was.
        assert_eq!(report(0, Some(&cell)), report(0, None));
        assert_eq!(cell.get().map(|o| o.from), Some(3));
    }

    #[test]
    fn counts_frames_lay_out_counts_as_serde_json_does() {
        let c = Counts {
            total: 120,
            covered: 7,
            planned: 0,
            not_supported: 13,
            unclaimed: 100,
        };
        let value = serde_json::json!({
            "total": 120, "covered": 7, "planned": 0, "not_supported": 13, "unclaimed": 100
        });
        let frames: CountFrames = Default::default();
        // Twice from a frame, and past the levels frames are kept for.
        for level in [3, 3, frames.len() + 2] {
            let mut out = Vec::new();
            let mut w = Pretty::at(&mut out, level, false);
            counts(&mut w, &frames, &c);
            let mut expected = Vec::new();
            Pretty::at(&mut expected, level, false).serde(&value);
            assert_eq!(String::from_utf8(out), String::from_utf8(expected));
        }
        assert!(frames[3].get().is_some());
    }

    /// `s` as the writer writes a string.
    fn written(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        Pretty::at(&mut out, 0, false).str(s);
        out
    }

    #[test]
    fn escapes_exactly_what_serde_json_escapes() {
        let plain = "Capture the obligation, in full — per A-123 § 4.";
        for special in ['"', '\\', '\n', '\t', '\u{1f}', '\0'] {
            // Every position, so the special byte lands in a full chunk and
            // in the remainder alike.
            for at in 0..=plain.len() {
                if !plain.is_char_boundary(at) {
                    continue;
                }
                let s = format!("{}{special}{}", &plain[..at], &plain[at..]);
                assert!(crate::pretty::needs_escape(s.as_bytes()), "{s:?}");
                assert_eq!(written(&s), serde_json::to_vec(&s).unwrap());
            }
        }
        for s in [plain, "", "\u{7f}é", "\u{2028}<>&'"] {
            assert!(!crate::pretty::needs_escape(s.as_bytes()), "{s:?}");
            assert_eq!(written(s), serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn lays_out_values_as_serde_json_pretty_does() {
        let expected = serde_json::json!({
            "id": "A \"quoted\" name",
            "none": null,
            "empty": [],
            "flag": true,
            "nested": [
                { "n": 0, "list": ["a", "b\nc"], "deeper": [[]] },
                { "n": 4_294_967_295_u64, "list": [], "deeper": [[1]] }
            ],
            "through_serde": { "x": 1.5, "y": [null] }
        });
        let mut out = Vec::new();
        let mut w = Pretty::at(&mut out, 0, false);
        w.open(b'{');
        w.key("id");
        w.str("A \"quoted\" name");
        w.key("none");
        w.opt_str(None);
        w.key("empty");
        w.strs(&[]);
        w.key("flag");
        w.bool(true);
        w.key("nested");
        w.array(
            &[(0, vec!["a", "b\nc"], 0), (4_294_967_295, vec![], 1)],
            |w, (n, list, deeper)| {
                w.open(b'{');
                w.key("n");
                w.uint(*n);
                w.key("list");
                w.strs(list);
                w.key("deeper");
                w.array(&[*deeper], |w, &k| {
                    w.array(&vec![1; k], |w, &one| w.uint(one));
                });
                w.close(b'}');
            },
        );
        w.key("through_serde");
        w.serde(&serde_json::json!({ "x": 1.5, "y": [null] }));
        w.close(b'}');
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&expected).unwrap()
        );
    }
}
