//! The client-side search index: every entity's kind, ID, name and main
//! text, as a script that sets one global. A script rather than a JSON file
//! because browsers refuse to fetch files from a page opened from the file
//! system; the site must work offline without a server.

use std::borrow::Cow;

use serde::Serialize;

use super::site::{Site, entities};
use crate::export::ModelDoc;

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

/// `assets/search-index.js`.
pub fn index_js(doc: &ModelDoc, site: &Site<'_>) -> String {
    let mut text: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for c in &doc.capabilities {
        text.entry(&c.common.id).or_insert(&c.statement);
    }
    for e in &doc.elements {
        text.entry(&e.common.id).or_insert(&e.definition);
    }
    let mut entries = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (kind, id, name) in entities(doc) {
        let Some(target) = site.target(id) else {
            continue;
        };
        if target.kind != kind || !seen.insert(id) {
            continue;
        }
        entries.push(Entry {
            k: kind.noun(),
            id,
            n: name.unwrap_or(""),
            t: text.get(id).map(|t| clip(t)).unwrap_or_default(),
            u: &target.url,
        });
    }
    // The index of a large standard is about a hundred megabytes: it is
    // written once, escaped on the way, rather than copied per escape, into
    // a buffer sized up front (the text plus the keys and quotes around
    // it), since growing one by doubling holds both copies at once.
    let size: usize = entries
        .iter()
        .map(|e| e.k.len() + e.id.len() + e.n.len() + e.t.len() + e.u.len() + 40)
        .sum();
    let mut buffer = Vec::with_capacity(size + 64);
    buffer.extend_from_slice(b"window.FIBF_SEARCH = ");
    let mut out = ScriptSafe {
        out: buffer,
        held: Vec::new(),
    };
    serde_json::to_writer(&mut out, &entries).expect("the index serializes");
    let mut out = out.finish();
    out.extend_from_slice(b";\n");
    String::from_utf8(out).expect("the index is written as UTF-8")
}

/// JSON made safe inside a script: `<` could start `</script>` and
/// U+2028/9 end a line in older engines, so they are written as escapes
/// (which is what they mean in a JSON string; serde_json puts neither
/// outside a string).
struct ScriptSafe {
    out: Vec<u8>,
    /// The start of a U+2028/9 cut off at the end of the last write.
    held: Vec<u8>,
}

/// U+2028 and U+2029 in UTF-8 are these two bytes and then 0xA8 or 0xA9.
const SEPARATOR: [u8; 2] = [0xE2, 0x80];

impl ScriptSafe {
    fn finish(mut self) -> Vec<u8> {
        self.out.append(&mut self.held);
        self.out
    }
}

impl std::io::Write for ScriptSafe {
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
            self.out.extend_from_slice(&bytes[start..at]);
            let rest = &bytes[at..];
            if rest[0] == b'<' {
                self.out.extend_from_slice(b"\\u003c");
                start = at + 1;
            } else if rest.len() < 3 && SEPARATOR.starts_with(rest) {
                self.held.extend_from_slice(rest);
                start = bytes.len();
            } else if rest.starts_with(&SEPARATOR) && matches!(rest[2], 0xA8 | 0xA9) {
                self.out.extend_from_slice(if rest[2] == 0xA8 {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
                start = at + 3;
            } else {
                self.out.push(rest[0]);
                start = at + 1;
            }
        }
        if start < bytes.len() {
            self.out.extend_from_slice(&bytes[start..]);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
                    String::from_utf8(w.finish()).unwrap(),
                    reference(text),
                    "cut at {cut} and {second}"
                );
            }
        }
    }
}
