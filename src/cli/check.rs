//! `fibf check [PATH]`: load a workspace, report every problem; a file
//! inside a workspace is checked with it and reported alone.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};
use crate::diag::{self, Diagnostic, Severity, Tally, render};
use crate::io::{Io, Kind, NativeIo};
use crate::source::FileId;
use crate::workspace::{self, Input, Options};

// Each flag is an independent switch of the command line.
#[allow(clippy::struct_excessive_bools)]
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

    /// Show only findings of this severity or worse; the summary still counts all, and the exit code does not change.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = MinSeverity::Note)]
    pub severity: MinSeverity,

    /// Also show the findings that `[lints]` in fibf.toml allows (they never count towards the exit code).
    #[arg(long)]
    pub show_allowed: bool,

    /// Check a file by itself, even inside a workspace (by default a file is checked with the rest of its workspace, found from a fibf.toml upward, and only its own findings are shown).
    #[arg(long)]
    pub alone: bool,

    /// Print the findings and nothing else: no summary line, nothing when all is well.
    #[arg(short, long)]
    pub quiet: bool,

    /// Print at most this many diagnostics (0 for all); the count of the rest is shown.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_diagnostics: usize,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
}

/// The least severe finding `--severity` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Everything (the default).
    Note,
}

impl MinSeverity {
    fn shows(self, severity: Severity) -> bool {
        let least = match self {
            MinSeverity::Error => Severity::Error,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Note => Severity::Note,
        };
        severity <= least
    }
}

pub fn run(args: Args, global: Global) -> i32 {
    let io = NativeIo;
    let (input, focus) = match &args.path {
        Some(p) if p.as_os_str() == "-" => (Input::Stdin, None),
        Some(p) if !args.alone && io.stat(p).is_ok_and(|k| k == Kind::File) => {
            match workspace::enclosing(&io, p) {
                Some(root) => (Input::Path(root), Some(p.clone())),
                None => (Input::Path(p.clone()), None),
            }
        }
        Some(p) => (Input::Path(p.clone()), None),
        None => (Input::Path(workspace::default_path()), None),
    };
    let opts = Options {
        max_file_size: args.max_file_size,
    };
    let mut analysis = workspace::analyze(&input, opts);
    let mut context = None;
    if let (Some(file), Input::Path(root)) = (&focus, &input) {
        match Focus::on(&mut analysis, file, root) {
            Some(f) => context = Some(f),
            // Not one of the workspace's files (hidden, say): by itself.
            None => analysis = workspace::analyze(&Input::Path(file.clone()), opts),
        }
    }
    let tally = Tally::of(&analysis.diagnostics);
    let code = if analysis.input_failed() {
        EXIT_USAGE
    } else if tally.errors > 0 || (args.deny_warnings && tally.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    let report = report(&args, &analysis, &tally, context.as_ref(), global, code);
    output::stdout(&report);
    super::leave(analysis);
    code
}

/// One file checked in its workspace: the findings of the other files are
/// taken out of the analysis and only counted.
struct Focus {
    file: PathBuf,
    root: PathBuf,
    files: usize,
    elsewhere: Tally,
}

impl Focus {
    /// Keep in `analysis` only the findings about `file` (and the
    /// workspace's `fibf.toml`, which governs every file); `None` when
    /// `file` is not one of the workspace's sources.
    fn on(analysis: &mut workspace::Analysis, file: &Path, root: &Path) -> Option<Focus> {
        // Asked once, not for every source file compared.
        let cwd = std::env::current_dir().ok();
        let absolute = |p: &Path| match &cwd {
            Some(cwd) if !p.is_absolute() => crate::io::normalize(&cwd.join(p)),
            _ => crate::io::normalize(p),
        };
        let wanted = [absolute(file), absolute(&root.join(workspace::CONFIG_FILE))];
        let path_of = |f: &crate::source::SourceFile| f.path.as_deref().map(absolute);
        let found = analysis
            .sources
            .iter()
            .any(|(_, f)| path_of(f).as_ref() == Some(&wanted[0]));
        if !found {
            return None;
        }
        let ours: HashSet<FileId> = analysis
            .sources
            .iter()
            .filter(|(_, f)| path_of(f).is_some_and(|p| wanted.contains(&p)))
            .map(|(id, _)| id)
            .collect();
        let mine = |d: &Diagnostic| match (d.primary_span(), &d.path) {
            (Some(span), _) => ours.contains(&span.file),
            (None, Some(path)) => wanted.contains(&absolute(Path::new(path))),
            // About the workspace as a whole.
            (None, None) => true,
        };
        let (kept, others): (Vec<_>, Vec<_>) = std::mem::take(&mut analysis.diagnostics)
            .into_iter()
            .partition(|d| mine(d));
        analysis.diagnostics = kept;
        analysis.allowed.retain(|d| mine(d));
        Some(Focus {
            file: file.to_path_buf(),
            root: root.to_path_buf(),
            files: analysis.files,
            elsewhere: Tally::of(&others),
        })
    }
}

/// What `check` prints: the findings `--severity` and `--show-allowed` ask
/// for, errors first, and a summary that counts everything.
fn report(
    args: &Args,
    analysis: &workspace::Analysis,
    tally: &Tally,
    focus: Option<&Focus>,
    global: Global,
    code: i32,
) -> String {
    let mut shown: Vec<Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| args.severity.shows(d.severity))
        .cloned()
        .collect();
    let hidden = analysis.diagnostics.len() - shown.len();
    if args.show_allowed {
        shown.extend(analysis.allowed.iter().cloned());
        diag::sort(&mut shown);
    }
    let summary = (!args.quiet).then(|| {
        let checked = match focus {
            Some(f) => format!(
                "{} checked in its workspace {} ({})",
                f.file.display(),
                f.root.display(),
                render::plural(f.files, "file", "files")
            ),
            None => format!(
                "{} checked",
                render::plural(analysis.files, "file", "files")
            ),
        };
        let mut line = render::summary_counts(tally, &checked);
        if let Some(f) = focus {
            let (e, w) = (f.elsewhere.errors, f.elsewhere.warnings + f.elsewhere.notes);
            let others = match (e, w) {
                (0, 0) => None,
                (e, 0) => Some(render::plural(e, "error", "errors")),
                (0, w) => Some(render::plural(w, "warning", "warnings")),
                (e, w) => Some(format!(
                    "{} and {}",
                    render::plural(e, "error", "errors"),
                    render::plural(w, "warning", "warnings")
                )),
            };
            if let Some(others) = others {
                line.push_str(&format!(
                    "; {others} in other files not shown (`fibf check {}` shows them)",
                    f.root.display()
                ));
            }
        }
        let allowed = analysis.allowed.len();
        if allowed > 0 {
            let (n, what) = (
                render::plural(allowed, "finding", "findings"),
                if args.show_allowed {
                    "shown above"
                } else {
                    "--show-allowed shows them"
                },
            );
            line.push_str(&format!("; {n} allowed by [lints] in fibf.toml ({what})"));
        }
        if hidden > 0 {
            line.push_str(&format!(
                "; {} below --severity {} not shown",
                render::plural(hidden, "finding", "findings"),
                args.severity
                    .to_possible_value()
                    .map_or_else(String::new, |v| v.get_name().to_owned()),
            ));
        }
        line.push('\n');
        line
    });
    output::report_summarised(
        &shown,
        &analysis.sources,
        args.format,
        global,
        args.max_diagnostics,
        code,
        summary.as_deref(),
    )
}
