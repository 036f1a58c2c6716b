//! The command line: argument parsing, shared options (colour, threads,
//! output) and one module per subcommand.
//!
//! Exit codes everywhere: 0 success, 1 findings (errors in the standard, or
//! warnings under `--deny-warnings`), 2 usage or I/O error.

mod check;
mod compile;
mod conform;
mod diff;
mod docs;
mod explain;
mod export;
mod fmt;
mod import;
mod init;
mod lsp;
pub(crate) mod output;
mod validate;

use std::io::IsTerminal;

use clap::{Parser, Subcommand, ValueEnum};

/// The command did what it was asked, and found nothing wrong.
pub const EXIT_OK: i32 = 0;
/// The command found errors (or warnings under `--deny-warnings`).
pub const EXIT_FINDINGS: i32 = 1;
/// The command was used wrongly, or its input could not be read.
pub const EXIT_USAGE: i32 = 2;

/// Compile and validate Federal Integrated Business Framework (FIBF) standards.
#[derive(Parser, Debug)]
#[command(
    name = "fibf",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("FIBF_COMMIT"), ")"),
    about,
    after_help = "Exit codes: 0 ok, 1 findings, 2 usage or I/O error.\nRun `fibf explain CODE` for the long explanation of a diagnostic code."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// When to colour output. `auto`: on a terminal, unless `NO_COLOR` is set (or always
    /// when `CLICOLOR_FORCE` or `FORCE_COLOR` is); `always` and `never` win over the environment.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Where the explanations of diagnostic codes are, for the links in SARIF reports and
    /// editors (a code and `.md` are appended).
    #[arg(long, global = true, value_name = "URL", env = "FIBF_DOCS_URL", default_value = crate::diag::DOCS_BASE)]
    docs_url: String,

    /// Worker threads for batch work (default: one per core). Output is the same for any value.
    #[arg(short = 'j', long, global = true, value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check standards: parse every .fibf file, resolve references, report all problems.
    Check(check::Args),
    /// Compile standards to model.json and JSON Schemas (records, offering).
    Compile(compile::Args),
    /// Validate data (JSON, YAML, JSON Lines) against a data record's schema.
    Validate(validate::Args),
    /// Check vendor offerings against the standard and its profiles: coverage, findings, reports for CI.
    Conform(conform::Args),
    /// Import the published FIBF workbooks and API exports into .fibf files.
    Import(import::Args),
    /// Export standards to FIBF workbooks (one per service area) or CSV files.
    Export(export::Args),
    /// Rewrite .fibf files in the canonical layout, keeping every comment.
    Fmt(fmt::Args),
    /// Generate documentation: an accessible static HTML site (offline, with search) or Markdown.
    Docs(docs::Args),
    /// Compare two releases: entity changes, their impact on vendors, the version bump.
    Diff(diff::Args),
    /// Explain a diagnostic code, with a wrong and a fixed example.
    Explain(explain::Args),
    /// Run the language server (Language Server Protocol over standard input and output), for editors.
    Lsp(lsp::Args),
    /// Start a new standards workspace, or (with --offering) an offering skeleton for a profile.
    Init(init::Args),
    /// Print a shell completion script: `fibf completions bash > /etc/bash_completion.d/fibf`.
    Completions(CompletionsArgs),
    /// Write man pages: fibf.1 and one page per subcommand.
    Man(ManArgs),
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only on a terminal, and never with `NO_COLOR`.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Settings every subcommand shares.
#[derive(Clone, Copy, Debug)]
pub struct Global {
    /// Colour on stdout.
    pub color: bool,
    /// Where the explanations of diagnostic codes are, for links in reports
    /// (a code and `.md` are appended).
    pub docs_base: &'static str,
}

impl Global {
    fn new(choice: ColorChoice, docs_url: String) -> Self {
        Global {
            color: color(
                choice,
                |name| std::env::var_os(name),
                std::io::stdout().is_terminal(),
            ),
            docs_base: Box::leak(docs_url.into_boxed_str()),
        }
    }
}

/// Whether to colour: an explicit `--color` wins; under `auto`, `NO_COLOR`
/// turns colour off and `CLICOLOR_FORCE` or `FORCE_COLOR` on (no-color.org
/// and bixense.com/clicolors), else a terminal decides.
fn color(
    choice: ColorChoice,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    terminal: bool,
) -> bool {
    let set = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if env("NO_COLOR").is_some_and(|v| !v.is_empty()) => false,
        ColorChoice::Auto => set("CLICOLOR_FORCE") || set("FORCE_COLOR") || terminal,
    }
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    if let Some(jobs) = cli.jobs {
        if jobs == 0 {
            eprintln!("error: --jobs must be at least 1");
            return EXIT_USAGE;
        }
        // Only fails if a pool was already built, which nothing before us does.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    let global = Global::new(cli.color, cli.docs_url);
    match cli.command {
        Command::Check(args) => check::run(args, global),
        Command::Compile(args) => compile::run(args, global),
        Command::Validate(args) => validate::run(args, global),
        Command::Import(args) => import::run(args, global),
        Command::Export(args) => export::run(args, global),
        Command::Fmt(args) => fmt::run(args, global),
        Command::Diff(args) => diff::run(args, global),
        Command::Conform(args) => conform::run(args, global),
        Command::Docs(args) => docs::run(args, global),
        Command::Explain(args) => explain::run(args, global),
        Command::Lsp(args) => lsp::run(args, global),
        Command::Init(args) => init::run(args, global),
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man(&args),
    }
}

#[derive(clap::Args, Debug)]
struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(clap::Args, Debug)]
struct ManArgs {
    /// The directory to write the pages to (created if need be).
    #[arg(long, value_name = "DIR")]
    out: std::path::PathBuf,
}

fn completions(args: &CompletionsArgs) -> i32 {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "fibf", &mut out);
    output::stdout(&String::from_utf8_lossy(&out));
    EXIT_OK
}

/// `fibf.1` and `fibf-SUBCOMMAND.1` for each subcommand.
fn man(args: &ManArgs) -> i32 {
    use clap::CommandFactory;
    let command = Cli::command();
    let mut pages: Vec<(String, clap::Command)> = vec![("fibf".to_owned(), command.clone())];
    for sub in command.get_subcommands() {
        // clap names commands with `&'static str`s: the process ends soon.
        let name: &'static str = Box::leak(format!("fibf-{}", sub.get_name()).into_boxed_str());
        pages.push((name.to_owned(), sub.clone().name(name).bin_name(name)));
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("error: cannot create {}: {e}", args.out.display());
        return EXIT_USAGE;
    }
    for (name, page) in &pages {
        let mut roff = Vec::new();
        let path = args.out.join(format!("{name}.1"));
        let written = clap_mangen::Man::new(page.clone())
            .render(&mut roff)
            .and_then(|()| crate::output::write_file(&path, &roff));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_USAGE;
        }
    }
    output::stdout(&format!(
        "wrote {} to {}\n",
        output::plural(pages.len(), "man page", "man pages"),
        args.out.display()
    ));
    EXIT_OK
}

/// Options of every command that reads the standards first.
#[derive(clap::Args, Debug)]
pub struct StandardsArgs {
    /// Format of diagnostics.
    #[arg(long, value_enum, default_value_t = output::DiagFormat::Text)]
    pub format: output::DiagFormat,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// Also say how many warnings the standards have (`fibf check` lists them).
    #[arg(short, long)]
    pub verbose: bool,
}

/// Which standards, in words: `the standards at new (given)`.
fn standards_named(origin: &crate::builtin::Origin) -> String {
    use crate::builtin::Origin;
    match origin {
        Origin::Given(p) => format!("the standards at {} (given)", p.display()),
        Origin::Found(p) => format!(
            "the standards of the workspace {} (its fibf.toml is the nearest above this directory)",
            p.display()
        ),
        Origin::Local(p) => format!("the standards in {} (found in this directory)", p.display()),
        Origin::BuiltIn => "the standards built into fibf".to_owned(),
    }
}

/// Why nothing was done: which standards were used, where they came from,
/// and how to point at others.
fn failed_standards(origin: &crate::builtin::Origin, unreadable: bool) -> String {
    use crate::builtin::Origin;
    let (which, how) = match origin {
        Origin::Given(p) => (
            format!("the standards at {} (given)", p.display()),
            "`--standards` takes a .fibf file or a directory of them",
        ),
        Origin::Found(p) => (
            format!(
                "the standards of the workspace {} (its fibf.toml is the nearest above this directory)",
                p.display()
            ),
            "fix them (`fibf check` lists every problem), or point at other standards with `--standards PATH`",
        ),
        Origin::Local(p) => (
            format!("the standards in {} (found in this directory)", p.display()),
            "fix them (`fibf check` lists every problem), or point at other standards with `--standards PATH`",
        ),
        Origin::BuiltIn => (
            "the standards built into fibf".to_owned(),
            "this is a bug of fibf: please report it",
        ),
    };
    let what = if unreadable {
        "could not be read"
    } else {
        "have errors"
    };
    format!(
        "error: {which} {what}; nothing was done\nhelp: {how}; without `--standards`, fibf uses the workspace of the nearest fibf.toml above the current directory, else ./standards, else the standards built into it"
    )
}

/// The standards' profile IDs, for the help line of a `--profile` they do
/// not have: `(none)` when there are none.
pub(crate) fn profile_ids(model: &crate::model::Model) -> String {
    if model.profiles.is_empty() {
        return "(none)".to_owned();
    }
    let ids: Vec<&str> = model.profiles.iter().map(|x| x.meta.id()).collect();
    ids.join(", ")
}

/// Leave `value` to the system, which takes the memory back when the
/// process ends, as it does when the command returns: freeing a standard's
/// model or a batch's reports one allocation at a time was one thread's
/// work while the other waited (tens of milliseconds at ten times the
/// bundled standards), followed by the allocator purging what was freed.
pub(crate) fn leave<T>(value: T) {
    std::mem::forget(value);
}

/// Standards that loaded without errors, ready for a command to use.
pub struct Loaded {
    /// The standards' model.
    pub model: crate::model::Model,
    /// Their files.
    pub sources: crate::source::SourceMap,
    /// The workspace directory, when a directory was loaded.
    pub root: Option<std::path::PathBuf>,
    /// Where the standards came from, for reports to say.
    pub origin: crate::builtin::Origin,
}

impl Loaded {
    /// The standards as reports name them: name, version and where from.
    pub fn standards(&self) -> crate::conform::StandardsInfo {
        crate::conform::StandardsInfo {
            name: self.model.workspace.name.clone(),
            version: self.model.workspace.version.clone(),
            source: self.origin.describe(),
        }
    }
}

impl Loaded {
    /// Where each entity is declared, for an export, with file names
    /// relative to the workspace; afterwards the sources themselves can go
    /// (see [`Loaded::release_sources`]).
    pub fn locations(&self) -> crate::model_json::Locations {
        let sources = crate::model_json::Sources {
            map: &self.sources,
            root: self.root.as_deref(),
        };
        crate::model_json::Locations::new(&self.model, sources)
    }

    /// Let the sources' text go: commands that only export the model need
    /// no more of it than [`Loaded::locations`] (about 100 MB at 100 times
    /// the bundled standards). Their warnings have been printed by now.
    pub fn release_sources(&mut self) {
        drop(std::mem::take(&mut self.sources));
        release_freed_memory();
    }
}

impl StandardsArgs {
    /// Load and check the standards. Errors in them are printed and end the
    /// command with `error_exit` (2 when they cannot be read at all);
    /// warnings are printed and the command goes on.
    pub fn load(
        &self,
        path: Option<&std::path::Path>,
        global: Global,
        error_exit: i32,
    ) -> Result<Loaded, i32> {
        let origin = crate::builtin::Origin::Given(
            path.map_or_else(crate::workspace::default_path, std::path::Path::to_path_buf),
        );
        self.load_from(origin, global, error_exit)
    }

    /// [`load`](Self::load) from `origin`.
    pub fn load_from(
        &self,
        origin: crate::builtin::Origin,
        global: Global,
        error_exit: i32,
    ) -> Result<Loaded, i32> {
        self.load_with(origin, global, error_exit, |_, _| ())
            .map(|(loaded, _)| loaded)
    }

    /// [`load_from`](Self::load_from), with `beside` run on the model
    /// alongside the slower checks when nothing found before them is an
    /// error (see [`crate::workspace::analyze_with`]). What it made comes
    /// back when the standards have no errors and it ran; otherwise it is
    /// dropped, so it must hold nothing that outlives it unfinished.
    pub fn load_with<T: Send>(
        &self,
        origin: crate::builtin::Origin,
        global: Global,
        error_exit: i32,
        beside: impl FnOnce(&crate::model::Model, crate::model_json::Sources<'_>) -> T + Send,
    ) -> Result<(Loaded, Option<T>), i32> {
        use crate::builtin::Origin;
        let opts = crate::workspace::Options {
            max_file_size: self.max_file_size,
        };
        let (mut analysis, made) = match &origin {
            Origin::BuiltIn => {
                let root = std::path::PathBuf::from(crate::builtin::ROOT);
                let input = crate::workspace::Input::Path(root);
                crate::workspace::analyze_with_in(&crate::builtin::io(), &input, opts, beside)
            }
            Origin::Given(p) | Origin::Found(p) | Origin::Local(p) => {
                let input = if p.as_os_str() == "-" {
                    crate::workspace::Input::Stdin
                } else {
                    crate::workspace::Input::Path(p.clone())
                };
                crate::workspace::analyze_with(&input, opts, beside)
            }
        };
        let tally = crate::diag::Tally::of(&analysis.diagnostics);
        let failed = tally.errors > 0 || analysis.input_failed();
        // A model is made whenever every file parsed, and a file that does
        // not parse is an error: a clean analysis always has one.
        let model = match analysis.model.take() {
            Some(model) if !failed => model,
            _ => {
                let report = output::report(
                    &analysis.diagnostics,
                    &analysis.sources,
                    self.format,
                    global,
                    200,
                    analysis.files,
                );
                output::stdout(&report);
                eprintln!("{}", failed_standards(&origin, analysis.input_failed()));
                return Err(if analysis.input_failed() {
                    EXIT_USAGE
                } else {
                    error_exit
                });
            }
        };
        // Whoever only uses the standards cannot act on their warnings:
        // said on request only.
        if self.verbose && tally.warnings > 0 && self.format == output::DiagFormat::Text {
            let check = match &origin {
                crate::builtin::Origin::Given(p)
                | crate::builtin::Origin::Found(p)
                | crate::builtin::Origin::Local(p) => format!("fibf check {}", p.display()),
                crate::builtin::Origin::BuiltIn => "fibf check".to_owned(),
            };
            eprintln!(
                "warning: {} have {}; `{check}` shows them",
                standards_named(&origin),
                output::plural(tally.warnings, "warning", "warnings")
            );
        }
        // Only counted here: freeing thousands of warnings one at a time
        // (3,821 at 10x the data model) was the main thread's work while
        // the others waited.
        leave(std::mem::take(&mut analysis.diagnostics));
        leave(std::mem::take(&mut analysis.allowed));
        let loaded = Loaded {
            model,
            sources: analysis.sources,
            root: analysis.root,
            origin,
        };
        Ok((loaded, made))
    }
}

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the bindings name
/// no constant for it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Have mimalloc give memory that was freed back to the system once it has
/// been unused for `milliseconds`, unless the environment's
/// `MIMALLOC_PURGE_DELAY` says otherwise. The `fibf` binary sets 10 ms
/// before it runs a command (see its `main`); `conform` sets 1 s.
#[allow(unsafe_code)]
pub fn purge_freed_memory_after(milliseconds: std::ffi::c_long) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: setting an option is sound at any time, with or without
    // mimalloc as the global allocator; mimalloc reads it each time it
    // decides whether to purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, milliseconds) };
}

/// Have every thread's allocator heap take back what was freed into it
/// and return its empty pages to the system. Entities are built by the
/// worker threads and freed by another: their pages stay with the workers'
/// heaps, which reclaim them only when they next allocate. `docs` calls it
/// between the model and the site (at 100x it peaked anywhere from 740 to
/// 820 MiB without); `lsp` after each round of analyses (on the 10x
/// standards the server peaked at 86 to 97 MB over runs without it, 83 to
/// 87 MB with it; see docs/performance.md).
#[allow(unsafe_code)]
pub(crate) fn release_freed_memory() {
    // SAFETY: `mi_collect` only walks the calling thread's heap and the
    // abandoned pages; it is sound at any point, with or without mimalloc
    // as the global allocator (unused, its heaps are empty).
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    // SAFETY: as above.
    unsafe { libmimalloc_sys::mi_collect(true) };
}
