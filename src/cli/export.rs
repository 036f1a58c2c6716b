//! `fibf export [PATH] --format xlsx|csv --out DIR`: a standard back to FIBF
//! workbooks, or to CSV files, for review in a spreadsheet.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs, output};
use crate::export;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One workbook per service area, plus common.xlsx.
    Xlsx,
    /// One CSV file per sheet, in a directory per workbook.
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The standards: a .fibf file or a directory of them (default: as for `fibf check`).
    pub path: Option<PathBuf>,

    /// What to write.
    #[arg(long, value_enum, default_value_t = Format::Xlsx)]
    pub format: Format,

    /// Directory to write to (replaced as a whole).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

pub fn run(args: Args, global: Global) -> i32 {
    let standards = StandardsArgs {
        format: super::output::DiagFormat::Text,
        max_file_size: args.max_file_size,
        verbose: false,
    };
    let loaded = match standards.load(args.path.as_deref(), global, EXIT_FINDINGS) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let model = &loaded.model;
    let set = match args.format {
        Format::Xlsx => export::xlsx(model, &loaded.sources),
        Format::Csv => export::csv(model, &loaded.sources),
    };
    let set = match set {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot write the workbooks: {e}");
            return EXIT_USAGE;
        }
    };
    if let Err(e) = set.commit(&args.out) {
        eprintln!("error: cannot write the output: {e}");
        return EXIT_USAGE;
    }
    output::stdout(&format!(
        "exported {} to {}: {}\n",
        output::plural(model.total(), "entity", "entities"),
        args.out.display(),
        output::plural(set.len(), "file", "files")
    ));
    EXIT_OK
}
