//! JSON documents: parsing, and finding where a pointer's value is written.

use super::{DataError, Document, Locations, MAX_DEPTH};

/// Parse one JSON document that starts at byte `base` of its file.
pub fn parse(text: &str, base: usize) -> Result<Document, DataError> {
    match serde_json::from_str(text) {
        Ok(value) => Ok(Document {
            value,
            locations: Locations::Json,
            range: base..base + text.len(),
            duplicates: Vec::new(),
        }),
        Err(e) => {
            // serde_json refuses deep nesting itself; the scan for where
            // the limit was crossed runs only then, off the path of every
            // valid document, so the error says what the limit is and where.
            let message = e.to_string();
            if message.contains("recursion limit")
                && let Some(at) = too_deep(text)
            {
                return Err(DataError::Limit {
                    at: base + at..base + at + 1,
                    message: format!("nested more than {MAX_DEPTH} levels deep"),
                });
            }
            // serde_json points just past the offending token; step back over
            // whitespace so the mark sits on the token itself.
            let mut at = offset_of(text, e.line(), e.column());
            while at > 0
                && text
                    .as_bytes()
                    .get(at)
                    .is_none_or(|b| b.is_ascii_whitespace() || *b == b'}')
            {
                at -= 1;
            }
            // Whole characters: the mark may have landed inside one.
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let (at, end) = (base + at, base + end);
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            Err(DataError::Syntax {
                at: at..end,
                message,
            })
        }
    }
}

/// Byte offset of `serde_json`'s 1-based line and column (column counts bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    (line_start + column.saturating_sub(1)).min(text.len())
}

fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Index just past the string starting at the quote at `i`. Finding an
/// offering's findings skips most of its text, nearly all of it inside
/// strings, so the string's bytes are passed over by `memchr` (a byte at a
/// time, the skipping was a tenth of a one-thread `conform`).
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let mut i = i + 1;
    while let Some(k) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        let at = i + k;
        if bytes[at] == b'"' {
            return at + 1;
        }
        i = at + 2;
    }
    bytes.len()
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Index just past the value starting at `i` (which is not whitespace).
fn skip_value(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"') => skip_string(bytes, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < bytes.len() {
                match bytes[j] {
                    b'"' => {
                        j = skip_string(bytes, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            bytes.len()
        }
        _ => {
            let mut j = i;
            while j < bytes.len()
                && !matches!(bytes[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
    }
}

/// Whether the quoted key `quoted` (well-formed) is `name`: compared as
/// written when it has no escapes, else once unescaped.
fn key_is(quoted: &str, name: &str) -> Option<bool> {
    let inner = quoted.as_bytes().strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if memchr::memchr(b'\\', inner).is_none() {
        return Some(inner == name.as_bytes());
    }
    let key: String = serde_json::from_str(quoted).ok()?;
    Some(key == name)
}

/// Where the value at `segments` is in a JSON text (well-formed, as parsed
/// before). Stops at the deepest ancestor that exists.
pub fn locate(text: &str, segments: &[String]) -> Option<super::Located> {
    let bytes = text.as_bytes();
    let mut pos = skip_ws(bytes, 0);
    let mut key = None;
    for seg in segments {
        match bytes.get(pos) {
            Some(b'{') => {
                let mut i = skip_ws(bytes, pos + 1);
                let mut found = None;
                while bytes.get(i) == Some(&b'"') {
                    let key_end = skip_string(bytes, i);
                    let colon = skip_ws(bytes, key_end);
                    let value = skip_ws(bytes, colon + 1);
                    if key_is(&text[i..key_end], seg)? {
                        found = Some((i..key_end, value));
                        break;
                    }
                    i = skip_ws(bytes, skip_value(bytes, value));
                    if bytes.get(i) == Some(&b',') {
                        i = skip_ws(bytes, i + 1);
                    }
                }
                let (k, v) = found?;
                key = Some(k);
                pos = v;
            }
            Some(b'[') => {
                let index: usize = seg.parse().ok()?;
                let mut i = skip_ws(bytes, pos + 1);
                for _ in 0..index {
                    i = skip_ws(bytes, skip_value(bytes, i));
                    if bytes.get(i) != Some(&b',') {
                        return None;
                    }
                    i = skip_ws(bytes, i + 1);
                }
                key = None;
                pos = i;
            }
            _ => break,
        }
    }
    Some(super::Located {
        key,
        value: pos..skip_value(bytes, pos),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, pointer: &str) -> (&'a str, Option<&'a str>) {
        let l = locate(text, &super::super::pointer_segments(pointer)).unwrap();
        (&text[l.value], l.key.map(|k| &text[k]))
    }

    /// Nesting past the limit is reported where it is crossed, though the
    /// scan only runs once `serde_json` has refused the document.
    #[test]
    fn too_deep_is_placed_where_the_limit_is_crossed() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        match parse(&deep, 10) {
            Err(DataError::Limit { at, .. }) => assert_eq!(at, 10 + MAX_DEPTH..11 + MAX_DEPTH),
            other => panic!("expected the depth limit, got {other:?}"),
        }
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&fine, 0).is_ok());
        // An ordinary syntax error is still one.
        assert!(matches!(parse("[1,", 0), Err(DataError::Syntax { .. })));
    }

    #[test]
    fn locates_members_and_items() {
        let text = r#" {"a": {"b\"c": [1, {"d": "x,}]"}, 3]}, "e": true} "#;
        assert_eq!(at(text, "/a/b\"c/1/d"), ("\"x,}]\"", Some("\"d\"")));
        assert_eq!(at(text, "/a/b\"c/2"), ("3", None));
        assert_eq!(at(text, "/e"), ("true", Some("\"e\"")));
        assert_eq!(
            at(text, ""),
            (r#"{"a": {"b\"c": [1, {"d": "x,}]"}, 3]}, "e": true}"#, None)
        );
    }

    /// Strings are skipped by jumping to the next quote or backslash: an
    /// escaped backslash before a closing quote ends the string, an escaped
    /// quote does not; keys with escapes are compared unescaped.
    #[test]
    fn skips_strings_with_escapes_and_compares_escaped_keys() {
        let text = r#"{"a": "x\\", "b\"": ["\"]\\", {"c\u0064": 2}], "é": "ü"}"#;
        assert_eq!(at(text, "/b\"/1/cd"), ("2", Some(r#""c\u0064""#)));
        assert_eq!(at(text, "/b\"/0"), (r#""\"]\\""#, None));
        assert_eq!(at(text, "/é"), (r#""ü""#, Some(r#""é""#)));
        // A key that is not there: the caller falls back to the document.
        assert!(locate(text, &["zz".to_owned()]).is_none());
        assert_eq!(skip_string(br#""abc"#, 0), 4);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let text = "{\n  \"a\": tru\n}";
        let err = parse(text, 10).unwrap_err();
        let DataError::Syntax { at, .. } = err else {
            panic!()
        };
        assert_eq!(&text[at.start - 10..at.end - 10], "u");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(1000);
        assert!(matches!(parse(&text, 0), Err(DataError::Limit { .. })));
    }
}
