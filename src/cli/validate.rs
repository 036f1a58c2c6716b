//! `fibf validate FILE... --record RECORD`: data against a record's schema.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::ValueEnum;
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;

use super::output::{self, DiagFormat};
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::data::{Format, pointer_segments};
use crate::diag::{self, Tally};
use crate::model::{EntityKind, Model};
use crate::schema;
use crate::suggest;
use crate::validate::{self, Explain};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Json,
    Yaml,
    Jsonl,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Data files: JSON, YAML (several documents allowed) or JSON Lines (one instance per line).
    /// `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The data record whose schema the data must satisfy.
    #[arg(long, value_name = "RECORD")]
    pub record: String,

    /// Syntax of the files (default: from the extension: .yaml/.yml, .jsonl/.ndjson, else JSON).
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,

    /// The standards: a .fibf file or a directory of them. Default: the workspace of the
    /// nearest fibf.toml above the current directory, else ./standards, else the standards
    /// built into fibf.
    #[arg(long = "standards", value_name = "PATH")]
    pub standards_path: Option<PathBuf>,

    /// Print at most this many diagnostics (0 for all).
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_diagnostics: usize,

    #[command(flatten)]
    pub standards: StandardsArgs,
}

pub fn run(args: Args, global: Global) -> i32 {
    let origin = crate::builtin::Origin::find(args.standards_path.as_deref());
    let loaded = match args.standards.load_from(origin, global, EXIT_USAGE) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let model = &loaded.model;
    let Some(record) = model
        .records
        .iter()
        .position(|r| r.meta.id() == args.record)
    else {
        let hint = suggest::best(&args.record, model.records.iter().map(|r| r.meta.id()))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        let known: Vec<&str> = model.records.iter().map(|r| r.meta.id()).collect();
        eprintln!(
            "error: the standards have no record `{}`{hint}\nhelp: records: {}",
            args.record,
            if known.is_empty() {
                "(none)".to_owned()
            } else {
                known.join(", ")
            }
        );
        return EXIT_USAGE;
    };
    let schema = schema::record_schema(model, record as u32);
    let validator = match schema::validator(&schema) {
        Ok(v) => v,
        Err(e) => {
            eprintln!(
                "error: the schema of `{}` does not compile: {e}",
                args.record
            );
            return EXIT_USAGE;
        }
    };
    let format = args.input_format.map(|f| match f {
        InputFormat::Json => Format::Json,
        InputFormat::Yaml => Format::Yaml,
        InputFormat::Jsonl => Format::JsonLines,
    });
    let max_size = args.standards.max_file_size;
    let read = validate::read_files(&crate::io::NativeIo, &args.files, format, max_size);
    let mut files = Vec::new();
    let mut unreadable = false;
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(e) => {
                eprintln!("error: {}: {}", e.path, e.message);
                unreadable = true;
            }
        }
    }
    let total: usize = files.iter().map(|f| f.documents.len()).sum();
    let bar = progress_bar(total as u64);
    let explain = RecordExplain { model, record };
    let tick = || bar.tick();
    let (sources, mut diags, stats) = validate::validate_all(files, &validator, &explain, &tick);
    bar.finish();
    diag::sort(&mut diags);

    let code = if unreadable {
        EXIT_USAGE
    } else if stats.invalid > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    let report = output::report_with_exit(
        &diags,
        &sources,
        args.standards.format,
        global,
        args.max_diagnostics,
        0,
        code,
    );
    let mut text = report;
    if args.standards.format == DiagFormat::Text {
        // Replace the generic summary with one about documents.
        if let Some(i) = text.trim_end().rfind('\n') {
            text.truncate(i + 1);
        } else {
            text.clear();
        }
        let tally = Tally::of(&diags);
        let unread = args.files.len().saturating_sub(stats.files);
        text.push_str(&if unreadable {
            format!(
                "failed: {} of {} could not be read; {} in {} checked\n",
                unread,
                output::plural(args.files.len(), "file", "files"),
                output::plural(stats.documents, "document", "documents"),
                output::plural(stats.files, "file", "files"),
            )
        } else if stats.invalid == 0 {
            format!(
                "ok: {} in {} valid against {}\n",
                output::plural(stats.documents, "document", "documents"),
                output::plural(stats.files, "file", "files"),
                args.record
            )
        } else {
            format!(
                "failed: {} of {} in {} invalid against {} ({})\n",
                stats.invalid,
                output::plural(stats.documents, "document", "documents"),
                output::plural(stats.files, "file", "files"),
                args.record,
                output::plural(tally.errors, "error", "errors")
            )
        });
    }
    output::stdout(&text);
    code
}

/// A progress bar on stderr, only when stderr is a terminal.
pub fn progress_bar(len: u64) -> Progress {
    if std::io::stderr().is_terminal() && len > 1 {
        let bar = indicatif::ProgressBar::new(len);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress(Some(bar))
    } else {
        Progress(None)
    }
}

/// A progress bar, or nothing where none is drawn: a hidden indicatif bar
/// still counts each tick in a counter every thread writes to, and asks
/// the clock whether to draw.
pub struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    /// One more done.
    pub fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Done: the bar is taken off the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Explains schema errors in terms of the record's data elements.
struct RecordExplain<'m> {
    model: &'m Model,
    record: usize,
}

/// What a pointer leads to inside a record.
enum Target {
    Element(usize),
    Record(usize),
    List(Box<Target>),
}

impl RecordExplain<'_> {
    /// Follow a pointer through the record's fields.
    fn resolve(&self, pointer: &str) -> Option<Target> {
        let mut current = Target::Record(self.record);
        for seg in pointer_segments(pointer) {
            current = match current {
                Target::List(inner) if seg.parse::<usize>().is_ok() => *inner,
                Target::Record(r) => {
                    let field = self.model.records[r]
                        .fields
                        .iter()
                        .find(|f| f.target.id == seg)?;
                    let t = field.target.target?;
                    let inner = match t.kind {
                        EntityKind::Element => Target::Element(t.index as usize),
                        _ => Target::Record(t.index as usize),
                    };
                    if field
                        .cardinality
                        .as_ref()
                        .is_some_and(|c| c.value.is_many())
                    {
                        Target::List(Box::new(inner))
                    } else {
                        inner
                    }
                }
                _ => return None,
            };
        }
        Some(current)
    }

    fn describe(&self, target: &Target) -> String {
        match target {
            Target::Element(e) => {
                let e = &self.model.elements[*e];
                e.data_type
                    .as_ref()
                    .map_or("any value".to_owned(), |t| schema::describe(&t.kind))
            }
            Target::Record(r) => format!("a `{}` object", self.model.records[*r].meta.id()),
            Target::List(inner) => match inner.as_ref() {
                Target::Record(r) => {
                    format!("a list of `{}` objects", self.model.records[*r].meta.id())
                }
                other => format!("a list, each item {}", self.describe(other)),
            },
        }
    }

    fn element_help(&self, e: usize) -> String {
        let e = &self.model.elements[e];
        match e.meta.name() {
            Some(name) => format!("`{}` ({name}): {}", e.meta.id(), e.definition.value),
            None => format!("`{}`: {}", e.meta.id(), e.definition.value),
        }
    }
}

impl Explain for RecordExplain<'_> {
    fn expected(&self, pointer: &str, _error: &ValidationError<'_>) -> Option<String> {
        self.resolve(pointer)
            .map(|t| format!("expected {}", self.describe(&t)))
    }

    fn help(&self, pointer: &str, error: &ValidationError<'_>) -> Option<String> {
        let record_at = |p: &str| match self.resolve(p) {
            Some(Target::Record(r)) => Some(r),
            _ => None,
        };
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property.as_str()?;
                let r = record_at(pointer)?;
                let field = self.model.records[r]
                    .fields
                    .iter()
                    .find(|f| f.target.id == name)?;
                match field.target.target?.kind {
                    EntityKind::Element => {
                        Some(self.element_help(field.target.target?.index as usize))
                    }
                    _ => Some(format!("`{name}` is a nested `{name}` record")),
                }
            }
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let r = record_at(pointer)?;
                let record = &self.model.records[r];
                let fields = record.fields.iter().map(|f| f.target.id.as_str());
                let key = unexpected.first()?;
                Some(match suggest::best(key, fields.clone()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "the fields of `{}` are: {}",
                        record.meta.id(),
                        fields.collect::<Vec<_>>().join(", ")
                    ),
                })
            }
            _ => match self.resolve(pointer)? {
                Target::Element(e) => Some(self.element_help(e)),
                _ => None,
            },
        }
    }
}
