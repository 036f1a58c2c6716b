//! `fibf check [PATH]`: load a workspace, report every problem.

use std::path::PathBuf;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::Tally;
use crate::workspace::{self, Input, Options};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A .fibf file, a directory of them, or `-` for standard input.
    /// Default: ./standards if it exists, else the nearest directory upwards with a fibf.toml, else the current directory.
    pub path: Option<PathBuf>,

    /// Report format.
    #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
    pub format: DiagFormat,

    /// Exit with 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Print at most this many diagnostics (0 for all); the count of the rest is shown.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_diagnostics: usize,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

pub fn run(args: Args, global: Global) -> i32 {
    let input = match &args.path {
        Some(p) if p.as_os_str() == "-" => Input::Stdin,
        Some(p) => Input::Path(p.clone()),
        None => Input::Path(workspace::default_path()),
    };
    let analysis = workspace::analyze(
        &input,
        Options {
            max_file_size: args.max_file_size,
        },
    );
    let tally = Tally::of(&analysis.diagnostics);
    let code = if analysis.input_failed() {
        EXIT_USAGE
    } else if tally.errors > 0 || (args.deny_warnings && tally.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    let report = output::report_with_exit(
        &analysis.diagnostics,
        &analysis.sources,
        args.format,
        global,
        args.max_diagnostics,
        analysis.files,
        code,
    );
    output::stdout(&report);
    super::leave(analysis);
    code
}
