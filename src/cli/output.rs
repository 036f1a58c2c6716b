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
}

/// Write to stdout; a closed pipe (`fibf ... | head`) is not an error.
pub fn stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
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
    let shown = if max == 0 {
        diags.len()
    } else {
        max.min(diags.len())
    };
    match format {
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
            out.push_str(&render::summary(Tally::of(diags), files));
            out
        }
    }
}
