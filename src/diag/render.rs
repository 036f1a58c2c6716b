//! Rendering diagnostics for people (miette's graphical report) and for
//! machines (a JSON array with 1-based lines and columns).

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan};
use serde::Serialize;

use super::{Diagnostic, Severity, Tally};
use crate::source::{SourceMap, Span};

/// How to draw the graphical report.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    /// Whether to colour the output.
    pub color: bool,
    /// The width to wrap at.
    pub width: usize,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            color: false,
            width: 100,
        }
    }
}

/// Render diagnostics as miette graphical reports, one after the other.
pub fn text(diags: &[Diagnostic], sources: &SourceMap, style: TextStyle) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for diag in diags {
        let diag = &on_char_boundaries(diag, sources);
        let report = if drawable(diag, sources) {
            Report::new(diag, sources)
        } else {
            Report::without_snippet(diag, sources)
        };
        if handler.render_report(&mut out, &report).is_err() {
            // Rendering into a String only fails if a Display impl fails,
            // which ours do not; fall back to the plain message regardless.
            out.push_str(&plain_line(diag, sources));
        }
        out.push('\n');
    }
    out
}

/// The diagnostic with every label widened to whole characters. Spans come
/// from many sources (parsers of three formats, positions in data); one
/// that starts or ends inside a multi-byte character must not bring the
/// renderer down.
fn on_char_boundaries(diag: &Diagnostic, sources: &SourceMap) -> Diagnostic {
    let mut d = diag.clone();
    for l in &mut d.labels {
        let text = &sources.get(l.span.file).text;
        let mut start = (l.span.start as usize).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (l.span.end as usize).clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        l.span = crate::source::Span::new(l.span.file, start, end);
    }
    d
}

/// Source lines longer than this are not drawn: a minified or generated file
/// would otherwise print megabytes per diagnostic (and miette cannot lay out
/// lines much longer than this).
const MAX_SNIPPET_LINE: usize = 400;

/// Whether every line a diagnostic's labels touch, and the context line on
/// either side, is short enough to draw.
fn drawable(diag: &Diagnostic, sources: &SourceMap) -> bool {
    diag.labels.iter().all(|l| {
        let text = &sources.get(l.span.file).text;
        let (start, end) = (l.span.start as usize, l.span.end as usize);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| i + end);
        let prev_start = text[..line_start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let next_end = text[(line_end + 1).min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| i + line_end + 1);
        [
            (prev_start, line_start),
            (line_start, line_end),
            (line_end, next_end),
        ]
        .iter()
        .all(|&(a, b)| b.saturating_sub(a) <= MAX_SNIPPET_LINE + 1)
    })
}

/// One line per diagnostic: `file:line:col: severity[CODE]: message`.
pub fn plain_line(diag: &Diagnostic, sources: &SourceMap) -> String {
    let place = match (diag.primary_span(), &diag.path) {
        (Some(span), _) => sources.describe(span),
        (None, Some(path)) => path.clone(),
        (None, None) => "fibf".to_owned(),
    };
    format!(
        "{place}: {}[{}]: {}\n",
        diag.severity.as_str(),
        diag.code,
        diag.message
    )
}

/// The closing summary line of a text report: the verdict, then how many
/// of each severity, by code.
pub fn summary(tally: &Tally, files: usize) -> String {
    let mut line = summary_counts(
        tally,
        &format!("{} checked", plural(files, "file", "files")),
    );
    line.push('\n');
    line
}

/// [`summary`] without its line end, for callers that add to it, saying
/// what was checked (`44 files checked`) in its own words.
pub fn summary_counts(tally: &Tally, checked: &str) -> String {
    let files = checked;
    if tally.errors + tally.warnings + tally.notes == 0 {
        return format!("ok: {files}, no problems found");
    }
    let count = |n: usize, severity: Severity, one: &str, many: &str| {
        let mut s = plural(n, one, many);
        if n > 0 {
            s.push_str(&format!(" ({})", tally.codes(severity)));
        }
        s
    };
    let mut line = format!(
        "{}: {files}, {} and {}",
        if tally.errors > 0 { "failed" } else { "ok" },
        count(tally.errors, Severity::Error, "error", "errors"),
        count(tally.warnings, Severity::Warning, "warning", "warnings"),
    );
    if tally.notes > 0 {
        line.push_str(&format!(
            ", {}",
            count(tally.notes, Severity::Note, "note", "notes")
        ));
    }
    line
}

/// `1 file`, `2 files`: the count and the right form of the noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A diagnostic seen through miette's `Diagnostic` trait. Labels in the
/// primary file are drawn together; labels in other files become related
/// reports with their own source, so a duplicate across two files shows both.
struct Report {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<Window>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

/// The part of a file a report draws: the lines of its labels with two
/// lines around them. miette finds line numbers by scanning from the start
/// of what it is given; given only this window (and told where it starts),
/// drawing a diagnostic costs the size of the window, not of the file.
struct Window {
    name: String,
    text: Arc<String>,
    /// Byte offset and 0-based line number where the window starts.
    start: usize,
    end: usize,
    first_line: usize,
}

impl Window {
    fn new(file: &crate::source::SourceFile, from: usize, to: usize) -> Window {
        let first = file.line_col(from).line as usize - 1;
        let last = file.line_col(to).line as usize - 1;
        let first_line = first.saturating_sub(2);
        let start = file.line_start(first_line);
        let end = file.line_start(last + 3).max(start);
        Window {
            name: file.name.clone(),
            text: file.text.clone(),
            start,
            end,
            first_line,
        }
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.start).into(), span.len());
        let window = &self.text[self.start..self.end];
        let contents = window.read_span(&local, before, after)?;
        let data = contents.data();
        let at = contents.span().offset() + self.start;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new(at.into(), contents.span().len()),
            contents.line() + self.first_line,
            contents.column(),
            contents.line_count() + self.first_line,
        )))
    }
}

impl Report {
    /// The report with its location in the message instead of a drawing of
    /// the source.
    fn without_snippet(diag: &Diagnostic, sources: &SourceMap) -> Report {
        let mut report = Report::new(diag, sources);
        if let Some(span) = diag.primary_span() {
            report.message = format!(
                "{} (at {}; the line is too long to show)",
                diag.message,
                sources.describe(span)
            );
        }
        report.source = None;
        report.labels.clear();
        report.related.clear();
        report
    }

    fn new(diag: &Diagnostic, sources: &SourceMap) -> Report {
        let severity = match diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        };
        let primary_file = diag.primary_span().map(|s| s.file);
        let mut labels = Vec::new();
        let mut related = Vec::new();
        for (i, label) in diag.labels.iter().enumerate() {
            if Some(label.span.file) == primary_file {
                let msg = (!label.message.is_empty()).then(|| label.message.clone());
                let span = source_span(label.span);
                labels.push(if i == 0 {
                    LabeledSpan::new_primary_with_span(msg, span)
                } else {
                    LabeledSpan::new_with_span(msg, span)
                });
            } else {
                related.push(Report {
                    message: label.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: Some(window(sources, &[label.span])),
                    labels: vec![LabeledSpan::new_primary_with_span(
                        None,
                        source_span(label.span),
                    )],
                    related: Vec::new(),
                });
            }
        }
        let mut message = diag.message.clone();
        if primary_file.is_none()
            && let Some(path) = &diag.path
        {
            message = format!("{path}: {message}");
        }
        Report {
            message,
            code: Some(format!("fibf::{}", diag.code)),
            severity,
            help: diag.help.clone(),
            source: diag.primary_span().map(|p| {
                let spans: Vec<Span> = diag
                    .labels
                    .iter()
                    .map(|l| l.span)
                    .filter(|s| s.file == p.file)
                    .collect();
                window(sources, &spans)
            }),
            labels,
            related,
        }
    }
}

/// The window of one file that holds all of `spans`.
fn window(sources: &SourceMap, spans: &[Span]) -> Window {
    let file = sources.get(spans[0].file);
    let from = spans.iter().map(|s| s.start as usize).min().unwrap_or(0);
    let to = spans.iter().map(|s| s.end as usize).max().unwrap_or(0);
    Window::new(file, from, to)
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

/// One diagnostic in the JSON report. Lines and columns are 1-based; columns
/// count Unicode scalar values; `end_*` is exclusive.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    /// The stable code.
    pub code: &'static str,
    /// `error`, `warning` or `note`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: &'a str,
    /// The file, if the diagnostic has a place.
    pub file: Option<&'a str>,
    /// 1-based line of its primary label.
    pub line: Option<u32>,
    /// 1-based column of its primary label.
    pub column: Option<u32>,
    /// 1-based line of the label's end.
    pub end_line: Option<u32>,
    /// 1-based column of the label's end.
    pub end_column: Option<u32>,
    /// What to do about it.
    pub help: Option<&'a str>,
    /// For findings about data: the JSON pointer of the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<&'a str>,
    /// Every label, the primary first.
    pub labels: Vec<JsonLabel<'a>>,
}

/// A place a JSON diagnostic points at.
#[derive(Serialize)]
pub struct JsonLabel<'a> {
    /// The file.
    pub file: &'a str,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// 1-based line of the end.
    pub end_line: u32,
    /// 1-based column of the end.
    pub end_column: u32,
    /// What is there.
    pub message: &'a str,
}

fn json_label<'a>(sources: &'a SourceMap, span: Span, message: &'a str) -> JsonLabel<'a> {
    let (start, end) = (sources.start(span), sources.end(span));
    JsonLabel {
        file: &sources.get(span.file).name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message,
    }
}

/// Convert diagnostics to their JSON form.
pub fn json_values<'a>(diags: &'a [Diagnostic], sources: &'a SourceMap) -> Vec<JsonDiagnostic<'a>> {
    diags
        .iter()
        .map(|d| {
            let labels: Vec<JsonLabel> = d
                .labels
                .iter()
                .map(|l| json_label(sources, l.span, &l.message))
                .collect();
            let primary = labels.first();
            JsonDiagnostic {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                message: &d.message,
                file: primary.map(|l| l.file).or(d.path.as_deref()),
                line: primary.map(|l| l.line),
                column: primary.map(|l| l.column),
                end_line: primary.map(|l| l.end_line),
                end_column: primary.map(|l| l.end_column),
                help: d.help.as_deref(),
                pointer: d.pointer.as_deref(),
                labels,
            }
        })
        .collect()
}

/// The JSON report: a pretty-printed array, newline-terminated.
pub fn json(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = serde_json::to_string_pretty(&json_values(diags, sources))
        .expect("diagnostics always serialize");
    out.push('\n');
    out
}
