//! `fibf import FILE|DIR... --out DIR`: published workbooks and API exports
//! to `.fibf` files.

use std::path::PathBuf;

use clap::ValueEnum;

use super::output::{self, DiagFormat};
use super::{EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{self, Tally, render};
use crate::import::Release;
use crate::import::{self, Options};
use crate::source::SourceMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Prefer {
    /// The Excel workbooks working groups publish.
    Workbook,
    /// The Business Standards API JSON exports.
    Api,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Releases {
    /// One release per area (see --prefer); the other compared with it.
    Merged,
    /// Each release in its own directory: OUT/workbook/ and OUT/api/.
    Separate,
}

/// Format of the import's report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// For people: each sheet's accounting, then the findings.
    Text,
    /// The sheets and the findings as one JSON document.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Published files (.xlsx workbooks, .json API exports) or directories of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,

    /// Directory to write the standard to (replaced as a whole).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Which release to import for an area published both as a workbook and as API JSON.
    #[arg(long, value_enum, default_value_t = Prefer::Workbook)]
    pub prefer: Prefer,

    /// Import one release per area, or each release on its own.
    #[arg(long, value_enum, default_value_t = Releases::Merged)]
    pub releases: Releases,

    /// Report format: the sheet table and the defects found.
    #[arg(long, value_enum, default_value_t = ImportFormat::Text)]
    pub format: ImportFormat,

    /// Print at most this many defects (0 for all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_diagnostics: usize,
}

pub fn run(args: Args, global: Global) -> i32 {
    let options = Options {
        prefer: match args.prefer {
            Prefer::Workbook => Release::Workbook,
            Prefer::Api => Release::Api,
        },
        separate: args.releases == Releases::Separate,
    };
    let outcome = import::import(&args.inputs, options);
    let sources = SourceMap::new();
    if !outcome.failures.is_empty() {
        let mut failures = outcome.failures;
        diag::sort(&mut failures);
        let format = match args.format {
            ImportFormat::Text => DiagFormat::Text,
            ImportFormat::Json => DiagFormat::Json,
        };
        output::stdout(&output::report(&failures, &sources, format, global, 0, 0));
        eprintln!("error: some inputs could not be imported; nothing was written");
        return EXIT_USAGE;
    }
    if let Err(e) = outcome.output.commit(&args.out) {
        eprintln!("error: cannot write the output: {e}");
        return EXIT_USAGE;
    }
    match args.format {
        ImportFormat::Json => {
            let value = serde_json::json!({
                "sheets": outcome.sheets,
                "diagnostics": render::json_values(&outcome.diagnostics, &sources),
            });
            let mut s = serde_json::to_string_pretty(&value).expect("reports serialize");
            s.push('\n');
            output::stdout(&s);
        }
        ImportFormat::Text => {
            let mut text = import::report_text(&outcome.sheets);
            text.push('\n');
            let shown = if args.max_diagnostics == 0 {
                outcome.diagnostics.len()
            } else {
                args.max_diagnostics.min(outcome.diagnostics.len())
            };
            for d in &outcome.diagnostics[..shown] {
                text.push_str(&render::plain_line(d, &sources));
            }
            if shown < outcome.diagnostics.len() {
                text.push_str(&format!(
                    "... and {} not shown\n",
                    render::plural(
                        outcome.diagnostics.len() - shown,
                        "more finding",
                        "more findings"
                    )
                ));
            }
            let tally = Tally::of(&outcome.diagnostics);
            text.push_str(&format!(
                "imported {} into {} ({} files); {} in the sources\n",
                render::plural(outcome.sheets.len(), "sheet", "sheets"),
                args.out.display(),
                outcome.output.len(),
                render::plural(
                    tally.warnings + tally.notes,
                    "defect or disagreement",
                    "defects and disagreements"
                )
            ));
            output::stdout(&text);
        }
    }
    EXIT_OK
}
