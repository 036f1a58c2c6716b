//! The client-side search index: every entity's kind, ID, name and main
//! text, as a script that sets one global. A script rather than a JSON file
//! because browsers refuse to fetch files from a page opened from the file
//! system; the site must work offline without a server.

use std::borrow::Cow;

use serde::Serialize;

use super::site::{Site, entities};
use crate::model_json::ModelDoc;

/// How much of an entity's text is searchable; enough for a statement or
/// a definition, not whole descriptions.
const TEXT_LIMIT: usize = 400;

#[derive(Serialize)]
struct Entry<'d> {
    /// Kind, in words.
    k: &'static str,
    id: &'d str,
    n: &'d str,
    t: Cow<'d, str>,
    u: &'d str,
}

fn clip(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(TEXT_LIMIT) {
        Some((i, _)) => Cow::Owned(format!("{}…", &s[..i])),
        None => Cow::Borrowed(s),
    }
}

/// Every entity with a page, in the order of [`entities`], once.
struct Entries<'a, 'd> {
    doc: &'d ModelDoc,
    site: &'a Site<'d>,
}

impl Serialize for Entries<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let doc = self.doc;
        // An ID's page is its first entity's (`Site::new`): the first of
        // its kind, where the entities of a kind are sorted by ID, so an ID
        // published twice comes twice in a row. (A set and a map of texts
        // by ID were 30 MB at 100 times the bundled standards.)
        let mut last = None;
        serializer.collect_seq(entities(doc).filter_map(|(kind, id, name)| {
            let target = self.site.target(id)?;
            let repeated = last == Some((kind, id));
            last = Some((kind, id));
            if target.kind != kind || repeated {
                return None;
            }
            Some(Entry {
                k: kind.noun(),
                id,
                n: name.unwrap_or(""),
                t: text(doc, id).map(clip).unwrap_or_default(),
                u: target.url,
            })
        }))
    }
}

/// The searchable text of an ID: the statement of the first capability
/// published with it, else the definition of the first data element.
fn text<'d>(doc: &'d ModelDoc, id: &str) -> Option<&'d str> {
    first(&doc.capabilities, id, |c| &c.common.id)
        .map(|c| c.statement.as_str())
        .or_else(|| first(&doc.elements, id, |e| &e.common.id).map(|e| e.definition.as_str()))
}

/// The first of `items` (sorted by ID) with this ID.
fn first<'d, T>(items: &'d [T], id: &str, id_of: impl Fn(&T) -> &String) -> Option<&'d T> {
    let i = items.partition_point(|x| id_of(x).as_str() < id);
    items.get(i).filter(|x| id_of(x) == id)
}

/// `assets/search-index.js`, written to `w` as it is serialized: the index
/// of a large standard is about a hundred megabytes, which need not be held
/// whole while the pages are rendered.
pub fn write_index_js(
    doc: &ModelDoc,
    site: &Site<'_>,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    w.write_all(b"window.FIBF_SEARCH = ")?;
    let mut out = ScriptSafe {
        out: &mut *w,
        held: Vec::new(),
    };
    serde_json::to_writer(&mut out, &Entries { doc, site })?;
    out.finish()?;
    w.write_all(b";\n")
}

/// JSON made safe inside a script: `<` could start `</script>` and
/// U+2028/9 end a line in older engines, so they are written as escapes
/// (which is what they mean in a JSON string; `serde_json` puts neither
/// outside a string).
struct ScriptSafe<W> {
    out: W,
    /// The start of a U+2028/9 cut off at the end of the last write.
    held: Vec<u8>,
}

/// U+2028 and U+2029 in UTF-8 are these two bytes and then 0xA8 or 0xA9.
const SEPARATOR: [u8; 2] = [0xE2, 0x80];

impl<W: std::io::Write> ScriptSafe<W> {
    /// Write what was held back at the end of the last write.
    fn finish(mut self) -> std::io::Result<W> {
        self.out.write_all(&self.held)?;
        Ok(self.out)
    }
}

impl<W: std::io::Write> std::io::Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let joined;
        let bytes = if self.held.is_empty() {
            buf
        } else {
            self.held.extend_from_slice(buf);
            joined = std::mem::take(&mut self.held);
            &joined[..]
        };
        let mut start = 0;
        for at in memchr::memchr2_iter(b'<', SEPARATOR[0], bytes) {
            if at < start {
                continue;
            }
            self.out.write_all(&bytes[start..at])?;
            let rest = &bytes[at..];
            if rest[0] == b'<' {
                self.out.write_all(b"\\u003c")?;
                start = at + 1;
            } else if rest.len() < 3 && SEPARATOR.starts_with(rest) {
                self.held.extend_from_slice(rest);
                start = bytes.len();
            } else if rest.starts_with(&SEPARATOR) && matches!(rest[2], 0xA8 | 0xA9) {
                self.out.write_all(if rest[2] == 0xA8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                })?;
                start = at + 3;
            } else {
                self.out.write_all(&rest[..1])?;
                start = at + 1;
            }
        }
        if start < bytes.len() {
            self.out.write_all(&bytes[start..])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// What the index escapes, done the obvious way.
    fn reference(s: &str) -> String {
        s.replace('<', "\\u003c")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }

    #[test]
    fn escapes_as_replacing_would_however_the_writes_are_cut() {
        let text = "a<b\u{2028}c — d…\u{2029}</script>\u{2028}";
        let bytes = text.as_bytes();
        for cut in 0..=bytes.len() {
            for second in cut..=bytes.len() {
                let mut w = ScriptSafe {
                    out: Vec::new(),
                    held: Vec::new(),
                };
                w.write_all(&bytes[..cut]).unwrap();
                w.write_all(&bytes[cut..second]).unwrap();
                w.write_all(&bytes[second..]).unwrap();
                assert_eq!(
                    String::from_utf8(w.finish().unwrap()).unwrap(),
                    reference(text),
                    "cut at {cut} and {second}"
                );
            }
        }
    }
}
