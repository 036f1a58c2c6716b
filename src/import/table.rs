//! Reading published files into tables of text cells.
//!
//! Workbooks are read with calamine (merged cells are filled from their
//! top-left cell, the way a reader sees them); JSON exports become tables with
//! one row per array element and one column per key. Every row keeps where it
//! came from, so each entity and each defect can name its file, sheet and row.

use std::io::{Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

use crate::diag::{Code, Diagnostic};
use crate::io::{Contents, Io};

/// Where a row is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowAt {
    /// 1-based row number of a worksheet.
    Sheet(u32),
    /// Index of an element of a JSON array.
    Index(usize),
}

#[derive(Clone, Debug)]
pub struct Row {
    pub at: RowAt,
    pub cells: Vec<String>,
}

impl Row {
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map_or("", String::as_str)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// A sheet, or a JSON document, as rows of text.
#[derive(Clone, Debug)]
pub struct Table {
    /// The file as named in reports (relative to the input given).
    pub file: String,
    /// The worksheet; `None` for JSON.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
}

/// A JSON file that is not an array of records.
#[derive(Clone, Debug)]
pub enum JsonDoc {
    Records(Table),
    /// `{"title": "https://..."}`: a list of published documents.
    Links(Vec<(String, String)>),
    /// A bare string (the API says "Business Standards Under Development.").
    Note(String),
}

/// The largest workbook or JSON file read, and the most cells per sheet:
/// a zip bomb expands far past these.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_CELLS: usize = 5_000_000;

/// Text of a cell as a reader would see it.
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => excel_date(dt.as_f64()),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date as `YYYY-MM-DD` (with ` HH:MM` when it has a time).
fn excel_date(serial: f64) -> String {
    // Day 0 is 1899-12-30 in the 1900 system (Excel's leap-year bug is
    // absorbed by that epoch for all dates after February 1900).
    let days = serial.floor() as i64 - 25_569; // days since 1970-01-01
    let (y, m, d) = civil_from_days(days);
    let minutes = ((serial.fract()) * 1440.0).round() as i64;
    if minutes == 0 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}",
            minutes / 60,
            minutes % 60
        )
    }
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// How much an `.xlsx` may hold once unzipped, and in how many parts. The
/// published workbooks unzip to a few megabytes; a zip bomb to gigabytes.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// Refuse a workbook whose parts would unzip past the limits, from the
/// sizes its central directory declares, before anything is decompressed.
fn check_zip<R: Read + Seek>(reader: &mut R) -> Result<(), ImportError> {
    let not_workbook = |e: zip::result::ZipError| ImportError::NotWorkbook(e.to_string());
    let mut archive = zip::ZipArchive::new(&mut *reader).map_err(not_workbook)?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(ImportError::TooManyParts(archive.len()));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(not_workbook)?;
        total = total.saturating_add(entry.size());
        if total > MAX_UNZIPPED_BYTES {
            return Err(ImportError::ZipBomb);
        }
    }
    Ok(())
}

/// Read every worksheet of an `.xlsx` file.
pub fn read_workbook<R: Read + Seek>(file: &str, mut reader: R) -> Result<Vec<Table>, ImportError> {
    check_zip(&mut reader)?;
    reader
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|e| ImportError::Io(e.to_string()))?;
    let mut book: Xlsx<R> =
        Xlsx::new(reader).map_err(|e| ImportError::NotWorkbook(e.to_string()))?;
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| ImportError::Sheet {
                sheet: sheet.clone(),
                reason: e.to_string(),
            })?;
        let (height, width) = range.get_size();
        if height.saturating_mul(width) > MAX_CELLS {
            return Err(ImportError::SheetTooLarge {
                sheet,
                height,
                width,
            });
        }
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut grid: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                let mut cells: Vec<String> = vec![String::new(); col0 as usize];
                cells.extend(r.iter().map(cell_text));
                cells
            })
            .collect();
        // A merged cell holds its value in the top-left corner only; a
        // reader sees it in every cell of the region.
        if let Ok(merges) = book.merge_cells_by_sheet_name(&sheet) {
            for m in merges {
                let (top, left) = (m.start.0 as usize, m.start.1 as usize);
                let (bottom, right) = (m.end.0 as usize, m.end.1 as usize);
                let Some(value) = grid
                    .get(top.wrapping_sub(row0 as usize))
                    .and_then(|r| r.get(left))
                    .cloned()
                else {
                    continue;
                };
                for r in top..=bottom {
                    let Some(row) = grid.get_mut(r.wrapping_sub(row0 as usize)) else {
                        continue;
                    };
                    if row.len() <= right {
                        row.resize(right + 1, String::new());
                    }
                    for cell in row.iter_mut().take(right + 1).skip(left) {
                        if cell.is_empty() {
                            cell.clone_from(&value);
                        }
                    }
                }
            }
        }
        let rows = grid
            .into_iter()
            .enumerate()
            .map(|(i, cells)| Row {
                at: RowAt::Sheet(row0 + i as u32 + 1),
                cells,
            })
            .collect();
        tables.push(Table {
            file: file.to_owned(),
            sheet: Some(sheet),
            rows,
        });
    }
    Ok(tables)
}

/// Read a JSON export.
pub fn read_json(file: &str, text: &str) -> Result<JsonDoc, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
    match value {
        Value::String(s) => Ok(JsonDoc::Note(s)),
        Value::Object(map) => {
            let mut links = Vec::new();
            for (k, v) in map {
                match v {
                    Value::String(url) => links.push((k, url)),
                    other => {
                        return Err(ImportError::NotALink {
                            key: k,
                            value: other.to_string(),
                        });
                    }
                }
            }
            Ok(JsonDoc::Links(links))
        }
        Value::Array(items) => {
            let mut header: Vec<String> = Vec::new();
            for item in &items {
                if let Value::Object(m) = item {
                    for k in m.keys() {
                        if !header.contains(k) {
                            header.push(k.clone());
                        }
                    }
                }
            }
            let mut rows = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let Value::Object(m) = item else {
                    return Err(ImportError::NotAnObject(i));
                };
                let cells = header
                    .iter()
                    .map(|k| match m.get(k) {
                        None | Some(Value::Null) => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => other.to_string(),
                    })
                    .collect();
                rows.push(Row {
                    at: RowAt::Index(i),
                    cells,
                });
            }
            // The keys become a header row, so JSON and sheets read alike.
            rows.insert(
                0,
                Row {
                    at: RowAt::Index(usize::MAX),
                    cells: header,
                },
            );
            Ok(JsonDoc::Records(Table {
                file: file.to_owned(),
                sheet: None,
                rows,
            }))
        }
        other => Err(ImportError::NotAnExport(other.to_string())),
    }
}

/// Read the bytes of an input file through `io`, refusing huge ones.
pub fn read_bytes(io: &dyn Io, path: &Path) -> Result<Vec<u8>, ImportError> {
    match io.read(path, MAX_INPUT_BYTES) {
        Ok(Contents::Bytes(bytes)) => Ok(bytes),
        Ok(Contents::TooLarge(size)) => Err(ImportError::TooLarge(size)),
        Err(e) => Err(ImportError::Io(e.to_string())),
    }
}

/// Why an input file cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// It cannot be read.
    Io(String),
    /// It is larger than `MAX_INPUT_BYTES`.
    TooLarge(u64),
    /// A `.json` file that is not UTF-8.
    NotUtf8,
    /// Not a zip archive or an `.xlsx` workbook.
    NotWorkbook(String),
    /// More parts than `MAX_ZIP_ENTRIES`.
    TooManyParts(usize),
    /// Parts that unzip past `MAX_UNZIPPED_BYTES`.
    ZipBomb,
    /// A worksheet that cannot be read.
    Sheet {
        /// The sheet's name.
        sheet: String,
        /// Why, from the workbook reader.
        reason: String,
    },
    /// A worksheet with more than `MAX_CELLS` cells.
    SheetTooLarge {
        /// The sheet's name.
        sheet: String,
        /// Its rows.
        height: usize,
        /// Its columns.
        width: usize,
    },
    /// A `.json` file that does not parse.
    Json(String),
    /// An object of links with a value that is not a string.
    NotALink {
        /// The key.
        key: String,
        /// The value, as JSON.
        value: String,
    },
    /// An array of records with an item that is not an object.
    NotAnObject(usize),
    /// JSON that is none of the shapes an export has.
    NotAnExport(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Io(reason) => f.write_str(reason),
            ImportError::TooLarge(size) => write!(
                f,
                "file is {size} bytes, more than fibf imports ({MAX_INPUT_BYTES} bytes)"
            ),
            ImportError::NotUtf8 => f.write_str("not UTF-8 text"),
            ImportError::NotWorkbook(e) => write!(f, "not a readable .xlsx workbook: {e}"),
            ImportError::TooManyParts(n) => write!(
                f,
                "the workbook has {n} parts, more than fibf reads ({MAX_ZIP_ENTRIES})"
            ),
            ImportError::ZipBomb => write!(
                f,
                "the workbook unzips to more than {MAX_UNZIPPED_BYTES} bytes (a zip bomb, or not a FIBF workbook)"
            ),
            ImportError::Sheet { sheet, reason } => {
                write!(f, "sheet `{sheet}` cannot be read: {reason}")
            }
            ImportError::SheetTooLarge {
                sheet,
                height,
                width,
            } => write!(
                f,
                "sheet `{sheet}` has {height} rows and {width} columns, more than fibf reads ({MAX_CELLS} cells)"
            ),
            ImportError::Json(e) => write!(f, "not valid JSON: {e}"),
            ImportError::NotALink { key, value } => {
                write!(f, "key `{key}` holds {value}, not a link")
            }
            ImportError::NotAnObject(i) => write!(f, "element {i} is not an object"),
            ImportError::NotAnExport(found) => {
                write!(f, "expected an array, an object or a string, found {found}")
            }
        }
    }
}

impl ImportError {
    /// The error as the diagnostic of the input file `name`.
    pub fn diagnostic(&self, name: &str) -> Diagnostic {
        Diagnostic::new(Code::E0508, format!("cannot be imported: {self}"))
            .with_path(name)
            .with_help("only the published FIBF workbooks (.xlsx) and Business Standards API exports (.json) are read")
    }
}

/// A header as compared: lower case, whitespace runs (line breaks included)
/// collapsed to one space.
pub fn norm_header(h: &str) -> String {
    h.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Cell text with line breaks and runs of spaces collapsed.
pub fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text from a cell that may hold HTML lists (`<ul><li>..</li></ul>`):
/// each list item on a line of its own starting `- `.
pub fn html_text(s: &str) -> String {
    if !s.contains('<') {
        return clean(s);
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_lowercase();
        match tag.split_whitespace().next().unwrap_or("") {
            "li" => out.push_str("\n- "),
            "br" | "br/" | "p" | "/p" | "/ul" | "/ol" => out.push('\n'),
            _ => out.push(' '),
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(clean)
        .filter(|l| !l.is_empty() && l != "-")
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_dates() {
        assert_eq!(excel_date(43950.0), "2020-04-29");
        assert_eq!(excel_date(43950.5), "2020-04-29 12:00");
    }

    #[test]
    fn html_lists_become_lines() {
        let s =
            "The outcomes include:<ul><li>Leave &amp; earnings</li><li>Error   reporting</li></ul>";
        assert_eq!(
            html_text(s),
            "The outcomes include:\n- Leave & earnings\n- Error reporting"
        );
        assert_eq!(html_text("a\n  b "), "a b");
    }

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(
            norm_header("(I)input\n(P)process\n(O)output"),
            "(i)input (p)process (o)output"
        );
        assert_eq!(norm_header("Activity  Name "), "activity name");
    }

    #[test]
    fn json_records_and_links() {
        let JsonDoc::Records(t) =
            read_json("x.json", r#"[{"a": "1", "b": 2}, {"b": null, "c": "x"}]"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(t.rows[0].cells, ["a", "b", "c"]);
        assert_eq!(t.rows[1].cells, ["1", "2", ""]);
        assert_eq!(t.rows[2].cells, ["", "", "x"]);
        assert!(
            matches!(read_json("l.json", r#"{"Doc": "https://x"}"#).unwrap(), JsonDoc::Links(l) if l.len() == 1)
        );
        assert!(matches!(
            read_json("n.json", r#""Under development""#).unwrap(),
            JsonDoc::Note(_)
        ));
    }
}
