//! `fibf init`, `fibf init --offering`, `fibf completions`, `fibf man` and
//! `fibf --version`.

mod common;

use std::path::Path;

use common::fibf;

#[test]
fn a_new_workspace_checks_clean_and_is_formatted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("grants-standards");
    fibf().arg("init").arg(&dir).assert().success();
    fibf()
        .args(["check", "--deny-warnings"])
        .arg(&dir)
        .assert()
        .success()
        .stdout(predicates::str::contains("no problems found"));
    fibf().args(["fmt", "--check"]).arg(&dir).assert().success();
    let toml = std::fs::read_to_string(dir.join("fibf.toml")).unwrap();
    assert!(toml.contains("name = \"grants-standards\""), "{toml}");
    for f in [
        "README.md",
        ".gitignore",
        ".github/workflows/fibf.yml",
        ".pre-commit-config.yaml",
        ".vscode/extensions.json",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let ext = std::fs::read_to_string(dir.join(".vscode/extensions.json")).unwrap();
    assert!(ext.contains("fibf-dev.fibf"));
    // A workspace is not made twice.
    fibf()
        .arg("init")
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "already holds a standards workspace",
        ));
}

#[test]
fn a_workspace_goes_into_a_repository_keeping_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir(dir.join(".git")).unwrap();
    std::fs::write(dir.join("README.md"), "# ours\n").unwrap();
    fibf()
        .arg("init")
        .arg(dir)
        .assert()
        .success()
        .stdout(predicates::str::contains("kept the existing README.md"));
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "# ours\n"
    );
    assert!(dir.join("fibf.toml").is_file());
    fibf().arg("check").arg(dir).assert().success();
}

#[test]
fn an_offering_skeleton_lists_what_the_profile_requires() {
    let tmp = tempfile::tempdir().unwrap();
    let standards = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let out = tmp.path().join("o.yaml");
    fibf()
        .args([
            "init",
            "--offering",
            "--profile",
            "FFM-PAYABLES-CORE",
            "--out",
        ])
        .arg(&out)
        .arg("--standards")
        .arg(&standards)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("  FFMSR.2.2.1.1:\n    support: TODO"),
        "{text}"
    );
    assert!(text.contains("data_mappings:\n"), "{text}");
    assert!(text.contains("metrics:\n"), "{text}");
    // Not conformant until filled in.
    fibf()
        .arg("conform")
        .arg(&out)
        .arg("--standards")
        .arg(&standards)
        .assert()
        .code(1);
    // Filled in: every TODO replaced by a value that meets the profile
    // (each metric at exactly the threshold its comment states).
    let mut filled = String::new();
    let mut target = String::new();
    for line in text.lines() {
        if let Some(asks) = line.split("the profile asks ").nth(1) {
            target = asks.split_whitespace().nth(1).unwrap_or("0").to_owned();
        }
        let line = line
            .replace("support: TODO", "support: supported")
            .replace("type: TODO", "type: string")
            .replace("value: TODO", &format!("value: {target}"))
            .replace("version: TODO", "version: \"1\"")
            .replace("TODO", "x");
        filled.push_str(&line);
        filled.push('\n');
    }
    std::fs::write(&out, filled).unwrap();
    fibf()
        .arg("conform")
        .arg(&out)
        .arg("--standards")
        .arg(&standards)
        .assert()
        .success();
    // An unknown profile is named with the ones that exist.
    fibf()
        .args(["init", "--offering", "--profile", "NOPE", "--out"])
        .arg(tmp.path().join("p.yaml"))
        .arg("--standards")
        .arg(&standards)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("FFM-PAYABLES-CORE"));
}

#[test]
fn completions_for_every_shell_and_man_pages() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = fibf().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("conform") && text.contains("standards"),
            "{shell}"
        );
    }
    // The bash script is valid bash.
    let tmp = tempfile::tempdir().unwrap();
    let script = tmp.path().join("fibf.bash");
    let out = fibf().args(["completions", "bash"]).output().unwrap();
    std::fs::write(&script, out.stdout).unwrap();
    let ok = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .unwrap();
    assert!(ok.success());

    let man = tmp.path().join("man1");
    fibf().args(["man", "--out"]).arg(&man).assert().success();
    let page = std::fs::read_to_string(man.join("fibf.1")).unwrap();
    assert!(page.contains(".TH fibf 1"), "{page}");
    let check = std::fs::read_to_string(man.join("fibf-check.1")).unwrap();
    assert!(
        check.contains("fibf\\-check") && check.contains("deny\\-warnings"),
        "{check}"
    );
}

#[test]
fn the_version_names_the_commit() {
    let out = fibf().arg("--version").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with(&format!("fibf {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
}
