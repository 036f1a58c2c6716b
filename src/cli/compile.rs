//! `fibf compile [PATH] --out DIR`: the model, its schema and the JSON
//! Schemas of the standard, written atomically; `--check` compares instead.

use std::path::PathBuf;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::compile;
use crate::model_json::Locations;

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

/// The most text (bytes) of standards whose files are written while they
/// are still being checked; see [`run`].
const OVERLAP_TEXT: usize = 32 << 20;

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
    // Standards of up to `OVERLAP_TEXT` bytes of text are written to a
    // staging directory while the last checks run (the examples against
    // their types, the findings made into diagnostics), and the files put
    // in place only if those find no error. Larger ones, and a model
    // whose errors a `@defect` downgrades (the checks then run alone), are
    // written after loading, once the sources' text has gone: held during
    // the export, it put the peak of memory at 100 times the bundled
    // standards 23% higher (docs/performance.md).
    let (out, check) = (&args.out, args.check);
    let (mut loaded, staged) =
        match args
            .standards
            .load_with(origin, global, EXIT_FINDINGS, |model, sources| {
                (!check && sources.map.text_len() <= OVERLAP_TEXT)
                    .then(|| compile::stage(model, &Locations::new(model, sources), out))
            }) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        };
    if check {
        let locations = loaded.locations();
        loaded.release_sources();
        let set = match compile::outputs_at(&loaded.model, &locations) {
            Ok(set) => set,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_FINDINGS;
            }
        };
        return output::check_dir(&set, out, &format!("fibf compile --out {}", out.display()));
    }
    let staged = staged.flatten().unwrap_or_else(|| {
        let locations = loaded.locations();
        loaded.release_sources();
        compile::stage(&loaded.model, &locations, out)
    });
    let model = &loaded.model;
    let files = match staged.and_then(|s| s.finish().map_err(compile::CompileError::Output)) {
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
