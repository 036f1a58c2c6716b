//! Positions and URIs as the protocol has them: lines and characters
//! counted in UTF-16 code units unless the client takes UTF-8, and `file:`
//! URIs for paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

use crate::source::{SourceFile, Span};

/// How characters of a line are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    Utf16,
    /// Bytes, when the client offers it.
    Utf8,
}

impl Encoding {
    /// The width of `c` in this encoding.
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// Where a line of `text` starts and ends (its line break excluded).
fn line_bounds(text: &str, starts: &dyn Fn(usize) -> usize, line: usize) -> (usize, usize) {
    let start = starts(line).min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    (start, end)
}

/// The protocol position of a byte offset of `file`.
pub fn position(file: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let text = file.text.as_str();
    let offset = offset.min(text.len());
    let lc = file.line_col(offset);
    let line = lc.line as usize - 1;
    let start = file.line_start(line);
    let mut end = offset;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let character: usize = text[start.min(end)..end]
        .chars()
        .map(|c| encoding.width(c))
        .sum();
    Position {
        line: line as u32,
        character: character as u32,
    }
}

/// The byte offset of a protocol position of `file`: a character past the
/// end of its line is the line's end, a line past the end of the file the
/// file's end.
pub fn offset(file: &SourceFile, position: Position, encoding: Encoding) -> usize {
    offset_in(
        &file.text,
        &|l| file.line_start(l),
        file.line_count(),
        position,
        encoding,
    )
}

/// The byte offset of a protocol position in a text that is not a
/// [`SourceFile`] (a buffer being edited).
pub fn offset_in_text(text: &str, position: Position, encoding: Encoding) -> usize {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    let count = starts.len();
    offset_in(
        text,
        &|l| starts.get(l).copied().unwrap_or(text.len()),
        count,
        position,
        encoding,
    )
}

fn offset_in(
    text: &str,
    starts: &dyn Fn(usize) -> usize,
    lines: usize,
    position: Position,
    encoding: Encoding,
) -> usize {
    let line = position.line as usize;
    if line >= lines {
        return text.len();
    }
    let (start, end) = line_bounds(text, starts, line);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= position.character as usize {
            return start + i;
        }
        units += encoding.width(c);
    }
    end
}

/// The protocol range of a span of `file`.
pub fn range(file: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Range {
        start: position(file, span.start as usize, encoding),
        end: position(file, span.end as usize, encoding),
    }
}

/// The `file:` URI of a path (made absolute).
pub fn uri(path: &Path) -> Uri {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut s = String::from("file://");
    for b in crate::io::normalize(&path).to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&s).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

/// The path of a `file:` URI.
pub fn path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the local host is a path here.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = rest.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    Some(crate::io::normalize(Path::new(&path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_count_in_the_negotiated_encoding() {
        // `“` is one UTF-16 unit and three bytes; `𝄞` two units, four bytes.
        let f = SourceFile::new("a", None, "ab\n“x” 𝄞y\r\nz");
        let y = f.text.find('y').unwrap();
        assert_eq!(position(&f, y, Encoding::Utf16), Position::new(1, 6));
        assert_eq!(position(&f, y, Encoding::Utf8), Position::new(1, 12));
        assert_eq!(offset(&f, Position::new(1, 6), Encoding::Utf16), y);
        assert_eq!(offset(&f, Position::new(1, 12), Encoding::Utf8), y);
        // Past the end of a line is its end, before the `\r\n`.
        assert_eq!(offset(&f, Position::new(1, 99), Encoding::Utf16), y + 1);
        assert_eq!(
            offset(&f, Position::new(9, 0), Encoding::Utf16),
            f.text.len()
        );
        assert_eq!(
            offset_in_text(&f.text, Position::new(1, 6), Encoding::Utf16),
            y
        );
    }

    #[test]
    fn paths_and_uris_round_trip() {
        let p = Path::new("/ws/a dir/ünï.fibf");
        let u = uri(p);
        assert_eq!(u.as_str(), "file:///ws/a%20dir/%C3%BCn%C3%AF.fibf");
        assert_eq!(path(&u).unwrap(), p);
    }
}
