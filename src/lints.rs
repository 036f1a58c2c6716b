//! Lint levels: what `[lints]` in `fibf.toml` makes of warnings and notes.
//!
//! ```toml
//! [lints]
//! W0310 = "deny"            # everywhere in the workspace
//!
//! [lints."published/**"]    # files matching a glob, relative to the workspace
//! W0316 = "allow"
//! ```
//!
//! A level is `allow` (the finding is set aside: not reported, not counted,
//! listed by `fibf check --show-allowed`), `warn` (reported as a warning)
//! or `deny` (reported as an error, so it fails the run). Only warnings and
//! notes have levels: an error is never allowed. For a file, the most
//! specific table that names the code decides: of the path tables whose
//! glob matches, the one with the longest pattern, else the top-level
//! table. `*` stays within a directory, `**` crosses them.
//!
//! Levels apply after `@defect` and `@allow` in the source, to the findings
//! of the whole workspace, in the library: `fibf check` and the language
//! server report the same.

use std::path::Path;

use globset::{GlobBuilder, GlobMatcher};
use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic, Severity};
use crate::source::{FileId, SourceError, SourceMap, Span};

/// What a configured code becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Set aside: neither reported nor counted.
    Allow,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Deny,
}

impl Level {
    fn parse(s: &str) -> Option<Level> {
        match s {
            "allow" => Some(Level::Allow),
            "warn" => Some(Level::Warn),
            "deny" => Some(Level::Deny),
            _ => None,
        }
    }

    /// The level as `fibf.toml` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

/// The levels of one table: for the whole workspace, or for a glob.
#[derive(Clone, Debug, Default)]
struct Table {
    levels: Vec<(Code, Level)>,
}

impl Table {
    fn get(&self, code: Code) -> Option<Level> {
        self.levels
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| *l)
    }
}

#[derive(Clone, Debug)]
struct PathTable {
    pattern: String,
    matcher: GlobMatcher,
    table: Table,
}

/// The `[lints]` of a workspace.
#[derive(Clone, Debug, Default)]
pub struct Lints {
    everywhere: Table,
    /// Longest pattern first, so the first match is the most specific.
    paths: Vec<PathTable>,
}

/// Where a level comes from, for the help of what it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The level.
    pub level: Level,
    /// The path table's glob, or `None` for the top-level table.
    pub pattern: Option<String>,
}

impl Setting {
    /// How `fibf.toml` says it: `W0316 = "allow" in [lints."published/**"]`.
    pub fn describe(&self, code: Code) -> String {
        let table = match &self.pattern {
            Some(p) => format!("[lints.\"{p}\"]"),
            None => "[lints]".to_owned(),
        };
        format!("{code} = \"{}\" in {table}", self.level.as_str())
    }
}

/// Findings after their levels: those reported, and those allowed.
#[derive(Debug, Default)]
pub struct Applied {
    /// Reported, with the severity their level gave them.
    pub reported: Vec<Diagnostic>,
    /// Set aside by an `allow`.
    pub allowed: Vec<Diagnostic>,
}

impl Lints {
    /// Whether no level is configured.
    pub fn is_empty(&self) -> bool {
        self.everywhere.levels.is_empty() && self.paths.is_empty()
    }

    /// Read the `[lints]` table of a `fibf.toml` (file `file` of the
    /// workspace's sources), with a diagnostic (E0107) for each key or value
    /// that is not a level of a configurable code.
    pub fn parse(text: &str, file: FileId) -> (Lints, Vec<Diagnostic>) {
        let mut lints = Lints::default();
        let mut problems = Vec::new();
        // Syntax errors are reported by the reader of the whole file.
        let Ok(doc) = DeTable::parse(text) else {
            return (lints, problems);
        };
        let Some(section) = doc.get_ref().get("lints") else {
            return (lints, problems);
        };
        let span = |r: std::ops::Range<usize>| Span::new(file, r.start, r.end);
        let DeValue::Table(section) = section.get_ref() else {
            let mut d = config(span(section.span()), "`lints` must be a table");
            d.help = Some("write `[lints]` on a line of its own, then a line `CODE = \"allow\"` for each code".to_owned());
            problems.push(d);
            return (lints, problems);
        };
        for (key, value) in section {
            match value.get_ref() {
                DeValue::Table(inner) => {
                    let pattern = key.get_ref().to_string();
                    match GlobBuilder::new(&pattern).literal_separator(true).build() {
                        Ok(glob) => {
                            let table = read_table(inner, file, &mut problems);
                            lints.paths.push(PathTable {
                                pattern,
                                matcher: glob.compile_matcher(),
                                table,
                            });
                        }
                        Err(e) => {
                            let mut d = config(
                                span(key.span()),
                                &format!("`{pattern}` is not a path glob: {}", e.kind()),
                            );
                            d.help = Some(
                                "a table in `[lints]` is named by a glob of paths relative to the workspace, such as `[lints.\"published/**\"]`".to_owned(),
                            );
                            problems.push(d);
                        }
                    }
                }
                _ => {
                    if let Some(level) = read_level(key, value, file, &mut problems) {
                        lints.everywhere.levels.push(level);
                    }
                }
            }
        }
        lints.paths.sort_by(|a, b| {
            b.pattern
                .len()
                .cmp(&a.pattern.len())
                .then_with(|| a.pattern.cmp(&b.pattern))
        });
        (lints, problems)
    }

    /// The level of `code` in `file` (a path relative to the workspace, with
    /// `/` separators; `None` for a finding about no file).
    pub fn level(&self, code: Code, file: Option<&str>) -> Option<Setting> {
        if let Some(file) = file {
            for p in &self.paths {
                if let Some(level) = p.table.get(code)
                    && p.matcher.is_match(file)
                {
                    return Some(Setting {
                        level,
                        pattern: Some(p.pattern.clone()),
                    });
                }
            }
        }
        self.everywhere.get(code).map(|level| Setting {
            level,
            pattern: None,
        })
    }

    /// Give each finding its level. `root` is the workspace directory the
    /// globs are relative to.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>, sources: &SourceMap, root: &Path) -> Applied {
        let mut applied = Applied::default();
        if self.is_empty() {
            applied.reported = diagnostics;
            return applied;
        }
        for mut d in diagnostics {
            if d.severity == Severity::Error {
                applied.reported.push(d);
                continue;
            }
            let file = d
                .primary_span()
                .and_then(|s| sources.get(s.file).path.as_deref())
                .and_then(|p| p.strip_prefix(root).ok())
                .map(|p| p.to_string_lossy().replace('\\', "/"));
            match self.level(d.code, file.as_deref()) {
                None => applied.reported.push(d),
                Some(s) => {
                    let why = s.describe(d.code);
                    match s.level {
                        Level::Allow => {
                            d.help = Some(match d.help.take() {
                                Some(h) => format!("{h}\nallowed by {why} (fibf.toml)"),
                                None => format!("allowed by {why} (fibf.toml)"),
                            });
                            applied.allowed.push(d);
                        }
                        Level::Warn => {
                            d.severity = Severity::Warning;
                            applied.reported.push(d);
                        }
                        Level::Deny => {
                            d.severity = Severity::Error;
                            d.help = Some(match d.help.take() {
                                Some(h) => {
                                    format!("{h}\nan error here because of {why} (fibf.toml)")
                                }
                                None => format!("an error here because of {why} (fibf.toml)"),
                            });
                            applied.reported.push(d);
                        }
                    }
                }
            }
        }
        applied
    }
}

fn config(span: Span, message: &str) -> Diagnostic {
    SourceError::Config {
        span,
        message: message.to_owned(),
    }
    .into()
}

fn read_table(table: &DeTable<'_>, file: FileId, problems: &mut Vec<Diagnostic>) -> Table {
    let mut out = Table::default();
    for (key, value) in table {
        if let Some(level) = read_level(key, value, file, problems) {
            out.levels.push(level);
        }
    }
    out
}

/// One `CODE = "level"` line.
fn read_level(
    key: &toml::Spanned<toml::de::DeString<'_>>,
    value: &toml::Spanned<DeValue<'_>>,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Option<(Code, Level)> {
    let key_span = Span::new(file, key.span().start, key.span().end);
    let value_span = Span::new(file, value.span().start, value.span().end);
    let name = key.get_ref().as_ref();
    let Ok(code) = name.parse::<Code>() else {
        let known: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.severity() != Severity::Error)
            .map(|c| c.as_str())
            .collect();
        let mut d = config(key_span, &format!("`{name}` is not a diagnostic code"));
        d.help = Some(match crate::suggest::best(name, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? (`fibf explain` lists every code)"),
            None => "a key of `[lints]` is a code such as `W0316`, or a quoted path glob for a table; `fibf explain` lists every code".to_owned(),
        });
        problems.push(d);
        return None;
    };
    if code.severity() == Severity::Error {
        let mut d = config(
            key_span,
            &format!("`{code}` is an error, which cannot be allowed or changed"),
        );
        d.help =
            Some("only warnings (W…) and notes (N…) have levels; fix the error instead".to_owned());
        problems.push(d);
        return None;
    }
    let level = match value.get_ref() {
        DeValue::String(s) => Level::parse(s),
        _ => None,
    };
    let Some(level) = level else {
        let mut d = config(
            value_span,
            &format!("the level of `{code}` must be \"allow\", \"warn\" or \"deny\""),
        );
        d.help = Some(format!("write `{code} = \"allow\"`"));
        problems.push(d);
        return None;
    };
    Some((code, level))
}
