//! Decoding of string literals and multi-line text blocks.

use std::borrow::Cow;

/// A problem inside a string literal, at a byte offset of the literal body.
#[derive(Debug, PartialEq, Eq)]
pub struct BadEscape {
    /// Where the escape starts.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
}

/// Resolve the escapes of a `"..."` body (quotes removed): `\"`, `\\`, `\n`,
/// `\t`, `\r` and `\u{XXXX}`.
pub fn unescape(body: &str) -> Result<Cow<'_, str>, BadEscape> {
    if !body.contains('\\') {
        return Ok(Cow::Borrowed(body));
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let bad = |end: usize| BadEscape {
            offset: i,
            len: end - i,
        };
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, 'r')) => out.push('\r'),
            Some((j, 'u')) => {
                let rest = &body[j + 1..];
                let close = rest.find('}');
                let decoded = rest
                    .strip_prefix('{')
                    .and(close)
                    .and_then(|end| u32::from_str_radix(&rest[1..end], 16).ok())
                    .and_then(char::from_u32);
                match (decoded, close) {
                    (Some(ch), Some(end)) => {
                        out.push(ch);
                        let stop = j + 1 + end;
                        while chars.peek().is_some_and(|&(k, _)| k <= stop) {
                            chars.next();
                        }
                    }
                    _ => return Err(bad(j + 1 + close.map_or(0, |e| e + 1))),
                }
            }
            Some((j, other)) => return Err(bad(j + other.len_utf8())),
            None => return Err(bad(body.len())),
        }
    }
    Ok(Cow::Owned(out))
}

/// The value of a `"""..."""` body (delimiters removed).
///
/// Text blocks are folded, so that how a long text is wrapped in the file
/// never changes what it says: leading and trailing blank lines are dropped,
/// every line is trimmed, consecutive lines are joined with one space, a
/// blank line separates paragraphs (`\n\n` in the value), and a line that
/// starts a list item (`- `, `* `, `• `, `1. `, `1) `) starts a new line.
pub fn fold(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank_pending = false;
    for line in body.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if blank_pending {
            out.push_str("\n\n");
            blank_pending = false;
        } else if !out.is_empty() {
            out.push(if is_list_item(line) { '\n' } else { ' ' });
        }
        out.push_str(line);
    }
    out
}

/// Whether a line of folded text starts a list item.
pub fn is_list_item(line: &str) -> bool {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("• ") {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(unescape(r#"a\"b\\c\nd"#).unwrap(), "a\"b\\c\nd");
        assert_eq!(unescape(r"\u{e9}t\u{E9}").unwrap(), "été");
        assert_eq!(
            unescape(r"ab\q").unwrap_err(),
            BadEscape { offset: 2, len: 2 }
        );
        assert_eq!(
            unescape(r"\u{zz}").unwrap_err(),
            BadEscape { offset: 0, len: 6 }
        );
        assert_eq!(
            unescape(r"x\u12").unwrap_err(),
            BadEscape { offset: 1, len: 2 }
        );
        assert!(matches!(unescape("plain").unwrap(), Cow::Borrowed(_)));
    }

    #[test]
    fn fold_joins_lines_and_keeps_paragraphs_and_lists() {
        let body = "\n    First line\n      continued\n\n    last  \n  ";
        assert_eq!(fold(body), "First line continued\n\nlast");
        assert_eq!(fold("one line"), "one line");
        assert_eq!(fold("\r\n  a\r\n  b\r\n"), "a b");
        assert_eq!(
            fold("Items:\n- one\n  wrapped\n- two\n2. three"),
            "Items:\n- one wrapped\n- two\n2. three"
        );
    }
}
