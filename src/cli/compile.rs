//! `fibf compile [PATH] --out DIR`: the model, its schema and the JSON
//! Schemas of the standard, written atomically; `--check` compares instead.

use std::path::PathBuf;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::compile;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The standards: a .fibf file or a directory of them (default: as for `fibf check`).
    #[arg(conflicts_with = "builtin")]
    pub path: Option<PathBuf>,

    /// Compile the standards built into this binary (no clone of the repository needed).
    #[arg(long)]
    pub builtin: bool,

    #[command(flatten)]
    pub standards: StandardsArgs,

    /// Directory to write: model.json, model.schema.json, schemas/records/*.schema.json,
    /// schemas/offering.schema.json. It is replaced as a whole.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Write nothing; list the files in DIR that differ from what would be written and exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: Args, global: Global) -> i32 {
    let origin = if args.builtin {
        crate::builtin::Origin::BuiltIn
    } else {
        crate::builtin::Origin::Given(
            args.path
                .clone()
                .unwrap_or_else(crate::workspace::default_path),
        )
    };
    let mut loaded = match args.standards.load_from(origin, global, EXIT_FINDINGS) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // The files are made after the sources' text has gone (the schemas
    // were made beside the checks before, which put them on top of the
    // loading's peak of memory).
    let locations = loaded.locations();
    loaded.release_sources();
    let model = &loaded.model;
    if args.check {
        let set = match compile::outputs_at(model, &locations) {
            Ok(set) => set,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_FINDINGS;
            }
        };
        return output::check_dir(
            &set,
            &args.out,
            &format!("fibf compile --out {}", args.out.display()),
        );
    }
    let files = match compile::write(model, &locations, &args.out) {
        Ok(written) => written,
        Err(e @ compile::CompileError::Limit(_)) => {
            eprintln!("error: {e}");
            return EXIT_FINDINGS;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    if args.standards.format == DiagFormat::Text {
        output::stdout(&format!(
            "compiled {} ({} records) of {} to {}: {} files\n",
            output::plural(model.total(), "entity", "entities"),
            model.records.len(),
            loaded.standards().describe(),
            args.out.display(),
            files
        ));
    }
    super::leave(loaded);
    EXIT_OK
}
