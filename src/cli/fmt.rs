//! `fibf fmt [PATH] [--check]`: rewrite `.fibf` files in the canonical layout.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{self, Diagnostic};
use crate::fmt::{FileOutcome, format_source};
use crate::io::{Io, NativeIo};
use crate::source::{self, FileId, SourceFile, SourceMap};
use crate::workspace::{self, Options};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A .fibf file, a directory of them, or `-` to format standard input to standard output.
    /// Default: as for `fibf check`.
    pub path: Option<PathBuf>,

    /// Change nothing: print a diff of each file that is not formatted and exit 1 if any.
    #[arg(long)]
    pub check: bool,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

pub fn run(args: Args, global: Global) -> i32 {
    let path = args.path.clone().unwrap_or_else(workspace::default_path);
    let opts = Options {
        max_file_size: args.max_file_size,
    };
    if path.as_os_str() == "-" {
        return stdin(opts, global);
    }
    let io = NativeIo;
    let outcomes = match crate::fmt::format_workspace(&io, &path, opts) {
        Ok(outcomes) => outcomes,
        Err(problems) => {
            print_diagnostics(problems, SourceMap::new(), global);
            return EXIT_USAGE;
        }
    };
    let total = outcomes.len();
    let mut sources = SourceMap::new();
    let mut failures = Vec::new();
    let mut changed = Vec::new();
    let mut report = String::new();
    for (path, outcome) in outcomes {
        match outcome {
            FileOutcome::Unchanged => {}
            FileOutcome::Changed { before, after } => {
                if args.check {
                    report.push_str(&unified_diff(&path, &before, &after));
                } else if let Err(e) = io.write(&path, after.as_bytes()) {
                    eprintln!("error: {}: cannot write: {e}", path.display());
                    return EXIT_USAGE;
                }
                changed.push(path);
            }
            FileOutcome::Failed(file, diagnostics) => {
                let id = sources.add(file);
                failures.extend(diagnostics.into_iter().map(|d| renumber(d, id)));
            }
        }
    }
    let failed = !failures.is_empty();
    if failed {
        print_diagnostics(failures, sources, global);
    }
    if args.check {
        for p in &changed {
            report.push_str(&format!("would reformat {}\n", source::display_name(p)));
        }
        report.push_str(&if changed.is_empty() {
            format!(
                "ok: {} formatted\n",
                output::plural(total, "file is", "files are")
            )
        } else {
            format!(
                "failed: {} of {} not formatted; run `fibf fmt`\n",
                changed.len(),
                output::plural(total, "file", "files")
            )
        });
        output::stdout(&report);
    } else {
        output::stdout(&format!(
            "formatted {}, {} already formatted\n",
            output::plural(changed.len(), "file", "files"),
            total - changed.len()
        ));
    }
    if failed || (args.check && !changed.is_empty()) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Point a diagnostic made for file 0 at the file's place in `sources`.
fn renumber(mut d: Diagnostic, id: FileId) -> Diagnostic {
    for l in &mut d.labels {
        l.span.file = id;
    }
    d
}

fn print_diagnostics(mut diagnostics: Vec<Diagnostic>, sources: SourceMap, global: Global) {
    diag::sort(&mut diagnostics);
    let files = sources.len();
    output::stdout(&output::report(
        &diagnostics,
        &sources,
        DiagFormat::Text,
        global,
        200,
        files,
    ));
}

fn stdin(opts: Options, global: Global) -> i32 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin()
        .lock()
        .take(opts.max_file_size + 1)
        .read_to_end(&mut bytes)
    {
        eprintln!("error: <stdin>: {e}");
        return EXIT_USAGE;
    }
    if bytes.len() as u64 > opts.max_file_size {
        eprintln!(
            "error: <stdin>: over the limit of {} bytes",
            opts.max_file_size
        );
        return EXIT_USAGE;
    }
    let decoded = source::decode(bytes);
    if decoded.problem.is_some() {
        eprintln!("error: <stdin>: not UTF-8 text");
        return EXIT_FINDINGS;
    }
    match format_source(FileId(0), &decoded.text) {
        Ok(after) => {
            output::stdout(&after);
            EXIT_OK
        }
        Err(errors) => {
            let mut sources = SourceMap::new();
            sources.add(SourceFile::new("<stdin>", None, decoded.text));
            print_diagnostics(
                errors.into_iter().map(Diagnostic::from).collect(),
                sources,
                global,
            );
            EXIT_FINDINGS
        }
    }
}

/// A unified diff of one file, with `a/` and `b/` paths like git's.
pub fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = source::display_name(path);
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", name.trim_start_matches('/')),
            &format!("b/{}", name.trim_start_matches('/')),
        )
        .to_string()
}
