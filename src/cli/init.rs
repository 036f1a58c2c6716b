//! `fibf init [DIR]`: a new standards workspace that checks clean, with its
//! CI workflow, pre-commit configuration and editor recommendation; and
//! `fibf init --offering --profile ID`: an offering skeleton listing what a
//! profile requires, for a vendor to fill in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, EXIT_USAGE, Global, StandardsArgs};
use crate::io::{Io, NativeIo};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "A new workspace checks clean at once: `fibf check DIR`.\nAn offering skeleton does not pass `fibf conform` until every TODO is filled in."
)]
pub struct Args {
    /// The directory of the new workspace (created if missing; it must not hold a workspace
    /// already: files there, such as a Git repository, are kept).
    #[arg(default_value = ".", conflicts_with = "offering")]
    pub dir: PathBuf,

    /// Write an offering skeleton instead of a workspace.
    #[arg(long, requires = "profile")]
    pub offering: bool,

    /// The profile the offering is written for (with --offering).
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,

    /// The offering file to write (with --offering).
    #[arg(long, value_name = "FILE", default_value = "offering.yaml")]
    pub out: PathBuf,

    /// The standards the profile is in (default: as for `fibf conform`).
    #[arg(long = "standards", value_name = "PATH")]
    pub standards_path: Option<PathBuf>,
}

pub fn run(args: Args, global: Global) -> i32 {
    if args.offering {
        return offering(&args, global);
    }
    workspace(&args.dir)
}

/// The files of a new workspace named `name`.
fn workspace_files(name: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "fibf.toml",
            format!(
                "# The workspace: every .fibf file below this directory.\nname = \"{name}\"\nversion = \"0.1.0\"\n\n\
                 # Lint levels of warning codes: \"allow\", \"warn\" or \"deny\", everywhere or\n\
                 # for a path glob (see `fibf explain E0107`), e.g.\n\
                 # [lints]\n# W0310 = \"deny\"\n"
            ),
        ),
        (
            "lifecycle.fibf",
            "# The business lifecycle: a service area, its functions and activities.\n\n\
             area XYZ \"Example Service Area\" {\n  description \"What the area covers; replace XYZ with the area's code.\"\n}\n\n\
             function XYZ.010 \"Example Function\" {\n  area XYZ\n}\n\n\
             activity XYZ.010.010 \"Example Activity\" {\n  function XYZ.010\n}\n"
                .to_owned(),
        ),
        (
            "capabilities.fibf",
            "# Business capabilities: outcome statements tied to an activity.\n\n\
             capability XYZ.010.010.001 process {\n  activity XYZ.010.010\n  statement \"Record the example outcome the activity must achieve\"\n}\n"
                .to_owned(),
        ),
        (
            "README.md",
            format!(
                "# {name}\n\nFIBF standards, written in the fibf language.\n\n\
                 ```sh\nfibf check          # every problem, with its place and a fix\nfibf fmt            # the canonical layout\nfibf docs --out site\n```\n\n\
                 CI runs the same on every pull request (`.github/workflows/fibf.yml`);\n\
                 `pre-commit install` runs them before each commit.\n"
            ),
        ),
        (".gitignore", "/site/\n/build/\n".to_owned()),
        (
            ".github/workflows/fibf.yml",
            "name: fibf\non:\n  pull_request:\n  push:\n    branches: [main]\npermissions:\n  contents: read\n  security-events: write\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n      - uses: fibf-dev/fibf@v0\n        with:\n          command: check\n          fail-on: error\n      - name: Formatting\n        run: fibf fmt --check .\n"
                .to_owned(),
        ),
        (
            ".pre-commit-config.yaml",
            "repos:\n  - repo: https://github.com/fibf-dev/fibf\n    rev: v0.1.0\n    hooks:\n      - id: fibf-check\n      - id: fibf-fmt\n"
                .to_owned(),
        ),
        (
            ".vscode/extensions.json",
            "{\n  \"recommendations\": [\"fibf-dev.fibf\"]\n}\n".to_owned(),
        ),
    ]
}

fn workspace(dir: &Path) -> i32 {
    let io = NativeIo;
    // A Git repository made first (`git init && fibf init .`) is the usual
    // start; only a workspace already there is refused.
    if io.stat(&dir.join(crate::workspace::CONFIG_FILE)).is_ok() || has_fibf_files(dir) {
        eprintln!(
            "error: {} already holds a standards workspace (a fibf.toml or .fibf files)
             help: give a new directory (`fibf init my-standards`), or check this one: `fibf check {}`",
            dir.display(),
            dir.display()
        );
        return EXIT_USAGE;
    }
    let absolute = crate::io::normalize(&io.current_dir().join(dir));
    let name = absolute.file_name().map_or_else(
        || "my-standards".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut kept = Vec::new();
    for (rel, text) in workspace_files(&name) {
        let path = dir.join(rel);
        if io.stat(&path).is_ok() {
            kept.push(rel);
            continue;
        }
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| io.write(&path, text.as_bytes()));
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return EXIT_USAGE;
        }
    }
    let mut out = format!(
        "created the standards workspace {name} in {}\n",
        dir.display()
    );
    for rel in kept {
        let _ = writeln!(out, "kept the existing {rel}");
    }
    let _ = writeln!(out, "next: `fibf check {}`", dir.display());
    print!("{out}");
    EXIT_OK
}

/// Whether `dir` has a `.fibf` file anywhere below it.
fn has_fibf_files(dir: &Path) -> bool {
    NativeIo.walk(dir).into_iter().any(|e| {
        matches!(e, crate::io::WalkEntry::File(p) if p.extension().is_some_and(|x| x == "fibf"))
    })
}

/// An offering skeleton for `--profile`, from the standards.
fn offering(args: &Args, global: Global) -> i32 {
    let profile_id = args.profile.as_deref().unwrap_or_default();
    if args.out.exists() {
        eprintln!(
            "error: {} exists; fibf init does not overwrite it\nhelp: give another file with --out",
            args.out.display()
        );
        return EXIT_USAGE;
    }
    let loader = StandardsArgs {
        format: super::output::DiagFormat::Text,
        max_file_size: crate::workspace::DEFAULT_MAX_FILE_SIZE,
        verbose: false,
    };
    let origin = crate::builtin::Origin::find(args.standards_path.as_deref());
    let loaded = match loader.load_from(origin, global, EXIT_USAGE) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let model = &loaded.model;
    let Some(p) = model
        .profiles
        .iter()
        .position(|x| x.meta.id() == profile_id)
    else {
        eprintln!(
            "error: the standards have no profile `{profile_id}`\nhelp: profiles: {}",
            super::profile_ids(model)
        );
        return EXIT_USAGE;
    };
    let text = skeleton(model, p as u32);
    if let Err(e) = NativeIo.write(&args.out, text.as_bytes()) {
        eprintln!("error: cannot write {}: {e}", args.out.display());
        return EXIT_USAGE;
    }
    println!(
        "wrote {}: fill in every TODO, then `fibf conform {}`",
        args.out.display(),
        args.out.display()
    );
    EXIT_OK
}

/// The YAML of an offering that names what profile `p` requires, each
/// value a TODO that the offering schema refuses until it is filled in.
fn skeleton(model: &crate::model::Model, p: u32) -> String {
    let profile = &model.profiles[p as usize];
    let req = model.profile_requirements(p);
    let mut out = format!(
        "# An offering for the profile {} ({}).\n# Fill in every TODO; `fibf conform` explains what each field takes.\n",
        profile.meta.id(),
        profile.meta.name().unwrap_or("unnamed")
    );
    let _ = writeln!(out, "vendor: TODO\nproduct: TODO\nversion: TODO");
    let _ = writeln!(
        out,
        "standards:\n  name: {}\n  version: {}",
        model.workspace.name.as_deref().unwrap_or("TODO"),
        model.workspace.version.as_deref().unwrap_or("TODO")
    );
    let _ = writeln!(out, "profiles:\n  - {}", profile.meta.id());
    out.push_str("capabilities:\n");
    for &c in &req.capabilities {
        let cap = &model.capabilities[c as usize];
        let _ = writeln!(out, "  # {}", one_line(&cap.statement.value));
        let _ = writeln!(
            out,
            "  {}:\n    support: TODO  # supported, configurable, custom, planned or not-supported\n    evidence: TODO",
            cap.meta.id()
        );
    }
    if !req.elements.is_empty() {
        out.push_str("data_mappings:\n");
        for &e in &req.elements {
            let el = &model.elements[e as usize];
            let _ = writeln!(out, "  # {}", one_line(&el.definition.value));
            let _ = writeln!(
                out,
                "  {}:\n    field: TODO  # the product's field\n    type: TODO  # string, integer, decimal, date, datetime, boolean or code",
                el.meta.id()
            );
        }
    }
    if !req.thresholds.is_empty() {
        out.push_str("metrics:\n");
        for (m, target) in &req.thresholds {
            let metric = &model.metrics[*m as usize];
            let unit = target.unit.as_ref().map_or("", |u| u.value.as_str());
            let _ = writeln!(
                out,
                "  # {}: the profile asks {} {} {unit}",
                metric.meta.name().unwrap_or(metric.meta.id()),
                target.comparator.value.as_str(),
                target.value.value.text
            );
            let _ = writeln!(
                out,
                "  {}:\n    value: TODO\n    unit: \"{unit}\"\n    period: TODO",
                metric.meta.id()
            );
        }
    }
    out
}

fn one_line(s: &str) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 96 {
        let mut t: String = flat.chars().take(95).collect();
        t.push('…');
        t
    } else {
        flat
    }
}
