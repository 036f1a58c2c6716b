//! `fibf docs [PATH] --out DIR`: the standard as a static HTML site or as
//! Markdown, written as a unit; `--check` compares instead.

use std::path::PathBuf;

use clap::ValueEnum;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::docs;
use crate::model_json;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A static site that works offline from the file system, with search.
    Html,
    /// Markdown files with relative links, for Git hosts.
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The standards: a .fibf file or a directory of them (default: as for `fibf check`).
    pub path: Option<PathBuf>,

    /// Directory to write; it is replaced as a whole.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// What to write.
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,

    /// Write nothing; list the files in DIR that differ from what would be written and exit 1 if any.
    #[arg(long)]
    pub check: bool,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

/// The most text (bytes) of standards for which the allocator's heaps are
/// not collected between the model and the site. The collection bounds
/// the peak at scale (see [`super::release_freed_memory`]); for a small
/// standard it only costs time: walking every heap, then faulting in again
/// the pages it gave back.
const COLLECT_TEXT: usize = 32 << 20;

pub fn run(args: Args, global: Global) -> i32 {
    let standards = StandardsArgs {
        format: DiagFormat::Text,
        max_file_size: args.max_file_size,
        verbose: false,
    };
    let mut loaded = match standards.load(args.path.as_deref(), global, EXIT_FINDINGS) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // Everything from here on reads the exported document only. The
    // sources' text goes first, then the model goes into the export one
    // entity at a time: at scale each is a large part of the memory, and
    // the model and its export were the peak when both were held whole.
    let text = loaded.sources.text_len();
    let locations = loaded.locations();
    loaded.release_sources();
    let doc = std::sync::Arc::new(model_json::into_export(loaded.model, Some(&locations)));
    drop(locations);
    if text > COLLECT_TEXT {
        super::release_freed_memory();
    }
    let format = match args.format {
        Format::Html => docs::Format::Html,
        Format::Markdown => docs::Format::Markdown,
    };
    if args.check {
        let set = match docs::build(&doc, format) {
            Ok(set) => set,
            Err(e) => {
                eprintln!("error: the documentation could not be generated: {e}");
                return EXIT_USAGE;
            }
        };
        let how = format!(
            "fibf docs --format {} --out {}",
            if format == docs::Format::Html {
                "html"
            } else {
                "markdown"
            },
            args.out.display()
        );
        return output::check_dir(&set, &args.out, &how);
    }
    let files = match docs::write(&doc, format, &args.out) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let start = if format == docs::Format::Html {
        "index.html"
    } else {
        "index.md"
    };
    output::stdout(&format!(
        "wrote {} to {}; start at {}\n",
        output::plural(files, "file", "files"),
        args.out.display(),
        args.out.join(start).display()
    ));
    EXIT_OK
}
