//! `serde_json`'s pretty layout (two spaces a level) from any level, so that
//! parts of one JSON document can be serialized apart, in parallel, and
//! written one after the other as the bytes serializing it whole would be:
//! the `fibf conform` report and `model.json` are hundreds of megabytes at
//! scale.

use std::io::Write;
use std::ops::{Deref, Range};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

mod ser;

#[cfg(test)]
pub(crate) use ser::needs_escape;
pub(crate) use ser::write_str;

/// Items serialized per task by [`array`], and tasks per batch. Each batch
/// is fresh memory the first time round: with 256 items a task, the two
/// batches of `model.json`'s data elements at 10x the data model were 3.6
/// MB of text and 3.3 MB of the documents made for them, a thousand page
/// faults more than with 64 (docs/performance.md).
const CHUNK: usize = 64;
const BATCH: usize = 8;

/// The array `items` as the value of a member `level` levels in, laid out
/// as `serde_json`'s pretty printer lays it out there, its items serialized
/// in parallel a batch at a time (see [`array_from`]).
pub(crate) fn array<T: Serialize + Sync>(
    w: &mut (dyn Write + Send),
    items: &[T],
    level: usize,
) -> std::io::Result<()> {
    array_from(w, items.len(), level, |range| &items[range])
}

/// [`array`] of `len` items made a batch at a time by `make`, which is
/// given the range of each batch in turn and whose items are dropped once
/// written: an array whose items are made for writing need not be held
/// whole. Each batch is made and serialized while the one before is
/// written, so the text of at most two batches is in memory (a larger
/// batch held megabytes of fresh memory at 10x the bundled standards, and
/// writing it between batches would leave the other threads waiting).
pub(crate) fn array_from<T, B>(
    w: &mut (dyn Write + Send),
    len: usize,
    level: usize,
    mut make: impl FnMut(Range<usize>) -> B + Send,
) -> std::io::Result<()>
where
    T: Serialize + Sync,
    B: Deref<Target = [T]>,
{
    if len == 0 {
        return w.write_all(b"[]");
    }
    w.write_all(b"[")?;
    // The chunks of one array are much the same size: each starts with
    // room for the largest one done so far, where growing from nothing
    // by doubling copied each chunk's text about once more and took fresh
    // memory at each step.
    let room = AtomicUsize::new(0);
    let batch_texts = |b: usize, batch: &[T]| -> std::io::Result<Vec<Vec<u8>>> {
        let chunk = |(c, chunk): (usize, &[T])| {
            let mut out = Vec::with_capacity(room.load(Ordering::Relaxed));
            for (i, item) in chunk.iter().enumerate() {
                let first = b == 0 && c == 0 && i == 0;
                line_break(&mut out, first, level + 1)?;
                value(&mut out, item, level + 1)?;
            }
            room.fetch_max(out.len(), Ordering::Relaxed);
            Ok(out)
        };
        // A few chunks are not worth waking the other threads for.
        if batch.len() <= 4 * CHUNK {
            batch.chunks(CHUNK).enumerate().map(chunk).collect()
        } else {
            batch.par_chunks(CHUNK).enumerate().map(chunk).collect()
        }
    };
    let write = |w: &mut (dyn Write + Send), texts: &[Vec<u8>]| {
        texts.iter().try_for_each(|text| w.write_all(text))
    };
    // The previous batch's text, written while this one is serialized.
    let mut pending: Vec<Vec<u8>> = Vec::new();
    for (b, start) in (0..len).step_by(CHUNK * BATCH).enumerate() {
        let range = start..len.min(start + CHUNK * BATCH);
        let (done, texts) =
            rayon::join(|| write(&mut *w, &pending), || batch_texts(b, &make(range)));
        done?;
        pending = texts?;
    }
    write(&mut *w, &pending)?;
    w.write_all(b"\n")?;
    indent(w, level)?;
    w.write_all(b"]")
}

/// `v` laid out as `serde_json`'s pretty printer lays out a value `level`
/// levels in (after its key or its indentation).
pub(crate) fn value<W: Write, T: Serialize + ?Sized>(
    w: W,
    v: &T,
    level: usize,
) -> std::io::Result<()> {
    Ok(v.serialize(&mut ser::Serializer::at(w, level))?)
}

/// `serde_json`'s pretty layout (two spaces a level) starting `level` levels
/// in, so a value is written indented to its place in the report without a
/// second pass over its text: the state of [`value`]'s serializer, and of
/// the conform report's hand-written parts.
pub(crate) struct Nested {
    pub(crate) level: usize,
    pub(crate) has_value: bool,
}

impl Nested {
    pub(crate) fn at(level: usize) -> Self {
        Nested {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        indent(w, self.level)
    }

    /// Before an element or a key: the comma after the one before, the
    /// line break and the indentation.
    fn newline<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        line_break(w, first, self.level)
    }

    pub(crate) fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    pub(crate) fn close<W: ?Sized + std::io::Write>(
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

/// A comma, a line break and the indentation of up to 31 levels: what
/// [`line_break`] writes a slice of.
const LINE_BREAKS: &[u8; 64] = b",\n                                                              ";

/// Unless `first`, the comma after the value before; the line break and
/// the indentation of `level`: in one write where the level is within
/// [`LINE_BREAKS`] (each write is a call to `memcpy`, and `model.json` has
/// a line per member).
fn line_break<W: ?Sized + std::io::Write>(
    w: &mut W,
    first: bool,
    level: usize,
) -> std::io::Result<()> {
    let end = 2 + 2 * level;
    if end <= LINE_BREAKS.len() {
        return w.write_all(&LINE_BREAKS[usize::from(first)..end]);
    }
    w.write_all(if first { b"\n" } else { b",\n" })?;
    indent(w, level)
}

/// Two spaces per level, as `serde_json`'s pretty printer indents.
pub(crate) fn indent<W: ?Sized + std::io::Write>(w: &mut W, level: usize) -> std::io::Result<()> {
    const SPACES: &[u8] = &[b' '; 64];
    let mut n = 2 * level;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `{"items": items}` written with [`array`] and by `serde_json`.
    fn both(items: &[serde_json::Value]) -> (String, String) {
        let mut out = b"{\n  \"items\": ".to_vec();
        array(&mut out, items, 1).unwrap();
        out.extend_from_slice(b"\n}");
        let whole = serde_json::to_string_pretty(&serde_json::json!({ "items": items })).unwrap();
        (String::from_utf8(out).unwrap(), whole)
    }

    #[test]
    fn arrays_are_laid_out_as_serde_json_lays_them_out() {
        let item = |i: usize| {
            serde_json::json!({
                "id": format!("E-{i}"),
                "tags": if i.is_multiple_of(3) { vec![] } else { vec!["a", "b \"quoted\""] },
                "nested": {"n": i, "empty": {}},
            })
        };
        // Empty, one chunk written in order, and enough for batches of
        // chunks written in parallel.
        for n in [0, 1, 3, CHUNK + 1, 5 * CHUNK, CHUNK * BATCH + 7] {
            let items: Vec<serde_json::Value> = (0..n).map(item).collect();
            let (ours, serde) = both(&items);
            assert!(ours == serde, "{n} items");
        }
    }
}
