//! `fibf diff OLD NEW`: changes between two releases, with their impact.

use std::path::PathBuf;

use clap::ValueEnum;

use super::output::DiagFormat;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs, output};
use crate::diff::{self, Impact};
use crate::model_json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// The stable JSON report (docs/diff.md).
    Json,
    /// For a pull-request comment.
    Markdown,
    /// A release review page: one self-contained HTML file, changes by area with their impact, word diffs of texts.
    Html,
    /// GitHub Actions workflow commands: each change annotated on the new release's file.
    Github,
    /// GitLab's Code Quality report.
    Gitlab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Exit 1 when any change is breaking.
    Breaking,
    /// Exit 1 when there is any change at all.
    Any,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The old release: a .fibf file or a directory of them.
    pub old: PathBuf,
    /// The new release.
    pub new: PathBuf,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Make the diff a CI gate: exit 1 when such a change is present.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Also report changes of provenance (the file, sheet and row an entity was published at): rows that only moved in a workbook are not changes of the standard.
    #[arg(long)]
    pub provenance: bool,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// Write the report to FILE instead of standard output (replaced as a unit; its folder is made).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn run(args: Args, global: Global) -> i32 {
    let standards = StandardsArgs {
        format: DiagFormat::Text,
        max_file_size: args.max_file_size,
        // A reviewer of a release is told which side has warnings.
        verbose: true,
    };
    let mut docs = Vec::new();
    let mut roots = Vec::new();
    for path in [&args.old, &args.new] {
        match standards.load(Some(path), global, EXIT_USAGE) {
            // With locations, for the annotations of the CI formats; the
            // comparison leaves them out.
            Ok(loaded) => {
                docs.push(model_json::export(&loaded.model, Some(&loaded.locations())));
                roots.push(loaded.root.clone().unwrap_or_else(|| {
                    path.parent()
                        .map(std::path::Path::to_path_buf)
                        .unwrap_or_default()
                }));
            }
            Err(code) => return code,
        }
    }
    let options = diff::Options {
        provenance: args.provenance,
    };
    let report = diff::compare_with(&docs[0], &docs[1], options);
    let findings = || diff::findings(&report, [(&docs[0], &roots[0]), (&docs[1], &roots[1])]);
    let text = match args.format {
        Format::Text => diff::render::text(&report),
        Format::Json => diff::render::json(&report),
        Format::Markdown => diff::render::markdown(&report),
        Format::Html => diff::render::html(&report),
        Format::Github => crate::ci::github(&findings(), &crate::ci::repository_root()),
        Format::Gitlab => crate::ci::gitlab(&findings(), &crate::ci::repository_root()),
    };
    match &args.out {
        Some(path) => {
            let write = |w: &mut (dyn std::io::Write + Send)| w.write_all(text.as_bytes());
            if let Err(e) = crate::output::write_file_with(path, write) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_USAGE;
            }
        }
        None => output::stdout(&text),
    }
    let gate = match args.fail_on {
        Some(FailOn::Breaking) => report.changes.iter().any(|c| c.impact == Impact::Breaking),
        Some(FailOn::Any) => !report.changes.is_empty(),
        None => false,
    };
    if gate { EXIT_FINDINGS } else { EXIT_OK }
}
