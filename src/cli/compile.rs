//! `fibf compile [PATH] --out DIR`: the model, its schema and the JSON
//! Schemas of the standard, written atomically; `--check` compares instead.

use std::path::PathBuf;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::compile;
use crate::export::Sources;
use crate::output::MARKER;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The standards: a .fibf file or a directory of them (default: as for `fibf check`).
    pub path: Option<PathBuf>,

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
    let analysis = match args
        .standards
        .load(args.path.as_deref(), global, EXIT_FINDINGS)
    {
        Ok(a) => a,
        Err(code) => return code,
    };
    let model = analysis
        .model
        .as_ref()
        .expect("a clean analysis has a model");
    let sources = Sources {
        map: &analysis.sources,
        root: analysis.root.as_deref(),
    };
    let set = compile::outputs(model, sources);
    if args.check {
        return check(&set, &args.out);
    }
    if let Err(e) = set.commit(&args.out) {
        eprintln!("error: cannot write the output: {e}");
        return EXIT_USAGE;
    }
    if args.standards.format == DiagFormat::Text {
        output::stdout(&format!(
            "compiled {} ({} records) to {}: {} files\n",
            output::plural(model.total(), "entity", "entities"),
            model.records.len(),
            args.out.display(),
            set.len()
        ));
    }
    EXIT_OK
}

/// Compare what would be written with what is in `dir`.
fn check(set: &crate::output::OutputSet, dir: &std::path::Path) -> i32 {
    let mut differences = Vec::new();
    for (path, bytes) in set.iter() {
        match std::fs::read(dir.join(path)) {
            Ok(existing) if existing == bytes => {}
            Ok(_) => differences.push(format!("changed: {}", path.display())),
            Err(_) => differences.push(format!("missing: {}", path.display())),
        }
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if rel.as_os_str() != MARKER && set.get(rel).is_none() {
            differences.push(format!("stale: {}", rel.display()));
        }
    }
    if differences.is_empty() {
        output::stdout(&format!("ok: {} is up to date\n", dir.display()));
        EXIT_OK
    } else {
        differences.sort();
        let mut out = differences.join("\n");
        out.push_str(&format!(
            "\nfailed: {} in {} out of date; run `fibf compile --out {}`\n",
            output::plural(differences.len(), "file", "files"),
            dir.display(),
            dir.display()
        ));
        output::stdout(&out);
        EXIT_FINDINGS
    }
}
