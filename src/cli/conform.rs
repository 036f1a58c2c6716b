//! `fibf conform OFFERING|DIR...`: vendor offerings against the standard and
//! the marketplace's profiles, reported for people or for CI.

use std::path::PathBuf;

use clap::ValueEnum;

use super::output::{self, DiagFormat};
use super::validate::progress_bar;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::conform::{self, BatchOptions, OfferingReport, Standard, render};
use crate::data::Format;
use crate::diag::render::TextStyle;
use crate::io::NativeIo;
use crate::source::SourceMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people: summary, coverage and each finding drawn in its file.
    Text,
    /// The stable JSON report documented in docs/offerings.md.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
    /// `JUnit` XML: a test case per mandatory capability.
    Junit,
    /// Markdown, for pull-request comments.
    Markdown,
    /// One self-contained HTML page for reviewers: coverage heat maps, metric bars, mappings, findings with their lines, and a comparison of several offerings.
    Html,
    /// GitHub Actions workflow commands: annotations on a pull request.
    Github,
    /// GitLab's Code Quality report.
    Gitlab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum JsonLayoutArg {
    Pretty,
    Compact,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Json,
    Yaml,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit codes: 0 every offering conformant, 1 an offering not conformant, 2 an offering unreadable or a usage error.\nThe offering document: https://github.com/fibf-dev/fibf/blob/main/docs/offerings.md"
)]
pub struct Args {
    /// Offering files (YAML or JSON) or directories of them (*.yaml, *.yml,
    /// *.json, searched recursively). `-` reads one offering from standard input.
    #[arg(required = true, value_name = "OFFERING|DIR")]
    pub offerings: Vec<PathBuf>,

    /// The standards: a .fibf file or a directory of them. Default: the workspace of the
    /// nearest fibf.toml above the current directory, else ./standards, else the standards
    /// built into fibf.
    #[arg(long = "standards", value_name = "PATH")]
    pub standards_path: Option<PathBuf>,

    /// Check against this profile instead of the ones each offering claims (repeatable).
    #[arg(long = "profile", value_name = "ID")]
    pub profiles: Vec<String>,

    /// Format of the report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Layout of the JSON report: `pretty` (two spaces a level) or `compact` (no spaces,
    /// each offering on a line of its own, about half the size). Default: pretty for one
    /// offering, compact for more.
    #[arg(long, value_enum, value_name = "LAYOUT")]
    pub json_layout: Option<JsonLayoutArg>,

    /// Write the report to FILE instead of standard output: a file is replaced
    /// as a unit (through a symbolic link, the file it points to); a device or
    /// pipe such as /dev/null is written to as it is.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Syntax of the offerings (default: from the extension: .yaml/.yml, else JSON).
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,

    /// Refuse input files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::workspace::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,

    /// Of the files found in a directory, take only those matching this glob (repeatable; relative to the directory, `*` crosses folders).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Of the files found in a directory, leave out those matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Also say how many warnings the standards have (their authors' concern, not a vendor's).
    #[arg(short, long)]
    pub verbose: bool,
}

impl Args {
    /// The JSON report's layout for a run over `offerings` offerings.
    fn json_layout(&self, offerings: usize) -> render::JsonLayout {
        match self.json_layout {
            Some(JsonLayoutArg::Pretty) => render::JsonLayout::Pretty,
            Some(JsonLayoutArg::Compact) => render::JsonLayout::Compact,
            None => render::JsonLayout::for_batch(offerings),
        }
    }
}

pub fn run(args: Args, global: Global) -> i32 {
    // Each purge of freed memory has the kernel interrupt the other cores
    // running the process to flush their TLBs, which is costly in a virtual
    // machine. A batch of 10,000 offerings caused 47 such shootdowns with
    // the 10 ms purge delay and 5 with 1 s. On two threads it took 234.0 ms
    // instead of 236.1 ms; peak memory went from 54.2 to 55.3 MB. conform
    // frees little as it goes: what it reads for an offering is freed and
    // reused by the same thread.
    super::purge_freed_memory_after(1000);
    let loader = StandardsArgs {
        format: if args.format == ReportFormat::Json {
            DiagFormat::Json
        } else {
            DiagFormat::Text
        },
        max_file_size: args.max_file_size,
        verbose: args.verbose,
    };
    let origin = crate::builtin::Origin::find(args.standards_path.as_deref());
    let io = NativeIo;
    let filter = conform::PathFilter::new(&args.include, &args.exclude);
    // The offerings are looked for while the standards load: a directory of
    // thousands of them takes as long to list as the standards to load, and
    // listing it is a single thread's work.
    // The offering schema is compiled beside the standards' last checks.
    let (loaded, paths) = rayon::join(
        || {
            loader.load_with(origin, global, EXIT_USAGE, |model, _| {
                conform::OfferingValidator::new(model)
            })
        },
        || filter.map(|f| conform::find_offerings(&io, &args.offerings, &f)),
    );
    let (loaded, validator) = match loaded {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let model = &loaded.model;
    let standards = loaded.standards();
    if let Err(code) = known_profiles(model, &args.profiles) {
        return code;
    }
    let validator = validator.unwrap_or_else(|| conform::OfferingValidator::new(model));
    let standard = match validator.map(|v| Standard::with_validator(model, v)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: the offering schema of these standards does not compile: {e}");
            return EXIT_USAGE;
        }
    };
    let paths = match paths {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("error: {e}\nhelp: a glob such as `*.yaml` or `vendors/**/offering.json`");
            return EXIT_USAGE;
        }
    };
    if paths.is_empty() {
        eprintln!(
            "error: no offerings found (looked for *.yaml, *.yml and *.json)\nhelp: name offering files or directories that hold them"
        );
        return EXIT_USAGE;
    }
    let format = args.input_format.map(|f| match f {
        InputFormat::Json => Format::Json,
        InputFormat::Yaml => Format::Yaml,
    });
    let bar = progress_bar(paths.len() as u64);
    let opts = BatchOptions {
        format,
        max_file_size: args.max_file_size,
        profiles: args.profiles.clone(),
        // Only the text and HTML reports quote the offerings' lines.
        keep_text: matches!(args.format, ReportFormat::Text | ReportFormat::Html),
    };
    let mut reports = conform::check_found(&io, &standard, &paths, &opts, &|| bar.tick());
    bar.finish();
    // Each report's file is `FileId(i)` in the order found, skipped files
    // included: the text report's source map is made before they go.
    let mut sources = SourceMap::new();
    if args.format == ReportFormat::Text {
        for r in &reports {
            sources.add(r.file.clone());
        }
    }
    let skipped = conform::split_skipped(&mut reports);
    if reports.is_empty() {
        eprintln!(
            "error: none of the {} found is an offering\nhelp: {}",
            output::plural(skipped.len(), "file", "files"),
            skipped
                .iter()
                .map(|s| format!("{}: {}", s.file, s.reason))
                .collect::<Vec<_>>()
                .join("; ")
        );
        return EXIT_USAGE;
    }

    let code = exit_code(&reports);
    let findings = || -> Vec<crate::ci::Finding> {
        reports
            .iter()
            .flat_map(OfferingReport::ci_findings)
            .collect()
    };
    // The JSON report of a large batch is hundreds of megabytes: it is
    // written as it is produced rather than built first.
    let write = |w: &mut (dyn std::io::Write + Send)| -> std::io::Result<()> {
        let text = match args.format {
            ReportFormat::Json => {
                let layout = args.json_layout(reports.len());
                return render::json_to(
                    &reports,
                    &skipped,
                    &standard,
                    &standards.source,
                    layout,
                    w,
                );
            }
            ReportFormat::Text => {
                // Only the text report quotes the offerings' lines.
                let style = TextStyle {
                    color: global.color && args.out.is_none(),
                    ..Default::default()
                };
                render::text(&reports, &skipped, &sources, style, &standards, &standard)
            }
            ReportFormat::Sarif => crate::ci::sarif(
                &findings(),
                &crate::ci::SarifRun {
                    root: &crate::ci::repository_root(),
                    docs_base: global.docs_base,
                    exit_code: code,
                    properties: Some(serde_json::json!({ "standards": standards })),
                },
            ),
            ReportFormat::Github => crate::ci::github(&findings(), &crate::ci::repository_root()),
            ReportFormat::Gitlab => crate::ci::gitlab(&findings(), &crate::ci::repository_root()),
            ReportFormat::Junit => render::junit(&reports, &standards, &standard),
            ReportFormat::Markdown => render::markdown(&reports, &skipped, &standards, &standard),
            ReportFormat::Html => render::html(&reports, &skipped, &standard, &standards),
        };
        w.write_all(text.as_bytes())
    };
    match &args.out {
        Some(path) => {
            if let Err(e) = crate::output::write_file_with(path, write) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_USAGE;
            }
        }
        None => {
            // Not locked here: the JSON report is written by the pool's
            // threads, each locking standard output for its write.
            let mut w = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
            // A closed pipe (`| head`) is not an error of the run.
            let _ = write(&mut w).and_then(|()| std::io::Write::flush(&mut w));
        }
    }
    super::leave(reports);
    super::leave(standard);
    super::leave(loaded);
    code
}

/// Every profile `--profile` names is one of the standards'; else the
/// error, said, and the exit code.
fn known_profiles(model: &crate::model::Model, profiles: &[String]) -> Result<(), i32> {
    for p in profiles {
        if !model.profiles.iter().any(|x| x.meta.id() == p) {
            let ids = model.profiles.iter().map(|x| x.meta.id());
            let hint = crate::suggest::best(p, ids)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            eprintln!(
                "error: the standards have no profile `{p}`{hint}\nhelp: profiles: {}",
                super::profile_ids(model)
            );
            return Err(EXIT_USAGE);
        }
    }
    Ok(())
}

/// 2 when an offering could not be read, else 1 when one is not
/// conformant, else 0.
fn exit_code(reports: &[OfferingReport]) -> i32 {
    if reports.iter().any(|r| r.unreadable) {
        EXIT_USAGE
    } else if reports.iter().all(OfferingReport::conformant) {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
