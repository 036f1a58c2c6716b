//! The GitHub Action (`action.yml`) and the GitLab template, run here: the
//! action's run step with a fake GitHub environment (its annotations, job
//! summary and outputs), its metadata consistent with its scripts, and the
//! template's jobs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

/// The YAML file, read with fibf's own reader.
fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = fibf::data::read(&text, fibf::data::Format::Yaml)
        .into_iter()
        .next()
        .unwrap()
        .unwrap();
    doc.value
}

/// Run the action's run step as the runner would: INPUT_* variables, and
/// files for `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`. Returns the exit code,
/// the log, the outputs and the summary.
fn run_step(
    inputs: &[(&str, &str)],
    cwd: &Path,
) -> (i32, String, BTreeMap<String, String>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let (outputs, summary) = (tmp.path().join("output"), tmp.path().join("summary"));
    std::fs::write(&outputs, "").unwrap();
    std::fs::write(&summary, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.arg(repo("ci/github/run.sh"))
        .current_dir(cwd)
        .env("FIBF", env!("CARGO_BIN_EXE_fibf"))
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("RUNNER_TEMP", tmp.path())
        .env("GITHUB_ACTIONS", "true")
        .env("NO_COLOR", "1");
    for (k, v) in inputs {
        cmd.env(format!("INPUT_{}", k.to_uppercase().replace('-', "_")), v);
    }
    let out = cmd.output().unwrap();
    let parsed = std::fs::read_to_string(&outputs)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        parsed,
        std::fs::read_to_string(&summary).unwrap(),
    )
}

#[test]
fn the_action_metadata_matches_its_scripts() {
    let action = yaml(&repo("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    let inputs: Vec<&str> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for i in [
        "command",
        "paths",
        "standards",
        "base",
        "fail-on",
        "sarif",
        "version",
        "fibf",
    ] {
        assert!(inputs.contains(&i), "input {i}");
    }
    // Every input a step passes is declared, and every INPUT_ variable the
    // run script reads is passed by the run step.
    let steps = action["runs"]["steps"].as_array().unwrap();
    let run = steps.iter().find(|s| s["id"] == "run").unwrap();
    let script = std::fs::read_to_string(repo("ci/github/run.sh")).unwrap();
    for (var, value) in run["env"].as_object().unwrap() {
        if let Some(name) = value.as_str().unwrap().strip_prefix("${{ inputs.") {
            let name = name.trim_end_matches(" }}");
            assert!(
                inputs.contains(&name),
                "{var} passes an undeclared input {name}"
            );
        }
    }
    for word in script.split(|c: char| !c.is_ascii_alphanumeric() && c != '_') {
        if word.starts_with("INPUT_") && word.len() > "INPUT_".len() {
            assert!(
                run["env"].get(word).is_some(),
                "run.sh reads {word}, which the step does not pass"
            );
        }
    }
    // Outputs come from the run step.
    for (name, o) in action["outputs"].as_object().unwrap() {
        assert_eq!(o["value"], format!("${{{{ steps.run.outputs.{name} }}}}"));
    }
}

#[test]
fn check_annotates_summarises_and_sets_outputs() {
    let (code, log, outputs, summary) = run_step(
        &[
            ("command", "check"),
            ("paths", "tests/fixtures/check/unknown-fields.fibf"),
        ],
        &repo(""),
    );
    assert_eq!(code, 1);
    assert!(
        log.contains("::error file=tests/fixtures/check/unknown-fields.fibf,line="),
        "{log}"
    );
    assert_eq!(outputs["exit-code"], "1");
    assert!(outputs["errors"].parse::<u32>().unwrap() > 0);
    assert!(summary.starts_with("## fibf check\n"), "{summary}");
    assert!(summary.contains("E0202"), "{summary}");
    // fail-on never: the same findings, a passing step.
    let (code, _, outputs, _) = run_step(
        &[
            ("command", "check"),
            ("paths", "tests/fixtures/check/unknown-fields.fibf"),
            ("fail-on", "never"),
        ],
        &repo(""),
    );
    assert_eq!((code, outputs["exit-code"].as_str()), (0, "1"));
    // Clean standards: no problems.
    let (code, _, outputs, summary) =
        run_step(&[("command", "check"), ("paths", "standards")], &repo(""));
    assert_eq!(code, 0, "{summary}");
    assert_eq!(outputs["errors"], "0");
}

#[test]
fn conform_reports_to_the_summary_and_writes_sarif() {
    let (code, log, outputs, summary) = run_step(
        &[
            ("command", "conform"),
            ("paths", "examples/offerings"),
            ("sarif", "true"),
        ],
        &repo(""),
    );
    assert_eq!(code, 1, "{log}");
    assert_eq!(outputs["conformant"], "1/3");
    assert!(summary.starts_with("# Conformance report"), "{summary}");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(&outputs["sarif"]).unwrap_or_default())
            .unwrap_or(Value::Null);
    // The SARIF file is gone with the step's temporary directory; its path
    // was reported under RUNNER_TEMP.
    assert!(outputs["sarif"].ends_with("fibf-action/fibf.sarif"));
    let _ = sarif;
}

#[test]
fn diff_against_a_base_ref_in_a_git_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    std::fs::create_dir(root.join("standards")).unwrap();
    std::fs::write(
        root.join("standards/fibf.toml"),
        "name = \"s\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("standards/a.fibf"),
        "area GRM \"Grants\"\n\nfunction GRM.010 \"Admin\" {\n  area GRM\n}\n",
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "base"]);
    std::fs::write(root.join("standards/a.fibf"), "area GRM \"Grants\"\n").unwrap();
    let (code, log, outputs, summary) = run_step(&[("command", "diff"), ("base", "main")], root);
    assert_eq!(code, 1, "{log}\n{summary}");
    assert_eq!(outputs["breaking"], "1");
    assert_eq!(outputs["bump"], "major");
    assert!(
        log.contains("title=breaking::removed function `GRM.010`"),
        "{log}"
    );
    assert!(summary.contains("GRM.010"), "{summary}");
}

#[test]
fn the_gitlab_template_has_its_jobs_and_reports() {
    let t = yaml(&repo("ci/gitlab/fibf.gitlab-ci.yml"));
    assert_eq!(
        t["fibf-check"]["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    assert_eq!(
        t["fibf-conform"]["artifacts"]["reports"]["junit"],
        "fibf-junit.xml"
    );
    // Run each job's fibf lines here, as the job would, in a directory of
    // its own.
    let standards = repo("standards").display().to_string();
    let offerings = repo("examples/offerings").display().to_string();
    for (job, vars) in [
        (
            "fibf-check",
            [
                ("$FIBF_STANDARDS", standards.as_str()),
                ("$FIBF_OFFERINGS", ""),
            ],
        ),
        (
            "fibf-conform",
            [
                ("$FIBF_STANDARDS", standards.as_str()),
                ("$FIBF_OFFERINGS", offerings.as_str()),
            ],
        ),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        for line in t[job]["script"].as_array().unwrap() {
            let Some(line) = line.as_str().filter(|l| l.starts_with("fibf ")) else {
                continue;
            };
            let mut line = line.to_owned();
            for (k, v) in vars {
                line = line.replace(k, v);
            }
            let out = Command::new("bash")
                .arg("-c")
                .arg(format!("fibf() {{ \"$FIBF\" \"$@\"; }}; {line}"))
                .current_dir(tmp.path())
                .env("FIBF", env!("CARGO_BIN_EXE_fibf"))
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            // A gate may fail (1); a usage or input error (2) is the
            // template's fault.
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{job}: {line}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let report: Value = serde_json::from_str(
            &std::fs::read_to_string(tmp.path().join("gl-code-quality-report.json")).unwrap(),
        )
        .unwrap();
        assert!(report.is_array(), "{job}");
        if job == "fibf-conform" {
            let junit = std::fs::read_to_string(tmp.path().join("fibf-junit.xml")).unwrap();
            assert!(junit.contains("<testsuites"), "{junit}");
        }
    }
}

/// The action's install step against a fake release server: a `curl` on
/// PATH that serves files from a directory laid out as GitHub's release
/// downloads are.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_install_step_verifies_and_unpacks_the_release_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let name = "fibf-0.1.0-x86_64-unknown-linux-gnu";
    let releases = root.join("releases/v0.1.0");
    std::fs::create_dir_all(releases.join(name)).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_fibf"), releases.join(name).join("fibf")).unwrap();
    let sh = |script: &str, dir: &Path| {
        let ok = Command::new("bash")
            .arg("-c")
            .arg(script)
            .current_dir(dir)
            .status()
            .unwrap()
            .success();
        assert!(ok, "{script}");
    };
    sh(
        &format!(
            "tar -czf {name}.tar.gz {name} && sha256sum {name}.tar.gz > {name}.tar.gz.sha256 && rm -r {name}"
        ),
        &releases,
    );
    let bin = root.join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::write(
        bin.join("curl"),
        format!(
            "#!/bin/bash\n# curl -fsSL -o FILE URL, served from {0}\nout=$3; url=$4\ncp \"{0}/${{url#https://github.com/fibf-dev/fibf/releases/download/}}\" \"$out\" 2>/dev/null || exit 22\n",
            root.join("releases").display()
        ),
    )
    .unwrap();
    sh("chmod +x bin/curl", root);
    let install = |version: &str, fibf: &str| {
        let runner = tempfile::tempdir_in(root).unwrap();
        let (outputs, path) = (runner.path().join("output"), runner.path().join("path"));
        let out = Command::new("bash")
            .arg(repo("ci/github/install.sh"))
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("RUNNER_TEMP", runner.path())
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_PATH", &path)
            .env("INPUT_VERSION", version)
            .env("INPUT_FIBF", fibf)
            .output()
            .unwrap();
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            read(&outputs),
            read(&path),
            runner,
        )
    };
    let (code, log, outputs, path, _runner) = install("0.1.0", "");
    assert_eq!(code, Some(0), "{log}");
    assert!(log.starts_with("fibf 0.1.0"), "{log}");
    let fibf = outputs.trim().strip_prefix("fibf=").unwrap();
    assert!(
        fibf.ends_with(&format!("fibf-bin/{name}/fibf")),
        "{outputs}"
    );
    assert_eq!(
        path.trim(),
        Path::new(fibf).parent().unwrap().to_str().unwrap()
    );

    // A binary given is used as it is.
    let (code, _, outputs, _, _runner) = install("", env!("CARGO_BIN_EXE_fibf"));
    assert_eq!(code, Some(0));
    assert_eq!(
        outputs.trim(),
        format!("fibf={}", env!("CARGO_BIN_EXE_fibf"))
    );

    // A download that does not match its checksum is not installed.
    sh(
        &format!(
            // The first digit changed, whatever it was: 0 to 1, else to 0.
            "sed -i 's/^0/X/; s/^[^X]/0/; s/^X/1/' {name}.tar.gz.sha256"
        ),
        &releases,
    );
    let (code, log, outputs, _, _runner) = install("0.1.0", "");
    assert_ne!(code, Some(0), "{log}");
    assert!(!outputs.contains("fibf="), "{outputs}");
}
