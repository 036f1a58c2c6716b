//! A lexical scan that needs no parser: where the comments and braces of a
//! source are, skipping strings and text blocks. Used to recover from syntax
//! errors (unbalanced braces), to refuse absurd nesting before parsing, and by
//! the formatter to keep comments.

use std::ops::Range;

/// What the scan reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lexeme {
    /// `# ...` up to the end of the line (the line break excluded).
    Comment(Range<usize>),
    /// A `{` at this offset.
    Open(usize),
    /// A `}` at this offset.
    Close(usize),
}

/// Call `on` for each comment and brace of `src` in order; stop early when it
/// returns false.
pub fn scan(src: &str, mut on: impl FnMut(Lexeme) -> bool) {
    let bytes = src.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |p| p + i);
                let end = if end > i && bytes[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                if !on(Lexeme::Comment(i..end)) {
                    return;
                }
                i = end;
            }
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                i = src[i + 3..]
                    .find("\"\"\"")
                    .map_or(bytes.len(), |n| i + 3 + n + 3);
            }
            b'"' => {
                // Strings are most of a standard's bytes: jump between the
                // bytes that matter instead of stepping through each.
                i += 1;
                while i < bytes.len() {
                    match memchr::memchr3(b'"', b'\\', b'\n', &bytes[i..]) {
                        Some(p) if bytes[i + p] == b'\\' => i += p + 2,
                        Some(p) => {
                            i += p;
                            break;
                        }
                        None => i = bytes.len(),
                    }
                }
                i += 1;
            }
            b'{' => {
                if !on(Lexeme::Open(i)) {
                    return;
                }
                i += 1;
            }
            b'}' => {
                if !on(Lexeme::Close(i)) {
                    return;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// The byte ranges of every comment of `src`.
pub fn comments(src: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    scan(src, |l| {
        if let Lexeme::Comment(r) = l {
            out.push(r);
        }
        true
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_only() {
        let src = "a \"# not\" # one\r\n\"\"\"\n# not either\n\"\"\" { # two\n}";
        let found: Vec<&str> = comments(src).into_iter().map(|r| &src[r]).collect();
        assert_eq!(found, ["# one", "# two"]);
    }
}
