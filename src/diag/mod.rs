//! Diagnostics: the one shape every phase's errors are reported in.
//!
//! Each phase has its own error type that carries the spans relevant to the
//! problem (`SourceError`, `SyntaxError`, `ModelError`, `CheckError`); each
//! converts into a [`Diagnostic`] here, which the renderers in [`render`] turn
//! into miette's graphical report or the machine-readable JSON array.

pub mod codes;
pub mod render;

pub use codes::Code;

use crate::source::Span;

/// Where each code's explanation is published (a code and `.md` are
/// appended): the project's `docs/diagnostics/`.
pub const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/diagnostics/");

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Something is wrong: the standard or input does not pass.
    Error,
    /// Something is likely wrong.
    Warning,
    /// Worth knowing; never fails a run.
    Note,
}

impl Severity {
    /// The severity as reports write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A place in a source file with what the diagnostic says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// A finding: a code, a message, the places it concerns and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Its severity (the code's, unless a `@defect` lowered it).
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// The first label is the primary location; the others are secondary
    /// (for a duplicate, the first definition).
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// For problems about a path rather than a place in a file (a directory
    /// that cannot be read, say).
    pub path: Option<String>,
    /// For findings about data: the JSON pointer of the value concerned.
    pub pointer: Option<String>,
    /// A replacement that fixes the problem, when there is one certain
    /// enough to offer (a "did you mean"): editors apply it as a quick fix.
    pub fix: Option<Fix>,
}

/// Text that replaces a span to fix a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What is replaced.
    pub span: Span,
    /// What replaces it.
    pub replacement: String,
}

/// The longest run quoted in a message (an ID, a value) shown whole.
const QUOTE_LIMIT: usize = 80;

/// Shorten quoted runs longer than [`QUOTE_LIMIT`] characters, keeping their
/// start and end and saying how long they are: a megabyte-long ID in a
/// hostile file must not become a megabyte-long message.
fn elide(message: String) -> String {
    if message.len() <= QUOTE_LIMIT {
        return message;
    }
    let parts: Vec<&str> = message.split('`').collect();
    // Quoted runs are the odd parts that have a closing backtick.
    let quoted = |i: usize| i % 2 == 1 && i + 1 < parts.len();
    if !(0..parts.len()).any(|i| quoted(i) && parts[i].chars().count() > QUOTE_LIMIT) {
        return message;
    }
    let mut out = String::new();
    let mut note = None;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        if let Some(n) = note.take() {
            out.push_str(&format!(" ({n} characters)"));
        }
        let n = part.chars().count();
        if quoted(i) && n > QUOTE_LIMIT {
            out.extend(part.chars().take(40));
            out.push('…');
            out.extend(part.chars().skip(n - 20));
            note = Some(n);
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod elide_tests {
    use super::elide;

    #[test]
    fn long_quoted_runs_are_shortened() {
        let id = "A".repeat(1000);
        let m = elide(format!("`{id}` is not a valid service area ID"));
        assert_eq!(
            m,
            format!(
                "`{}…{}` (1000 characters) is not a valid service area ID",
                "A".repeat(40),
                "A".repeat(20)
            )
        );
        let short = "`GRM` is fine".to_owned();
        assert_eq!(elide(short.clone()), short);
        // An unclosed backtick is left alone.
        let open = format!("odd `{id}");
        assert_eq!(elide(open.clone()), open);
    }
}

impl Diagnostic {
    /// A diagnostic with a code and a message, of the code's severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: elide(message.into()),
            labels: Vec::new(),
            help: None,
            path: None,
            pointer: None,
            fix: None,
        }
    }

    /// Offer `replacement` for the text at `span` as the fix.
    pub fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            span,
            replacement: replacement.into(),
        });
        self
    }

    /// Add a label: the first is the primary place.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        let message = elide(message.into());
        // Most diagnostics have one label, and a batch (`conform`, the
        // warnings of a large standard) holds thousands of them: room for
        // one, not the four a vector grown from empty has.
        if self.labels.is_empty() {
            self.labels.reserve_exact(1);
        }
        self.labels.push(Label { span, message });
        self
    }

    /// Add the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Name the file it is about, for a diagnostic without a span.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Name the JSON pointer it is about.
    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// The span of the first label, if it has one.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// Whether its severity is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Order used for every report: errors, then warnings, then notes, so
    /// a limit on how many are shown never hides an error behind warnings;
    /// within a severity path-level problems first, then by file, position
    /// and code, so output does not depend on the order in which parallel
    /// work finished.
    pub fn report_order(&self, other: &Diagnostic) -> std::cmp::Ordering {
        let key = |d: &Diagnostic| {
            let span = d.primary_span();
            (
                d.severity,
                span.is_some(),
                span.map(|s| (s.file, s.start, s.end)),
                d.code,
            )
        };
        key(self)
            .cmp(&key(other))
            .then_with(|| self.path.cmp(&other.path))
            .then_with(|| self.message.cmp(&other.message))
    }
}

/// Counts of a set of diagnostics, by severity and by code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
    /// How many notes.
    pub notes: usize,
    /// How many of each code, by severity (a `deny` in `[lints]` makes a
    /// warning code an error, so the severity is part of the key).
    pub by_code: std::collections::BTreeMap<(Severity, Code), usize>,
}

impl Tally {
    /// Count `diags`.
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut tally = Tally::default();
        for d in diags {
            match d.severity {
                Severity::Error => tally.errors += 1,
                Severity::Warning => tally.warnings += 1,
                Severity::Note => tally.notes += 1,
            }
            *tally.by_code.entry((d.severity, d.code)).or_default() += 1;
        }
        tally
    }

    /// The codes of one severity, most frequent first: `84 W0316, 4 W0310`,
    /// or only the code when there is one.
    pub fn codes(&self, severity: Severity) -> String {
        let mut codes: Vec<(Code, usize)> = self
            .by_code
            .iter()
            .filter(|((s, _), _)| *s == severity)
            .map(|((_, c), n)| (*c, *n))
            .collect();
        codes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if let [(code, _)] = codes[..] {
            // One code: its count is the severity's.
            return code.to_string();
        }
        codes
            .iter()
            .map(|(c, n)| format!("{n} {c}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Sort diagnostics into report order and drop exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(Diagnostic::report_order);
    diags.dedup();
}
