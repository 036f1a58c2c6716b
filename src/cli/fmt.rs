//! `fibf fmt [PATH] [--check]`: rewrite `.fibf` files in the canonical layout.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::output;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{self, Diagnostic};
use crate::fmt::{FileOutcome, format_source};
use crate::io::{Io, NativeIo};
use crate::source::{self, FileId, SourceFile, SourceMap};
use crate::workspace::{self, Options};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// .fibf files or directories of them, or `-` for standard input (formatted to standard
    /// output; with --check, a diff). Default: as for `fibf check`.
    pub paths: Vec<PathBuf>,

    /// Change nothing: print a diff of each file that is not formatted and exit 1 if any.
    #[arg(long)]
    pub check: bool,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

/// What a run did, for its one summary line.
#[derive(Default)]
struct Counts {
    total: usize,
    changed: Vec<PathBuf>,
    failed: usize,
}

pub fn run(args: Args, global: Global) -> i32 {
    let opts = Options {
        max_file_size: args.max_file_size,
    };
    let paths = if args.paths.is_empty() {
        vec![workspace::default_path()]
    } else {
        args.paths.clone()
    };
    if paths.iter().any(|p| p.as_os_str() == "-") {
        if paths.len() > 1 {
            eprintln!(
                "error: `-` (standard input) is formatted alone\nhelp: give either `-` or paths"
            );
            return EXIT_USAGE;
        }
        return stdin(opts, global, args.check);
    }
    let io = NativeIo;
    let mut outcomes = Vec::new();
    for path in &paths {
        match crate::fmt::format_workspace(&io, path, opts) {
            Ok(found) => outcomes.extend(found),
            Err(problems) => {
                print_diagnostics(problems, SourceMap::new(), global);
                return EXIT_USAGE;
            }
        }
    }
    let mut counts = Counts {
        total: outcomes.len(),
        ..Counts::default()
    };
    let mut sources = SourceMap::new();
    let mut failures = Vec::new();
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
                counts.changed.push(path);
            }
            FileOutcome::Failed(file, diagnostics) => {
                let id = sources.add(file);
                counts.failed += 1;
                failures.extend(diagnostics.into_iter().map(|d| renumber(d, id)));
            }
        }
    }
    if !failures.is_empty() {
        print_diagnostics(failures, sources, global);
    }
    if args.check {
        for p in &counts.changed {
            report.push_str(&format!("would reformat {}\n", source::display_name(p)));
        }
    }
    report.push_str(&summary(&counts, args.check));
    output::stdout(&report);
    if counts.failed > 0 || (args.check && !counts.changed.is_empty()) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The one summary line of a run: what was (or would be) formatted, what
/// was already, and what could not be.
fn summary(c: &Counts, check: bool) -> String {
    let unchanged = c.total - c.changed.len() - c.failed;
    let not_formatted = if c.failed > 0 {
        format!(
            ", {} not formatted (syntax errors above)",
            output::plural(c.failed, "file", "files")
        )
    } else {
        String::new()
    };
    if check {
        if c.changed.is_empty() && c.failed == 0 {
            return format!(
                "ok: {} formatted\n",
                output::plural(c.total, "file is", "files are")
            );
        }
        return format!(
            "failed: {} of {} would be reformatted{not_formatted}; run `fibf fmt`\n",
            c.changed.len(),
            output::plural(c.total, "file", "files"),
        );
    }
    let verdict = if c.failed > 0 { "failed" } else { "ok" };
    format!(
        "{verdict}: formatted {}, {unchanged} already formatted{not_formatted}\n",
        output::plural(c.changed.len(), "file", "files"),
    )
}

/// Point a diagnostic made for file 0 at the file's place in `sources`.
fn renumber(mut d: Diagnostic, id: FileId) -> Diagnostic {
    for l in &mut d.labels {
        l.span.file = id;
    }
    d
}

/// The diagnostics of files that could not be formatted, without a
/// summary of their own: the run's summary counts them.
fn print_diagnostics(mut diagnostics: Vec<Diagnostic>, sources: SourceMap, global: Global) {
    diag::sort(&mut diagnostics);
    let style = crate::diag::render::TextStyle {
        color: global.color,
        ..Default::default()
    };
    output::stdout(&crate::diag::render::text(&diagnostics, &sources, style));
}

fn stdin(opts: Options, global: Global, check: bool) -> i32 {
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
        // With --check, standard input is checked like a file: a diff and
        // exit 1 when it is not formatted (it used to be printed formatted,
        // exiting 0: a false pass for editors and hooks).
        Ok(after) if check && after != decoded.text => {
            let mut out = unified_diff(Path::new("<stdin>"), &decoded.text, &after);
            out.push_str("failed: <stdin> would be reformatted; run `fibf fmt -`\n");
            output::stdout(&out);
            EXIT_FINDINGS
        }
        Ok(_) if check => {
            output::stdout("ok: <stdin> is formatted\n");
            EXIT_OK
        }
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
