//! Writing results: to stdout, or to a file atomically, and the report of a
//! set of diagnostics in the chosen format.

use std::io::Write;

use clap::ValueEnum;

use super::Global;
pub use crate::diag::render::plural;
use crate::diag::{Diagnostic, Tally, render};
use crate::source::SourceMap;

/// Format of a diagnostics report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// miette's graphical report, for people.
    Text,
    /// One JSON array, for machines.
    Json,
    /// GitHub Actions workflow commands: annotations on a pull request.
    Github,
    /// GitLab's Code Quality report (JSON).
    Gitlab,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
}

/// Write to stdout; a closed pipe (`fibf ... | head`) is not an error.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Render diagnostics, at most `max` of them (0 means all), with a line
/// saying how many were left out.
pub fn report(
    diags: &[Diagnostic],
    sources: &SourceMap,
    format: DiagFormat,
    global: Global,
    max: usize,
    files: usize,
) -> String {
    report_with_exit(diags, sources, format, global, max, files, 0)
}

/// [`report`], for a run that exits with `exit_code` (which a SARIF log
/// records). Machine formats other than JSON are never cut short.
pub fn report_with_exit(
    diags: &[Diagnostic],
    sources: &SourceMap,
    format: DiagFormat,
    global: Global,
    max: usize,
    files: usize,
    exit_code: i32,
) -> String {
    let summary = render::summary(&Tally::of(diags), files);
    report_summarised(
        diags,
        sources,
        format,
        global,
        max,
        exit_code,
        Some(&summary),
    )
}

/// [`report_with_exit`] with the closing line of a text report given:
/// `None` for none (`--quiet`).
pub fn report_summarised(
    diags: &[Diagnostic],
    sources: &SourceMap,
    format: DiagFormat,
    global: Global,
    max: usize,
    exit_code: i32,
    summary: Option<&str>,
) -> String {
    let shown = if max == 0 {
        diags.len()
    } else {
        max.min(diags.len())
    };
    let findings = || -> Vec<crate::ci::Finding> {
        diags
            .iter()
            .map(|d| crate::ci::Finding::from_diagnostic(d, sources))
            .collect()
    };
    let root = crate::ci::repository_root;
    match format {
        DiagFormat::Github => crate::ci::github(&findings(), &root()),
        DiagFormat::Gitlab => crate::ci::gitlab(&findings(), &root()),
        DiagFormat::Sarif => crate::ci::sarif(
            &findings(),
            &crate::ci::SarifRun {
                root: &root(),
                docs_base: global.docs_base,
                exit_code,
                properties: None,
            },
        ),
        DiagFormat::Json => render::json(&diags[..shown], sources),
        DiagFormat::Text => {
            let style = render::TextStyle {
                color: global.color,
                ..Default::default()
            };
            let mut out = render::text(&diags[..shown], sources, style);
            if shown < diags.len() {
                out.push_str(&format!(
                    "... and {} not shown (raise the limit with --max-diagnostics, 0 for all)\n",
                    render::plural(diags.len() - shown, "more diagnostic", "more diagnostics")
                ));
            }
            out.push_str(summary.unwrap_or_default());
            out
        }
    }
}

/// `--check` of a command that writes a directory: compare what would be
/// written with what is in `dir`, list every difference, exit 1 if any.
/// `command` is how to bring the directory up to date.
pub fn check_dir(set: &crate::output::OutputSet, dir: &std::path::Path, command: &str) -> i32 {
    use crate::io::{Contents, Io, NativeIo, WalkEntry};
    let io = NativeIo;
    let mut differences = Vec::new();
    for (path, bytes) in set.iter() {
        match io.read(&dir.join(path), bytes.len() as u64) {
            Ok(Contents::Bytes(existing)) if existing == bytes => {}
            Ok(_) => differences.push(format!("changed: {}", path.display())),
            Err(_) => differences.push(format!("missing: {}", path.display())),
        }
    }
    // Hidden files (the output marker among them) are not part of an
    // output: the walk skips them.
    for entry in io.walk(dir) {
        let WalkEntry::File(path) = entry else {
            continue;
        };
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        if set.get(rel).is_none() {
            differences.push(format!("stale: {}", rel.display()));
        }
    }
    if differences.is_empty() {
        stdout(&format!("ok: {} is up to date\n", dir.display()));
        super::EXIT_OK
    } else {
        differences.sort();
        let mut out = differences.join("\n");
        out.push_str(&format!(
            "\nfailed: {} in {} out of date; run `{command}`\n",
            plural(differences.len(), "file", "files"),
            dir.display(),
        ));
        stdout(&out);
        super::EXIT_FINDINGS
    }
}
